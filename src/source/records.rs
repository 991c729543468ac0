//! Table rows → model records, applying each system's quirks (kaonavi's one-cell name, business
//! names first, retirement markers, employment-type tables) and normalising every value once.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use rayon::prelude::*;

use super::{header_key, Field, HeaderMap, Mapping, Role, System};
use crate::input::{Row, Table};
use crate::lang::Lang;
use crate::model::{
    Attr, Department, DepartmentSet, Detail, Employee, EmployeeSet, ParentRef, Provenance,
    ResultSet, TestResult, Texts, Warning,
};
use crate::normalize::{self, EmploymentTable};
use crate::reason::Code;

/// Reads the cells of one row through a header map.
struct Cells<'a> {
    row: &'a Row,
    map: &'a HeaderMap,
    headers: &'a [String],
    file: &'a Arc<str>,
    warnings: Vec<Warning>,
}

impl<'a> Cells<'a> {
    fn raw(&self, field: Field) -> &'a str {
        match self.map.column(field) {
            Some(column) => normalize::trim(self.row.cell(column)),
            None => "",
        }
    }
    fn warn(&mut self, code: Code, detail: String) {
        self.warnings.push(Warning {
            at: Provenance {
                file: self.file.clone(),
                row: self.row.line,
            },
            code,
            detail: detail.into(),
        });
    }
    fn warn_cell(&mut self, code: Code, header: String, value: String) {
        self.warnings.push(Warning {
            at: Provenance {
                file: self.file.clone(),
                row: self.row.line,
            },
            code,
            detail: Detail::Cell { header, value },
        });
    }
    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let value = self.raw(field);
        match normalize::parse_date(value) {
            Ok(date) => date,
            Err(_) => {
                let header = self
                    .map
                    .column(field)
                    .map(|c| self.headers[c].clone())
                    .unwrap_or_default();
                let value = value.to_string();
                self.warn_cell(Code::InvalidDate, header, value);
                None
            }
        }
    }
}

fn employment_table(system: System) -> Option<EmploymentTable> {
    match system {
        System::HrBrain => Some(EmploymentTable::HrBrain),
        System::Kaonavi => Some(EmploymentTable::Kaonavi),
        System::SmartHr | System::Roumumate => Some(EmploymentTable::SmartHr),
        // Receiving systems' exports hold their own vocabulary already.
        _ => None,
    }
}

/// File-level warnings: optional headers missing and error cells met while reading.
pub fn table_warnings(table: &Table, map: &HeaderMap, file: &Arc<str>) -> Vec<Warning> {
    let at = |row| Provenance {
        file: file.clone(),
        row,
    };
    let mut warnings = Vec::new();
    for &field in &map.missing_optional {
        let expected = map
            .profile
            .spec(field)
            .map(|s| s.aliases[0])
            .unwrap_or(field.id());
        warnings.push(Warning {
            at: at(table.header_line),
            code: Code::HeaderMissing,
            detail: Detail::HeaderMissing {
                header: expected,
                field,
            },
        });
    }
    for error in &table.cell_errors {
        warnings.push(Warning {
            at: at(error.line),
            code: Code::CellError,
            detail: format!("{}: {}", error.column, error.detail).into(),
        });
    }
    warnings
}

/// Every warning about a file as `meibo inspect` shows it, in row order: its records' warnings
/// (the role's own reading), the rows that do not decode; a SmartHR family-row download is refused.
pub fn file_warnings(
    table: &Table,
    map: &HeaderMap,
    mapping: &Mapping,
    lang: crate::lang::Lang,
) -> Result<Vec<Warning>> {
    let file: Arc<str> = Arc::from(table.display_path());
    let mut warnings = match map.profile.role {
        Role::Employees => {
            let set = employees(table, map, mapping);
            refuse_family_rows(table, &set, lang)?;
            set.warnings
        }
        Role::Departments | Role::DepartmentLevels => departments(table, map).warnings,
        Role::Results => table_warnings(table, map, &file),
    };
    warnings.extend(
        table
            .rows
            .iter()
            .filter(|r| r.undecodable)
            .map(|r| Warning {
                at: Provenance {
                    file: file.clone(),
                    row: r.line,
                },
                code: Code::InvalidEncoding,
                detail: table.encoding.clone().unwrap_or_default().into(),
            }),
    );
    warnings.sort_by_key(|w| (w.at.row, w.code));
    Ok(warnings)
}

