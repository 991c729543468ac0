//! Workbook reader (calamine): XLSX, and XLS/ODS where calamine reads them.
//!
//! [`cell_text`] is the one place where a spreadsheet cell becomes text: whole-number floats print
//! as integers (1001, not 1001.0), date cells as YYYY/MM/DD, error cells as empty with a warning.

use std::io::Cursor;
use std::path::Path;

use anyhow::{bail, Context, Result};
use calamine::{Data, Reader};

use super::{CellWarning, Format, Row, Table};

pub fn read(path: &Path, bytes: Vec<u8>, format: Format, sheet: Option<&str>) -> Result<Table> {
    let shown = path.display();
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let text = e.to_string();
        if text.to_ascii_lowercase().contains("password") || format == Format::Xls && text.contains("CFB") {
            anyhow::anyhow!("{shown}: the workbook is password-protected or encrypted ({text}); save it without a password and try again")
        } else {
            anyhow::anyhow!("{shown}: cannot open the workbook: {text}")
        }
    })?;
    let names = workbook.sheet_names().to_vec();
    let sheet_name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .with_context(|| {
                format!(
                    "{shown}: no sheet named {wanted:?}; the sheets are: {}",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .with_context(|| format!("{shown}: the workbook has no sheet"))?,
    };
    let range = workbook
        .worksheet_range(&sheet_name)
        .map_err(|e| anyhow::anyhow!("{shown}: cannot read sheet {sheet_name:?}: {e}"))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));

    let mut headers: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut cell_errors = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let line = first_row + offset as u32 + 1;
        let mut texts = Vec::with_capacity(cells.len());
        for (column, cell) in cells.iter().enumerate() {
            match cell_text(cell) {
                Ok(text) => texts.push(text),
                Err(error) => {
                    let column_name = headers
                        .as_ref()
                        .and_then(|(_, h)| h.get(column).cloned())
                        .unwrap_or_else(|| column_letter(first_col as usize + column));
                    cell_errors.push(CellWarning {
                        line,
                        column: column_name,
                        detail: error,
                    });
                    texts.push(String::new());
                }
            }
        }
        if texts.iter().all(|t| crate::normalize::trim(t).is_empty()) {
            continue;
        }
        match headers {
            None => {
                // Leading empty columns before the used range are not part of the sheet's layout.
                headers = Some((line, texts));
            }
            Some(_) => rows.push(Row {
                line,
                cells: texts,
                undecodable: false,
            }),
        }
    }
    let Some((header_line, headers)) = headers else {
        bail!("{shown}: sheet {sheet_name:?} is empty (no header row found)");
    };
    // Error cells seen before the header was known are in the header row itself; keep them.
    Ok(Table {
        path: path.to_path_buf(),
        format,
        encoding: None,
        delimiter: None,
        sheet: Some(sheet_name),
        header_line,
        headers,
        rows,
        cell_errors,
        sha256: String::new(),
    })
}

/// Turn one cell into text. `Err` carries the error value (#N/A…) for the warning.
pub fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => float_text(*value),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(value) => match value.as_datetime() {
            Some(datetime) if value.is_datetime() => {
                let date = datetime.date();
                if datetime.time() == chrono::NaiveTime::MIN {
                    crate::normalize::format_date(date)
                } else {
                    format!(
                        "{} {}",
                        crate::normalize::format_date(date),
                        datetime.time().format("%H:%M:%S")
                    )
                }
            }
            _ => float_text(value.as_f64()),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => return Err(error.to_string()),
    })
}

/// A number as Excel shows it: whole numbers without a fraction, others to Excel's 15 significant
/// digits (0.1+0.2 is 0.3 in the sheet, not 0.30000000000000004).
fn float_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    format!("{rounded}")
}

fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_to_text() {
        let cases: Vec<(Data, Result<&str, &str>)> = vec![
            (Data::Float(1001.0), Ok("1001")),
            (Data::Float(52.3), Ok("52.3")),
            (Data::Float(0.1 + 0.2), Ok("0.3")),
            (Data::Float(1.0 / 3.0), Ok("0.333333333333333")),
            (Data::Float(-3.0), Ok("-3")),
            (Data::Int(7), Ok("7")),
            (Data::String("0012".into()), Ok("0012")),
            (Data::Bool(true), Ok("TRUE")),
            (Data::Empty, Ok("")),
            (
                Data::DateTime(calamine::ExcelDateTime::new(
                    45383.0,
                    calamine::ExcelDateTimeType::DateTime,
                    false,
                )),
                Ok("2024/04/01"),
            ),
            (
                Data::DateTime(calamine::ExcelDateTime::new(
                    0.0,
                    calamine::ExcelDateTimeType::DateTime,
                    true,
                )),
                Ok("1904/01/01"),
            ),
            (Data::Error(calamine::CellErrorType::NA), Err("#N/A")),
        ];
        for (cell, expected) in cases {
            let got = cell_text(&cell);
            assert_eq!(got.as_deref().map_err(|e| e.as_str()), expected, "{cell:?}");
        }
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
