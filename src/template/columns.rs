//! A template's header row against an import file's own columns: which of them fills each
//! template column, and which template columns meibo cannot fill (docs/template.md).

use anyhow::{bail, Result};

use super::carry::Sources;
use super::{kind_name, label, t, Template};
use crate::normalize;
use crate::plan::Plan;
use crate::rules::Kind;
use crate::source::{self, header_key, Field, Mapping, Profile, Role};

/// Where a template column's cells come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The import file's own column at this index.
    Own(usize),
    /// Carried from the current export (meibo cannot fill it).
    Carried,
}

/// An import file's columns under a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The template's headers, as spelled there (trimmed), in its order.
    pub headers: Vec<String>,
    pub sources: Vec<Source>,
}

/// The receiving system's export profile for records of `kind` (its aliases name the fields).
pub fn profile(sources: &Sources, kind: Kind) -> Option<&'static Profile> {
    let role = match kind {
        Kind::Department => Role::Departments,
        _ => Role::Employees,
    };
    source::profiles(&[role], Some(sources.system))
        .into_iter()
        .next()
}

/// The field a header names: a header `--map` gives a field first, then the profile's aliases.
pub fn field_of(header: &str, profile: Option<&Profile>, mapping: &Mapping) -> Option<Field> {
    let key = header_key(header);
    let profile = profile?;
    let named = profile
        .fields
        .iter()
        .find(|s| mapping.headers_for(s.field).any(|h| header_key(h) == key));
    let aliased = || {
        profile
            .fields
            .iter()
            .find(|s| s.aliases.iter().any(|a| header_key(a) == key))
    };
    named.or_else(aliased).map(|s| s.field)
}

/// The columns of `template` for a file with headers `own`: a template column is the own column
/// of the same header (compared as input headers are: NFKC, no spaces, brackets alike), else the
/// own column of the same field, else carried. A blank header between columns, or two template
/// columns for one own column, is an error.
pub fn layout(
    template: &[String],
    own: &[String],
    profile: Option<&Profile>,
    mapping: &Mapping,
    lang: crate::lang::Lang,
) -> Result<Layout> {
    let used = template
        .iter()
        .rposition(|h| !normalize::trim(h).is_empty())
        .map_or(0, |last| last + 1);
    let own_fields: Vec<Option<Field>> =
        own.iter().map(|h| field_of(h, profile, mapping)).collect();
    let mut headers = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    for (position, raw) in template[..used].iter().enumerate() {
        let header = normalize::trim(raw);
        if header.is_empty() {
            bail!(
                "{} {} ({})",
                t(
                    lang,
                    "テンプレートの列に見出しがありません: 列",
                    "a template column has no header: column"
                ),
                position + 1,
                t(
                    lang,
                    "見出し行のすべての列に項目名が必要です",
                    "every column of the header row needs an item name"
                )
            );
        }
        let key = header_key(header);
        let field = field_of(header, profile, mapping);
        let same_header = own.iter().position(|h| header_key(h) == key);
        let same_field = || field.and_then(|f| own_fields.iter().position(|&o| o == Some(f)));
        let source = match same_header.or_else(same_field) {
            Some(column) => Source::Own(column),
            None => Source::Carried,
        };
        if let Source::Own(column) = source {
            if let Some(earlier) = sources.iter().position(|&s| s == source) {
                bail!(
                    "{} {:?} / {header:?} ({})",
                    t(
                        lang,
                        "テンプレートに同じ項目の列が2つあります:",
                        "two template columns name the same item:"
                    ),
                    headers[earlier],
                    own[column]
                );
            }
        }
        headers.push(header.to_string());
        sources.push(source);
    }
    Ok(Layout { headers, sources })
}

impl Layout {
    /// Whether the template holds the own column `column` (the key).
    pub fn has(&self, column: usize) -> bool {
        self.sources.contains(&Source::Own(column))
    }
}

