//! Where call recordings live: an S3 bucket (versioned in production) or, for the embedded
//! single-machine mode, a directory (`MUFFLE_DATA_DIR/recordings`).
//!
//! The store knows objects, versions and conditional writes; nothing about calls or audio.
//! Objects are moved through temporary files, never whole in memory: recordings can be hours.

use std::{
    collections::HashMap,
    io::Write,
    path::{Component, Path, PathBuf},
    sync::Arc,
    time::UNIX_EPOCH,
};

use aws_sdk_s3::{
    Client,
    config::{
        BehaviorVersion, Credentials, Region, RequestChecksumCalculation,
        ResponseChecksumValidation, http::HttpResponse,
    },
    error::{DisplayErrorContext, ProvideErrorMetadata, SdkError},
    primitives::ByteStream,
};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::job::{JobContext, JobError};

/// The store configured for this process (`JobSettings::recordings`), or a permanent error:
/// a recording job cannot succeed on retry until storage is configured.
pub fn store_for(ctx: &JobContext) -> Result<Arc<RecordingStore>, JobError> {
    ctx.settings
        .recordings
        .clone()
        .ok_or_else(|| JobError::permanent("recording storage is not configured"))
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("recording object not found")]
    NotFound,
    /// `If-Match` failed: the object changed (or vanished) since it was read.
    #[error("recording object changed concurrently (conditional write refused)")]
    PreconditionFailed,
    #[error("invalid recording key: {0}")]
    InvalidKey(&'static str),
    #[error("recording storage error: {0}")]
    Backend(String),
    #[error("recording storage I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StoreError> for JobError {
    /// The default reading; callers decide what a missing object means for them.
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::InvalidKey(_) => JobError::permanent(error.to_string()),
            _ => JobError::transient(error.to_string()),
        }
    }
}

/// The current version of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: u64,
    /// Opaque; what `put`'s `if_match` compares with.
    pub etag: String,
    /// S3 version id; None where versioning is off (and for the local store).
    pub version_id: Option<String>,
    /// User metadata (`x-amz-meta-*` without the prefix).
    pub metadata: HashMap<String, String>,
}

/// One entry of a key's version history (object versions and delete markers alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectVersion {
    /// `"null"` for an object written while versioning was off.
    pub version_id: String,
    pub is_latest: bool,
    pub is_delete_marker: bool,
}

/// What [`RecordingStore::download`] wrote.
#[derive(Debug, Clone)]
pub struct Downloaded {
    /// Of the version that was read, taken from the same response as the body.
    pub info: ObjectInfo,
    /// Lowercase hex SHA-256 of the bytes written.
    pub sha256: String,
}

/// What a `put` created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutOutcome {
    pub etag: String,
    pub version_id: Option<String>,
}

#[derive(Debug)]
pub enum RecordingStore {
    S3(S3Store),
    Local(LocalStore),
}

impl RecordingStore {
    /// S3 when `S3_BUCKET` is set (see [`S3Config::from_env`]), else a local directory
    /// `data_dir/recordings`.
    pub async fn from_env(data_dir: &Path) -> anyhow::Result<RecordingStore> {
        match S3Config::from_env()? {
            Some(config) => Ok(RecordingStore::S3(S3Store::connect(&config).await)),
            None => Ok(RecordingStore::Local(LocalStore::new(
                data_dir.join("recordings"),
            )?)),
        }
    }

    /// Short description for logs: `s3://bucket` or `local:/path`.
    pub fn describe(&self) -> String {
        match self {
            RecordingStore::S3(s3) => format!("s3://{}", s3.bucket),
            RecordingStore::Local(local) => format!("local:{}", local.root.display()),
        }
    }

    pub async fn head(&self, key: &str) -> Result<ObjectInfo, StoreError> {
        match self {
            RecordingStore::S3(s3) => s3.head(key).await,
            RecordingStore::Local(local) => local.head(key),
        }
    }

    /// Stream the current version of `key` into the file `dest` (created or truncated).
    pub async fn download(&self, key: &str, dest: &Path) -> Result<Downloaded, StoreError> {
        match self {
            RecordingStore::S3(s3) => s3.download(key, dest).await,
            RecordingStore::Local(local) => local.download(key, dest).await,
        }
    }

