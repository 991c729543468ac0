//! Receiving systems: one file each, and the registry of them all.
//!
//! A receiving system is a [`Receiver`]: its `--to` id, the HR system its guide reads, its own
//! flags (clap `Args`), and [`Receiver::configure`], which turns the validated flags into its
//! [`Rules`] before any file is read. The rules say what to read and make the [`Plan`] — the import
//! files in the system's layout, the report lines and the counts — from the records read, with no
//! I/O; `pipeline` reads the inputs, asks for the plan, applies the deletion guard and
//! `output::write` writes it.
//!
//! Adding a receiving system: one file here implementing both traits, one line in [`RECEIVERS`],
//! and its tests (see the README's contributor section).

pub mod kaonavi;
pub mod kitera;
pub mod meishi;
pub mod mikiwame;

use std::collections::HashMap;

use anyhow::Result;
use clap::{ArgMatches, Command};

use crate::config::RunConfig;
use crate::lang::Lang;
use crate::model::{DepartmentSet, Detail, Employee, EmployeeSet, Warning};
pub use crate::pipeline::{InputRole, Inputs};
use crate::plan::Plan;
use crate::reason::Code;
use crate::rules::deletions::Guard;
use crate::rules::{unencodable_in_cp932, Action, Change, Exclusion, FieldChange, Kind};
use crate::source::{Field, Mapping, System};

/// Every receiving system, in the order `--to` lists them; the first is the default.
pub static RECEIVERS: &[&dyn Receiver] = &[
    &mikiwame::Mikiwame,
    &meishi::Meishi,
    &kitera::Kitera,
    &kaonavi::Kaonavi,
];

/// The receiving system of a `--to` id.
pub fn find(id: &str) -> Option<&'static dyn Receiver> {
    RECEIVERS.iter().copied().find(|r| r.system().id() == id)
}

/// A set of flags (a clap `Args` struct) some receiving systems take. Sets are told apart by name:
/// one two systems share is added to the command line once.
pub struct FlagSet {
    pub name: &'static str,
    pub augment: fn(Command) -> Command,
}

/// What the registry knows of a receiving system before it runs.
pub struct About {
    /// Its id (the `--to` value, summary.json's `target_system`) and label.
    pub system: System,
    /// One line for `--to`'s help, in English and in Japanese.
    pub help: &'static str,
    pub help_ja: &'static str,
    /// The HR system its integration guide reads (`None`: any).
    pub source: Option<System>,
    /// Whether it takes departments (`--departments`, `--current-departments`).
    pub takes_departments: bool,
    /// Its flags.
    pub flags: &'static [&'static FlagSet],
    /// The codes its rules can raise (each has its explanation in `reason`).
    pub codes: &'static [Code],
    /// The arguments of its run on the bundled samples (after `meibo reconcile`), as the README
    /// shows them.
    pub sample: &'static [&'static str],
    /// How `meibo verify` finds each import file's rows in its export after the import.
    pub landings: &'static [Landing],
}

/// An import file as `meibo verify` checks it against the receiving system's export taken after
/// the import: the export of the same kind holds its rows under the same column names.
pub struct Landing {
    pub csv: &'static str,
    /// Its sheet in the workbook (read when the run wrote no CSVs).
    pub sheet: &'static str,
    pub kind: Kind,
    /// Its rows are records to delete (else records to create or update).
    pub deletes: bool,
    /// The key column, in the import file and in the export.
    pub key: &'static str,
    /// How two keys compare.
    pub key_match: KeyMatch,
    /// Columns whose blank cell leaves the value to the system: kept on an update, the system's
    /// default on a create (KiteRa's 役割).
    pub kept_when_blank: &'static [&'static str],
    /// The import is split into numbered files (`plan::batches`): `csv`'s stem and `sheet` with
    /// `_001`, `_002` … appended.
    pub batched: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMatch {
    /// NFKC and trimmed (codes, numbers).
    Code,
    /// NFKC, trimmed and case-insensitive (e-mail addresses).
    Email,
}

impl KeyMatch {
    pub fn key(self, text: &str) -> String {
        match self {
            KeyMatch::Code => crate::normalize::code(text),
            KeyMatch::Email => crate::normalize::email_key(text),
        }
    }
}

