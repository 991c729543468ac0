//! Benchmark data generator: a made-up company of realistic shape (issue
//! "A million employees in seconds").
//!
//! ```sh
//! cargo run --release --example gen -- --rows 1000000 --out bench/data/1m
//! cargo run --release --example gen -- --rows 100000 --xlsx --out bench/data/100k-xlsx
//! ```
//!
//! Writes, into `--out`:
//! - `employees.csv` — a SmartHR employee export in CP932 (or `employees.xlsx` with `--xlsx`),
//!   部署1 given as paths; about 2 % of rows carry each employee exclusion reason of
//!   docs/receivers/mikiwame.md;
//! - `departments.csv` — SmartHR departments: 2,000 departments up to 10 levels deep;
//! - `current_employees.csv`, `current_departments.csv` — ミキワメ's current exports (UTF-8 with
//!   BOM): about 70 % of the employees, 10 % of those with a changed field, plus employees only
//!   ミキワメ has.
//!
//! Everything is derived from a fixed seed: the same arguments give the same bytes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const FAMILY: &[(&str, &str)] = &[
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("髙橋", "タカハシ"),
    ("山﨑", "ヤマサキ"),
];
const GIVEN: &[(&str, &str)] = &[
    ("翔太", "ショウタ"),
    ("大輔", "ダイスケ"),
    ("美咲", "ミサキ"),
    ("誠", "マコト"),
    ("一郎", "イチロウ"),
    ("陽菜", "ハルナ"),
    ("彩", "アヤ"),
    ("拓也", "タクヤ"),
    ("健", "ケン"),
    ("花子", "ハナコ"),
    ("直樹", "ナオキ"),
    ("蓮", "レン"),
    ("結衣", "ユイ"),
    ("悠斗", "ユウト"),
    ("さくら", "サクラ"),
    ("湊", "ミナト"),
];
const EMPLOYMENT: &[&str] = &[
    "正社員",
    "正社員",
    "正社員",
    "契約社員",
    "派遣社員",
    "パート",
    "アルバイト",
    "業務委託",
    "嘱託",
];
const POSITIONS: &[&str] = &[
    "",
    "",
    "",
    "主任",
    "係長",
    "課長",
    "部長",
    "①チームリーダー",
];
/// Addresses for SmartHR's 住所 column (meibo ignores it; it gives the export its usual width).
const CITIES: &[&str] = &[
    "東京都千代田区",
    "東京都港区",
    "大阪府大阪市北区",
    "愛知県名古屋市中村区",
    "福岡県福岡市博多区",
    "北海道札幌市中央区",
    "神奈川県横浜市西区",
    "宮城県仙台市青葉区",
];
const UNIT_NAMES: &[&str] = &[
    "営業",
    "開発",
    "企画",
    "人事",
    "総務",
    "経理",
    "法務",
    "広報",
    "品質保証",
    "製造",
    "物流",
    "購買",
];

/// A small deterministic generator (SplitMix64): no dependency, same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Department {
    code: String,
    name: String,
    parent: Option<usize>,
    path: String,
}

struct Args {
    rows: usize,
    out: PathBuf,
    xlsx: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        rows: 100_000,
        out: PathBuf::from("bench/data/out"),
        xlsx: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--rows" => args.rows = it.next().and_then(|v| v.parse().ok()).expect("--rows N"),
            "--out" => args.out = PathBuf::from(it.next().expect("--out DIR")),
            "--xlsx" => args.xlsx = true,
            other => panic!("unknown argument {other}; usage: gen --rows N --out DIR [--xlsx]"),
        }
    }
    args
}

