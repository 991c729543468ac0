//! Hostile and broken inputs (docs/reading.md): each file either is read correctly or stops the run
//! with exit 2 and a message naming the file (and the row, where there is one) — never a panic, and
//! never more memory than the file's size warrants. Small fixtures live in `tests/bad/`; the big
//! ones (a 10 MB cell, 10,000 columns, zip bombs) are made here at run time.

mod common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Output, Workdir};

const SMARTHR_HEADER: &str = "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,部署1";
const CURRENT_HEADER: &str = "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\n";

/// A workdir holding the fixture `name` from tests/bad (under the same name) and an empty
/// current export.
fn with_fixture(name: &str) -> Workdir {
    let w = Workdir::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name);
    w.write(name, std::fs::read(&fixture).unwrap());
    w.write("current.csv", CURRENT_HEADER);
    w
}

fn reconcile(w: &Workdir, employees: &str) -> Output {
    w.run(&[
        "--lang",
        "en",
        "reconcile",
        "--employees",
        employees,
        "--current-employees",
        "current.csv",
        "--out",
        "out",
    ])
}

/// Exit 2, the message on stderr, and nothing written.
#[track_caller]
fn refused(out: &Output, w: &Workdir, message: &str) {
    out.expect_code(2);
    out.expect_stderr_contains(message);
    assert!(!out.stderr.contains("panicked"), "{out}");
    assert!(!w.path("out").exists(), "nothing written\n{out}");
}

/// (row, code) of every exclusion line.
fn exclusions(w: &Workdir) -> Vec<(String, String)> {
    w.read_csv("out/exclusions.csv")[1..]
        .iter()
        .map(|r| (r[1].clone(), r[5].clone()))
        .collect()
}

/// The e-mail column of the import sheet.
fn imported_emails(w: &Workdir) -> Vec<String> {
    w.read_csv("out/employees.csv")[1..]
        .iter()
        .map(|r| r[5].clone())
        .collect()
}

#[test]
fn empty_file() {
    let w = with_fixture("empty.csv");
    refused(
        &reconcile(&w, "empty.csv"),
        &w,
        "error: empty.csv: the file is empty (no header row found)",
    );
}

#[test]
fn header_only_is_a_clean_run_with_zero_rows() {
    let w = with_fixture("header_only.csv");
    reconcile(&w, "header_only.csv").expect_code(0);
    assert_eq!(w.read_csv("out/employees.csv").len(), 1, "the header only");
    assert!(exclusions(&w).is_empty());
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path("out/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["inputs"][0]["rows"], 0);
    assert_eq!(summary["counts"]["employees"]["create"], 0);
}

#[test]
fn binary_garbage_named_csv() {
    let w = with_fixture("garbage.csv");
    refused(
        &reconcile(&w, "garbage.csv"),
        &w,
        "error: garbage.csv: row 3: holds NUL bytes: this is not a text CSV",
    );
}

#[test]
fn nul_bytes_are_refused_naming_the_row() {
    let w = with_fixture("nul_bytes.csv");
    refused(
        &reconcile(&w, "nul_bytes.csv"),
        &w,
        "error: nul_bytes.csv: row 4: holds NUL bytes",
    );
}

#[test]
fn unbalanced_quotes_name_the_row_where_the_quote_opened() {
    let w = with_fixture("unbalanced_quotes.csv");
    refused(
        &reconcile(&w, "unbalanced_quotes.csv"),
        &w,
        "error: unbalanced_quotes.csv: row 3: a cell opened with a quote (\") is never closed",
    );
}

#[test]
fn cr_only_line_endings_are_read_with_the_right_row_numbers() {
    let w = with_fixture("cr_only.csv");
    reconcile(&w, "cr_only.csv").expect_code(1);
    assert_eq!(imported_emails(&w), ["a@example.com"]);
    // Row 3 is blank; row 4 holds a quoted cell with a CR inside and still counts as one row.
    assert_eq!(
        exclusions(&w),
        [
            ("4".to_string(), "missing-kana".to_string()),
            ("5".to_string(), "missing-kana".to_string())
        ]
    );
}

#[test]
fn duplicate_header_names_are_refused_naming_the_header() {
    let w = with_fixture("duplicate_headers.csv");
    refused(
        &reconcile(&w, "duplicate_headers.csv"),
        &w,
        "error: duplicate_headers.csv: row 1: two columns fill the same field: \"メールアドレス\" / \"メールアドレス\" (field email)",
    );
}

#[test]
fn an_xlsx_that_is_really_csv_is_read_as_csv() {
    let w = with_fixture("really_csv.xlsx");
    reconcile(&w, "really_csv.xlsx").expect_code(0);
    assert_eq!(imported_emails(&w), ["a@example.com"]);
}

#[test]
fn a_csv_that_is_really_xlsx_is_read_as_xlsx() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    w.write(
        "really_xlsx.csv",
        workbook(&[
            SMARTHR_HEADER.split(',').collect(),
            vec!["1", "山田", "太郎", "ヤマダ", "タロウ", "a@example.com"],
        ]),
    );
    reconcile(&w, "really_xlsx.csv").expect_code(0);
    assert_eq!(imported_emails(&w), ["a@example.com"]);
}

