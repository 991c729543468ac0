//! XLSX import workbooks, streamed in constant memory: every cell a string cell, so a value that
//! looks like a formula or a number stays exactly the text it is.

use std::path::Path;

use anyhow::{bail, Result};
use rust_xlsxwriter::Workbook;

use crate::lang::{Doing, FileError, Lang};

/// The most characters an Excel cell holds.
const EXCEL_CELL_CHARS: usize = 32_767;

/// One sheet to write: its name, header row and data rows (each a slice of cells).
pub struct Sheet<'a, I> {
    pub name: &'a str,
    pub headers: &'a [&'a str],
    pub rows: I,
}

/// Start a workbook; add sheets with [`add_sheet`]; save with [`save`].
pub fn new_workbook() -> Workbook {
    Workbook::new()
}

/// The rows of one Excel sheet.
const EXCEL_ROWS: u32 = 1_048_576;

pub fn add_sheet<I, R, C>(workbook: &mut Workbook, sheet: Sheet<'_, I>, lang: Lang) -> Result<()>
where
    I: Iterator<Item = R>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    let worksheet = workbook.add_worksheet_with_constant_memory()?;
    worksheet.set_name(sheet.name)?;
    for (column, header) in sheet.headers.iter().enumerate() {
        worksheet.write_string(0, column as u16, *header)?;
    }
    for (index, row) in sheet.rows.enumerate() {
        // Excel's sheet holds 1,048,576 rows, the header included.
        let row_number = match u32::try_from(index + 1) {
            Ok(n) if n < EXCEL_ROWS => n,
            _ => bail!(
                "import.xlsx: {}",
                lang.pick(
                    &format!("シート {} の行数が Excel の上限（見出しを含めて 1,048,576 行）を超えます。--format csv で CSV だけを書き出してください。", sheet.name),
                    &format!("sheet {} has more rows than Excel allows (1,048,576 with the header); write CSV only with --format csv.", sheet.name),
                )
            ),
        };
        for (column, cell) in row.as_ref().iter().enumerate() {
            let cell = cell.as_ref();
            if cell.len() > EXCEL_CELL_CHARS {
                let characters = cell.chars().count();
                if characters > EXCEL_CELL_CHARS {
                    bail!(
                        "import.xlsx: {} {}, {} {}, {} {}: {} {characters} {}",
                        lang.pick("シート", "sheet"),
                        sheet.name,
                        lang.pick("行", "row"),
                        row_number + 1,
                        lang.pick("列", "column"),
                        sheet.headers.get(column).copied().unwrap_or("?"),
                        lang.pick("値の長さ", "a value of"),
                        lang.pick(
                            "文字は Excel のセルの上限（32,767 文字）を超えています。--format csv で CSV だけを書き出してください",
                            "characters is longer than an Excel cell holds (32,767); write CSV only with --format csv"
                        ),
                    );
                }
            }
            if !cell.is_empty() {
                worksheet.write_string(row_number, column as u16, cell)?;
            }
        }
    }
    Ok(())
}

pub fn save(workbook: &mut Workbook, path: &Path) -> Result<()> {
    workbook
        .save(path)
        .map_err(|e| FileError::new(Doing::Write, path, e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet past Excel's row limit stops with a sentence that says to write CSV instead
    /// (a million-employee migration can pass it), in both languages.
    #[test]
    fn a_sheet_past_excels_row_limit_is_refused() {
        for (lang, expected) in [
            (
                Lang::Ja,
                "import.xlsx: シート 社員 の行数が Excel の上限（見出しを含めて 1,048,576 行）を超えます。--format csv で CSV だけを書き出してください。",
            ),
            (
                Lang::En,
                "import.xlsx: sheet 社員 has more rows than Excel allows (1,048,576 with the header); write CSV only with --format csv.",
            ),
        ] {
            let mut workbook = Workbook::new();
            let rows = std::iter::repeat_n([""], EXCEL_ROWS as usize);
            let sheet = Sheet {
                name: "社員",
                headers: &["社員番号"],
                rows,
            };
            let error = add_sheet(&mut workbook, sheet, lang).unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }
}