impl Landing {
    /// An import file of records to create or update, keyed by codes.
    pub const fn upserts(
        csv: &'static str,
        sheet: &'static str,
        kind: Kind,
        key: &'static str,
    ) -> Landing {
        Landing {
            csv,
            sheet,
            kind,
            deletes: false,
            key,
            key_match: KeyMatch::Code,
            kept_when_blank: &[],
            batched: false,
        }
    }
    /// The same import split into numbered files of a limited number of rows.
    pub const fn batched(self) -> Landing {
        Landing {
            batched: true,
            ..self
        }
    }
    /// The names of the `n`th numbered file (from 1) of a batched import: (CSV, sheet).
    pub fn numbered(&self, n: usize) -> (String, String) {
        let stem = self.csv.strip_suffix(".csv").unwrap_or(self.csv);
        (
            format!("{stem}_{n:03}.csv"),
            format!("{}_{n:03}", self.sheet),
        )
    }
    /// An import file of records to delete, keyed by codes.
    pub const fn deletions(
        csv: &'static str,
        sheet: &'static str,
        kind: Kind,
        key: &'static str,
    ) -> Landing {
        Landing {
            deletes: true,
            ..Landing::upserts(csv, sheet, kind, key)
        }
    }
}

/// The closing summary's and report.html's line for a receiving system whose import layout no
/// public source shows: its columns come from the integration guide (docs/layouts/).
pub fn guide_layout_note(system: System) -> (String, String) {
    let name = system.label();
    (
        format!(
            "取り込みファイルの列は連携手順書によるものです（{name}の取り込みレイアウトは公開されていません）。正確に合わせるには、{name}の取り込みテンプレートかエクスポートを --template に指定してください。"
        ),
        format!(
            "The import files' columns follow the integration guide ({name}'s import layout is not public); give --template with {name}'s import template or export to match it exactly."
        ),
    )
}

/// KiteRa's line: the columns are the items its help page names (docs/layouts/kitera.md), but the
/// header row its ユーザーデータツール writes is not public.
pub fn item_names_note() -> (String, String) {
    (
        "取り込みファイルの列名は KiteRa ヘルプ「ユーザーインポート機能の使用方法」の項目名です（ユーザーデータツールが書き出す見出し行は公開されていません）。正確に合わせるには、ツールで出力した CSV を --template に指定してください。".to_string(),
        "The import files' column names are the items of KiteRa's help page on the user import (the header row its ユーザーデータツール writes is not public); give --template with a CSV the tool wrote to match it exactly.".to_string(),
    )
}

/// A receiving system.
pub trait Receiver: Sync {
    fn about(&self) -> &'static About;
    /// Validate its flags (`matches` is the reconcile command line) into its rules.
    fn configure(&self, matches: &ArgMatches, config: &RunConfig) -> Result<Box<dyn Rules>>;

    fn system(&self) -> System {
        self.about().system
    }
    fn source(&self) -> Option<System> {
        self.about().source
    }
    fn takes_departments(&self) -> bool {
        self.about().takes_departments
    }
    fn flags(&self) -> &'static [&'static FlagSet] {
        self.about().flags
    }
}

/// A receiving system's rules, with the settings of one run.
pub trait Rules: Sync {
    /// What the rules read from the inputs.
    fn reads(&self) -> &Reads {
        &Reads::EVERYTHING
    }
    /// The import CSVs the plan will hold, in import order (of an import split into numbered
    /// files, the first: the others are known only when the plan is made).
    fn import_csvs(&self) -> &'static [&'static str];
    /// The deletion guard, for a system that deletes.
    fn guard(&self) -> Option<Guard> {
        None
    }
    /// What the receiving system will do with the records read.
    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>>;
}

/// What a system's rules read from the inputs: the fields they cannot do without, and the fields
/// they use, which decide the readers' warnings worth a line.
pub struct Reads {
    /// Source fields the rules cannot do without (`None`: each profile's own required fields).
    pub required: Option<Vec<Field>>,
    /// Fields of the current export the rules cannot do without.
    pub current_required: Option<&'static [Field]>,
    /// `None`: every warning of the readers concerns the rules.
    pub relevance: Option<Relevance>,
}

impl Reads {
    /// Each profile's own required fields; every reader's warning (ミキワメ reads every field).
    pub const EVERYTHING: Reads = Reads {
        required: None,
        current_required: None,
        relevance: None,
    };

    /// A system keyed by 社員番号 in its current export (クラウド法人名刺, KiteRa, kaonavi): the source
    /// fields it cannot do without and the others it reads; of the current export, the fields it
    /// reads (`None`: every field of its profile).
    pub fn keyed_by_employee_number(
        required: Vec<Field>,
        also_read: &[Field],
        current: Option<&'static [Field]>,
    ) -> Reads {
        let mut source = also_read.to_vec();
        source.extend([Field::EmployeeNumber, Field::FamilyName, Field::GivenName]);
        source.extend(required.iter().copied());
        Reads {
            required: Some(required),
            current_required: Some(&[Field::EmployeeNumber]),
            relevance: Some(Relevance { source, current }),
        }
    }

