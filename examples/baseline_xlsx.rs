//! Baseline: the least work any reconciler must do with an XLSX input — read the first sheet with
//! calamine into cells, and nothing else.
//!
//! ```sh
//! cargo run --release --example baseline_xlsx -- bench/data/100k-xlsx/employees.xlsx
//! ```

use calamine::{open_workbook_auto, Reader};

fn main() {
    let mut cells = 0usize;
    for path in std::env::args().skip(1) {
        let mut workbook = open_workbook_auto(&path).expect("open workbook");
        let range = workbook
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("read sheet");
        cells += range
            .rows()
            .map(|row| {
                row.iter()
                    .filter(|c| !matches!(c, calamine::Data::Empty))
                    .count()
            })
            .sum::<usize>();
    }
    println!("{cells} non-empty cells");
}
