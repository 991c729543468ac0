//! Receiving systems: keys, rules and import layouts.
