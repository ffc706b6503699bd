//! Headless Chromium for tests: Debian's `chromium` and `chromium-driver` (installed by
//! scripts/test.sh), driven over WebDriver with fantoccini.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration as StdDuration, Instant},
};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// chromedriver on a free port, ended with the test.
pub(crate) struct Driver {
    child: Child,
    url: String,
    _profile: PathBuf,
}

impl Driver {
    pub(crate) fn start() -> Driver {
        let binary = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("chromedriver not found: scripts/test.sh installs chromium-driver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + StdDuration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(StdDuration::from_millis(50));
        }
        let profile =
            std::env::temp_dir().join(format!("muffle-chromium-{}", uuid::Uuid::new_v4().simple()));
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _profile: profile,
        }
    }

    pub(crate) async fn browser(&self) -> Client {
        self.browser_sized(900, 900).await
    }

    pub(crate) async fn browser_sized(&self, width: u32, height: u32) -> Client {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--autoplay-policy=no-user-gesture-required",
            "--hide-scrollbars",
            &format!("--window-size={width},{height}"),
            &format!("--user-data-dir={}", self._profile.display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"args": args, "binary": "/usr/bin/chromium"}),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("WebDriver session with headless Chromium")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self._profile);
    }
}
