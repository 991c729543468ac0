//! One module per command. Shared here: turning the read flags into reading settings, loading a
//! file as a detected table, describing it for `summary.json`, and the closing summary's common
//! lines.

pub mod explain;
pub mod inspect;
pub mod personality;
pub mod reconcile;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::ReadArgs;
use crate::input::{self, Converted, ReadOptions, Row, Table};
use crate::lang::t;
use crate::model::Warning;
use crate::output::summary::{self, InputSummary};
use crate::reconcile::Exclusion;
use crate::source::{self, Field, HeaderMap, Mapping, Profile};

/// Validated reading settings.
pub struct Reading {
    pub options: ReadOptions,
    pub mapping: Mapping,
}

impl Reading {
    pub fn from_args(args: &ReadArgs) -> Result<Reading> {
        let encoding = match &args.input_encoding {
            None => None,
            Some(label) => Some(input::encoding::from_label(label).with_context(|| {
                format!(
                    "--input-encoding {label:?}: {}",
                    t(
                        "不明な文字コードです（utf-8, cp932, utf-16le, utf-16be）",
                        "unknown encoding (utf-8, cp932, utf-16le, utf-16be)"
                    )
                )
            })?),
        };
        Ok(Reading {
            options: ReadOptions {
                encoding,
                sheet: args.sheet.clone(),
            },
            mapping: Mapping::load(args.mapping.as_deref(), &args.map)?,
        })
    }
}

/// A table and how its headers map to fields.
pub struct Loaded {
    pub table: Table,
    pub map: HeaderMap,
    /// Data rows read (the table's `rows` are empty when they were converted as they were read).
    pub rows: usize,
}

/// Read `path` and fit it to one of `candidates`.
pub fn load(
    path: &Path,
    reading: &Reading,
    candidates: &[&'static Profile],
    required: Option<&[Field]>,
) -> Result<Loaded> {
    let table = input::read_table(path, &reading.options)?;
    let map = source::detect(&table, candidates, &reading.mapping, required)?;
    Ok(Loaded {
        rows: table.rows.len(),
        table,
        map,
    })
}

/// [`load`], turning each row into a `T` as it is read instead of keeping the rows (large files).
pub fn load_as<T: Send>(
    path: &Path,
    reading: &Reading,
    candidates: &[&'static Profile],
    required: Option<&[Field]>,
    convert: impl Fn(&Table, &HeaderMap, &Row) -> T + Sync,
) -> Result<(Loaded, Converted<T>)> {
    let (table, map, converted) = input::read_table_as(
        path,
        &reading.options,
        |table| source::detect(table, candidates, &reading.mapping, required),
        convert,
    )?;
    let loaded = Loaded {
        table,
        map,
        rows: converted.len(),
    };
    Ok((loaded, converted))
}

/// An input as `summary.json` describes it.
pub fn describe(loaded: &Loaded, role: &str) -> InputSummary {
    InputSummary {
        path: loaded.table.display_path(),
        role: role.to_string(),
        system: loaded.map.profile.system.id().to_string(),
        format: loaded.table.format.name().to_string(),
        encoding: loaded.table.encoding.clone(),
        rows: loaded.rows,
        sha256: loaded.table.sha256.clone(),
    }
}

/// The closing summary's lines every command shares (stderr): the most frequent exclusion reasons,
/// the warnings, the files written and where the reasons are explained.
pub fn print_closing_details(exclusions: &[Exclusion], warnings: &[Warning], written: &[PathBuf]) {
    let mut reasons: Vec<(_, usize)> = summary::count_codes(exclusions.iter().map(|x| x.code))
        .into_iter()
        .collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !reasons.is_empty() {
        let top: Vec<String> = reasons
            .iter()
            .take(5)
            .map(|(c, n)| format!("{} {n}", c.id()))
            .collect();
        eprintln!(
            "  {} {}",
            t("主な除外理由:", "top exclusion reasons:"),
            top.join(", ")
        );
    }
    if !warnings.is_empty() {
        let counts: Vec<String> = summary::count_codes(warnings.iter().map(|w| w.code))
            .into_iter()
            .map(|(c, n)| format!("{} {n}", c.id()))
            .collect();
        eprintln!("  {} {}", t("警告:", "warnings:"), counts.join(", "));
    }
    eprintln!("  {}", t("出力:", "written:"));
    for path in written {
        eprintln!("    {}", path.display());
    }
    if !exclusions.is_empty() {
        eprintln!(
            "  {}",
            t(
                "除外された行の理由と直し方は exclusions.csv にあります（meibo explain <コード> で詳しく）。",
                "Why rows were excluded and how to fix them: exclusions.csv (meibo explain <CODE> for more)."
            )
        );
    }
}
