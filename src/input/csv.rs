//! CSV/TSV reader: encoding detection, delimiter sniffing, header row, Excel row numbers.
//!
//! The CSV structure is parsed on the raw bytes (safe for UTF-8 and CP932, whose multi-byte
//! characters never contain `,` `"` `\t` or line breaks), then each field is decoded on its own so
//! that one undecodable byte spoils only its row, which is reported with its row number.

//!
//! Large files are read in parallel: the bytes after the header are cut into chunks at record
//! boundaries, each chunk is parsed on its own, and rows are numbered from counts taken over the
//! chunks before it. A row is handed on as soon as it is read and not kept as text (see
//! [`read_as`]), so a file of a million rows never exists twice in memory.

use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::encoding::{self, Detected};
use super::{Format, Row, Table};
use crate::lang::Lang;

/// About how many bytes one parallel chunk holds: large enough that a chunk's fixed costs vanish,
/// small enough that both cores stay busy to the end and that a chunk's rows are few.
const CHUNK_BYTES: usize = 2 << 20;

pub fn read(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
    lang: Lang,
) -> Result<Table> {
    let (mut table, (), chunks) = read_as(
        path,
        bytes,
        forced,
        lang,
        |_| Ok(()),
        |_, _, row| row.clone(),
    )?;
    table.rows = chunks.into_iter().flatten().collect();
    Ok(table)
}

/// Read a CSV/TSV file, turning each data row into a `T` as soon as it is read (see
/// [`super::read_table_as`]), in the file's order chunk by chunk. The returned table's `rows` are
/// empty.
pub fn read_as<P, T>(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
    lang: Lang,
    prepare: impl FnOnce(&Table) -> Result<P>,
    convert: impl Fn(&Table, &P, &Row) -> T + Sync,
) -> Result<(Table, P, Vec<Vec<T>>)>
where
    P: Sync,
    T: Send,
{
    read_chunked(path, bytes, forced, lang, prepare, convert, CHUNK_BYTES)
}

