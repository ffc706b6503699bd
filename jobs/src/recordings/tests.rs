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
        S3Config::from_lookup(env(&[("S3_BUCKET", "b"), ("S3_FORCE_PATH_STYLE", "yes")])).is_err()
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
