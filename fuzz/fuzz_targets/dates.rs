//! The date parser: never panics, and a date it reads is read back the same from how meibo writes it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meibo::normalize::{excel_serial_to_date, format_date, parse_date};

fuzz_target!(|data: &[u8]| {
    if data.len() >= 9 {
        let serial = f64::from_le_bytes(data[..8].try_into().expect("8 bytes"));
        let _ = excel_serial_to_date(serial, data[8] & 1 == 1);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(Some(date)) = parse_date(text) {
        let written = format_date(date);
        assert_eq!(parse_date(&written), Ok(Some(date)), "{text:?} → {written}");
    }
});
