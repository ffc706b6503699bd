//! A queue backend that never lets one task's bytes stop its worker.
//!
//! apalis decodes each fetched task with the backend's codec, and a decode error ends the
//! worker's stream: one `HSET …:data <id> 'not json'` (or a garbage `job` column on SQLite)
//! stopped every later job of that type (issue 16, item 3). [`Lenient`] wraps either backend
//! and decodes with [`LenientJson`], which turns bytes that are not JSON into a marker payload
//! ([`undecodable`]); the handler sends that task to failed jobs, without its bytes, and the
//! queue goes on.
//!
//! It also holds a worker's first poll back by a delay: the restart policy
//! ([`crate::restarts`]) uses it to back off while Redis is down instead of spinning.

use std::{
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use apalis_core::{
    backend::{Backend, BackendConfig, WireFormatBackend, codec::Codec},
    worker::context::WorkerContext,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// The key of the marker payload that stands for a task whose bytes were not JSON.
pub const UNDECODABLE_KEY: &str = "__muffle_undecodable";

/// The marker for undecodable bytes: their length, never their content.
pub fn undecodable(len: usize) -> Value {
    serde_json::json!({ UNDECODABLE_KEY: { "bytes": len } })
}

/// When `payload` is the marker: how many bytes the task held.
pub fn undecodable_len(payload: &Value) -> Option<u64> {
    payload.get(UNDECODABLE_KEY)?.get("bytes")?.as_u64()
}

/// JSON, except that bytes which are not JSON decode to the [`undecodable`] marker (for a
/// task type that can hold it, `serde_json::Value`; any other type keeps the error).
#[derive(Debug, Clone, Copy, Default)]
pub struct LenientJson;

impl<T: Serialize + DeserializeOwned> Codec<T> for LenientJson {
    type Compact = Vec<u8>;
    type Error = serde_json::Error;

    fn encode(&self, value: &T) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(value)
    }

    fn decode(&self, bytes: &Vec<u8>) -> Result<T, serde_json::Error> {
        serde_json::from_slice(bytes)
            .or_else(|error| serde_json::from_value(undecodable(bytes.len())).map_err(|_| error))
    }
}

/// Called once, when the backend first answers (the worker is registered).
pub type OnReady = Box<dyn FnOnce() + Send + Sync>;

/// `backend`, decoded with [`LenientJson`], its first poll held back by `start_delay`.
pub struct Lenient<B> {
    backend: B,
    codec: LenientJson,
    start_delay: Option<Pin<Box<tokio::time::Sleep>>>,
    on_ready: Option<OnReady>,
}

impl<B> Lenient<B> {
    pub fn new(backend: B, start_delay: Duration, on_ready: OnReady) -> Lenient<B> {
        Lenient {
            backend,
            codec: LenientJson,
            start_delay: (!start_delay.is_zero())
                .then(|| Box::pin(tokio::time::sleep(start_delay))),
            on_ready: Some(on_ready),
        }
    }
}

impl<B: Backend> Backend for Lenient<B> {
    type Task = B::Task;
    type Error = B::Error;

    fn poll_ready(
        &mut self,
        cx: &mut Context<'_>,
        worker: &WorkerContext,
    ) -> Poll<Result<(), B::Error>> {
        if let Some(delay) = &mut self.start_delay {
            if delay.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.start_delay = None;
        }
        let ready = self.backend.poll_ready(cx, worker);
        if matches!(ready, Poll::Ready(Ok(()))) {
            if let Some(on_ready) = self.on_ready.take() {
                on_ready();
            }
        }
        ready
    }

    fn poll_next(
        &mut self,
        cx: &mut Context<'_>,
        worker: &WorkerContext,
    ) -> Poll<Option<Result<B::Task, B::Error>>> {
        if self.start_delay.is_some() {
            // Registration (in poll_ready) comes first; until then there is nothing to fetch.
            return match self.poll_ready(cx, worker) {
                Poll::Ready(Err(error)) => Poll::Ready(Some(Err(error))),
                _ if self.start_delay.is_some() => Poll::Pending,
                _ => self.backend.poll_next(cx, worker),
            };
        }
        self.backend.poll_next(cx, worker)
    }

    fn poll_close(
        &mut self,
        cx: &mut Context<'_>,
        worker: &WorkerContext,
    ) -> Poll<Result<(), B::Error>> {
        self.backend.poll_close(cx, worker)
    }
}

impl<B: BackendConfig> BackendConfig for Lenient<B> {
    type Args = B::Args;
    type Id = B::Id;
    type Kind = B::Kind;
    type Config = B::Config;
    type Layer = B::Layer;

    fn config(&self) -> &B::Config {
        self.backend.config()
    }

    fn middleware(&mut self, worker: &mut WorkerContext) -> B::Layer {
        self.backend.middleware(worker)
    }
}

impl<B: WireFormatBackend<Compact = Vec<u8>>> WireFormatBackend for Lenient<B> {
    type Codec = LenientJson;
    type Compact = Vec<u8>;

    fn codec(&self) -> &LenientJson {
        &self.codec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_json_decode_to_the_marker_with_their_length_only() {
        let payload: Value = LenientJson
            .decode(&b"not json: 4111 1111".to_vec())
            .unwrap();
        assert_eq!(undecodable_len(&payload), Some(19));
        assert!(!payload.to_string().contains("4111"));
        let empty: Value = LenientJson.decode(&Vec::new()).unwrap();
        assert_eq!(undecodable_len(&empty), Some(0));
    }

    #[test]
    fn json_decodes_as_json_and_a_typed_payload_keeps_its_error() {
        let payload: Value = LenientJson.decode(&br#"{"call_id":7}"#.to_vec()).unwrap();
        assert_eq!(payload, serde_json::json!({"call_id": 7}));
        assert_eq!(undecodable_len(&payload), None);
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Ids {
            call_id: i64,
        }
        let typed: Result<Ids, _> = LenientJson.decode(&b"garbage".to_vec());
        assert!(typed.is_err());
    }
}
