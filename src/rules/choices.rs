//! Choice values (docs/template.md): a column whose importer takes only the options it has — 性別,
//! 雇用形態, 役割, 認証方法 — gets only values the receiving system accepts.
//!
//! - Where the importer checks a value against the system's own options (a master list: kaonavi's
//!   性別 and 雇用形態, ミキワメ's 性別), the options are the values the system shows: its current
//!   export's and the data rows of a `--template` export, plus the `[genders]` table of
//!   `--mapping` (the customer's word that an option exists).
//! - Where the options are a documented fixed list (ミキワメ's six 雇用形態, KiteRa's 認証方法
//!   パスワード | SSO and 役割), meibo writes only those: the values come from validated flags and
//!   value tables, never from a cell as written.
//! - One row with a value outside the options is refused (`invalid-choice`); when no row holds an
//!   option at all, the column is unmapped as a whole and the run stops (`unmapped-gender`) with
//!   the values and their rows, before anything is written: one `[genders]` line fixes every row.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};

use crate::lang::Lang;
use crate::reason::Code;

/// What becomes of the rows of one choice column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every written value is an option (or the options are not known).
    Accepted,
    /// These rows (indices into the values given) hold a value that is no option.
    Refused(Vec<usize>),
}

/// Check the values written to a master-list column against the options the system shows.
/// `values` are (value, the row a person sees) of the rows to be written; blank values are not
/// choices. `options` empty: the system has shown none, nothing can be checked.
pub fn check(
    column: &str,
    file: &str,
    values: &[(&str, u32)],
    options: &BTreeSet<&str>,
    lang: Lang,
) -> Result<Verdict> {
    if options.is_empty() {
        return Ok(Verdict::Accepted);
    }
    let refused: Vec<usize> = (0..values.len())
        .filter(|&i| !values[i].0.is_empty() && !options.contains(values[i].0))
        .collect();
    if refused.is_empty() {
        return Ok(Verdict::Accepted);
    }
    let any_option = values
        .iter()
        .any(|(v, _)| !v.is_empty() && options.contains(v));
    if any_option {
        return Ok(Verdict::Refused(refused));
    }
    let mut by_value: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for &i in &refused {
        by_value.entry(values[i].0).or_default().push(values[i].1);
    }
    let listed: Vec<String> = by_value
        .iter()
        .map(|(value, rows)| crate::lang::with_rows(lang, &format!("{value:?}"), rows, 5))
        .collect();
    let example = by_value.keys().next().copied().unwrap_or_default();
    bail!(
        "[{}] {file}: {column}: {}: {}. {} {}: {}. {} [genders] {} (\"{example}\" = \"…\"). {}",
        Code::UnmappedGender.id(),
        lang.pick(
            "連携先の選択肢にない値だけが書かれています",
            "every value written is one the receiving system has no option for"
        ),
        listed.join(", "),
        lang.pick(
            "連携先が示す選択肢",
            "the options the receiving system shows"
        ),
        lang.pick(
            "（現在のエクスポートとテンプレート）",
            "(current export and template)"
        ),
        options.iter().copied().collect::<Vec<_>>().join(", "),
        lang.pick("--mapping ファイルの", "Link each value in the"),
        lang.pick("で紐づけてください", "table of a --mapping file"),
        lang.pick("何も書き出していません。", "Nothing was written.")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: the values written (value, row), the options shown, and the verdict or the
    /// start of the stop's message.
    #[test]
    fn choice_verdicts() {
        type Case<'a> = (
            &'a str,
            &'a [(&'a str, u32)],
            &'a [&'a str],
            Result<Verdict, &'a str>,
        );
        let cases: [Case; 5] = [
            (
                "options unknown: nothing checked",
                &[("男", 2)],
                &[],
                Ok(Verdict::Accepted),
            ),
            (
                "every value an option, blanks are no choice",
                &[("男性", 2), ("", 3), ("女性", 4)],
                &["女性", "男性"],
                Ok(Verdict::Accepted),
            ),
            (
                "one row outside the options is refused",
                &[("男性", 2), ("未回答", 3), ("女性", 4)],
                &["女性", "男性"],
                Ok(Verdict::Refused(vec![1])),
            ),
            (
                "no row holds an option: the column is unmapped",
                &[("男", 2), ("女", 3), ("男", 5)],
                &["女性", "男性"],
                Err("[unmapped-gender] hr.csv: 性別: every value written is one the receiving system has no option for: \"女\" (row 3), \"男\" (rows 2, 5). the options the receiving system shows (current export and template): 女性, 男性."),
            ),
            (
                "blank rows alone do not make a column mapped",
                &[("", 2), ("男", 3)],
                &["男性"],
                Err("[unmapped-gender] hr.csv: 性別: every value written is one the receiving system has no option for: \"男\" (row 3)."),
            ),
        ];
        for (name, values, options, expected) in cases {
            let options: BTreeSet<&str> = options.iter().copied().collect();
            let found = check("性別", "hr.csv", values, &options, Lang::En);
            match (found, expected) {
                (Ok(verdict), Ok(want)) => assert_eq!(verdict, want, "{name}"),
                (Err(error), Err(start)) => {
                    assert!(format!("{error:#}").starts_with(start), "{name}: {error:#}")
                }
                (found, want) => panic!("{name}: {found:?} / {want:?}"),
            }
        }
    }
}
