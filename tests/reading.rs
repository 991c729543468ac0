//! The reading layer (docs/reading.md) seen from outside: `meibo inspect` on small files each test
//! writes, asserting the exact lines it prints — system and role, encoding, row numbers, the
//! `field ← column` mapping, warnings — and, with `--rows N`, the decoded cell text.

mod common;

use common::Workdir;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// Text as CP932 (Windows-31J). Panics on a character CP932 cannot hold.
fn cp932(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "{text:?} is not CP932");
    bytes.into_owned()
}

/// Text as UTF-16LE with a BOM.
fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

const KAONAVI_MEMBERS_HEADER: &str =
    "社員番号,氏名,フリガナ,メールアドレス,生年月日,性別,入社日,退職日,所属,役職,雇用形態";

const KAONAVI_MEMBERS_MAPPING: &[&str] = &[
    "  mapping (field ← column):",
    "    employee_number        ← 社員番号",
    "    full_name              ← 氏名",
    "    full_kana              ← フリガナ",
    "    email                  ← メールアドレス",
    "    birth_date             ← 生年月日",
    "    gender                 ← 性別",
    "    hire_date              ← 入社日",
    "    retirement_date        ← 退職日",
    "    department             ← 所属",
    "    position               ← 役職",
    "    employment_type        ← 雇用形態",
];

const KAONAVI_DEPARTMENTS_MAPPING: &[&str] = &[
    "  mapping (field ← column):",
    "    department_code        ← 所属コード",
    "    department_name        ← 所属名",
    "    parent                 ← 上位所属コード",
];

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

/// 髙 and 﨑 are IBM extensions, ① an NEC special character: Windows (and so Excel and kaonavi)
/// writes 髙 as FB FC and 﨑 as FA B1; other tools write the NEC-selected duplicates EE E0 and
/// ED 95. Both must decode to the very same characters, never to 高 崎 or a replacement mark.
#[test]
fn cp932_decodes_ibm_and_nec_extension_characters_exactly() {
    let wd = Workdir::new();
    let mut bytes = cp932(&format!("{KAONAVI_MEMBERS_HEADER}\r\n"));
    // row 2: Windows bytes
    bytes.extend(cp932("1008,"));
    bytes.extend(b"\xFB\xFC\xFA\xB1"); // 髙﨑
    bytes.extend(cp932("\u{3000}健,タカサキ\u{3000}ケン,ken.takasaki@example.co.jp,1991/06/30,男性,H27.4.1,,営業部 > 第二営業課,"));
    bytes.extend(b"\x87\x40"); // ①
    bytes.extend(cp932("チームリーダー,正社員\r\n"));
    // row 3: NEC-selected bytes for the same characters
    bytes.extend(cp932("1009,"));
    bytes.extend(b"\xEE\xE0\xED\x95"); // 髙﨑
    bytes.extend(cp932(
        " 花子,タカサキ ハナコ,hanako.takasaki@example.co.jp,1992/01/02,女性,2016/04/01,,開発部,",
    ));
    bytes.extend(b"\x87\x41"); // ②
    bytes.extend(cp932("班長,正社員\r\n"));
    wd.write("members.csv", &bytes);

    wd.run(&["--lang", "en", "inspect", "--rows", "5", "members.csv"])
        .expect_success()
        .expect_block(&[
            "members.csv",
            "  system: kaonavi (kaonavi)  role: employees (employees)",
            "  format: csv  encoding: CP932  delimiter: ,",
            "  header row: 1  data rows: 2",
        ])
        .expect_block(KAONAVI_MEMBERS_MAPPING)
        .expect_block(&[
            "  first 2 data rows (cell text):",
            "    row 2: employee_number=1008 | full_name=髙﨑\u{3000}健 | full_kana=タカサキ\u{3000}ケン | email=ken.takasaki@example.co.jp | birth_date=1991/06/30 | gender=男性 | hire_date=H27.4.1 | retirement_date= | department=営業部 > 第二営業課 | position=①チームリーダー | employment_type=正社員",
            "    row 3: employee_number=1009 | full_name=髙﨑 花子 | full_kana=タカサキ ハナコ | email=hanako.takasaki@example.co.jp | birth_date=1992/01/02 | gender=女性 | hire_date=2016/04/01 | retirement_date= | department=開発部 | position=②班長 | employment_type=正社員",
            "  warnings: 0",
        ])
        .expect_no_line_containing("高崎")
        .expect_no_line_containing("\u{FFFD}");
}

#[test]
fn utf8_without_bom() {
    let wd = Workdir::new();
    wd.write(
        "departments.csv",
        "部署項目名,組織情報コード,1階層上位の部署\n髙﨑工場,B001,\n①ライン,B011,髙﨑工場\n",
    );
    wd.run(&["--lang", "en", "inspect", "--rows", "9", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "departments.csv",
            "  system: hrbrain (HRBrain)  role: departments (departments)",
            "  format: csv  encoding: UTF-8  delimiter: ,",
            "  header row: 1  data rows: 2",
            "  mapping (field ← column):",
            "    department_name        ← 部署項目名",
            "    department_code        ← 組織情報コード",
            "    parent                 ← 1階層上位の部署",
            "  first 2 data rows (cell text):",
            "    row 2: department_name=髙﨑工場 | department_code=B001 | parent=",
            "    row 3: department_name=①ライン | department_code=B011 | parent=髙﨑工場",
            "  warnings: 0",
        ]);
}