    /// Write the file `src` as the new current version of `key`. With `if_match`, the write
    /// happens only if the current version still has that etag, else
    /// [`StoreError::PreconditionFailed`] (or `NotFound` when the object is gone).
    pub async fn put(
        &self,
        key: &str,
        src: &Path,
        if_match: Option<&str>,
        metadata: &HashMap<String, String>,
    ) -> Result<PutOutcome, StoreError> {
        match self {
            RecordingStore::S3(s3) => s3.put(key, src, if_match, metadata).await,
            RecordingStore::Local(local) => local.put(key, src, if_match, metadata).await,
        }
    }

    /// Every version and delete marker of exactly `key`, newest first where the backend says.
    pub async fn list_versions(&self, key: &str) -> Result<Vec<ObjectVersion>, StoreError> {
        match self {
            RecordingStore::S3(s3) => s3.list_versions(key).await,
            RecordingStore::Local(local) => local.list_versions(key),
        }
    }

    /// Permanently delete one version (not a delete marker on top: the bytes go).
    pub async fn delete_version(&self, key: &str, version_id: &str) -> Result<(), StoreError> {
        match self {
            RecordingStore::S3(s3) => s3.delete_version(key, version_id).await,
            RecordingStore::Local(local) => local.delete(key).await,
        }
    }

    /// Delete every version and delete marker of `key`, listing again until none is left (a
    /// version written while deleting is caught by the next listing). Returns how many went.
    pub async fn delete_all_versions(&self, key: &str) -> Result<usize, StoreError> {
        let mut deleted = 0;
        for _ in 0..10 {
            let versions = self.list_versions(key).await?;
            if versions.is_empty() {
                return Ok(deleted);
            }
            for version in versions {
                match self.delete_version(key, &version.version_id).await {
                    Ok(()) | Err(StoreError::NotFound) => deleted += 1,
                    Err(error) => return Err(error),
                }
            }
        }
        Err(StoreError::Backend(
            "versions keep appearing while deleting the recording".into(),
        ))
    }
}

// ---- S3 ----------------------------------------------------------------------------------

/// Connection settings for an S3-compatible store.
#[derive(Clone, Debug, Default)]
pub struct S3Config {
    /// Custom endpoint (MinIO, moto, …); None for AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub bucket: String,
    /// Static credentials; None uses the SDK's default chain (profile, IMDS, …).
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub force_path_style: bool,
}

impl S3Config {
    /// From `S3_BUCKET` (None when unset), `S3_ENDPOINT`, `S3_REGION`/`AWS_REGION`
    /// (default us-east-1), `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`
    /// and `S3_FORCE_PATH_STYLE` (default: true with a custom endpoint).
    pub fn from_env() -> anyhow::Result<Option<S3Config>> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Option<S3Config>> {
        let Some(bucket) = lookup("S3_BUCKET") else {
            return Ok(None);
        };
        let endpoint = lookup("S3_ENDPOINT");
        let force_path_style = match lookup("S3_FORCE_PATH_STYLE").as_deref() {
            None => endpoint.is_some(),
            Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => true,
            Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => false,
            Some(_) => anyhow::bail!("S3_FORCE_PATH_STYLE must be true or false"),
        };
        Ok(Some(S3Config {
            region: lookup("S3_REGION")
                .or_else(|| lookup("AWS_REGION"))
                .unwrap_or_else(|| "us-east-1".into()),
            endpoint,
            bucket,
            access_key_id: lookup("AWS_ACCESS_KEY_ID"),
            secret_access_key: lookup("AWS_SECRET_ACCESS_KEY"),
            session_token: lookup("AWS_SESSION_TOKEN"),
            force_path_style,
        }))
    }
}

#[derive(Debug, Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
}

