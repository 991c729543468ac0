//! The workbook reader (container checks, then calamine): any bytes named .xlsx give a table or an
//! error, never a panic or an allocation beyond libFuzzer's malloc limit. Zip bytes go to the XLSX
//! path, OLE bytes to the XLS/encrypted path, anything else to the CSV reader (content sniffing).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use meibo::input::{read_bytes, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes(Path::new("fuzz.xlsx"), data, &ReadOptions::default());
});