#[test]
fn utf8_with_bom() {
    let wd = Workdir::new();
    let text = "所属コード,所属名,上位所属コード\r\nB001,髙﨑工場,\r\nB011,①ライン,B001\r\n";
    wd.write("departments.csv", [UTF8_BOM, text.as_bytes()].concat());
    wd.run(&["--lang", "en", "inspect", "--rows", "2", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "departments.csv",
            "  system: kaonavi (kaonavi)  role: departments (departments)",
            "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
            "  header row: 1  data rows: 2",
        ])
        // the BOM is not part of the first header: 所属コード is recognised
        .expect_block(KAONAVI_DEPARTMENTS_MAPPING)
        .expect_block(&[
            "  first 2 data rows (cell text):",
            "    row 2: department_code=B001 | department_name=髙﨑工場 | parent=",
            "    row 3: department_code=B011 | department_name=①ライン | parent=B001",
            "  warnings: 0",
        ]);
}

#[test]
fn utf16le_with_bom() {
    let wd = Workdir::new();
    let text = "所属コード\t所属名\t上位所属コード\r\nB001\t髙﨑工場\t\r\nB011\t①ライン\tB001\r\n";
    wd.write("departments.txt", utf16le_bom(text));
    wd.run(&["--lang", "en", "inspect", "--rows", "2", "departments.txt"])
        .expect_success()
        .expect_block(&[
            "departments.txt",
            "  system: kaonavi (kaonavi)  role: departments (departments)",
            "  format: tsv  encoding: UTF-16LE (BOM)  delimiter: tab",
            "  header row: 1  data rows: 2",
        ])
        .expect_block(KAONAVI_DEPARTMENTS_MAPPING)
        .expect_block(&[
            "  first 2 data rows (cell text):",
            "    row 2: department_code=B001 | department_name=髙﨑工場 | parent=",
            "    row 3: department_code=B011 | department_name=①ライン | parent=B001",
            "  warnings: 0",
        ]);
}

/// An unpaired surrogate in UTF-16 cannot be decoded: that row, and only that row, is refused.
#[test]
fn utf16le_unpaired_surrogate_is_invalid_encoding() {
    let wd = Workdir::new();
    let mut bytes = utf16le_bom("所属コード,所属名,上位所属コード\r\nB001,髙﨑工場,\r\nB002,");
    bytes.extend([0x00, 0xD8]); // a lone high surrogate
    bytes.extend(&utf16le_bom(",\r\nB003,①ライン,B001\r\n")[2..]);
    wd.write("departments.csv", bytes);
    wd.run(&["--lang", "en", "inspect", "--rows", "3", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "  format: csv  encoding: UTF-16LE (BOM)  delimiter: ,",
            "  header row: 1  data rows: 3",
        ])
        .expect_block(&[
            "  first 3 data rows (cell text):",
            "    row 2: department_code=B001 | department_name=髙﨑工場 | parent=",
            "    row 3: invalid-encoding",
            "    row 4: department_code=B003 | department_name=①ライン | parent=B001",
            "  warnings: 1 (invalid-encoding 1)",
            "    row      3  invalid-encoding           UTF-16LE (BOM)",
        ]);
}

/// One byte that is not CP932 spoils its row only: reported as `invalid-encoding` with the row
/// number, the rows around it read exactly, and the row's text is never shown with U+FFFD.
#[test]
fn undecodable_byte_in_cp932_is_invalid_encoding_with_its_row() {
    let wd = Workdir::new();
    let mut bytes = cp932(&format!(
        "{KAONAVI_MEMBERS_HEADER}\r\n1001,山本 翔太,ヤマモト ショウタ,shota@example.co.jp,1990/07/15,男性,2015/04/01,,営業部,主任,正社員\r\n1002,中村 "
    ));
    bytes.push(0xFF); // never a CP932 byte
    bytes.extend(cp932(",ナカムラ ダイスケ,daisuke@example.co.jp,1987/11/03,男性,2018/10/01,,営業部,係長,正社員\r\n1008,"));
    bytes.extend(b"\xFB\xFC\xFA\xB1"); // 髙﨑
    bytes.extend(cp932(
        " 健,タカサキ ケン,ken@example.co.jp,1991/06/30,男性,2015/04/01,,営業部,,正社員\r\n",
    ));
    wd.write("members.csv", bytes);

    wd.run(&["--lang", "en", "inspect", "--rows", "3", "members.csv"])
        .expect_success()
        .expect_block(&[
            "  system: kaonavi (kaonavi)  role: employees (employees)",
            "  format: csv  encoding: CP932  delimiter: ,",
            "  header row: 1  data rows: 3",
        ])
        .expect_block(&[
            "  first 3 data rows (cell text):",
            "    row 2: employee_number=1001 | full_name=山本 翔太 | full_kana=ヤマモト ショウタ | email=shota@example.co.jp | birth_date=1990/07/15 | gender=男性 | hire_date=2015/04/01 | retirement_date= | department=営業部 | position=主任 | employment_type=正社員",
            "    row 3: invalid-encoding",
            "    row 4: employee_number=1008 | full_name=髙﨑 健 | full_kana=タカサキ ケン | email=ken@example.co.jp | birth_date=1991/06/30 | gender=男性 | hire_date=2015/04/01 | retirement_date= | department=営業部 | position= | employment_type=正社員",
            "  warnings: 1 (invalid-encoding 1)",
            "    row      3  invalid-encoding           CP932",
        ])
        .expect_no_line_containing("\u{FFFD}");
}

