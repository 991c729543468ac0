//! Workbook reader (calamine): XLSX, and XLS/ODS where calamine reads them. On the path of the
//! employee exports ([`read_as`]) an XLSX sheet is scanned by meibo's own reader
//! ([`super::xlsx_stream`]) where it vouches for the sheet, with calamine as its reference.
//!
//! [`cell_text`] is the one place where a spreadsheet cell becomes text: whole-number floats print
//! as integers (1001, not 1001.0), date cells as YYYY/MM/DD, error cells as empty with a warning.

use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::{bail, Result};
use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx, XlsxError};
use rayon::prelude::*;

use super::container;
use super::{sheet_xml, xlsx_stream};
use super::{CellWarning, Format, Row, Table};
use crate::lang::Lang;

/// One non-empty cell: its absolute (row, column), and its text or error value.
pub type SparseCell = (u32, u32, Result<String, String>);

/// Read the chosen (or first) sheet of a workbook. The container is checked first
/// ([`container`]); XLSX cells are streamed and laid out here, within a budget relative to the
/// cells the sheet really holds, so a sheet that only claims to be huge allocates nothing.
pub fn read(
    path: &Path,
    bytes: &[u8],
    format: Format,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<Table> {
    // A panic inside the workbook parser is a broken file, not a reason to crash the run.
    match std::panic::catch_unwind(|| read_unchecked(path, bytes, format, sheet, lang)) {
        Ok(result) => result,
        Err(_) => Err(damaged(path, lang)),
    }
}

fn damaged(path: &Path, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {}",
        path.display(),
        lang.pick(
            "ブックを読めません（ファイルが壊れています）",
            "cannot read the workbook (the file is damaged)"
        )
    )
}

/// Rows handed to the converting thread at a time: enough to make the hand-over cheap, few enough
/// that conversion starts early and the last batch is short.
const BATCH_ROWS: usize = 2048;

/// Batches of rows that may wait for the converting thread.
const QUEUED_BATCHES: usize = 4;

/// A sheet's table (without rows), what `prepare` returned, and the converted rows in batches.
pub type ReadAs<P, T> = (Table, P, Vec<Vec<T>>);

/// Read a workbook's sheet and turn each data row into a `T`, as [`super::read_table_as`]
/// describes. An XLSX sheet stored in order (as Excel and the libraries write them) is converted
/// while it is still parsed (by the fast reader, else calamine's cell reader): finished rows go in
/// batches to another thread, so that little is left to do when the parse ends. Whatever the
/// in-order reader cannot prove it reads exactly as [`read`] would (cells out of order, the area
/// budget, any error) is read again by [`read`], whose answer is then the answer.
pub fn read_as<P, T>(
    path: &Path,
    bytes: &[u8],
    format: Format,
    sheet: Option<&str>,
    lang: Lang,
    prepare: impl Fn(&Table) -> Result<P>,
    convert: &(impl Fn(&Table, &P, &Row) -> T + Sync),
) -> Result<ReadAs<P, T>>
where
    P: Send + Sync,
    T: Send,
{
    if format == Format::Xlsx {
        if let Some(result) = read_as_in_order(path, bytes, sheet, lang, &prepare, convert) {
            return result;
        }
    }
    let mut table = read(path, bytes, format, sheet, lang)?;
    let rows = std::mem::take(&mut table.rows);
    let prepared = prepare(&table)?;
    let converted = rows
        .par_iter()
        .map(|row| convert(&table, &prepared, row))
        .collect();
    Ok((table, prepared, vec![converted]))
}

