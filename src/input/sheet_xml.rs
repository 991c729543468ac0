//! A hand-written scanner for the XML of an XLSX sheet and of its shared strings, for the common
//! shape Excel and the libraries write. It gives the same cells as calamine's cell reader (quick-xml
//! with empty elements expanded, as calamine 0.38 sets it up) and hands each cell's text on as
//! [`super::xlsx::cell_text`] makes it. Whatever it is not sure to read exactly alike it refuses
//! with [`Bail`], and calamine reads the workbook instead: a comment, CDATA or processing
//! instruction, a prefixed element name, an entity other than the five XML ones, a numeric
//! character reference, a `_xHHHH_` escape or a carriage return in text, an unquoted, repeated or
//! odd attribute, a number that is not plain digits, text where only elements stand, any element
//! in a cell other than `v`, `f` and `is`, a cell type calamine would refuse.

use std::borrow::Cow;

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

/// The fast reader cannot prove it reads this exactly as calamine would: calamine decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bail;

pub type Scan<T> = Result<T, Bail>;

/// What calamine makes of a number under a cell style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Plain,
    DateTime,
    TimeDelta,
}

/// The workbook around a sheet: shared strings, the number kind of each style, the date system.
pub struct Context<'a> {
    pub strings: &'a Strings,
    pub formats: &'a [NumberKind],
    pub is_1904: bool,
}

/// One cell as handed on: (row, column) from 0, and its text or error value.
pub type OnCell<'a> = dyn FnMut(u32, u32, Result<String, String>) -> Scan<()> + 'a;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Open,
    Empty,
    Close,
}

struct Tag<'a> {
    kind: Kind,
    name: &'a [u8],
    attrs: &'a [u8],
    end: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_space(d: &[u8], mut i: usize) -> usize {
    while i < d.len() && is_space(d[i]) {
        i += 1;
    }
    i
}

/// The tag at `d[i]` (which is `<`).
fn tag(d: &[u8], i: usize) -> Scan<Tag<'_>> {
    let closing = d.get(i + 1) == Some(&b'/');
    let start = if closing { i + 2 } else { i + 1 };
    let mut j = start;
    while j < d.len() && !is_space(d[j]) && d[j] != b'>' && d[j] != b'/' {
        if matches!(d[j], b'<' | b':' | b'!' | b'?' | b'"' | b'\'' | b'&' | b'=') {
            return Err(Bail);
        }
        j += 1;
    }
    let name = &d[start..j];
    if name.is_empty() {
        return Err(Bail);
    }
    if closing {
        return match d.get(j) {
            Some(b'>') => Ok(Tag {
                kind: Kind::Close,
                name,
                attrs: &[],
                end: j + 1,
            }),
            _ => Err(Bail),
        };
    }
    let attrs_start = j;
    loop {
        match d.get(j) {
            Some(b'>') => {
                return Ok(Tag {
                    kind: Kind::Open,
                    name,
                    attrs: &d[attrs_start..j],
                    end: j + 1,
                })
            }
            Some(b'/') if d.get(j + 1) == Some(&b'>') => {
                return Ok(Tag {
                    kind: Kind::Empty,
                    name,
                    attrs: &d[attrs_start..j],
                    end: j + 2,
                })
            }
            Some(&quote @ (b'"' | b'\'')) => {
                let close = memchr::memchr(quote, &d[j + 1..]).ok_or(Bail)?;
                if memchr::memchr(b'<', &d[j + 1..j + 1 + close]).is_some() {
                    return Err(Bail);
                }
                j += close + 2;
            }
            Some(b'<' | b'/') | None => return Err(Bail),
            Some(_) => j += 1,
        }
    }
}