/// Which model attributes a header map provides.
fn provided(map: &HeaderMap) -> BTreeSet<Attr> {
    let has = |f: Field| map.has(f);
    let mut set = BTreeSet::new();
    let mut add = |cond: bool, attr: Attr| {
        if cond {
            set.insert(attr);
        }
    };
    add(has(Field::EmployeeNumber), Attr::EmployeeNumber);
    add(
        has(Field::FamilyName) || has(Field::FullName),
        Attr::FamilyName,
    );
    add(
        has(Field::GivenName) || has(Field::FullName),
        Attr::GivenName,
    );
    add(
        has(Field::FamilyKana) || has(Field::FullKana),
        Attr::FamilyKana,
    );
    add(
        has(Field::GivenKana) || has(Field::FullKana),
        Attr::GivenKana,
    );
    add(has(Field::Email), Attr::Email);
    add(has(Field::BirthDate), Attr::BirthDate);
    add(has(Field::Gender), Attr::Gender);
    add(
        has(Field::Department) || has(Field::DepartmentCode),
        Attr::Department,
    );
    add(has(Field::Position), Attr::Position);
    add(has(Field::EmploymentType), Attr::EmploymentType);
    add(has(Field::HireDate), Attr::HireDate);
    add(has(Field::RetirementDate), Attr::RetirementDate);
    let retired_marker = match map.profile.system {
        System::Kaonavi => has(Field::RetirementDate),
        System::Mikiwame => has(Field::RetiredFlag),
        _ => has(Field::EmploymentStatus),
    };
    add(retired_marker, Attr::Retired);
    set
}

/// Build the employees of a table whose header map is an employee profile.
pub fn employees(table: &Table, map: &HeaderMap, mapping: &Mapping) -> EmployeeSet {
    let file: Arc<str> = Arc::from(table.display_path());
    let built: Vec<(Employee, Vec<Warning>)> = table
        .rows
        .par_iter()
        .map(|row| employee_row(table, map, mapping, &file, row))
        .collect();
    employee_set(table, map, built)
}

/// One row of an employee table: the employee and the warnings about its cells. `file` is the
/// table's path as shown (shared by every record of the file).
pub fn employee_row(
    table: &Table,
    map: &HeaderMap,
    mapping: &Mapping,
    file: &Arc<str>,
    row: &Row,
) -> (Employee, Vec<Warning>) {
    debug_assert_eq!(map.profile.role, Role::Employees);
    let mut cells = Cells {
        row,
        map,
        headers: &table.headers,
        file,
        warnings: Vec::new(),
    };
    let employee = employee(&mut cells, map.profile.system, mapping);
    (employee, cells.warnings)
}

/// The employee set of a table from its rows built by [`employee_row`], in the file's order.
pub fn employee_set(
    table: &Table,
    map: &HeaderMap,
    built: impl IntoIterator<Item = (Employee, Vec<Warning>)>,
) -> EmployeeSet {
    let file: Arc<str> = Arc::from(table.display_path());
    let built = built.into_iter();
    let mut warnings = table_warnings(table, map, &file);
    let mut records = Vec::with_capacity(built.size_hint().0);
    for (employee, row_warnings) in built {
        records.push(employee);
        warnings.extend(row_warnings);
    }
    EmployeeSet {
        system: map.profile.system,
        provided: provided(map),
        records,
        warnings,
    }
}

/// SmartHR's 従業員情報+家族情報 download with 家族情報の出力形式 縦並び repeats an employee on one
/// row per family member (knowledge.smarthr.jp 900006277623). Reading it would exclude every such
/// employee as a duplicate; refuse it instead, naming the download to take. Recognised by family
/// columns (headers beginning 家族) and one 社員番号 (or e-mail, when blank) on two rows.
pub fn refuse_family_rows(table: &Table, set: &EmployeeSet, lang: Lang) -> Result<()> {
    if !table
        .headers
        .iter()
        .any(|h| header_key(h).starts_with("家族"))
    {
        return Ok(());
    }
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for employee in &set.records {
        let (label, key) = match employee.employee_number() {
            "" => ("メールアドレス", employee.email()),
            number => ("社員番号", number),
        };
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(key, employee.at.row) {
            let (file, row) = (table.display_path(), employee.at.row);
            bail!(match lang {
                Lang::Ja => format!(
                    "{file}: SmartHRの「従業員情報+家族情報」を家族情報の出力形式「縦並び」でダウンロードしたファイルです（家族1人に1行: {label} {key} が行 {first} と行 {row}）。従業員リストの[一覧のダウンロード]で、ダウンロード対象範囲を「従業員情報」にするか、家族情報の出力形式を「横並び」にしてダウンロードし直してください。"
                ),
                Lang::En => format!(
                    "{file}: this is SmartHR's 従業員情報+家族情報 download with family rows 縦並び (one row per family member: {label} {key} on rows {first} and {row}). Download again from 従業員リスト → 一覧のダウンロード with ダウンロード対象範囲 「従業員情報」 (or 家族情報の出力形式 「横並び」)."
                ),
            });
        }
    }
    Ok(())
}

