//! The report CSVs every command writes, in one layout whatever the command: `exclusions.csv`
//! (SPEC §6: one line per row and reason), `warnings.csv` and, for the receiving systems of SPEC §7,
//! `changes.csv`. Messages are in the run's language; codes, file names and headers never are.

use std::path::Path;

use anyhow::Result;

use super::csv as csv_out;
use crate::lang::Lang;
use crate::model::Warning;
use crate::reconcile::{Change, Exclusion};

pub const EXCLUSION_HEADERS: [&str; 8] = [
    "file", "row", "kind", "key", "name", "code", "message", "detail",
];
pub const WARNING_HEADERS: [&str; 5] = ["file", "row", "code", "message", "detail"];

/// The cells of `exclusions.csv`, one line per (row, reason).
pub fn exclusion_rows(exclusions: &[Exclusion], lang: Lang) -> Vec<[String; 8]> {
    exclusions
        .iter()
        .map(|x| {
            [
                x.at.file.to_string(),
                x.at.row.to_string(),
                x.kind.id().to_string(),
                x.key.clone(),
                x.name.clone(),
                x.code.id().to_string(),
                x.code.message(lang).to_string(),
                x.detail.clone(),
            ]
        })
        .collect()
}

/// Write `exclusions.csv` from rows made by [`exclusion_rows`].
pub fn write_exclusion_rows(path: &Path, rows: &[[String; 8]]) -> Result<()> {
    csv_out::write_report(
        path,
        &EXCLUSION_HEADERS,
        rows.iter().map(|r| r.iter().map(String::as_str).collect()),
    )
}

/// Write `warnings.csv`.
pub fn write_warnings(path: &Path, warnings: &[Warning], lang: Lang) -> Result<()> {
    let rows: Vec<[String; 5]> = warnings
        .iter()
        .map(|w| {
            [
                w.at.file.to_string(),
                w.at.row.to_string(),
                w.code.id().to_string(),
                w.code.message(lang).to_string(),
                w.detail.clone(),
            ]
        })
        .collect();
    csv_out::write_report(
        path,
        &WARNING_HEADERS,
        rows.iter().map(|r| r.iter().map(String::as_str).collect()),
    )
}

pub const CHANGE_HEADERS: [&str; 6] = ["kind", "action", "key", "field", "before", "after"];

/// Write `changes.csv`: one line per changed field of an update, one per created, deleted,
/// skipped or target-only record.
pub fn write_changes(path: &Path, changes: &[Change]) -> Result<()> {
    csv_out::write_report(
        path,
        &CHANGE_HEADERS,
        changes.iter().map(|c| {
            vec![
                c.kind.id(),
                c.action.id(),
                c.key.as_str(),
                c.field.as_str(),
                c.before.as_str(),
                c.after.as_str(),
            ]
        }),
    )
}
