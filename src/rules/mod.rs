//! Reconcile stage: the receiving system's rules applied to the model, in parallel, with no I/O.
//! Departments first (employees may only join departments that exist after the run), then
//! employees; personality results on their own. Every refusal is an [`Exclusion`] carrying the row
//! it came from.

pub mod deletions;
pub mod departments;
pub mod employees;
pub mod tree;

use crate::model::{Detail, Provenance};
use crate::reason::Code;
use crate::source::System;

/// What the receiving system will do with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    TargetOnly,
    Excluded,
    /// The receiving system will delete the record (KiteRa's retired users, クラウド法人名刺's
    /// groups of deleted departments — docs/receivers/).
    Delete,
    /// The receiving system's own rules do not carry the row (ロウムメイト's status filter, a retired
    /// user KiteRa does not have): not a refusal, so not an exclusion.
    Skipped,
}

impl Action {
    /// The actions of a system that never deletes or skips (ミキワメ).
    pub const ALL: [Action; 5] = [
        Action::Create,
        Action::Update,
        Action::Unchanged,
        Action::TargetOnly,
        Action::Excluded,
    ];
    /// Every action, for what lists them all (the report's labels, their tests).
    pub const EVERY: [Action; 7] = [
        Action::Create,
        Action::Update,
        Action::Unchanged,
        Action::TargetOnly,
        Action::Excluded,
        Action::Delete,
        Action::Skipped,
    ];
    pub fn id(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
            Action::TargetOnly => "target-only",
            Action::Excluded => "excluded",
            Action::Delete => "delete",
            Action::Skipped => "skipped",
        }
    }
    /// The word a person reads (Japanese, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Action::Create => ("作成", "create"),
            Action::Update => ("更新", "update"),
            Action::Unchanged => ("変更なし", "unchanged"),
            Action::Delete => ("削除", "delete"),
            Action::Skipped => ("対象外", "skipped"),
            Action::TargetOnly => ("連携先のみ", "target-only"),
            Action::Excluded => ("除外", "excluded"),
        }
    }
}

/// What kind of record a report line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Department,
    Employee,
    /// A personality test result (docs/personality.md).
    Result,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Department, Kind::Employee, Kind::Result];
    pub fn id(self) -> &'static str {
        match self {
            Kind::Department => "department",
            Kind::Employee => "employee",
            Kind::Result => "result",
        }
    }
    /// The word a person reads for one record of this kind in `target`: クラウド法人名刺 holds
    /// groups, KiteRa users and kaonavi members (Japanese, English).
    pub fn label(self, target: System) -> (&'static str, &'static str) {
        match (self, target) {
            (Kind::Department, System::Meishi) => ("グループ", "group"),
            (Kind::Department, _) => ("部署", "department"),
            (Kind::Employee, System::Kitera) => ("ユーザー", "user"),
            (Kind::Employee, System::Kaonavi) => ("メンバー", "member"),
            (Kind::Employee, _) => ("社員", "employee"),
            (Kind::Result, _) => ("性格検査結果", "result"),
        }
    }
}

/// One changed field of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The receiving system's column name.
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A line of `changes.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub action: Action,
    pub key: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A line of `exclusions.csv`: one refused row and one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub at: Provenance,
    pub kind: Kind,
    pub key: String,
    pub name: String,
    pub code: Code,
    pub detail: Detail,
}

/// Push the `changes.csv` lines of one record: one per changed field of an update; one per
/// created, deleted or target-only record (the name in `after` or `before`); one per field and
/// value that kept a skipped record out.
pub fn push_changes(
    changes: &mut Vec<Change>,
    kind: Kind,
    action: Action,
    key: &str,
    name: &str,
    fields: &[FieldChange],
) {
    let line = |field: &str, before: &str, after: &str| Change {
        kind,
        action,
        key: key.to_string(),
        field: field.to_string(),
        before: before.to_string(),
        after: after.to_string(),
    };
    match action {
        Action::Create => changes.push(line("", "", name)),
        Action::TargetOnly | Action::Delete => changes.push(line("", name, "")),
        Action::Update | Action::Skipped => {
            changes.extend(fields.iter().map(|c| line(c.field, &c.before, &c.after)))
        }
        Action::Unchanged | Action::Excluded => {}
    }
}

/// Compare two values of a field; push a change when they differ.
pub fn diff(changes: &mut Vec<FieldChange>, field: &'static str, before: &str, after: &str) {
    if before != after {
        changes.push(FieldChange {
            field,
            before: before.to_string(),
            after: after.to_string(),
        });
    }
}

/// The first character of `text` that CP932 cannot represent.
pub fn unencodable_in_cp932(text: &str) -> Option<char> {
    if text.is_ascii() {
        return None;
    }
    let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    if !unmappable {
        return None;
    }
    text.chars().find(|c| {
        let mut buffer = [0u8; 4];
        encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buffer)).2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_coverage() {
        let cases = [
            ("山田", None),
            ("髙﨑①", None),
            ("𠮷田", Some('𠮷')),
            ("abc", None),
            ("ｶﾅ", None),
        ];
        for (text, expected) in cases {
            assert_eq!(unencodable_in_cp932(text), expected, "{text}");
        }
    }
}