fn departments(rng: &mut Rng) -> Vec<Department> {
    let mut list: Vec<Department> = Vec::with_capacity(2000);
    let mut depth = Vec::with_capacity(2000);
    // Ten roots, then every department hangs under a random one above level 10; one chain is
    // forced down to level 10.
    for i in 0..2000usize {
        let parent = if i < 10 {
            None
        } else if i < 19 {
            // Departments 9 (a root) → 10 → … → 18 form the chain that reaches level 10.
            Some(i - 1)
        } else {
            loop {
                let p = rng.below(list.len());
                if depth[p] < 10 {
                    break Some(p);
                }
            }
        };
        let level = parent.map(|p| depth[p] + 1).unwrap_or(1);
        // Names repeat under different parents (第1課 in many 部), as in real companies.
        let name = match level {
            1 => format!("{}本部", UNIT_NAMES[i % UNIT_NAMES.len()]) + &format!("{}", i),
            2..=3 => format!("{}{}部", UNIT_NAMES[rng.below(UNIT_NAMES.len())], i),
            _ => format!("第{}課", rng.below(9) + 1),
        };
        let path = match parent {
            Some(p) => format!("{}/{}", list[p].path, name),
            None => name.clone(),
        };
        // Sibling names must differ for paths to be unique.
        let path_taken = list.iter().any(|d| d.path == path);
        let (name, path) = if path_taken {
            let name = format!("{name}{i}");
            let path = match parent {
                Some(p) => format!("{}/{}", list[p].path, name),
                None => name.clone(),
            };
            (name, path)
        } else {
            (name, path)
        };
        depth.push(level);
        list.push(Department {
            code: format!("D{i:05}"),
            name,
            parent,
            path,
        });
    }
    list
}

fn date(rng: &mut Rng, from_year: i32, years: usize) -> String {
    format!(
        "{}/{:02}/{:02}",
        from_year + rng.below(years) as i32,
        rng.below(12) + 1,
        rng.below(28) + 1
    )
}

/// Encode a CSV line to CP932 (every generated value is representable).
fn cp932(line: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(line);
    assert!(!unmappable, "generated text is CP932: {line}");
    bytes.into_owned()
}

