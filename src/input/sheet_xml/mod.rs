//! A hand-written scanner for the XML of an XLSX sheet and of its shared strings, for the common
//! shape Excel and the libraries write. It gives the same cells as calamine's cell reader (quick-xml
//! with empty elements expanded, as calamine 0.38 sets it up) and hands each cell's text on as
//! [`super::xlsx::cell_text`] makes it. Whatever it is not sure to read exactly alike it refuses
//! with [`Bail`], and calamine reads the workbook instead: a comment, CDATA or processing
//! instruction, a prefixed element name, an entity other than the five XML ones, a numeric
//! character reference, a `_xHHHH_` escape or a carriage return in text, an unquoted, repeated or
//! odd attribute, a number that is not plain digits, text where only elements stand, any element
//! in a cell other than `v`, `f` and `is`, a cell outside a row, an end tag that closes nothing
//! open, bytes that are not UTF-8 (even where calamine ignores the text), a cell type calamine
//! would refuse.

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

mod markup;
mod strings;

pub use markup::{attributes, cell_ref, declaration};
pub use strings::Strings;

use markup::{is_utf8, number, skip_space, tag, Kind};
use strings::string_item;

/// Where the scan of `<sheetData>` stands between pieces of the sheet.
#[derive(Default)]
pub struct Body {
    row_index: u32,
    col_index: u32,
    /// Inside `<row>`: rows and cells must nest (quick-xml refuses an end tag with nothing open).
    in_row: bool,
    /// `</sheetData>` was met: the cells end here.
    pub done: bool,
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
                    if self.in_row {
                        return Err(Bail);
                    }
                    self.in_row = t.kind == Kind::Open;
                    if let [Some(r)] = attributes(t.attrs, ["r"])? {
                        self.row_index = number(r, 1_048_576)?;
                    }
                    if t.kind == Kind::Empty {
                        self.row_index += 1;
                        self.col_index = 0;
                    }
                }
                (Kind::Close, b"row") => {
                    if !self.in_row {
                        return Err(Bail);
                    }
                    self.in_row = false;
                    self.row_index = self.row_index.checked_add(1).ok_or(Bail)?;
                    self.col_index = 0;
                }
                (Kind::Open | Kind::Empty, b"c") => {
                    if !self.in_row {
                        return Err(Bail);
                    }
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
                (Kind::Close, b"sheetData") if !self.in_row => self.done = true,
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
                    if !is_utf8(&d[i..end]) {
                        return Err(Bail);
                    }
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
        return if is_utf8(raw) {
            Ok(Ok(String::new()))
        } else {
            Err(Bail)
        };
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
