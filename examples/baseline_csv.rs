//! Baseline: the least work any reconciler must do with the CSV inputs — decode and parse both
//! the HR export and the current export into records of text, and nothing else.
//!
//! ```sh
//! cargo run --release --example baseline_csv -- bench/data/large/employees.csv bench/data/large/current_employees.csv
//! cargo run --release --example baseline_csv -- --parallel bench/data/large/employees.csv bench/data/large/current_employees.csv
//! ```
//!
//! `--parallel` is the floor that uses every core: each file is cut at line feeds into pieces of
//! about 8 MiB, and the pieces of both files are decoded and parsed on rayon's threads. (A cut at
//! a line feed inside a quoted cell would split that record; the generated benchmark data has no
//! line breaks inside cells, and the record count printed is the same as without `--parallel`.)

use std::io::Read;

use rayon::prelude::*;

type Records = Vec<Vec<String>>;

fn main() -> std::io::Result<()> {
    let mut parallel = false;
    let mut inputs = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--parallel" => parallel = true,
            _ => inputs.push(arg),
        }
    }
    let mut files = Vec::new();
    for path in &inputs {
        let mut bytes = Vec::new();
        std::fs::File::open(path)?.read_to_end(&mut bytes)?;
        files.push(bytes);
    }
    let mut pieces: Vec<(&'static encoding_rs::Encoding, &[u8])> = Vec::new();
    for bytes in &files {
        let (encoding, bom) = match encoding_rs::Encoding::for_bom(bytes) {
            Some((encoding, bom)) => (encoding, bom),
            None if std::str::from_utf8(bytes).is_ok() => (encoding_rs::UTF_8, 0),
            None => (encoding_rs::SHIFT_JIS, 0),
        };
        let data = &bytes[bom..];
        if parallel {
            pieces.extend(split_at_line_feeds(data, 8 << 20).map(|piece| (encoding, piece)));
        } else {
            pieces.push((encoding, data));
        }
    }
    let parsed: Vec<Records> = if parallel {
        pieces
            .par_iter()
            .map(|&(encoding, data)| parse(encoding, data))
            .collect()
    } else {
        pieces
            .iter()
            .map(|&(encoding, data)| parse(encoding, data))
            .collect()
    };
    let records: usize = parsed.iter().map(Vec::len).sum();
    let bytes: usize = parsed.iter().flatten().flatten().map(String::len).sum();
    println!("{records} records, {bytes} bytes of text");
    Ok(())
}

fn parse(encoding: &'static encoding_rs::Encoding, data: &[u8]) -> Records {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut records = Vec::new();
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
        records.push(fields);
    }
    records
}

/// Pieces of `data` of about `size` bytes, each ending after a line feed (the last at the end).
fn split_at_line_feeds(data: &[u8], size: usize) -> impl Iterator<Item = &[u8]> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = match rest
            .get(size..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
        {
            Some(offset) => size + offset + 1,
            None => rest.len(),
        };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}
