//! One small file per command: validated settings → the library's pipeline → the closing summary.

pub mod explain;
pub mod inspect;
pub mod personality;
pub mod reconcile;
pub mod verify;
