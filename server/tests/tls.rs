//! HTTPS without a reverse proxy: the server loads a PEM certificate and key and answers
//! over TLS; session cookies are then marked `Secure`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, ServerName};
use shared::api::LoginRequest;
use shared::endpoints::{Endpoint, Healthz, LogIn, url};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn https_request(port: u16, roots: rustls::RootCertStore, request: String) -> String {
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tls.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn the_server_answers_over_tls_with_secure_cookies() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();

    let config = server::config::Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.path().join("data"),
        cache_capacity_mb: 8,
        sync: server::storage::SyncMode::Default,
        today: None,
        public_url: None,
        session_ttl_secs: 3600,
        admin_password: Some("tls-admin-password".into()),
        tls_cert: Some(cert.clone()),
        tls_key: Some(key.clone()),
        header_read_timeout_ms: 10_000,
        trusted_proxy: Vec::new(),
        upload_quota_mb_per_day: 500,
        attachments_budget_mb: 100 * 1024,
        min_free_disk_mb: 64,
        orphan_upload_grace_secs: 7 * 24 * 3600,
        request_timeout_ms: 30_000,
        no_demo: true,
        allow_private_webhooks: false,
        webhook_retry_ms: 2000,
        digest_at: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        no_digest: true,
        metrics_token: None,
        backup_dir: None,
        backup_every: server::backups::Every(None),
        backup_keep: 14,
    };
    let tls = server::http::tls_config(&cert, &key).unwrap();
    let (state, _) = server::prepare(&config).await.unwrap();
    let listener = TcpListener::bind(config.bind).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::start_with_tls(state, listener, Some(tls), async move {
        let _ = stopped.await;
    }));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from(certified.cert.der().to_vec())).unwrap();
    let health = https_request(
        port,
        roots.clone(),
        format!("GET {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", url::<Healthz>(&[], &())),
    )
    .await;
    assert!(health.starts_with(&format!("HTTP/1.1 {}", Healthz::STATUS)), "{health}");
    assert!(health.ends_with("ok"), "{health}");

    let body =
        serde_json::to_string(&LoginRequest { login: "admin".into(), password: "tls-admin-password".into() }).unwrap();
    let login = https_request(
        port,
        roots,
        format!(
            "{} {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            LogIn::METHOD.as_str(),
            url::<LogIn>(&[], &()),
            body.len()
        ),
    )
    .await;
    assert!(login.starts_with(&format!("HTTP/1.1 {}", LogIn::STATUS)), "{login}");
    let cookie = login.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).expect("a session cookie");
    assert!(cookie.contains("; Secure") && cookie.contains("__Host-cd_session="), "{cookie}");
    let hsts = login.lines().any(|l| l.eq_ignore_ascii_case("strict-transport-security: max-age=31536000"));
    assert!(hsts, "HSTS under TLS: {login}");

    // A plain-text request to the TLS port gets no HTTP answer.
    let mut plain = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let request = format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", url::<Healthz>(&[], &()));
    plain.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer).await;
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
