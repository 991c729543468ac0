//! Text encodings of CSV inputs (docs/reading.md): BOM first, else valid UTF-8, else CP932.
//!
//! encoding_rs's `SHIFT_JIS` is the WHATWG Shift_JIS, i.e. Windows-31J/CP932 including the NEC and
//! IBM extensions (髙 﨑 ①) that Japanese Excel writes. Decoding never substitutes: a field whose
//! bytes are malformed is reported as such so the row can be excluded.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

/// The encoding a CSV file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub encoding: &'static Encoding,
    pub bom_len: usize,
}

impl Detected {
    pub fn label(&self) -> String {
        let name = if self.encoding == SHIFT_JIS {
            "CP932"
        } else {
            self.encoding.name()
        };
        if self.bom_len > 0 {
            format!("{name} (BOM)")
        } else {
            name.to_string()
        }
    }
}

/// Parse a user-given encoding name (`--input-encoding`).
pub fn from_label(label: &str) -> Option<&'static Encoding> {
    let lower = label.trim().to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "cp932" | "ms932" | "windows-31j" | "sjis" | "shift-jis" | "shiftjis" => Some(SHIFT_JIS),
        "utf8" | "utf-8" | "utf8-bom" => Some(UTF_8),
        "utf16le" | "utf-16le" => Some(UTF_16LE),
        "utf16be" | "utf-16be" => Some(UTF_16BE),
        _ => Encoding::for_label(lower.as_bytes()),
    }
}

/// Decide how to decode `bytes`. A BOM always wins; then a forced encoding; then UTF-8 when the
/// bytes are valid UTF-8; otherwise whichever of UTF-8 and CP932 finds fewer malformed sequences
/// in the first megabytes (a UTF-8 file with one bad byte stays UTF-8).
pub fn detect(bytes: &[u8], forced: Option<&'static Encoding>) -> Detected {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Detected { encoding, bom_len };
    }
    if let Some(encoding) = forced {
        return Detected {
            encoding,
            bom_len: 0,
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Detected {
            encoding: UTF_8,
            bom_len: 0,
        };
    }
    // Count the lines of the first megabyte that decode cleanly either way.
    let sample = &bytes[..bytes.len().min(1 << 20)];
    let valid_lines = |encoding: &'static Encoding| {
        sample
            .split(|&b| b == b'\n')
            .filter(|line| {
                encoding
                    .decode_without_bom_handling_and_without_replacement(line)
                    .is_some()
            })
            .count()
    };
    let encoding = if valid_lines(UTF_8) >= valid_lines(SHIFT_JIS) {
        UTF_8
    } else {
        SHIFT_JIS
    };
    Detected {
        encoding,
        bom_len: 0,
    }
}

/// Decode one field of an ASCII-compatible encoding. `None` when a byte sequence is malformed.
pub fn decode_field(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let mut cell = String::new();
    decode_field_into(encoding, bytes, &mut cell).then_some(cell)
}

/// [`decode_field`] into `cell` (cleared first), so that a reader can reuse one buffer per cell.
/// False when a byte sequence is malformed (`cell` then holds what decoded before it).
pub fn decode_field_into(encoding: &'static Encoding, bytes: &[u8], cell: &mut String) -> bool {
    cell.clear();
    if encoding == UTF_8 || bytes.is_ascii() {
        // Both UTF-8 and CP932 are ASCII-compatible: ASCII needs no decoding.
        return match std::str::from_utf8(bytes) {
            Ok(text) => {
                cell.push_str(text);
                true
            }
            Err(_) => false,
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    cell.reserve(room);
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, cell, true);
    matches!(result, encoding_rs::DecoderResult::InputEmpty)
}

/// Whether CSV structure can be parsed on the raw bytes (the encoding keeps `,` `"` `\t` `\r`
/// `\n` as single bytes that never occur inside a multi-byte character).
pub fn is_ascii_compatible(encoding: &'static Encoding) -> bool {
    encoding.is_ascii_compatible()
}

/// Decode a whole UTF-16 file to UTF-8. Malformed code units become U+FFFD here; the CSV reader
/// then reports the rows holding one as `invalid-encoding` (when the source had errors).
pub fn decode_whole(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_table() {
        let cp932 = SHIFT_JIS.encode("髙﨑①,社員番号\r\n").0.into_owned();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("utf8 plain", "氏名,メール\n".as_bytes().to_vec(), "UTF-8"),
            (
                "utf8 bom",
                [b"\xEF\xBB\xBF".as_slice(), "氏名".as_bytes()].concat(),
                "UTF-8 (BOM)",
            ),
            ("utf16le bom", vec![0xFF, 0xFE, b'a', 0], "UTF-16LE (BOM)"),
            ("cp932", cp932.clone(), "CP932"),
            (
                "utf8 with one bad byte",
                [
                    "氏名,メール\n山田,a@example.com\n".as_bytes(),
                    b"\xFF\n",
                    "田中,b@example.com\n".as_bytes(),
                ]
                .concat(),
                "UTF-8",
            ),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(detect(&bytes, None).label(), expected, "{name}");
        }
        assert_eq!(
            decode_field(SHIFT_JIS, &cp932[..cp932.len() - 2]).unwrap(),
            "髙﨑①,社員番号"
        );
        assert_eq!(decode_field(SHIFT_JIS, b"\x81"), None);
    }
}
