//! The codebase keeps the shape the next change needs (issue 37), checked on the tree as
//! it is: no source file past 800 lines nor function past 200 (before inline tests), the
//! newest workflow action named in at most four files and never in storage, and module
//! arrows that run one way in `server/src/storage` and `client/src/pages/campaign`.

use std::collections::{BTreeMap, BTreeSet};

/// The workspace root: the `tests` crate's parent directory.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The product's source directories (the tests' own code is not held to these sizes).
const PRODUCT: [&str; 4] = ["shared/src", "server/src", "client/src", "xtask/src"];

/// The most lines a source file may have before its inline tests.
const FILE_LINES_MAX: usize = 800;
/// The most lines one function may span, its signature and closing brace included.
const FUNCTION_LINES_MAX: usize = 200;
/// The most non-test files outside the demo that may name the newest action: its line in
/// `kinds.rs`, its `Act` impl, its form and its row in the client's action table.
const ACTION_FILES_MAX: usize = 4;

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

/// A file of tests as a whole (`tests.rs`, or under a `tests/` folder of a crate's source).
fn is_test_file(path: &str) -> bool {
    path.ends_with("/tests.rs") || path.contains("/tests/")
}

/// The lines of a source file before its inline tests (the first `#[cfg(test)]` at the
/// start of a line, which by the project's habit opens the tests at the end).
fn product_lines(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    text.lines().take_while(|line| !line.starts_with("#[cfg(test)]")).map(str::to_owned).collect()
}

/// The braces of one line that count: outside string and character literals and comments.
/// A block comment or a string spanning lines is rare enough in this code base to be
/// read as code; the test names a function it measures, so a misreading shows.
fn braces(line: &str) -> (usize, usize, bool) {
    let (mut open, mut close, mut semicolon) = (0, 0, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A character literal ('{', '\''), or a lifetime ('a), which has no closing quote.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.nth(2);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            '{' => open += 1,
            '}' => close += 1,
            ';' => semicolon = true,
            _ => {}
        }
    }
    (open, close, semicolon)
}

/// Whether a line opens a function definition.
fn opens_function(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let before_ok = words[..at]
        .iter()
        .all(|w| matches!(*w, "pub" | "async" | "const" | "unsafe" | "extern") || w.starts_with("pub("));
    let name: String = words.get(at + 1)?.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (before_ok && !name.is_empty()).then_some(name)
}

/// Each function of `lines` with the number of lines it spans.
fn functions(lines: &[String]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(name) = opens_function(line) else { continue };
        let mut depth = 0usize;
        let mut opened = false;
        for (offset, next) in lines[start..].iter().enumerate() {
            let (open, close, semicolon) = braces(next);
            if !opened && open == 0 && semicolon {
                break; // a declaration without a body
            }
            opened |= open > 0;
            depth = (depth + open).saturating_sub(close);
            if opened && depth == 0 {
                found.push((name.clone(), offset + 1));
                break;
            }
        }
    }
    found
}

#[test]
fn no_source_file_is_over_800_lines_nor_any_function_over_200() {
    let mut files = Vec::new();
    for dir in PRODUCT {
        rust_files(dir, &mut files);
    }
    let mut over = Vec::new();
    let mut measured = 0;
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let lines = product_lines(file);
        if lines.len() > FILE_LINES_MAX {
            over.push(format!("{file}: {} lines", lines.len()));
        }
        for (name, length) in functions(&lines) {
            measured += 1;
            if length > FUNCTION_LINES_MAX {
                over.push(format!("{file}: fn {name}, {length} lines"));
            }
        }
    }
    assert!(measured > 500, "only {measured} functions found: the reader is broken");
    assert!(over.is_empty(), "over {FILE_LINES_MAX} lines a file or {FUNCTION_LINES_MAX} a function: {over:#?}");
}

#[test]
fn the_function_reader_measures_what_it_should() {
    let text = "fn short() { 1 }\n\
                pub(crate) async fn body(\n    x: u8,\n) -> u8 {\n    let s = \"}}}\";\n    let c = '{';\n    x\n}\n\
                fn declared(&self);\n";
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(functions(&lines), vec![("short".to_owned(), 1), ("body".to_owned(), 7)]);
}

