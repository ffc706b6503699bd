//! Cross-process wake-ups on the embedded queue.
//!
//! SQLite has no pub/sub, and its update hook only sees this process' writes, so a job pushed
//! by `muffle enqueue` or `muffle web` into a running `muffle run` waited for the next poll.
//! Instead every process that runs workers binds a Unix datagram socket in a directory beside
//! the queue file (`queue.db.wake/<pid>-<n>.sock`), and a push sends the job's name to each
//! socket there. Best effort, like the Redis channel: a lost datagram costs one poll interval,
//! never a job. A socket whose process is gone refuses the datagram and is removed by the
//! sender that found it.

use std::{
    io::ErrorKind,
    os::unix::net::UnixDatagram as StdDatagram,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
};

/// Job names are short; anything longer is not ours.
const MAX_MESSAGE: usize = 256;

#[derive(Debug, Clone)]
pub struct WakeSockets {
    dir: PathBuf,
}

impl WakeSockets {
    /// The directory beside `queue_file` (`<queue_file>.wake`).
    pub fn beside(queue_file: &Path) -> WakeSockets {
        let mut dir = queue_file.as_os_str().to_owned();
        dir.push(".wake");
        WakeSockets { dir: dir.into() }
    }

    /// Sends `job` to every listening process. Never blocks: a full receive buffer means that
    /// process has wake-ups pending already.
    pub fn announce(&self, job: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return; // nobody has listened yet
        };
        let Ok(sender) = StdDatagram::unbound() else {
            return;
        };
        if sender.set_nonblocking(true).is_err() {
            return;
        }
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "sock") {
                continue;
            }
            match sender.send_to(job.as_bytes(), &path) {
                Err(error)
                    if matches!(
                        error.kind(),
                        ErrorKind::ConnectionRefused | ErrorKind::NotFound
                    ) =>
                {
                    // Its process is gone (a crash leaves the file behind).
                    let _ = std::fs::remove_file(&path);
                }
                _ => {}
            }
        }
    }

    /// Binds this process' socket. Fails when the directory cannot be made or its path is
    /// too long for a socket address; the caller then relies on polling.
    pub fn bind(&self) -> std::io::Result<BoundSocket> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        std::fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(format!(
            "{}-{}.sock",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        // A previous process with our pid that crashed.
        let _ = std::fs::remove_file(&path);
        let socket = tokio::net::UnixDatagram::bind(&path)?;
        Ok(BoundSocket { socket, path })
    }
}

/// A listening socket; its file is removed when it is dropped.
pub struct BoundSocket {
    socket: tokio::net::UnixDatagram,
    path: PathBuf,
}

impl BoundSocket {
    /// Calls `wake` with each job name received, until the socket fails.
    pub async fn relay(self, wake: impl Fn(&str)) -> std::io::Error {
        let mut buffer = [0u8; MAX_MESSAGE];
        loop {
            match self.socket.recv(&mut buffer).await {
                Ok(n) => {
                    if let Ok(job) = std::str::from_utf8(&buffer[..n]) {
                        wake(job);
                    }
                }
                Err(error) => return error,
            }
        }
    }
}

impl Drop for BoundSocket {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A fresh directory under /tmp (socket paths must stay short), removed afterwards.
    struct TempDir(PathBuf);
    impl TempDir {
        fn new() -> TempDir {
            static N: AtomicU32 = AtomicU32::new(0);
            let dir = std::env::temp_dir().join(format!(
                "muffle-wake-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[tokio::test]
    async fn a_push_reaches_every_listener_and_stale_sockets_are_removed() {
        let dir = TempDir::new();
        let sockets = WakeSockets::beside(&dir.path().join("queue.db"));
        let first = sockets.bind().unwrap();
        let second = sockets.bind().unwrap();
        // A crashed process leaves its socket file behind with nobody reading it.
        let stale_path = dir.path().join("queue.db.wake/999999-0.sock");
        drop(StdDatagram::bind(&stale_path).unwrap());

        let heard = Arc::new(Mutex::new(Vec::new()));
        for socket in [first, second] {
            let heard = heard.clone();
            tokio::spawn(async move {
                socket
                    .relay(|job| heard.lock().unwrap().push(job.to_owned()))
                    .await
            });
        }
        sockets.announce("redact_call");
        for _ in 0..200 {
            if heard.lock().unwrap().len() == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(*heard.lock().unwrap(), vec!["redact_call", "redact_call"]);
        assert!(!stale_path.exists(), "the dead socket's file is cleaned up");
    }

    #[test]
    fn announcing_with_nobody_listening_does_nothing() {
        let dir = TempDir::new();
        WakeSockets::beside(&dir.path().join("queue.db")).announce("redact_call");
        assert!(!dir.path().join("queue.db.wake").exists());
    }
}
