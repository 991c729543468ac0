//! Value normalisation for meibo (docs/reading.md: values, dates, the name split, business name and
//! employment types).
//!
//! Everything here is a pure function: no I/O, no global state, no allocation beyond the returned
//! value. Each value is normalised once, on the way in, by the reader; every later stage (matching,
//! comparing, writing) works on the normalised form and never re-normalises.
//!
//! Promises:
//! - `trim` removes Unicode White_Space (ASCII spaces, tabs, U+3000 ideographic space …) at both
//!   ends and nothing else; names keep their inner characters exactly.
//! - Codes and e-mail addresses are NFKC-normalised (全角 → 半角) and trimmed; the e-mail match key
//!   is additionally lower-cased.
//! - Kana readings become full-width katakana; nothing else in a reading is rewritten.
//! - Dates are read only in the forms docs/reading.md lists; anything else is `Err`, never a guess.

use std::borrow::Cow;

use chrono::{Datelike, Days, NaiveDate};
use unicode_normalization::char::compose;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Trim ASCII whitespace and ideographic space U+3000 (and other Unicode White_Space) at both ends.
pub fn trim(s: &str) -> &str {
    // Most values have nothing to trim: looking at the first and the last character is enough
    // (`str::trim` sets up a searcher from each end, a measurable share of a large run).
    let mut chars = s.chars();
    match (chars.next(), chars.next_back()) {
        (Some(first), Some(last)) if !first.is_whitespace() && !last.is_whitespace() => s,
        (Some(only), None) if !only.is_whitespace() => s,
        (None, _) => s,
        _ => s.trim(),
    }
}

