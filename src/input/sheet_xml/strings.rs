//! Shared strings and inline strings: the `<si>` / `<is>` items of [`super`].

use std::borrow::Cow;

use super::markup::{attributes, declaration, decode, is_utf8, skip_space, tag, Kind};
use super::{Bail, Scan};

/// A string item (`<si>` or `<is>`) from after its start tag to its end tag `</closing>`: the
/// `<t>` texts outside phonetic runs, each trimmed unless `xml:space="preserve"`, joined. Returns
/// the text, as a range of `d` when it is one plain `<t>`, and the position after the end tag.
pub fn string_item<'d>(d: &'d [u8], mut i: usize, closing: &[u8]) -> Scan<(Item<'d>, usize)> {
    let mut text: Option<Item<'d>> = None;
    let mut phonetic = false;
    // Elements open inside the item: end tags must close them in order (quick-xml refuses an end
    // tag with nothing open; calamine's reader would then fail further on).
    let mut open: Vec<&[u8]> = Vec::new();
    loop {
        let lt = i + memchr::memchr(b'<', &d[i..]).ok_or(Bail)?;
        // Text outside `<t>` is skipped, but calamine refuses it when it is not UTF-8.
        if d[i..lt].contains(&b'&') || !is_utf8(&d[i..lt]) {
            return Err(Bail);
        }
        let t = tag(d, lt)?;
        i = t.end;
        match (t.kind, t.name) {
            (Kind::Close, name) if name == closing && open.is_empty() => {
                return Ok((text.unwrap_or(Item::Span(lt, "")), i));
            }
            (Kind::Close, name) => {
                if open.pop() != Some(name) {
                    return Err(Bail);
                }
                if name == b"rPh" {
                    phonetic = false;
                }
            }
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
                    let trimmed = trim_xml_space(&value);
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
            (Kind::Open, name) => {
                if name == b"rPh" {
                    phonetic = true;
                }
                open.push(name);
            }
            (Kind::Empty, _) => {}
        }
    }
}

/// A string item's text: borrowed from the XML (with its position there), or decoded or joined.
pub enum Item<'d> {
    Span(usize, &'d str),
    Owned(String),
}

impl Item<'_> {
    pub fn text(&self) -> &str {
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

    pub fn get(&self, index: usize) -> Option<&str> {
        let &(from, to) = self.spans.get(index)?;
        Some(if from & DECODED != 0 {
            &self.decoded[(from & !DECODED) as usize..to as usize]
        } else {
            self.xml.get(from as usize..to as usize)?
        })
    }
}

/// `text` without leading and trailing space, tab, CR and LF (as calamine trims `<t>`; other
/// white space such as U+3000 stays). These are ASCII bytes, so the cuts are character bounds.
fn trim_xml_space(text: &str) -> &str {
    let bytes = text.as_bytes();
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    text.get(start..end).unwrap_or(text)
}
