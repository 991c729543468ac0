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

    #[test]
    fn details_render_in_the_runs_language() {
        use crate::model::{Candidate, DepartmentReference, Detail, Fate, Provenance};
        use crate::reason::Code;
        let reference = Detail::Reference(std::sync::Arc::new(DepartmentReference {
            slot: None,
            reference: "サポート部".into(),
            candidates: vec![
                Candidate {
                    code: String::new(),
                    path: vec!["サポート部".into()],
                    fate: Fate::Excluded {
                        code: Code::DepartmentMissingCode,
                        at: Provenance {
                            file: "d.csv".into(),
                            row: 8,
                        },
                    },
                },
                Candidate {
                    code: "A1".into(),
                    path: vec!["本社".into(), "サポート部".into()],
                    fate: Fate::Kept,
                },
            ],
        }));
        let rows = |value: &str, rows: &[u32]| Detail::Rows {
            value: value.into(),
            rows: rows.to_vec(),
        };
        let cases: [(Detail, &str, &str); 7] = [
            (
                reference,
                "\"サポート部\": （コードなし） サポート部 → 除外 department-missing-code（d.csv 8 行目） | A1 本社/サポート部 → 連携先のまま",
                "\"サポート部\": (no code) サポート部 → excluded department-missing-code (d.csv row 8) | A1 本社/サポート部 → kept",
            ),
            (rows("a@x.jp", &[19, 20]), "a@x.jp（19, 20 行目）", "a@x.jp (rows 19, 20)"),
            (rows("", &[3, 5]), "3, 5 行目", "rows 3, 5"),
            (rows("", &[8]), "8 行目", "row 8"),
            (
                Detail::NotAllowed {
                    value: "gmail.com".into(),
                    allowed: vec!["example.com".into(), "example.co.jp".into()],
                },
                "gmail.com（許可: example.com, example.co.jp）",
                "gmail.com (allowed: example.com, example.co.jp)",
            ),
            (
                Detail::Refused {
                    codes: "missing-kana".into(),
                    file: "e.csv".into(),
                    row: "17".into(),
                },
                "missing-kana（e.csv 17 行目）",
                "missing-kana (e.csv row 17)",
            ),
            (Detail::TooDeep { level: 11 }, "11 階層目", "level 11"),
        ];
        for (detail, ja, en) in cases {
            assert_eq!(detail.render(Lang::Ja), ja);
            assert_eq!(detail.render(Lang::En), en);
        }
    }
}