/// A UTF-8 file with one bad byte stays UTF-8 (it is not re-read as CP932): only that row fails.
#[test]
fn undecodable_byte_in_utf8_is_invalid_encoding_with_its_row() {
    let wd = Workdir::new();
    let mut bytes = UTF8_BOM.to_vec();
    bytes.extend("所属コード,所属名,上位所属コード\r\nB001,髙﨑工場,\r\n\r\nB002,第".as_bytes());
    bytes.push(0xFF);
    bytes.extend("工場,B001\r\nB003,①ライン,B001\r\n".as_bytes());
    wd.write("departments.csv", bytes);
    wd.run(&["--lang", "en", "inspect", "--rows", "3", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
            "  header row: 1  data rows: 3",
        ])
        .expect_block(&[
            "  first 3 data rows (cell text):",
            "    row 2: department_code=B001 | department_name=髙﨑工場 | parent=",
            "    row 4: invalid-encoding",
            "    row 5: department_code=B003 | department_name=①ライン | parent=B001",
            "  warnings: 1 (invalid-encoding 1)",
            "    row      4  invalid-encoding           UTF-8 (BOM)",
        ]);
}

/// `--input-encoding` overrides detection. The CP932 bytes of ﾄｳﾎｸ (C4 B3 CE B8) happen to be valid
/// UTF-8 (ĳθ), so detection reads them as UTF-8; naming the encoding reads them as meant.
#[test]
fn input_encoding_forces_the_decoder() {
    let wd = Workdir::new();
    let mut bytes = b"code,level1,level2\r\nT01,".to_vec();
    bytes.extend(b"\xC4\xB3\xCE\xB8"); // ﾄｳﾎｸ in CP932, ĳθ in UTF-8
    bytes.extend(b",\r\n");
    assert_eq!(cp932("ﾄｳﾎｸ"), b"\xC4\xB3\xCE\xB8");
    wd.write("departments_levels.csv", bytes);

    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--rows",
        "1",
        "departments_levels.csv",
    ])
    .expect_success()
    .expect_lines(&[
        "  format: csv  encoding: UTF-8  delimiter: ,",
        "    row 2: department_code=T01 | level1=ĳθ | level2=",
    ]);
    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--input-encoding",
        "cp932",
        "--rows",
        "1",
        "departments_levels.csv",
    ])
    .expect_success()
    .expect_block(&[
        "departments_levels.csv",
        "  system: smarthr (SmartHR)  role: departments (levels) (departments (level columns))",
        "  format: csv  encoding: CP932  delimiter: ,",
        "  header row: 1  data rows: 1",
        "  mapping (field ← column):",
        "    department_code        ← code",
        "    level1                 ← level1",
        "    level2                 ← level2",
        "  first 1 data rows (cell text):",
        "    row 2: department_code=T01 | level1=ﾄｳﾎｸ | level2=",
        "  warnings: 0",
    ]);
}

/// UTF-16 without a BOM is not guessed; `--input-encoding utf-16le` reads it.
#[test]
fn input_encoding_reads_utf16le_without_bom() {
    let wd = Workdir::new();
    let bom_and_text = utf16le_bom("所属コード,所属名,上位所属コード\r\nB001,髙﨑工場,\r\n");
    wd.write("departments.csv", &bom_and_text[2..]);
    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--input-encoding",
        "utf-16le",
        "--rows",
        "1",
        "departments.csv",
    ])
    .expect_success()
    .expect_lines(&[
        "  system: kaonavi (kaonavi)  role: departments (departments)",
        "  format: csv  encoding: UTF-16LE  delimiter: ,",
        "    row 2: department_code=B001 | department_name=髙﨑工場 | parent=",
    ]);
}

#[test]
fn unknown_input_encoding_is_a_usage_error() {
    let wd = Workdir::new();
    wd.write("departments.csv", "所属コード,所属名\r\nB001,本社\r\n");
    let out = wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--input-encoding",
        "no-such-encoding",
        "departments.csv",
    ]);
    out.expect_code(2)
        .expect_stderr_contains("--input-encoding \"no-such-encoding\": unknown encoding");
    assert_eq!(out.stdout, "", "{out}");
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

const SMARTHR_HEADER: [&str; 14] = [
    "社員番号",
    "姓",
    "名",
    "姓（ヨミガナ）",
    "名（ヨミガナ）",
    "メールアドレス",
    "生年月日",
    "性別",
    "入社年月日",
    "在籍状況",
    "退職年月日",
    "雇用形態",
    "部署1",
    "役職1",
];

const SMARTHR_MAPPING: &[&str] = &[
    "  mapping (field ← column):",
    "    employee_number        ← 社員番号",
    "    family_name            ← 姓",
    "    given_name             ← 名",
    "    family_kana            ← 姓（ヨミガナ）",
    "    given_kana             ← 名（ヨミガナ）",
    "    email                  ← メールアドレス",
    "    birth_date             ← 生年月日",
    "    gender                 ← 性別",
    "    hire_date              ← 入社年月日",
    "    employment_status      ← 在籍状況",
    "    retirement_date        ← 退職年月日",
    "    employment_type        ← 雇用形態",
    "    department             ← 部署1",
    "    position               ← 役職1",
];