/// [`read_as`] for an XLSX sheet stored in order; `None` when [`read`] must decide.
fn read_as_in_order<P, T>(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    lang: Lang,
    prepare: &impl Fn(&Table) -> Result<P>,
    convert: &(impl Fn(&Table, &P, &Row) -> T + Sync),
) -> Option<Result<ReadAs<P, T>>>
where
    P: Send,
    T: Send,
{
    type Converter<'scope, P, T> = (
        mpsc::SyncSender<Vec<Row>>,
        std::thread::ScopedJoinHandle<'scope, (P, Vec<Vec<T>>)>,
    );
    std::thread::scope(|scope| {
        let mut converter: Option<Converter<'_, P, T>> = None;
        let mut not_prepared = None;
        let mut batch = Vec::new();
        let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
            rows_in_order(path, bytes, sheet, lang, &mut |laid| match laid {
                Laid::Header(head) => match prepare(head) {
                    Ok(prepared) => {
                        let head = head.clone();
                        // Bounded: a reader faster than the conversion waits for it instead of
                        // queueing the sheet's rows as text.
                        let (sender, receiver) = mpsc::sync_channel::<Vec<Row>>(QUEUED_BATCHES);
                        let handle = scope.spawn(move || {
                            let chunks = receiver
                                .into_iter()
                                .map(|rows| {
                                    rows.iter()
                                        .map(|row| convert(&head, &prepared, row))
                                        .collect()
                                })
                                .collect();
                            (prepared, chunks)
                        });
                        converter = Some((sender, handle));
                    }
                    // Reported only once the sheet is known to be read as it is by `read`.
                    Err(error) => not_prepared = Some(error),
                },
                Laid::Row(row) => {
                    if let Some((sender, _)) = &converter {
                        batch.push(row);
                        if batch.len() == BATCH_ROWS {
                            // The converter only stops when the sender is dropped.
                            let _ = sender.send(std::mem::take(&mut batch));
                        }
                    }
                }
            })
        }));
        let converted = converter.map(|(sender, handle)| {
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
            drop(sender);
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        // `read` would meet the same panic at the same cell.
        let table = match read {
            Ok(table) => table?,
            Err(_) => return Some(Err(damaged(path, lang))),
        };
        if let Some(error) = not_prepared {
            return Some(Err(error));
        }
        let (prepared, chunks) = converted?;
        Some(Ok((table, prepared, chunks)))
    })
}

/// The cells of an XLSX sheet as the fast reader gives them, every `<c>` in file order (row and
/// column from 0, text as [`cell_text`] makes it); `None` where it leaves the sheet to calamine.
/// For the differential tests and the fuzz target, against [`calamine_cells`].
#[doc(hidden)]
pub fn fast_cells(bytes: &[u8], sheet: Option<&str>) -> Option<Vec<SparseCell>> {
    let path = Path::new("fuzz.xlsx");
    let opened = xlsx_stream::open(path, bytes, sheet, Lang::En)?;
    let mut cells = Vec::new();
    xlsx_stream::cells(&opened, bytes, &mut |row, column, text| {
        cells.push((row, column, text));
        Ok(())
    })
    .ok()?;
    Some(cells)
}

/// The same cells from calamine's cell reader, after the container checks; `None` on any error.
#[doc(hidden)]
pub fn calamine_cells(bytes: &[u8], sheet: Option<&str>) -> Option<Vec<SparseCell>> {
    let path = Path::new("fuzz.xlsx");
    container::check_zip(path, bytes, Lang::En).ok()?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).ok()?;
    let name = pick_sheet(path, &workbook.sheet_names(), sheet, Lang::En).ok()?;
    let mut reader = workbook.worksheet_cells_reader(&name).ok()?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().ok()? {
        let (row, column) = cell.get_position();
        cells.push((row, column, value_text(cell.get_value())));
    }
    Some(cells)
}

/// A row laid out by [`rows_in_order`].
enum Laid<'a> {
    /// The header row, as a table without rows or cell warnings.
    Header(&'a Table),
    /// A data row (blank rows are skipped).
    Row(Row),
}

