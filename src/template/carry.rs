//! The template columns meibo cannot fill, carried from the receiving system's current export:
//! each row takes the value the system holds for the same record (matched by the file's key
//! column). Where no value can be known — a record the export does not hold, or an export without
//! the column — the run stops before anything is written (`template-value-unknown`,
//! docs/template.md). A blank is never written over a value the system holds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{bail, Result};

use super::columns::{field_of, profile, Layout, Source};
use super::{label, t, Template};
use crate::config::Loaded;
use crate::input::{self, ReadOptions, Table};
use crate::lang::Lang;
use crate::plan::{Plan, Rows};
use crate::reason::Code;
use crate::receiver::KeyMatch;
use crate::rules::Kind;
use crate::source::{header_key, Field, Mapping, System};

/// What the templates are applied with: the receiving system, the reading settings and the
/// current exports as read.
pub struct Sources<'s, 'a> {
    pub system: System,
    pub lang: Lang,
    pub mapping: &'s Mapping,
    pub options: &'s ReadOptions,
    pub current_employees: Option<&'a Loaded>,
    pub current_departments: Option<&'a Loaded>,
}

/// The current export's rows by key, and the column of each carried template column.
struct Current<'a> {
    /// The export as the run read it when it kept its rows (a department export), else read again.
    table: Cow<'a, Table>,
    by_key: HashMap<String, usize>,
    key_match: KeyMatch,
    /// Per template column: the export's column it is carried from.
    columns: Vec<Option<usize>>,
}

impl Current<'_> {
    fn row(&self, key: &str) -> Option<usize> {
        self.by_key.get(&self.key_match.key(key)).copied()
    }
}

/// How many keys a stop lists before "…".
const LISTED: usize = 10;

/// Apply `layout` to every import file of `kind`.
pub fn apply<'a>(
    plan: &mut Plan<'a>,
    kind: Kind,
    template: &Template,
    layout: Layout,
    sources: &Sources<'_, 'a>,
) -> Result<()> {
    let lang = sources.lang;
    let at = label(&template.table.path);
    let first = plan
        .files
        .iter()
        .find(|f| f.records.is_some_and(|r| r.kind == kind))
        .expect("a file of the template's kind");
    let key = first.records.expect("keyed").key;
    let key_header = first.headers[key].clone();
    let carried: Vec<usize> = (0..layout.sources.len())
        .filter(|&i| layout.sources[i] == Source::Carried)
        .collect();
    let current = if carried.is_empty() {
        None
    } else {
        Some(Arc::new(current(kind, &key_header, &layout, sources)?))
    };
    if let Some(current) = &current {
        // Every carried column and every row must have a value the system holds.
        let no_column: Vec<&str> = carried
            .iter()
            .filter(|&&i| current.columns[i].is_none())
            .map(|&i| layout.headers[i].as_str())
            .collect();
        let mut unknown: Vec<String> = Vec::new();
        let mut count = 0;
        for file in plan
            .files
            .iter()
            .filter(|f| f.records.is_some_and(|r| r.kind == kind))
        {
            for (i, row) in file.rows.rows().enumerate() {
                let value = row.get(key).map(|c| c.as_ref()).unwrap_or("");
                if current.row(value).is_none() {
                    count += 1;
                    if unknown.len() < LISTED {
                        unknown.push(format!(
                            "{} {} {} ({key_header} {value:?})",
                            file.csv,
                            t(lang, "行", "row"),
                            i + 2
                        ));
                    }
                }
            }
        }
        let export = current.table.display_path();
        if !no_column.is_empty() {
            bail!(
                "[{}] {at}: {} {}: {} {export} {} {} {}",
                Code::TemplateValueUnknown.id(),
                t(lang, "埋められない列", "columns meibo cannot fill"),
                quoted(&no_column),
                t(lang, "現在のエクスポート", "the current export"),
                t(
                    lang,
                    "にもこの列がないため、連携先の値を引き継げません。",
                    "has no such column either, so the values the system holds cannot be carried."
                ),
                t(
                    lang,
                    "この列をテンプレートから削除するか、--map 項目=列名 で meibo の項目に対応づけるか、この列のある現在のエクスポートを指定してください。",
                    "Remove the column from the template, name its field with --map FIELD=HEADER, or give a current export that has the column."
                ),
                t(lang, "何も書き出していません。", "Nothing was written.")
            );
        }
        if count > 0 {
            let more = if count > unknown.len() { ", …" } else { "" };
            let columns: Vec<&str> = carried
                .iter()
                .map(|&i| layout.headers[i].as_str())
                .collect();
            bail!(
                "[{}] {at}: {} {}: {} {export} {} {count} {}: {}{more}{} {} {}",
                Code::TemplateValueUnknown.id(),
                t(lang, "埋められない列", "columns meibo cannot fill"),
                quoted(&columns),
                t(lang, "現在のエクスポート", "the current export"),
                t(lang, "にない記録", "does not hold"),
                t(
                    lang,
                    "件は値が分からないため中止しました",
                    "of the records, so their values are unknown"
                ),
                unknown.join(", "),
                t(lang, "。", "."),
                t(
                    lang,
                    "この列をテンプレートから削除するか、--map 項目=列名 で meibo の項目に対応づけるか、新しい記録を先に連携先で登録してエクスポートし直してください。",
                    "Remove the column from the template, name its field with --map FIELD=HEADER, or register the new records in the receiving system first and export again."
                ),
                t(lang, "何も書き出していません。", "Nothing was written.")
            );
        }
    }
    for file in plan
        .files
        .iter_mut()
        .filter(|f| f.records.is_some_and(|r| r.kind == kind))
    {
        let rows = std::mem::replace(&mut file.rows, Box::new(Vec::<Vec<String>>::new()));
        file.headers = layout.headers.clone();
        file.rows = Box::new(TemplateRows {
            inner: rows,
            sources: layout.sources.clone(),
            key,
            current: current.clone(),
        });
        file.records = None;
    }
    Ok(())
}