fn employee(cells: &mut Cells, system: System, mapping: &Mapping) -> Employee {
    let row = cells.row;
    let at = Provenance {
        file: cells.file.clone(),
        row: row.line,
    };
    if row.undecodable {
        return Employee {
            at,
            undecodable: true,
            ..Employee::default()
        };
    }
    let employee_number = normalize::normalized_code(cells.raw(Field::EmployeeNumber));

    // Names: one cell (kaonavi) or two; business names replace legal ones, kanji and kana apart.
    let (mut family_name, mut given_name): (Cow<str>, Cow<str>);
    if cells.map.has(Field::FullName) {
        let (family, given, split) = normalize::split_name(cells.raw(Field::FullName));
        if !split {
            let header = header_of(cells, Field::FullName).to_string();
            cells.warn_cell(Code::NameNotSplit, header, family.to_string());
        }
        (family_name, given_name) = (family.into(), given.into());
    } else {
        family_name = normalize::prefer_business(
            cells.raw(Field::FamilyName),
            cells.raw(Field::BusinessFamilyName),
        )
        .into();
        given_name = normalize::prefer_business(
            cells.raw(Field::GivenName),
            cells.raw(Field::BusinessGivenName),
        )
        .into();
    }
    let (mut family_kana, mut given_kana): (Cow<str>, Cow<str>);
    if cells.map.has(Field::FullKana) {
        let (family, given, split) = normalize::split_name(cells.raw(Field::FullKana));
        if !split {
            let header = header_of(cells, Field::FullKana).to_string();
            cells.warn_cell(Code::NameNotSplit, header, family.to_string());
        }
        family_kana = normalize::kana(&family).into_owned().into();
        given_kana = normalize::kana(&given).into_owned().into();
    } else {
        family_kana = normalize::kana(normalize::prefer_business(
            cells.raw(Field::FamilyKana),
            cells.raw(Field::BusinessFamilyKana),
        ));
        given_kana = normalize::kana(normalize::prefer_business(
            cells.raw(Field::GivenKana),
            cells.raw(Field::BusinessGivenKana),
        ));
    }
    // ロウムメイト: the business name is one cell for kanji and one for kana.
    let business = cells.raw(Field::BusinessName);
    if !business.is_empty() {
        let (family, given, _) = normalize::split_name(business);
        (family_name, given_name) = (family.into(), given.into());
    }
    let business_kana = cells.raw(Field::BusinessKana);
    if !business_kana.is_empty() {
        let (family, given, _) = normalize::split_name(business_kana);
        family_kana = normalize::kana(&family).into_owned().into();
        given_kana = normalize::kana(&given).into_owned().into();
    }

    let email = normalize::normalized_code(cells.raw(Field::Email));
    // The match key is kept only where it differs from the address (see `Employee::email_key`).
    let email_key = if email.is_ascii() && !email.bytes().any(|b| b.is_ascii_uppercase()) {
        String::new()
    } else {
        Some(normalize::email_key(&email))
            .filter(|key| *key != *email)
            .unwrap_or_default()
    };
    let birth_date = cells.date(Field::BirthDate);
    let hire_date = cells.date(Field::HireDate);
    let retirement_date = cells.date(Field::RetirementDate);
    let gender = cells.raw(Field::Gender);
    let gender = mapping
        .genders
        .iter()
        .find(|(from, _)| from == gender)
        .map_or(gender, |(_, to)| to.as_str());
    let code = cells.raw(Field::DepartmentCode);
    let (department, department_is_code) = if !code.is_empty() || !cells.map.has(Field::Department)
    {
        (normalize::normalized_code(code), true)
    } else {
        (Cow::Borrowed(cells.raw(Field::Department)), false)
    };
    // SmartHR's 部署2…部署10 (部署1 is `department`): kept only when one is filled.
    let mut more_departments = String::new();
    if Field::DEPARTMENTS[1..]
        .iter()
        .any(|&f| !cells.raw(f).is_empty())
    {
        let slots: Vec<&str> = Field::DEPARTMENTS[1..]
            .iter()
            .map(|&f| cells.raw(f))
            .collect();
        let filled = slots
            .iter()
            .rposition(|s| !s.is_empty())
            .map_or(0, |i| i + 1);
        more_departments = slots[..filled].join("\0");
    }
    let employment_type_raw = cells.raw(Field::EmploymentType);
    let employment_type: Cow<str> = match employment_table(system) {
        None => employment_type_raw.into(),
        Some(table) => {
            match normalize::map_employment_type(
                table,
                employment_type_raw,
                &mapping.employment_types,
            ) {
                None => "".into(),
                Some((mapped, unmapped)) => {
                    if unmapped {
                        cells.warn(
                            Code::UnmappedEmploymentType,
                            format!("{employment_type_raw:?} → {mapped}"),
                        );
                    }
                    mapped.into()
                }
            }
        }
    };
    let employment_status = cells.raw(Field::EmploymentStatus);
    let retired = match system {
        System::Kaonavi => {
            retirement_date.is_some() || !cells.raw(Field::RetirementDate).is_empty()
        }
        System::Mikiwame => matches!(
            cells.raw(Field::RetiredFlag),
            "1" | "TRUE" | "true" | "○" | "退職"
        ),
        System::Roumumate => employment_status == "退職",
        System::SmartHr | System::HrBrain => employment_status == "退職済み",
        System::Meishi | System::Kitera => false,
    };
    Employee {
        at,
        undecodable: false,
        // In `Text` order.
        texts: Texts::new([
            &employee_number,
            &family_name,
            &given_name,
            &family_kana,
            &given_kana,
            &email,
            &email_key,
            gender,
            &department,
            cells.raw(Field::Position),
            &employment_type,
            employment_status,
            cells.raw(Field::EntryStatus),
            employment_type_raw,
            cells.raw(Field::LoginMethod),
            cells.raw(Field::Role),
            &more_departments,
        ]),
        birth_date,
        department_is_code,
        hire_date,
        retirement_date,
        retired,
    }
}