/// Lay out an XLSX sheet's rows as [`read`] does, handing each to `emit` as soon as it ends, for as
/// long as that is provably the same: the cells come strictly in order (so none is repeated), none
/// lies left of the first row's (so the sheet's first column is known from its first row), and the
/// area laid out stays within the budget of the cells read so far (which the budget of all the
/// cells can only exceed). `None` when any of this fails or the sheet cannot be read; the returned
/// table has no rows.
fn rows_in_order(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    lang: Lang,
    emit: &mut dyn FnMut(Laid<'_>),
) -> Option<Table> {
    // The fast reader when it can vouch for the workbook; once it has handed rows on, a sheet it
    // cannot finish goes to `read` (None), never half to one reader and half to another.
    if let Some(opened) = xlsx_stream::open(path, bytes, sheet, lang) {
        let mut layout = InOrder::new(path, opened.sheet.clone());
        let mut feed = Feed::default();
        xlsx_stream::cells(&opened, bytes, &mut |row, column, text| {
            feed.cell(&mut layout, (row, column), text, emit)
                .ok_or(sheet_xml::Bail)
        })
        .ok()?;
        return feed.finish(layout, emit);
    }
    container::check_zip(path, bytes, lang).ok()?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).ok()?;
    let name = pick_sheet(path, &workbook.sheet_names(), sheet, Lang::En).ok()?;
    let mut reader = workbook.worksheet_cells_reader(&name).ok()?;
    let mut layout = InOrder::new(path, name);
    let mut feed = Feed::default();
    while let Some(cell) = reader.next_cell().ok()? {
        let text = value_text(cell.get_value());
        feed.cell(&mut layout, cell.get_position(), text, emit)?;
    }
    feed.finish(layout, emit)
}

/// The row being gathered from cells in file order, for [`InOrder`].
#[derive(Default)]
struct Feed {
    row_cells: Vec<(u32, Result<String, String>)>,
    row: u32,
    last: Option<(u32, u32)>,
}

