//! A TCP proxy for outage tests: it forwards to a real server until told to stall (a
//! blackhole: connections stay open, nothing moves in either direction, new connections hang)
//! and then to resume, delivering what waited, as TCP retransmission would.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::Notify,
};

pub struct Proxy {
    pub port: u16,
    stalled: Arc<AtomicBool>,
    resumed: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (`host:port`).
    pub async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let stalled = Arc::new(AtomicBool::new(false));
        let resumed = Arc::new(Notify::new());
        let task = tokio::spawn({
            let stalled = stalled.clone();
            let resumed = resumed.clone();
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    let upstream = upstream.clone();
                    let stalled = stalled.clone();
                    let resumed = resumed.clone();
                    tokio::spawn(async move {
                        wait_while_stalled(&stalled, &resumed).await;
                        let Ok(server) = TcpStream::connect(&upstream).await else {
                            return;
                        };
                        let (client_read, client_write) = client.into_split();
                        let (server_read, server_write) = server.into_split();
                        tokio::join!(
                            pump(client_read, server_write, &stalled, &resumed),
                            pump(server_read, client_write, &stalled, &resumed)
                        );
                    });
                }
            }
        });
        Proxy {
            port,
            stalled,
            resumed,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Nothing moves until [`Proxy::resume`].
    pub fn stall(&self) {
        self.stalled.store(true, Ordering::SeqCst);
    }

    pub fn resume(&self) {
        self.stalled.store(false, Ordering::SeqCst);
        self.resumed.notify_waiters();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn wait_while_stalled(stalled: &AtomicBool, resumed: &Notify) {
    while stalled.load(Ordering::SeqCst) {
        let notified = resumed.notified();
        if !stalled.load(Ordering::SeqCst) {
            break;
        }
        // Re-checked every 100 ms as well: a resume between the load and the wait is not lost.
        let _ = tokio::time::timeout(std::time::Duration::from_millis(100), notified).await;
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    stalled: &AtomicBool,
    resumed: &Notify,
) {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        wait_while_stalled(stalled, resumed).await;
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        // Bytes read just as the stall began are held until it ends, never dropped.
        wait_while_stalled(stalled, resumed).await;
        if to.write_all(&buffer[..read]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
