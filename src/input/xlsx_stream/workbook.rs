//! What [`super::open`] reads around the sheet: the package and workbook relationships, the list
//! of sheets, parts inflated within a budget, and the probe calamine reads in place of the sheet.

use std::io::{Cursor, Read, Write};

use calamine::{DataRef, Reader, Xlsx};
use quick_xml::events::Event;

use super::super::sheet_xml::{self, NumberKind};

pub(super) const PROBE: &str = "meibo-probe";

/// (Id, Type, Target) of each `<Relationship>`.
pub(super) fn relationships(xml: &[u8]) -> Option<Vec<(String, String, String)>> {
    let mut found = Vec::new();
    for_each_start(xml, &mut |name, raw| {
        if name == b"Relationship" {
            let [id, kind, target] = attrs(raw, ["Id", "Type", "Target"])?;
            let text = |v: Option<&[u8]>| String::from_utf8(v.unwrap_or_default().to_vec()).ok();
            found.push((text(id)?, text(kind)?, text(target)?));
        }
        Some(())
    })?;
    Some(found)
}

/// (name, relationship id) of each `<sheet>` of the workbook.
pub(super) fn sheet_list(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    for_each_start(xml, &mut |name, raw| {
        if name == b"sheet" {
            let [sheet, id] = attrs(raw, ["name", "r:id"])?;
            let text = |v: Option<&[u8]>| String::from_utf8(v?.to_vec()).ok();
            found.push((text(sheet)?, text(id)?));
        }
        Some(())
    })?;
    Some(found)
}

fn attrs<'a, const N: usize>(attrs: &'a [u8], keys: [&str; N]) -> Option<[Option<&'a [u8]>; N]> {
    sheet_xml::attributes(attrs, keys).ok()
}

/// Called with an element's name and its raw attributes.
type EachStart<'a> = dyn FnMut(&[u8], &[u8]) -> Option<()> + 'a;

/// Every start (or empty) element of a small part, by quick-xml as calamine sets it up.
fn for_each_start(xml: &[u8], each: &mut EachStart<'_>) -> Option<()> {
    sheet_xml::declaration(xml).ok()?;
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => each(e.name().as_ref().as_bytes(), e.attributes_raw().as_bytes())?,
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// The bytes a part may unpack to: what the zip says it holds, within `budget`. Inflating stops
/// (and calamine decides) past it, so that a zip whose sizes lie is never parsed further than
/// it claims: a sheet's rows are handed on while it is inflated, before its end is known.
pub(super) fn cap(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    budget: u64,
) -> Option<u64> {
    Some(archive.by_index_raw(index).ok()?.size().min(budget))
}

/// A part inflated whole, refused past `budget` bytes.
pub(super) fn inflate(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    budget: u64,
) -> Option<Vec<u8>> {
    let budget = cap(archive, index, budget)?;
    let part = archive.by_index(index).ok()?;
    let mut xml = Vec::new();
    part.take(budget + 1).read_to_end(&mut xml).ok()?;
    (xml.len() as u64 <= budget).then_some(xml)
}

/// Let calamine read the workbook with the probe in place of the sheet and the shared strings;
/// the number kind of each style id below `styles`, and the date system.
#[allow(clippy::too_many_arguments)]
pub(super) fn probe(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    replaced: &[Option<usize>],
    sheet_part: &str,
    strings_part: &str,
    sheet: &str,
    sheets: &[(String, String)],
    styles: usize,
) -> Option<(Vec<NumberKind>, bool)> {
    let mut copy = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..names.len() {
        if !replaced.contains(&Some(index)) {
            copy.raw_copy_file(archive.by_index_raw(index).ok()?).ok()?;
        }
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut xml = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
    );
    for style in 0..styles {
        let row = style + 2;
        xml.push_str(&format!(
            r#"<row r="{row}"><c r="A{row}" s="{style}"><v>0</v></c></row>"#
        ));
    }
    xml.push_str("</sheetData></worksheet>");
    copy.start_file(sheet_part, stored).ok()?;
    copy.write_all(xml.as_bytes()).ok()?;
    copy.start_file(strings_part, stored).ok()?;
    copy.write_all(format!("<sst><si><t>{PROBE}</t></si></sst>").as_bytes())
        .ok()?;
    let copy = copy.finish().ok()?.into_inner();

    let mut workbook = Xlsx::new(Cursor::new(copy)).ok()?;
    if workbook.sheet_names() != sheets.iter().map(|s| s.0.clone()).collect::<Vec<_>>() {
        return None;
    }
    let is_1904 = workbook.has_1904_epoch();
    let mut reader = workbook.worksheet_cells_reader(sheet).ok()?;
    match reader.next_cell().ok()?? {
        cell if cell.get_position() == (0, 0)
            && matches!(cell.get_value(), DataRef::SharedString(s) if *s == PROBE) => {}
        _ => return None,
    }
    let mut kinds = Vec::with_capacity(styles);
    while let Some(cell) = reader.next_cell().ok()? {
        if cell.get_position() != (kinds.len() as u32 + 1, 0) {
            return None;
        }
        kinds.push(match cell.get_value() {
            DataRef::Float(value) if *value == 0.0 => NumberKind::Plain,
            DataRef::DateTime(value) if value.is_datetime() => NumberKind::DateTime,
            DataRef::DateTime(value) if value.is_duration() => NumberKind::TimeDelta,
            _ => return None,
        });
    }
    (kinds.len() == styles).then_some((kinds, is_1904))
}
