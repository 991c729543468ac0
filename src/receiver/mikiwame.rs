//! ミキワメ (SPEC §3.3): the import layouts of its employee and department sheets.

use std::borrow::Cow;
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

fn value<'a>(e: &'a Employee, department_code: &'a str, attr: Attr) -> Cow<'a, str> {
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or(Cow::Borrowed(""), |d| format_date(d).into());
    match attr {
        Attr::EmployeeNumber => e.employee_number().into(),
        Attr::FamilyName => e.family_name().into(),
        Attr::GivenName => e.given_name().into(),
        Attr::FamilyKana => e.family_kana().into(),
        Attr::GivenKana => e.given_kana().into(),
        Attr::Email => e.email().into(),
        Attr::BirthDate => date(e.birth_date),
        Attr::Gender => e.gender().into(),
        Attr::Department => department_code.into(),
        Attr::Position => e.position().into(),
        Attr::EmploymentType => e.employment_type().into(),
        Attr::HireDate => date(e.hire_date),
        Attr::RetirementDate => date(e.retirement_date),
        Attr::Retired => if e.retired { "1" } else { "0" }.into(),
    }
}

/// The import row for `e`. A field the source does not provide keeps the current employee's value
/// (an update) or stays at its default (a create): it is never blanked by a missing column.
/// Values borrow from the employees where they can (rows are built for every employee, twice for
/// a matched one).
pub fn employee_row<'a>(
    e: &'a Employee,
    department_code: &'a str,
    current: Option<&'a Employee>,
    provided: &BTreeSet<Attr>,
) -> Vec<(&'static str, Cow<'a, str>)> {
    // One pass over the set rather than a search per column: rows are built millions of times.
    let provided_mask = provided
        .iter()
        .fold(0u32, |mask, &attr| mask | 1 << attr as u32);
    EMPLOYEE_HEADERS
        .iter()
        .zip(EMPLOYEE_ATTRS)
        .map(|(&header, attr)| {
            let text = if provided_mask & 1 << attr as u32 != 0 {
                value(e, department_code, attr)
            } else {
                match current {
                    Some(c) => value(c, c.department(), attr),
                    None if attr == Attr::Retired => "0".into(),
                    None => "".into(),
                }
            };
            (header, text)
        })
        .collect()
}