fn read_chunked<P, T>(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
    lang: Lang,
    prepare: impl FnOnce(&Table) -> Result<P>,
    convert: impl Fn(&Table, &P, &Row) -> T + Sync,
    chunk_bytes: usize,
) -> Result<(Table, P, Vec<Vec<T>>)>
where
    P: Sync,
    T: Send,
{
    let detected = encoding::detect(bytes, forced);
    let body = &bytes[detected.bom_len..];
    // UTF-16 is not ASCII-compatible: turn it into UTF-8 first.
    let (utf8_storage, field_encoding, whole_had_errors);
    let data: &[u8] = if encoding::is_ascii_compatible(detected.encoding) {
        field_encoding = detected.encoding;
        whole_had_errors = false;
        body
    } else {
        let (text, had_errors) = encoding::decode_whole(detected.encoding, body);
        utf8_storage = text;
        field_encoding = encoding_rs::UTF_8;
        whole_had_errors = had_errors;
        utf8_storage.as_bytes()
    };
    // Excel's `sep=;` directive line names the delimiter and is not a row of the sheet.
    let (data, delimiter) = match sep_directive(data) {
        Some((delimiter, rest)) => (rest, delimiter),
        None => (data, sniff_delimiter(data)),
    };
    let parsing = Parsing {
        path,
        data,
        delimiter,
        field_encoding,
        whole_had_errors,
        lang,
    };

    // NUL bytes mean binary data: refuse before the headers are matched, naming the row (a
    // sequential pass that stops at the first such record; memchr finds none in a text file fast).
    if memchr::memchr(0, data).is_some() {
        parsing.for_each_row(0, data.len(), &mut RowCounter::default(), |_, _| {
            ControlFlow::Continue(())
        })?;
    }

    // The header is the first row that is not blank.
    let mut counter = RowCounter::default();
    let mut header: Option<(Row, usize)> = None;
    parsing.for_each_row(0, data.len(), &mut counter, |row, end| {
        header = Some((row.clone(), end));
        ControlFlow::Break(())
    })?;
    let (header, header_end) = header.with_context(|| {
        format!(
            "{}: {}",
            path.display(),
            lang.pick(
                "ファイルが空です（見出し行がありません）",
                "the file is empty (no header row found)"
            )
        )
    })?;
    if header.undecodable {
        let (line, encoding) = (header.line, detected.label());
        anyhow::bail!(
            "{}: {}",
            path.display(),
            match lang {
                Lang::Ja => format!("見出し行（{line} 行目）を {encoding} として読めません。--input-encoding で文字コードを指定してください"),
                Lang::En => format!("the header row (row {line}) does not decode as {encoding}; name the encoding with --input-encoding"),
            }
        );
    }
    let mut headers = header.cells;
    if let Some(first) = headers.first_mut() {
        if let Some(stripped) = first.strip_prefix('\u{FEFF}') {
            *first = stripped.to_string();
        }
    }
    let table = Table {
        path: path.to_path_buf(),
        format: if parsing.delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        },
        encoding: Some(label(&detected)),
        delimiter: Some(parsing.delimiter),
        sheet: None,
        header_line: header.line,
        headers,
        rows: Vec::new(),
        cell_errors: Vec::new(),
        sha256: String::new(),
    };
    let prepared = prepare(&table)?;

    // The data rows, chunk by chunk. Blank lines after the header belong to no record: skipping
    // them keeps a chunk start off the middle of a CRLF.
    let body_start = header_end
        + data[header_end..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
    counter.advance_to(data, body_start);
    let starts = parsing.chunk_counters(body_start, counter, chunk_bytes);
    // The csv parser reads an unclosed quote to the end of the file as one cell. Every cut between
    // chunks is proved to fall between records, so such a quote can only open in the last chunk
    // (or in the header, when there is no body): look there, not through the whole file.
    let last_start = starts
        .last()
        .map_or(0, |&(start, end, _)| if start < end { start } else { 0 });
    let unclosed = unclosed_quote(&data[last_start..], delimiter).is_some();
    let chunks: Vec<(Vec<T>, u32)> = starts
        .into_par_iter()
        .map(|(start, end, mut counter)| {
            let mut converted = Vec::new();
            parsing.for_each_row(start, end, &mut counter, |row, _| {
                converted.push(convert(&table, &prepared, row));
                ControlFlow::Continue(())
            })?;
            Ok((converted, counter.last_row))
        })
        .collect::<Result<_>>()?;
    if unclosed {
        // The unclosed quote swallowed everything after it into the last record.
        let row = match chunks.last() {
            Some((_, last_row)) if *last_row > 0 => *last_row,
            _ => table.header_line,
        };
        anyhow::bail!(
            "{}: {} {row}: {}",
            path.display(),
            lang.pick("行", "row"),
            lang.pick(
                "引用符 \" で始まるセルが閉じられていません（ファイルの最後までが1つのセルになってしまいます）。引用符を閉じるか取り除いてください",
                "a cell opened with a quote (\") is never closed, so the rest of the file would be one cell; close or remove the quote"
            )
        );
    }
    let chunks = chunks.into_iter().map(|(converted, _)| converted).collect();
    Ok((table, prepared, chunks))
}

/// What a CSV file's bytes are, once its encoding and delimiter are known.
struct Parsing<'a> {
    /// The file, for messages.
    path: &'a Path,
    /// UTF-8 or an ASCII-compatible encoding (the BOM removed).
    data: &'a [u8],
    delimiter: u8,
    field_encoding: &'static encoding_rs::Encoding,
    /// UTF-16 that did not decode cleanly: a U+FFFD in a cell marks its row undecodable.
    whole_had_errors: bool,
    /// The language of messages.
    lang: Lang,
}

