//! A plain model of kaonavi's member rules from ロウムメイト (docs/receivers/kaonavi.md): which rows are
//! carried or skipped, the refusals, the 基本情報 rows written, and the stop on a gender linked to
//! no kaonavi option.

use chrono::NaiveDate;
use meibo::model::{Attr, Employee, EmployeeSet};

use super::kitera::name;

#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// (row, code) of every exclusion line.
    pub excluded: Vec<(u32, &'static str)>,
    /// (key, column, value) of every skipped line of changes.csv.
    pub skipped: Vec<[String; 3]>,
    /// employees.csv: 社員番号, 氏名, フリガナ, 性別, 生年月日, 入社日.
    pub members: Vec<Vec<String>>,
}

pub struct Options<'a> {
    pub employment_types: &'a [&'a str],
    pub hired_from: Option<NaiveDate>,
    pub hired_until: Option<NaiveDate>,
    /// Options the `[genders]` table adds to 男性 and 女性.
    pub linked: Vec<&'a str>,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y/%m/%d").to_string())
        .unwrap_or_default()
}

/// The column and value that keep a row out, if one does (the guide's order).
fn skip(e: &Employee, o: &Options) -> Option<(&'static str, String)> {
    let status = e.employment_status();
    if status == "応募者" || status == "退職" {
        return Some(("従業員ステータス", status.to_string()));
    }
    if e.entry_status() != "データ入力完了" {
        return Some(("状況", e.entry_status().to_string()));
    }
    let kind = e.employment_type_raw();
    if !o.employment_types.is_empty() && !o.employment_types.iter().any(|t| t.trim() == kind) {
        return Some(("雇用形態", kind.to_string()));
    }
    if o.hired_from.is_some() || o.hired_until.is_some() {
        let outside = match e.hire_date {
            None => true,
            Some(d) => o.hired_from.is_some_and(|f| d < f) || o.hired_until.is_some_and(|u| d > u),
        };
        if outside {
            return Some(("入社日", day(e.hire_date)));
        }
    }
    None
}

/// One member's 基本情報 cells; `None` for a column its export lacks.
fn cells(e: &Employee, set: &EmployeeSet) -> [Option<String>; 6] {
    let has = |a: Attr| set.provided.contains(&a);
    let kana = [e.family_kana(), e.given_kana()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [
        has(Attr::EmployeeNumber).then(|| e.employee_number().to_string()),
        has(Attr::FamilyName).then(|| name(e)),
        has(Attr::FamilyKana).then_some(kana),
        has(Attr::Gender).then(|| e.gender().to_string()),
        has(Attr::BirthDate).then(|| day(e.birth_date)),
        has(Attr::HireDate).then(|| day(e.hire_date)),
    ]
}

/// `None`: the run stops (`unmapped-gender`), nothing written.
pub fn run(source: &EmployeeSet, current: &EmployeeSet, o: &Options) -> Option<Outcome> {
    let rows: Vec<&Employee> = source.records.iter().filter(|e| !e.undecodable).collect();
    let linked = |g: &str| ["", "男性", "女性"].contains(&g) || o.linked.contains(&g);
    if rows.iter().any(|e| !linked(e.gender())) {
        return None;
    }
    let mut out = Outcome::default();
    let carried: Vec<&Employee> = rows
        .iter()
        .copied()
        .filter(|e| match skip(e, o) {
            None => true,
            Some((column, value)) => {
                let key = match e.employee_number() {
                    "" => e.email(),
                    k => k,
                };
                out.skipped.push([key.into(), column.into(), value]);
                false
            }
        })
        .collect();
    for e in &carried {
        let key = e.employee_number();
        let before = out.excluded.len();
        if key.is_empty() {
            out.excluded.push((e.at.row, "missing-employee-code"));
        } else if carried
            .iter()
            .filter(|o| o.employee_number() == key)
            .count()
            > 1
        {
            out.excluded.push((e.at.row, "duplicate-employee-code"));
        }
        if e.family_name().is_empty() {
            out.excluded.push((e.at.row, "missing-name"));
        }
        if out.excluded.len() > before {
            continue;
        }
        let mine = cells(e, source);
        let theirs = current
            .records
            .iter()
            .find(|c| !c.undecodable && c.employee_number() == key)
            .map(|c| cells(c, current));
        let Some(theirs) = theirs else {
            out.members
                .push(mine.into_iter().map(Option::unwrap_or_default).collect());
            continue;
        };
        let changed = mine
            .iter()
            .zip(&theirs)
            .any(|pair| matches!(pair, (Some(a), Some(b)) if a != b));
        if changed {
            out.members.push(
                mine.into_iter()
                    .zip(theirs)
                    .map(|(a, b)| a.or(b).unwrap_or_default())
                    .collect(),
            );
        }
    }
    out.into()
}
