//! Recordings in an S3-compatible bucket (versioned in production).

use super::*;

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
    /// Read through `lookup` (the worker's `Config` passes the environment): from
    /// `S3_BUCKET` (None when unset), `S3_ENDPOINT`, `S3_REGION`/`AWS_REGION`
    /// (default us-east-1), `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`
    /// and `S3_FORCE_PATH_STYLE` (default: true with a custom endpoint).
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
    pub(super) client: Client,
    pub(super) bucket: String,
}

impl S3Store {
    pub async fn connect(config: &S3Config) -> S3Store {
        use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
        let https = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(https)
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

    /// The bucket's versioning status (`Enabled`, `Suspended`, or None when never enabled),
    /// for `muffle doctor`: without versioning an overwritten recording leaves no trace, and
    /// the rewrite's "delete every older version" guarantee means nothing.
    pub async fn versioning_status(&self) -> Result<Option<String>, StoreError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(|e| s3_error("HeadBucket", e))?;
        match self
            .client
            .get_bucket_versioning()
            .bucket(&self.bucket)
            .send()
            .await
        {
            Ok(out) => Ok(out.status().map(|status| status.as_str().to_owned())),
            // Some S3-compatible servers (moto) wrap the answer in another root element, which
            // the SDK refuses to parse: read the status from the body itself.
            Err(error)
                if error
                    .raw_response()
                    .is_some_and(|r| r.status().is_success()) =>
            {
                let body = error
                    .raw_response()
                    .and_then(|r| r.body().bytes())
                    .map(String::from_utf8_lossy)
                    .unwrap_or_default();
                Ok(["Enabled", "Suspended"]
                    .into_iter()
                    .find(|status| body.contains(&format!("<Status>{status}</Status>")))
                    .map(str::to_owned))
            }
            Err(error) => Err(s3_error("GetBucketVersioning", error)),
        }
    }

    pub(super) async fn head(&self, key: &str) -> Result<ObjectInfo, StoreError> {
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

    pub(super) async fn download(&self, key: &str, dest: &Path) -> Result<Downloaded, StoreError> {
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

    pub(super) async fn put(
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

    pub(super) async fn list_versions(&self, key: &str) -> Result<Vec<ObjectVersion>, StoreError> {
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

    pub(super) async fn delete_version(
        &self,
        key: &str,
        version_id: &str,
    ) -> Result<(), StoreError> {
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
pub(super) fn s3_error<E>(operation: &str, error: SdkError<E, HttpResponse>) -> StoreError
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