impl S3Store {
    pub async fn connect(config: &S3Config) -> S3Store {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(config.region.clone()));
        if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            loader = loader.credentials_provider(Credentials::new(
                id,
                secret,
                config.session_token.clone(),
                None,
                "muffle-config",
            ));
        }
        let shared = loader.load().await;
        let mut builder =
            aws_sdk_s3::config::Builder::from(&shared).force_path_style(config.force_path_style);
        if let Some(endpoint) = &config.endpoint {
            // Non-AWS servers reject or mangle the SDK's default flexible checksums.
            builder = builder
                .endpoint_url(endpoint)
                .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        }
        S3Store {
            client: Client::from_conf(builder.build()),
            bucket: config.bucket.clone(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    async fn head(&self, key: &str) -> Result<ObjectInfo, StoreError> {
        let out = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| s3_error("HeadObject", e))?;
        Ok(ObjectInfo {
            size: out.content_length().unwrap_or(0).max(0) as u64,
            etag: out.e_tag().unwrap_or_default().to_owned(),
            version_id: out.version_id().map(str::to_owned),
            metadata: out.metadata().cloned().unwrap_or_default(),
        })
    }

    async fn download(&self, key: &str, dest: &Path) -> Result<Downloaded, StoreError> {
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| s3_error("GetObject", e))?;
        let info = ObjectInfo {
            size: out.content_length().unwrap_or(0).max(0) as u64,
            etag: out.e_tag().unwrap_or_default().to_owned(),
            version_id: out.version_id().map(str::to_owned),
            metadata: out.metadata().cloned().unwrap_or_default(),
        };
        let mut body = out.body;
        let mut file = tokio::fs::File::create(dest).await?;
        let mut hasher = Sha256::new();
        let mut written = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| StoreError::Backend(format!("GetObject body: {e}")))?;
            hasher.update(&chunk);
            written += chunk.len() as u64;
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        file.sync_all().await?;
        if written != info.size {
            return Err(StoreError::Backend(format!(
                "GetObject returned {written} bytes, expected {}",
                info.size
            )));
        }
        Ok(Downloaded {
            info,
            sha256: hex(&hasher.finalize()),
        })
    }

    async fn put(
        &self,
        key: &str,
        src: &Path,
        if_match: Option<&str>,
        metadata: &HashMap<String, String>,
    ) -> Result<PutOutcome, StoreError> {
        // One PUT (up to 5 GiB: far beyond a call recording), so If-Match covers the write.
        let body = ByteStream::from_path(src)
            .await
            .map_err(|e| StoreError::Backend(format!("cannot read upload file: {e}")))?;
        let out = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(body)
            .set_metadata(Some(metadata.clone()))
            .set_if_match(if_match.map(str::to_owned))
            .send()
            .await
            .map_err(|e| s3_error("PutObject", e))?;
        Ok(PutOutcome {
            etag: out.e_tag().unwrap_or_default().to_owned(),
            version_id: out.version_id().map(str::to_owned),
        })
    }

    async fn list_versions(&self, key: &str) -> Result<Vec<ObjectVersion>, StoreError> {
        let mut versions = Vec::new();
        let (mut key_marker, mut version_marker) = (None::<String>, None::<String>);
        loop {
            let out = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(key)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(|e| s3_error("ListObjectVersions", e))?;
            // The prefix also matches longer keys (`a.wav` and `a.wav.bak`): keep exact ones.
            for v in out.versions() {
                if v.key() == Some(key) {
                    versions.push(ObjectVersion {
                        version_id: v.version_id().unwrap_or("null").to_owned(),
                        is_latest: v.is_latest().unwrap_or(false),
                        is_delete_marker: false,
                    });
                }
            }
            for m in out.delete_markers() {
                if m.key() == Some(key) {
                    versions.push(ObjectVersion {
                        version_id: m.version_id().unwrap_or("null").to_owned(),
                        is_latest: m.is_latest().unwrap_or(false),
                        is_delete_marker: true,
                    });
                }
            }
            if out.is_truncated() != Some(true) {
                return Ok(versions);
            }
            key_marker = out.next_key_marker().map(str::to_owned);
            version_marker = out.next_version_id_marker().map(str::to_owned);
            if key_marker.is_none() && version_marker.is_none() {
                return Ok(versions);
            }
        }
    }

    async fn delete_version(&self, key: &str, version_id: &str) -> Result<(), StoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| s3_error("DeleteObject", e))?;
        Ok(())
    }
}