/// The values of `keys` among an element's attributes (`key="value"` separated by white space);
/// a repeated key or anything else is refused.
pub fn attributes<'a, const N: usize>(
    mut a: &'a [u8],
    keys: [&str; N],
) -> Scan<[Option<&'a [u8]>; N]> {
    let mut found = [None; N];
    loop {
        let start = skip_space(a, 0);
        if start == a.len() {
            return Ok(found);
        }
        if start == 0 {
            return Err(Bail); // no white space before an attribute
        }
        a = &a[start..];
        let eq = memchr::memchr(b'=', a).ok_or(Bail)?;
        let key = &a[..eq];
        if key.is_empty() || key.iter().any(|&b| is_space(b) || b == b'"' || b == b'\'') {
            return Err(Bail);
        }
        let quote = *a.get(eq + 1).ok_or(Bail)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Bail);
        }
        let len = memchr::memchr(quote, &a[eq + 2..]).ok_or(Bail)?;
        let value = &a[eq + 2..eq + 2 + len];
        if let Some(slot) = keys.iter().position(|k| k.as_bytes() == key) {
            if found[slot].is_some() || value.contains(&b'&') {
                return Err(Bail);
            }
            found[slot] = Some(value);
        }
        a = &a[eq + 3 + len..];
    }
}

/// Text without markup: UTF-8, the five XML entities, no carriage return or `_xHHHH_` escape.
fn decode(raw: &[u8]) -> Scan<Cow<'_, str>> {
    let text = std::str::from_utf8(raw).map_err(|_| Bail)?;
    if memchr::memchr3(b'&', b'\r', b'_', raw).is_none() {
        return Ok(Cow::Borrowed(text));
    }
    if text.contains('\r') || text.contains("_x") {
        return Err(Bail);
    }
    if !text.contains('&') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or(Bail)? + at;
        out.push(match &rest[at + 1..end] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => return Err(Bail),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if out.contains("_x") || out.contains('\r') {
        return Err(Bail);
    }
    Ok(Cow::Owned(out))
}

/// A string item (`<si>` or `<is>`) from after its start tag to its end tag `</closing>`: the
/// `<t>` texts outside phonetic runs, each trimmed unless `xml:space="preserve"`, joined. Returns
/// the text, as a range of `d` when it is one plain `<t>`, and the position after the end tag.
fn string_item<'d>(d: &'d [u8], mut i: usize, closing: &[u8]) -> Scan<(Item<'d>, usize)> {
    let mut text: Option<Item<'d>> = None;
    let mut phonetic = false;
    loop {
        let lt = i + memchr::memchr(b'<', &d[i..]).ok_or(Bail)?;
        if d[i..lt].contains(&b'&') {
            return Err(Bail);
        }
        let t = tag(d, lt)?;
        i = t.end;
        match (t.kind, t.name) {
            (Kind::Close, name) if name == closing => {
                return Ok((text.unwrap_or(Item::Span(lt, "")), i));
            }
            (Kind::Open, b"rPh") => phonetic = true,
            (Kind::Close, b"rPh") => phonetic = false,
            (Kind::Open | Kind::Empty, b"t") if !phonetic => {
                let [space] = attributes(t.attrs, ["xml:space"])?;
                let preserve = space == Some(b"preserve");
                let (start, end) = if t.kind == Kind::Empty {
                    (i, i)
                } else {
                    let end = i + memchr::memchr(b'<', &d[i..]).ok_or(Bail)?;
                    let close = tag(d, end)?;
                    if close.kind != Kind::Close || close.name != b"t" {
                        return Err(Bail);
                    }
                    let span = (i, end);
                    i = close.end;
                    span
                };
                let value = decode(&d[start..end])?;
                let (lead, len) = if preserve {
                    (0, value.len())
                } else {
                    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
                    (
                        trimmed.as_ptr() as usize - value.as_ptr() as usize,
                        trimmed.len(),
                    )
                };
                let piece = &value[lead..lead + len];
                text = Some(match text {
                    None => match &value {
                        Cow::Borrowed(plain) => Item::Span(start + lead, &plain[lead..lead + len]),
                        Cow::Owned(_) => Item::Owned(piece.to_owned()),
                    },
                    Some(earlier) => {
                        let mut joined = earlier.text().to_owned();
                        joined.push_str(piece);
                        Item::Owned(joined)
                    }
                });
            }
            _ => {}
        }
    }
}

