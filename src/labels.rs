//! The words a person reads for meibo's stable ids, in report.html and the closing summary.
//! `summary.json`, the reason codes and the id columns of the report CSVs keep the ids (`meibo
//! verify` reads them back); only what a person reads is put into words here. Actions
//! ([`Action::label`]), kinds ([`Kind::label`]), fates ([`crate::model::Fate::label`]) and systems
//! ([`System::name`]) carry their words beside their ids; input roles, which are plain strings in
//! `summary.json`, are listed in [`ROLES`].

use std::borrow::Cow;

use crate::lang::Lang;
use crate::plan::Words;
use crate::rules::{Action, Kind};
use crate::source::System;

/// Every role an input has in `summary.json` (the flag that named the file, without `--`), with
/// its words.
pub const ROLES: [(&str, Words); 8] = [
    ("employees", ("社員", "employees")),
    ("departments", ("部署", "departments")),
    (
        "current-employees",
        ("現在の社員（連携先）", "current employees"),
    ),
    (
        "current-departments",
        ("現在の部署（連携先）", "current departments"),
    ),
    ("results", ("性格検査結果", "personality results")),
    ("members", ("メンバー", "members")),
    ("template", ("テンプレート", "template")),
    (
        "plan",
        (
            "計画（reconcile の出力フォルダ）",
            "plan (reconcile's output folder)",
        ),
    ),
];

/// An input role in words; an id not in [`ROLES`] is shown as it is (the test of the report's
/// labels fails on it).
pub fn role(id: &str, lang: Lang) -> &str {
    ROLES
        .iter()
        .find(|(role, _)| *role == id)
        .map_or(id, |(_, (ja, en))| lang.pick(ja, en))
}

/// A system id as `summary.json` holds it, as its product name; "" (an export that fits no
/// system) stays "", an unknown id as it is.
pub fn system(id: &str, lang: Lang) -> Cow<'_, str> {
    System::ALL
        .iter()
        .find(|s| s.id() == id)
        .map_or(Cow::Borrowed(id), |s| Cow::Borrowed(s.name(lang)))
}

/// A `kind` id (as `exclusions.csv`, `changes.csv` and `verify.csv` hold it) in words for
/// `target`'s records.
pub fn kind(id: &str, target: System, lang: Lang) -> String {
    match Kind::ALL.iter().find(|k| k.id() == id) {
        Some(kind) => {
            let (ja, en) = kind.label(target);
            lang.pick(ja, en).to_string()
        }
        None => id.to_string(),
    }
}

/// An `action` id in words.
pub fn action(id: &str, lang: Lang) -> String {
    match Action::EVERY.iter().find(|a| a.id() == id) {
        Some(action) => {
            let (ja, en) = action.label();
            lang.pick(ja, en).to_string()
        }
        None => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_words_in_both_languages_and_no_two_share_them() {
        let mut seen = std::collections::HashSet::new();
        for (id, (ja, en)) in ROLES {
            assert_eq!(role(id, Lang::Ja), ja);
            assert_eq!(role(id, Lang::En), en);
            assert!(!ja.is_ascii(), "{id}: {ja}");
            assert!(en.is_ascii(), "{id}: {en}");
            assert!(seen.insert(ja), "{ja} twice");
        }
        for action in Action::EVERY {
            assert!(!action.label().0.is_ascii(), "{}", action.id());
            assert_eq!(super::action(action.id(), Lang::En), action.label().1);
        }
        for target in System::ALL {
            for kind in Kind::ALL {
                assert_eq!(
                    super::kind(kind.id(), target, Lang::Ja),
                    kind.label(target).0
                );
            }
            assert_eq!(system(target.id(), Lang::En), target.name(Lang::En));
        }
        assert_eq!(system("kaonavi", Lang::Ja), "カオナビ");
        assert_eq!(system("kaonavi", Lang::En), "kaonavi");
        assert_eq!(system("", Lang::Ja), "");
        assert_eq!(kind("group", System::Meishi, Lang::Ja), "group");
    }
}
