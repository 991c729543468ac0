//! The fast way through an XLSX sheet: its XML is inflated on one thread while
//! [`super::sheet_xml`] scans it on the caller's, with the shared strings kept as ranges of their
//! inflated part instead of a string each.
//!
//! calamine still decides everything around the sheet, on a copy of the workbook in which the
//! sheet and the shared strings are replaced by a probe: it reads the workbook, its relationships
//! and styles exactly as it would (any error there sends the file to calamine's own reader), lists
//! the sheets, and reads the probe — one shared string, then one number under each cell style —
//! which proves that the parts this module reads are the ones calamine would read, and tells which
//! styles make a number a date (`NumberKind`). `None` from here means "let calamine read it".

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::mpsc;

use quick_xml::events::Event;

use super::container;
use super::sheet_xml::{self, Bail, Body, Context, NumberKind, OnCell, Scan, Strings};
use crate::lang::Lang;

mod workbook;

use workbook::{cap, inflate, probe, relationships, sheet_list};

/// A workbook ready to stream: what the sheet's cells need, and where its XML is.
pub struct Opened {
    pub sheet: String,
    part: usize,
    strings: Strings,
    formats: Vec<NumberKind>,
    is_1904: bool,
    /// Bytes the sheet's XML may unpack to: its size in the zip, within the zip-bomb limit less
    /// the other parts.
    budget: u64,
}

/// Styles probed at most; a workbook with more is read by calamine.
const MAX_STYLES: usize = 65_536;

pub fn open(path: &Path, bytes: &[u8], sheet: Option<&str>, lang: Lang) -> Option<Opened> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // calamine finds parts by name, ignoring case and `\` (its zip path cache; the last wins).
    let mut names = Vec::new();
    for index in 0..archive.len() {
        names.push(archive.name_for_index(index)?.ok()?.into_owned());
    }
    let keys: Vec<String> = names
        .iter()
        .map(|name| name.replace('\\', "/").to_ascii_lowercase())
        .collect();
    if keys.iter().collect::<std::collections::HashSet<_>>().len() != keys.len() {
        return None; // two parts calamine would take for one
    }
    let find = |wanted: &str| -> Option<usize> {
        let wanted = wanted.to_ascii_lowercase();
        keys.iter().position(|key| *key == wanted)
    };
    // The small parts read here before the zip-bomb check: at most 16 MiB each, whole or not at
    // all (a part cut short could read differently).
    let small = |archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize| -> Option<Vec<u8>> {
        let part = archive.by_index(index).ok()?;
        let mut text = Vec::new();
        part.take((16 << 20) + 1).read_to_end(&mut text).ok()?;
        (text.len() <= 16 << 20).then_some(text)
    };
    let rels = small(&mut archive, find("_rels/.rels")?)?;
    let target = relationships(&rels)?
        .into_iter()
        .rfind(|(_, kind, _)| kind.ends_with("/relationships/officeDocument"))?
        .2;
    let (dir, name) = target.split_at(target.rfind('/').map_or(0, |i| i + 1));
    let xl = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let workbook_name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    let book_rels = small(
        &mut archive,
        find(&format!("{xl}_rels/{workbook_name}.rels"))?,
    )?;
    let book_rels = relationships(&book_rels)?;
    let book = small(&mut archive, find(&format!("{xl}{workbook_name}"))?)?;
    let sheets = sheet_list(&book)?;
    let name = super::xlsx::pick_sheet(
        path,
        &sheets.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        sheet,
        Lang::En,
    )
    .ok()?;
    let id = &sheets.iter().find(|s| s.0 == name)?.1;
    let target = &book_rels.iter().rev().find(|r| &r.0 == id)?.2;
    let sheet_path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{xl}{target}"),
    };
    let part = find(&sheet_path)?;
    if keys[part].ends_with("sharedstrings.xml") {
        return None; // the container check would test it as shared strings
    }
    let strings_part = find(&format!("{xl}sharedStrings.xml"));
    let strings_name = match strings_part {
        Some(index) => names[index].clone(),
        None => format!("{xl}sharedStrings.xml"),
    };

    // Every other part within the zip-bomb limit before anything inflates them.
    let skip = [Some(part), strings_part];
    let used = container::check_zip_except(path, bytes, lang, &skip).ok()?;
    let mut budget = container::unpacked_limit(bytes.len() as u64).checked_sub(used)?;
    let strings = match strings_part {
        Some(index) => {
            let xml = inflate(&mut archive, index, budget)?;
            budget -= xml.len() as u64;
            if !container::shared_strings_plausible(&xml) {
                return None;
            }
            Strings::parse(xml).ok()?
        }
        None => Strings::default(),
    };
    let styles = match find(&format!("{xl}styles.xml")) {
        Some(index) => memchr::memmem::find_iter(&small(&mut archive, index)?, b"xf").count(),
        None => 0,
    };
    if styles > MAX_STYLES {
        return None;
    }
    let (probed, is_1904) = probe(
        &mut archive,
        &names,
        &[Some(part), strings_part],
        &names[part],
        &strings_name,
        &name,
        &sheets,
        styles,
    )?;
    let budget = cap(&mut archive, part, budget)?;
    Some(Opened {
        sheet: name,
        part,
        strings,
        formats: probed,
        is_1904,
        budget,
    })
}

