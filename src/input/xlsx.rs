//! Workbook reader (calamine): XLSX, and XLS/ODS where calamine reads them.
//!
//! [`cell_text`] is the one place where a spreadsheet cell becomes text: whole-number floats print
//! as integers (1001, not 1001.0), date cells as YYYY/MM/DD, error cells as empty with a warning.

use std::io::Cursor;
use std::path::Path;

use anyhow::{bail, Result};
use calamine::{Data, Ods, Reader, Xls, Xlsb, Xlsx, XlsxError};

use super::container;
use super::{CellWarning, Format, Row, Table};
use crate::lang::t;

/// One non-empty cell: its absolute (row, column), and its text or error value.
type SparseCell = (u32, u32, Result<String, String>);

/// Read the chosen (or first) sheet of a workbook. The container is checked first
/// ([`container`]); XLSX cells are streamed and laid out here, within a budget relative to the
/// cells the sheet really holds, so a sheet that only claims to be huge allocates nothing.
pub fn read(path: &Path, bytes: &[u8], format: Format, sheet: Option<&str>) -> Result<Table> {
    // A panic inside the workbook parser is a broken file, not a reason to crash the run.
    match std::panic::catch_unwind(|| read_unchecked(path, bytes, format, sheet)) {
        Ok(result) => result,
        Err(_) => bail!(
            "{}: {}",
            path.display(),
            t(
                "ブックを読めません（ファイルが壊れています）",
                "cannot read the workbook (the file is damaged)"
            )
        ),
    }
}

fn read_unchecked(path: &Path, bytes: &[u8], format: Format, sheet: Option<&str>) -> Result<Table> {
    let shown = path.display();
    let cannot_open = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{shown}: {} ({e})",
            t("ブックを開けません", "cannot open the workbook")
        )
    };
    let (sheet_name, cells) = match format {
        Format::Xlsx => {
            container::check_zip(path, bytes)?;
            match Xlsx::new(Cursor::new(bytes)) {
                Ok(mut workbook) => {
                    let name = pick_sheet(path, &workbook.sheet_names(), sheet)?;
                    let cells = xlsx_cells(path, &mut workbook, &name)?;
                    (name, cells)
                }
                Err(XlsxError::Password) => return Err(container::password_message(path)),
                Err(xlsx_error) => match Xlsb::new(Cursor::new(bytes)) {
                    Ok(mut workbook) => range_cells(path, &mut workbook, sheet)?,
                    Err(_) => return Err(cannot_open(&xlsx_error)),
                },
            }
        }
        Format::Ods => {
            container::check_zip(path, bytes)?;
            let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| cannot_open(&e))?;
            range_cells(path, &mut workbook, sheet)?
        }
        Format::Xls => {
            container::check_ole(path, bytes)?;
            let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsError::Password => container::password_message(path),
                e => cannot_open(&e),
            })?;
            range_cells(path, &mut workbook, sheet)?
        }
        Format::Csv | Format::Tsv => unreachable!("CSV is read by input::csv"),
    };
    table_from_cells(path, format, sheet_name, cells)
}

fn pick_sheet(path: &Path, names: &[String], wanted: Option<&str>) -> Result<String> {
    let shown = path.display();
    match wanted {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(name) => Ok(name.clone()),
            None => bail!(
                "{shown}: no sheet named {wanted:?}; the sheets are: {}",
                names.join(", ")
            ),
        },
        None => match names.first() {
            Some(name) => Ok(name.clone()),
            None => bail!("{shown}: the workbook has no sheet"),
        },
    }
}

/// Stream an XLSX sheet's cells (calamine's range would lay the sheet out densely first).
fn xlsx_cells(
    path: &Path,
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<SparseCell>> {
    let fail =
        |e: XlsxError| anyhow::anyhow!("{}: cannot read sheet {name:?}: {e}", path.display());
    let mut reader = workbook.worksheet_cells_reader(name).map_err(fail)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(fail)? {
        let (row, column) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        push_cell(&mut cells, row, column, &data);
    }
    Ok(cells)
}

/// Cells of a sheet read as a calamine range (XLS, XLSB, ODS; their containers are checked first).
fn range_cells<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    path: &Path,
    workbook: &mut R,
    sheet: Option<&str>,
) -> Result<(String, Vec<SparseCell>)>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(path, &workbook.sheet_names(), sheet)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| anyhow::anyhow!("{}: cannot read sheet {name:?}: {e}", path.display()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (row, column, data) in range.used_cells() {
        push_cell(
            &mut cells,
            first_row + row as u32,
            first_col + column as u32,
            data,
        );
    }
    Ok((name, cells))
}

fn push_cell(cells: &mut Vec<SparseCell>, row: u32, column: u32, data: &Data) {
    let text = cell_text(data);
    if matches!(&text, Ok(t) if t.is_empty()) {
        return;
    }
    cells.push((row, column, text));
}

/// Lay sparse cells out as rows: the header is the first row with text; each row runs from the
/// sheet's first used column to its own last cell (data rows no further than the header).
fn table_from_cells(
    path: &Path,
    format: Format,
    sheet_name: String,
    mut cells: Vec<SparseCell>,
) -> Result<Table> {
    let shown = path.display();
    // Sheets are written row by row, but nothing forces a file to be: order, later cells winning.
    cells.sort_by_key(|&(row, column, _)| (row, column));
    cells.dedup_by(|later, earlier| {
        let same = (later.0, later.1) == (earlier.0, earlier.1);
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let budget = container::area_limit(cells.len() as u64);
    let mut laid_out = 0u64;

    let mut headers: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut cell_errors = Vec::new();
    let mut index = 0;
    while index < cells.len() {
        let row = cells[index].0;
        let end = index + cells[index..].iter().take_while(|c| c.0 == row).count();
        let line = row.saturating_add(1);
        let last_col = cells[end - 1].1;
        let mut width = (last_col - first_col) as usize + 1;
        if let Some((_, header)) = &headers {
            width = width.min(header.len());
        }
        laid_out += width as u64;
        if laid_out > budget {
            bail!(
                "{shown}: sheet {sheet_name:?}: {} ({} {line})",
                t(
                    "セルの範囲が値の数に比べて大きすぎるため読み込みを中止しました（壊れたファイルか、遠くの列に値があります）",
                    "refused: the rows span far more cells than the sheet holds (a damaged file, or values far to the right)"
                ),
                t("行", "row"),
            );
        }
        let mut texts = vec![String::new(); width];
        for (_, column, text) in cells[index..end].iter_mut() {
            let Some(slot) = texts.get_mut((*column - first_col) as usize) else {
                continue;
            };
            match std::mem::replace(text, Ok(String::new())) {
                Ok(value) => *slot = value,
                Err(error) => {
                    let column_name = headers
                        .as_ref()
                        .and_then(|(_, h)| h.get((*column - first_col) as usize).cloned())
                        .unwrap_or_else(|| column_letter(*column as usize));
                    cell_errors.push(CellWarning {
                        line,
                        column: column_name,
                        detail: error,
                    });
                }
            }
        }
        index = end;
        if texts.iter().all(|t| crate::normalize::trim(t).is_empty()) {
            continue;
        }
        match headers {
            None => headers = Some((line, texts)),
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
