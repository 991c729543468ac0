//! The fast XLSX sheet reader (src/input/xlsx_stream.rs, sheet_xml.rs) against calamine, its
//! reference: on seeded generated workbooks (shared and inline strings, rich text with phonetic
//! runs, entities, numbers, dates and durations under styles, the 1904 date system, booleans,
//! errors, formulas, empty and sparse cells, rows and cells without references) it must read every
//! cell exactly as calamine's cell reader does, and `read_as` (fast) must give the very table that
//! `read` (calamine) gives. Shapes it leaves to calamine must be left (and still read alike).

use std::io::{Cursor, Write};
use std::path::Path;

use meibo::input::xlsx::{calamine_cells, fast_cells, read, read_as};
use meibo::input::{Format, Row, Table};
use meibo::lang::Lang;

/// A workbook of one sheet `<sheetData>{rows}</sheetData>` with the given shared strings.
fn workbook(strings: &[String], rows: &str, date1904: bool) -> Vec<u8> {
    workbook_of_bytes(strings, rows.as_bytes(), date1904)
}

/// [`workbook`] with sheet XML that need not be UTF-8.
fn workbook_of_bytes(strings: &[String], rows: &[u8], date1904: bool) -> Vec<u8> {
    let sst = if strings.is_empty() {
        None
    } else {
        Some(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{}</sst>"#,
            strings.concat(),
            n = strings.len()
        ))
    };
    let pr = if date1904 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        "<workbookPr/>"
    };
    let mut parts = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="社員" sheetId="1" r:id="rId1"/><sheet name="Other" sheetId="2" r:id="rId2"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_string()),
        // Styles: 0 General, 1 built-in date (14), 2 custom yyyy/mm/dd, 3 [h]:mm:ss, 4 0.00, 5 a
        // custom date-time, 6 text.
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="yyyy/m/d h:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="游ゴシック"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="46"/><xf numFmtId="2"/><xf numFmtId="165"/><xf numFmtId="49"/></cellXfs></styleSheet>"#.to_string()),
        ("xl/worksheets/sheet1.xml", SHEET_PLACEHOLDER.to_string()),
        ("xl/worksheets/sheet2.xml", r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>other</t></is></c></row></sheetData></worksheet>"#.to_string()),
    ];
    if let Some(sst) = sst {
        parts.push(("xl/sharedStrings.xml", sst));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        if text == SHEET_PLACEHOLDER {
            zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H40"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>"#).unwrap();
            zip.write_all(rows).unwrap();
            zip.write_all(br#"</sheetData><pageMargins left="0.7"/></worksheet>"#)
                .unwrap();
        } else {
            zip.write_all(text.as_bytes()).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

const SHEET_PLACEHOLDER: &str = "(the sheet)";

/// xorshift64*: the same workbooks on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const TEXTS: &[&str] = &[
    "佐藤",
    "ｻﾄｳ",
    "0012",
    "  spaced  ",
    "a &amp; b",
    "&lt;tag&gt;",
    "&quot;q&apos;",
    "髙橋",
    "e100.1@example.co.jp",
    "",
    " ",
    "営業部/第1課",
    "1001",
    "=SUM(A1)",
    "x\ny",
    "\t tab",
];

/// A string item's inside: plain, preserved, rich runs, or with a phonetic run.
fn string_item(rng: &mut Rng) -> String {
    let text = rng.pick(TEXTS);
    match rng.below(6) {
        0 => format!(r#"<t xml:space="preserve">{text}</t>"#),
        1 => format!(
            r#"<r><rPr><b/><sz val="11"/></rPr><t>{text}</t></r><r><t xml:space="preserve"> {}</t></r>"#,
            rng.pick(TEXTS)
        ),
        2 => format!(
            r#"<t>{text}</t><rPh sb="0" eb="1"><t>フリガナ</t></rPh><phoneticPr fontId="1"/>"#
        ),
        3 => "<t/>".to_string(),
        _ => format!("<t>{text}</t>"),
    }
}

/// One cell at `reference` (or without one), of a random kind.
fn cell(rng: &mut Rng, reference: Option<String>, strings: &mut Vec<String>) -> String {
    let r = reference
        .map(|r| format!(r#" r="{r}""#))
        .unwrap_or_default();
    let style = rng.below(8);
    let s = if style < 7 {
        format!(r#" s="{style}""#)
    } else {
        String::new()
    };
    let number = rng.pick(&[
        "0",
        "1001",
        "45383",
        "45383.5",
        "-3",
        "52.3",
        "0.1",
        "1.5E3",
        "2.5e-3",
        "3e2",
        "1462",
        "0.30000000000000004",
        "99999999999999999",
        "123456789012345678901234",
    ]);
    match rng.below(14) {
        0 | 1 => {
            strings.push(format!("<si>{}</si>", string_item(rng)));
            format!(r#"<c{r}{s} t="s"><v>{}</v></c>"#, strings.len() - 1)
        }
        2 if !strings.is_empty() => {
            let index = rng.below(strings.len() as u64);
            format!(r#"<c{r} t="s"><v>{index}</v></c>"#)
        }
        3 | 4 => format!(
            r#"<c{r}{s} t="inlineStr"><is>{}</is></c>"#,
            string_item(rng)
        ),
        5 | 6 => format!(r#"<c{r}{s}><v>{number}</v></c>"#),
        7 => format!(r#"<c{r}{s} t="n"><v>{number}</v></c>"#),
        8 => format!(
            r#"<c{r} t="b"><v>{}</v></c>"#,
            rng.pick(&["0", "1", "true", "false"])
        ),
        9 => format!(
            r#"<c{r} t="e"><v>{}</v></c>"#,
            rng.pick(&["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"])
        ),
        10 => format!(r#"<c{r}{s}/>"#),
        11 => format!(r#"<c{r}{s}><f>SUM(A1:A3)&amp;"x"</f><v>{number}</v></c>"#),
        12 => format!(
            r#"<c{r} t="str"><f t="shared" ref="A1:A9" si="0"/><v>{}</v></c>"#,
            rng.pick(&["text", "", "1001", "a b"])
        ),
        _ => format!(r#"<c{r}{s} t="d"><v>2024-04-01T00:00:00</v></c>"#),
    }
}

fn column_letter(index: u32) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

/// A sheet of random rows: a header, then sparse rows, some without `r`, cells some without `r`.
fn random_sheet(seed: u64) -> (Vec<String>, String, bool) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut strings = Vec::new();
    let mut rows = String::from(r#"<row r="2" spans="2:6">"#);
    for column in 1..7 {
        rows.push_str(&format!(
            r#"<c r="{}2" t="inlineStr"><is><t>列{column}</t></is></c>"#,
            column_letter(column)
        ));
    }
    rows.push_str("</row>");
    let mut row = 2;
    for _ in 0..rng.below(30) + 1 {
        row += 1 + rng.below(3) as u32;
        let with_r = rng.below(5) != 0;
        rows.push_str(&if with_r {
            format!(r#"<row r="{row}">"#)
        } else {
            "<row>".into()
        });
        let mut column = rng.below(2) as u32;
        for _ in 0..rng.below(9) {
            column += 1 + rng.below(2) as u32;
            let reference =
                (with_r && rng.below(6) != 0).then(|| format!("{}{row}", column_letter(column)));
            rows.push_str(&cell(&mut rng, reference, &mut strings));
            rows.push_str(if rng.below(4) == 0 { "\n  " } else { "" });
        }
        rows.push_str("</row>");
        if rng.below(8) == 0 {
            row += 1;
            rows.push_str(&format!(r#"<row r="{row}" ht="20" customHeight="1"/>"#));
        }
    }
    (strings, rows, seed.is_multiple_of(5))
}

type Lines = Vec<(u32, Vec<String>)>;

/// The table `read` gives and the one `read_as` gives, with their rows, as comparable text.
fn both_tables(bytes: &[u8]) -> (String, String) {
    let path = Path::new("generated.xlsx");
    let shown = |result: anyhow::Result<(Table, Lines)>| match result {
        Ok((table, rows)) => format!(
            "{} {:?} {rows:?} {:?}",
            table.header_line, table.headers, table.cell_errors
        ),
        Err(error) => format!("error: {error}"),
    };
    let general = read(path, bytes, Format::Xlsx, None, Lang::Ja).map(|mut table| {
        let rows = std::mem::take(&mut table.rows);
        (
            table,
            rows.into_iter().map(|row| (row.line, row.cells)).collect(),
        )
    });
    let convert = |_: &Table, _: &(), row: &Row| (row.line, row.cells.clone());
    let streamed = read_as(
        path,
        bytes,
        Format::Xlsx,
        None,
        Lang::Ja,
        |_| Ok(()),
        &convert,
    )
    .map(|(table, _, chunks)| (table, chunks.into_iter().flatten().collect()));
    (shown(general), shown(streamed))
}

#[test]
fn generated_workbooks_read_by_the_fast_reader_exactly_as_by_calamine() {
    let mut cells_compared = 0;
    for seed in 0..150 {
        let (strings, rows, date1904) = random_sheet(seed);
        let bytes = workbook(&strings, &rows, date1904);
        let fast = fast_cells(&bytes, None)
            .unwrap_or_else(|| panic!("seed {seed}: the fast reader gave up on\n{rows}"));
        let reference = calamine_cells(&bytes, None).expect("calamine reads it");
        assert_eq!(fast, reference, "seed {seed}:\n{rows}");
        cells_compared += fast.len();
        let (general, streamed) = both_tables(&bytes);
        assert_eq!(streamed, general, "seed {seed}");
        // The other sheet, by name.
        assert_eq!(
            fast_cells(&bytes, Some("Other")),
            calamine_cells(&bytes, Some("Other"))
        );
    }
    assert!(cells_compared > 3_000, "{cells_compared}");
}

#[test]
fn a_sheet_of_many_pieces_is_read_across_the_cuts() {
    // The XML is inflated in pieces of 1 MiB; rows, tags and texts are cut at every place.
    let mut rng = Rng(7);
    let mut strings = Vec::new();
    let mut rows = String::new();
    for row in 1..=12_000 {
        rows.push_str(&format!(r#"<row r="{row}">"#));
        for column in 0..6 {
            let reference = Some(format!("{}{row}", column_letter(column)));
            rows.push_str(&cell(&mut rng, reference, &mut strings));
        }
        rows.push_str("</row>");
    }
    assert!(rows.len() > 3 << 20, "{}", rows.len());
    let bytes = workbook(&strings, &rows, false);
    let fast = fast_cells(&bytes, None).expect("the fast reader reads it");
    assert_eq!(fast.len(), 72_000);
    assert_eq!(Some(fast), calamine_cells(&bytes, None));
}

#[test]
fn chosen_values_come_out_as_cell_text_makes_them() {
    let strings = vec![
        "<si><t>番号</t></si>".to_string(),
        r#"<si><r><t>髙</t></r><r><rPr><b/></rPr><t xml:space="preserve">橋 </t></r><rPh sb="0" eb="1"><t>タカ</t></rPh></si>"#.to_string(),
    ];
    let rows = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#,
        r#"<row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="2"><v>45383</v></c><c r="C2" s="5"><v>45383.5</v></c>"#,
        r#"<c r="D2" s="3"><v>1.5</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="b"><v>1</v></c>"#,
        r#"<c r="G2" t="inlineStr"><is><t> 0012 </t></is></c><c r="H2"><v>0.30000000000000004</v></c></row>"#,
    );
    let cells = fast_cells(&workbook(&strings, rows, false), None).expect("fast");
    let text = |row: u32, column: u32| {
        cells
            .iter()
            .find(|c| (c.0, c.1) == (row, column))
            .map(|c| c.2.clone())
            .unwrap()
    };
    assert_eq!(text(0, 0), Ok("番号".into()));
    assert_eq!(text(0, 1), Ok("髙橋 ".into()));
    assert_eq!(text(1, 0), Ok("1001".into()));
    assert_eq!(text(1, 1), Ok("2024/04/01".into()));
    assert_eq!(text(1, 2), Ok("2024/04/01 12:00:00".into()));
    assert_eq!(text(1, 3), Ok("1.5".into()));
    assert_eq!(text(1, 4), Err("#N/A".into()));
    assert_eq!(text(1, 5), Ok("TRUE".into()));
    assert_eq!(text(1, 6), Ok("0012".into()));
    assert_eq!(text(1, 7), Ok("0.3".into()));
    let in_1904 = fast_cells(&workbook(&strings, rows, true), None).expect("fast");
    assert!(
        in_1904.contains(&(1, 1, Ok("2028/04/02".into()))),
        "{in_1904:?}"
    );
}

#[test]
fn shapes_the_fast_reader_does_not_vouch_for_are_left_to_calamine_and_read_alike() {
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>番号</t></is></c><c r="B1" t="inlineStr"><is><t>氏名</t></is></c></row>"#;
    let cases = [
        // an Excel escape of a carriage return, a numeric character reference, CDATA
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>&#26085;</t></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>"#,
        // a comment, a prefixed element, a lower-case reference, a number with spaces
        r#"<!-- note --><row r="2"><c r="A2"><v>1</v></c></row>"#,
        r#"<row r="2"><x:c r="A2"><v>1</v></x:c></row>"#,
        r#"<row r="2"><c r="a2"><v>1</v></c></row>"#,
        r#"<row r="2"><c r="A2"><v> 1 </v></c></row>"#,
        // a shared string that is not there, an unknown type, a cell that is not closed
        r#"<row r="2"><c r="A2" t="s"><v>7</v></c></row>"#,
        r#"<row r="2"><c r="A2" t="x"><v>1</v></c></row>"#,
        r#"<row r="2"><c r="A2"><v>1</v></row>"#,
    ];
    for case in cases {
        let bytes = workbook(&[], &format!("{header}{case}"), false);
        assert_eq!(fast_cells(&bytes, None), None, "{case}");
        let (general, streamed) = both_tables(&bytes);
        assert_eq!(streamed, general, "{case}");
    }
    // Found by fuzzing (xlsx_fast): an attribute name that is not UTF-8; calamine refuses the
    // sheet, and the fast reader had read the row.
    let bytes = workbook_of_bytes(
        &[],
        b"<row \x8f=\"1\"><c r=\"B1\"><v>1e3</v></c></row>",
        false,
    );
    assert_eq!(fast_cells(&bytes, None), None);
    assert_eq!(calamine_cells(&bytes, None), None);
    let (general, streamed) = both_tables(&bytes);
    assert_eq!(streamed, general);
}
