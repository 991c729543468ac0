//! Receiving systems: their keys, rules and import layouts. One file per system.

pub mod kaonavi;
pub mod mikiwame;
