//! The accept loop: hyper 1.x connections driven by hand (not `axum::serve`) so that
//! hyper's header-read timeout is enforced against slow clients, and so that shutdown
//! drains the connections in flight.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// A client must finish sending its request headers within this time.
pub const HEADER_READ_TIMEOUT_MS: u64 = 10_000;
/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_DRAIN_MS: u64 = 10_000;

/// A TLS handshake must finish within this time.
pub const TLS_HANDSHAKE_TIMEOUT_MS: u64 = 10_000;

/// Loads a PEM certificate chain and private key for serving HTTPS (HTTP/1.1).
pub fn tls_config(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> anyhow::Result<std::sync::Arc<rustls::ServerConfig>> {
    let read =
        |path: &std::path::Path| std::fs::read(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()));
    let cert_pem = read(cert)?;
    let key_pem = read(key)?;
    let certs = rustls_pemfile::certs(&mut cert_pem.as_slice()).collect::<Result<Vec<_>, _>>()?;
    anyhow::ensure!(!certs.is_empty(), "{} holds no certificate", cert.display());
    let key = rustls_pemfile::private_key(&mut key_pem.as_slice())?
        .ok_or_else(|| anyhow::anyhow!("{} holds no private key", key.display()))?;
    let mut config =
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(std::sync::Arc::new(config))
}

pub async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(error) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let service = TowerToHyperService::new(router.clone().map_request(
                    move |mut request: axum::http::Request<hyper::body::Incoming>| {
                        request.extensions_mut().insert(crate::auth::PeerAddr(peer));
                        request
                    },
                ));
                match &acceptor {
                    None => {
                        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                        tokio::spawn(async move {
                            if let Err(error) = connection.await {
                                tracing::debug!(%peer, %error, "connection ended with an error");
                            }
                        });
                    }
                    Some(acceptor) => {
                        let (acceptor, builder) = (acceptor.clone(), builder.clone());
                        let watcher = graceful.watcher();
                        tokio::spawn(async move {
                            let handshake = tokio::time::timeout(
                                Duration::from_millis(TLS_HANDSHAKE_TIMEOUT_MS),
                                acceptor.accept(stream),
                            );
                            let stream = match handshake.await {
                                Ok(Ok(stream)) => stream,
                                Ok(Err(error)) => return tracing::debug!(%peer, %error, "TLS handshake failed"),
                                Err(_) => return tracing::debug!(%peer, "TLS handshake timed out"),
                            };
                            let connection = watcher.watch(builder.serve_connection(TokioIo::new(stream), service));
                            if let Err(error) = connection.await {
                                tracing::debug!(%peer, %error, "connection ended with an error");
                            }
                        });
                    }
                }
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections drained"),
        () = tokio::time::sleep(Duration::from_millis(SHUTDOWN_DRAIN_MS)) => {
            tracing::warn!("shutdown drain timed out");
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    shutdown_signals().await;
}

/// As [`shutdown_signal`], with SIGINT and SIGTERM taken over when this is called (not
/// when the future is first polled), so a signal that arrives at once is not lost to the
/// default action.
#[cfg(unix)]
pub fn shutdown_signals() -> impl Future<Output = ()> + Send + 'static {
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
            tracing::info!("shutdown requested");
        }
    }
}

#[cfg(not(unix))]
pub fn shutdown_signals() -> impl Future<Output = ()> + Send + 'static {
    async move {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown requested");
    }
}