#[test]
fn a_truncated_xlsx() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let whole = workbook(&[SMARTHR_HEADER.split(',').collect()]);
    w.write("truncated.xlsx", &whole[..whole.len() / 2]);
    refused(
        &reconcile(&w, "truncated.xlsx"),
        &w,
        "error: truncated.xlsx: the workbook is damaged or truncated",
    );
}

#[test]
fn a_password_protected_xlsx() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    // Excel saves a password-protected workbook as an OLE compound file holding the encrypted
    // package; its contents do not matter for the refusal.
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for stream in ["/EncryptionInfo", "/EncryptedPackage"] {
        let mut s = ole.create_stream(stream).unwrap();
        std::io::Write::write_all(&mut s, &[0x04, 0x00, 0x04, 0x00, 0x40, 0, 0, 0]).unwrap();
    }
    ole.flush().unwrap();
    w.write("locked.xlsx", ole.into_inner().into_inner());
    refused(
        &reconcile(&w, "locked.xlsx"),
        &w,
        "error: locked.xlsx: the workbook is password-protected (encrypted); save it without a password and try again",
    );
}

#[test]
fn an_xlsx_using_the_1904_date_system() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd");
    let headers = "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,入社年月日";
    for (column, header) in headers.split(',').enumerate() {
        sheet.write_string(0, column as u16, header).unwrap();
    }
    for (column, value) in ["1", "山田", "太郎", "ヤマダ", "タロウ", "a@example.com"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, column as u16, *value).unwrap();
    }
    // 43921 days after 1904-01-01 is 2024-04-01 (in the 1900 system it would be 2020-03-31).
    sheet
        .write_number_with_format(1, 6, 43921.0, &date)
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let patched = rezip(&bytes, |name, data| {
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(data).unwrap();
            let text = if text.contains("<workbookPr") {
                text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            } else {
                text.replacen("<bookViews>", "<workbookPr date1904=\"1\"/><bookViews>", 1)
            };
            assert!(text.contains("date1904"));
            text.into_bytes()
        } else {
            data
        }
    });
    w.write("date1904.xlsx", patched);
    reconcile(&w, "date1904.xlsx").expect_code(0);
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(rows[0][11], "入社日");
    assert_eq!(rows[1][11], "2024/04/01");
}

#[test]
fn a_10_mb_cell_is_read_whole() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let name = "名".repeat((10 << 20) / 3);
    w.write(
        "big_cell.csv",
        format!("{SMARTHR_HEADER},備考\n1,山田,太郎,ヤマダ,タロウ,a@example.com,,{name}\n2,{name},次郎,タナカ,ジロウ,b@example.com,,\n"),
    );
    // In CSV the value is carried whole.
    let args = |format| {
        vec![
            "--lang",
            "en",
            "reconcile",
            "--employees",
            "big_cell.csv",
            "--current-employees",
            "current.csv",
            "--out",
            "out",
            "--format",
            format,
        ]
    };
    w.run(&args("csv")).expect_code(0);
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(rows[1][1], "山田");
    assert!(rows[2][1] == name, "the 10 MB name, whole");
    // An Excel cell holds at most 32,767 characters: the workbook cannot be written.
    let out = w.run(&args("csv,xlsx"));
    out.expect_code(2);
    out.expect_stderr_contains(&format!(
        "error: import.xlsx: sheet 社員, row 3, column 氏名（姓）: a value of {} characters is longer than an Excel cell holds (32,767); write CSV only with --format csv",
        name.chars().count()
    ));
}