/// Map an SDK error to what callers act on. S3 error messages name the key and request ids,
/// never object contents.
fn s3_error<E>(operation: &str, error: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = error.raw_response().map(|r| r.status().as_u16());
    match (status, error.code()) {
        (_, Some("NoSuchBucket")) => StoreError::Backend(format!("{operation}: no such bucket")),
        (Some(412), _) | (_, Some("PreconditionFailed")) => StoreError::PreconditionFailed,
        // AWS answers 409 when a conditional write races another write to the same key.
        (Some(409), Some("ConditionalRequestConflict")) => StoreError::PreconditionFailed,
        (Some(404), _) | (_, Some("NoSuchKey" | "NotFound" | "NoSuchVersion")) => {
            StoreError::NotFound
        }
        _ => StoreError::Backend(format!(
            "{operation} failed: {}",
            DisplayErrorContext(&error)
        )),
    }
}

// ---- Local directory ---------------------------------------------------------------------

/// Recordings as files under a directory, for the embedded mode. No version history: a put
/// replaces the file atomically (rename), so "every version" is the one file. User metadata
/// sits beside it in `.muffle-meta/<key>.json`. The etag is size + modification time.
#[derive(Debug)]
pub struct LocalStore {
    root: PathBuf,
    /// Serializes check-then-rename for `If-Match` within the process (the embedded mode
    /// runs one worker process).
    write_lock: tokio::sync::Mutex<()>,
}

const LOCAL_RESERVED: [&str; 2] = [".muffle-meta", ".muffle-tmp"];