/// A string item's text: borrowed from the XML (with its position there), or decoded or joined.
enum Item<'d> {
    Span(usize, &'d str),
    Owned(String),
}

impl Item<'_> {
    fn text(&self) -> &str {
        match self {
            Item::Span(_, text) => text,
            Item::Owned(text) => text,
        }
    }
}

/// The shared strings of a workbook: the inflated part, and each string as a range of it or of
/// the texts that had to be decoded or joined.
#[derive(Default)]
pub struct Strings {
    xml: String,
    decoded: String,
    /// (start, end); a start with the top bit set is in `decoded`.
    spans: Vec<(u32, u32)>,
}

const DECODED: u32 = 1 << 31;

impl Strings {
    pub fn parse(xml: Vec<u8>) -> Scan<Strings> {
        if xml.len() >= DECODED as usize {
            return Err(Bail);
        }
        let mut strings = Strings::default();
        let d = &xml[..];
        let mut i = declaration(d)?;
        let sst = tag(d, i)?;
        if sst.kind != Kind::Open || sst.name != b"sst" {
            return Err(Bail);
        }
        i = sst.end;
        loop {
            i = skip_space(d, i);
            if d.get(i) != Some(&b'<') {
                return Err(Bail);
            }
            let t = tag(d, i)?;
            match (t.kind, t.name) {
                (Kind::Open, b"si") => {
                    let (item, end) = string_item(d, t.end, b"si")?;
                    i = end;
                    let span = match item {
                        Item::Span(from, text) => (from as u32, (from + text.len()) as u32),
                        Item::Owned(text) => {
                            let from = strings.decoded.len();
                            strings.decoded.push_str(&text);
                            if strings.decoded.len() >= DECODED as usize {
                                return Err(Bail);
                            }
                            (from as u32 | DECODED, strings.decoded.len() as u32)
                        }
                    };
                    strings.spans.push(span);
                }
                (Kind::Empty, b"si") => {
                    i = t.end;
                    strings.spans.push((0, 0));
                }
                (Kind::Close, b"sst") => break,
                _ => return Err(Bail),
            }
        }
        // Checked whole once (spans are then plain slices); quick-xml would refuse much of what
        // fails here, and calamine decides the rest.
        strings.xml = String::from_utf8(xml).map_err(|_| Bail)?;
        Ok(strings)
    }

    fn get(&self, index: usize) -> Option<&str> {
        let &(from, to) = self.spans.get(index)?;
        Some(if from & DECODED != 0 {
            &self.decoded[(from & !DECODED) as usize..to as usize]
        } else {
            self.xml.get(from as usize..to as usize)?
        })
    }
}

/// After an optional `<?xml …?>` declaration that names no encoding other than UTF-8 (quick-xml
/// would decode another), and white space: the position of the first element.
pub fn declaration(d: &[u8]) -> Scan<usize> {
    let mut i = 0;
    if d.starts_with(b"<?xml") {
        let end = memchr::memmem::find(d, b"?>").ok_or(Bail)?;
        let decl = &d[..end];
        if let Some(at) = memchr::memmem::find(decl, b"encoding=") {
            let value = &decl[at + 10..];
            if !(value.starts_with(b"UTF-8") || value.starts_with(b"utf-8")) {
                return Err(Bail);
            }
        }
        i = end + 2;
    }
    i = skip_space(d, i);
    if d.get(i) != Some(&b'<') {
        return Err(Bail);
    }
    Ok(i)
}

/// Where the scan of `<sheetData>` stands between pieces of the sheet.
#[derive(Default)]
pub struct Body {
    row_index: u32,
    col_index: u32,
    /// `</sheetData>` was met: the cells end here.
    pub done: bool,
}