impl Parsing<'_> {
    /// Parse the records of `data[start..end]` (`start` is a record boundary), number them with
    /// `counter`, and hand each row that is not blank to `each`, decoded into one reused [`Row`],
    /// with the offset just past the record. Stops when `each` breaks.
    fn for_each_row(
        &self,
        start: usize,
        end: usize,
        counter: &mut RowCounter,
        mut each: impl FnMut(&Row, usize) -> ControlFlow<()>,
    ) -> Result<()> {
        let data = self.data;
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(&data[start..end]);
        let mut record = ::csv::ByteRecord::new();
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
            undecodable: false,
        };
        loop {
            let more = reader.read_byte_record(&mut record).with_context(|| {
                format!(
                    "{}: cannot parse the CSV after row {}",
                    self.path.display(),
                    counter.last_row
                )
            })?;
            if !more {
                break;
            }
            // The csv parser reports a record's position inside the previous terminator.
            let reported = record
                .position()
                .map_or(counter.cursor, |p| start + p.byte() as usize)
                .min(data.len());
            let content_start = reported
                + data[reported..]
                    .iter()
                    .take_while(|&&b| b == b'\r' || b == b'\n')
                    .count();
            row.line = counter.row(data, content_start, &record);
            if memchr::memchr(0, record.as_slice()).is_some() {
                anyhow::bail!(
                    "{}: {} {}: {}",
                    self.path.display(),
                    self.lang.pick("行", "row"),
                    row.line,
                    self.lang.pick(
                        "NUL バイトを含んでいます。テキストの CSV ではありません（バイナリか、BOM のない UTF-16 なら --input-encoding utf-16le を指定してください）",
                        "holds NUL bytes: this is not a text CSV (binary data; if it is UTF-16 without a BOM, use --input-encoding utf-16le)"
                    )
                );
            }
            row.undecodable = false;
            row.cells.resize_with(record.len(), String::new);
            for (cell, field) in row.cells.iter_mut().zip(record.iter()) {
                if encoding::decode_field_into(self.field_encoding, field, cell) {
                    if self.whole_had_errors && cell.contains('\u{FFFD}') {
                        row.undecodable = true;
                    }
                } else {
                    row.undecodable = true;
                    cell.clear();
                    cell.push_str(&String::from_utf8_lossy(field));
                }
            }
            if row
                .cells
                .iter()
                .all(|c| crate::normalize::trim(c).is_empty())
                && !row.undecodable
            {
                continue;
            }
            let past = start + reader.position().byte() as usize;
            if each(&row, past).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Cut `data[body_start..]` into chunks of about `chunk_bytes` at record boundaries, each with
    /// the row counter it starts with. One chunk when the file is small, or when a cut could not be
    /// proved to fall between records (stray quotes).
    fn chunk_counters(
        &self,
        body_start: usize,
        counter: RowCounter,
        chunk_bytes: usize,
    ) -> Vec<(usize, usize, RowCounter)> {
        let data = self.data;
        let chunks = split_at_line_feeds(data, body_start, chunk_bytes.max(1));
        let scans: Vec<ChunkScan> = chunks
            .par_iter()
            .map(|&(start, end)| scan_chunk(&data[start..end], self.delimiter))
            .collect();
        // The last chunk ends with the file: only the cuts between chunks must end a record.
        let cuts_are_boundaries = scans.iter().rev().skip(1).all(|scan| scan.ends_a_record);
        if !cuts_are_boundaries {
            return vec![(body_start, data.len(), counter)];
        }
        let mut counter = counter;
        let mut starts = Vec::with_capacity(chunks.len());
        for (&(start, end), scan) in chunks.iter().zip(&scans) {
            starts.push((start, end, counter));
            counter.skip_chunk(end, scan);
        }
        starts
    }
}

/// Excel row numbers (docs/reading.md) from byte positions: a record's row is the line its content
/// starts on, less the line breaks inside quoted cells of the records before it (a record counts
/// one row however many lines its cells span; blank lines count). Being a function of counts only,
/// it can start anywhere from the counts of the bytes and records before.
#[derive(Debug, Clone, Copy)]
struct RowCounter {
    /// The line `cursor` is on (1 = the first line).
    line: u64,
    cursor: usize,
    /// Line breaks inside the cells of the records before `cursor`.
    embedded: u64,
    /// The last row numbered (for error messages).
    last_row: u32,
}

impl Default for RowCounter {
    fn default() -> Self {
        RowCounter {
            line: 1,
            cursor: 0,
            embedded: 0,
            last_row: 0,
        }
    }
}

impl RowCounter {
    /// The row of the record whose content starts at `content_start` (never inside a CRLF).
    fn row(&mut self, data: &[u8], content_start: usize, record: &::csv::ByteRecord) -> u32 {
        self.advance_to(data, content_start);
        let row = self.line.saturating_sub(self.embedded);
        if memchr::memchr2(b'\n', b'\r', record.as_slice()).is_some() {
            self.embedded += record.iter().map(line_breaks).sum::<u64>();
        }
        self.last_row = u32::try_from(row).unwrap_or(u32::MAX);
        self.last_row
    }