#[test]
fn ten_thousand_columns_are_read() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let extra_headers: String = (0..9_993).map(|i| format!(",extra{i}")).collect();
    let extra_cells: String = (0..9_993).map(|i| format!(",v{i}")).collect();
    w.write(
        "wide.csv",
        format!(
            "{SMARTHR_HEADER}{extra_headers}\n1,山田,太郎,ヤマダ,タロウ,a@example.com,{extra_cells}\n"
        ),
    );
    reconcile(&w, "wide.csv").expect_code(0);
    assert_eq!(imported_emails(&w), ["a@example.com"]);
}

#[test]
fn shared_strings_claiming_billions_of_strings_are_refused() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let bytes = workbook(&[SMARTHR_HEADER.split(',').collect()]);
    let patched = rezip(&bytes, |name, data| {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let at = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + text[at..].find('"').unwrap();
            format!("{}4000000000{}", &text[..at], &text[end..]).into_bytes()
        } else {
            data
        }
    });
    w.write("sst.xlsx", patched);
    refused(
        &reconcile(&w, "sst.xlsx"),
        &w,
        "error: sst.xlsx: the workbook is damaged or truncated; open it in Excel and save it again (xl/sharedStrings.xml: uniqueCount=4000000000",
    );
}

#[test]
fn a_wide_header_over_many_sparse_rows_is_refused_before_it_is_laid_out() {
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    // A header reaching column XFD and 400,000 rows each holding one cell out there: a few MB of
    // XML that would be 6.5 billion cells laid out.
    let mut xml = String::from("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>社員番号</t></is></c><c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
    for row in 2..400_002 {
        xml.push_str(&format!(
            "<row r=\"{row}\"><c r=\"XFD{row}\"><v>1</v></c></row>"
        ));
    }
    let bytes = workbook(&[vec!["x"]]);
    let patched = rezip(&bytes, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("<sheetData>").unwrap() + "<sheetData>".len();
            let end = text.find("</sheetData>").unwrap();
            format!("{}{xml}{}", &text[..start], &text[end..]).into_bytes()
        } else {
            data
        }
    });
    w.write("sparse.xlsx", patched);
    let out = run_limited(&w, &["--lang", "en", "inspect", "sparse.xlsx"], 1 << 30);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("refused: the rows span far more cells than the sheet holds"),
        "{out}"
    );
}

#[test]
fn a_zip_bomb_is_refused_with_bounded_memory() {
    // 1 GiB of cells (48 million of them) in a ~8 MB file, run with 1 GiB of address space, once with honest sizes in the zip directory and once
    // claiming 1 KiB (the reader must not trust the directory).
    let w = Workdir::new();
    w.write("current.csv", CURRENT_HEADER);
    let base = workbook(&[SMARTHR_HEADER.split(',').collect()]);
    for (name, honest) in [("bomb.xlsx", true), ("lying_bomb.xlsx", false)] {
        let mut parts = parts_of(&base);
        let sheet = parts
            .iter_mut()
            .find(|p| p.name == "xl/worksheets/sheet1.xml")
            .unwrap();
        let (deflated, size) = deflate_bomb(1 << 30);
        sheet.stored = deflated;
        sheet.deflated = true;
        sheet.size = if honest { size } else { 1024 };
        sheet.crc = 0;
        w.write(name, zip_of(&parts));
        let out = run_limited(
            &w,
            &[
                "--lang",
                "en",
                "reconcile",
                "--employees",
                name,
                "--current-employees",
                "current.csv",
                "--out",
                "out",
            ],
            1 << 30,
        );
        // zip's reader also stops at the declared size: a lying directory is a damaged file.
        let message = if honest {
            format!("error: {name}: refused: the workbook unpacks to far more than its size (a zip bomb or a damaged file)")
        } else {
            format!("error: {name}: the workbook is damaged or truncated; open it in Excel and save it again (xl/worksheets/sheet1.xml: File is larger than its declared uncompressed size)")
        };
        refused(&out, &w, &message);
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers: workbooks, zip surgery, a deflate stream that expands enormously, peak memory.

/// An XLSX with string cells.
fn workbook(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// One part of a zip as written by [`zip_of`].
struct Part {
    name: String,
    stored: Vec<u8>,
    deflated: bool,
    size: u32,
    crc: u32,
}

fn parts_of(bytes: &[u8]) -> Vec<Part> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            Part {
                name: file.name().unwrap().to_string(),
                size: data.len() as u32,
                crc: crc32(&data),
                stored: data,
                deflated: false,
            }
        })
        .collect()
}