/// The code of `lines` without their comments (a doc comment naming an action refers to
/// it; it does not make the file change with it).
fn code_of(lines: &[String]) -> String {
    lines.iter().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Whether `text` holds `word` as a whole identifier.
fn names_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn the_newest_action_is_named_in_at_most_four_files_and_never_in_storage() {
    let kinds = product_lines("shared/src/kinds.rs");
    let newest = kinds
        .iter()
        .rev()
        .find_map(|line| {
            let (variant, name) = line.trim().split_once(" = \"")?;
            (variant.chars().all(|c| c.is_alphanumeric()) && name.ends_with("\",")).then(|| variant.to_owned())
        })
        .expect("no action line in kinds.rs");
    let mut files = Vec::new();
    for dir in ["shared/src", "server/src", "client/src"] {
        rust_files(dir, &mut files);
    }
    let naming: Vec<&String> = files
        .iter()
        .filter(|f| !is_test_file(f) && !f.starts_with("server/src/demo/"))
        .filter(|f| names_word(&code_of(&product_lines(f)), &newest))
        .collect();
    assert!(naming.iter().any(|f| f.ends_with("kinds.rs")), "the reader did not find {newest} in its own line");
    assert!(
        naming.iter().all(|f| !f.starts_with("server/src/storage/")),
        "{newest} is named under storage: {naming:#?}"
    );
    assert!(naming.len() <= ACTION_FILES_MAX, "{newest} is named in {} files: {naming:#?}", naming.len());
}

/// The module path (inside `root`) of a file: `a/b.rs` → `[a, b]`, `a/mod.rs` → `[a]`.
fn module_path(root: &str, file: &str) -> Vec<String> {
    let inside = file[root.len() + 1..].strip_suffix(".rs").unwrap();
    let mut parts: Vec<String> = inside.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The first path segments named after `prefix` in `text`: `prefix::a`, `prefix::{a, b::c}`.
fn segments_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &text[at + prefix.len()..];
        let ident =
            |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            out.push(ident(&item));
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The arrows between the top-level modules under `root` (the crate path `crate_path`
/// names it): module A → B when a file of A names `B` through `super::…` or the crate
/// path. The root's own `mod.rs` is the facade and is left out.
fn arrows(root: &str, crate_path: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let children: BTreeSet<String> =
        files.iter().map(|f| module_path(root, f)).filter_map(|p| p.first().cloned()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.ends_with("/tests.rs")) {
        let path = module_path(root, file);
        let Some(top) = path.first().cloned() else { continue };
        let text = product_lines(file).join("\n");
        let mut targets = segments_after(&text, &format!("{crate_path}::"));
        // `super::` from module path P names P's parent; `super::super::` its grandparent.
        for depth in (1..=path.len()).rev() {
            let prefix = "super::".repeat(depth);
            let parent = &path[..path.len() - depth];
            for name in segments_after(&text, &prefix) {
                if name == "super" {
                    continue;
                }
                targets.push(parent.first().cloned().unwrap_or(name));
            }
        }
        for target in targets {
            if target != top && children.contains(&target) {
                graph.entry(top.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut found = stack[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn module_arrows_run_one_way_in_storage_and_the_campaign_page() {
    for (root, crate_path) in
        [("server/src/storage", "crate::storage"), ("client/src/pages/campaign", "crate::pages::campaign")]
    {
        let graph = arrows(root, crate_path);
        assert!(!graph.is_empty(), "no arrows read under {root}: the reader is broken");
        assert_eq!(cycle(&graph), None, "modules under {root} import each other: {graph:#?}");
    }
}

#[test]
fn the_cycle_reader_sees_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), BTreeSet::from([to.to_owned()])))
        .collect();
    assert_eq!(cycle(&graph).map(|c| c.len()), Some(4));
    let text = "use super::{a, b::{C, D}, e};\nlet x = crate::storage::f::g();";
    assert_eq!(segments_after(text, "super::"), ["a", "b", "e"]);
    assert_eq!(segments_after(text, "crate::storage::"), ["f"]);
}
