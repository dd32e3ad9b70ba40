//! Slow clients: hundreds of connections that send their headers at a crawl do not stop
//! normal requests, and each is cut off once the header-read timeout passes (loopback
//! only, bounded in count and time).

use std::time::{Duration, Instant};

use shared::api::routes;
use tests::{spawn_app_with, wait_for};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Connections that never finish their headers.
const SLOW_CONNECTIONS: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_header_senders_do_not_block_others_and_are_cut_off() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.header_read_timeout_ms = 1_000).await?;
    let mut slow = Vec::with_capacity(SLOW_CONNECTIONS);
    for _ in 0..SLOW_CONNECTIONS {
        let mut stream = TcpStream::connect(app.address).await?;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await?;
        slow.push(stream);
    }
    // Normal requests are answered while all of them hang.
    for _ in 0..20 {
        let started = Instant::now();
        let text = app.http.get(app.url(routes::HEALTHZ)).send().await?.text().await?;
        assert_eq!(text, "ok");
        assert!(started.elapsed() < Duration::from_secs(2), "a normal request waited {:?}", started.elapsed());
    }
    // Every slow connection is closed by the server once the timeout passes.
    let mut closed = 0;
    for stream in &mut slow {
        let mut buffer = [0u8; 256];
        let ended = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await;
        if matches!(ended, Ok(Ok(_)) | Ok(Err(_))) {
            closed += 1;
        }
    }
    assert_eq!(closed, SLOW_CONNECTIONS, "the server must cut off slow header senders");
    wait_for(Duration::from_secs(5), "the server to answer after the storm", || async {
        (app.http.get(app.url(routes::HEALTHZ)).send().await.ok()?.status().is_success()).then_some(())
    })
    .await?;
    Ok(())
}