impl LocalStore {
    pub fn new(root: PathBuf) -> std::io::Result<LocalStore> {
        std::fs::create_dir_all(root.join(".muffle-tmp"))?;
        Ok(LocalStore {
            root,
            write_lock: tokio::sync::Mutex::new(()),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `key` as a path under the root: relative, plain components only (no `..`, no
    /// absolute paths, nothing in the store's own reserved directories).
    pub fn path_of(&self, key: &str) -> Result<PathBuf, StoreError> {
        Ok(self.root.join(check_key(key)?))
    }

    fn meta_path(&self, key: &str) -> Result<PathBuf, StoreError> {
        let relative = check_key(key)?;
        let mut path = self.root.join(".muffle-meta").join(relative);
        path.as_mut_os_string().push(".json");
        Ok(path)
    }

    fn head(&self, key: &str) -> Result<ObjectInfo, StoreError> {
        let path = self.path_of(key)?;
        let stat = std::fs::metadata(&path).map_err(not_found)?;
        if !stat.is_file() {
            return Err(StoreError::NotFound);
        }
        let metadata = match std::fs::read(self.meta_path(key)?) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(_) => HashMap::new(),
        };
        Ok(ObjectInfo {
            size: stat.len(),
            etag: local_etag(&stat),
            version_id: None,
            metadata,
        })
    }

    async fn download(&self, key: &str, dest: &Path) -> Result<Downloaded, StoreError> {
        let before = self.head(key)?;
        let src = self.path_of(key)?;
        let dest = dest.to_owned();
        let sha256 = tokio::task::spawn_blocking(move || copy_hashing(&src, &dest))
            .await
            .map_err(|e| StoreError::Backend(format!("copy task failed: {e}")))?
            .map_err(not_found)?;
        // A put renames a new file into place; the open handle kept reading the old one, so
        // the copy is consistent, but the etag must be the one of what was read.
        let after = self.head(key)?;
        if after.etag != before.etag {
            return Err(StoreError::PreconditionFailed);
        }
        Ok(Downloaded {
            info: before,
            sha256,
        })
    }

    async fn put(
        &self,
        key: &str,
        src: &Path,
        if_match: Option<&str>,
        metadata: &HashMap<String, String>,
    ) -> Result<PutOutcome, StoreError> {
        let target = self.path_of(key)?;
        let meta_path = self.meta_path(key)?;
        let staging = self
            .root
            .join(".muffle-tmp")
            .join(uuid::Uuid::new_v4().simple().to_string());
        {
            let (src, staging) = (src.to_owned(), staging.clone());
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::copy(&src, &staging)?;
                std::fs::File::open(&staging)?.sync_all()
            })
            .await
            .map_err(|e| StoreError::Backend(format!("copy task failed: {e}")))??;
        }
        let _guard = self.write_lock.lock().await;
        let result = (|| {
            if let Some(expected) = if_match
                && self.head(key)?.etag != expected
            {
                return Err(StoreError::PreconditionFailed);
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Old metadata must never describe the new file: drop it first.
            match std::fs::remove_file(&meta_path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
            std::fs::rename(&staging, &target)?;
            if !metadata.is_empty() {
                std::fs::create_dir_all(meta_path.parent().expect("meta path has a parent"))?;
                let json = serde_json::to_vec(metadata).expect("string map serializes");
                let tmp = meta_path.with_extension("json.tmp");
                std::fs::write(&tmp, json)?;
                std::fs::rename(&tmp, &meta_path)?;
            }
            let info = self.head(key)?;
            Ok(PutOutcome {
                etag: info.etag,
                version_id: None,
            })
        })();
        let _ = std::fs::remove_file(&staging);
        result
    }

    fn list_versions(&self, key: &str) -> Result<Vec<ObjectVersion>, StoreError> {
        match self.head(key) {
            Ok(_) => Ok(vec![ObjectVersion {
                version_id: "null".into(),
                is_latest: true,
                is_delete_marker: false,
            }]),
            Err(StoreError::NotFound) => Ok(Vec::new()),
            Err(error) => Err(error),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let (path, meta_path) = (self.path_of(key)?, self.meta_path(key)?);
        let _guard = self.write_lock.lock().await;
        for path in [path, meta_path] {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        Ok(())
    }
}

fn check_key(key: &str) -> Result<&Path, StoreError> {
    if key.is_empty() || key.contains('\0') || key.contains('\\') {
        return Err(StoreError::InvalidKey(
            "empty or containing NUL or backslash",
        ));
    }
    let path = Path::new(key);
    let mut components = path.components().peekable();
    if components.peek().is_none() {
        return Err(StoreError::InvalidKey("empty"));
    }
    for (i, component) in components.enumerate() {
        match component {
            Component::Normal(name) => {
                if i == 0 && LOCAL_RESERVED.iter().any(|r| name == *r) {
                    return Err(StoreError::InvalidKey("reserved directory"));
                }
            }
            Component::ParentDir => return Err(StoreError::InvalidKey("contains ..")),
            _ => return Err(StoreError::InvalidKey("must be a relative path")),
        }
    }
    Ok(path)
}

fn local_etag(stat: &std::fs::Metadata) -> String {
    let mtime = stat
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{mtime:x}", stat.len())
}

fn not_found(error: std::io::Error) -> StoreError {
    if error.kind() == std::io::ErrorKind::NotFound {
        StoreError::NotFound
    } else {
        StoreError::Io(error)
    }
}

/// Copy `src` to `dest`, returning the hex SHA-256 of the bytes.
fn copy_hashing(src: &Path, dest: &Path) -> std::io::Result<String> {
    let mut input = std::fs::File::open(src)?;
    let mut output = std::fs::File::create(dest)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = std::io::Read::read(&mut input, &mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output.write_all(&buffer[..n])?;
    }
    output.sync_all()?;
    Ok(hex(&hasher.finalize()))
}

/// Hex SHA-256 of a file, streaming.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut input = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut input, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file path removed when dropped: downloads and rewrites never outlive the job.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// A fresh name in the system temp directory (nothing is created yet).
    pub fn new(tag: &str) -> TempFile {
        TempFile {
            path: std::env::temp_dir()
                .join(format!("muffle-{tag}-{}", uuid::Uuid::new_v4().simple())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Test support: a moto S3 server shared by the test process and a fresh versioned bucket
/// per test.
#[cfg(test)]
pub mod testing {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn keys_must_be_plain_relative_paths() {
        for bad in [
            "",
            "../x.wav",
            "a/../../x",
            "/etc/passwd",
            "a\\b",
            ".muffle-meta/x",
        ] {
            assert!(check_key(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["x.wav", "acct/1/call-2.wav", "a/.muffle-meta/b"] {
            assert!(check_key(good).is_ok(), "{good:?} refused");
        }
    }

    #[test]
    fn s3_config_needs_a_bucket_and_parses_path_style() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(S3Config::from_lookup(env(&[])).unwrap().is_none());
        let config = S3Config::from_lookup(env(&[
            ("S3_BUCKET", "calls"),
            ("AWS_REGION", "eu-west-1"),
            ("S3_ENDPOINT", "http://minio:9000"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            (config.region.as_str(), config.force_path_style),
            ("eu-west-1", true)
        );
        let config = S3Config::from_lookup(env(&[
            ("S3_BUCKET", "calls"),
            ("S3_FORCE_PATH_STYLE", "false"),
        ]))
        .unwrap()
        .unwrap();
        assert!(!config.force_path_style && config.endpoint.is_none());
        assert!(
            S3Config::from_lookup(env(&[("S3_BUCKET", "b"), ("S3_FORCE_PATH_STYLE", "yes")]))
                .is_err()
        );
    }

    #[tokio::test]
    async fn local_store_round_trip_with_conditional_writes() {
        let root = std::env::temp_dir().join(format!("muffle-local-{}", uuid::Uuid::new_v4()));
        let store = RecordingStore::Local(LocalStore::new(root.clone()).unwrap());
        let key = "acct/1/call.wav";
        let src = TempFile::new("src");
        std::fs::write(src.path(), b"first version").unwrap();

        assert!(matches!(store.head(key).await, Err(StoreError::NotFound)));
        assert!(store.list_versions(key).await.unwrap().is_empty());
        let first = store
            .put(key, src.path(), None, &meta(&[("k", "v")]))
            .await
            .unwrap();
        let info = store.head(key).await.unwrap();
        assert_eq!((info.size, &info.etag), (13, &first.etag));
        assert_eq!(info.metadata, meta(&[("k", "v")]));

        let dest = TempFile::new("dest");
        let got = store.download(key, dest.path()).await.unwrap();
        assert_eq!(std::fs::read(dest.path()).unwrap(), b"first version");
        assert_eq!(got.sha256, sha256_hex(b"first version"));
        assert_eq!(got.info.etag, first.etag);

        // A stale etag is refused and changes nothing; the current one is accepted.
        std::fs::write(src.path(), b"second, longer version").unwrap();
        let stale = "0-0";
        assert!(matches!(
            store
                .put(key, src.path(), Some(stale), &HashMap::new())
                .await,
            Err(StoreError::PreconditionFailed)
        ));
        assert_eq!(store.head(key).await.unwrap().etag, first.etag);
        store
            .put(key, src.path(), Some(&first.etag), &HashMap::new())
            .await
            .unwrap();
        let info = store.head(key).await.unwrap();
        assert_eq!(info.size, 22);
        assert!(
            info.metadata.is_empty(),
            "old metadata must not describe the new file"
        );
        assert_eq!(store.list_versions(key).await.unwrap().len(), 1);

        assert_eq!(store.delete_all_versions(key).await.unwrap(), 1);
        assert!(matches!(store.head(key).await, Err(StoreError::NotFound)));
        assert!(matches!(
            store
                .put("../escape.wav", src.path(), None, &HashMap::new())
                .await,
            Err(StoreError::InvalidKey(_))
        ));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[tokio::test]
    async fn s3_store_versions_conditional_writes_and_deletion() {
        let s3 = testing::versioned_bucket().await;
        let first_version = testing::put_bytes(&s3, "k.wav", b"one").await;
        testing::put_bytes(&s3, "k.wav.other", b"not this key").await;
        let store = RecordingStore::S3(s3.clone());

        let dest = TempFile::new("dl");
        let got = store.download("k.wav", dest.path()).await.unwrap();
        assert_eq!(got.sha256, sha256_hex(b"one"));
        assert_eq!(got.info.version_id.as_deref(), Some(first_version.as_str()));

        let src = TempFile::new("up");
        std::fs::write(src.path(), b"two").unwrap();
        let put = store
            .put(
                "k.wav",
                src.path(),
                Some(&got.info.etag),
                &meta(&[("muffle-x", "1")]),
            )
            .await
            .unwrap();
        // The etag read before the write is now stale.
        assert!(matches!(
            store
                .put("k.wav", src.path(), Some(&got.info.etag), &HashMap::new())
                .await,
            Err(StoreError::PreconditionFailed)
        ));
        let head = store.head("k.wav").await.unwrap();
        assert_eq!(head.version_id, put.version_id);
        assert_eq!(head.metadata.get("muffle-x").map(String::as_str), Some("1"));
        assert_eq!(store.list_versions("k.wav").await.unwrap().len(), 2);

        assert_eq!(store.delete_all_versions("k.wav").await.unwrap(), 2);
        assert!(store.list_versions("k.wav").await.unwrap().is_empty());
        assert!(matches!(
            store.head("k.wav").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.download("k.wav", dest.path()).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.list_versions("k.wav.other").await.unwrap().len(), 1);
    }
}
