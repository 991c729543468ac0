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

use super::Field;
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
