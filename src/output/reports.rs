//! The report CSVs every command writes, in one layout whatever the command: `exclusions.csv`
//! (one line per row and reason: docs/output.md), `warnings.csv` and, for every receiving system,
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
        x.detail.render(lang),
    ]
}

/// Where a report goes: a file, or bytes for the diagnostic bundle.
pub enum Sink<'p> {
    File(&'p Path),
    Bytes(&'p mut Vec<u8>),
}

fn write<R: AsRef<[C]>, C: AsRef<str>>(
    sink: Sink,
    headers: &[&str],
    rows: impl Iterator<Item = R>,
) -> Result<()> {
    match sink {
        Sink::File(path) => csv_out::write_report(path, headers, rows),
        Sink::Bytes(bytes) => {
            *bytes = csv_out::report_bytes(headers, rows)?;
            Ok(())
        }
    }
}

/// Write `exclusions.csv`.
pub fn write_exclusions(sink: Sink, exclusions: &[Exclusion], lang: Lang) -> Result<()> {
    let rows = exclusions.iter().map(|x| exclusion_cells(x, lang));
    write(sink, &EXCLUSION_HEADERS, rows)
}

/// Write `warnings.csv`.
pub fn write_warnings(sink: Sink, warnings: &[Warning], lang: Lang) -> Result<()> {
    let rows = warnings.iter().map(|w| -> [Cow<str>; 5] {
        [
            Cow::Borrowed(&w.at.file),
            Cow::Owned(w.at.row.to_string()),
            w.code.id().into(),
            w.code.message(lang).into(),
            w.detail.render(lang),
        ]
    });
    write(sink, &WARNING_HEADERS, rows)
}

pub const CHANGE_HEADERS: [&str; 6] = ["kind", "action", "key", "field", "before", "after"];

/// Write `changes.csv`: one line per changed field of an update, one per created, deleted,
/// skipped or target-only record.
pub fn write_changes(sink: Sink, changes: &[Change]) -> Result<()> {
    write(
        sink,
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
