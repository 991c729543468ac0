//! One module per command. Shared here: turning the read flags into reading settings, loading a
//! file as a detected table, describing it for `summary.json`, and the closing summary's common
//! lines.

pub mod explain;
pub mod inspect;
pub mod personality;
pub mod reconcile;
pub mod targets;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::ReadArgs;
use crate::input::{self, Converted, ReadOptions, Row, Table};
use crate::lang::t;
use crate::model::Warning;
use crate::output::html;
use crate::output::summary::{self, InputSummary, Summary};
use crate::reason::Code;
use crate::rules::{Change, Exclusion};
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
                lang: crate::lang::current(),
            },
            mapping: Mapping::load(args.mapping.as_deref(), &args.map, crate::lang::current())?,
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
    let map = source::detect(
        &table,
        candidates,
        &reading.mapping,
        required,
        crate::lang::current(),
    )?;
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
        |table| {
            source::detect(
                table,
                candidates,
                &reading.mapping,
                required,
                crate::lang::current(),
            )
        },
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

/// The files a reconcile run writes: the receiving system's import CSVs and/or `import.xlsx`,
/// then the reports (SPEC §6), in the order they are committed.
pub fn reconcile_output_names(
    import_csvs: &[&'static str],
    formats: &[crate::cli::ImportFormat],
) -> Vec<&'static str> {
    use crate::cli::ImportFormat;
    let mut names = Vec::new();
    if formats.contains(&ImportFormat::Csv) {
        names.extend(import_csvs);
    }
    if formats.contains(&ImportFormat::Xlsx) {
        names.push("import.xlsx");
    }
    names.extend([
        "exclusions.csv",
        "changes.csv",
        "warnings.csv",
        "summary.json",
        "report.html",
    ]);
    names
}

/// report.html pieces every command shares: the inputs, code counts with their messages, and the
/// table of exclusions (the same cells as exclusions.csv).
pub mod page {
    use super::*;

    pub fn inputs(summary: &Summary) -> Vec<html::InputLine> {
        summary
            .inputs
            .iter()
            .map(|i| html::InputLine {
                role: i.role.clone(),
                path: i.path.clone(),
                system: i.system.clone(),
                rows: i.rows,
            })
            .collect()
    }

    pub fn code_counts(counts: &BTreeMap<&'static str, usize>) -> Vec<html::CodeCount> {
        let lang = crate::lang::current();
        counts
            .iter()
            .map(|(&id, &count)| html::CodeCount {
                code: id.to_string(),
                message: Code::from_id(id)
                    .map(|c| c.message(lang))
                    .unwrap_or_default()
                    .to_string(),
                count,
            })
            .collect()
    }

    /// The first rows of exclusions.csv (only those shown are built).
    pub fn exclusion_table(exclusions: &[Exclusion]) -> html::Table {
        let lang = crate::lang::current();
        let headers = [
            t("ファイル", "file"),
            t("行", "row"),
            t("種別", "kind"),
            t("キー", "key"),
            t("名前", "name"),
            t("コード", "code"),
            t("メッセージ", "message"),
            t("詳細", "detail"),
        ];
        html::Table::new(
            "exclusions",
            t("除外された行", "Excluded rows"),
            "exclusions.csv",
            &headers,
            exclusions.len(),
            exclusions.iter().map(|x| {
                crate::output::reports::exclusion_cells(x, lang)
                    .into_iter()
                    .map(String::from)
                    .collect()
            }),
        )
    }

    pub fn change_table(changes: &[Change]) -> html::Table {
        let headers = [
            t("種別", "kind"),
            t("処理", "action"),
            t("キー", "key"),
            t("項目", "field"),
            t("変更前", "before"),
            t("変更後", "after"),
        ];
        html::Table::new(
            "changes",
            t(
                "変更（作成・更新・削除・連携先のみ）",
                "Changes (create, update, delete, target-only)",
            ),
            "changes.csv",
            &headers,
            changes.len(),
            changes.iter().map(|c| {
                vec![
                    c.kind.id().to_string(),
                    c.action.id().to_string(),
                    c.key.clone(),
                    c.field.clone(),
                    c.before.clone(),
                    c.after.clone(),
                ]
            }),
        )
    }
}

/// The closing summary's lines every command shares (stderr): the most frequent exclusion reasons,
/// the warnings, the files written and where the reasons are explained.
pub fn print_closing_details(exclusions: &[Exclusion], warnings: &[Warning], written: &[PathBuf]) {
    let mut reasons: Vec<(_, usize)> = summary::count_codes(exclusions.iter().map(|x| x.code))
        .into_iter()
        .collect();
    // Largest first; ties in code order, as report.html lists them.
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    if !reasons.is_empty() {
        // Five lines, or six rather than a line saying one more.
        let top = if reasons.len() <= 6 { reasons.len() } else { 5 };
        eprintln!("  {}", t("主な除外理由:", "top exclusion reasons:"));
        let width = reasons
            .iter()
            .take(top)
            .map(|(c, _)| c.id().len())
            .max()
            .unwrap_or(0);
        for (code, count) in reasons.iter().take(top) {
            eprintln!(
                "    {:width$} {count:>6}  {}",
                code.id(),
                code.message(crate::lang::current())
            );
        }
        if reasons.len() > top {
            let kinds = reasons.len() - top;
            let rest: usize = reasons[top..].iter().map(|(_, n)| n).sum();
            eprintln!(
                "    {}",
                match crate::lang::current() {
                    crate::lang::Lang::Ja =>
                        format!("ほか {kinds} 種類の理由で {rest} 件（exclusions.csv）"),
                    crate::lang::Lang::En =>
                        format!("{kinds} more reasons, {rest} lines (exclusions.csv)"),
                }
            );
        }
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
