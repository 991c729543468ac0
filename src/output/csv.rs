//! CSV files: import sheets in the chosen encoding, reports in UTF-8 with formula-like cells
//! neutralised.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Encoding of the import CSVs (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8Bom,
    Utf8,
    Cp932,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Render rows as CSV text (CRLF line ends, quoted where needed).
fn render<'a>(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<&'a str>>,
    neutralise: bool,
) -> Result<Vec<u8>> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(headers)?;
    let mut cells: Vec<String> = Vec::new();
    for row in rows {
        cells.clear();
        cells.extend(row.iter().map(|c| {
            if neutralise {
                neutralise_cell(c)
            } else {
                (*c).to_string()
            }
        }));
        writer.write_record(&cells)?;
    }
    writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe (SPEC §6).
pub fn neutralise_cell(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Write an import sheet. With CP932 every value must be representable (rows that are not were
/// excluded before); a value that still is not stops the run rather than becoming `?`.
pub fn write_import<'a>(
    path: &Path,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<&'a str>>,
    encoding: Encoding,
) -> Result<()> {
    let text = render(headers, rows, false)?;
    let bytes = match encoding {
        Encoding::Utf8Bom => [BOM, &text].concat(),
        Encoding::Utf8 => text,
        Encoding::Cp932 => {
            let text = String::from_utf8(text).expect("rendered from UTF-8 strings");
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            if unmappable {
                bail!("{}: a value cannot be written in CP932", path.display());
            }
            bytes.into_owned()
        }
    };
    write_all(path, &bytes)
}

/// Write a report (always UTF-8 with BOM, so Excel opens it correctly).
pub fn write_report<'a>(
    path: &Path,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<&'a str>>,
) -> Result<()> {
    let text = render(headers, rows, true)?;
    write_all(path, &[BOM, &text].concat())
}

fn write_all(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = std::fs::File::create(path)
        .with_context(|| format!("{}: cannot create", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
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
