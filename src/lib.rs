//! meibo: read → normalise → reconcile → write. The stages live here as a library so that the
//! binary (`src/main.rs`, thin), the integration tests and the fuzz targets (`fuzz/`) reach the
//! same code.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod help;
pub mod input;
pub mod labels;
pub mod lang;
pub mod model;
pub mod normalize;
pub mod output;
pub mod personality;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod reason;
pub mod receiver;
pub mod rules;
pub mod source;
pub mod verify;

/// What a command achieved, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    SomeExcluded,
}
