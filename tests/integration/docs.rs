//! ARCHITECTURE.md stays true to the tree: every source file of the workspace is on its
//! codemap, so a file cannot be added (or a module split) without saying where it fits;
//! every invariant names a function that exists; the file stays a map (300 lines).

/// The workspace root: the `tests` crate's parent directory.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The source directories the codemap covers, each with its crate's directory.
const SOURCES: [(&str, &str); 6] = [
    ("shared/", "shared/src"),
    ("server/", "server/src"),
    ("client/", "client/src"),
    ("tests/", "tests/src"),
    ("tests/", "tests/integration"),
    ("xtask/", "xtask/src"),
];

/// Every `.rs` file under `dir` (a path from the workspace root), as paths from the
/// workspace root written with `/`.
fn rust_files(dir: &str, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(format!("{ROOT}/{dir}")).unwrap_or_else(|e| panic!("reading {dir}: {e}"));
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let path = format!("{dir}/{name}");
        if entry.file_type().unwrap().is_dir() {
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The codemap: from the `## Codemap` heading to the next `## ` heading.
fn codemap(architecture: &str) -> &str {
    const HEADING: &str = "\n## Codemap\n";
    let start = architecture.find(HEADING).expect("ARCHITECTURE.md has no `## Codemap` section");
    let section = &architecture[start + HEADING.len()..];
    section.find("\n## ").map_or(section, |end| &section[..end])
}

/// The codemap's top-level bullets: a line starting with `- `, with the lines under it up
/// to the next such line or a blank line.
fn bullets(section: &str) -> Vec<String> {
    let mut bullets: Vec<String> = Vec::new();
    let mut open = false;
    for line in section.lines() {
        if line.starts_with("- ") {
            bullets.push(line.to_owned());
            open = true;
        } else if line.trim().is_empty() {
            open = false;
        } else if open {
            let bullet = bullets.last_mut().unwrap();
            bullet.push('\n');
            bullet.push_str(line);
        }
    }
    bullets
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-./".contains(c)
}

/// Whether `text` names `name` whole, not as a part of a longer path or word
/// (`tests/src/lib.rs` is not named by `server/tests/src/lib.rs`, nor `lib.rs` by
/// `src/lib.rs`).
fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_path_char) && !after.is_some_and(is_path_char)
    })
}

/// Whether the codemap covers `file`, a file in the source directory `src` of the crate
/// whose directory is `krate` (the rule is stated on the test).
fn on_codemap(section: &str, bullets: &[String], (krate, src): (&str, &str), file: &str) -> bool {
    if names(section, file) {
        return true;
    }
    let inside = &file[src.len() + 1..];
    let mut dirs: Vec<&str> = inside.split('/').collect();
    let name = dirs.pop().unwrap();
    let mut dir = src.to_owned();
    for part in &dirs {
        dir = format!("{dir}/{part}");
        if names(section, &format!("{dir}/")) {
            return true;
        }
    }
    let stem = name.strip_suffix(".rs").unwrap();
    let module = if stem == "mod" { dirs.last().copied().unwrap_or(stem) } else { stem };
    let (opening, quoted) = (format!("- `{krate}"), format!("`{module}`"));
    bullets.iter().filter(|b| b.starts_with(&opening)).any(|b| names(b, inside) || b.contains(&quoted))
}