/// A SmartHR-like sheet: numeric 社員番号 (1001.0 stored as a number), a text 社員番号 with leading
/// zeros, real date cells, a text date that cannot be read, and a formula whose cached result is
/// the error #N/A. `first_row` is the 0-based sheet row of the header.
fn smarthr_workbook(first_row: u32, blank_row_between: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("従業員").unwrap();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    let header = first_row;
    for (column, name) in SMARTHR_HEADER.iter().enumerate() {
        sheet.write_string(header, column as u16, *name).unwrap();
    }
    let r1 = header + 1;
    let texts = [
        (1, "山本"),
        (2, "翔太"),
        (3, "ヤマモト"),
        (4, "ショウタ"),
        (5, "shota.yamamoto@example.co.jp"),
        (7, "男性"),
        (9, "在籍中"),
        (11, "正社員"),
        (12, "営業部/第一営業課"),
        (13, "主任"),
    ];
    sheet.write_number(r1, 0, 1001.0).unwrap();
    for (column, text) in texts {
        sheet.write_string(r1, column, text).unwrap();
    }
    let birth = ExcelDateTime::from_ymd(1990, 7, 15).unwrap();
    let hired = ExcelDateTime::from_ymd(2015, 4, 1).unwrap();
    sheet
        .write_datetime_with_format(r1, 6, &birth, &date)
        .unwrap();
    sheet
        .write_datetime_with_format(r1, 8, &hired, &date)
        .unwrap();

    let r2 = r1 + if blank_row_between { 2 } else { 1 };
    let texts = [
        (0, "0012"),
        (1, "髙﨑"),
        (2, "健"),
        (3, "タカサキ"),
        (4, "ケン"),
        (5, "ken.takasaki@example.co.jp"),
        (6, "平成3年6月30日"),
        (7, "男性"),
        (8, "2015/13/01"),
        (9, "退職済み"),
        (11, "正社員"),
        (12, "営業部"),
    ];
    for (column, text) in texts {
        sheet.write_string(r2, column, text).unwrap();
    }
    let retired = ExcelDateTime::from_ymd(2024, 3, 31).unwrap();
    sheet
        .write_datetime_with_format(r2, 10, &retired, &date)
        .unwrap();
    sheet
        .write_formula(r2, 13, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn xlsx_numbers_dates_and_error_cells() {
    let wd = Workdir::new();
    wd.write("employees.xlsx", smarthr_workbook(0, false));
    wd.run(&["--lang", "en", "inspect", "--rows", "2", "employees.xlsx"])
        .expect_success()
        .expect_block(&[
            "employees.xlsx",
            "  system: smarthr (SmartHR)  role: employees (employees)",
            "  format: xlsx  sheet: 従業員",
            "  header row: 1  data rows: 2",
        ])
        .expect_block(SMARTHR_MAPPING)
        .expect_block(&[
            "  first 2 data rows (cell text):",
            // 1001, not 1001.0; dates as YYYY/MM/DD; text kept as text (0012)
            "    row 2: employee_number=1001 | family_name=山本 | given_name=翔太 | family_kana=ヤマモト | given_kana=ショウタ | email=shota.yamamoto@example.co.jp | birth_date=1990/07/15 | gender=男性 | hire_date=2015/04/01 | employment_status=在籍中 | retirement_date= | employment_type=正社員 | department=営業部/第一営業課 | position=主任",
            // the error cell (#N/A) is empty
            "    row 3: employee_number=0012 | family_name=髙﨑 | given_name=健 | family_kana=タカサキ | given_kana=ケン | email=ken.takasaki@example.co.jp | birth_date=平成3年6月30日 | gender=男性 | hire_date=2015/13/01 | employment_status=退職済み | retirement_date=2024/03/31 | employment_type=正社員 | department=営業部 | position=",
            "  warnings: 2 (cell-error 1, invalid-date 1)",
            "    row      3  invalid-date               入社年月日: \"2015/13/01\"",
            "    row      3  cell-error                 役職1: #N/A",
        ])
        .expect_no_line_containing("1001.0");
}

/// Row numbers in a workbook are the sheet's own: rows above the header and blank rows between
/// records count, as a person sees them in Excel.
#[test]
fn xlsx_row_numbers_are_the_sheets_own() {
    let wd = Workdir::new();
    wd.write("employees.xlsx", smarthr_workbook(2, true));
    wd.run(&["--lang", "en", "inspect", "--rows", "2", "employees.xlsx"])
        .expect_success()
        .expect_lines(&[
            "  header row: 3  data rows: 2",
            "  warnings: 2 (cell-error 1, invalid-date 1)",
            "    row      6  invalid-date               入社年月日: \"2015/13/01\"",
            "    row      6  cell-error                 役職1: #N/A",
        ]);
    let out = wd.run(&["--lang", "en", "inspect", "--rows", "2", "employees.xlsx"]);
    let rows = out.lines_starting_with("row ");
    assert!(
        rows[0].starts_with("    row 4: employee_number=1001 |"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("    row 6: employee_number=0012 |"),
        "{out}"
    );
}

#[test]
fn xlsx_sheet_is_chosen_with_sheet() {
    let wd = Workdir::new();
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("メモ")
        .unwrap()
        .write_string(0, 0, "この表は部署の一覧です")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("部署").unwrap();
    for (column, text) in ["部署コード", "部署名", "親部署コード"].iter().enumerate()
    {
        sheet.write_string(0, column as u16, *text).unwrap();
    }
    sheet.write_number(1, 0, 101.0).unwrap();
    sheet.write_string(1, 1, "髙﨑工場").unwrap();
    wd.write(
        "smarthr_departments.xlsx",
        workbook.save_to_buffer().unwrap(),
    );

    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--sheet",
        "部署",
        "--rows",
        "1",
        "smarthr_departments.xlsx",
    ])
    .expect_success()
    .expect_lines(&[
        "  system: smarthr (SmartHR)  role: departments (departments)  (same layout as: mikiwame departments)",
        "  format: xlsx  sheet: 部署",
        "    row 2: department_code=101 | department_name=髙﨑工場 | parent=",
    ]);
    let out = wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--sheet",
        "社員",
        "smarthr_departments.xlsx",
    ]);
    out.expect_code(2)
        .expect_stderr_contains("no sheet named \"社員\"; the sheets are: メモ, 部署");
    // In Japanese (the default) with no English words.
    let out = wd.run(&["inspect", "--sheet", "社員", "smarthr_departments.xlsx"]);
    out.expect_code(2).expect_stderr_contains(
        "smarthr_departments.xlsx: シート \"社員\" がありません。このブックのシート: メモ, 部署",
    );
    // An empty CSV, in Japanese.
    wd.write("empty.csv", "");
    wd.run(&["inspect", "empty.csv"])
        .expect_code(2)
        .expect_stderr_contains("empty.csv: ファイルが空です（見出し行がありません）");
}

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

