//! Test support: a moto S3 server shared by the test process and a fresh versioned bucket
//! per test.

use std::{net::TcpStream, sync::OnceLock, time::Duration};

use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};

use super::*;

/// `TEST_S3_ENDPOINT`, or a moto server started once for this test process on a free
/// port (it exits when the test process does).
pub fn endpoint() -> String {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT
        .get_or_init(|| {
            if let Ok(endpoint) = std::env::var("TEST_S3_ENDPOINT") {
                return endpoint;
            }
            start_moto()
        })
        .clone()
}

fn start_moto() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    // The watcher thread ends moto when its parent (this test process) is gone.
    let script = format!(
        "import os, sys, threading, time\n\
         parent = os.getppid()\n\
         def watch():\n\
         \x20   while os.getppid() == parent:\n\
         \x20       time.sleep(0.5)\n\
         \x20   os._exit(0)\n\
         threading.Thread(target=watch, daemon=True).start()\n\
         from moto.server import main\n\
         main(['-H', '127.0.0.1', '-p', '{port}'])\n"
    );
    // Lives as long as the test process; never waited on, by design.
    #[allow(clippy::zombie_processes)]
    std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start moto server (python3 -m moto.server)");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "moto server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    format!("http://127.0.0.1:{port}")
}

/// A store on a new bucket with versioning enabled.
pub async fn versioned_bucket() -> S3Store {
    let config = S3Config {
        endpoint: Some(endpoint()),
        region: "us-east-1".into(),
        bucket: format!("muffle-test-{}", uuid::Uuid::new_v4().simple()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
        session_token: None,
        force_path_style: true,
    };
    let store = S3Store::connect(&config).await;
    store
        .client
        .create_bucket()
        .bucket(&config.bucket)
        .send()
        .await
        .expect("create bucket");
    store
        .client
        .put_bucket_versioning()
        .bucket(&config.bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("enable versioning");
    store
}

/// Upload bytes directly (an "original" recording, or a concurrent writer).
pub async fn put_bytes(store: &S3Store, key: &str, bytes: &[u8]) -> String {
    let out = store
        .client
        .put_object()
        .bucket(&store.bucket)
        .key(key)
        .body(ByteStream::from(bytes.to_vec()))
        .send()
        .await
        .expect("put object");
    out.version_id().expect("versioned bucket").to_owned()
}

pub async fn get_version(store: &S3Store, key: &str, version_id: &str) -> Vec<u8> {
    let out = store
        .client
        .get_object()
        .bucket(&store.bucket)
        .key(key)
        .version_id(version_id)
        .send()
        .await
        .expect("get object version");
    out.body
        .collect()
        .await
        .expect("read body")
        .into_bytes()
        .to_vec()
}
