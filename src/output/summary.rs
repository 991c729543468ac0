//! `summary.json`: what was read, and what will happen, counted — identical for identical inputs.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::reason::Code;

#[derive(Serialize)]
pub struct Summary {
    pub meibo_version: &'static str,
    pub command: &'static str,
    pub source_system: String,
    pub target_system: String,
    pub inputs: Vec<InputSummary>,
    /// action → count, for departments and for employees (or results).
    pub counts: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    pub exclusions_by_reason: BTreeMap<&'static str, usize>,
    pub warnings_by_code: BTreeMap<&'static str, usize>,
    pub outputs: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct InputSummary {
    pub path: String,
    pub role: String,
    pub system: String,
    pub format: String,
    pub encoding: Option<String>,
    pub rows: usize,
    pub sha256: String,
}

impl Summary {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serialises") + "\n"
    }
}

/// How many times each code occurs, in code order (the order `meibo explain` lists them).
pub fn count_codes(codes: impl Iterator<Item = Code>) -> BTreeMap<Code, usize> {
    let mut counts = BTreeMap::new();
    for code in codes {
        *counts.entry(code).or_default() += 1;
    }
    counts
}

/// The same counts keyed by code id, as `summary.json` holds them.
pub fn by_id(counts: &BTreeMap<Code, usize>) -> BTreeMap<&'static str, usize> {
    counts.iter().map(|(c, &n)| (c.id(), n)).collect()
}
