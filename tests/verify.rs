//! `meibo verify` on the built binary, for every receiving system: reconcile the bundled samples,
//! simulate the import by applying the plan's import files to the current export
//! ([`simulate_import`]), export again and verify — everything applied, exit 0. Then the import
//! goes wrong in three ways (a created row dropped, an updated field left as it was, a field the
//! plan did not touch changed by hand): exactly those three are reported, exit 1. Rows the plan
//! excluded are `not-planned`, never failures.

mod common;

use std::path::{Path, PathBuf};

use common::{samples, Workdir};

/// A receiving system's sample run and how its exports and import files go together.
struct Case {
    /// `meibo reconcile` arguments, with `{samples}` for the samples folder.
    reconcile: &'static [&'static str],
    employees_export: &'static str,
    departments_export: Option<&'static str>,
    /// Import files that land in the employee export (a `_delete` file removes its rows).
    employee_files: &'static [&'static str],
    department_files: &'static [&'static str],
    employee_key: &'static str,
    department_key: &'static str,
    /// Columns an update leaves as they are when its cell is blank.
    kept_when_blank: &'static [&'static str],
}

const MIKIWAME: Case = Case {
    reconcile: &[
        "--employees",
        "{samples}/hrbrain/employees.csv",
        "--departments",
        "{samples}/hrbrain/departments.csv",
    ],
    employees_export: "mikiwame/employees.csv",
    departments_export: Some("mikiwame/departments.csv"),
    employee_files: &["employees.csv"],
    department_files: &["departments.csv"],
    employee_key: "メールアドレス",
    department_key: "部署コード",
    kept_when_blank: &[],
};

const MEISHI: Case = Case {
    reconcile: &[
        "--to",
        "meishi",
        "--employees",
        "{samples}/smarthr/employees.xlsx",
        "--departments",
        "{samples}/smarthr/departments.csv",
        "--group-level",
        "1",
        "--company-id",
        "example",
    ],
    employees_export: "meishi/employees.csv",
    departments_export: Some("meishi/groups.csv"),
    employee_files: &["employees.csv"],
    department_files: &["departments.csv", "departments_delete.csv"],
    employee_key: "社員ID",
    department_key: "グループコード",
    kept_when_blank: &["権限", "初期パスワード"],
};

const KITERA: Case = Case {
    reconcile: &[
        "--to",
        "kitera",
        "--employees",
        "{samples}/smarthr/employees.xlsx",
        "--allowed-domain",
        "example.co.jp",
        "--user-limit",
        "12",
        // Everyone logs in by password from now on: 1002's SSO is changed on purpose (without the
        // flag KiteRa's own method would be kept and there would be no update to verify).
        "--auth",
        "password",
    ],
    employees_export: "kitera/users.csv",
    departments_export: None,
    employee_files: &["users_001.csv", "users_delete.csv"],
    department_files: &[],
    employee_key: "従業員コード",
    department_key: "",
    kept_when_blank: &["役割"],
};

const KAONAVI: Case = Case {
    reconcile: &[
        "--to",
        "kaonavi",
        "--employees",
        "{samples}/roumumate/employees.tsv",
    ],
    employees_export: "kaonavi/members.csv",
    departments_export: None,
    employee_files: &["employees.csv"],
    department_files: &[],
    employee_key: "社員番号",
    department_key: "",
    kept_when_blank: &[],
};

type Table = Vec<Vec<String>>;

