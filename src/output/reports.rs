//! The report CSVs every command writes, in one layout whatever the command: `exclusions.csv`
//! (SPEC §6: one line per row and reason), `warnings.csv` and, for the receiving systems of SPEC §7,
//! `changes.csv`. Messages are in the run's language; codes, file names and headers never are.

use std::borrow::Cow;
use std::path::Path;

use anyhow::Result;

use super::csv as csv_out;
use crate::lang::Lang;
use crate::model::Warning;
use crate::rules::{Change, Exclusion};

pub const EXCLUSION_HEADERS: [&str; 8] = [
    "file", "row", "kind", "key", "name", "code", "message", "detail",
];
pub const WARNING_HEADERS: [&str; 5] = ["file", "row", "code", "message", "detail"];

/// The cells of one `exclusions.csv` line (one line per row and reason); report.html shows the
/// same cells.
pub fn exclusion_cells(x: &Exclusion, lang: Lang) -> [Cow<'_, str>; 8] {
    [
        Cow::Borrowed(&x.at.file),
        Cow::Owned(x.at.row.to_string()),
        x.kind.id().into(),
        x.key.as_str().into(),
        x.name.as_str().into(),
        x.code.id().into(),
        x.code.message(lang).into(),
        x.detail.render(),
    ]
}

/// Write `exclusions.csv`.
pub fn write_exclusions(path: &Path, exclusions: &[Exclusion], lang: Lang) -> Result<()> {
    let rows = exclusions.iter().map(|x| exclusion_cells(x, lang));
    csv_out::write_report(path, &EXCLUSION_HEADERS, rows)
}

/// Write `warnings.csv`.
pub fn write_warnings(path: &Path, warnings: &[Warning], lang: Lang) -> Result<()> {
    let rows = warnings.iter().map(|w| -> [Cow<str>; 5] {
        [
            Cow::Borrowed(&w.at.file),
            Cow::Owned(w.at.row.to_string()),
            w.code.id().into(),
            w.code.message(lang).into(),
            w.detail.render(),
        ]
    });
    csv_out::write_report(path, &WARNING_HEADERS, rows)
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