impl Feed {
    /// Take one cell; `None` when the sheet is not in order (see [`rows_in_order`]).
    fn cell(
        &mut self,
        layout: &mut InOrder,
        position: (u32, u32),
        text: Result<String, String>,
        emit: &mut dyn FnMut(Laid<'_>),
    ) -> Option<()> {
        if matches!(&text, Ok(t) if t.is_empty()) {
            return Some(());
        }
        if self.last.is_some_and(|last| position <= last) {
            return None;
        }
        self.last = Some(position);
        if position.0 != self.row && !self.row_cells.is_empty() {
            layout.end_row(self.row, &mut self.row_cells, emit)?;
        }
        if layout.first_col.is_some_and(|first| position.1 < first) {
            return None;
        }
        self.row = position.0;
        layout.filled += 1;
        self.row_cells.push((position.1, text));
        Some(())
    }

    fn finish(mut self, mut layout: InOrder, emit: &mut dyn FnMut(Laid<'_>)) -> Option<Table> {
        if !self.row_cells.is_empty() {
            layout.end_row(self.row, &mut self.row_cells, emit)?;
        }
        let mut table = layout.head?;
        table.cell_errors = layout.cell_errors;
        Some(table)
    }
}

/// What [`rows_in_order`] knows of the sheet so far.
struct InOrder {
    path: PathBuf,
    sheet: String,
    first_col: Option<u32>,
    filled: u64,
    laid_out: u64,
    head: Option<Table>,
    cell_errors: Vec<CellWarning>,
}

impl InOrder {
    fn new(path: &Path, sheet: String) -> Self {
        InOrder {
            path: path.to_path_buf(),
            sheet,
            first_col: None,
            filled: 0,
            laid_out: 0,
            head: None,
            cell_errors: Vec::new(),
        }
    }

    /// Lay out the row whose cells (column, text) are `cells`, and hand it on; `None` when the
    /// budget is exceeded.
    fn end_row(
        &mut self,
        row: u32,
        cells: &mut Vec<(u32, Result<String, String>)>,
        emit: &mut dyn FnMut(Laid<'_>),
    ) -> Option<()> {
        let line = row.saturating_add(1);
        let first_col = *self.first_col.get_or_insert(cells[0].0);
        let headers = self.head.as_ref().map(|head| head.headers.as_slice());
        let width = row_width(first_col, cells[cells.len() - 1].0, headers);
        self.laid_out += width as u64;
        if self.laid_out > container::area_limit(self.filled) {
            return None;
        }
        let texts = lay_out_row(
            cells.drain(..),
            line,
            first_col,
            width,
            headers,
            &mut self.cell_errors,
        );
        if is_blank(&texts) {
            return Some(());
        }
        match &self.head {
            None => {
                let head = self.head.insert(Table {
                    path: self.path.clone(),
                    format: Format::Xlsx,
                    encoding: None,
                    delimiter: None,
                    sheet: Some(self.sheet.clone()),
                    header_line: line,
                    headers: texts,
                    rows: Vec::new(),
                    cell_errors: Vec::new(),
                    sha256: String::new(),
                });
                emit(Laid::Header(head));
            }
            Some(_) => emit(Laid::Row(Row {
                line,
                cells: texts,
                undecodable: false,
            })),
        }
        Some(())
    }
}

fn read_unchecked(
    path: &Path,
    bytes: &[u8],
    format: Format,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<Table> {
    let shown = path.display();
    let cannot_open = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{shown}: {} ({e})",
            lang.pick("ブックを開けません", "cannot open the workbook")
        )
    };
    let (sheet_name, cells) = match format {
        Format::Xlsx => {
            container::check_zip(path, bytes, lang)?;
            match Xlsx::new(Cursor::new(bytes)) {
                Ok(mut workbook) => {
                    let name = pick_sheet(path, &workbook.sheet_names(), sheet, lang)?;
                    let cells = xlsx_cells(path, &mut workbook, &name, lang)?;
                    (name, cells)
                }
                Err(XlsxError::Password) => return Err(container::password_message(path, lang)),
                Err(xlsx_error) => match Xlsb::new(Cursor::new(bytes)) {
                    Ok(mut workbook) => range_cells(path, &mut workbook, sheet, lang)?,
                    Err(_) => return Err(cannot_open(&xlsx_error)),
                },
            }
        }
        Format::Ods => {
            container::check_zip(path, bytes, lang)?;
            let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| cannot_open(&e))?;
            range_cells(path, &mut workbook, sheet, lang)?
        }
        Format::Xls => {
            container::check_ole(path, bytes, lang)?;
            let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsError::Password => container::password_message(path, lang),
                e => cannot_open(&e),
            })?;
            range_cells(path, &mut workbook, sheet, lang)?
        }
        Format::Csv | Format::Tsv => unreachable!("CSV is read by input::csv"),
    };
    table_from_cells(path, format, sheet_name, cells, lang)
}

pub(super) fn pick_sheet(
    path: &Path,
    names: &[String],
    wanted: Option<&str>,
    lang: Lang,
) -> Result<String> {
    let shown = path.display();
    match wanted {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(name) => Ok(name.clone()),
            None => bail!(
                "{shown}: {}",
                match lang {
                    Lang::Ja => format!(
                        "シート {wanted:?} がありません。このブックのシート: {}",
                        names.join(", ")
                    ),
                    Lang::En => format!(
                        "no sheet named {wanted:?}; the sheets are: {}",
                        names.join(", ")
                    ),
                }
            ),
        },
        None => match names.first() {
            Some(name) => Ok(name.clone()),
            None => bail!(
                "{shown}: {}",
                lang.pick("ブックにシートがありません", "the workbook has no sheet")
            ),
        },
    }
}

