//! meibo's one canonical model: employees and departments as read from any system, and personality
//! test results, every record carrying the file and row it came from, every value normalised once
//! on the way in.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::lang::Lang;
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
    pub detail: Detail,
}

/// The facts behind a warning or an exclusion. They are kept as values and turned into words only
/// when a report is written ([`Detail::render`]); nothing reads a rendered detail back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Detail {
    #[default]
    None,
    /// Facts in the data's own terms (values as written, codes, row numbers), shown as they are.
    Text(String),
    /// An optional column the export lacks: the usual header and the field it would fill.
    HeaderMissing { header: &'static str, field: Field },
    /// A department that would sit below the deepest level allowed, at this level.
    TooDeep { level: u32 },
    /// A value as written (shown quoted).
    Value(String),
    /// A cell's value as written, under its column's header (shown `header: "value"`).
    Cell { header: String, value: String },
    /// A value (may be "") and the rows it stands on, as a person sees them: `value (rows 3, 5)`.
    Rows { value: String, rows: Vec<u32> },
    /// A value a setting does not allow, and the values it allows (`--allowed-domain`).
    NotAllowed { value: String, allowed: Vec<String> },
    /// A row an earlier run refused: its reason codes, file and row (as that run wrote them).
    Refused {
        codes: String,
        file: String,
        row: String,
    },
    /// A department reference that fits no department, or more than one: every department it
    /// fits, with its code, path and fate. Shared: every row that names the same reference
    /// holds the one list (a bare name may fit a hundred departments, named on thousands of rows).
    Reference(std::sync::Arc<DepartmentReference>),
}

/// An employee's department reference and the departments it fits (docs/department-references.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentReference {
    /// The column it was read from when that is worth saying (名刺's 部署N).
    pub slot: Option<u8>,
    /// The reference as written.
    pub reference: String,
    pub candidates: Vec<Candidate>,
}

/// A department a reference fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// "" for a source row without a code.
    pub code: String,
    /// Names from the root down, as written.
    pub path: Vec<String>,
    pub fate: Fate,
}

/// What became of a department in the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Create,
    Update,
    Unchanged,
    /// The receiving system keeps it as it holds it (the HR export does not have it, or its row
    /// was refused).
    Kept,
    /// The receiving system will delete it (クラウド法人名刺's groups of deleted departments).
    Deleted,
    /// The HR export's row was refused.
    Excluded {
        code: Code,
        at: Provenance,
    },
}

impl Fate {
    /// Every fate's id and words (Japanese, English): the detail of a department reference shows
    /// the words, in the run's language.
    pub const WORDS: [(&'static str, (&'static str, &'static str)); 6] = [
        ("create", ("作成", "create")),
        ("update", ("更新", "update")),
        ("unchanged", ("変更なし", "unchanged")),
        ("kept", ("連携先のまま", "kept")),
        ("deleted", ("削除", "deleted")),
        ("excluded", ("除外", "excluded")),
    ];
    pub fn id(&self) -> &'static str {
        self.entry().0
    }
    /// The word a person reads.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (ja, en) = self.entry().1;
        lang.pick(ja, en)
    }
    fn entry(&self) -> (&'static str, (&'static str, &'static str)) {
        Fate::WORDS[match self {
            Fate::Create => 0,
            Fate::Update => 1,
            Fate::Unchanged => 2,
            Fate::Kept => 3,
            Fate::Deleted => 4,
            Fate::Excluded { .. } => 5,
        }]
    }
}

