//! Retention: schedules (`admin`), the clock that fires them (`clock`) and its built-in
//! maintenance schedules (`maintenance`), and the words and
//! bookkeeping the `sweep_retention` job walks with (`vocabulary`, `plan`, `progress`).

pub mod admin;
pub mod clock;
pub mod maintenance;
pub(crate) mod plan;
pub(crate) mod progress;
pub mod vocabulary;

pub use vocabulary::{Action, FINISHED, RUNNING};

pub use crate::interaction::{Kind, kinds_of};