/// Every `.rs` file under `shared/src`, `server/src`, `client/src`, `tests/src`,
/// `tests/integration` and `xtask/src` is on ARCHITECTURE.md's codemap (the section from
/// `## Codemap` to the next `## ` heading). A file is on it when the section names, whole
/// (not as a part of a longer path or word):
///
/// - its path from the workspace root (`server/src/api/meta.rs`), or one of its
///   directories below its source directory with a trailing slash
///   (`server/src/storage/v1/`: the directory named as a whole); or,
/// - inside a top-level bullet that opens with its crate's directory (`` - `server/``
///   also opens `` - `server/src/api/``; the crate of `tests/integration` is `tests/`),
///   its path inside its source directory (`api/meta.rs`, `lib.rs`) or its module name in
///   backticks (`` `meta` ``; a `mod.rs` by its directory's name, `` `demo` ``).
#[test]
fn every_source_file_is_on_the_codemap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ARCHITECTURE.md");
    let architecture = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let section = codemap(&architecture);
    let bullets = bullets(section);
    let mut missing = Vec::new();
    for source in SOURCES {
        let mut files = Vec::new();
        rust_files(source.1, &mut files);
        assert!(!files.is_empty(), "no `.rs` file under {}", source.1);
        missing.extend(files.into_iter().filter(|file| !on_codemap(section, &bullets, source, file)));
    }
    missing.sort();
    assert!(missing.is_empty(), "source files not on ARCHITECTURE.md's codemap: {missing:#?}");
}

/// The most lines ARCHITECTURE.md may have: a map and its invariants, read in one sitting.
const ARCHITECTURE_LINES_MAX: usize = 300;

/// Every function name of the workspace's Rust sources (tests included).
fn workspace_functions() -> std::collections::BTreeSet<String> {
    let mut files = Vec::new();
    for dir in ["shared", "server", "client", "tests", "xtask"] {
        rust_files(dir, &mut files);
    }
    let mut names = std::collections::BTreeSet::new();
    for file in files.iter().filter(|f| !f.contains("/target/")) {
        let text = std::fs::read_to_string(format!("{ROOT}/{file}")).unwrap();
        for (at, _) in text.match_indices("fn ") {
            if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = text[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// The `## Invariants` section's bullets.
fn invariants(architecture: &str) -> Vec<String> {
    const HEADING: &str = "\n## Invariants\n";
    let start = architecture.find(HEADING).expect("ARCHITECTURE.md has no `## Invariants` section");
    let section = &architecture[start + HEADING.len()..];
    bullets(section.find("\n## ").map_or(section, |end| &section[..end]))
}

/// The names in backticks of `text` that read as a Rust identifier (the last segment of a
/// path, without call parentheses).
fn identifiers(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|code| code.trim_end_matches("()").rsplit("::").next().unwrap_or(code).to_owned())
        .filter(|code| {
            !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect()
}

/// ARCHITECTURE.md is at most 300 lines; each invariant names at least one function of
/// the workspace that holds it (a test, or the function that enforces it), and every name
/// in it shaped like a test's (three underscores or more) is a function that exists, so a
/// renamed or removed test cannot leave an invariant pointing nowhere.
#[test]
fn every_invariant_names_a_function_that_exists_and_the_map_stays_short() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ARCHITECTURE.md");
    let architecture = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let lines = architecture.lines().count();
    assert!(lines <= ARCHITECTURE_LINES_MAX, "ARCHITECTURE.md has {lines} lines, at most {ARCHITECTURE_LINES_MAX}");
    let functions = workspace_functions();
    let bullets = invariants(&architecture);
    assert!(bullets.len() >= 10, "only {} invariants read: the reader is broken", bullets.len());
    let mut wrong = Vec::new();
    for bullet in &bullets {
        let names = identifiers(bullet);
        if !names.iter().any(|n| functions.contains(n)) {
            wrong.push(format!("names no function of the workspace: {bullet}"));
        }
        for name in names.iter().filter(|n| n.matches('_').count() >= 3 && !functions.contains(*n)) {
            wrong.push(format!("`{name}` is no function of the workspace"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every source file says what it is for on its first line (`//!`).
#[test]
fn every_source_file_opens_with_what_it_is_for() {
    let mut missing = Vec::new();
    for (_, dir) in SOURCES {
        let mut files = Vec::new();
        rust_files(dir, &mut files);
        for file in files {
            let text = std::fs::read_to_string(format!("{ROOT}/{file}")).unwrap();
            if !text.starts_with("//!") {
                missing.push(file);
            }
        }
    }
    assert!(missing.is_empty(), "files without a `//!` first line: {missing:#?}");
}
