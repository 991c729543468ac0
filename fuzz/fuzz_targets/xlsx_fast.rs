//! Differential: the fast XLSX sheet reader against calamine, its reference. The input is the XML
//! of a sheet (inside `<worksheet>`) and, after the first NUL byte, the inside of `<sst>`; the
//! first byte picks the 1904 date system and whether the workbook has shared strings at all.
//! Wherever the fast reader gives cells they must be calamine's cells, every one in the same
//! order with the same text; and `read_as` (fast where it can) must give what `read` (calamine)
//! gives, or fail alike.
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use meibo::input::{xlsx, Format, Row};
use meibo::lang::Lang;

const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs></styleSheet>"#;

fn workbook(flags: u8, sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    let pr = if flags & 1 == 1 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        ""
    };
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("_rels/.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", format!(r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes()),
        ("xl/_rels/workbook.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
        ("xl/styles.xml", STYLES.as_bytes().to_vec()),
    ];
    let mut xml = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.to_vec();
    xml.extend_from_slice(sheet);
    xml.extend_from_slice(b"</worksheet>");
    parts.push(("xl/worksheets/sheet1.xml", xml));
    if flags & 2 == 0 {
        let mut sst =
            br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.to_vec();
        sst.extend_from_slice(strings);
        sst.extend_from_slice(b"</sst>");
        parts.push(("xl/sharedStrings.xml", sst));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(name, stored).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn row_key(row: &Row) -> (u32, Vec<String>) {
    (row.line, row.cells.clone())
}

static QUIET_CAUGHT_PANICS: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // calamine panics on some hostile sheets in this debug-assertion build (a `<dimension>` whose
    // end is before its start overflows a subtraction; release builds wrap and return an error).
    // meibo's readers catch those panics, so libfuzzer-sys's aborting hook is replaced by one that
    // only prints: a panic nobody catches (an assertion below) still ends the run as a crash.
    QUIET_CAUGHT_PANICS.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (sheet, strings) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let book = workbook(flags, sheet, strings);
    if let Some(fast) = xlsx::fast_cells(&book, None) {
        // calamine may panic on hostile XML; that is calamine's to fix, and `read` catches it.
        let reference = std::panic::catch_unwind(|| xlsx::calamine_cells(&book, None));
        assert_eq!(
            Some(fast),
            reference.ok().flatten(),
            "the fast reader gave cells calamine does not"
        );
    }
    let path = Path::new("fuzz.xlsx");
    let plain = xlsx::read(path, &book, Format::Xlsx, None, Lang::Ja);
    let fast = xlsx::read_as(
        path,
        &book,
        Format::Xlsx,
        None,
        Lang::Ja,
        |_| Ok(()),
        &|_, _, row: &Row| row_key(row),
    );
    match (plain, fast) {
        (Ok(table), Ok((streamed, (), chunks))) => {
            assert_eq!(
                (table.header_line, &table.headers),
                (streamed.header_line, &streamed.headers)
            );
            let rows: Vec<_> = table.rows.iter().map(row_key).collect();
            assert_eq!(rows, chunks.into_iter().flatten().collect::<Vec<_>>());
            let errors = |t: &meibo::input::Table| {
                t.cell_errors
                    .iter()
                    .map(|e| (e.line, e.column.clone(), e.detail.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(errors(&table), errors(&streamed));
        }
        (Err(_), Err(_)) => {}
        (plain, fast) => panic!(
            "the readers disagree: plain {:?}, fast {:?}",
            plain.map(|t| t.rows.len()),
            fast.map(|(t, _, c)| (t.headers, c.len()))
        ),
    }
});