/// A row or column reference as calamine reads it, within Excel's sheet size.
fn number(text: &[u8], max: u32) -> Scan<u32> {
    if text.is_empty() || text.len() > 7 || !text.iter().all(u8::is_ascii_digit) {
        return Err(Bail);
    }
    let n = text
        .iter()
        .fold(0u32, |n, &digit| n * 10 + u32::from(digit - b'0'));
    if n == 0 || n > max {
        return Err(Bail);
    }
    Ok(n - 1)
}

/// `B3` → (2, 1).
pub fn cell_ref(text: &[u8]) -> Scan<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return Err(Bail);
    }
    let column = text[..letters]
        .iter()
        .fold(0u32, |n, &b| n * 26 + u32::from(b - b'A') + 1);
    if column > 16_384 {
        return Err(Bail);
    }
    Ok((number(&text[letters..], 1_048_576)?, column - 1))
}

impl Body {
    /// Scan `d`, whole elements of `<sheetData>` (a piece that ends after a `</row>`, or the rest
    /// of the sheet), handing each cell to `on_cell`, until `</sheetData>`.
    pub fn scan(&mut self, d: &[u8], ctx: &Context<'_>, on_cell: &mut OnCell<'_>) -> Scan<()> {
        let mut i = 0;
        while !self.done {
            i = skip_space(d, i);
            if i == d.len() {
                return Ok(());
            }
            if d[i] != b'<' {
                return Err(Bail);
            }
            let t = tag(d, i)?;
            i = t.end;
            match (t.kind, t.name) {
                (Kind::Open | Kind::Empty, b"row") => {
                    if let [Some(r)] = attributes(t.attrs, ["r"])? {
                        self.row_index = number(r, 1_048_576)?;
                    }
                    if t.kind == Kind::Empty {
                        self.row_index += 1;
                        self.col_index = 0;
                    }
                }
                (Kind::Close, b"row") => {
                    self.row_index = self.row_index.checked_add(1).ok_or(Bail)?;
                    self.col_index = 0;
                }
                (Kind::Open | Kind::Empty, b"c") => {
                    let [r, s, ty] = attributes(t.attrs, ["r", "s", "t"])?;
                    let (row, column) = match r {
                        Some(r) => {
                            let position = cell_ref(r)?;
                            self.col_index = position.1;
                            position
                        }
                        None => (self.row_index, self.col_index),
                    };
                    let text = if t.kind == Kind::Empty {
                        Ok(String::new())
                    } else {
                        let (text, end) = cell_body(d, i, ctx, s, ty)?;
                        i = end;
                        text
                    };
                    self.col_index = self.col_index.checked_add(1).ok_or(Bail)?;
                    on_cell(row, column, text)?;
                }
                (Kind::Close, b"sheetData") => self.done = true,
                _ => return Err(Bail),
            }
        }
        Ok(())
    }
}

/// A cell's children up to `</c>`: the last `v`, `f` or `is` decides the value, as in calamine.
fn cell_body(
    d: &[u8],
    mut i: usize,
    ctx: &Context<'_>,
    style: Option<&[u8]>,
    ty: Option<&[u8]>,
) -> Scan<(Result<String, String>, usize)> {
    let mut value = Ok(String::new());
    loop {
        i = skip_space(d, i);
        if d.get(i) != Some(&b'<') {
            return Err(Bail);
        }
        let t = tag(d, i)?;
        i = t.end;
        match (t.kind, t.name) {
            (Kind::Close, b"c") => return Ok((value, i)),
            (Kind::Empty, b"v" | b"f") => {
                value = Ok(String::new());
                if t.name == b"v"
                    && !matches!(
                        ty,
                        None | Some(
                            b"n" | b"s" | b"b" | b"e" | b"str" | b"d" | b"inlineStr" | b"is"
                        )
                    )
                {
                    return Err(Bail);
                }
            }
            (Kind::Open, b"v" | b"f") => {
                let end = i + memchr::memchr(b'<', &d[i..]).ok_or(Bail)?;
                let close = tag(d, end)?;
                if close.kind != Kind::Close || close.name != t.name {
                    return Err(Bail);
                }
                value = if t.name == b"f" {
                    Ok(String::new())
                } else {
                    v_text(&d[i..end], ctx, style, ty)?
                };
                i = close.end;
            }
            (Kind::Open, b"is") => {
                let (item, end) = string_item(d, i, b"is")?;
                value = Ok(item.text().to_owned());
                i = end;
            }
            (Kind::Empty, b"is") => value = Ok(String::new()),
            _ => return Err(Bail),
        }
    }
}

