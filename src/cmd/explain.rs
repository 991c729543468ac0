//! `meibo explain [CODE]`: every code with its meaning and how to fix it at the source.

use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::ExplainArgs;
use crate::lang::Lang;
use crate::reason::{Code, Explanation, Severity, ALL};
use crate::Outcome;

pub fn run(args: ExplainArgs, lang: Lang) -> Result<Outcome> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.code {
        Some(id) => {
            let Some(e) = Code::from_id(id.trim()).map(Code::explanation) else {
                bail!(
                    "{} {id:?}. {} {}",
                    t("不明なコード:", "unknown code"),
                    t("コード一覧:", "known codes:"),
                    ALL.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
                );
            };
            print_one(&mut out, e, lang)?;
        }
        None => {
            for e in ALL {
                writeln!(
                    out,
                    "{:<28} {:<8} {}",
                    e.id,
                    severity(e.severity, lang),
                    lang.pick(e.message_ja, e.message_en)
                )?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                t(
                    "詳しくは meibo explain <コード>",
                    "For details: meibo explain <CODE>"
                )
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Exclusion => lang.pick("除外", "excluded"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Error => lang.pick("中止", "error"),
        Severity::Verify => lang.pick("検証", "verify"),
    }
}

fn print_one(out: &mut impl Write, e: &Explanation, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "{} ({})", e.id, severity(e.severity, lang))?;
    writeln!(out)?;
    writeln!(out, "{}", lang.pick(e.message_ja, e.message_en))?;
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("意味:", "What it means:"))?;
    writeln!(out, "  {}", lang.pick(e.meaning_ja, e.meaning_en))?;
    writeln!(out, "{}", lang.pick("直し方:", "How to fix it:"))?;
    writeln!(out, "  {}", lang.pick(e.fix_ja, e.fix_en))?;
    Ok(())
}
