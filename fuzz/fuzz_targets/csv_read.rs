//! The CSV reader with encoding detection: any bytes give a table or an error, never a panic, and
//! row numbers only go forward. The first byte picks `--input-encoding` (none = detection).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use meibo::input::csv;
use meibo::lang::Lang;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let forced = match choice % 6 {
        0 | 1 => None,
        2 => Some(encoding_rs::UTF_8),
        3 => Some(encoding_rs::SHIFT_JIS),
        4 => Some(encoding_rs::UTF_16LE),
        _ => Some(encoding_rs::UTF_16BE),
    };
    if let Ok(table) = csv::read(Path::new("fuzz.csv"), bytes, forced, Lang::Ja) {
        assert!(table.header_line >= 1);
        let mut previous = table.header_line;
        for row in &table.rows {
            assert!(row.line > previous, "row numbers go forward");
            previous = row.line;
        }
    }
});