/// Rewrite a zip, passing each part's contents through `edit`.
fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let parts: Vec<Part> = parts_of(bytes)
        .into_iter()
        .map(|p| {
            let data = edit(&p.name, p.stored);
            Part {
                size: data.len() as u32,
                crc: crc32(&data),
                stored: data,
                ..p
            }
        })
        .collect();
    zip_of(&parts)
}

/// A zip archive written by hand, so that a part can hold a raw deflate stream and claim any size.
fn zip_of(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend(x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend(x.to_le_bytes());
    for part in parts {
        let offset = out.len() as u32;
        let method = if part.deflated { 8 } else { 0 };
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, method, 0, 0x21] {
            le16(&mut out, x);
        }
        le32(&mut out, part.crc);
        le32(&mut out, part.stored.len() as u32);
        le32(&mut out, part.size);
        le16(&mut out, part.name.len() as u16);
        le16(&mut out, 0);
        out.extend(part.name.as_bytes());
        out.extend(&part.stored);

        le32(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, method, 0, 0x21] {
            le16(&mut central, x);
        }
        le32(&mut central, part.crc);
        le32(&mut central, part.stored.len() as u32);
        le32(&mut central, part.size);
        le16(&mut central, part.name.len() as u16);
        for x in [0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend(part.name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0, 0, parts.len() as u16, parts.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, central.len() as u32);
    le32(&mut out, central_offset);
    le16(&mut out, 0);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A raw deflate stream (fixed Huffman codes) of a worksheet's opening followed by one cell
/// repeated, `total` bytes long when inflated: the 22-byte cell as literals, then copies of 258
/// bytes at distance 22, 16 bits each. Returns (stream, size).
fn deflate_bomb(total: u32) -> (Vec<u8>, u32) {
    struct Bits {
        out: Vec<u8>,
        buffer: u64,
        count: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, bits: u32) {
            self.buffer |= u64::from(value) << self.count;
            self.count += bits;
            while self.count >= 8 {
                self.out.push(self.buffer as u8);
                self.buffer >>= 8;
                self.count -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, bits: u32) {
            let reversed = code.reverse_bits() >> (32 - bits);
            self.put(reversed, bits);
        }
        fn literal(&mut self, byte: u8) {
            if byte < 144 {
                self.code(0x30 + u32::from(byte), 8);
            } else {
                self.code(0x190 + u32::from(byte) - 144, 9);
            }
        }
    }
    let opening = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>";
    assert!(opening.ends_with(b"<c r=\"A1\"><v>1</v></c>"));
    let mut bits = Bits {
        out: Vec::new(),
        buffer: 0,
        count: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for &byte in opening {
        bits.literal(byte);
    }
    let mut size = opening.len() as u32;
    while size + 258 <= total {
        bits.code(0xC5, 8); // length code 285 = 258 bytes
        bits.code(8, 5); // distance code 8 = distances 17..=24,
        bits.put(22 - 17, 3); // plus 3 extra bits: the cell's 22 bytes
        size += 258;
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    (bits.out, size)
}

/// Run meibo with its address space limited to `limit` bytes: an allocation beyond it fails and
/// aborts the run (exit code -1), which the callers' exit-code checks catch. Where there is no
/// setrlimit (Windows) the run is not limited and only the callers' checks of its result remain.
fn run_limited(w: &Workdir, args: &[&str], limit: u64) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_meibo"));
    command.args(args).current_dir(w.dir()).stdin(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
        unsafe {
            command.pre_exec(move || {
                let rlimit = libc::rlimit {
                    rlim_cur: limit as libc::rlim_t,
                    rlim_max: limit as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &rlimit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = limit;
    let output = command.output().unwrap();
    Output {
        command: format!("meibo {}", args.join(" ")),
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
