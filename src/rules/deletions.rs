//! The mass-deletion guard (docs/receivers/kitera.md, docs/receivers/meishi.md): a receiving system
//! that deletes records (クラウド法人名刺's groups, KiteRa's users) stops the run before anything is
//! written when a kind of record would lose more than the limit: 20 % of the current records unless
//! `--max-deletions` says otherwise. A wrong input file (an empty export, the wrong company) would
//! otherwise delete everything.

use anyhow::{bail, Result};
use clap::Args;

use super::Kind;
use crate::lang::Lang;
use crate::normalize;
use crate::plan::Deletions;
use crate::reason::Code;

// The flags of the guard, shared by the receiving systems that delete (plain comment: a doc
// comment would become the command's about).
#[derive(Args, Debug, Clone, Default)]
pub struct DeletionArgs {
    /// meishi, kitera: most deletions allowed, a count or a share of the current records such as
    /// 30% (default: 20%). More stops the run (exit 2).
    #[arg(
        long,
        value_name = "N|N%",
        help_heading = "Deletions (--to meishi, kitera)"
    )]
    pub max_deletions: Option<String>,
    /// meishi, kitera: allow any number of deletions.
    #[arg(long, help_heading = "Deletions (--to meishi, kitera)")]
    pub allow_mass_delete: bool,
}

/// `--max-deletions`: a count, or a share of the current records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Count(usize),
    Percent(f64),
}

impl Limit {
    pub const DEFAULT: Limit = Limit::Percent(20.0);

    /// `50` or `30%` (full-width digits and signs too).
    pub fn parse(text: &str) -> Option<Limit> {
        let value = normalize::code(text);
        match value.strip_suffix('%') {
            Some(p) => p
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|p| p.is_finite() && *p >= 0.0)
                .map(Limit::Percent),
            None => value.parse::<usize>().ok().map(Limit::Count),
        }
    }
    pub fn allows(self, deletions: usize, current: usize) -> bool {
        match self {
            Limit::Count(n) => deletions <= n,
            Limit::Percent(p) => deletions as f64 <= current as f64 * p / 100.0,
        }
    }
    fn describe(self, current: usize) -> String {
        match self {
            Limit::Count(n) => n.to_string(),
            Limit::Percent(p) => format!("{p}% = {}", (current as f64 * p / 100.0).floor()),
        }
    }
}

/// The guard as the flags set it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guard {
    pub limit: Limit,
    /// `--allow-mass-delete`: no limit at all.
    pub allow_all: bool,
}

impl Guard {
    pub fn from_args(args: &DeletionArgs, lang: Lang) -> Result<Guard> {
        let limit = match args.max_deletions.as_deref() {
            None => Limit::DEFAULT,
            Some(text) => match Limit::parse(text) {
                Some(limit) => limit,
                None => bail!(
                    "--max-deletions {text:?}: {}",
                    lang.pick(
                        "件数（例: 50）か割合（例: 30%）で指定してください",
                        "expected a count (e.g. 50) or a share (e.g. 30%)",
                    )
                ),
            },
        };
        Ok(Guard {
            limit,
            allow_all: args.allow_mass_delete,
        })
    }

    /// Refuse (`mass-delete`) when a kind of record would lose more than the limit.
    pub fn check(&self, deletions: &[Deletions], receiver: &str, lang: Lang) -> Result<()> {
        if self.allow_all {
            return Ok(());
        }
        let too_many: Vec<String> = deletions
            .iter()
            .filter(|d| !self.limit.allows(d.count, d.current))
            .map(|d| {
                let what = match d.kind {
                    Kind::Department => lang.pick("グループ", "groups"),
                    _ => lang.pick("ユーザー", "users"),
                };
                format!(
                    "{what} {} / {} ({} {})",
                    d.count,
                    d.current,
                    lang.pick("上限", "limit"),
                    self.limit.describe(d.current)
                )
            })
            .collect();
        if too_many.is_empty() {
            return Ok(());
        }
        bail!(
            "[{}] {receiver} {}: {}. {}",
            Code::MassDelete.id(),
            lang.pick(
                "から削除される件数が上限を超えるため中止しました",
                "would lose more records than allowed"
            ),
            too_many.join(", "),
            lang.pick(
                "入力ファイルが正しいか確認してください。意図どおりなら --allow-mass-delete を付けるか --max-deletions で上限を指定してください。何も書き出していません。",
                "Check the inputs; if intended, add --allow-mass-delete or raise --max-deletions. Nothing was written."
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_and_allow() {
        let cases: [(&str, Option<Limit>); 6] = [
            ("50", Some(Limit::Count(50))),
            ("30%", Some(Limit::Percent(30.0))),
            ("３０％", Some(Limit::Percent(30.0))),
            ("0", Some(Limit::Count(0))),
            ("many", None),
            ("-5%", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Limit::parse(text), expected, "{text}");
        }
        assert!(Limit::Percent(20.0).allows(2, 10));
        assert!(!Limit::Percent(20.0).allows(3, 10));
        assert!(Limit::Count(3).allows(3, 0));
        assert!(!Limit::Count(3).allows(4, 100));
    }

    #[test]
    fn the_guard_names_what_is_over_the_limit() {
        let guard = Guard {
            limit: Limit::Percent(20.0),
            allow_all: false,
        };
        let over = [Deletions {
            kind: Kind::Employee,
            count: 5,
            current: 10,
        }];
        let error = guard.check(&over, "KiteRa", Lang::En).unwrap_err();
        assert_eq!(
            error.to_string(),
            "[mass-delete] KiteRa would lose more records than allowed: users 5 / 10 (limit 20% = 2). Check the inputs; if intended, add --allow-mass-delete or raise --max-deletions. Nothing was written."
        );
        // The language is a value: the same process says it in Japanese too.
        let error = guard.check(&over, "KiteRa", Lang::Ja).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("[mass-delete] KiteRa から削除される件数が上限を超えるため中止しました: ユーザー 5 / 10 (上限 20% = 2)."),
            "{error}"
        );
        let allowed = Guard {
            allow_all: true,
            ..guard
        };
        assert!(allowed.check(&over, "KiteRa", Lang::En).is_ok());
        assert!(guard.check(&over[..0], "KiteRa", Lang::En).is_ok());
    }
}