/// A CSV file as rows of cells (UTF-8 with or without BOM, or CP932 as Japanese Excel writes).
fn read_csv(path: &Path) -> Table {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("CSV row").iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(path: &Path, rows: &Table) {
    let mut writer = csv::Writer::from_path(path).expect("CSV file");
    for row in rows {
        writer.write_record(row).expect("CSV row");
    }
    writer.flush().expect("CSV written");
}

fn column(table: &Table, header: &str) -> usize {
    table[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {:?}", table[0]))
}

/// The key as the receiving systems compare it: trimmed, NFKC for full-width digits, any case.
fn key_of(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// The receiving system after the import: the current export with each of the plan's import
/// `files` applied in order. A `_delete` file removes the records of its keys; any other file
/// updates the record of each key, column by column under the same header (a blank cell of a
/// `kept` column leaves the value), or appends a new record.
fn simulate_import(
    current: &Table,
    plan: &Path,
    files: &[&str],
    key: &str,
    kept: &[&str],
) -> Table {
    let mut table = current.clone();
    let key_column = column(&table, key);
    for file in files {
        let import = read_csv(&plan.join(file));
        let import_key = column(&import, key);
        for row in &import[1..] {
            let wanted = key_of(&row[import_key]);
            let at = table[1..]
                .iter()
                .position(|r| key_of(&r[key_column]) == wanted)
                .map(|i| i + 1);
            if file.ends_with("_delete.csv") {
                if let Some(at) = at {
                    table.remove(at);
                }
                continue;
            }
            let at = at.unwrap_or_else(|| {
                table.push(vec![String::new(); table[0].len()]);
                table.len() - 1
            });
            for (header, cell) in import[0].iter().zip(row) {
                let Some(c) = table[0].iter().position(|h| h == header) else {
                    continue;
                };
                if cell.is_empty() && kept.contains(&header.as_str()) {
                    continue;
                }
                table[at][c] = cell.clone();
            }
        }
    }
    table
}

/// A reconciled plan and the exports before and after its (simulated) import.
struct Imported {
    wd: Workdir,
    case: &'static Case,
    employees: Table,
    departments: Option<Table>,
}

impl Imported {
    /// Reconcile `case` with `current_employees` as the employee export, then import.
    fn new(case: &'static Case, current_employees: Option<Table>) -> Imported {
        let wd = Workdir::new();
        let s = samples();
        let employees_before = match current_employees {
            Some(rows) => {
                let path = wd.path("current_employees.csv");
                write_csv(&path, &rows);
                path
            }
            None => s.join(case.employees_export),
        };
        let mut args: Vec<String> = vec!["reconcile".into()];
        args.extend(
            case.reconcile
                .iter()
                .map(|a| a.replace("{samples}", &s.display().to_string())),
        );
        args.extend([
            "--current-employees".into(),
            employees_before.display().to_string(),
        ]);
        if let Some(departments) = case.departments_export {
            args.extend([
                "--current-departments".into(),
                s.join(departments).display().to_string(),
            ]);
        }
        args.extend(["--out".into(), "plan".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = wd.run(&args);
        assert!(matches!(run.code, 0 | 1), "{run}");
        let plan = wd.path("plan");
        let employees = simulate_import(
            &read_csv(&employees_before),
            &plan,
            case.employee_files,
            case.employee_key,
            case.kept_when_blank,
        );
        let departments = case.departments_export.map(|d| {
            simulate_import(
                &read_csv(&s.join(d)),
                &plan,
                case.department_files,
                case.department_key,
                &[],
            )
        });
        Imported {
            wd,
            case,
            employees,
            departments,
        }
    }

    /// Verify the exports as they are now.
    fn verify(&self, flags: &[&str]) -> (common::Output, Table) {
        let employees = self.wd.path("after_employees.csv");
        write_csv(&employees, &self.employees);
        let mut args: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        args.extend(
            ["verify", "--plan", "plan", "--current-employees"]
                .map(String::from)
                .into_iter()
                .chain([employees.display().to_string()]),
        );
        if let Some(departments) = &self.departments {
            let path = self.wd.path("after_departments.csv");
            write_csv(&path, departments);
            args.extend(["--current-departments".into(), path.display().to_string()]);
        }
        args.extend(["--out".into(), "verified".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = self.wd.run(&args);
        let lines = read_csv(&self.wd.path("verified/verify.csv"));
        (run, lines)
    }

    fn employee_row(&mut self, key: &str) -> &mut Vec<String> {
        let c = column(&self.employees, self.case.employee_key);
        self.employees
            .iter_mut()
            .find(|r| key_of(&r[c]) == key_of(key))
            .unwrap_or_else(|| panic!("no employee {key}"))
    }

    fn set(&mut self, key: &str, header: &str, value: &str) {
        let c = column(&self.employees, header);
        self.employee_row(key)[c] = value.to_string();
    }

    fn drop_employee(&mut self, key: &str) {
        let c = column(&self.employees, self.case.employee_key);
        self.employees.retain(|r| key_of(&r[c]) != key_of(key));
    }
}

/// (result, key, field) of every line that is not `applied` or `not-planned`.
fn failures(lines: &Table) -> Vec<[String; 3]> {
    lines[1..]
        .iter()
        .filter(|l| !matches!(l[7].as_str(), "applied" | "not-planned"))
        .map(|l| [l[7].clone(), l[2].clone(), l[3].clone()])
        .collect()
}

fn count(lines: &Table, result: &str) -> usize {
    lines[1..].iter().filter(|l| l[7] == result).count()
}

fn expect(lines: &[[&str; 3]]) -> Vec<[String; 3]> {
    lines.iter().map(|l| l.map(str::to_string)).collect()
}

/// The rows a plan excluded, one per file and row.
fn excluded_rows(plan: &Path) -> usize {
    let rows = read_csv(&plan.join("exclusions.csv"));
    let mut seen: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    seen.dedup();
    seen.len()
}

fn clean_run(case: &'static Case, current: Option<Table>, applied: usize) -> Imported {
    let imported = Imported::new(case, current);
    let (run, lines) = imported.verify(&[]);
    assert_eq!(run.code, 0, "{run}\n{lines:#?}");
    assert_eq!(failures(&lines), Vec::<[String; 3]>::new());
    assert_eq!(count(&lines, "applied"), applied, "{lines:#?}");
    assert_eq!(
        count(&lines, "not-planned"),
        excluded_rows(&imported.wd.path("plan")),
        "every excluded row is not-planned"
    );
    assert!(
        run.stderr
            .contains("計画した変更はすべて反映されています。"),
        "{run}"
    );
    imported
}

/// What goes wrong in an import: a created record the importer dropped, and cells set to other
/// values — an updated field left as it was, an untouched field changed by hand.
struct Wrong {
    dropped: &'static str,
    /// (key, column, value).
    cells: &'static [(&'static str, &'static str, &'static str)],
    /// (result, key, field) of the lines verify must report, and no others.
    reported: &'static [[&'static str; 3]],
}

/// Import `case` cleanly (exit 0, `applied` lines), then again with what `wrong` says (exit 1,
/// exactly the `reported` lines); returns the second run's verify.csv.
fn everything_applied_then_three_things_went_wrong(
    case: &'static Case,
    current: Option<Table>,
    applied: usize,
    wrong: &Wrong,
) -> Table {
    let mut imported = clean_run(case, current, applied);
    imported.drop_employee(wrong.dropped);
    for (key, header, value) in wrong.cells {
        imported.set(key, header, value);
    }
    let (run, lines) = imported.verify(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        sorted(failures(&lines)),
        sorted(expect(wrong.reported)),
        "{lines:#?}"
    );
    assert!(run.stderr.contains("反映されなかったもの:"), "{run}");
    lines
}

fn sorted(mut lines: Vec<[String; 3]>) -> Vec<[String; 3]> {
    lines.sort();
    lines
}

#[test]
fn mikiwame_everything_applied_then_three_things_went_wrong() {
    let lines = everything_applied_then_three_things_went_wrong(
        &MIKIWAME,
        None,
        13,
        &Wrong {
            dropped: "miyuki.takahashi@example.co.jp",
            cells: &[
                ("daisuke.nakamura@example.co.jp", "役職", "主任"),
                ("shota.yamamoto@example.co.jp", "生年月日", "1990/07/16"),
            ],
            reported: &[
                ["not-applied", "miyuki.takahashi@example.co.jp", ""],
                ["not-applied", "daisuke.nakamura@example.co.jp", "役職"],
                [
                    "unplanned-change",
                    "shota.yamamoto@example.co.jp",
                    "生年月日",
                ],
            ],
        },
    );
    let line = lines
        .iter()
        .find(|l| l[2] == "daisuke.nakamura@example.co.jp" && l[3] == "役職")
        .unwrap();
    assert_eq!(
        line[4..7],
        ["主任", "係長", "主任"],
        "before → planned → found"
    );
    // The exclusions of the sample plan are listed as not planned, with their reasons.
    assert!(lines.iter().any(|l| l[2] == "005@aaa.com"
        && l[7] == "not-planned"
        && l[9].starts_with("missing-kana（")
        && l[9].ends_with("hrbrain/employees.csv 17 行目）")));
}

#[test]
fn meishi_everything_applied_then_three_things_went_wrong() {
    // 1002 moves to group A012 (第二営業課): the import left it in A011.
    everything_applied_then_three_things_went_wrong(
        &MEISHI,
        None,
        19,
        &Wrong {
            dropped: "1007",
            cells: &[
                ("1002", "グループコード", "A011"),
                ("1002", "グループ名", "第一営業課"),
                ("1001", "メールアドレス", "shota@example.co.jp"),
            ],
            reported: &[
                ["not-applied", "1007", ""],
                ["not-applied", "1002", "グループコード"],
                ["not-applied", "1002", "グループ名"],
                ["unplanned-change", "1001", "メールアドレス"],
            ],
        },
    );
}

#[test]
fn kitera_everything_applied_then_three_things_went_wrong() {
    everything_applied_then_three_things_went_wrong(
        &KITERA,
        None,
        9,
        &Wrong {
            dropped: "1006",
            cells: &[("1002", "認証方法", "SSO"), ("1012", "名前", "渡辺 直人")],
            reported: &[
                ["not-applied", "1006", ""],
                ["not-applied", "1002", "認証方法"],
                ["unplanned-change", "1012", "名前"],
            ],
        },
    );
}

#[test]
fn kaonavi_everything_applied_then_three_things_went_wrong() {
    // kaonavi without 1002: the plan creates it.
    let members = read_csv(&samples().join(KAONAVI.employees_export));
    let current: Table = members.into_iter().filter(|r| r[0] != "1002").collect();
    everything_applied_then_three_things_went_wrong(
        &KAONAVI,
        Some(current),
        3,
        &Wrong {
            dropped: "1002",
            cells: &[
                ("1011", "フリガナ", "キムラアヤ"),
                ("1001", "入社日", "2015/04/02"),
            ],
            reported: &[
                ["not-applied", "1002", ""],
                ["not-applied", "1011", "フリガナ"],
                ["unplanned-change", "1001", "入社日"],
            ],
        },
    );
}

#[test]
fn the_plans_own_export_is_not_an_import() {
    let wd = Workdir::new();
    let s = samples();
    let current = s.join("kitera/users.csv");
    let args = [
        "reconcile",
        "--to",
        "kitera",
        "--employees",
        &s.join("smarthr/employees.xlsx").display().to_string(),
        "--current-employees",
        &current.display().to_string(),
        "--out",
        "plan",
    ]
    .map(String::from);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    wd.run(&args);
    let verify = |export: &Path, lang: &str| {
        wd.run(&[
            "--lang",
            lang,
            "verify",
            "--plan",
            "plan",
            "--current-employees",
            &export.display().to_string(),
            "--out",
            "verified",
        ])
    };
    // The export the plan was made from: nothing landed, and a warning says why.
    let run = verify(&current, "en");
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("warnings: export-unchanged 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("meibo verify: KiteRa"),
        "{}",
        run.stderr
    );
    let warnings = read_csv(&wd.path("verified/warnings.csv"));
    assert_eq!(warnings[1][2], "export-unchanged");
    // Another system's export: warned, and refused when its key column is missing.
    let mikiwame = s.join("mikiwame/employees.csv");
    let run = verify(&mikiwame, "ja");
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("従業員コード の列がありません"),
        "{}",
        run.stderr
    );
    let meishi_like = wd.write(
        "users.csv",
        "従業員コード,社員ID,姓,名,メールアドレス,グループコード,グループ名,権限\n1001,1001,山本,翔太,a@example.co.jp,,,\n",
    );
    let run = verify(&meishi_like, "ja");
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("wrong-system 1"), "{}", run.stderr);
    // The plan folder is an input: never the output.
    let run = wd.run(&[
        "verify",
        "--plan",
        "plan",
        "--current-employees",
        &current.display().to_string(),
        "--out",
        "plan",
    ]);
    assert_eq!(run.code, 2, "{run}");
    // Not a plan at all.
    let run = wd.run(&[
        "verify",
        "--plan",
        "verified",
        "--current-employees",
        &current.display().to_string(),
        "--out",
        "again",
    ]);
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn a_moved_plan_input_is_warned_and_planned_changes_still_checked() {
    let mut imported = Imported::new(&KITERA, None);
    let plan: PathBuf = imported.wd.path("plan");
    // summary.json names the export the plan was made from; point it elsewhere.
    let summary = std::fs::read_to_string(plan.join("summary.json")).unwrap();
    let moved = summary.replace("kitera/users.csv", "kitera/moved.csv");
    std::fs::remove_file(plan.join("summary.json")).unwrap();
    std::fs::write(plan.join("summary.json"), moved).unwrap();
    imported.set("1012", "名前", "渡辺 直人");
    let (run, lines) = imported.verify(&[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains("plan-input-changed 1"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&lines, "applied"), 9);
}

#[test]
fn a_plan_older_than_a_week_is_warned() {
    let imported = Imported::new(&KAONAVI, None);
    let summary = imported.wd.path("plan/summary.json");
    let ten_days = std::time::Duration::from_secs(10 * 24 * 60 * 60);
    std::fs::File::options()
        .write(true)
        .open(&summary)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - ten_days)
        .unwrap();
    let (run, _) = imported.verify(&["--lang", "en"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("warnings: plan-stale 1"), "{run}");
    let warnings = read_csv(&imported.wd.path("verified/warnings.csv"));
    assert_eq!(warnings[1][2], "plan-stale");
    assert!(warnings[1][4].ends_with("(10 days)"), "{warnings:?}");
}

#[test]
fn a_plan_written_as_a_workbook_only_is_read_from_its_sheets() {
    let imported = Imported::new(&KITERA, None);
    // The same plan again, as import.xlsx only: the CSVs are gone from the folder.
    let s = samples();
    let mut args: Vec<String> = vec!["reconcile".into()];
    args.extend(
        KITERA
            .reconcile
            .iter()
            .map(|a| a.replace("{samples}", &s.display().to_string())),
    );
    args.extend(
        [
            "--current-employees",
            &s.join(KITERA.employees_export).display().to_string(),
            "--format",
            "xlsx",
            "--out",
            "plan",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    imported.wd.run(&args);
    assert!(!imported.wd.path("plan/employees.csv").exists());
    let (run, lines) = imported.verify(&[]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(count(&lines, "applied"), 9, "{lines:#?}");
}

#[test]
fn the_readme_shows_verify_on_the_samples_as_it_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let command = "verify --plan out --current-employees samples/mikiwame/after/employees.csv \
                   --current-departments samples/mikiwame/after/departments.csv --out verified";
    assert!(readme.contains(command), "README shows: meibo {command}");
    let wd = Workdir::new();
    let s = samples();
    let sample = |p: &str| s.join(p).display().to_string();
    let reconcile = common::reconcile_samples(&wd, "out", &[]);
    assert_eq!(reconcile.code, 1, "{reconcile}");
    let run = wd.run(&[
        "verify",
        "--plan",
        "out",
        "--current-employees",
        &sample("mikiwame/after/employees.csv"),
        "--current-departments",
        &sample("mikiwame/after/departments.csv"),
        "--out",
        "verified",
    ]);
    assert_eq!(run.code, 1, "{run}");
    let block = &readme[readme
        .find("meibo verify: ミキワメ (計画: out)")
        .expect("the summary")..];
    for line in block.lines().take_while(|l| !l.starts_with("```")) {
        if line.trim() != "…" {
            assert!(
                run.stderr.lines().any(|l| l == line),
                "{line:?} not in\n{run}"
            );
        }
    }
    // Every code verify reports is explained, in both languages.
    for code in [
        "applied",
        "not-applied",
        "landed-differently",
        "unplanned-change",
        "not-planned",
        "plan-stale",
        "wrong-system",
        "plan-input-changed",
        "export-unchanged",
    ] {
        for lang in ["ja", "en"] {
            let out = wd.run(&["--lang", lang, "explain", code]);
            assert_eq!(out.code, 0, "{out}");
            assert!(out.stdout.starts_with(code), "{out}");
        }
    }
}

#[test]
fn a_field_that_landed_with_a_third_value_is_landed_differently() {
    let mut imported = Imported::new(&KITERA, None);
    // The plan corrects 1003's address to lower case; KiteRa ends up with yet another address.
    imported.set("1003", "メールアドレス", "misaki.ito@example.co.jp");
    let (run, lines) = imported.verify(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        failures(&lines),
        expect(&[["landed-differently", "1003", "メールアドレス"]])
    );
    let line = lines.iter().find(|l| l[7] == "landed-differently").unwrap();
    assert_eq!(
        line[4..7],
        [
            "Ito.Misaki@Example.co.jp",
            "ito.misaki@example.co.jp",
            "misaki.ito@example.co.jp"
        ],
        "before → planned → found"
    );
    assert_eq!(line[1], "update");
}

/// A KiteRa plan split into users_001.csv and users_002.csv (1,205 users): verify reads both
/// numbered files, so every user of either is checked; one the second import left out is
/// not-applied.
#[test]
fn a_kitera_plan_split_into_numbered_files_is_verified_whole() {
    let wd = Workdir::new();
    let mut hr = String::from(
        "社員番号,姓,名,ビジネスネーム：姓,ビジネスネーム：名,メールアドレス,在籍状況\n",
    );
    for i in 1..=1205 {
        hr += &format!("E{i:05},社員,{i},,,user{i}@example.com,在籍中\n");
    }
    wd.write("hr.csv", &hr);
    let users = wd.write(
        "users.csv",
        "従業員コード,メールアドレス,名前,役割,認証方法\n",
    );
    let run = wd.run(&[
        "reconcile",
        "--to",
        "kitera",
        "--employees",
        "hr.csv",
        "--current-employees",
        "users.csv",
        "--out",
        "plan",
    ]);
    assert_eq!(run.code, 0, "{run}");
    let mut after = simulate_import(
        &read_csv(&users),
        &wd.path("plan"),
        &["users_001.csv", "users_002.csv", "users_delete.csv"],
        "従業員コード",
        &["役割"],
    );
    assert_eq!(after.len(), 1 + 1205);
    // KiteRa shows a blank 役割 as メンバー; one user of the second file did not land.
    let role = column(&after, "役割");
    for row in after.iter_mut().skip(1) {
        row[role] = "メンバー".into();
    }
    after.retain(|r| r[0] != "E01100");
    let export = wd.path("after.csv");
    write_csv(&export, &after);
    let run = wd.run(&[
        "verify",
        "--plan",
        "plan",
        "--current-employees",
        &export.display().to_string(),
        "--out",
        "verified",
    ]);
    assert_eq!(run.code, 1, "{run}");
    let lines = read_csv(&wd.path("verified/verify.csv"));
    assert_eq!(count(&lines, "applied"), 1204);
    assert_eq!(count(&lines, "not-applied"), 1);
    let result = column(&lines, "result");
    let key = column(&lines, "key");
    let missed: Vec<&str> = lines[1..]
        .iter()
        .filter(|l| l[result] == "not-applied")
        .map(|l| l[key].as_str())
        .collect();
    assert_eq!(missed, ["E01100"]);
}