impl Detail {
    /// The detail as `exclusions.csv`, `warnings.csv` and report.html show it, in `lang` (values
    /// as written stay as they are).
    pub fn render(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Detail::None => Cow::Borrowed(""),
            Detail::Text(text) => Cow::Borrowed(text),
            Detail::HeaderMissing { header, field } => {
                Cow::Owned(format!("{header} ({})", field.id()))
            }
            Detail::TooDeep { level } => Cow::Owned(match lang {
                Lang::Ja => format!("{level} 階層目"),
                Lang::En => format!("level {level}"),
            }),
            Detail::Value(value) => Cow::Owned(format!("{value:?}")),
            Detail::Cell { header, value } => Cow::Owned(format!("{header}: {value:?}")),
            Detail::Rows { value, rows } => {
                Cow::Owned(crate::lang::with_rows(lang, value, rows, usize::MAX))
            }
            Detail::NotAllowed { value, allowed } => Cow::Owned(match lang {
                Lang::Ja => format!("{value}（許可: {}）", allowed.join(", ")),
                Lang::En => format!("{value} (allowed: {})", allowed.join(", ")),
            }),
            Detail::Refused { codes, file, row } => Cow::Owned(match lang {
                Lang::Ja => format!("{codes}（{file} {row} 行目）"),
                Lang::En => format!("{codes} ({file} row {row})"),
            }),
            Detail::Reference(reference) => {
                let mut text = match reference.slot {
                    Some(n) => format!("部署{n} {:?}", reference.reference),
                    None => format!("{:?}", reference.reference),
                };
                for (i, c) in reference.candidates.iter().enumerate() {
                    text.push_str(if i == 0 { ": " } else { " | " });
                    let code = if c.code.is_empty() {
                        lang.pick("（コードなし）", "(no code)")
                    } else {
                        &c.code
                    };
                    let fate = match &c.fate {
                        Fate::Excluded { code, at } => match lang {
                            Lang::Ja => format!(
                                "{} {}（{} {} 行目）",
                                c.fate.label(lang),
                                code.id(),
                                at.file,
                                at.row
                            ),
                            Lang::En => format!(
                                "{} {} ({} row {})",
                                c.fate.label(lang),
                                code.id(),
                                at.file,
                                at.row
                            ),
                        },
                        fate => fate.label(lang).to_string(),
                    };
                    text.push_str(&format!("{code} {} → {fate}", c.path.join("/")));
                }
                Cow::Owned(text)
            }
        }
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Detail {
        if text.is_empty() {
            Detail::None
        } else {
            Detail::Text(text)
        }
    }
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

/// The text attributes of an [`Employee`], in the order [`Texts`] stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    EmployeeNumber,
    FamilyName,
    GivenName,
    FamilyKana,
    GivenKana,
    /// As written (normalised), for output.
    Email,
    /// Lower-cased match key; empty when it is the address itself.
    EmailKey,
    Gender,
    /// A department reference: code, path or name (resolved by the reconcile stage).
    Department,
    Position,
    /// Already mapped to the receiving system's vocabulary.
    EmploymentType,
    /// ロウムメイト 従業員ステータス and 状況, kept for the systems that filter on them.
    EmploymentStatus,
    EntryStatus,
    /// The employment type as the source wrote it.
    EmploymentTypeRaw,
    /// KiteRa's ログイン方法.
    LoginMethod,
    /// KiteRa's 役割.
    Role,
    /// SmartHR's 部署2…部署10 as written, joined by NUL (a character no input cell can hold: the
    /// CSV reader refuses it and XML cannot carry it); trailing blanks dropped, empty when none is
    /// filled. 部署1 is `Department`.
    MoreDepartments,
}

impl Text {
    /// Every attribute, in storage order.
    pub const ALL: [Text; 17] = [
        Text::EmployeeNumber,
        Text::FamilyName,
        Text::GivenName,
        Text::FamilyKana,
        Text::GivenKana,
        Text::Email,
        Text::EmailKey,
        Text::Gender,
        Text::Department,
        Text::Position,
        Text::EmploymentType,
        Text::EmploymentStatus,
        Text::EntryStatus,
        Text::EmploymentTypeRaw,
        Text::LoginMethod,
        Text::Role,
        Text::MoreDepartments,
    ];
    pub const COUNT: usize = Text::ALL.len();
}

/// An employee's text attributes in one allocation. A run holds every employee of both exports at
/// once (a million and more): seventeen `String`s would cost some 600 bytes per employee, this
/// costs the text itself plus 76.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    text: Box<str>,
    /// Where each attribute ends in `text` (it starts where the previous one ends).
    ends: [u32; Text::COUNT],
}

// `Texts::get` indexes by discriminant: the list must be in declaration order.
const _: () = {
    let mut i = 0;
    while i < Text::COUNT {
        assert!(Text::ALL[i] as usize == i);
        i += 1;
    }
};

impl Texts {
    /// Pack the attributes, given in [`Text`] order.
    pub fn new(values: [&str; Text::COUNT]) -> Texts {
        let mut text = String::with_capacity(values.iter().map(|v| v.len()).sum());
        let mut ends = [0u32; Text::COUNT];
        for (end, value) in ends.iter_mut().zip(values) {
            text.push_str(value);
            *end = u32::try_from(text.len()).expect("one employee's text is under 4 GiB");
        }
        Texts {
            text: text.into_boxed_str(),
            ends,
        }
    }

