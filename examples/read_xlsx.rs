//! Read the first sheet of workbooks with meibo's XLSX reader (the fast one where it applies)
//! and nothing else: the counterpart of `baseline_xlsx` (calamine alone) in bench/run.sh.
//!
//! ```sh
//! cargo run --release --example read_xlsx -- bench/data/xlsx-1000000/employees.xlsx
//! ```

fn main() {
    for path in std::env::args().skip(1) {
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
    }
}