/// Whether `s` is certainly NFKC already: true for ASCII and for most text typed with an IME.
/// Checking is far cheaper than normalising, and most values of a large export pass.
fn is_nfkc(s: &str) -> bool {
    s.is_ascii() || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

fn nfkc(s: &str) -> Cow<'_, str> {
    if is_nfkc(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// NFKC then trim. Used for codes (社員番号, 部署コード): "　Ａ００１ " -> "A001".
pub fn code(s: &str) -> String {
    normalized_code(s).into_owned()
}

/// [`code`], borrowing `s` when it is already normalised (no allocation for most values).
pub fn normalized_code(s: &str) -> Cow<'_, str> {
    match nfkc(s) {
        Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
        Cow::Owned(text) => Cow::Owned(trim(&text).to_string()),
    }
}

/// NFKC then trim, case kept: "ＴＡＲＯ＠Ｅｘａｍｐｌｅ．ｃｏｍ" -> "TARO@Example.com".
pub fn email(s: &str) -> String {
    code(s)
}

/// The match key: `email(s)` lower-cased, then NFKC again — lower-casing can leave combining
/// marks out of canonical order (İ → i + U+0307), and a key must be the same however often it is
/// made (found by the `names` fuzz target).
pub fn email_key(s: &str) -> String {
    let email = normalized_code(s);
    if email.is_ascii() {
        email.to_ascii_lowercase()
    } else {
        nfkc(&email.to_lowercase()).into_owned()
    }
}

/// Syntactic check of an already-normalised address: exactly one '@'; local part 1..=64 chars of
/// ``[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]``, not starting/ending with '.', no ".."; domain of >= 2
/// labels separated by '.', each label 1..=63 of `[A-Za-z0-9-]` not starting/ending with '-';
/// total <= 254.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    // Byte tests: a non-ASCII byte is neither alphanumeric nor listed, as its character is not.
    const LOCAL_SYMBOLS: &[u8] = b"!#$%&'*+/=?^_`{|}~.-";
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.as_bytes().windows(2).any(|pair| pair == b"..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || LOCAL_SYMBOLS.contains(&b));
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    s.len() <= 254 && local_ok && domain.contains('.') && domain.split('.').all(label_ok)
}

/// A kana reading as full-width katakana. Trims, then:
/// - half-width katakana and punctuation (U+FF61..=U+FF9F) become their full-width forms (via NFKC
///   of that one character only: ｰ -> ー, ･ -> ・);
/// - hiragana becomes katakana (ぁ..ゖ -> ァ..ヶ, ゝゞ -> ヽヾ);
/// - a voiced / semi-voiced mark (half-width ﾞﾟ or combining U+3099/U+309A) is composed with the
///   preceding kana (ｶﾞ -> ガ, ﾊﾟ -> パ, ｳﾞ -> ヴ); a mark that composes with nothing becomes the
///   spacing ゛/゜;
/// - each inner run of whitespace (incl. U+3000) becomes one ASCII space.
///
/// Everything else (full-width Latin, digits, kanji) is kept as it is: the whole string is NOT
/// NFKC-normalised, so a reading is not silently rewritten beyond the kana rules above.
pub fn kana(s: &str) -> Cow<'_, str> {
    let trimmed = trim(s);
    // Most readings are full-width katakana already: nothing to rewrite, nothing to allocate.
    let unchanged = trimmed.chars().all(|c| {
        !c.is_whitespace() && full_katakana(c) == c && !matches!(c, '\u{3099}' | '\u{309A}')
    });
    if unchanged {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let c = full_katakana(c);
        if let mark @ ('\u{3099}' | '\u{309A}') = c {
            let composed = out.chars().next_back().and_then(|p| compose(p, mark));
            if let Some(composed) = composed {
                out.pop();
                out.push(composed);
            } else {
                out.push(if mark == '\u{3099}' { '゛' } else { '゜' });
            }
            continue;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

fn full_katakana(c: char) -> char {
    match c {
        '\u{FF61}'..='\u{FF9F}' => std::iter::once(c).nfkc().next().unwrap_or(c),
        'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// A personal name: trimmed only; inner characters (spaces included) are kept exactly.
pub fn name(s: &str) -> String {
    trim(s).to_string()
}

/// kaonavi's one-cell name: split at the FIRST whitespace character (half- or full-width space)
/// after trimming; both parts trimmed. The flag is false only when a non-empty name holds no space
/// (the caller then warns `name-not-split`): "田中太郎" -> ("田中太郎", "", false); "" -> ("", "", true).
pub fn split_name(full: &str) -> (String, String, bool) {
    let t = trim(full);
    match t.find(char::is_whitespace) {
        Some(i) => {
            let (family, given) = t.split_at(i);
            (name(family), name(given), true)
        }
        None => (t.to_string(), String::new(), t.is_empty()),
    }
}

/// Business name first (SmartHR/HRBrain/ロウムメイト): the trimmed business name if it is non-empty,
/// else the trimmed legal name. Call it separately for kanji and kana.
pub fn prefer_business<'a>(legal: &'a str, business: &'a str) -> &'a str {
    if trim(business).is_empty() {
        trim(legal)
    } else {
        trim(business)
    }
}

/// A date that is not blank and not in any accepted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Unreadable,
}

/// Japanese eras: kanji name, letter, first day. Gregorian year = start year + era year - 1.
/// 明治 is taken to start on 1868-01-01 (its year 1 is 1868; the lunar-calendar details before
/// 1873 do not matter for HR data).
const ERAS: [(&str, char, (i32, u32, u32)); 5] = [
    ("令和", 'R', (2019, 5, 1)),
    ("平成", 'H', (1989, 1, 8)),
    ("昭和", 'S', (1926, 12, 25)),
    ("大正", 'T', (1912, 7, 30)),
    ("明治", 'M', (1868, 1, 1)),
];

/// Parse a date (the forms of docs/reading.md). The input is NFKC-normalised first (full-width
/// digits and separators, ㍻ -> 平成), then trimmed. Blank -> `Ok(None)`. Accepted forms:
/// - `YYYY/MM/DD`, `YYYY-MM-DD`, `YYYY.MM.DD` (4-digit year, month/day 1 or 2 digits, one
///   separator used twice), `YYYYMMDD` (exactly 8 digits), `YYYY年M月D日` (spaces allowed around
///   the parts);
/// - Excel serials: 1 to 5 digits with an optional ignored fraction, 1900 date system (60, Excel's
///   fictitious 1900-02-29, is `Err`). An integer part 1868..=2100 looks like a year ("2024",
///   "2024.04") and is `Err` (those serials are days in 1905, never an HR date);
/// - Japanese eras 令和/平成/昭和/大正/明治 or R/H/S/T/M (either case), optionally followed by
///   spaces, then the year (1-2 digits or 元) in the `年月日` form or with `/`, `-`, `.`:
///   平成3年4月1日, 平成元年1月8日, H3.4.1, H03/04/01, R5-1-1, 'H 3.4.1'. A day before the era's
///   first day is `Err`; a day after the era ended (平成32年1月1日) is accepted, since it still
///   names exactly one day.
///
/// A trailing time after a space or 'T' ("2024/4/1 0:00", "2024-04-01T00:00:00") is dropped.
/// Anything else — 2-digit years, impossible days, month 13, text — is `Err(Unreadable)`.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, DateError> {
    let norm = nfkc(s);
    let t = strip_time(trim(&norm));
    if t.is_empty() {
        return Ok(None);
    }
    parse_core(t).map(Some).ok_or(DateError::Unreadable)
}

fn parse_core(t: &str) -> Option<NaiveDate> {
    if let Some(date) = parse_plain_ymd(t) {
        return Some(date);
    }
    for (kanji, letter, (y0, m0, d0)) in ERAS {
        let rest = t
            .strip_prefix(kanji)
            .or_else(|| t.strip_prefix(|c: char| c.eq_ignore_ascii_case(&letter)));
        if let Some(rest) = rest {
            let (y, m, d) = parse_ymd(trim(rest), true)?;
            let start = NaiveDate::from_ymd_opt(y0, m0, d0)?;
            let date = NaiveDate::from_ymd_opt(y0 + y as i32 - 1, m, d)?;
            return (date >= start).then_some(date);
        }
    }
    if t.len() == 8 && all_digits(t) {
        let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().ok();
        return NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?);
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    if (1..=5).contains(&int.len()) && all_digits(int) && !frac.is_empty() && all_digits(frac) {
        let n: u32 = int.parse().ok()?;
        // "2024" or "2024.04" is a year (and month), not 1905: never guess.
        return excel_serial_to_date(n as f64, false).filter(|_| !(1868..=2100).contains(&n));
    }
    let (y, m, d) = parse_ymd(t, false)?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// The form nearly every export writes, `YYYY/MM/DD` or `YYYY-MM-DD`, read without the general
/// parser's searching (dates are three of every row's cells). `None` leaves the text to it.
fn parse_plain_ymd(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let plain = b.len() == 10
        && matches!(b[4], b'/' | b'-')
        && b[7] == b[4]
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if !plain {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
}

/// `Y年M月D日` or `Y<sep>M<sep>D` with sep one of `/ - .`. An era year is 1-2 digits or 元 (>= 1);
/// a Gregorian year exactly 4 digits. Month and day are 1-2 digits (validity checked by the caller).
fn parse_ymd(s: &str, era: bool) -> Option<(u32, u32, u32)> {
    let (y, m, d) = if let Some((y, rest)) = s.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        (y, m, rest.strip_suffix('日')?)
    } else {
        let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        let mut parts = s.split(sep);
        let ymd = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        ymd
    };
    let num = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        let p = trim(p);
        (lens.contains(&p.len()) && all_digits(p)).then(|| p.parse::<u32>().ok())?
    };
    let year = match (era, trim(y)) {
        (true, "元") => 1,
        (true, y) => num(y, 1..=2).filter(|&n| n >= 1)?,
        (false, y) => num(y, 4..=4)?,
    };
    Some((year, num(m, 1..=2)?, num(d, 1..=2)?))
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Drop a trailing time ("0:00", "09:30:15", "00:00:00.000", optional 'Z') that follows the date
/// after whitespace or 'T'.
fn strip_time(t: &str) -> &str {
    let Some(i) = t.rfind(|c: char| c == 'T' || c.is_whitespace()) else {
        return t;
    };
    let tail = &t[i + 1..];
    let tail = tail.strip_suffix('Z').unwrap_or(tail);
    let (hms, frac) = tail.split_once('.').unwrap_or((tail, "0"));
    let parts: Vec<&str> = hms.split(':').collect();
    let is_time = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && all_digits(p))
        && !frac.is_empty()
        && all_digits(frac);
    let date = trim(&t[..i]);
    if is_time && !date.is_empty() {
        date
    } else {
        t
    }
}

/// Excel serial -> date (1900 system unless `is_1904`; in the 1904 system 0 = 1904-01-01).
/// The fraction (time of day) is ignored. None for serials outside Excel's range (< 1 in the 1900
/// system, < 0 in the 1904 system, past 9999-12-31) and for 60 in the 1900 system (Excel's
/// fictitious 1900-02-29).
pub fn excel_serial_to_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..=2_958_466.0).contains(&serial) {
        return None;
    }
    let n = serial.floor() as u64;
    let (base, n) = match (is_1904, n) {
        (true, n) => ((1904, 1, 1), n),
        (false, 0 | 60) => return None,
        // Before the fake leap day Excel counts from 1900-01-01 = 1.
        (false, 1..=59) => ((1899, 12, 31), n),
        (false, n) => ((1899, 12, 30), n),
    };
    let date = NaiveDate::from_ymd_opt(base.0, base.1, base.2)?.checked_add_days(Days::new(n))?;
    (date.year() <= 9999).then_some(date)
}

/// "YYYY/MM/DD", zero-padded.
pub fn format_date(d: NaiveDate) -> String {
    // Written digit by digit: every output row holds three dates, and `format!` costs more than
    // the rest of the row.
    let (year, month, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&year) {
        return format!("{year:04}/{month:02}/{day:02}");
    }
    let year = year as u32;
    let digits = [
        year / 1000,
        year / 100 % 10,
        year / 10 % 10,
        year % 10,
        u32::MAX,
        month / 10,
        month % 10,
        u32::MAX,
        day / 10,
        day % 10,
    ];
    digits
        .iter()
        .map(|&d| char::from_digit(d, 10).unwrap_or('/'))
        .collect()
}

/// A personality scale's score (偏差値) as written, NFKC-normalised and trimmed ("５５．０" -> "55.0"),
/// or `Err` with that text when it is not a plain decimal number: an optional minus sign, digits,
/// and optionally a point followed by digits. Blank is `Ok("")`: a scale left empty stays empty.
/// Exponents, thousands separators, "NaN" and "inf" are not numbers here.
pub fn score(s: &str) -> Result<String, String> {
    let value = code(s);
    let unsigned = value.strip_prefix('-').unwrap_or(&value);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let is_number =
        !whole.is_empty() && all_digits(whole) && !fraction.is_empty() && all_digits(fraction);
    if value.is_empty() || is_number {
        Ok(value)
    } else {
        Err(value)
    }
}

/// Which HR system's employment-type table (docs/reading.md). ロウムメイト uses the SmartHR table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmploymentTable {
    HrBrain,
    Kaonavi,
    SmartHr,
}

