//! Recordings as files under a directory, for the embedded mode.

use super::*;

/// Recordings as files under a directory, for the embedded mode. No version history: a put
/// replaces the file atomically (rename), so "every version" is the one file. User metadata
/// sits beside it in `.muffle-meta/<key>.json`. The etag is size + modification time.
#[derive(Debug)]
pub struct LocalStore {
    pub(super) root: PathBuf,
    /// Serializes check-then-rename for `If-Match` within the process (the embedded mode
    /// runs one worker process).
    pub(super) write_lock: tokio::sync::Mutex<()>,
}

pub(super) const LOCAL_RESERVED: [&str; 2] = [".muffle-meta", ".muffle-tmp"];

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

    pub(super) fn meta_path(&self, key: &str) -> Result<PathBuf, StoreError> {
        let relative = check_key(key)?;
        let mut path = self.root.join(".muffle-meta").join(relative);
        path.as_mut_os_string().push(".json");
        Ok(path)
    }

    pub(super) fn head(&self, key: &str) -> Result<ObjectInfo, StoreError> {
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

    pub(super) async fn download(&self, key: &str, dest: &Path) -> Result<Downloaded, StoreError> {
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

    pub(super) async fn put(
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

    pub(super) fn list_versions(&self, key: &str) -> Result<Vec<ObjectVersion>, StoreError> {
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

    pub(super) async fn delete(&self, key: &str) -> Result<(), StoreError> {
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

pub(super) fn check_key(key: &str) -> Result<&Path, StoreError> {
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

pub(super) fn local_etag(stat: &std::fs::Metadata) -> String {
    let mtime = stat
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{mtime:x}", stat.len())
}

pub(super) fn not_found(error: std::io::Error) -> StoreError {
    if error.kind() == std::io::ErrorKind::NotFound {
        StoreError::NotFound
    } else {
        StoreError::Io(error)
    }
}

/// Copy `src` to `dest`, returning the hex SHA-256 of the bytes.
pub(super) fn copy_hashing(src: &Path, dest: &Path) -> std::io::Result<String> {
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
