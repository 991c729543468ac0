//! Personality results into kaonavi (docs/personality.md; the kaonavi guide, 手順4): each result is
//! matched to a kaonavi member by 社員番号 alone — a matching name or e-mail does not count — and
//! refused when it cannot be carried. Of the carried results, every one goes to the multi-record
//! sheet and each member's latest to the single-record sheet. Checks run in parallel; the order of
//! the outcome is fixed by 社員番号, 受検日 and file row, whatever the number of threads.

pub mod run;
pub mod sheets;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::lang::Lang;
use crate::model::Detail;
use crate::model::{EmployeeSet, ResultSet, TestResult};
use crate::normalize;
use crate::reason::Code;
use crate::rules::{Exclusion, Kind};
use crate::source::Field;

#[derive(Debug)]
pub struct PersonalityOutcome {
    /// Indices into the results of every carried result, by 社員番号 then 受検日 (file order
    /// within one day).
    pub all: Vec<usize>,
    /// Per member, the index of the latest carried result (a tie on 受検日: the later row), by
    /// 社員番号.
    pub latest: Vec<usize>,
    /// Result rows refused (each row once, whatever the number of its reasons).
    pub excluded: usize,
    /// Refused result rows, in file order, then member rows that do not decode.
    pub exclusions: Vec<Exclusion>,
}

/// Decide what becomes of every result. `checked_scales` are the indices of the scales that will be
/// written: a score that is not a number refuses its row only when it would be carried.
pub fn reconcile(
    results: &ResultSet,
    members: &EmployeeSet,
    checked_scales: &[usize],
    lang: Lang,
) -> PersonalityOutcome {
    let member_numbers: HashSet<&str> = members
        .records
        .iter()
        .filter(|m| !m.undecodable && !m.employee_number().is_empty())
        .map(|m| m.employee_number())
        .collect();
    // Only to tell the person which member a refused result probably belongs to.
    let mut numbers_by_email: HashMap<&str, Vec<&str>> = HashMap::new();
    for m in &members.records {
        if !m.undecodable && !m.email_key().is_empty() && !m.employee_number().is_empty() {
            numbers_by_email
                .entry(m.email_key())
                .or_default()
                .push(m.employee_number());
        }
    }

    let reasons: Vec<Vec<(Code, Detail)>> = results
        .records
        .par_iter()
        .map(|r| {
            reasons_of(
                r,
                results,
                &member_numbers,
                &numbers_by_email,
                checked_scales,
                lang,
            )
        })
        .collect();

    let mut exclusions = Vec::new();
    let mut carried = Vec::new();
    for (index, (result, reasons)) in results.records.iter().zip(reasons).enumerate() {
        if reasons.is_empty() {
            carried.push(index);
        }
        exclusions.extend(reasons.into_iter().map(|(code, detail)| Exclusion {
            at: result.at.clone(),
            kind: Kind::Result,
            key: result.employee_number.clone(),
            name: result.name.clone(),
            code,
            detail,
        }));
    }
    let excluded = results.records.len() - carried.len();
    exclusions.extend(
        members
            .records
            .iter()
            .filter(|m| m.undecodable)
            .map(|m| Exclusion {
                at: m.at.clone(),
                kind: Kind::Employee,
                key: String::new(),
                name: String::new(),
                code: Code::InvalidEncoding,
                detail: Detail::None,
            }),
    );

    let records = &results.records;
    let exam_date = |i: usize| records[i].exam_date.as_ref().ok().copied();
    // A stable sort keeps file order among the tests of one member on one day.
    carried.sort_by(|&a, &b| {
        employee_number_order(&records[a].employee_number, &records[b].employee_number)
            .then(exam_date(a).cmp(&exam_date(b)))
    });
    let latest = carried
        .iter()
        .enumerate()
        .filter(|&(position, &index)| {
            carried
                .get(position + 1)
                .is_none_or(|&next| records[next].employee_number != records[index].employee_number)
        })
        .map(|(_, &index)| index)
        .collect();
    PersonalityOutcome {
        all: carried,
        latest,
        excluded,
        exclusions,
    }
}

fn reasons_of(
    result: &TestResult,
    results: &ResultSet,
    member_numbers: &HashSet<&str>,
    numbers_by_email: &HashMap<&str, Vec<&str>>,
    checked_scales: &[usize],
    lang: Lang,
) -> Vec<(Code, Detail)> {
    if result.undecodable {
        return vec![(Code::InvalidEncoding, Detail::None)];
    }
    let mut reasons = Vec::new();
    if result.employee_number.is_empty() {
        reasons.push((Code::MissingEmployeeNumber, Detail::None));
    } else if !member_numbers.contains(result.employee_number.as_str()) {
        reasons.push((
            Code::UnknownEmployeeNumber,
            unknown_detail(result, numbers_by_email, lang).into(),
        ));
    }
    if let Err(text) = &result.exam_date {
        let header = results
            .headers
            .get(&Field::ExamDate)
            .map(String::as_str)
            .unwrap_or("受検日");
        let detail = Detail::Cell {
            header: header.to_string(),
            value: text.clone(),
        };
        reasons.push((Code::InvalidDate, detail));
    }
    let invalid: Vec<String> = result
        .invalid_scores
        .iter()
        .filter(|i| checked_scales.contains(i))
        .map(|&i| format!("{}: {:?}", results.scales[i], result.scores[i]))
        .collect();
    if !invalid.is_empty() {
        reasons.push((Code::InvalidScore, invalid.join("; ").into()));
    }
    reasons
}

/// The number as given, and — when a member has the result's e-mail address under another
/// number — that member's number, so the person can see which numbers to align.
fn unknown_detail(
    result: &TestResult,
    numbers_by_email: &HashMap<&str, Vec<&str>>,
    lang: Lang,
) -> String {
    let email_key = normalize::email_key(&result.email);
    match numbers_by_email.get(email_key.as_str()) {
        Some(numbers) if !email_key.is_empty() => format!(
            "{} ({} {})",
            result.employee_number,
            lang.pick(
                "同じメールアドレスのカオナビのメンバーの社員番号:",
                "the kaonavi member with this e-mail has 社員番号"
            ),
            numbers.join(", ")
        ),
        _ => result.employee_number.clone(),
    }
}

/// 社員番号 in the order a person expects: numbers by value (1001 before 10001), then the others
/// by text; equal values written differently ("0012", "12") by text, so the order is total.
pub fn employee_number_order(a: &str, b: &str) -> Ordering {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    match (numeric(a), numeric(b)) {
        (true, true) => {
            let (x, y) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            x.len().cmp(&y.len()).then(x.cmp(y)).then(a.cmp(b))
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_numbers_in_natural_order() {
        let mut numbers = vec!["10001", "A-1", "1002", "0012", "12", "1001", "B", "9"];
        numbers.sort_by(|a, b| employee_number_order(a, b));
        assert_eq!(
            numbers,
            ["9", "0012", "12", "1001", "1002", "10001", "A-1", "B"]
        );
    }
}