/// Stream an XLSX sheet's cells (calamine's range would lay the sheet out densely first).
fn xlsx_cells(
    path: &Path,
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    lang: Lang,
) -> Result<Vec<SparseCell>> {
    let fail = |e: XlsxError| cannot_read_sheet(path, name, &e, lang);
    let mut reader = workbook.worksheet_cells_reader(name).map_err(fail)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(fail)? {
        let (row, column) = cell.get_position();
        let text = value_text(cell.get_value());
        if !matches!(&text, Ok(t) if t.is_empty()) {
            cells.push((row, column, text));
        }
    }
    Ok(cells)
}

/// Cells of a sheet read as a calamine range (XLS, XLSB, ODS; their containers are checked first).
/// A sheet calamine cannot read: the file, the sheet and calamine's words.
fn cannot_read_sheet(
    path: &Path,
    name: &str,
    error: &dyn std::fmt::Display,
    lang: Lang,
) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {} {name:?}: {error}",
        path.display(),
        lang.pick("シートを読めません", "cannot read sheet")
    )
}

fn range_cells<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    path: &Path,
    workbook: &mut R,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<(String, Vec<SparseCell>)>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(path, &workbook.sheet_names(), sheet, lang)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| cannot_read_sheet(path, &name, &e, lang))?;
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
    lang: Lang,
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
        let header = headers.as_ref().map(|(_, header)| header.as_slice());
        let width = row_width(first_col, cells[end - 1].1, header);
        laid_out += width as u64;
        if laid_out > budget {
            bail!(
                "{shown}: sheet {sheet_name:?}: {} ({} {line})",
                lang.pick(
                    "セルの範囲が値の数に比べて大きすぎるため読み込みを中止しました（壊れたファイルか、遠くの列に値があります）",
                    "refused: the rows span far more cells than the sheet holds (a damaged file, or values far to the right)"
                ),
                lang.pick("行", "row"),
            );
        }
        let row_cells = cells[index..end]
            .iter_mut()
            .map(|(_, column, text)| (*column, std::mem::replace(text, Ok(String::new()))));
        let texts = lay_out_row(row_cells, line, first_col, width, header, &mut cell_errors);
        index = end;
        if is_blank(&texts) {
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
        bail!(
            "{shown}: {}",
            match lang {
                Lang::Ja => format!("シート {sheet_name:?} は空です（見出し行がありません）"),
                Lang::En => format!("sheet {sheet_name:?} is empty (no header row found)"),
            }
        );
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

/// Width of a row from the sheet's first used column to its own last cell; data rows (once the
/// header is known) no wider than the header.
fn row_width(first_col: u32, last_col: u32, header: Option<&[String]>) -> usize {
    let width = (last_col - first_col) as usize + 1;
    match header {
        Some(header) => width.min(header.len()),
        None => width,
    }
}

/// Lay out one row's cells, (column, text) in column order, as `width` texts from `first_col`;
/// error cells become empty texts and warnings named by the header (or the column letter).
fn lay_out_row(
    cells: impl Iterator<Item = (u32, Result<String, String>)>,
    line: u32,
    first_col: u32,
    width: usize,
    header: Option<&[String]>,
    cell_errors: &mut Vec<CellWarning>,
) -> Vec<String> {
    let mut texts = vec![String::new(); width];
    for (column, text) in cells {
        let Some(slot) = texts.get_mut((column - first_col) as usize) else {
            continue;
        };
        match text {
            Ok(value) => *slot = value,
            Err(error) => {
                let column_name = header
                    .and_then(|h| h.get((column - first_col) as usize).cloned())
                    .unwrap_or_else(|| column_letter(column as usize));
                cell_errors.push(CellWarning {
                    line,
                    column: column_name,
                    detail: error,
                });
            }
        }
    }
    texts
}

fn is_blank(texts: &[String]) -> bool {
    texts.iter().all(|t| crate::normalize::trim(t).is_empty())
}

/// [`cell_text`] of a cell as the XLSX cell reader gives it, copying its text only once.
fn value_text(value: &DataRef<'_>) -> Result<String, String> {
    match value {
        DataRef::SharedString(text) => Ok((*text).to_owned()),
        DataRef::String(text) => Ok(text.clone()),
        other => cell_text(&Data::from(other.clone())),
    }
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

    /// A workbook with one sheet whose `<sheetData>` is `rows`.
    fn workbook(rows: &str) -> Vec<u8> {
        use std::io::Write;
        let parts = [
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#),
            ),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn text(cell: &str, value: &str) -> String {
        format!(r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#)
    }

    /// What `read` gives (rows included) and what `read_as` gives, as comparable text; and
    /// whether the sheet was read in order.
    fn read_both(bytes: &[u8]) -> (String, String, bool) {
        let path = Path::new("t.xlsx");
        type Lines = Vec<(u32, Vec<String>)>;
        let shown = |result: Result<(Table, Lines)>| match result {
            Ok((table, rows)) => format!(
                "{} {:?} {rows:?} {:?}",
                table.header_line, table.headers, table.cell_errors
            ),
            Err(error) => format!("error: {error}"),
        };
        let general = read(path, bytes, Format::Xlsx, None, Lang::Ja).map(|mut table| {
            let rows = std::mem::take(&mut table.rows);
            let rows = rows.into_iter().map(|row| (row.line, row.cells)).collect();
            (table, rows)
        });
        let prepare = |table: &Table| Ok(table.headers.len());
        let convert = |_: &Table, _: &usize, row: &Row| (row.line, row.cells.clone());
        let in_order = read_as_in_order(path, bytes, None, Lang::Ja, &prepare, &convert).is_some();
        let streamed = read_as(path, bytes, Format::Xlsx, None, Lang::Ja, prepare, &convert)
            .map(|(table, _, chunks)| (table, chunks.into_iter().flatten().collect()));
        (shown(general), shown(streamed), in_order)
    }

    #[test]
    fn a_sheet_in_order_is_read_while_parsed_as_read_reads_it() {
        let rows = [
            format!(r#"<row r="2">{}</row>"#, text("C2", " ")),
            format!(
                r#"<row r="3">{}{}{}</row>"#,
                text("B3", "番号"),
                text("C3", "氏名"),
                text("D3", "部署")
            ),
            format!(
                r#"<row r="4">{}<c r="C4" t="e"><v>#N/A</v></c><c r="D4"><v>1001</v></c>{}</row>"#,
                text("B4", "1"),
                text("F4", "beyond the header")
            ),
            format!(r#"<row r="6">{}</row>"#, text("C6", "  ")),
            format!(r#"<row r="7">{}</row>"#, text("D7", "営業部")),
        ]
        .concat();
        let (general, streamed, in_order) = read_both(&workbook(&rows));
        assert!(in_order, "{general}");
        assert_eq!(streamed, general);
        assert!(general.starts_with("3 "), "{general}");
        assert!(general.contains("#N/A"), "{general}");
    }

    #[test]
    fn a_sheet_out_of_order_is_read_by_read() {
        let header = format!(
            r#"<row r="1">{}{}</row>"#,
            text("B1", "番号"),
            text("C1", "氏名")
        );
        let cases = [
            // rows out of order
            format!(
                r#"{header}<row r="3">{}</row><row r="2">{}</row>"#,
                text("B3", "3"),
                text("B2", "2")
            ),
            // a cell given twice: the later wins
            format!(
                r#"{header}<row r="2">{}{}</row>"#,
                text("B2", "first"),
                text("B2", "second")
            ),
            // a cell left of the first row's: the sheet's first column moves
            format!(r#"{header}<row r="2">{}</row>"#, text("A2", "left")),
            // no header at all
            String::new(),
        ];
        for rows in cases {
            let (general, streamed, in_order) = read_both(&workbook(&rows));
            assert!(!in_order, "{rows}");
            assert_eq!(streamed, general, "{rows}");
        }
    }

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
