//! Read the first sheet of workbooks with meibo's XLSX reader (the fast one where it applies)
//! and nothing else: the counterpart of `baseline_xlsx` (calamine alone) in bench/run.sh.
//!
//! ```sh
//! cargo run --release --example read_xlsx -- bench/data/xlsx-1000000/employees.xlsx
//! cargo run --release --example read_xlsx -- --compare bench/data/xlsx-100000/employees.xlsx
//! ```
//!
//! `--compare` also reads each sheet with calamine's cell reader and stops at the first cell
//! where the two differ.

fn main() {
    let compare = std::env::args().any(|a| a == "--compare");
    for path in std::env::args().skip(1).filter(|a| a != "--compare") {
        let bytes = std::fs::read(&path).expect("read the workbook");
        let fast = meibo::input::xlsx::fast_cells(&bytes, None);
        let how = if fast.is_some() {
            "fast reader"
        } else {
            "calamine"
        };
        let cells = fast
            .or_else(|| meibo::input::xlsx::calamine_cells(&bytes, None))
            .expect("a readable sheet");
        let filled = cells
            .iter()
            .filter(|c| !matches!(&c.2, Ok(t) if t.is_empty()))
            .count();
        println!("{path}: {filled} non-empty cells ({how})");
        if compare {
            let reference = meibo::input::xlsx::calamine_cells(&bytes, None).expect("calamine");
            if let Some(at) =
                (0..cells.len().max(reference.len())).find(|&i| cells.get(i) != reference.get(i))
            {
                eprintln!(
                    "cell {at}: {:?} against calamine's {:?}",
                    cells.get(at),
                    reference.get(at)
                );
                std::process::exit(1);
            }
            println!("{path}: all {} cells as calamine reads them", cells.len());
        }
    }
}