/// Headers are compared after NFKC, without whitespace, with （）：and ()/: alike — and are shown
/// as the file writes them.
#[test]
fn headers_with_fullwidth_brackets_colons_and_stray_spaces() {
    let wd = Workdir::new();
    let header = [
        " 社員番号",
        "姓 ",
        "名",
        "姓(ヨミガナ)",
        "名 （ ヨミガナ ）",
        "ビジネスネーム:姓",
        "ビジネスネーム ： 名",
        "ビジネスネーム：姓(ヨミガナ)",
        "ビジネスネーム(名ヨミガナ)",
        "メール\u{3000}アドレス",
        "生年月日",
        "性別",
        "入社年月日",
        "在籍状況",
        "退職年月日",
        "雇用形態",
        "部署１",
        "役職１",
    ]
    .join(",");
    let row = "1009,山田,花子,ヤマダ,ハナコ,佐藤,花子,サトウ,ハナコ,hanako.sato@example.co.jp,1989/04/18,女性,2013/04/01,在籍中,,正社員,人事部,主任";
    wd.write("employees.csv", format!("{header}\r\n{row}\r\n"));
    wd.run(&["--lang", "en", "inspect", "--rows", "1", "employees.csv"])
        .expect_success()
        .expect_block(&[
            "  system: smarthr (SmartHR)  role: employees (employees)",
            "  format: csv  encoding: UTF-8  delimiter: ,",
            "  header row: 1  data rows: 1",
            "  mapping (field ← column):",
            "    employee_number        ←  社員番号",
            "    family_name            ← 姓 ",
            "    given_name             ← 名",
            "    family_kana            ← 姓(ヨミガナ)",
            "    given_kana             ← 名 （ ヨミガナ ）",
            "    business_family_name   ← ビジネスネーム:姓",
            "    business_given_name    ← ビジネスネーム ： 名",
            "    business_family_kana   ← ビジネスネーム：姓(ヨミガナ)",
            "    business_given_kana    ← ビジネスネーム(名ヨミガナ)",
            "    email                  ← メール\u{3000}アドレス",
            "    birth_date             ← 生年月日",
            "    gender                 ← 性別",
            "    hire_date              ← 入社年月日",
            "    employment_status      ← 在籍状況",
            "    retirement_date        ← 退職年月日",
            "    employment_type        ← 雇用形態",
            "    department             ← 部署１",
            "    position               ← 役職１",
            "  first 1 data rows (cell text):",
            "    row 2: employee_number=1009 | family_name=山田 | given_name=花子 | family_kana=ヤマダ | given_kana=ハナコ | business_family_name=佐藤 | business_given_name=花子 | business_family_kana=サトウ | business_given_kana=ハナコ | email=hanako.sato@example.co.jp | birth_date=1989/04/18 | gender=女性 | hire_date=2013/04/01 | employment_status=在籍中 | retirement_date= | employment_type=正社員 | department=人事部 | position=主任",
            "  warnings: 0",
        ]);
}

