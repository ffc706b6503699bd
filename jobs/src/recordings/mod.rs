//! Where call recordings live: an S3 bucket (versioned in production) or, for the embedded
//! single-machine mode, a directory (`MUFFLE_DATA_DIR/recordings`).
//!
//! The store knows objects, versions and conditional writes; nothing about calls or audio.
//! Objects are moved through temporary files, never whole in memory: recordings can be hours.

use std::{
    collections::HashMap,
    io::Write,
    path::{Component, Path, PathBuf},
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
    /// S3 when configured (`S3_BUCKET`, see [`S3Config::from_lookup`]), else a local
    /// directory `data_dir/recordings`.
    pub async fn open(s3: Option<&S3Config>, data_dir: &Path) -> anyhow::Result<RecordingStore> {
        match s3 {
            Some(config) => Ok(RecordingStore::S3(S3Store::connect(config).await)),
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
mod local;
mod s3;
#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;

pub use self::{
    local::LocalStore,
    s3::{S3Config, S3Store},
};
#[allow(unused_imports)]
use self::{local::*, s3::*};