    /// Whether a reader's warning about one of the inputs concerns the rules.
    pub fn keeps(&self, warning: &Warning, input: InputRole) -> bool {
        self.relevance
            .as_ref()
            .is_none_or(|relevance| relevance.keeps(warning, input))
    }
}

/// The records of one run, as read.
pub struct Sets<'a> {
    pub employees: &'a EmployeeSet,
    pub departments: Option<&'a DepartmentSet>,
    pub current_employees: &'a EmployeeSet,
    pub current_departments: Option<&'a DepartmentSet>,
    /// The value tables (`--mapping`), for kaonavi's genders.
    pub mapping: &'a Mapping,
    /// The 性別 values the receiving system has shown: its current export's and the data rows of
    /// the `--template` files (an export used as a template) — options its importer accepts.
    pub shown_genders: std::collections::BTreeSet<&'a str>,
}

impl<'a> Sets<'a> {
    pub fn of(inputs: &'a Inputs) -> Sets<'a> {
        Sets {
            employees: &inputs.employees.set,
            departments: inputs.departments.as_ref().map(|i| &i.set),
            current_employees: &inputs.current_employees.set,
            current_departments: inputs.current_departments.as_ref().map(|i| &i.set),
            mapping: &inputs.mapping,
            shown_genders: shown_genders(inputs),
        }
    }
}

/// The 性別 values of the current export and of the templates' data rows.
pub fn shown_genders(inputs: &Inputs) -> std::collections::BTreeSet<&str> {
    let current = inputs
        .current_employees
        .set
        .records
        .iter()
        .filter(|e| !e.undecodable)
        .map(|e| e.gender());
    let templates = inputs.templates.iter().flat_map(|t| {
        let table = &t.table;
        let column = table
            .headers
            .iter()
            .position(|h| crate::source::header_key(h) == "性別");
        column.into_iter().flat_map(move |c| {
            table
                .rows
                .iter()
                .map(move |r| crate::normalize::trim(r.cell(c)))
        })
    });
    current.chain(templates).filter(|g| !g.is_empty()).collect()
}

/// The fields a system's rules read. A reader's warning about another field is not worth a
/// line; nor, as these systems write no employment type, is `unmapped-employment-type`; nor
/// `name-not-split` about a current export, whose one-cell names are compared whole.
pub struct Relevance {
    pub source: Vec<Field>,
    /// `None`: every field of the current export's profile.
    pub current: Option<&'static [Field]>,
}

impl Relevance {
    pub fn keeps(&self, w: &Warning, input: InputRole) -> bool {
        let about_used = |used: Option<&[Field]>| match (w.code, &w.detail) {
            (Code::UnmappedEmploymentType, _) => false,
            (Code::HeaderMissing, Detail::HeaderMissing { field, .. }) => {
                used.is_none_or(|fields| fields.contains(field))
            }
            _ => true,
        };
        match input {
            InputRole::Departments => about_used(None),
            InputRole::Employees => about_used(Some(&self.source)),
            InputRole::CurrentDepartments | InputRole::CurrentEmployees => {
                about_used(self.current) && w.code != Code::NameNotSplit
            }
        }
    }
}

/// "姓 名": the parts that are filled, joined by one half-width space.
pub fn full_name(family: &str, given: &str) -> String {
    [family, given]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exclusion line of one employee row and one reason.
pub fn exclusion(e: &Employee, key: &str, code: Code, detail: Detail) -> Exclusion {
    Exclusion {
        at: e.at.clone(),
        kind: Kind::Employee,
        key: key.to_string(),
        name: full_name(e.family_name(), e.given_name()),
        code,
        detail,
    }
}

/// `unencodable-character` reasons for the cells of an import row that CP932 cannot hold.
pub fn unencodable(headers: &[&str], row: &[String]) -> Vec<(Code, Detail)> {
    headers
        .iter()
        .zip(row)
        .filter_map(|(header, value)| {
            unencodable_in_cp932(value).map(|c| {
                (
                    Code::UnencodableCharacter,
                    format!("{header}: {c:?} (U+{:04X})", c as u32).into(),
                )
            })
        })
        .collect()
}

/// The changed columns between the current row and the new one, for the columns in `compared`.
pub fn compare(
    headers: &'static [&'static str],
    before: &[String],
    after: &[String],
    compared: &[&str],
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for ((header, old), new) in headers.iter().zip(before).zip(after) {
        if compared.contains(header) {
            crate::rules::diff(&mut changes, header, old, new);
        }
    }
    changes
}

/// The `changes.csv` lines of one record (see [`crate::rules::push_changes`]).
pub fn change_lines(
    kind: Kind,
    action: Action,
    key: &str,
    name: &str,
    fields: &[FieldChange],
) -> Vec<Change> {
    let mut lines = Vec::new();
    crate::rules::push_changes(&mut lines, kind, action, key, name, fields);
    lines
}

/// Source rows per non-blank key, in file order (a key with more than one row is a duplicate).
pub fn rows_by_key<'a>(
    keys: impl Iterator<Item = (usize, &'a str)>,
) -> HashMap<&'a str, Vec<usize>> {
    let mut rows: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in keys.filter(|(_, k)| !k.is_empty()) {
        rows.entry(key).or_default().push(i);
    }
    rows
}