/// kaonavi with メールアドレス renamed to 社用メール: the required e-mail header is missing → exit 2,
/// naming the nearest layout, the field and the closest header present; `--map` and `--mapping`
/// fix it.
#[test]
fn renamed_required_header_is_an_error_and_map_fixes_it() {
    let wd = Workdir::new();
    let header = KAONAVI_MEMBERS_HEADER.replace("メールアドレス", "社用メール");
    let text = format!(
        "{header}\r\n1001,山本 翔太,ヤマモト ショウタ,shota@example.co.jp,1990/07/15,男性,2015/04/01,,営業部,主任,正社員\r\n"
    );
    wd.write("members.csv", cp932(&text));

    let out = wd.run(&["--lang", "en", "inspect", "members.csv"]);
    out.expect_code(2)
        .expect_stderr_contains(
            "meibo: error: members.csv: the headers fit no known export. Headers found: \"社員番号\", \"氏名\", \"フリガナ\", \"社用メール\", \"生年月日\", \"性別\", \"入社日\", \"退職日\", \"所属\", \"役職\", \"雇用形態\"\n",
        )
        .expect_stderr_contains("\n  nearest layout: kaonavi employees\n")
        .expect_stderr_contains(
            "\n  missing required column: メールアドレス (email) closest headers present: \"社用メール\". if it was renamed, name it with --map email=<HEADER>\n",
        )
        .expect_stderr_contains("\nmeibo: error: 1 file(s) could not be read\n");
    // The error is not on stdout; stdout holds the draft mapping file, ready for `> mapping.toml`
    // (issue 12), with the renamed header as a guess.
    assert_eq!(
        out.stdout_lines(),
        [
            "# draft meibo --mapping file for members.csv (nearest layout: kaonavi employees)",
            "# check each line marked guess, fix the header where it is wrong, fill in or delete the commented ones, then pass this file with --mapping.",
            "[headers]",
            "employee_number = \"社員番号\"",
            "full_name = \"氏名\"",
            "full_kana = \"フリガナ\"",
            "email = \"社用メール\"  # guess",
            "birth_date = \"生年月日\"",
            "gender = \"性別\"",
            "hire_date = \"入社日\"",
            "retirement_date = \"退職日\"",
            "department = \"所属\"",
            "position = \"役職\"",
            "employment_type = \"雇用形態\"",
        ],
        "{out}"
    );

    // Japanese (the default) says the same.
    wd.run(&["inspect", "members.csv"])
        .expect_code(2)
        .expect_stderr_contains(
            "必須の列がありません: メールアドレス (email) 近い列: \"社用メール\"",
        );

    let mut mapping = KAONAVI_MEMBERS_MAPPING.to_vec();
    mapping[4] = "    email                  ← 社用メール";
    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--map",
        "email=社用メール",
        "members.csv",
    ])
    .expect_success()
    .expect_block(&[
        "members.csv",
        "  system: kaonavi (kaonavi)  role: employees (employees)",
        "  format: csv  encoding: CP932  delimiter: ,",
        "  header row: 1  data rows: 1",
    ])
    .expect_block(&mapping)
    .expect_lines(&["  warnings: 0"]);

    wd.write("mapping.toml", "[headers]\nemail = \"社用メール\"\n");
    wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--mapping",
        "mapping.toml",
        "members.csv",
    ])
    .expect_success()
    .expect_block(&mapping);
}

/// kaonavi blanks 役職 and 雇用形態 when their headers were renamed: a missing optional header is a
/// warning `header-missing` on the header row, and the renamed columns are listed as unused.
#[test]
fn missing_optional_header_is_a_warning() {
    let wd = Workdir::new();
    let header = KAONAVI_MEMBERS_HEADER
        .replace("役職", "役職名")
        .replace("雇用形態", "雇用区分");
    let text = format!(
        "{header}\r\n1001,山本 翔太,ヤマモト ショウタ,shota@example.co.jp,1990/07/15,男性,2015/04/01,,営業部,主任,正社員\r\n"
    );
    wd.write("members.csv", cp932(&text));
    wd.run(&["--lang", "en", "inspect", "members.csv"])
        .expect_success()
        .expect_block(&[
            "    department             ← 所属",
            "  missing optional fields: position (役職), employment_type (雇用形態)",
            "  columns not used: 役職名, 雇用区分",
            "  warnings: 2 (header-missing 2)",
            "    row      1  header-missing             役職 (position)",
            "    row      1  header-missing             雇用形態 (employment_type)",
        ])
        .expect_no_line_containing("position               ←");
}

/// Two columns for one field are refused: the receiving systems refuse duplicate headers too.
#[test]
fn two_columns_for_one_field_is_an_error_naming_the_header() {
    let wd = Workdir::new();
    wd.write(
        "employees.csv",
        "姓,名,姓（ヨミガナ）,メールアドレス,メール アドレス\r\n山本,翔太,ヤマモト,a@example.com,b@example.com\r\n",
    );
    let out = wd.run(&["--lang", "en", "inspect", "employees.csv"]);
    out.expect_code(2).expect_stderr_contains(
        "employees.csv: row 1: two columns fill the same field: \"メールアドレス\" / \"メール アドレス\" (field email)",
    );
    // Two different aliases of one field (kaonavi's メールアドレス and メール) are refused as well.
    wd.write(
        "members.csv",
        "社員番号,氏名,フリガナ,メールアドレス,メール\r\n1,山本 翔太,ヤマモト ショウタ,a@example.com,b@example.com\r\n",
    );
    let out = wd.run(&["--lang", "en", "inspect", "members.csv"]);
    out.expect_code(2).expect_stderr_contains(
        "members.csv: row 1: two columns fill the same field: \"メールアドレス\" / \"メール\" (field email)",
    );
}

// ---------------------------------------------------------------------------------------------
// Rows: header position, embedded line breaks, TSV
// ---------------------------------------------------------------------------------------------

