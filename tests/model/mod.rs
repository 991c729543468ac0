//! The independent model of issue 14 and its world generator (see `tests/differential.rs`).

pub mod kaonavi;
pub mod kitera;
pub mod meishi;
pub mod mikiwame;
pub mod world;
