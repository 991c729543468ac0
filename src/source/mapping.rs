//! User overrides for customers who renamed columns or values: `--map FIELD=HEADER` and
//! `--mapping FILE.toml`.
//!
//! ```toml
//! [headers]                 # field = "header" (or a list of headers)
//! email = "社用メール"
//! [employment_types]        # source value = ミキワメ value
//! "嘱託" = "契約社員"
//! [genders]                 # source value = receiving system's value
//! "男" = "男性"
//! ```

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use super::{closest_headers, Field, HeaderMap, Need};
use crate::lang::Lang;
use crate::normalize::MIKIWAME_EMPLOYMENT_TYPES;

#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub headers: Vec<(Field, String)>,
    pub employment_types: Vec<(String, String)>,
    pub genders: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    headers: toml::Table,
    #[serde(default)]
    employment_types: toml::Table,
    #[serde(default)]
    genders: toml::Table,
}

impl Mapping {
    /// Build from `--mapping FILE` (if any) then `--map` flags (which take precedence).
    pub fn load(file: Option<&Path>, flags: &[String], lang: Lang) -> Result<Mapping> {
        let mut mapping = Mapping::default();
        for flag in flags {
            let (field, header) = flag.split_once('=').with_context(|| {
                format!(
                    "--map {flag:?}: {}",
                    lang.pick("項目=列名 の形で指定してください", "expected FIELD=HEADER")
                )
            })?;
            mapping
                .headers
                .push((parse_field(field, lang)?, header.trim().to_string()));
        }
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).with_context(|| {
                format!(
                    "{}: {}",
                    path.display(),
                    lang.pick("読めません", "cannot read the mapping file")
                )
            })?;
            let parsed: MappingFile = toml::from_str(&text).with_context(|| {
                format!(
                    "{}: {}",
                    path.display(),
                    lang.pick("TOMLとして読めません", "not valid mapping TOML")
                )
            })?;
            for (field, value) in parsed.headers {
                let field =
                    parse_field(&field, lang).with_context(|| path.display().to_string())?;
                let headers: Vec<String> = match value {
                    toml::Value::String(s) => vec![s],
                    toml::Value::Array(items) => items
                        .into_iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect(),
                    _ => bail!(
                        "{}: [headers] {}: {}",
                        path.display(),
                        field.id(),
                        lang.pick("文字列で指定してください", "expected a string")
                    ),
                };
                mapping
                    .headers
                    .extend(headers.into_iter().map(|h| (field, h)));
            }
            mapping.employment_types =
                string_pairs(path, "employment_types", parsed.employment_types, lang)?;
            for (from, to) in &mapping.employment_types {
                if !MIKIWAME_EMPLOYMENT_TYPES.contains(&to.as_str()) {
                    bail!(
                        "{}: [employment_types] {from:?} = {to:?}: {} {}",
                        path.display(),
                        lang.pick(
                            "値は次のいずれかにしてください:",
                            "the value must be one of:"
                        ),
                        MIKIWAME_EMPLOYMENT_TYPES.join(", ")
                    );
                }
            }
            mapping.genders = string_pairs(path, "genders", parsed.genders, lang)?;
        }
        Ok(mapping)
    }

    /// Headers the user named for `field` (empty when none).
    pub fn headers_for(&self, field: Field) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, h)| h.as_str())
    }
}

fn parse_field(name: &str, lang: Lang) -> Result<Field> {
    Field::from_id(name).with_context(|| {
        format!(
            "{} {name:?}. {} {}",
            lang.pick("不明な項目名:", "unknown field"),
            lang.pick("使える項目:", "known fields:"),
            Field::ALL
                .iter()
                .map(|f| f.id())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn string_pairs(
    path: &Path,
    table: &str,
    values: toml::Table,
    lang: Lang,
) -> Result<Vec<(String, String)>> {
    values
        .into_iter()
        .map(|(key, value)| match value {
            toml::Value::String(s) => Ok((key, s)),
            _ => bail!(
                "{}: [{table}] {key:?}: {}",
                path.display(),
                lang.pick("文字列で指定してください", "expected a string")
            ),
        })
        .collect()
}

/// Headers that fit no known export, with a draft `--mapping` file for the nearest layout: the
/// error `detect` returns, so that `inspect` can print the draft and `reconcile` can name it.
#[derive(Debug)]
pub struct Unfitted {
    pub message: String,
    /// A ready-to-edit mapping TOML (see [`draft`]) when the nearest layout is an HR system's
    /// employee export (the one case a customer's own download format explains).
    pub draft: Option<String>,
}

impl std::fmt::Display for Unfitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Unfitted {}

/// A `--mapping` file for `headers` fitted to `nearest`: every field the layout reads, with the
/// column found for it, else meibo's best guess among the unused columns (marked so), else
/// commented out; the columns still unused are listed at the end. Valid TOML as printed.
pub fn draft(file: &str, headers: &[String], nearest: &HeaderMap, lang: Lang) -> String {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
    let profile = nearest.profile;
    let mut unused: Vec<usize> = nearest.unused.clone();
    let mut lines = vec![
        format!(
            "# {} {file} ({} {})",
            t("meibo --mapping の下書き:", "draft meibo --mapping file for"),
            t("最も近い形式:", "nearest layout:"),
            profile.label(lang)
        ),
        format!(
            "# {}",
            t(
                "「推測」の行を確かめ、違えば列名を直し、空の行は列名を入れるか消してから --mapping で指定してください。",
                "check each line marked guess, fix the header where it is wrong, fill in or delete the commented ones, then pass this file with --mapping."
            )
        ),
        "[headers]".to_string(),
    ];
    for spec in profile.fields {
        if let Some(column) = nearest.column(spec.field) {
            lines.push(format!("{} = {}", spec.field.id(), quote(&headers[column])));
            continue;
        }
        let alternative_found = profile.alternatives.iter().any(|&(a, b)| {
            (a == spec.field && nearest.has(b)) || (b == spec.field && nearest.has(a))
        });
        if spec.need == Need::Extra || alternative_found {
            continue;
        }
        // Every system's spellings of the field (a custom download often borrows another
        // system's), and stricter than the error's "closest headers": a guess becomes a mapping.
        let aliases: Vec<&str> = super::PROFILES
            .iter()
            .filter_map(|p| p.spec(spec.field))
            .flat_map(|s| s.aliases.iter().copied())
            .collect();
        let guess = closest_headers(headers, &aliases, &unused, 0.49)
            .into_iter()
            .next();
        match guess {
            Some(column) => {
                unused.retain(|&c| c != column);
                lines.push(format!(
                    "{} = {}  # {}",
                    spec.field.id(),
                    quote(&headers[column]),
                    t("推測", "guess")
                ));
            }
            None => lines.push(format!(
                "# {} = \"\"  # {} {}",
                spec.field.id(),
                t("列が見つかりません。例:", "no column found; usually"),
                spec.aliases[0]
            )),
        }
    }
    if !unused.is_empty() {
        let names: Vec<String> = unused.iter().map(|&c| quote(&headers[c])).collect();
        lines.push(format!(
            "# {} {}",
            t("使っていない列:", "columns not used:"),
            names.join(", ")
        ));
    }
    lines.join("\n") + "\n"
}