/// The header is the first non-empty row; rows above it (blank, or only commas) still count.
#[test]
fn header_row_after_blank_lines() {
    let wd = Workdir::new();
    wd.write(
        "departments.csv",
        "\r\n,,\r\n所属コード,所属名,上位所属コード\r\nB001,本社,\r\nB011,髙﨑工場,B001\r\n",
    );
    wd.run(&["--lang", "en", "inspect", "--rows", "2", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "  system: kaonavi (kaonavi)  role: departments (departments)",
            "  format: csv  encoding: UTF-8  delimiter: ,",
            "  header row: 3  data rows: 2",
        ])
        .expect_block(KAONAVI_DEPARTMENTS_MAPPING)
        .expect_block(&[
            "  first 2 data rows (cell text):",
            "    row 4: department_code=B001 | department_name=本社 | parent=",
            "    row 5: department_code=B011 | department_name=髙﨑工場 | parent=B001",
        ]);
}

/// A quoted cell holding a line break is one Excel row; blank lines are rows too. Warnings after
/// them carry Excel's row numbers, not the file's line numbers.
#[test]
fn quoted_line_break_keeps_excel_row_numbers() {
    let wd = Workdir::new();
    let text = format!(
        "{KAONAVI_MEMBERS_HEADER}\r\n\
         1001,山本 翔太,ヤマモト ショウタ,shota@example.co.jp,1990/07/15,男性,2015/04/01,,営業部,\"主任\r\n兼 採用担当\",正社員\r\n\
         1011,木村彩,キムラ アヤ,aya@example.co.jp,1998/03/03,女性,2021/07/01,,営業部,,アルバイト・パート\r\n\
         \r\n\
         1012,井上 陽菜,イノウエ ハルナ,haruna@example.co.jp,2003/10/10,女性,2024/02/30,,開発部,,正社員\r\n"
    );
    wd.write("members.csv", cp932(&text));
    wd.run(&["--lang", "en", "inspect", "--rows", "3", "members.csv"])
        .expect_success()
        .expect_lines(&["  header row: 1  data rows: 3"])
        .expect_block(&[
            "  first 3 data rows (cell text):",
            "    row 2: employee_number=1001 | full_name=山本 翔太 | full_kana=ヤマモト ショウタ | email=shota@example.co.jp | birth_date=1990/07/15 | gender=男性 | hire_date=2015/04/01 | retirement_date= | department=営業部 | position=主任\\r\\n兼 採用担当 | employment_type=正社員",
            "    row 3: employee_number=1011 | full_name=木村彩 | full_kana=キムラ アヤ | email=aya@example.co.jp | birth_date=1998/03/03 | gender=女性 | hire_date=2021/07/01 | retirement_date= | department=営業部 | position= | employment_type=アルバイト・パート",
            "    row 5: employee_number=1012 | full_name=井上 陽菜 | full_kana=イノウエ ハルナ | email=haruna@example.co.jp | birth_date=2003/10/10 | gender=女性 | hire_date=2024/02/30 | retirement_date= | department=開発部 | position= | employment_type=正社員",
            "  warnings: 2 (invalid-date 1, name-not-split 1)",
            "    row      3  name-not-split             氏名: \"木村彩\"",
            "    row      5  invalid-date               入社日: \"2024/02/30\"",
        ]);
}

