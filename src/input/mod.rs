//! Reading stage: bytes on disk → a [`Table`] of text cells, each row with the row number a person
//! sees in Excel. Nothing here knows about HR systems; it only promises that every cell is exactly
//! the text of the file (never a replacement character) and that every problem names its row.

pub mod container;
pub mod csv;
pub mod encoding;
mod sheet_xml;
pub mod xlsx;
mod xlsx_stream;

use std::path::{Path, PathBuf};

use anyhow::Result;
use sha2::{Digest, Sha256};

use crate::lang::{Doing, FileError, Lang};

/// The container format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// One data row: its Excel row number and its cells, aligned with [`Table::headers`].
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
    /// Set when some bytes of this row did not decode; the cells are then not to be trusted.
    pub undecodable: bool,
}

impl Row {
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

/// A problem found while reading a cell (the row is still read).
#[derive(Debug, Clone)]
pub struct CellWarning {
    pub line: u32,
    pub column: String,
    pub detail: String,
}

/// A whole input file as text.
#[derive(Debug, Clone)]
pub struct Table {
    /// The path as the user gave it (for messages and reports).
    pub path: PathBuf,
    pub format: Format,
    /// Detected or given encoding (CSV only), e.g. "UTF-8 (BOM)", "CP932".
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
    pub header_line: u32,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Error cells (XLSX) read as empty.
    pub cell_errors: Vec<CellWarning>,
    pub sha256: String,
}

impl Table {
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// How to read inputs (from the command line).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--input-encoding`: overrides detection for CSV files.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// `--sheet`: the worksheet to read in workbooks (default: the first).
    pub sheet: Option<String>,
    /// `--lang`: the language of messages.
    pub lang: Lang,
}

/// Read one input file, choosing the reader from the file's content (not only its name).
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table> {
    let bytes = read_file(path)?;
    read_bytes(path, &bytes, options)
}

/// Read the bytes of an input file; `path` names it in messages and, by its extension, tells ODS
/// from XLSX. The fuzz targets enter here.
pub fn read_bytes(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Table> {
    let sha256 = hex(&Sha256::digest(bytes));
    let format = sniff_format(path, bytes);
    let mut table = match format {
        Format::Xlsx | Format::Xls | Format::Ods => {
            xlsx::read(path, bytes, format, options.sheet.as_deref(), options.lang)?
        }
        Format::Csv | Format::Tsv => csv::read(path, bytes, options.encoding, options.lang)?,
    };
    table.sha256 = sha256;
    Ok(table)
}

/// Rows converted by [`read_table_as`], in the file's order, kept in the chunks they were read in:
/// whoever keeps them moves each result once (a million of them are worth not copying twice).
pub struct Converted<T>(Vec<Vec<T>>);

impl<T> Converted<T> {
    pub fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }
}

impl<T> IntoIterator for Converted<T> {
    type Item = T;
    type IntoIter = ConvertedIter<T>;
    fn into_iter(self) -> ConvertedIter<T> {
        ConvertedIter {
            remaining: self.len(),
            chunks: self.0.into_iter().flatten(),
        }
    }
}

/// The rows of [`Converted`], one by one, with an exact length (so collecting allocates once).
pub struct ConvertedIter<T> {
    chunks: std::iter::Flatten<std::vec::IntoIter<Vec<T>>>,
    remaining: usize,
}

impl<T> Iterator for ConvertedIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        let item = self.chunks.next()?;
        self.remaining -= 1;
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for ConvertedIter<T> {}

/// Read one input file and turn each data row into a `T` as it is read, so that the rows of a
/// large file are never all held as text. `prepare` sees the table first (its headers; no rows)
/// and returns what `convert` needs; the table they see may lack the cell warnings of rows not yet
/// read. Rows are converted in parallel (workbooks: while the sheet is parsed) and come back in
/// the file's order; the returned table's `rows` are empty.
pub fn read_table_as<P, T>(
    path: &Path,
    options: &ReadOptions,
    prepare: impl Fn(&Table) -> Result<P> + Send,
    convert: impl Fn(&Table, &P, &Row) -> T + Sync,
) -> Result<(Table, P, Converted<T>)>
where
    P: Send + Sync,
    T: Send,
{
    let bytes = read_file(path)?;
    let format = sniff_format(path, &bytes);
    match format {
        Format::Xlsx | Format::Xls | Format::Ods => {
            // The digest is taken on another thread while the sheet is parsed on this one. Not
            // with rayon::join: the parse is the longest task of a run and must start at once,
            // not wait in rayon's queue behind the other inputs' chunks.
            let (sha256, read) = std::thread::scope(|scope| {
                let sha256 = scope.spawn(|| hex(&Sha256::digest(&bytes)));
                let (sheet, lang) = (options.sheet.as_deref(), options.lang);
                let read = xlsx::read_as(path, &bytes, format, sheet, lang, prepare, &convert);
                (sha256.join().expect("hashing does not panic"), read)
            });
            let (mut table, prepared, chunks) = read?;
            table.sha256 = sha256;
            Ok((table, prepared, Converted(chunks)))
        }
        Format::Csv | Format::Tsv => {
            // The digest is taken on one core while the rows are read on the other.
            let (sha256, read) = rayon::join(
                || hex(&Sha256::digest(&bytes)),
                || {
                    csv::read_as(
                        path,
                        &bytes,
                        options.encoding,
                        options.lang,
                        prepare,
                        &convert,
                    )
                },
            );
            let (mut table, prepared, chunks) = read?;
            table.sha256 = sha256;
            Ok((table, prepared, Converted(chunks)))
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| FileError::new(Doing::Read, path, e).into())
}

fn sniff_format(path: &Path, bytes: &[u8]) -> Format {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") {
        return if extension == "ods" {
            Format::Ods
        } else {
            Format::Xlsx
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // OLE compound file: legacy .xls, or an encrypted (password-protected) .xlsx.
        return Format::Xls;
    }
    if extension == "tsv" {
        Format::Tsv
    } else {
        Format::Csv
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