fn header_of(cells: &Cells, field: Field) -> String {
    cells
        .map
        .column(field)
        .map(|c| cells.headers[c].clone())
        .unwrap_or_default()
}

/// Build the departments of a table whose header map is a department profile.
pub fn departments(table: &Table, map: &HeaderMap) -> DepartmentSet {
    let file: Arc<str> = Arc::from(table.display_path());
    // Level columns: (code, name) of each level from the root; SmartHR's have names only.
    let levels: Vec<(Option<usize>, Option<usize>)> = Field::LEVEL_CODES
        .iter()
        .zip(Field::LEVELS)
        .map(|(&code, name)| (map.column(code), map.column(name)))
        .filter(|&(code, name)| code.is_some() || name.is_some())
        .collect();
    let mut records: Vec<Department> = Vec::with_capacity(table.rows.len());
    // kaonavi's 所属ツリー: ancestors named in a row's level columns without a row of their own.
    let mut ancestors: Vec<Department> = Vec::new();
    let mut ancestor_codes: HashSet<String> = HashSet::new();
    for row in &table.rows {
        let at = Provenance {
            file: file.clone(),
            row: row.line,
        };
        if row.undecodable {
            records.push(Department {
                at,
                undecodable: true,
                ..Department::default()
            });
            continue;
        }
        let cell = |column: Option<usize>| column.map_or("", |c| normalize::trim(row.cell(c)));
        let field = |f: Field| cell(map.column(f));
        if map.profile.role != Role::DepartmentLevels {
            let parent = field(Field::Parent);
            records.push(Department {
                at,
                undecodable: false,
                code: normalize::code(field(Field::DepartmentCode)),
                name: field(Field::DepartmentName).to_string(),
                parent: if parent.is_empty() {
                    ParentRef::Root
                } else {
                    ParentRef::Ref(parent.to_string())
                },
            });
            continue;
        }
        let path: Vec<(String, String)> = levels
            .iter()
            .map(|&(code, name)| (normalize::code(cell(code)), cell(name).to_string()))
            .take_while(|(code, name)| !code.is_empty() || !name.is_empty())
            .collect();
        // Each level's department, parent by code when the level has one, else by its path.
        let department = |depth: usize, at: Provenance| {
            let (code, name) = path[depth].clone();
            let parent = match depth.checked_sub(1).map(|p| &path[p]) {
                None => ParentRef::Root,
                Some((code, _)) if !code.is_empty() => ParentRef::Ref(code.clone()),
                Some(_) => ParentRef::Path(path[..depth].iter().map(|(_, n)| n.clone()).collect()),
            };
            Department {
                at,
                undecodable: false,
                code,
                name,
                parent,
            }
        };
        let Some(depth) = path.len().checked_sub(1) else {
            records.push(Department {
                at,
                undecodable: false,
                code: normalize::code(field(Field::DepartmentCode)),
                ..Department::default()
            });
            continue;
        };
        let mut record = department(depth, at.clone());
        if map.has(Field::DepartmentCode) {
            record.code = normalize::code(field(Field::DepartmentCode));
        }
        for (ancestor, (code, _)) in path[..depth].iter().enumerate() {
            if !code.is_empty() && ancestor_codes.insert(code.clone()) {
                ancestors.push(department(ancestor, at.clone()));
            }
        }
        records.push(record);
    }
    let row_codes: HashSet<&str> = records.iter().map(|r| r.code.as_str()).collect();
    ancestors.retain(|a| !row_codes.contains(a.code.as_str()));
    records.extend(ancestors);
    DepartmentSet {
        records,
        warnings: table_warnings(table, map, &file),
    }
}