/// The text of a `<v>` under the cell's type and style.
fn v_text(
    raw: &[u8],
    ctx: &Context<'_>,
    style: Option<&[u8]>,
    ty: Option<&[u8]>,
) -> Scan<Result<String, String>> {
    if matches!(ty, Some(b"inlineStr" | b"is")) {
        return Ok(Ok(String::new()));
    }
    if raw.contains(&b'&') || raw.contains(&b'\r') {
        return Err(Bail);
    }
    let text = std::str::from_utf8(raw).map_err(|_| Bail)?;
    if text.is_empty() {
        return Ok(Ok(String::new()));
    }
    let data = match ty {
        Some(b"s") => {
            if raw.len() > 9 || !raw.iter().all(u8::is_ascii_digit) {
                return Err(Bail);
            }
            let index: usize = text.parse().map_err(|_| Bail)?;
            return Ok(Ok(ctx.strings.get(index).ok_or(Bail)?.to_owned()));
        }
        // calamine undoes `_xHHHH_` escapes in a formula's string result; those are refused.
        Some(b"str") if text.contains("_x") => return Err(Bail),
        Some(b"str") | Some(b"d") => return Ok(Ok(text.to_owned())),
        Some(b"b") => match text {
            "0" | "false" => Data::Bool(false),
            "1" | "true" => Data::Bool(true),
            _ => return Err(Bail),
        },
        Some(b"e") => Data::Error(text.parse::<CellErrorType>().map_err(|_| Bail)?),
        None | Some(b"n") => number_data(text, ctx, style)?,
        Some(_) => return Err(Bail),
    };
    Ok(super::xlsx::cell_text(&data))
}

fn number_data(text: &str, ctx: &Context<'_>, style: Option<&[u8]>) -> Scan<Data> {
    let b = text.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(b[0] == b'-');
    let whole = digits(i);
    if whole == 0 {
        return Err(Bail);
    }
    i += whole;
    if b.get(i) == Some(&b'.') {
        let fraction = digits(i + 1);
        if fraction == 0 {
            return Err(Bail);
        }
        i += 1 + fraction;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exponent = digits(i);
        if exponent == 0 {
            return Err(Bail);
        }
        i += exponent;
    }
    if i != b.len() {
        return Err(Bail);
    }
    let value: f64 = text.parse().map_err(|_| Bail)?;
    if !value.is_finite() {
        return Err(Bail);
    }
    let kind = match style {
        None => NumberKind::Plain,
        Some(style) => {
            if style.is_empty() || style.len() > 9 || !style.iter().all(u8::is_ascii_digit) {
                return Err(Bail);
            }
            let id: usize = std::str::from_utf8(style)
                .map_err(|_| Bail)?
                .parse()
                .map_err(|_| Bail)?;
            ctx.formats.get(id).copied().unwrap_or(NumberKind::Plain)
        }
    };
    Ok(match kind {
        NumberKind::Plain => Data::Float(value),
        NumberKind::DateTime => Data::DateTime(ExcelDateTime::new(
            value,
            ExcelDateTimeType::DateTime,
            ctx.is_1904,
        )),
        NumberKind::TimeDelta => Data::DateTime(ExcelDateTime::new(
            value,
            ExcelDateTimeType::TimeDelta,
            ctx.is_1904,
        )),
    })
}
