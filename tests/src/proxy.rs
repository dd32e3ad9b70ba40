//! A TCP relay between the browser and the server that counts the bytes each way: what a
//! tablet's network really carries (headers, bodies, revalidations, the service worker's
//! own requests), which the page's timing entries only partly see.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Bytes relayed since the last [`CountingProxy::take`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Bytes {
    /// From the server to the browser.
    pub down: u64,
    /// From the browser to the server.
    pub up: u64,
}

pub struct CountingProxy {
    pub address: SocketAddr,
    down: Arc<AtomicU64>,
    up: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl CountingProxy {
    /// Listens on `127.0.0.1:0` and relays every connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> anyhow::Result<CountingProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let (down, up) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let (down_count, up_count) = (down.clone(), up.clone());
        let task = tokio::spawn(async move {
            while let Ok((browser, _)) = listener.accept().await {
                let (down, up) = (down_count.clone(), up_count.clone());
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else { return };
                    let (browser_read, browser_write) = browser.into_split();
                    let (server_read, server_write) = server.into_split();
                    tokio::join!(relay(browser_read, server_write, up), relay(server_read, browser_write, down));
                });
            }
        });
        Ok(CountingProxy { address, down, up, task })
    }

    /// The URL of `path` through the relay.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The bytes counted so far, and a fresh count from now.
    pub fn take(&self) -> Bytes {
        Bytes { down: self.down.swap(0, Ordering::SeqCst), up: self.up.swap(0, Ordering::SeqCst) }
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    count: Arc<AtomicU64>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                count.fetch_add(n as u64, Ordering::SeqCst);
                if to.write_all(&buffer[..n]).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown().await;
}