/// Build the test results of a table whose header map is a results profile. Every column that
/// fills no field and has a header is a scale (偏差値); two scales whose headers compare equal are
/// an error, as for any two columns of one field (the receiving system refuses duplicate headers).
pub fn results(table: &Table, map: &HeaderMap, lang: Lang) -> Result<ResultSet> {
    debug_assert_eq!(map.profile.role, Role::Results);
    let file: Arc<str> = Arc::from(table.display_path());
    // A column without a header cannot be named in kaonavi; it is not a scale.
    let scale_columns: Vec<usize> = map
        .unused
        .iter()
        .copied()
        .filter(|&c| !normalize::trim(&table.headers[c]).is_empty())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &column in &scale_columns {
        if let Some(first) = seen.insert(header_key(&table.headers[column]), column) {
            bail!(
                "{}: {} {:?} / {:?}",
                table.display_path(),
                lang.pick(
                    "同じ尺度名の列が2つあります:",
                    "two scale columns have the same header:"
                ),
                table.headers[first],
                table.headers[column]
            );
        }
    }
    let records: Vec<TestResult> = table
        .rows
        .par_iter()
        .map(|row| test_result(row, map, &scale_columns, &file))
        .collect();
    let headers: BTreeMap<Field, String> = map
        .columns
        .iter()
        .map(|(&field, &column)| (field, normalize::trim(&table.headers[column]).to_string()))
        .collect();
    Ok(ResultSet {
        scales: scale_columns
            .iter()
            .map(|&c| normalize::trim(&table.headers[c]).to_string())
            .collect(),
        headers,
        records,
        warnings: table_warnings(table, map, &file),
    })
}

fn test_result(row: &Row, map: &HeaderMap, scale_columns: &[usize], file: &Arc<str>) -> TestResult {
    let cell = |field: Field| {
        map.column(field)
            .map(|c| normalize::trim(row.cell(c)))
            .unwrap_or("")
    };
    let mut result = TestResult {
        at: Provenance {
            file: file.clone(),
            row: row.line,
        },
        undecodable: row.undecodable,
        employee_number: String::new(),
        name: String::new(),
        email: String::new(),
        exam_date: Err(String::new()),
        type16: String::new(),
        detail_url: String::new(),
        scores: Vec::new(),
        invalid_scores: Vec::new(),
    };
    if row.undecodable {
        return result;
    }
    result.employee_number = normalize::code(cell(Field::EmployeeNumber));
    result.name = cell(Field::FullName).to_string();
    result.email = normalize::email(cell(Field::Email));
    let exam_date = cell(Field::ExamDate);
    result.exam_date = match normalize::parse_date(exam_date) {
        Ok(Some(date)) => Ok(date),
        Ok(None) | Err(_) => Err(exam_date.to_string()),
    };
    result.type16 = cell(Field::Type16).to_string();
    result.detail_url = cell(Field::DetailUrl).to_string();
    for (index, &column) in scale_columns.iter().enumerate() {
        match normalize::score(row.cell(column)) {
            Ok(score) => result.scores.push(score),
            Err(text) => {
                result.scores.push(text);
                result.invalid_scores.push(index);
            }
        }
    }
    result
}
