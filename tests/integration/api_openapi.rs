//! The contract as an integrator meets it: the server's OpenAPI document is validated by
//! PyPI's `openapi-spec-validator`, a Python client is generated from it by
//! `openapi-python-client` (no patches, no endpoint dropped), and a short script drives a
//! real server through that client: log in, list, read a campaign, act, read a refusal.
//! A second client is generated with no configuration at all, as an integrator's first
//! try would: it too has every endpoint, files included, and nothing to warn about.
//!
//! The tools live in a virtual environment that `cargo xtask test` prepares
//! (`CAMPAIGN_DESK_OPENAPI_TOOLS`, default `target/openapi-tools`); without it this test
//! fails and says how to make it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use shared::campaign::Stage;
use shared::endpoints::{ENDPOINTS, Payload};
use tests::{Who, World, flow, spawn_app, test_today};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn tools() -> PathBuf {
    let dir = std::env::var("CAMPAIGN_DESK_OPENAPI_TOOLS")
        .map_or_else(|_| PathBuf::from(ROOT).join("target/openapi-tools"), PathBuf::from);
    assert!(
        dir.join("bin/openapi-python-client").exists() && dir.join("bin/openapi-spec-validator").exists(),
        "the OpenAPI tools are not in {}: `cargo xtask test` installs them (a Python virtual environment \
         with openapi-spec-validator and openapi-python-client)",
        dir.display()
    );
    dir
}

fn run(command: &mut Command, what: &str) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{what} failed ({}):\n{text}", output.status);
    text
}

/// The module name openapi-python-client gives an operation: its id in snake case.
fn module_name(operation_id: &str) -> String {
    let mut name = String::new();
    for (i, c) in operation_id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// The operation modules of a generated client (`api/<tag>/<operation>.py`): each one's
/// name and code.
fn generated_modules(client: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut modules = Vec::new();
    for tag in std::fs::read_dir(client.join("api"))? {
        let tag = tag?.path();
        if !tag.is_dir() {
            continue;
        }
        for module in std::fs::read_dir(&tag)? {
            let module = module?.path();
            let name = module.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if module.extension().is_some_and(|e| e == "py") && name != "__init__" {
                modules.push((name, std::fs::read_to_string(&module)?));
            }
        }
    }
    Ok(modules)
}

/// Every operation of the document, as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, methods) in doc["paths"].as_object().into_iter().flatten() {
        for (method, operation) in methods.as_object().into_iter().flatten() {
            out.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    out
}

#[tokio::test]
async fn a_generated_client_logs_in_lists_reads_acts_and_reads_a_refusal() -> anyhow::Result<()> {
    let tools = tools();
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let today = test_today();
    let dates = (today + chrono::Days::new(30), today + chrono::Days::new(33));
    let campaign = flow::store_campaign_at(&app, &world, "中秋到店礼", dates, Stage::Intake).await?;

    let doc: Value = app.http.get(app.url(shared::api::routes::OPENAPI)).send().await?.json().await?;
    assert_eq!(doc["openapi"], "3.1.0");
    // Statuses are named one by one, public routes say so, and nothing is a bare `true`.
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().expect("responses");
        assert!(!responses.contains_key("4XX"), "{method} {path} answers a 4XX bucket");
        let access = operation["description"].as_str().unwrap_or_default();
        if access.starts_with("Access: anyone") {
            assert_eq!(operation["security"], serde_json::json!([]), "{method} {path} is public");
        }
    }
    let text = doc.to_string();
    assert!(!text.contains("\"schema\":true"), "a `true` schema is left");
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    assert!(
        !schemas.keys().any(|name| name.ends_with(char::is_numeric)),
        "numbered schema names: {:?}",
        schemas.keys().filter(|n| n.ends_with(char::is_numeric)).collect::<Vec<_>>()
    );
    assert_eq!(schemas["Action"]["discriminator"]["propertyName"], "type");
    assert_eq!(schemas["Stage"]["type"], "string", "a stage is a plain enum");

    let work = tempfile::tempdir()?;
    let file = work.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&doc)?)?;
    let validated = run(Command::new(tools.join("bin/openapi-spec-validator")).arg(&file), "openapi-spec-validator");
    assert!(validated.contains("OK"), "{validated}");

    let out = work.path().join("campaign_desk_client");
    let config = Path::new(ROOT).join("tests/openapi/python-client.yaml");
    let generated = run(
        Command::new(tools.join("bin/openapi-python-client"))
            .args(["generate", "--meta", "none", "--path"])
            .arg(&file)
            .arg("--config")
            .arg(&config)
            .arg("--output-path")
            .arg(&out),
        "openapi-python-client",
    );
    assert!(
        !generated.contains("WARNING") && !generated.contains("Unable to"),
        "the generator left something out:\n{generated}"
    );

    // With no configuration (and its formatter on the PATH, as an integrator has it): every
    // endpoint is a module, a file sent goes as an octet stream, a file answered is read
    // as bytes, and the generator warns of nothing.
    let plain = work.path().join("plain_client");
    let path = format!("{}:{}", tools.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let generated = run(
        Command::new(tools.join("bin/openapi-python-client"))
            .args(["generate", "--meta", "none", "--path"])
            .arg(&file)
            .arg("--output-path")
            .arg(&plain)
            .env("PATH", path),
        "openapi-python-client with no configuration",
    );
    assert!(
        !generated.contains("WARNING") && !generated.contains("Unable to"),
        "with no configuration, the generator left something out:\n{generated}"
    );
    let modules = generated_modules(&plain)?;
    assert_eq!(
        modules.len(),
        ENDPOINTS.len(),
        "one module per endpoint: {:?}",
        modules.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>()
    );
    for endpoint in ENDPOINTS {
        let name = module_name(endpoint.name);
        let code = modules.iter().find(|(module, _)| *module == name).map(|(_, code)| code).unwrap_or_else(|| {
            panic!("{} has no module {name} in the client generated with no configuration", endpoint.name)
        });
        if let Payload::Raw(_) = endpoint.request {
            assert!(code.contains("\"application/octet-stream\""), "{name} does not send its file:\n{code}");
        }
        if let Payload::Raw(media) = endpoint.response
            && !media.starts_with("text/")
        {
            assert!(code.contains("File("), "{name} does not read its file:\n{code}");
        }
    }

    // The server runs on this test's runtime: the script waits off it.
    let mut script = Command::new(tools.join("bin/python"));
    script
        .arg(Path::new(ROOT).join("tests/openapi/exercise.py"))
        .args([app.url(""), world.login_of(Who::Planning).to_owned(), tests::PASSWORD.to_owned(), campaign.to_string()])
        .env("PYTHONPATH", work.path());
    let exercised = tokio::task::spawn_blocking(move || run(&mut script, "the generated client's exercise")).await?;
    assert!(exercised.contains("exercise passed"), "{exercised}");
    assert!(exercised.contains("STALE_VERSION"), "{exercised}");
    Ok(())
}