    /// Move to a later record boundary or content start, counting the lines on the way.
    fn advance_to(&mut self, data: &[u8], position: usize) {
        if position >= self.cursor {
            self.line += line_breaks(&data[self.cursor..position]);
            self.cursor = position;
        }
    }

    /// Move from the start to the end of a chunk using its scan (no parsing).
    fn skip_chunk(&mut self, end: usize, scan: &ChunkScan) {
        self.line += scan.line_breaks;
        self.embedded += scan.embedded;
        self.cursor = end;
    }
}

/// Chunk bounds from `start`: each cut is just past a line feed after about `size` bytes, with an
/// even number of quotes since the chunk's start — outside any quoted cell in a well-formed file.
/// [`scan_chunk`] proves it for each file.
fn split_at_line_feeds(data: &[u8], start: usize, size: usize) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut chunk_start = start;
    while data.len() - chunk_start > size {
        let mut position = chunk_start + size;
        let mut quotes_even = data[chunk_start..position]
            .iter()
            .filter(|&&b| b == b'"')
            .count()
            % 2
            == 0;
        let cut = loop {
            match memchr::memchr2(b'\n', b'"', &data[position..]) {
                None => break None,
                Some(offset) => {
                    let at = position + offset;
                    position = at + 1;
                    if data[at] == b'"' {
                        quotes_even = !quotes_even;
                    } else if quotes_even {
                        break Some(position);
                    }
                }
            }
        };
        match cut {
            Some(cut) if cut < data.len() => {
                chunks.push((chunk_start, cut));
                chunk_start = cut;
            }
            _ => break,
        }
    }
    chunks.push((chunk_start, data.len()));
    chunks
}

/// What the row numbering needs to know of a chunk without parsing it into rows.
#[derive(Debug, Clone, Copy)]
struct ChunkScan {
    line_breaks: u64,
    /// Line breaks inside cells.
    embedded: u64,
    /// The chunk's last byte ends a record (a chunk that starts a record then ends one too).
    ends_a_record: bool,
}

fn scan_chunk(chunk: &[u8], delimiter: u8) -> ChunkScan {
    let breaks = line_breaks(chunk);
    if !chunk.contains(&b'"') {
        // No quoted cell: every line break ends a record.
        return ChunkScan {
            line_breaks: breaks,
            embedded: 0,
            ends_a_record: true,
        };
    }
    // Parse the structure as the reader will (csv_core is the csv crate's own parser), counting
    // line breaks per cell, to learn whether the chunk ends inside a quoted cell.
    let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut output = vec![0u8; chunk.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut input, mut output_len, mut ends_len) = (chunk, 0, 0);
    let mut scan = ChunkScan {
        line_breaks: breaks,
        embedded: 0,
        ends_a_record: true,
    };
    loop {
        let at_end = input.is_empty();
        let (result, read, written, ended) =
            parser.read_record(input, &mut output[output_len..], &mut ends[ends_len..]);
        input = &input[read..];
        output_len += written;
        ends_len += ended;
        match result {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => output.resize(output.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                let mut field_start = 0;
                for &field_end in &ends[..ends_len] {
                    scan.embedded += line_breaks(&output[field_start..field_end]);
                    field_start = field_end;
                }
                if at_end {
                    // Only the end of the input closed this record: the chunk ends inside it.
                    scan.ends_a_record = false;
                }
                (output_len, ends_len) = (0, 0);
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    scan
}

/// Where a quote opens a cell that is never closed (the byte offset of that quote), following the
/// csv crate's grammar: a quote opens a quoted cell only at the start of a cell, `""` inside one is
/// a quote, and a quote in the middle of an unquoted cell is just a character.
fn unclosed_quote(data: &[u8], delimiter: u8) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum State {
        CellStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::CellStart;
    for (i, &b) in data.iter().enumerate() {
        let ends_cell = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::CellStart if b == b'"' => State::Quoted(i),
            State::CellStart | State::Unquoted if ends_cell => State::CellStart,
            State::CellStart | State::Unquoted => State::Unquoted,
            State::Quoted(at) if b == b'"' => State::QuoteInQuoted(at),
            State::Quoted(at) => State::Quoted(at),
            State::QuoteInQuoted(at) if b == b'"' => State::Quoted(at),
            State::QuoteInQuoted(_) if ends_cell => State::CellStart,
            State::QuoteInQuoted(_) => State::Unquoted,
        };
    }
    match state {
        State::Quoted(at) => Some(at),
        _ => None,
    }
}

/// Line breaks in `bytes`: LF, CRLF (once) or a lone CR.
fn line_breaks(bytes: &[u8]) -> u64 {
    let mut count = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            count += 1;
        }
    }
    count
}

