//! Differential: the in-order XLSX reader (rows converted while calamine parses) must give exactly
//! what the plain reader gives — the same header, rows, row numbers and error cells — or the same
//! refusal. Zip bytes only (the in-order path is XLSX's).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use meibo::input::{xlsx, Format, Row};
use meibo::lang::Lang;

fn row_key(row: &Row) -> (u32, Vec<String>, bool) {
    (row.line, row.cells.clone(), row.undecodable)
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.xlsx");
    let plain = xlsx::read(path, data, Format::Xlsx, None, Lang::Ja);
    let in_order = xlsx::read_as(
        path,
        data,
        Format::Xlsx,
        None,
        Lang::Ja,
        |_| Ok(()),
        &|_, _, row: &Row| row_key(row),
    );
    match (plain, in_order) {
        (Ok(table), Ok((streamed, (), chunks))) => {
            assert_eq!(table.headers, streamed.headers);
            assert_eq!(table.header_line, streamed.header_line);
            let rows: Vec<_> = table.rows.iter().map(row_key).collect();
            let converted: Vec<_> = chunks.into_iter().flatten().collect();
            assert_eq!(rows, converted);
            let errors = |t: &meibo::input::Table| {
                t.cell_errors
                    .iter()
                    .map(|e| (e.line, e.column.clone(), e.detail.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(errors(&table), errors(&streamed));
        }
        (Err(_), Err(_)) => {}
        (plain, in_order) => panic!(
            "the readers disagree: plain {:?}, in order {:?}",
            plain.map(|t| t.rows.len()),
            in_order.map(|(t, _, c)| (t.headers, c.len()))
        ),
    }
});
