//! One module per command. Shared here: turning the read flags into reading settings, and
//! loading a file as a detected table.

pub mod explain;
pub mod inspect;
pub mod reconcile;

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::ReadArgs;
use crate::input::{self, ReadOptions, Table};
use crate::lang::t;
use crate::source::{self, Field, HeaderMap, Mapping, Profile};

/// Validated reading settings.
pub struct Reading {
    pub options: ReadOptions,
    pub mapping: Mapping,
}

impl Reading {
    pub fn from_args(args: &ReadArgs) -> Result<Reading> {
        let encoding = match &args.input_encoding {
            None => None,
            Some(label) => Some(input::encoding::from_label(label).with_context(|| {
                format!(
                    "--input-encoding {label:?}: {}",
                    t(
                        "不明な文字コードです（utf-8, cp932, utf-16le, utf-16be）",
                        "unknown encoding (utf-8, cp932, utf-16le, utf-16be)"
                    )
                )
            })?),
        };
        Ok(Reading {
            options: ReadOptions {
                encoding,
                sheet: args.sheet.clone(),
            },
            mapping: Mapping::load(args.mapping.as_deref(), &args.map)?,
        })
    }
}

/// A table and how its headers map to fields.
pub struct Loaded {
    pub table: Table,
    pub map: HeaderMap,
}

/// Read `path` and fit it to one of `candidates`.
pub fn load(
    path: &Path,
    reading: &Reading,
    candidates: &[&'static Profile],
    required: Option<&[Field]>,
) -> Result<Loaded> {
    let table = input::read_table(path, &reading.options)?;
    let map = source::detect(&table, candidates, &reading.mapping, required)?;
    Ok(Loaded { table, map })
}
