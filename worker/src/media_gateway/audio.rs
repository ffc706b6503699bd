//! Streaming a recording with `Range` support, from S3 or the local store, without ever
//! handing out the storage URL and without holding the recording in memory.

use axum::{
    body::Body,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use jobs::recordings::{RecordingStore, StoreError};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// A satisfiable byte range, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    pub end: u64,
}

/// What a `Range` header asks of an object of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No header, several ranges, or one we do not understand: the whole object (RFC 9110
    /// lets a server ignore Range).
    Whole,
    Part(ByteRange),
    Unsatisfiable,
}

pub fn parse_range(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Whole;
    };
    if spec.contains(',') {
        return RangeRequest::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return RangeRequest::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.parse::<u64>().ok(), last.parse::<u64>().ok()) {
        // bytes=-N: the last N bytes.
        (None, Some(suffix)) if first.is_empty() => {
            if suffix == 0 || size == 0 {
                return RangeRequest::Unsatisfiable;
            }
            ByteRange {
                start: size.saturating_sub(suffix),
                end: size - 1,
            }
        }
        (Some(start), None) if last.is_empty() => ByteRange {
            start,
            end: size.saturating_sub(1),
        },
        (Some(start), Some(end)) if start <= end => ByteRange {
            start,
            end: end.min(size.saturating_sub(1)),
        },
        _ => return RangeRequest::Whole,
    };
    if range.start >= size {
        RangeRequest::Unsatisfiable
    } else {
        RangeRequest::Part(range)
    }
}

/// The content type a browser's `<audio>` needs, by the key's extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("mp3") => "audio/mpeg",
        Some("wav") => "audio/wav",
        Some("ogg" | "oga" | "opus") => "audio/ogg",
        Some("m4a" | "mp4" | "aac") => "audio/mp4",
        Some("webm") => "audio/webm",
        Some("flac") => "audio/flac",
        _ => "application/octet-stream",
    }
}

/// The object's size (for HEAD and for Range arithmetic).
pub async fn size(store: &RecordingStore, key: &str) -> Result<u64, StoreError> {
    Ok(store.head(key).await?.size)
}

/// A 200/206/416 response streaming `key`. `head_only` answers with headers alone.
pub async fn respond(
    store: &RecordingStore,
    key: &str,
    range_header: Option<&str>,
    head_only: bool,
) -> Result<Response, StoreError> {
    let size = size(store, key).await?;
    let (status, range) = match parse_range(range_header, size) {
        RangeRequest::Unsatisfiable => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{size}")).expect("ascii"),
            );
            return Ok(response);
        }
        RangeRequest::Whole if size == 0 => (StatusCode::OK, None),
        RangeRequest::Whole => (
            StatusCode::OK,
            Some(ByteRange {
                start: 0,
                end: size - 1,
            }),
        ),
        RangeRequest::Part(range) => (StatusCode::PARTIAL_CONTENT, Some(range)),
    };
    let length = range.map_or(0, |r| r.end - r.start + 1);
    let body = match range {
        Some(range) if !head_only => stream(store, key, range).await?,
        _ => Body::empty(),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let (StatusCode::PARTIAL_CONTENT, Some(range)) = (status, range) {
        headers.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&format!("bytes {}-{}/{size}", range.start, range.end))
                .expect("ascii"),
        );
    }
    Ok(response)
}

/// The bytes of `range`, streamed.
async fn stream(store: &RecordingStore, key: &str, range: ByteRange) -> Result<Body, StoreError> {
    match store {
        RecordingStore::S3(s3) => {
            let out = s3
                .client()
                .get_object()
                .bucket(s3.bucket())
                .key(key)
                .range(format!("bytes={}-{}", range.start, range.end))
                .send()
                .await
                .map_err(|e| match e.as_service_error() {
                    Some(service) if service.is_no_such_key() => StoreError::NotFound,
                    _ => StoreError::Backend("GetObject failed".into()),
                })?;
            let body = futures::stream::try_unfold(out.body, |mut body| async move {
                match body.try_next().await {
                    Ok(Some(chunk)) => Ok(Some((chunk, body))),
                    Ok(None) => Ok(None),
                    Err(e) => Err(std::io::Error::other(e.to_string())),
                }
            });
            Ok(Body::from_stream(body))
        }
        RecordingStore::Local(local) => {
            let path = local.path_of(key)?;
            let mut file = tokio::fs::File::open(&path).await.map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    StoreError::NotFound
                } else {
                    StoreError::Io(e)
                }
            })?;
            file.seek(std::io::SeekFrom::Start(range.start)).await?;
            let reader = file.take(range.end - range.start + 1);
            Ok(Body::from_stream(
                tokio_util::io::ReaderStream::with_capacity(reader, 64 * 1024),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_rfc_9110() {
        let part = |start, end| RangeRequest::Part(ByteRange { start, end });
        assert_eq!(parse_range(None, 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("bytes=0-"), 100), part(0, 99));
        assert_eq!(parse_range(Some("bytes=10-19"), 100), part(10, 19));
        assert_eq!(parse_range(Some("bytes=90-500"), 100), part(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), part(90, 99));
        assert_eq!(parse_range(Some("bytes=-500"), 100), part(0, 99));
        assert_eq!(
            parse_range(Some("bytes=100-"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range(Some("bytes=-0"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("bytes=9-3"), 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 100), RangeRequest::Whole);
        assert_eq!(content_type("rec/a.MP3"), "audio/mpeg");
        assert_eq!(content_type("rec/a.wav"), "audio/wav");
        assert_eq!(content_type("rec/a"), "application/octet-stream");
    }
}
