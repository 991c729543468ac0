//! meibo's one canonical model: employees and departments as read from any system, and personality
//! test results, every record carrying the file and row it came from, every value normalised once
//! on the way in.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::reason::Code;
use crate::source::{Field, System};

/// Where a record came from: the file as the user named it and the row a person sees in Excel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    pub file: Arc<str>,
    pub row: u32,
}

/// Something worth a look that did not stop the row (row 0 = about the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Provenance,
    pub code: Code,
    pub detail: String,
}

/// The attributes of an employee a receiving system can hold. A file provides an attribute when
/// it has a column for it; an attribute not provided is neither compared nor overwritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attr {
    EmployeeNumber,
    FamilyName,
    GivenName,
    FamilyKana,
    GivenKana,
    Email,
    BirthDate,
    Gender,
    Department,
    Position,
    EmploymentType,
    HireDate,
    RetirementDate,
    Retired,
}

#[allow(dead_code, reason = "read by the reconcile stage, not built yet")]
#[derive(Debug, Clone, Default)]
pub struct Employee {
    pub at: Provenance,
    /// The row held undecodable bytes: it is excluded and nothing else about it is trusted.
    pub undecodable: bool,
    pub employee_number: String,
    pub family_name: String,
    pub given_name: String,
    pub family_kana: String,
    pub given_kana: String,
    /// As written (normalised), for output.
    pub email: String,
    /// Lower-cased match key.
    pub email_key: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: String,
    /// A department reference: code, path or name (resolved by the reconcile stage).
    pub department: String,
    /// Set when the source gives the department by code only (kaonavi 所属コード, ミキワメ 所属部署).
    pub department_is_code: bool,
    /// SmartHR's 部署2…部署10 as written (trailing blanks dropped; empty when none is filled).
    /// 部署1 is `department`.
    pub more_departments: Vec<String>,
    pub position: String,
    /// Already mapped to the receiving system's vocabulary.
    pub employment_type: String,
    /// The employment type as the source wrote it (the filters of SPEC §7 compare this).
    pub employment_type_raw: String,
    pub hire_date: Option<NaiveDate>,
    pub retirement_date: Option<NaiveDate>,
    pub retired: bool,
    /// ロウムメイト 従業員ステータス and 状況, kept for the systems that filter on them.
    pub employment_status: String,
    pub entry_status: String,
    /// KiteRa's ログイン方法 (its current export only).
    pub login_method: String,
}

impl Employee {
    /// SmartHR's 部署N (1–10) as written; "" when blank.
    pub fn department_slot(&self, n: usize) -> &str {
        match n {
            1 => &self.department,
            _ => n
                .checked_sub(2)
                .and_then(|i| self.more_departments.get(i))
                .map_or("", String::as_str),
        }
    }
}

#[allow(dead_code, reason = "read by the reconcile stage, not built yet")]
#[derive(Debug, Clone)]
pub struct EmployeeSet {
    pub system: System,
    pub provided: BTreeSet<Attr>,
    pub records: Vec<Employee>,
    pub warnings: Vec<Warning>,
}

/// How a department names its parent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ParentRef {
    #[default]
    Root,
    /// A code, or failing that a name or path (resolved in that order).
    Ref(String),
    /// The parent's path from the root (SmartHR's level columns).
    Path(Vec<String>),
}

#[allow(dead_code, reason = "read by the reconcile stage, not built yet")]
#[derive(Debug, Clone, Default)]
pub struct Department {
    pub at: Provenance,
    pub undecodable: bool,
    pub code: String,
    pub name: String,
    pub parent: ParentRef,
}

#[allow(dead_code, reason = "read by the reconcile stage, not built yet")]
#[derive(Debug, Clone)]
pub struct DepartmentSet {
    pub records: Vec<Department>,
    pub warnings: Vec<Warning>,
}

/// One personality test of one person, as the ミキワメ results export holds it (SPEC §4).
#[derive(Debug, Clone)]
pub struct TestResult {
    pub at: Provenance,
    /// The row held undecodable bytes: it is excluded and nothing else about it is trusted.
    pub undecodable: bool,
    pub employee_number: String,
    /// 氏名 and メールアドレス as written (normalised), for the reports only: results are matched by
    /// 社員番号 alone.
    pub name: String,
    pub email: String,
    /// 受検日; `Err` holds the cell as written when it is blank or not a date.
    pub exam_date: Result<NaiveDate, String>,
    pub type16: String,
    pub detail_url: String,
    /// One score per scale of [`ResultSet::scales`], as written (NFKC, trimmed); blank stays blank.
    pub scores: Vec<String>,
    /// Indices into `scores` of the scores that are not numbers.
    pub invalid_scores: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct ResultSet {
    /// The scale columns (偏差値): their headers as written, in the export's order.
    pub scales: Vec<String>,
    /// The export's own header of each field it has a column for (社員番号, 受検日, 16タイプ …).
    pub headers: BTreeMap<Field, String>,
    pub records: Vec<TestResult>,
    pub warnings: Vec<Warning>,
}
