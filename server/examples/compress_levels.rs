//! Which compression level to answer JSON with (`cargo run --release -p server --example
//! compress_levels -- FILE...`): for each file (a saved API answer), the size and the
//! time on one core of brotli at every quality and gzip at every level, as the server's
//! compression layer would produce them. The figures and the choice are in
//! BENCHMARKS.md, "Compressed answers".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::io::Write;
use std::time::Instant;

fn brotli(bytes: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
        writer.write_all(bytes).unwrap();
    }
    out
}

fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap()
}

/// Mean milliseconds per compression over enough runs to take about a second.
fn time(run: impl Fn() -> Vec<u8>) -> (usize, f64) {
    let size = run().len();
    let started = Instant::now();
    let mut runs = 0u32;
    while started.elapsed().as_secs_f64() < 1.0 || runs < 3 {
        std::hint::black_box(run());
        runs += 1;
    }
    (size, started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs))
}

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read the answer");
        println!("{path}: {} bytes", bytes.len());
        println!("| encoding | level | bytes | ratio | ms per answer | MB/s |");
        println!("|---|---|---|---|---|---|");
        let row = |name: &str, level: u32, (size, ms): (usize, f64)| {
            let mb_s = bytes.len() as f64 / 1e6 / (ms / 1000.0);
            println!("| {name} | {level} | {size} | {:.1}× | {ms:.2} | {mb_s:.0} |", bytes.len() as f64 / size as f64);
        };
        for quality in 1..=11 {
            row("br", quality, time(|| brotli(&bytes, quality)));
        }
        for level in 1..=9 {
            row("gzip", level, time(|| gzip(&bytes, level)));
        }
    }
}