/// Pieces of inflated XML handed from the inflating thread to the scanning one.
const PIECE: usize = 1 << 20;

/// Stream the sheet's cells to `on_cell`, in the order of the file.
pub fn cells(opened: &Opened, bytes: &[u8], on_cell: &mut OnCell<'_>) -> Scan<()> {
    let ctx = Context {
        strings: &opened.strings,
        formats: &opened.formats,
        is_1904: opened.is_1904,
    };
    std::thread::scope(|scope| {
        let (sender, pieces) = mpsc::sync_channel::<Result<Vec<u8>, Bail>>(4);
        let (recycle, spare) = mpsc::channel::<Vec<u8>>();
        let (part, budget) = (opened.part, opened.budget);
        scope.spawn(move || {
            let result = (|| -> Scan<()> {
                let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Bail)?;
                let mut xml = archive.by_index(part).map_err(|_| Bail)?;
                let mut total = 0u64;
                loop {
                    let mut piece = spare.try_recv().unwrap_or_default();
                    piece.resize(PIECE, 0);
                    let mut filled = 0;
                    while filled < PIECE {
                        match xml.read(&mut piece[filled..]).map_err(|_| Bail)? {
                            0 => break,
                            n => filled += n,
                        }
                    }
                    piece.truncate(filled);
                    total += filled as u64;
                    if total > budget {
                        return Err(Bail);
                    }
                    if filled == 0 {
                        return Ok(());
                    }
                    if sender.send(Ok(piece)).is_err() {
                        return Ok(()); // the scanner stopped
                    }
                }
            })();
            if let Err(bail) = result {
                let _ = sender.send(Err(bail));
            }
        });
        // The XML after the last whole row scanned (or, until `<sheetData>`, all of it).
        let mut pending: Vec<u8> = Vec::new();
        let mut body: Option<Body> = None;
        for piece in pieces {
            let piece = piece?;
            if body.as_ref().is_some_and(|b| b.done) {
                let _ = recycle.send(piece);
                continue; // read to the end all the same: the zip checks its CRC there
            }
            let mut first = Vec::new();
            let mut rest: &[u8] = &piece;
            if body.is_none() {
                pending.extend_from_slice(&piece);
                let Some(start) = sheet_start(&pending)? else {
                    let _ = recycle.send(piece);
                    continue;
                };
                first = pending.split_off(start);
                pending.clear();
                rest = &first;
                body = Some(Body::default());
            }
            let body = body.as_mut().ok_or(Bail)?;
            // Whole rows are scanned where they lie; only a row cut by the piece's end is copied.
            if !pending.is_empty() {
                let cut = memchr::memmem::find(rest, b"</row>").map_or(rest.len(), |at| at + 6);
                pending.extend_from_slice(&rest[..cut]);
                rest = &rest[cut..];
                if cut > 0 && pending.ends_with(b"</row>") {
                    body.scan(&pending, &ctx, on_cell)?;
                    pending.clear();
                }
            }
            if let Some(at) = memchr::memmem::rfind(rest, b"</row>") {
                if pending.is_empty() {
                    body.scan(&rest[..at + 6], &ctx, on_cell)?;
                    rest = &rest[at + 6..];
                }
            }
            pending.extend_from_slice(rest);
            drop(first);
            let _ = recycle.send(piece);
        }
        let mut body = body.ok_or(Bail)?;
        body.scan(&pending, &ctx, on_cell)?;
        if body.done {
            Ok(())
        } else {
            Err(Bail)
        }
    })
}

/// Once `<sheetData>` has started in `xml`: the position after its start tag, the part before it
/// read as calamine's cell reader reads it (a `<dimension>` it would refuse is refused).
fn sheet_start(xml: &[u8]) -> Scan<Option<usize>> {
    let Some(at) = memchr::memmem::find(xml, b"<sheetData") else {
        return if xml.len() > 64 << 20 {
            Err(Bail)
        } else {
            Ok(None)
        };
    };
    let Some(close) = memchr::memchr(b'>', &xml[at..]) else {
        return Ok(None);
    };
    let end = at + close + 1;
    sheet_xml::declaration(xml)?;
    let mut reader = quick_xml::Reader::from_reader(&xml[..end]);
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(|_| Bail)? {
            Event::Start(e) => match e.name().as_ref() {
                "sheetData" => break,
                "dimension" => {
                    let [range] = sheet_xml::attributes(e.attributes_raw().as_bytes(), ["ref"])?;
                    dimension(range.ok_or(Bail)?)?;
                }
                name if name.contains(':') => return Err(Bail),
                _ => {}
            },
            Event::Eof => return Err(Bail),
            _ => {}
        }
    }
    if reader.buffer_position() as usize != end || xml[end - 2] == b'/' {
        return Err(Bail);
    }
    Ok(Some(end))
}

/// A `ref` calamine reads without error: `A1` or `A1:C9`, the end not before the start.
fn dimension(range: &[u8]) -> Scan<()> {
    let mut parts = range.split(|&b| b == b':');
    let start = sheet_xml::cell_ref(parts.next().ok_or(Bail)?)?;
    if let Some(end) = parts.next() {
        let end = sheet_xml::cell_ref(end)?;
        if end.0 < start.0 || end.1 < start.1 {
            return Err(Bail);
        }
    }
    if parts.next().is_some() {
        return Err(Bail);
    }
    Ok(())
}