fn label(detected: &Detected) -> String {
    detected.label()
}

/// `sep=X` on the first line (Excel writes it to force a delimiter): the delimiter and the rest.
fn sep_directive(data: &[u8]) -> Option<(u8, &[u8])> {
    let rest = data.strip_prefix(b"sep=")?;
    let (&delimiter, after) = rest.split_first()?;
    let after = after.strip_prefix(b"\r").unwrap_or(after);
    let after = after.strip_prefix(b"\n")?;
    (delimiter != b'"').then_some((delimiter, after))
}

/// Comma or tab: whichever occurs more often outside quotes on the first non-empty line; a tie
/// goes to tab (a TSV header may hold a comma, a CSV header hardly ever holds a tab).
fn sniff_delimiter(data: &[u8]) -> u8 {
    let first_line = data
        .split(|&b| b == b'\n' || b == b'\r')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    let (mut commas, mut tabs, mut quoted) = (0usize, 0usize, false);
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > 0 && tabs >= commas {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(bytes: &[u8]) -> Table {
        read(Path::new("t.csv"), bytes, None, Lang::Ja).unwrap()
    }

    /// Excel row numbers count blank lines and not the line breaks inside a quoted cell, whatever
    /// the line ends (CR LF, or CR alone): the file, the data rows' numbers, and one cell.
    #[test]
    fn excel_row_numbers_count_blank_lines_and_not_embedded_breaks() {
        type Case<'a> = (&'a [u8], &'a [u32], (usize, usize), &'a str);
        let cases: [Case; 2] = [
            (
                b"a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n3,w\n",
                &[2, 4, 5],
                (0, 1),
                "x\r\ny",
            ),
            (b"a,b\r1,x\r\r2,\"y\rz\"\r3,w", &[2, 4, 5], (1, 1), "y\rz"),
        ];
        for (bytes, lines, (row, column), cell) in cases {
            let table = read_str(bytes);
            let found: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
            assert_eq!(found, lines, "{bytes:?}");
            assert_eq!(table.rows[row].cells[column], cell, "{bytes:?}");
        }
    }

    #[test]
    fn excel_row_numbers_with_crlf_cr_and_no_final_line_break() {
        let cases: [(&[u8], u32, &[u32]); 5] = [
            (b"\r\n,,\r\nh,i\r\n1,2\r\n\r\n3,4", 3, &[4, 6]),
            (b"h\r\n1\r\n\r\n\r\n2\r\n\r\n", 1, &[2, 5]),
            (b"h\r\n\"x\r\ny\"\r\n2\r\n\r\n3\r\n", 1, &[2, 3, 5]),
            (b"h\n\"a\n\nb\"\n\n3\n", 1, &[2, 4]),
            (b"h\r1\r\r3", 1, &[2, 4]),
        ];
        for (bytes, header_line, lines) in cases {
            let table = read_str(bytes);
            let got: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
            let name = String::from_utf8_lossy(bytes);
            assert_eq!(table.header_line, header_line, "{name:?}");
            assert_eq!(got, lines, "{name:?}");
        }
    }

    /// Rows as (row number, cells, undecodable), read with chunks of at most `chunk_bytes`.
    fn rows_chunked(bytes: &[u8], chunk_bytes: usize) -> Vec<(u32, Vec<String>, bool)> {
        let (_, (), rows) = read_chunked(
            Path::new("t.csv"),
            bytes,
            None,
            Lang::Ja,
            |_| Ok(()),
            |_, _, row| (row.line, row.cells.clone(), row.undecodable),
            chunk_bytes,
        )
        .unwrap();
        rows.into_iter().flatten().collect()
    }

    #[test]
    fn chunked_reading_matches_reading_in_one_piece() {
        // Quoted cells with line breaks and delimiters, doubled quotes, blank lines, CR, CRLF and
        // LF, stray quotes inside unquoted cells (where quote counting alone would cut wrongly),
        // an undecodable row and no final line break.
        let mut cases: Vec<Vec<u8>> = vec![
            b"h1,h2\r\n1,\"a\r\nb\"\r\n\r\n2,\"x,\"\"y\"\"\n\"\n3,z\n".to_vec(),
            b"h\n5\" tall,x\n\"q\nr\",s\nt\"u,\"v\nw\"\n\n\nlast".to_vec(),
            b"h\r1\r\r\"a\rb\"\r2".to_vec(),
            b"\n,,\nh,i\n\"\"\"\",\"\n\"\n\xff\xfe,x\n9,9\n".to_vec(),
            b"a,b\n\"ab\"c,d\n\"e\n\"\"f\",g\n".to_vec(),
        ];
        // A longer file mixing all of the above.
        let mut long = b"h1,h2,h3\r\n".to_vec();
        for i in 0..200 {
            let line = match i % 7 {
                0 => format!("{i},\"multi\r\nline {i}\",x\r\n"),
                1 => format!("{i},plain,\"quoted, with comma\"\r\n"),
                2 => "\r\n".to_string(),
                3 => format!("{i},5\" tall,y\n"),
                4 => format!("{i},\"\"\"\",\"a\"\"b\"\r"),
                5 => format!("{i},\"x\ny\nz\",\n"),
                _ => format!("{i},,\r\n"),
            };
            long.extend_from_slice(line.as_bytes());
        }
        cases.push(long);
        for bytes in cases {
            let whole = rows_chunked(&bytes, usize::MAX);
            for chunk_bytes in [1, 2, 3, 5, 8, 13, 64] {
                assert_eq!(
                    rows_chunked(&bytes, chunk_bytes),
                    whole,
                    "{:?} in chunks of {chunk_bytes}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
    }

    #[test]
    fn excel_sep_directive_sets_the_delimiter_and_is_not_a_row() {
        let table = read_str(b"sep=;\r\nname;mail\r\nx;y\r\n");
        assert_eq!(table.delimiter, Some(b';'));
        assert_eq!(table.headers, vec!["name", "mail"]);
        assert_eq!((table.header_line, table.rows[0].line), (1, 2));
    }

    #[test]
    fn delimiter_is_sniffed() {
        assert_eq!(read_str(b"a\tb\tc,d\n1\t2\n").delimiter, Some(b'\t'));
        assert_eq!(read_str(b"\"a\tb\",c\n").delimiter, Some(b','));
    }

    #[test]
    fn unclosed_quotes_and_nul_bytes_are_refused_naming_the_row() {
        let read_err = |bytes: &[u8]| {
            read(Path::new("t.csv"), bytes, None, Lang::Ja)
                .unwrap_err()
                .to_string()
        };
        let error = read_err(b"a,b\n1,x\n2,\"y\n3,z\n4,w\n");
        assert!(error.starts_with("t.csv: 行 3: "), "{error}");
        let error = read_err(b"a,b\n1,x\n\n2,y\0\n");
        assert!(error.starts_with("t.csv: 行 4: "), "{error}");
        // The same in chunks: the quote is found in the last chunk, named at its row.
        for chunk_bytes in [1, 4, 9, 64] {
            let mut long = b"a,b\n".to_vec();
            for i in 0..30 {
                long.extend_from_slice(format!("{i},\"q{i}\"\n").as_bytes());
            }
            long.extend_from_slice(b"30,\"open\n31,x\n32,y\n");
            let error = read_chunked(
                Path::new("t.csv"),
                &long,
                None,
                Lang::Ja,
                |_| Ok(()),
                |_, _, _| (),
                chunk_bytes,
            )
            .unwrap_err()
            .to_string();
            assert!(
                error.starts_with("t.csv: 行 32: "),
                "{chunk_bytes}: {error}"
            );
        }
        assert_eq!(unclosed_quote(b"a,b\"c,\"d\"\"e\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,\"b\"x\"", b','), None);
        assert_eq!(unclosed_quote(b"a,\"b\"\"", b','), Some(2));
    }

    #[test]
    fn header_is_first_non_empty_row() {
        let table = read_str(b"\n,,\nname,mail\nx,y\n");
        assert_eq!(table.header_line, 3);
        assert_eq!(table.headers, vec!["name", "mail"]);
        assert_eq!(table.rows[0].line, 4);
    }
}