/// The kind of import file `template` is for, and its layout there. A named kind must be one of
/// the run's; a bare template must hold the key column of exactly one kind.
pub fn choose(
    template: &Template,
    kinds: &[Kind],
    plan: &Plan,
    sources: &Sources,
) -> Result<(Kind, Layout)> {
    let lang = sources.lang;
    let at = label(&template.table.path);
    let fit = |kind: Kind| -> Result<(Layout, usize, String)> {
        let file = plan
            .files
            .iter()
            .find(|f| f.records.is_some_and(|r| r.kind == kind))
            .expect("a kind of the plan's files");
        let key = file.records.expect("keyed").key;
        let layout = layout(
            &template.table.headers,
            &file.headers,
            profile(sources, kind),
            sources.mapping,
            lang,
        )
        .map_err(|e| anyhow::anyhow!("{at}: {e:#}"))?;
        Ok((layout, key, file.headers[key].clone()))
    };
    let names: Vec<&str> = kinds.iter().map(|&k| kind_name(k)).collect();
    if let Some(kind) = template.kind {
        if !kinds.contains(&kind) {
            bail!(
                "{at}: {} {} ({} {})",
                kind_name(kind),
                t(
                    lang,
                    "の取り込みファイルはこの連携先にありません",
                    "is not an import file of this receiving system"
                ),
                t(lang, "使える種類:", "kinds:"),
                names.join(", ")
            );
        }
        let (layout, key, key_header) = fit(kind)?;
        if !layout.has(key) {
            bail!(
                "{at}: {} {key_header} {}",
                t(
                    lang,
                    "テンプレートに照合キーの列",
                    "the template has no key column"
                ),
                t(
                    lang,
                    "がありません（連携先はこの列で行を照合します）",
                    "(the receiving system matches rows by it)"
                )
            );
        }
        return Ok((kind, layout));
    }
    let mut fitting = Vec::new();
    let mut keys = Vec::new();
    for &kind in kinds {
        let (layout, key, key_header) = fit(kind)?;
        keys.push(format!("{}: {key_header}", kind_name(kind)));
        if layout.has(key) {
            fitting.push((kind, layout));
        }
    }
    // Several files' keys (名刺's employee template holds グループコード too): the file whose own
    // columns fill the most template columns, unless two fill as many.
    let own = |layout: &Layout| {
        layout
            .sources
            .iter()
            .filter(|s| **s != Source::Carried)
            .count()
    };
    let best = fitting.iter().map(|(_, l)| own(l)).max().unwrap_or(0);
    if fitting.iter().filter(|(_, l)| own(l) == best).count() == 1 {
        fitting.retain(|(_, l)| own(l) == best);
    }
    match fitting.len() {
        1 => Ok(fitting.remove(0)),
        0 => bail!(
            "{at}: {} ({}). {}",
            t(
                lang,
                "どの取り込みファイルのテンプレートか分かりません: 照合キーの列がありません",
                "fits no import file: it has no key column"
            ),
            keys.join("; "),
            t(
                lang,
                "連携先の取り込みテンプレートかエクスポートの見出し行を使ってください",
                "give the receiving system's import template or export, with its header row"
            )
        ),
        _ => bail!(
            "{at}: {} ({}). {} {}",
            t(
                lang,
                "複数の取り込みファイルの照合キーの列があり、どれのテンプレートか決められません",
                "holds the key columns of several import files; which one it is for is ambiguous"
            ),
            keys.join("; "),
            t(lang, "種類を付けて指定してください:", "name the kind:"),
            names
                .iter()
                .map(|n| format!("--template {n}=FILE"))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::source::System;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn profile_of(system: System, role: Role) -> Option<&'static Profile> {
        source::profiles(&[role], Some(system)).into_iter().next()
    }

    /// Each case: the system, the file's own headers, the template's, `--map` pairs, and each
    /// template column's source (an own column's index, or None = carried).
    #[test]
    fn template_columns_map_to_own_columns() {
        type Case<'a> = (
            &'a str,
            System,
            &'a [&'a str],
            &'a [&'a str],
            &'a [&'a str],
            &'a [Option<usize>],
        );
        let kaonavi = &["社員番号", "氏名", "フリガナ", "性別", "生年月日", "入社日"][..];
        let mikiwame = &[
            "社員番号",
            "氏名（姓）",
            "氏名（名）",
            "姓（カナ）",
            "名（カナ）",
            "メールアドレス",
            "生年月日",
            "性別",
            "所属部署",
        ][..];
        let cases: [Case; 6] = [
            (
                "the same headers in another order, a custom item carried",
                System::Kaonavi,
                kaonavi,
                &["氏名", "社員番号", "血液型", "入社日"],
                &[],
                &[Some(1), Some(0), None, Some(5)],
            ),
            (
                "spelling compared as input headers are (width, spaces, brackets)",
                System::Mikiwame,
                mikiwame,
                &["メール アドレス", "氏名(姓)", "ｾｲ"],
                &[],
                &[Some(5), Some(1), None],
            ),
            (
                "an alias of the export profile names the same field",
                System::Mikiwame,
                mikiwame,
                &["所属部署コード", "メールアドレス"],
                &[],
                &[Some(8), Some(5)],
            ),
            (
                "--map names a renamed item",
                System::Kaonavi,
                kaonavi,
                &["社員番号", "ジェンダー"],
                &["gender=ジェンダー"],
                &[Some(0), Some(3)],
            ),
            (
                "a known field the file does not write is carried",
                System::Kaonavi,
                kaonavi,
                &["社員番号", "雇用形態", "メールアドレス"],
                &[],
                &[Some(0), None, None],
            ),
            (
                "trailing blank columns are ignored",
                System::Kaonavi,
                kaonavi,
                &["社員番号", "", " "],
                &[],
                &[Some(0)],
            ),
        ];
        for (name, system, own, template, map, expected) in cases {
            let map: Vec<String> = strings(map);
            let mapping = Mapping::load(None, &map, Lang::En).unwrap();
            let layout = layout(
                &strings(template),
                &strings(own),
                profile_of(system, Role::Employees),
                &mapping,
                Lang::En,
            )
            .unwrap();
            let found: Vec<Option<usize>> = layout
                .sources
                .iter()
                .map(|s| match s {
                    Source::Own(i) => Some(*i),
                    Source::Carried => None,
                })
                .collect();
            assert_eq!(found, expected, "{name}");
            let trimmed: Vec<String> = template[..expected.len()]
                .iter()
                .map(|h| h.trim().to_string())
                .collect();
            assert_eq!(layout.headers, trimmed, "{name}");
        }
    }

    #[test]
    fn refused_templates() {
        let own = strings(&["社員番号", "氏名", "フリガナ"]);
        let cases: [(&[&str], &str); 2] = [
            (
                &["社員番号", "", "氏名"],
                "a template column has no header: column 2",
            ),
            (
                &["社員番号", "氏名", "氏 名"],
                "two template columns name the same item: \"氏名\" / \"氏 名\"",
            ),
        ];
        for (template, message) in cases {
            let error = layout(
                &strings(template),
                &own,
                profile_of(System::Kaonavi, Role::Employees),
                &Mapping::default(),
                Lang::En,
            )
            .unwrap_err();
            assert!(format!("{error:#}").starts_with(message), "{error:#}");
        }
    }
}
