//! CSV/TSV reader: encoding detection, delimiter sniffing, header row, Excel row numbers.
//!
//! The CSV structure is parsed on the raw bytes (safe for UTF-8 and CP932, whose multi-byte
//! characters never contain `,` `"` `\t` or line breaks), then each field is decoded on its own so
//! that one undecodable byte spoils only its row, which is reported with its row number.

use std::path::Path;

use anyhow::{Context, Result};

use super::encoding::{self, Detected};
use super::{Format, Row, Table};
use crate::lang::t;

pub fn read(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Table> {
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
    // The csv parser reads an unclosed quote to the end of the file as one cell: find it first.
    let unclosed_quote = unclosed_quote(data, delimiter);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);

    let mut record = ::csv::ByteRecord::new();
    let mut headers: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    // Excel row numbers: the csv parser skips blank lines and reports positions inside the previous
    // terminator, so lines are counted here from the bytes (a record's content start).
    let mut excel_row: u32 = 0;
    let mut last_record_row: u32 = 0;
    let mut previous_end_line: u64 = 0;
    let (mut cursor_byte, mut cursor_line) = (0usize, 1u64);
    loop {
        let more = reader.read_byte_record(&mut record).with_context(|| {
            format!(
                "{}: cannot parse the CSV after row {excel_row}",
                path.display()
            )
        })?;
        if !more {
            break;
        }
        let reported = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(cursor_byte)
            .min(data.len());
        let content_start = reported
            + data[reported..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        if content_start >= cursor_byte {
            cursor_line += line_breaks(&data[cursor_byte..content_start]);
            cursor_byte = content_start;
        }
        let blank_lines = cursor_line.saturating_sub(previous_end_line + 1);
        excel_row = excel_row
            .saturating_add(1)
            .saturating_add(u32::try_from(blank_lines).unwrap_or(u32::MAX));
        let embedded: u64 = record.iter().map(line_breaks).sum();
        previous_end_line = cursor_line + embedded;
        last_record_row = excel_row;
        if record.as_slice().contains(&0) {
            anyhow::bail!(
                "{}: {} {excel_row}: {}",
                path.display(),
                t("行", "row"),
                t(
                    "NUL バイトを含んでいます。テキストの CSV ではありません（バイナリか、BOM のない UTF-16 なら --input-encoding utf-16le を指定してください）",
                    "holds NUL bytes: this is not a text CSV (binary data; if it is UTF-16 without a BOM, use --input-encoding utf-16le)"
                )
            );
        }

        let mut undecodable = false;
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            match encoding::decode_field(field_encoding, field) {
                Some(text) => {
                    if whole_had_errors && text.contains('\u{FFFD}') {
                        undecodable = true;
                    }
                    cells.push(text);
                }
                None => {
                    undecodable = true;
                    cells.push(String::from_utf8_lossy(field).into_owned());
                }
            }
        }
        if cells.iter().all(|c| crate::normalize::trim(c).is_empty()) && !undecodable {
            continue;
        }
        match headers {
            None => {
                if undecodable {
                    anyhow::bail!(
                        "{}: the header row (row {excel_row}) does not decode as {}; name the encoding with --input-encoding",
                        path.display(),
                        detected.label()
                    );
                }
                if let Some(first) = cells.first_mut() {
                    if let Some(stripped) = first.strip_prefix('\u{FEFF}') {
                        *first = stripped.to_string();
                    }
                }
                headers = Some((excel_row, cells));
            }
            Some(_) => rows.push(Row {
                line: excel_row,
                cells,
                undecodable,
            }),
        }
    }
    if unclosed_quote.is_some() {
        // The unclosed quote swallowed everything after it into the last record.
        anyhow::bail!(
            "{}: {} {last_record_row}: {}",
            path.display(),
            t("行", "row"),
            t(
                "引用符 \" で始まるセルが閉じられていません（ファイルの最後までが1つのセルになってしまいます）。引用符を閉じるか取り除いてください",
                "a cell opened with a quote (\") is never closed, so the rest of the file would be one cell; close or remove the quote"
            )
        );
    }
    let (header_line, headers) = headers.with_context(|| {
        format!(
            "{}: the file is empty (no header row found)",
            path.display()
        )
    })?;
    Ok(Table {
        path: path.to_path_buf(),
        format: if delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        },
        encoding: Some(label(&detected)),
        delimiter: Some(delimiter),
        sheet: None,
        header_line,
        headers,
        rows,
        cell_errors: Vec::new(),
        sha256: String::new(),
    })
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
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
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
        read(Path::new("t.csv"), bytes, None).unwrap()
    }

    #[test]
    fn excel_row_numbers_count_blank_lines_and_not_embedded_breaks() {
        let table = read_str(b"a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n3,w\n");
        let lines: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        assert_eq!(table.rows[0].cells[1], "x\r\ny");
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
    fn cr_only_line_ends_count_rows() {
        let table = read_str(b"a,b\r1,x\r\r2,\"y\rz\"\r3,w");
        let lines: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        assert_eq!(table.rows[1].cells[1], "y\rz");
    }

    #[test]
    fn unclosed_quotes_and_nul_bytes_are_refused_naming_the_row() {
        let read_err = |bytes: &[u8]| {
            read(Path::new("t.csv"), bytes, None)
                .unwrap_err()
                .to_string()
        };
        let error = read_err(b"a,b\n1,x\n2,\"y\n3,z\n4,w\n");
        assert!(error.starts_with("t.csv: 行 3: "), "{error}");
        let error = read_err(b"a,b\n1,x\n\n2,y\0\n");
        assert!(error.starts_with("t.csv: 行 4: "), "{error}");
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
