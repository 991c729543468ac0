//! ミキワメ (SPEC §3.3): the import layouts of its employee and department sheets.

use std::collections::BTreeSet;

use crate::model::{Attr, Employee};
use crate::normalize::format_date;

pub const DEPARTMENT_HEADERS: [&str; 3] = ["部署コード", "部署名", "親部署コード"];

pub const EMPLOYEE_HEADERS: [&str; 14] = [
    "社員番号",
    "氏名（姓）",
    "氏名（名）",
    "姓（カナ）",
    "名（カナ）",
    "メールアドレス",
    "生年月日",
    "性別",
    "所属部署",
    "役職",
    "雇用形態",
    "入社日",
    "退職日",
    "退職者フラグ",
];

/// The attribute behind each column of [`EMPLOYEE_HEADERS`].
const EMPLOYEE_ATTRS: [Attr; 14] = [
    Attr::EmployeeNumber,
    Attr::FamilyName,
    Attr::GivenName,
    Attr::FamilyKana,
    Attr::GivenKana,
    Attr::Email,
    Attr::BirthDate,
    Attr::Gender,
    Attr::Department,
    Attr::Position,
    Attr::EmploymentType,
    Attr::HireDate,
    Attr::RetirementDate,
    Attr::Retired,
];

fn value(e: &Employee, department_code: &str, attr: Attr) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_default();
    match attr {
        Attr::EmployeeNumber => e.employee_number.clone(),
        Attr::FamilyName => e.family_name.clone(),
        Attr::GivenName => e.given_name.clone(),
        Attr::FamilyKana => e.family_kana.clone(),
        Attr::GivenKana => e.given_kana.clone(),
        Attr::Email => e.email.clone(),
        Attr::BirthDate => date(e.birth_date),
        Attr::Gender => e.gender.clone(),
        Attr::Department => department_code.to_string(),
        Attr::Position => e.position.clone(),
        Attr::EmploymentType => e.employment_type.clone(),
        Attr::HireDate => date(e.hire_date),
        Attr::RetirementDate => date(e.retirement_date),
        Attr::Retired => if e.retired { "1" } else { "0" }.to_string(),
    }
}

/// The import row for `e`. A field the source does not provide keeps the current employee's value
/// (an update) or stays at its default (a create): it is never blanked by a missing column.
pub fn employee_row(
    e: &Employee,
    department_code: &str,
    current: Option<&Employee>,
    provided: &BTreeSet<Attr>,
) -> Vec<(&'static str, String)> {
    EMPLOYEE_HEADERS
        .iter()
        .zip(EMPLOYEE_ATTRS)
        .map(|(&header, attr)| {
            let text = if provided.contains(&attr) {
                value(e, department_code, attr)
            } else {
                match current {
                    Some(c) => value(c, &c.department, attr),
                    None if attr == Attr::Retired => "0".to_string(),
                    None => String::new(),
                }
            };
            (header, text)
        })
        .collect()
}
