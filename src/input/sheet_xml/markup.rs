//! The markup of [`super`]'s XML: tags, attributes, text with its five entities, the XML
//! declaration, cell references. Everything unusual is [`Bail`].

use std::borrow::Cow;

use super::{Bail, Scan};

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Open,
    Empty,
    Close,
}

pub struct Tag<'a> {
    pub kind: Kind,
    pub name: &'a [u8],
    pub attrs: &'a [u8],
    pub end: usize,
}

/// Whether bytes the scanner skips are UTF-8 (calamine refuses a sheet where they are not, even
/// text it ignores).
pub fn is_utf8(bytes: &[u8]) -> bool {
    bytes.is_ascii() || std::str::from_utf8(bytes).is_ok()
}

pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

pub fn skip_space(d: &[u8], mut i: usize) -> usize {
    while i < d.len() && is_space(d[i]) {
        i += 1;
    }
    i
}

/// The tag at `d[i]` (which is `<`). Names are ASCII letters, digits, `_`, `-` and `.`; a tag
/// that is not UTF-8 is refused wherever it stands (calamine's reader refuses such tags).
pub fn tag(d: &[u8], i: usize) -> Scan<Tag<'_>> {
    let closing = d.get(i + 1) == Some(&b'/');
    let start = if closing { i + 2 } else { i + 1 };
    let mut j = start;
    while j < d.len() && !is_space(d[j]) && d[j] != b'>' && d[j] != b'/' {
        if !(d[j].is_ascii_alphanumeric() || matches!(d[j], b'_' | b'-' | b'.')) {
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
    let mut ascii = true;
    let (kind, attrs_end, end) = loop {
        match d.get(j) {
            Some(b'>') => break (Kind::Open, j, j + 1),
            Some(b'/') if d.get(j + 1) == Some(&b'>') => break (Kind::Empty, j, j + 2),
            Some(&quote @ (b'"' | b'\'')) => {
                let close = memchr::memchr(quote, &d[j + 1..]).ok_or(Bail)?;
                let value = &d[j + 1..j + 1 + close];
                if memchr::memchr(b'<', value).is_some() {
                    return Err(Bail);
                }
                ascii &= value.is_ascii();
                j += close + 2;
            }
            Some(b'<' | b'/') | None => return Err(Bail),
            Some(&b) => {
                ascii &= b.is_ascii();
                j += 1;
            }
        }
    };
    let attrs = &d[attrs_start..attrs_end];
    if !ascii && std::str::from_utf8(attrs).is_err() {
        return Err(Bail);
    }
    Ok(Tag {
        kind,
        name,
        attrs,
        end,
    })
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
pub fn decode(raw: &[u8]) -> Scan<Cow<'_, str>> {
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

/// A row or column reference as calamine reads it, within Excel's sheet size.
pub fn number(text: &[u8], max: u32) -> Scan<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_the_usual_shape_are_read_and_anything_else_bails() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (r#"<c r="A1" t="s">"#, Some(("c", r#" r="A1" t="s""#))),
            ("<row/>", Some(("row", ""))),
            ("</row>", Some(("row", ""))),
            (
                r#"<t xml:space='preserve'>"#,
                Some(("t", " xml:space='preserve'")),
            ),
            ("</row >", None),
            ("<x:c>", None),
            ("<!-- c -->", None),
            ("<![CDATA[x]]>", None),
            ("<?pi x?>", None),
            (r#"<c r="A<1">"#, None),
            ("<c r=\"A1\"", None),
            ("<>", None),
            ("<t\u{e9}>", None),
            (r#"<c r="\u{e9}">"#, Some(("c", r#" r="\u{e9}""#))),
        ];
        for (text, expected) in cases {
            let got = tag(text.as_bytes(), 0).ok().map(|t| {
                (
                    std::str::from_utf8(t.name).unwrap().to_string(),
                    std::str::from_utf8(t.attrs).unwrap().to_string(),
                )
            });
            let expected = expected.map(|(n, a)| (n.to_string(), a.to_string()));
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn a_tag_that_is_not_utf8_is_refused() {
        // Found by fuzzing (xlsx_fast): calamine refuses `<row \x8f="1">`, whose row was read.
        assert_eq!(tag(b"<row \x8f=\"1\">", 0).err(), Some(Bail));
        assert_eq!(tag(b"<rPr a=\"\x8f\"/>", 0).err(), Some(Bail));
        assert_eq!(tag(b"<r\x8f>", 0).err(), Some(Bail));
    }

    #[test]
    fn attributes_are_strict() {
        let found = |text: &str| {
            attributes(text.as_bytes(), ["r", "t"])
                .ok()
                .map(|v| v.map(|v| v.map(|v| String::from_utf8(v.to_vec()).unwrap())))
        };
        let some = |r: Option<&str>, t: Option<&str>| Some([r.map(Into::into), t.map(Into::into)]);
        assert_eq!(found(r#" r="B2" s="1" t="n""#), some(Some("B2"), Some("n")));
        assert_eq!(found(" t='s'"), some(None, Some("s")));
        assert_eq!(found(""), some(None, None));
        assert_eq!(found(r#" r="B2" r="B3""#), None, "repeated");
        assert_eq!(found(r#" r="B2"t="s""#), None, "no space between");
        assert_eq!(found(" r=B2"), None, "unquoted");
        assert_eq!(found(r#" r = "B2""#), None, "spaces around =");
        assert_eq!(found(r#" t="&amp;""#), None, "an entity in a value read");
        assert_eq!(
            found(r#" other="&amp;""#),
            some(None, None),
            "in a value not read"
        );
    }

    #[test]
    fn text_decodes_the_five_entities_and_bails_on_the_rest() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"plain", Some("plain")),
            ("佐藤 &amp; 髙橋".as_bytes(), Some("佐藤 & 髙橋")),
            (b"&lt;&gt;&quot;&apos;", Some("<>\"'")),
            (b"a_b", Some("a_b")),
            (b"a_x000D_b", None),
            (b"a_x&amp;", None),
            (b"&#10;", None),
            (b"&nbsp;", None),
            (b"&amp", None),
            (b"a\r\nb", None),
            (b"\xff", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(decode(raw).ok().as_deref(), *expected, "{raw:?}");
        }
    }

    #[test]
    fn references_and_declarations() {
        assert_eq!(cell_ref(b"A1"), Ok((0, 0)));
        assert_eq!(cell_ref(b"XFD1048576"), Ok((1_048_575, 16_383)));
        for bad in [
            &b"a1"[..],
            b"A0",
            b"A",
            b"1",
            b"XFE1",
            b"A1048577",
            b"A1 ",
            b"AAAA1",
        ] {
            assert_eq!(cell_ref(bad), Err(Bail), "{bad:?}");
        }
        assert_eq!(
            declaration(br#"<?xml version="1.0" encoding="UTF-8"?> <a/>"#),
            Ok(39)
        );
        assert_eq!(declaration(b"<a/>"), Ok(0));
        for bad in [
            &br#"<?xml version="1.0" encoding="Shift_JIS"?><a/>"#[..],
            b"\xef\xbb\xbf<a/>",
            b"text<a/>",
        ] {
            assert_eq!(declaration(bad), Err(Bail), "{bad:?}");
        }
    }
}
