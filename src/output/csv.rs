//! CSV files: import sheets in the chosen encoding, reports in UTF-8 with formula-like cells
//! neutralised.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Result};

use crate::lang::{Doing, FileError, Lang};

/// Encoding of the import CSVs (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8Bom,
    Utf8,
    Cp932,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write rows as CSV (CRLF line ends, quoted where needed) to `out`, record by record.
fn render<W: Write, R: AsRef<[C]>, C: AsRef<str>>(
    out: W,
    headers: &[&str],
    rows: impl Iterator<Item = R>,
    neutralise: bool,
) -> Result<W> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(headers)?;
    for row in rows {
        let cells = row.as_ref().iter().map(|c| {
            let cell = c.as_ref();
            if neutralise && needs_neutralising(cell) {
                Cow::Owned(neutralise_cell(cell))
            } else {
                Cow::Borrowed(cell)
            }
        });
        writer.write_record(cells.map(|cell| match cell {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }))?;
    }
    writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

fn needs_neutralising(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe (docs/output.md).
pub fn neutralise_cell(cell: &str) -> String {
    if needs_neutralising(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Write an import sheet. With CP932 every value must be representable (rows that are not were
/// excluded before); a value that still is not stops the run rather than becoming `?`.
pub fn write_import<R: AsRef<[C]>, C: AsRef<str>>(
    path: &Path,
    headers: &[&str],
    rows: impl Iterator<Item = R>,
    encoding: Encoding,
    lang: Lang,
) -> Result<()> {
    match encoding {
        Encoding::Utf8Bom | Encoding::Utf8 => {
            let mut out = create(path)?;
            if encoding == Encoding::Utf8Bom {
                out.write_all(BOM)
                    .map_err(|e| FileError::new(Doing::Write, path, e))?;
            }
            let out = render(out, headers, rows, false)
                .map_err(|e| FileError::new(Doing::Write, path, e))?;
            finish(path, out)
        }
        Encoding::Cp932 => {
            let text = render(Vec::new(), headers, rows, false)?;
            let text = String::from_utf8(text).expect("rendered from UTF-8 strings");
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            if unmappable {
                // Rows holding such a value are excluded before (unencodable-character).
                bail!(
                    "{}: {}",
                    path.display(),
                    lang.pick(
                        "CP932 で書けない値があります。--encoding utf8-bom を使ってください",
                        "a value cannot be written in CP932; use --encoding utf8-bom"
                    )
                );
            }
            let mut out = create(path)?;
            out.write_all(&bytes)
                .map_err(|e| FileError::new(Doing::Write, path, e))?;
            finish(path, out)
        }
    }
}

/// Write a report (always UTF-8 with BOM, so Excel opens it correctly).
pub fn write_report<R: AsRef<[C]>, C: AsRef<str>>(
    path: &Path,
    headers: &[&str],
    rows: impl Iterator<Item = R>,
) -> Result<()> {
    let mut out = create(path)?;
    out.write_all(BOM)
        .map_err(|e| FileError::new(Doing::Write, path, e))?;
    let out =
        render(out, headers, rows, true).map_err(|e| FileError::new(Doing::Write, path, e))?;
    finish(path, out)
}

/// A report's bytes, as [`write_report`] writes them (for a bundle built in memory).
pub fn report_bytes<R: AsRef<[C]>, C: AsRef<str>>(
    headers: &[&str],
    rows: impl Iterator<Item = R>,
) -> Result<Vec<u8>> {
    render(BOM.to_vec(), headers, rows, true)
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).map_err(|e| FileError::new(Doing::Create, path, e))?;
    Ok(BufWriter::with_capacity(1 << 16, file))
}

fn finish(path: &Path, mut out: BufWriter<File>) -> Result<()> {
    out.flush()
        .map_err(|e| FileError::new(Doing::Write, path, e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+81", "'+81"),
            ("-x", "'-x"),
            ("@SUM", "'@SUM"),
            ("\tx", "'\tx"),
            ("山田", "山田"),
            ("a=b", "a=b"),
        ];
        for (input, expected) in cases {
            assert_eq!(neutralise_cell(input), expected, "{input}");
        }
    }
}