fn main() -> std::io::Result<()> {
    let args = parse_args();
    std::fs::create_dir_all(&args.out)?;
    let mut rng = Rng(0x6D65_6962_6F21);
    let departments = departments(&mut rng);

    let mut out = BufWriter::new(File::create(args.out.join("departments.csv"))?);
    out.write_all("\u{FEFF}部署コード,部署名,親部署コード\r\n".as_bytes())?;
    for d in &departments {
        let parent = d.parent.map(|p| departments[p].code.as_str()).unwrap_or("");
        write!(out, "{},{},{}\r\n", d.code, d.name, parent)?;
    }
    out.flush()?;
    // ミキワメ has all but the last 50 departments (those are created by the run).
    let mut out = BufWriter::new(File::create(args.out.join("current_departments.csv"))?);
    out.write_all("\u{FEFF}部署コード,部署名,親部署コード\r\n".as_bytes())?;
    for d in &departments[..departments.len() - 50] {
        let parent = d.parent.map(|p| departments[p].code.as_str()).unwrap_or("");
        write!(out, "{},{},{}\r\n", d.code, d.name, parent)?;
    }
    out.flush()?;

    let header = [
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
        // Columns meibo does not read, as SmartHR exports them.
        "部署2",
        "電話番号",
        "住所",
    ];
    let current_header = "\u{FEFF}社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\r\n";
    let mut csv_out = if args.xlsx {
        None
    } else {
        let mut w = BufWriter::new(File::create(args.out.join("employees.csv"))?);
        w.write_all(&cp932(&(header.join(",") + "\r\n")))?;
        Some(w)
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut sheet = if args.xlsx {
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .expect("worksheet");
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("header");
        }
        Some(sheet)
    } else {
        None
    };
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd");
    let mut current = BufWriter::new(File::create(args.out.join("current_employees.csv"))?);
    current.write_all(current_header.as_bytes())?;

    let mut fields: Vec<String> = Vec::with_capacity(header.len());
    for i in 0..args.rows {
        let (family, family_kana) = *rng.pick(FAMILY);
        let (given, given_kana) = *rng.pick(GIVEN);
        let number = format!("{}", 100_000 + i);
        let mut email = format!("e{}.{}@example.co.jp", 100_000 + i, rng.below(1000));
        let department = rng.pick(&departments);
        let mut reference = department.path.clone();
        let mut family_out = family.to_string();
        let mut family_kana_out = family_kana.to_string();
        // About 2 % of rows for each exclusion reason.
        match rng.below(100) {
            0 | 1 => family_out.clear(),
            2 | 3 => family_kana_out.clear(),
            4 | 5 => email.clear(),
            6 | 7 => email = email.replace('@', "＠at＠"),
            // About two rows per shared address, at any size.
            8 | 9 => email = format!("dup{}@example.co.jp", rng.below(args.rows / 100 + 1)),
            10 | 11 => reference = format!("{}/存在しない課", department.path),
            12 | 13 => reference = "第1課".to_string(),
            _ => {}
        }
        let retired = rng.below(50) == 0;
        let birth = date(&mut rng, 1960, 45);
        let hire = date(&mut rng, 1985, 40);
        let employment = *rng.pick(EMPLOYMENT);
        let position = *rng.pick(POSITIONS);
        let gender = if rng.below(2) == 0 {
            "男性"
        } else {
            "女性"
        };
        let second_department = if rng.below(20) == 0 {
            rng.pick(&departments).path.clone()
        } else {
            String::new()
        };
        let phone = format!("090-{:04}-{:04}", rng.below(10_000), rng.below(10_000));
        let address = format!(
            "{}{}-{}",
            rng.pick(CITIES),
            rng.below(9) + 1,
            rng.below(30) + 1
        );
        fields.clear();
        fields.extend(
            [
                number.as_str(),
                &family_out,
                given,
                &family_kana_out,
                given_kana,
                &email,
                &birth,
                gender,
                &hire,
                if retired { "退職済み" } else { "在籍中" },
                if retired { "2024/03/31" } else { "" },
                employment,
                &reference,
                position,
                &second_department,
                &phone,
                &address,
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        if let Some(w) = csv_out.as_mut() {
            w.write_all(&cp932(&(fields.join(",") + "\r\n")))?;
        }
        if let Some(sheet) = sheet.as_deref_mut() {
            let row = (i + 1) as u32;
            sheet
                .write_number(row, 0, (100_000 + i) as f64)
                .expect("cell");
            for (c, value) in fields.iter().enumerate().skip(1) {
                if value.is_empty() {
                    continue;
                }
                if c == 6 || c == 8 || c == 10 {
                    let d =
                        rust_xlsxwriter::ExcelDateTime::parse_from_str(&value.replace('/', "-"))
                            .expect("date");
                    sheet
                        .write_datetime_with_format(row, c as u16, &d, &date_format)
                        .expect("cell");
                } else {
                    sheet.write_string(row, c as u16, value).expect("cell");
                }
            }
        }
        // ミキワメ holds about 70 % of them; 10 % of those differ in one field.
        if rng.below(10) < 7 && !email.is_empty() {
            let changed = rng.below(10) == 0;
            let position_now = if changed { "部長代理" } else { position };
            let mapped = match employment {
                "パート" | "アルバイト" => "パート・アルバイト",
                "嘱託" => "その他",
                other => other,
            };
            write!(
                current,
                "{number},{family},{given},{family_kana},{given_kana},{email},{birth},{gender},{},{position_now},{mapped},{hire},,0\r\n",
                department.code
            )?;
        }
    }
    // Employees only ミキワメ has: 5 % more.
    for i in 0..args.rows / 20 {
        write!(
            current,
            "{},退職,済,タイショク,スミ,gone{i}@example.co.jp,1970/01/01,男性,,,,2000/04/01,,0\r\n",
            900_000_000 + i
        )?;
    }
    current.flush()?;
    if let Some(mut w) = csv_out {
        w.flush()?;
    }
    if args.xlsx {
        workbook
            .save(args.out.join("employees.xlsx"))
            .expect("save workbook");
    }
    Ok(())
}