fn quoted(list: &[&str]) -> String {
    list.iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The current export of `kind` with its rows (read again when the run converted its rows as they
/// were read, as it does for an employee export), indexed by key.
fn current<'a>(
    kind: Kind,
    key_header: &str,
    layout: &Layout,
    sources: &Sources<'_, 'a>,
) -> Result<Current<'a>> {
    let lang = sources.lang;
    let loaded = match kind {
        Kind::Department => sources.current_departments,
        _ => sources.current_employees,
    };
    let Some(loaded) = loaded else {
        bail!(
            "[{}] {}: {}",
            Code::TemplateValueUnknown.id(),
            quoted(
                &layout
                    .sources
                    .iter()
                    .zip(&layout.headers)
                    .filter(|(s, _)| **s == Source::Carried)
                    .map(|(_, h)| h.as_str())
                    .collect::<Vec<_>>()
            ),
            t(
                lang,
                "埋められない列を引き継ぐ現在のエクスポートがありません（--current-departments を指定してください）。何も書き出していません。",
                "no current export to carry the columns meibo cannot fill from (give --current-departments). Nothing was written."
            )
        );
    };
    let profile = profile(sources, kind);
    let key_field = field_of(key_header, profile, sources.mapping);
    let key_match = match key_field {
        Some(Field::Email) => KeyMatch::Email,
        _ => KeyMatch::Code,
    };
    let key_column = key_field
        .and_then(|f| loaded.map.column(f))
        .or_else(|| column_named(&loaded.table.headers, key_header));
    let table = if loaded.table.rows.len() == loaded.rows {
        Cow::Borrowed(&loaded.table)
    } else {
        Cow::Owned(input::read_table(&loaded.table.path, sources.options)?)
    };
    let columns = layout
        .sources
        .iter()
        .zip(&layout.headers)
        .map(|(source, header)| match source {
            Source::Own(_) => None,
            Source::Carried => column_named(&table.headers, header).or_else(|| {
                field_of(header, profile, sources.mapping).and_then(|f| loaded.map.column(f))
            }),
        })
        .collect();
    let mut by_key = HashMap::new();
    if let Some(column) = key_column {
        for (i, row) in table.rows.iter().enumerate() {
            let k = key_match.key(row.cell(column));
            if !row.undecodable && !k.is_empty() {
                by_key.entry(k).or_insert(i);
            }
        }
    }
    Ok(Current {
        table,
        by_key,
        key_match,
        columns,
    })
}

fn column_named(headers: &[String], header: &str) -> Option<usize> {
    let key = header_key(header);
    headers.iter().position(|h| header_key(h) == key)
}

/// An import file's rows under a template: its own cells moved into the template's order, the
/// carried ones looked up in the current export.
struct TemplateRows<'a> {
    inner: Box<dyn Rows + 'a>,
    sources: Vec<Source>,
    key: usize,
    current: Option<Arc<Current<'a>>>,
}

impl Rows for TemplateRows<'_> {
    fn rows<'s>(&'s self) -> Box<dyn Iterator<Item = Vec<Cow<'s, str>>> + 's> {
        Box::new(self.inner.rows().map(move |mut row| {
            let found = self.current.as_deref().and_then(|current| {
                let key = row.get(self.key).map(|c| c.as_ref()).unwrap_or("");
                current.row(key).map(|r| (current, r))
            });
            self.sources
                .iter()
                .enumerate()
                .map(|(i, source)| match source {
                    Source::Own(j) => std::mem::take(&mut row[*j]),
                    Source::Carried => match found {
                        Some((current, r)) => current.columns[i].map_or(Cow::Borrowed(""), |c| {
                            Cow::Borrowed(current.table.rows[r].cell(c))
                        }),
                        None => Cow::Borrowed(""),
                    },
                })
                .collect()
        }))
    }
    fn count(&self) -> usize {
        self.inner.count()
    }
}