/// The six ミキワメ values.
pub const MIKIWAME_EMPLOYMENT_TYPES: [&str; 6] = [
    "正社員",
    "契約社員",
    "派遣社員",
    "パート・アルバイト",
    "業務委託",
    "その他",
];

const PART: &str = "パート・アルバイト";
/// Source values that differ from the ミキワメ value. Values that already are a ミキワメ value map
/// to themselves in every table. Left-hand sides are in key form (NFKC, no whitespace).
const HRBRAIN: &[(&str, &str)] = &[
    ("派遣", "派遣社員"),
    ("パートタイム", PART),
    ("アルバイト", PART),
    ("バイト", PART),
];
const KAONAVI: &[(&str, &str)] = &[("アルバイト・パート", PART)];
const SMARTHR: &[(&str, &str)] = &[("パート", PART), ("アルバイト", PART)];

/// Comparison form of an employment type: NFKC with all whitespace removed.
fn type_key(s: &str) -> Cow<'_, str> {
    if is_nfkc(s) && !s.contains(char::is_whitespace) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.nfkc().filter(|c| !c.is_whitespace()).collect())
}

/// Map a source employment type through the system's table (docs/reading.md). Blank -> None.
/// `Some((mikiwame_value, unmapped))`: `unmapped` is true when a non-empty value fell to その他
/// without being listed (the caller warns `unmapped-employment-type`). Values are compared after
/// NFKC and removing whitespace. Order: `overrides` (the user's --mapping; its value is returned
/// as given and validated by the caller), then the six ミキワメ values themselves (so a re-saved
/// ミキワメ export does not warn), then the system's table.
pub fn map_employment_type(
    table: EmploymentTable,
    value: &str,
    overrides: &[(String, String)],
) -> Option<(String, bool)> {
    let key = type_key(value);
    if key.is_empty() {
        return None;
    }
    if let Some((_, to)) = overrides.iter().find(|(from, _)| type_key(from) == key) {
        return Some((to.clone(), false));
    }
    if let Some(v) = MIKIWAME_EMPLOYMENT_TYPES
        .iter()
        .find(|v| **v == key.as_ref())
    {
        return Some((v.to_string(), false));
    }
    let rows = match table {
        EmploymentTable::HrBrain => HRBRAIN,
        EmploymentTable::Kaonavi => KAONAVI,
        EmploymentTable::SmartHr => SMARTHR,
    };
    Some(match rows.iter().find(|(from, _)| *from == key.as_ref()) {
        Some((_, to)) => (to.to_string(), false),
        None => ("その他".to_string(), true),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn email_key_is_stable_when_made_twice() {
        // Fuzz crash (names): lower-cased İ before a semi-voiced mark.
        let raw = "\t\0\0\0ｶ\u{ff9e}ﾊ\u{ff9e}ﾊ\u{ff9e}ﾊ\u{ff9f}\t\0\0\0ｶ\u{ff9e}ﾊ\u{ff9e}ﾊ\u{ff9e}ﾊİİİ\u{ff9f}";
        let key = super::email_key(raw);
        assert_eq!(super::email_key(&key), key);
        assert_eq!(
            super::email_key("İ\u{309a}"),
            super::email_key("i\u{307}\u{309a}")
        );
    }

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn scores() {
        let cases = [
            ("51.0", Ok("51.0")),
            (" 63 ", Ok("63")),
            ("５５．３", Ok("55.3")),
            ("-1.5", Ok("-1.5")),
            ("", Ok("")),
            ("\u{3000}", Ok("")),
            ("N/A", Err("N/A")),
            ("abc", Err("abc")),
            ("55.", Err("55.")),
            (".5", Err(".5")),
            ("1e2", Err("1e2")),
            ("NaN", Err("NaN")),
            ("inf", Err("inf")),
            ("1,000", Err("1,000")),
            ("-", Err("-")),
            ("+5", Err("+5")),
        ];
        for (input, expected) in cases {
            let expected = expected.map(str::to_string).map_err(str::to_string);
            assert_eq!(score(input), expected, "{input:?}");
        }
    }

    #[test]
    fn trim_code_email() {
        let trims = [
            (" a ", "a"),
            ("\u{3000}山田\u{3000}", "山田"),
            ("\t 山 田 \u{3000}\n", "山 田"),
            ("", ""),
            ("\u{3000}", ""),
        ];
        for (input, want) in trims {
            assert_eq!(trim(input), want, "trim({input:?})");
            assert_eq!(name(input), want, "name({input:?})");
        }
        // The fast path gives exactly what str::trim gives, at every end.
        for input in [
            "a",
            "ab",
            "a ",
            " a",
            "山",
            "山\u{3000}",
            "\u{3000}山",
            "\u{a0}x",
            "x\u{2028}",
            "\u{85}",
            "a\u{1680}b",
            "\u{202f}",
            " ",
            "\n\n",
            "a b",
        ] {
            assert_eq!(trim(input), input.trim(), "trim({input:?})");
        }
        let codes = [
            ("\u{3000}Ａ００１ ", "A001"),
            ("001", "001"),
            ("ＥＭＰ－０１", "EMP-01"),
            (" 1001\u{3000}", "1001"),
        ];
        for (input, want) in codes {
            assert_eq!(code(input), want, "code({input:?})");
        }
        let emails = [
            (
                "ＴＡＲＯ＠Ｅｘａｍｐｌｅ．ｃｏｍ",
                "TARO@Example.com",
                "taro@example.com",
            ),
            (
                "\u{3000}Hanako@EXAMPLE.jp ",
                "Hanako@EXAMPLE.jp",
                "hanako@example.jp",
            ),
            ("", "", ""),
        ];
        for (input, want, want_key) in emails {
            assert_eq!(email(input), want, "email({input:?})");
            assert_eq!(email_key(input), want_key, "email_key({input:?})");
        }
    }

    #[test]
    fn email_validity() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let max_local = format!("{}@example.com", "a".repeat(64));
        let long_label = format!("a@{}.com", "b".repeat(64));
        let long_total = format!("a@{}.com", vec!["c".repeat(60); 5].join("."));
        let cases: [(&str, bool); 25] = [
            ("taro@example.com", true),
            ("Taro.Yamada@mail.example.co.jp", true),
            ("a+tag@example.com", true),
            ("o'neil_x-y@ex-ample.jp", true),
            ("!#$%&'*+/=?^_`{|}~-@example.com", true),
            ("a@b.c", true),
            (&max_local, true),
            ("", false),
            ("taro", false),
            ("taro@", false),
            ("@example.com", false),
            ("a@@example.com", false),
            ("a@b@example.com", false),
            ("a@localhost", false),
            (".a@example.com", false),
            ("a.@example.com", false),
            ("a..b@example.com", false),
            ("a b@example.com", false),
            ("山田@example.com", false),
            ("a@-example.com", false),
            ("a@example-.com", false),
            ("a@example..com", false),
            (&long_local, false),
            (&long_label, false),
            (&long_total, false),
        ];
        for (input, want) in cases {
            assert_eq!(is_valid_email(input), want, "is_valid_email({input:?})");
        }
    }

    #[test]
    fn kana_conversion() {
        let cases = [
            ("やまだ", "ヤマダ"),
            ("ﾔﾏﾀﾞ", "ヤマダ"),
            ("ﾊﾟｰｸ", "パーク"),
            ("ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "ガギグゲゴ パピプペポ"),
            ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
            ("ゔぁ", "ヴァ"),
            ("ぁぃぅぇぉっゃゅょゎゕゖ", "ァィゥェォッャュョヮヵヶ"),
            ("いすゞ", "イスヾ"),
            ("ゝ", "ヽ"),
            ("やまﾀﾞ タロウ", "ヤマダ タロウ"),
            ("ﾔﾏﾀﾞ\u{3000}ﾀﾛｳ", "ヤマダ タロウ"),
            ("\u{3000}やまだ \u{3000} たろう\u{3000}", "ヤマダ タロウ"),
            ("らーめん", "ラーメン"),
            ("ﾗｰﾒﾝ", "ラーメン"),
            ("ｽｽﾞｷ･ｲﾁﾛｳ", "スズキ・イチロウ"),
            ("かﾞ", "ガ"),
            ("カ\u{3099}", "ガ"),
            ("ﾞｱ", "゛ア"),
            ("ヤマダ", "ヤマダ"),
            ("ＡＢＣ　やまだ", "ＡＢＣ ヤマダ"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(kana(input), want, "kana({input:?})");
        }
    }

    #[test]
    fn name_split() {
        let cases = [
            ("田中 太郎", ("田中", "太郎", true)),
            ("田中\u{3000}太郎", ("田中", "太郎", true)),
            ("田中太郎", ("田中太郎", "", false)),
            ("", ("", "", true)),
            ("\u{3000} ", ("", "", true)),
            ("ミキワメ  太郎 二世", ("ミキワメ", "太郎 二世", true)),
            ("\u{3000}田中\u{3000}\u{3000}太郎 ", ("田中", "太郎", true)),
            ("タナカ タロウ", ("タナカ", "タロウ", true)),
        ];
        for (input, (f, g, ok)) in cases {
            let want = (f.to_string(), g.to_string(), ok);
            assert_eq!(split_name(input), want, "split_name({input:?})");
        }
    }

    #[test]
    fn business_name_first() {
        // (legal, business, expected): kanji and kana are decided separately by the caller.
        let cases = [
            ("山田", "佐藤", "佐藤"),
            ("山田", "", "山田"),
            ("山田", " \u{3000}", "山田"),
            (" 山田 ", "", "山田"),
            ("ヤマダ", "サトウ", "サトウ"),
            ("ヤマダ", "", "ヤマダ"),
            ("ヤマダ", "\u{3000}", "ヤマダ"),
            ("", "", ""),
        ];
        for (legal, business, want) in cases {
            assert_eq!(
                prefer_business(legal, business),
                want,
                "({legal:?}, {business:?})"
            );
        }
    }

    #[test]
    fn dates_accepted() {
        let cases = [
            ("2024/04/01", ymd(2024, 4, 1)),
            ("2024/4/1", ymd(2024, 4, 1)),
            ("2024-04-01", ymd(2024, 4, 1)),
            ("2024-4-1", ymd(2024, 4, 1)),
            ("2024.04.01", ymd(2024, 4, 1)),
            ("2024.4.1", ymd(2024, 4, 1)),
            ("20240401", ymd(2024, 4, 1)),
            ("2024年4月1日", ymd(2024, 4, 1)),
            ("2024年04月01日", ymd(2024, 4, 1)),
            ("2024年 4月 1日", ymd(2024, 4, 1)),
            ("２０２４年４月１日", ymd(2024, 4, 1)),
            ("２０２４／０４／０１", ymd(2024, 4, 1)),
            ("\u{3000}2024/04/01 ", ymd(2024, 4, 1)),
            ("2024/02/29", ymd(2024, 2, 29)),
            // time suffixes
            ("2024/4/1 0:00", ymd(2024, 4, 1)),
            ("2024-04-01T00:00:00", ymd(2024, 4, 1)),
            ("2024/04/01 09:30:15", ymd(2024, 4, 1)),
            ("2024-04-01T09:30:15.123Z", ymd(2024, 4, 1)),
            ("2024年4月1日 9:30", ymd(2024, 4, 1)),
            // Excel serials (1900 system)
            ("1", ymd(1900, 1, 1)),
            ("1867", ymd(1905, 2, 9)),
            ("2101", ymd(1905, 10, 1)),
            ("59", ymd(1900, 2, 28)),
            ("61", ymd(1900, 3, 1)),
            ("45292", ymd(2024, 1, 1)),
            ("45292.75", ymd(2024, 1, 1)),
            // eras, kanji
            ("令和5年1月1日", ymd(2023, 1, 1)),
            ("令和元年5月1日", ymd(2019, 5, 1)),
            ("平成3年4月1日", ymd(1991, 4, 1)),
            ("平成元年1月8日", ymd(1989, 1, 8)),
            ("平成 3年 4月 1日", ymd(1991, 4, 1)),
            ("昭和64年1月7日", ymd(1989, 1, 7)),
            ("昭和元年12月25日", ymd(1926, 12, 25)),
            ("昭和50年10月10日", ymd(1975, 10, 10)),
            ("大正元年7月30日", ymd(1912, 7, 30)),
            ("大正15年12月24日", ymd(1926, 12, 24)),
            ("明治45年7月29日", ymd(1912, 7, 29)),
            ("明治元年1月1日", ymd(1868, 1, 1)),
            ("令和5.1.1", ymd(2023, 1, 1)),
            ("平成３年４月１日", ymd(1991, 4, 1)),
            ("㍻3年4月1日", ymd(1991, 4, 1)),
            // eras, letters
            ("R5.1.1", ymd(2023, 1, 1)),
            ("r5/1/1", ymd(2023, 1, 1)),
            ("R1.5.1", ymd(2019, 5, 1)),
            ("H3.4.1", ymd(1991, 4, 1)),
            ("H03/04/01", ymd(1991, 4, 1)),
            ("H3-4-1", ymd(1991, 4, 1)),
            ("h3.4.1", ymd(1991, 4, 1)),
            ("H 3.4.1", ymd(1991, 4, 1)),
            ("H元.1.8", ymd(1989, 1, 8)),
            ("Ｈ３．４．１", ymd(1991, 4, 1)),
            ("S50.10.10", ymd(1975, 10, 10)),
            ("s64.1.7", ymd(1989, 1, 7)),
            ("T1.7.30", ymd(1912, 7, 30)),
            ("t15/12/24", ymd(1926, 12, 24)),
            ("M45.7.29", ymd(1912, 7, 29)),
            ("m1.1.1", ymd(1868, 1, 1)),
            ("H3.4.1 0:00", ymd(1991, 4, 1)),
            // after the era ended: still one unambiguous day
            ("平成31年5月1日", ymd(2019, 5, 1)),
            ("平成32年1月1日", ymd(2020, 1, 1)),
            ("H32.1.1", ymd(2020, 1, 1)),
            ("昭和65年1月1日", ymd(1990, 1, 1)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), Ok(Some(want)), "parse_date({input:?})");
        }
    }

    #[test]
    fn dates_blank_and_rejected() {
        for blank in ["", "  ", "\u{3000}"] {
            assert_eq!(parse_date(blank), Ok(None), "parse_date({blank:?})");
        }
        let bad = [
            "24/4/1",
            "24-04-01",
            "2024/02/30",
            "2023/02/29",
            "2024/13/01",
            "2024/00/10",
            "2024/4/0",
            "2024/4/1/1",
            "2024/4-1",
            "2024/004/01",
            "20241301",
            "2024041",
            "202404011",
            "2024年4月1",
            "2024年13月1日",
            "0",
            "60",
            "123456",
            "-1",
            "1.",
            "abc",
            "未定",
            "2024/4/1 foo",
            "2024",
            "2024.04",
            "2024.4",
            "9:30",
            "T9:30",
            "2024/4/1 9",
            "令和1年4月30日",
            "令和元年4月30日",
            "R1.4.30",
            "平成1年1月7日",
            "H1.1.7",
            "昭和元年12月24日",
            "大正1年7月29日",
            "平成0年1月1日",
            "H3.4",
            "H2024.4.1",
            "X3.4.1",
            "平成三年四月一日",
            "H3.2.30",
        ];
        for input in bad {
            assert_eq!(
                parse_date(input),
                Err(DateError::Unreadable),
                "parse_date({input:?})"
            );
        }
    }

    #[test]
    fn excel_serials() {
        let cases = [
            (1.0, false, Some(ymd(1900, 1, 1))),
            (59.0, false, Some(ymd(1900, 2, 28))),
            (60.0, false, None),
            (61.0, false, Some(ymd(1900, 3, 1))),
            (45292.0, false, Some(ymd(2024, 1, 1))),
            (45292.999, false, Some(ymd(2024, 1, 1))),
            (2_958_465.0, false, Some(ymd(9999, 12, 31))),
            (2_958_466.0, false, None),
            (0.0, false, None),
            (0.5, false, None),
            (-1.0, false, None),
            (f64::NAN, false, None),
            (f64::INFINITY, false, None),
            (0.0, true, Some(ymd(1904, 1, 1))),
            (60.0, true, Some(ymd(1904, 3, 1))),
            (43830.0, true, Some(ymd(2024, 1, 1))),
            (2_957_003.0, true, Some(ymd(9999, 12, 31))),
            (2_957_004.0, true, None),
            (-1.0, true, None),
        ];
        for (serial, is_1904, want) in cases {
            let got = excel_serial_to_date(serial, is_1904);
            assert_eq!(got, want, "excel_serial_to_date({serial}, {is_1904})");
        }
    }

    #[test]
    fn date_formatting() {
        let cases = [
            (ymd(2024, 4, 1), "2024/04/01"),
            (ymd(1991, 12, 31), "1991/12/31"),
            (ymd(900, 1, 2), "0900/01/02"),
        ];
        for (date, want) in cases {
            assert_eq!(format_date(date), want, "format_date({date})");
        }
    }

    #[test]
    fn employment_types() {
        use EmploymentTable::*;
        let cases: &[(EmploymentTable, &str, &str, bool)] = &[
            (HrBrain, "正社員", "正社員", false),
            (HrBrain, "契約社員", "契約社員", false),
            (HrBrain, "派遣", "派遣社員", false),
            (HrBrain, "パートタイム", PART, false),
            (HrBrain, "アルバイト", PART, false),
            (HrBrain, "バイト", PART, false),
            (HrBrain, "業務委託", "業務委託", false),
            (HrBrain, "インターン", "その他", true),
            (HrBrain, "短時間正社員", "その他", true),
            (HrBrain, "ﾊﾟｰﾄﾀｲﾑ", PART, false),
            (HrBrain, " 正 社 員\u{3000}", "正社員", false),
            (Kaonavi, "正社員", "正社員", false),
            (Kaonavi, "契約社員", "契約社員", false),
            (Kaonavi, "派遣社員", "派遣社員", false),
            (Kaonavi, "アルバイト・パート", PART, false),
            (Kaonavi, "ｱﾙﾊﾞｲﾄ･ﾊﾟｰﾄ", PART, false),
            (Kaonavi, "業務委託", "業務委託", false),
            (Kaonavi, "アルバイト", "その他", true),
            (Kaonavi, "嘱託", "その他", true),
            (SmartHr, "正社員", "正社員", false),
            (SmartHr, "契約社員", "契約社員", false),
            (SmartHr, "派遣社員", "派遣社員", false),
            (SmartHr, "パート・アルバイト", PART, false),
            (SmartHr, "パート", PART, false),
            (SmartHr, "アルバイト", PART, false),
            (SmartHr, "業務委託", "業務委託", false),
            (SmartHr, "役員", "その他", true),
        ];
        for &(table, input, want, unmapped) in cases {
            let got = map_employment_type(table, input, &[]);
            let want = Some((want.to_string(), unmapped));
            assert_eq!(got, want, "{table:?} {input:?}");
        }
        // Every ミキワメ value maps to itself in every table; blank stays blank.
        for table in [HrBrain, Kaonavi, SmartHr] {
            for v in MIKIWAME_EMPLOYMENT_TYPES {
                let got = map_employment_type(table, v, &[]);
                assert_eq!(got, Some((v.to_string(), false)), "{table:?} {v:?}");
            }
            for blank in ["", " ", "\u{3000}"] {
                assert_eq!(
                    map_employment_type(table, blank, &[]),
                    None,
                    "{table:?} {blank:?}"
                );
            }
        }
        // Table left-hand sides are already in key form.
        for (from, _) in HRBRAIN.iter().chain(KAONAVI).chain(SMARTHR) {
            assert_eq!(type_key(from), *from, "{from:?}");
        }
    }

    #[test]
    fn employment_type_overrides() {
        let overrides = vec![
            ("インターン".to_string(), "契約社員".to_string()),
            ("正社員".to_string(), "その他".to_string()),
            ("ｼﾞｮｳﾑ".to_string(), "業務委託".to_string()),
        ];
        let cases = [
            (EmploymentTable::HrBrain, "インターン", "契約社員"),
            (EmploymentTable::HrBrain, " インターン ", "契約社員"),
            (EmploymentTable::Kaonavi, "正社員", "その他"),
            (EmploymentTable::SmartHr, "ジョウム", "業務委託"),
            (EmploymentTable::SmartHr, "パート", PART),
        ];
        for (table, input, want) in cases {
            let got = map_employment_type(table, input, &overrides);
            assert_eq!(got, Some((want.to_string(), false)), "{table:?} {input:?}");
        }
        assert_eq!(
            map_employment_type(EmploymentTable::HrBrain, "", &overrides),
            None
        );
    }
}
