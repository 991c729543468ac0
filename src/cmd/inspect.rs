//! `meibo inspect FILE...`: what meibo reads from each file — the support engineer's first question.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::InspectArgs;
use crate::config::{Loaded, Reading};
use crate::lang::Lang;
use crate::model::Warning;
use crate::reason::Code;
use crate::source::{self, records, Role};
use crate::Outcome;

/// Rows of warnings printed per file before the rest is counted only.
const SHOWN_WARNINGS: usize = 50;

pub fn run(args: InspectArgs, lang: Lang) -> Result<Outcome> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let reading = Reading::from_args(&args.read, lang)?;
    let candidates = match args.from {
        Some(from) => source::profiles(&[Role::Employees], Some(from.system())),
        None => source::profiles(&[], None),
    };
    let mut failed = 0;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printed = 0;
    for path in &args.files {
        let loaded = reading.load(path, &candidates, None).and_then(|loaded| {
            let warnings =
                records::file_warnings(&loaded.table, &loaded.map, &reading.mapping, lang)?;
            Ok((loaded, warnings))
        });
        match loaded {
            Ok((loaded, warnings)) => {
                if printed > 0 {
                    writeln!(out)?;
                }
                print_file(&mut out, &loaded, &warnings, lang, args.rows)?;
                printed += 1;
            }
            Err(error) => {
                // Why a file cannot be read is an error: stderr, seen even when stdout is redirected.
                failed += 1;
                // Headers that fit no export: the draft mapping file goes to stdout, ready to be
                // redirected into a file and edited.
                let unfitted = error.downcast_ref::<source::mapping::Unfitted>();
                if let Some(draft) = unfitted.and_then(|u| u.draft.as_ref()) {
                    if printed > 0 {
                        writeln!(out)?;
                    }
                    write!(out, "{draft}")?;
                    printed += 1;
                }
                out.flush()?;
                writeln!(
                    std::io::stderr(),
                    "meibo: {} {}",
                    t("エラー:", "error:"),
                    crate::lang::error_chain(&error, lang)
                )?;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!(
            "{failed} {}",
            t(
                "個のファイルを読めませんでした",
                "file(s) could not be read"
            )
        );
    }
    Ok(Outcome::Clean)
}

fn print_file(
    out: &mut impl Write,
    loaded: &Loaded,
    warnings: &[Warning],
    lang: Lang,
    shown_rows: usize,
) -> std::io::Result<()> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let Loaded { table, map, .. } = loaded;
    let profile = map.profile;
    writeln!(out, "{}", table.display_path())?;
    let also = if map.also_fits.is_empty() {
        String::new()
    } else {
        format!(
            "  ({} {})",
            t("同じ列構成:", "same layout as:"),
            map.also_fits
                .iter()
                .map(|p| format!("{} {}", p.system.id(), p.role.id()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    writeln!(
        out,
        "  {} {} ({})  {} {} ({}){also}",
        t("システム:", "system:"),
        profile.system.id(),
        profile.system.name(lang),
        t("種類:", "role:"),
        profile.role.id(),
        profile.role.label(lang)
    )?;
    let mut format_line = format!("  {} {}", t("形式:", "format:"), table.format.name());
    if let Some(encoding) = &table.encoding {
        format_line += &format!("  {} {encoding}", t("文字コード:", "encoding:"));
    }
    if let Some(delimiter) = table.delimiter {
        let shown = if delimiter == b'\t' {
            "tab".to_string()
        } else {
            (delimiter as char).to_string()
        };
        format_line += &format!("  {} {shown}", t("区切り:", "delimiter:"));
    }
    if let Some(sheet) = &table.sheet {
        format_line += &format!("  {} {sheet}", t("シート:", "sheet:"));
    }
    writeln!(out, "{format_line}")?;
    writeln!(
        out,
        "  {} {}  {} {}",
        t("ヘッダー行:", "header row:"),
        table.header_line,
        t("データ行数:", "data rows:"),
        table.rows.len()
    )?;
    writeln!(
        out,
        "  {}",
        t("対応（項目 ← 列）:", "mapping (field ← column):")
    )?;
    for spec in profile.fields {
        if let Some(column) = map.column(spec.field) {
            writeln!(
                out,
                "    {:<22} ← {}",
                spec.field.id(),
                table.headers[column]
            )?;
        }
    }
    if !map.missing_optional.is_empty() {
        let missing: Vec<String> = map
            .missing_optional
            .iter()
            .map(|&f| {
                format!(
                    "{} ({})",
                    f.id(),
                    profile.spec(f).map(|s| s.aliases[0]).unwrap_or("")
                )
            })
            .collect();
        writeln!(
            out,
            "  {} {}",
            t("ない任意項目:", "missing optional fields:"),
            missing.join(", ")
        )?;
    }
    if !map.unused.is_empty() {
        let unused: Vec<&str> = map
            .unused
            .iter()
            .map(|&c| table.headers[c].as_str())
            .collect();
        let label = if profile.role == Role::Results {
            t("尺度の列（偏差値）:", "scale columns (偏差値):")
        } else {
            t("使っていない列:", "columns not used:")
        };
        writeln!(out, "  {label} {}", unused.join(", "))?;
    }
    print_rows(out, loaded, shown_rows, lang)?;

    if warnings.is_empty() {
        writeln!(out, "  {} 0", t("警告:", "warnings:"))?;
        return Ok(());
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in warnings {
        *counts.entry(w.code.id()).or_default() += 1;
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    writeln!(
        out,
        "  {} {} ({})",
        t("警告:", "warnings:"),
        warnings.len(),
        summary.join(", ")
    )?;
    for w in warnings.iter().take(SHOWN_WARNINGS) {
        writeln!(
            out,
            "    {} {:>6}  {:<26} {}",
            t("行", "row"),
            w.at.row,
            w.code.id(),
            w.detail.render(lang)
        )?;
    }
    if warnings.len() > SHOWN_WARNINGS {
        writeln!(
            out,
            "    … {} {}",
            warnings.len() - SHOWN_WARNINGS,
            t("件は省略", "more not shown")
        )?;
    }
    Ok(())
}

/// `--rows N`: the first N data rows as read, one line each: every mapped field in profile order
/// with its cell text (trimmed, not normalised), so a person can check what meibo decoded.
fn print_rows(
    out: &mut impl Write,
    loaded: &Loaded,
    shown_rows: usize,
    lang: Lang,
) -> std::io::Result<()> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let Loaded { table, map, .. } = loaded;
    if shown_rows == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "  {} {} {}",
        t("先頭", "first"),
        shown_rows.min(table.rows.len()),
        t("行のデータ（セルの値）:", "data rows (cell text):")
    )?;
    for row in table.rows.iter().take(shown_rows) {
        if row.undecodable {
            // The cells of such a row are not the file's text: never show them as if they were.
            writeln!(
                out,
                "    {} {}: {}",
                t("行", "row"),
                row.line,
                Code::InvalidEncoding.id()
            )?;
            continue;
        }
        let cells: Vec<String> = map
            .profile
            .fields
            .iter()
            .filter_map(|spec| {
                let column = map.column(spec.field)?;
                Some(format!(
                    "{}={}",
                    spec.field.id(),
                    one_line(crate::normalize::trim(row.cell(column)))
                ))
            })
            .collect();
        writeln!(
            out,
            "    {} {}: {}",
            t("行", "row"),
            row.line,
            cells.join(" | ")
        )?;
    }
    Ok(())
}

/// A cell's text on one line: line breaks and tabs inside a cell are shown escaped.
fn one_line(text: &str) -> String {
    text.replace('\r', "\\r")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}
