//! Header matching: any header row (one header per line) is fitted to every profile without a
//! panic; a header's key is stable (keying a key changes nothing).
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use meibo::input::{Format, Table};
use meibo::lang::Lang;
use meibo::source::{self, header_key, Mapping};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let headers: Vec<String> = text.split('\n').map(str::to_string).collect();
    for header in &headers {
        let key = header_key(header);
        assert_eq!(header_key(&key), key, "key of {header:?}");
    }
    let table = Table {
        path: PathBuf::from("fuzz.csv"),
        format: Format::Csv,
        encoding: None,
        delimiter: Some(b','),
        sheet: None,
        header_line: 1,
        headers,
        rows: Vec::new(),
        cell_errors: Vec::new(),
        sha256: String::new(),
    };
    let _ = source::detect(
        &table,
        &source::profiles(&[], None),
        &Mapping::default(),
        None,
        Lang::Ja,
    );
});