#[test]
fn tsv_is_read_with_tab_delimiter() {
    let wd = Workdir::new();
    let text = "社員番号\t姓\t名\t姓（ヨミガナ）\t名（ヨミガナ）\tビジネスネーム\tビジネスネーム（ヨミガナ）\tメールアドレス\t生年月日\t性別\t入社日\t従業員ステータス\t状況\t雇用形態\r\n\
                1008\t髙﨑\t健\tタカサキ\tケン\t\t\tken@example.co.jp\t1991-06-30\t男性\t20150401\t在籍\tデータ入力完了\t正社員, 時短\r\n";
    let expected = [
        "  system: roumumate (ロウムメイト)  role: employees (employees)",
        "  format: tsv  encoding: CP932  delimiter: tab",
        "  header row: 1  data rows: 1",
        "  mapping (field ← column):",
        "    employee_number        ← 社員番号",
        "    family_name            ← 姓",
        "    given_name             ← 名",
        "    family_kana            ← 姓（ヨミガナ）",
        "    given_kana             ← 名（ヨミガナ）",
        "    business_name          ← ビジネスネーム",
        "    business_kana          ← ビジネスネーム（ヨミガナ）",
        "    email                  ← メールアドレス",
        "    birth_date             ← 生年月日",
        "    gender                 ← 性別",
        "    hire_date              ← 入社日",
        "    employment_status      ← 従業員ステータス",
        "    entry_status           ← 状況",
        "    employment_type        ← 雇用形態",
        "  first 1 data rows (cell text):",
        // the comma inside a TSV cell is text
        "    row 2: employee_number=1008 | family_name=髙﨑 | given_name=健 | family_kana=タカサキ | given_kana=ケン | business_name= | business_kana= | email=ken@example.co.jp | birth_date=1991-06-30 | gender=男性 | hire_date=20150401 | employment_status=在籍 | entry_status=データ入力完了 | employment_type=正社員, 時短",
        "  warnings: 1 (unmapped-employment-type 1)",
        "    row      2  unmapped-employment-type   \"正社員, 時短\" → その他",
    ];
    wd.write("employees.tsv", cp932(text));
    wd.run(&["--lang", "en", "inspect", "--rows", "1", "employees.tsv"])
        .expect_success()
        .expect_block(&expected);
    // The delimiter is sniffed from the content, whatever the file is called.
    wd.write("employees.csv", cp932(text));
    wd.run(&["--lang", "en", "inspect", "--rows", "1", "employees.csv"])
        .expect_success()
        .expect_block(&expected);
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

/// SmartHR and ミキワメ department exports have identical headers: the file's path decides when it
/// names a system (the name nearest the file wins), else the first listed (ミキワメ) with the other
/// shown as "same layout as".
#[test]
fn smarthr_and_mikiwame_department_tie_is_decided_by_the_path() {
    let wd = Workdir::new();
    let text = "\u{FEFF}部署コード,部署名,親部署コード\r\nA001,営業部,\r\nA011,第一営業課,A001\r\n";
    let mikiwame = "  system: mikiwame (ミキワメ)  role: departments (departments)  (same layout as: smarthr departments)";
    let smarthr = "  system: smarthr (SmartHR)  role: departments (departments)  (same layout as: mikiwame departments)";
    let cases = [
        ("departments.csv", mikiwame),
        ("mikiwame/departments.csv", mikiwame),
        ("smarthr/departments.csv", smarthr),
        ("SmartHR_部署.csv", smarthr),
        ("ミキワメ現在/部署.csv", mikiwame),
        // a project folder named after the receiving system holding the HR system's export
        ("mikiwame-migration/smarthr/departments.csv", smarthr),
        ("smarthr-migration/mikiwame/departments.csv", mikiwame),
    ];
    for (name, system_line) in cases {
        wd.write(name, text);
        wd.run(&["--lang", "en", "inspect", name])
            .expect_success()
            .expect_block(&[
                name,
                system_line,
                "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
                "  header row: 1  data rows: 2",
                "  mapping (field ← column):",
                "    department_code        ← 部署コード",
                "    department_name        ← 部署名",
                "    parent                 ← 親部署コード",
                "  warnings: 0",
            ]);
    }
}

#[test]
fn inspect_prints_in_japanese_by_default() {
    let wd = Workdir::new();
    wd.write(
        "departments.csv",
        cp932("所属コード,所属名,上位所属コード\r\nB001,髙﨑工場,\r\n"),
    );
    wd.run(&["inspect", "--rows", "1", "departments.csv"])
        .expect_success()
        .expect_block(&[
            "departments.csv",
            "  システム: kaonavi (カオナビ)  種類: departments (部署)",
            "  形式: csv  文字コード: CP932  区切り: ,",
            "  ヘッダー行: 1  データ行数: 1",
            "  対応（項目 ← 列）:",
            "    department_code        ← 所属コード",
            "    department_name        ← 所属名",
            "    parent                 ← 上位所属コード",
            "  先頭 1 行のデータ（セルの値）:",
            "    行 2: department_code=B001 | department_name=髙﨑工場 | parent=",
            "  警告: 0",
        ]);
}

/// Several files: one report each, separated by a blank line; one unreadable file makes the run
/// exit 2 with its reason on stderr while the others are still reported.
#[test]
fn several_files_one_unreadable() {
    let wd = Workdir::new();
    wd.write("a.csv", "所属コード,所属名\r\nB001,本社\r\n");
    wd.write("b.csv", "名前,メモ\r\nx,y\r\n");
    wd.write("c.csv", "部署項目名,組織情報コード\r\n本社,B001\r\n");
    let out = wd.run(&["--lang", "en", "inspect", "a.csv", "b.csv", "c.csv"]);
    out.expect_code(2)
        .expect_stderr_contains("meibo: error: b.csv: the headers fit no known export. Headers found: \"名前\", \"メモ\"")
        .expect_stderr_contains("meibo: error: 1 file(s) could not be read");
    let lines = out.stdout_lines();
    assert_eq!(lines.first(), Some(&"a.csv"), "{out}");
    assert!(lines.contains(&"c.csv"), "{out}");
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 1, "{out}");
    assert!(!out.stdout.contains("b.csv"), "{out}");
}

#[test]
fn rows_option_defaults_to_none_and_stops_at_the_last_row() {
    let wd = Workdir::new();
    wd.write(
        "departments.csv",
        "所属コード,所属名\r\nB001,本社\r\nB002,支社\r\n",
    );
    let out = wd.run(&["--lang", "en", "inspect", "departments.csv"]);
    out.expect_success()
        .expect_no_line_containing("data rows (cell text)");
    assert!(out.lines_starting_with("row 2:").is_empty(), "{out}");
    let out = wd.run(&[
        "--lang",
        "en",
        "inspect",
        "--rows",
        "100",
        "departments.csv",
    ]);
    out.expect_success().expect_block(&[
        "  first 2 data rows (cell text):",
        "    row 2: department_code=B001 | department_name=本社",
        "    row 3: department_code=B002 | department_name=支社",
    ]);
}

// ---------------------------------------------------------------------------------------------
// The harness itself (tests/common), used by the reconcile tests too
// ---------------------------------------------------------------------------------------------

#[test]
fn harness_reads_csv_with_and_without_bom() {
    let wd = Workdir::new();
    let text = "部署コード,部署名\r\nA001,\"営業部, 東\"\r\n";
    wd.write("plain.csv", text);
    wd.write("bom/with.csv", [UTF8_BOM, text.as_bytes()].concat());
    let expected = vec![
        vec!["部署コード".to_string(), "部署名".to_string()],
        vec!["A001".to_string(), "営業部, 東".to_string()],
    ];
    assert_eq!(wd.read_csv("plain.csv"), expected);
    assert_eq!(wd.read_csv("bom/with.csv"), expected);
    assert!(wd.path("bom/with.csv").is_file());
    assert!(common::samples().join("make_samples.py").is_file());
}