    pub fn get(&self, field: Text) -> &str {
        let index = field as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        &self.text[start..self.ends[index] as usize]
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(Text::ALL.iter().map(|&t| (t, self.get(t))))
            .finish()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Employee {
    pub at: Provenance,
    /// The row held undecodable bytes: it is excluded and nothing else about it is trusted.
    pub undecodable: bool,
    /// The text attributes, read through the accessors below.
    pub texts: Texts,
    pub birth_date: Option<NaiveDate>,
    /// Set when the source gives the department by code only (kaonavi 所属コード, ミキワメ 所属部署).
    pub department_is_code: bool,
    pub hire_date: Option<NaiveDate>,
    pub retirement_date: Option<NaiveDate>,
    pub retired: bool,
}

impl Employee {
    pub fn employee_number(&self) -> &str {
        self.texts.get(Text::EmployeeNumber)
    }
    pub fn family_name(&self) -> &str {
        self.texts.get(Text::FamilyName)
    }
    pub fn given_name(&self) -> &str {
        self.texts.get(Text::GivenName)
    }
    pub fn family_kana(&self) -> &str {
        self.texts.get(Text::FamilyKana)
    }
    pub fn given_kana(&self) -> &str {
        self.texts.get(Text::GivenKana)
    }
    /// As written (normalised), for output.
    pub fn email(&self) -> &str {
        self.texts.get(Text::Email)
    }
    /// "姓 名" as the reports show it (trimmed: either part may be empty).
    pub fn full_name(&self) -> String {
        let (family, given) = (self.family_name(), self.given_name());
        let mut name = String::with_capacity(family.len() + 1 + given.len());
        name.push_str(family);
        name.push(' ');
        name.push_str(given);
        match name.trim() {
            trimmed if trimmed.len() == name.len() => name,
            trimmed => trimmed.to_string(),
        }
    }
    /// Lower-cased match key.
    pub fn email_key(&self) -> &str {
        // Stored only where it differs from the address (a lower-case address is its own key).
        match self.texts.get(Text::EmailKey) {
            "" => self.email(),
            key => key,
        }
    }
    pub fn gender(&self) -> &str {
        self.texts.get(Text::Gender)
    }
    /// A department reference: code, path or name (resolved by the reconcile stage).
    pub fn department(&self) -> &str {
        self.texts.get(Text::Department)
    }
    pub fn position(&self) -> &str {
        self.texts.get(Text::Position)
    }
    /// Already mapped to the receiving system's vocabulary.
    pub fn employment_type(&self) -> &str {
        self.texts.get(Text::EmploymentType)
    }
    /// ロウムメイト 従業員ステータス and 状況, kept for the systems that filter on them.
    pub fn employment_status(&self) -> &str {
        self.texts.get(Text::EmploymentStatus)
    }
    pub fn entry_status(&self) -> &str {
        self.texts.get(Text::EntryStatus)
    }
    /// The employment type as the source wrote it (kaonavi's filters compare this:
    /// docs/receivers/kaonavi.md).
    pub fn employment_type_raw(&self) -> &str {
        self.texts.get(Text::EmploymentTypeRaw)
    }
    /// KiteRa's ログイン方法 (its current export only).
    pub fn login_method(&self) -> &str {
        self.texts.get(Text::LoginMethod)
    }
    /// KiteRa's 役割 (its current export only).
    pub fn role(&self) -> &str {
        self.texts.get(Text::Role)
    }
    /// SmartHR's 部署N (1–10) as written; "" when blank.
    pub fn department_slot(&self, n: usize) -> &str {
        match n {
            1 => self.department(),
            _ => n
                .checked_sub(2)
                .and_then(|i| self.texts.get(Text::MoreDepartments).split('\0').nth(i))
                .unwrap_or(""),
        }
    }
}

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

#[derive(Debug, Clone, Default)]
pub struct Department {
    pub at: Provenance,
    pub undecodable: bool,
    pub code: String,
    pub name: String,
    pub parent: ParentRef,
}

#[derive(Debug, Clone)]
pub struct DepartmentSet {
    pub records: Vec<Department>,
    pub warnings: Vec<Warning>,
}

/// One personality test of one person, as the ミキワメ results export holds it (docs/personality.md).
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
