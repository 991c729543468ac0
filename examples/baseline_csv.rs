//! Baseline: the least work any reconciler must do with the CSV inputs — decode and parse both
//! the HR export and the current export into records of text, and nothing else.
//!
//! ```sh
//! cargo run --release --example baseline_csv -- bench/data/1m/employees.csv bench/data/1m/current_employees.csv
//! ```

use std::io::Read;

fn main() -> std::io::Result<()> {
    let mut total_records = 0usize;
    let mut total_bytes = 0usize;
    for path in std::env::args().skip(1) {
        let mut bytes = Vec::new();
        std::fs::File::open(&path)?.read_to_end(&mut bytes)?;
        let (encoding, bom) = match encoding_rs::Encoding::for_bom(&bytes) {
            Some((encoding, bom)) => (encoding, bom),
            None if std::str::from_utf8(&bytes).is_ok() => (encoding_rs::UTF_8, 0),
            None => (encoding_rs::SHIFT_JIS, 0),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[bom..]);
        let mut record = csv::ByteRecord::new();
        let mut records: Vec<Vec<String>> = Vec::new();
        while reader.read_byte_record(&mut record).expect("parse") {
            let fields: Vec<String> = record
                .iter()
                .map(|field| {
                    encoding
                        .decode_without_bom_handling_and_without_replacement(field)
                        .map(|text| text.into_owned())
                        .unwrap_or_default()
                })
                .collect();
            total_bytes += fields.iter().map(String::len).sum::<usize>();
            records.push(fields);
        }
        total_records += records.len();
    }
    println!("{total_records} records, {total_bytes} bytes of text");
    Ok(())
}
