//! The view of a run that report.html shows, assembled from its [`Plan`]: the inputs, the counts,
//! the reasons and warnings, the department tree when there is one, and the searchable tables
//! (exclusions, changes, and an import file where the run shows one).

use super::html;
use super::run::{code_counts, RunInfo};
use super::summary::Summary;
use crate::labels;
use crate::lang::Lang;
use crate::plan::{Column, Plan, Words};
use crate::rules::tree::TreeEntry;
use crate::rules::{Change, Exclusion};
use crate::source::System;

pub fn build(run: &RunInfo, plan: &Plan, summary: &Summary) -> html::Page {
    let lang = run.lang;
    // One column per column any kind has, in the order the kinds list them.
    let mut columns: Vec<Column> = Vec::new();
    for counts in &plan.counts {
        for column in &counts.columns {
            if !columns.iter().any(|c| c.id == column.id) {
                columns.push(*column);
            }
        }
    }
    let mut tables = vec![exclusion_table(&plan.exclusions, run.target, lang)];
    if plan.changes_csv {
        tables.push(change_table(&plan.changes, run.target, lang));
    }
    if let Some((index, id)) = plan.shown_file {
        let file = &plan.files[index];
        let headers: Vec<&str> = file.headers.iter().map(String::as_str).collect();
        tables.push(html::Table::new(
            id,
            &file.sheet,
            &file.csv,
            &headers,
            file.rows.count(),
            file.rows
                .rows()
                .map(|row| row.into_iter().map(|cell| cell.into_owned()).collect()),
        ));
    }
    html::Page {
        lang,
        title: format!(
            "{}: {} → {}",
            lang.pick(run.title.0, run.title.1),
            run.source.name(lang),
            run.target.name(lang)
        ),
        inputs: summary
            .inputs
            .iter()
            .map(|i| html::InputLine::of(i, lang))
            .collect(),
        next_step: Some(lang.pick(plan.next_step.0, plan.next_step.1).to_string()),
        notes: plan
            .notes
            .iter()
            .map(|(ja, en)| lang.pick(ja, en).to_string())
            .collect(),
        counts: html::CountTable {
            columns: columns
                .iter()
                .map(|c| {
                    let (ja, en) = c.heading.unwrap_or(c.label);
                    html::Label::new(c.id, lang.pick(ja, en))
                })
                .collect(),
            rows: plan
                .counts
                .iter()
                .map(|counts| html::CountRow {
                    label: html::Label::new(counts.key, lang.pick(counts.label.0, counts.label.1)),
                    counts: columns.iter().map(|c| counts.get(c.id)).collect(),
                })
                .collect(),
        },
        chart: None,
        exclusion_reasons: code_counts(&summary.exclusions_by_reason, lang),
        warnings: code_counts(&summary.warnings_by_code, lang),
        warnings_csv: "warnings.csv".to_string(),
        tree: plan.tree.as_ref().map(|entries| html::Tree {
            nodes: entries.iter().map(|e| tree_node(e, lang)).collect(),
            csv: "changes.csv, exclusions.csv".to_string(),
        }),
        tables,
    }
}

fn tree_node(entry: &TreeEntry, lang: Lang) -> html::TreeNode {
    let (ja, en) = entry.action.label();
    html::TreeNode {
        depth: entry.depth,
        code: entry.code.clone(),
        name: entry.name.clone(),
        action: html::Label::new(entry.action.id(), lang.pick(ja, en)),
        exclusions: entry
            .exclusions
            .iter()
            .map(|c| (c.id().to_string(), c.message(lang).to_string()))
            .collect(),
    }
}

/// The first rows of exclusions.csv (only those shown are built), with the same cells.
fn exclusion_table(exclusions: &[Exclusion], target: System, lang: Lang) -> html::Table {
    const HEADINGS: [Words; 8] = [
        ("ファイル", "file"),
        ("行", "row"),
        ("種別", "kind"),
        ("キー", "key"),
        ("名前", "name"),
        ("コード", "code"),
        ("メッセージ", "message"),
        ("詳細", "detail"),
    ];
    html::Table::new(
        "exclusions",
        lang.pick("除外された行", "Excluded rows"),
        "exclusions.csv",
        &HEADINGS.map(|(ja, en)| lang.pick(ja, en)),
        exclusions.len(),
        exclusions.iter().map(move |x| {
            let mut cells: Vec<String> = super::reports::exclusion_cells(x, lang)
                .into_iter()
                .map(|cell| cell.into_owned())
                .collect();
            // The kind in words; exclusions.csv keeps its id.
            cells[2] = labels::kind(x.kind.id(), target, lang);
            cells
        }),
    )
}

fn change_table(changes: &[Change], target: System, lang: Lang) -> html::Table {
    const HEADINGS: [Words; 6] = [
        ("種別", "kind"),
        ("処理", "action"),
        ("キー", "key"),
        ("項目", "field"),
        ("変更前", "before"),
        ("変更後", "after"),
    ];
    html::Table::new(
        "changes",
        lang.pick(
            "変更（作成・更新・削除・連携先のみ）",
            "Changes (create, update, delete, target-only)",
        ),
        "changes.csv",
        &HEADINGS.map(|(ja, en)| lang.pick(ja, en)),
        changes.len(),
        // The kind and action in words; changes.csv keeps their ids.
        changes.iter().map(move |c| {
            vec![
                labels::kind(c.kind.id(), target, lang),
                labels::action(c.action.id(), lang),
                c.key.clone(),
                c.field.clone(),
                c.before.clone(),
                c.after.clone(),
            ]
        }),
    )
}
