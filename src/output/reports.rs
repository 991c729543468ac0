//! The report CSVs every command writes, in one layout whatever the command: `exclusions.csv`
//! (SPEC §6: one line per row and reason) and `warnings.csv`. Messages are in the run's language;
//! codes, file names and headers never are.

use std::borrow::Cow;
use std::path::Path;

use anyhow::Result;

use super::csv as csv_out;
use crate::lang::Lang;
use crate::model::Warning;
use crate::reconcile::Exclusion;

pub const EXCLUSION_HEADERS: [&str; 8] = [
    "file", "row", "kind", "key", "name", "code", "message", "detail",
];
pub const WARNING_HEADERS: [&str; 5] = ["file", "row", "code", "message", "detail"];

/// Write `exclusions.csv`.
pub fn write_exclusions(path: &Path, exclusions: &[Exclusion], lang: Lang) -> Result<()> {
    let rows = exclusions.iter().map(|x| -> [Cow<str>; 8] {
        [
            Cow::Borrowed(&x.at.file),
            Cow::Owned(x.at.row.to_string()),
            x.kind.id().into(),
            x.key.as_str().into(),
            x.name.as_str().into(),
            x.code.id().into(),
            x.code.message(lang).into(),
            x.detail.as_str().into(),
        ]
    });
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
            w.detail.as_str().into(),
        ]
    });
    csv_out::write_report(path, &WARNING_HEADERS, rows)
}
