//! Validated settings, built once from the command line before any file is read (ripgrep's
//! LowArgs → HiArgs): how inputs are read, and what a reconcile run reads and writes. The
//! receiving systems validate their own flags into their rules (`receiver::Receiver::configure`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cli::{ImportFormat, OutputEncoding, ReadArgs, ReconcileArgs, SourceSystem};
use crate::input::{self, Converted, ReadOptions, Row, Table};
use crate::lang::Lang;
use crate::output::csv::Encoding;
use crate::receiver::Receiver;
use crate::source::{self, Field, HeaderMap, Mapping, Profile, System};

/// Validated reading settings.
pub struct Reading {
    pub options: ReadOptions,
    pub mapping: Mapping,
}

impl Reading {
    pub fn from_args(args: &ReadArgs, lang: Lang) -> Result<Reading> {
        let encoding = match &args.input_encoding {
            None => None,
            Some(label) => Some(input::encoding::from_label(label).with_context(|| {
                format!(
                    "--input-encoding {label:?}: {}",
                    lang.pick(
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
                lang,
            },
            mapping: Mapping::load(args.mapping.as_deref(), &args.map, lang)?,
        })
    }

    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    /// Read `path` and fit it to one of `candidates`.
    pub fn load(
        &self,
        path: &Path,
        candidates: &[&'static Profile],
        required: Option<&[Field]>,
    ) -> Result<Loaded> {
        let table = input::read_table(path, &self.options)?;
        let map = source::detect(&table, candidates, &self.mapping, required, self.lang())?;
        Ok(Loaded {
            rows: table.rows.len(),
            table,
            map,
        })
    }

    /// [`Reading::load`], turning each row into a `T` as it is read instead of keeping the rows
    /// (large files).
    pub fn load_as<T: Send>(
        &self,
        path: &Path,
        candidates: &[&'static Profile],
        required: Option<&[Field]>,
        convert: impl Fn(&Table, &HeaderMap, &Row) -> T + Sync,
    ) -> Result<(Loaded, Converted<T>)> {
        let (table, map, converted) = input::read_table_as(
            path,
            &self.options,
            |table| source::detect(table, candidates, &self.mapping, required, self.lang()),
            convert,
        )?;
        let loaded = Loaded {
            table,
            map,
            rows: converted.len(),
        };
        Ok((loaded, converted))
    }
}

/// A table and how its headers map to fields.
pub struct Loaded {
    pub table: Table,
    pub map: HeaderMap,
    /// Data rows read (the table's `rows` are empty when they were converted as they were read).
    pub rows: usize,
}

/// What a reconcile run reads and writes, whatever the receiving system.
pub struct RunConfig {
    pub employees: PathBuf,
    pub departments: Option<PathBuf>,
    pub current_employees: PathBuf,
    pub current_departments: Option<PathBuf>,
    /// The HR system, when `--from` names it or the receiving system's guide fixes it.
    pub source: Option<System>,
    pub out: PathBuf,
    pub formats: Vec<ImportFormat>,
    pub encoding: Encoding,
    pub reading: Reading,
    pub lang: Lang,
    pub quiet: bool,
}

impl RunConfig {
    pub fn from_args(
        args: &ReconcileArgs,
        receiver: &dyn Receiver,
        lang: Lang,
        quiet: bool,
    ) -> Result<RunConfig> {
        if let Some(threads) = args.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build_global()
                .context("--threads")?;
        }
        let reading = Reading::from_args(&args.read, lang)?;
        let from = args.from.map(SourceSystem::system);
        if let (Some(from), Some(guide)) = (from, receiver.source()) {
            if from != guide {
                bail!(
                    "--from {} --to {}: {} {} {}",
                    from.id(),
                    receiver.system().id(),
                    receiver.system().name(lang),
                    lang.pick(
                        "への連携はガイドどおり次のシステムから行います:",
                        "is fed, as its guide says, from"
                    ),
                    guide.id()
                );
            }
        }
        Ok(RunConfig {
            employees: args.employees.clone(),
            departments: args.departments.clone(),
            current_employees: args.current_employees.clone(),
            current_departments: args.current_departments.clone(),
            source: receiver.source().or(from),
            out: args.out.clone(),
            formats: args.format.clone(),
            encoding: match args.encoding {
                OutputEncoding::Utf8Bom => Encoding::Utf8Bom,
                OutputEncoding::Utf8 => Encoding::Utf8,
                OutputEncoding::Cp932 => Encoding::Cp932,
            },
            reading,
            lang,
            quiet,
        })
    }

    /// The import CSVs are written in CP932: rows it cannot hold are refused.
    pub fn cp932(&self) -> bool {
        self.encoding == Encoding::Cp932
    }

    /// The input files given, in flag order (for the --out safety check).
    pub fn input_paths(&self) -> Vec<&Path> {
        [
            Some(self.employees.as_path()),
            self.departments.as_deref(),
            Some(self.current_employees.as_path()),
            self.current_departments.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