/// `value` and the rows of the given records, as a detail shown in the run's language.
pub fn rows_detail(value: &str, records: &[Employee], rows: &[usize]) -> Detail {
    Detail::Rows {
        value: value.to_string(),
        rows: rows.iter().map(|&r| records[r].at.row).collect(),
    }
}

/// Current records by key; the first wins when the export repeats one. Undecodable rows and blank
/// keys are left out.
pub fn current_by_key<'a>(
    records: &'a [Employee],
    key: impl Fn(&'a Employee) -> &'a str,
) -> HashMap<&'a str, usize> {
    let mut by_key = HashMap::new();
    for (i, e) in records.iter().enumerate() {
        let k = key(e);
        if !e.undecodable && !k.is_empty() {
            by_key.entry(k).or_insert(i);
        }
    }
    by_key
}

/// The flags of the deletion guard, shared by the systems that delete.
pub static DELETION_FLAGS: FlagSet = FlagSet {
    name: "deletions",
    augment: <crate::rules::deletions::DeletionArgs as clap::Args>::augment_args,
};

/// A flag's value that cannot be used: `--flag "value": what was expected`.
pub fn usage(flag: &str, value: &str, expected: crate::plan::Words, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!("{flag} {value:?}: {}", lang.pick(expected.0, expected.1))
}

/// Every flag set of the registry once, in the order `--help` lists them: a set's place is after
/// the own sets of the last system that takes it.
pub fn flag_sets() -> Vec<&'static FlagSet> {
    let mut placed: Vec<((usize, usize), &'static FlagSet)> = Vec::new();
    for (r, receiver) in RECEIVERS.iter().enumerate() {
        for (i, &set) in receiver.flags().iter().enumerate() {
            placed.retain(|(_, s)| s.name != set.name);
            placed.push(((r, i), set));
        }
    }
    placed.sort_by_key(|(place, _)| *place);
    placed.into_iter().map(|(_, set)| set).collect()
}

/// Add every receiving system's flags to the reconcile command.
pub fn augment(command: Command) -> Command {
    flag_sets()
        .into_iter()
        .fold(command, |command, set| (set.augment)(command))
}

/// The long names of a flag set's flags.
pub fn flag_names(set: &FlagSet) -> Vec<String> {
    (set.augment)(Command::new("flags"))
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

/// Refuse a flag given for another receiving system than `receiver` (exit 2, through clap), with
/// the systems it applies to.
pub fn refuse_foreign_flags(
    command: &mut Command,
    matches: &ArgMatches,
    receiver: &dyn Receiver,
    lang: Lang,
) -> Result<(), clap::Error> {
    use clap::parser::ValueSource;
    let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    let mut foreign: Vec<(String, Vec<&str>)> = Vec::new();
    for (flag, id) in [
        ("--departments", "departments"),
        ("--current-departments", "current_departments"),
    ] {
        if given(id) && !receiver.takes_departments() {
            let takers = RECEIVERS
                .iter()
                .filter(|r| r.takes_departments())
                .map(|r| r.system().id())
                .collect();
            foreign.push((flag.to_string(), takers));
        }
    }
    for set in flag_sets() {
        if receiver.flags().iter().any(|s| s.name == set.name) {
            continue;
        }
        let takers: Vec<&str> = RECEIVERS
            .iter()
            .filter(|r| r.flags().iter().any(|s| s.name == set.name))
            .map(|r| r.system().id())
            .collect();
        for arg in (set.augment)(Command::new("flags")).get_arguments() {
            if given(arg.get_id().as_str()) {
                let flag = format!("--{}", arg.get_long().unwrap_or(arg.get_id().as_str()));
                foreign.push((flag, takers.clone()));
            }
        }
    }
    match foreign.into_iter().next() {
        None => Ok(()),
        Some((flag, takers)) => Err(command.error(
            clap::error::ErrorKind::ArgumentConflict,
            format!(
                "{flag} {} --to {} {} (--to {})",
                lang.pick("は", "applies to"),
                takers.join(" / "),
                lang.pick("でのみ使えます", "only"),
                receiver.system().id()
            ),
        )),
    }
}

/// In-process runs of a plan on small files, for the tests (the crate's own and the differential
/// model's in `tests/`).
#[doc(hidden)]
pub mod testing;
