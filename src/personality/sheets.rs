//! kaonavi (docs/personality.md; the kaonavi guide, 手順4): the two sheets of its system-integration
//! templates that receive ミキワメ's personality results — their exact names and their columns — and
//! how a template's header row (`--template`) is turned into columns.
//!
//! Layouts: 社員番号 first, then the items. The single-record sheet holds 受検日, every scale's
//! 偏差値 under the results export's own names and in its order, 16タイプ and 受検者詳細URL; the
//! multi-record sheet holds 受検日, 16タイプ and 受検者詳細URL. An item whose column the results
//! export lacks is left out rather than written blank, so importing never blanks it in kaonavi.

use anyhow::{bail, Result};

use crate::lang::Lang;
use crate::model::{ResultSet, TestResult};
use crate::normalize::{self, format_date};
use crate::source::{self, header_key, Field, Role, System};

/// The single-record sheet: each member's latest test. The guide says not to rename it.
pub const LATEST_SHEET: &str = "最新性格検査結果(ミキワメ連携)";
/// The multi-record sheet: every test.
pub const ALL_SHEET: &str = "全性格検査結果(ミキワメ連携)";

/// What fills a column of a personality sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    EmployeeNumber,
    ExamDate,
    /// The scale at this index of [`ResultSet::scales`].
    Scale(usize),
    Type16,
    DetailUrl,
}

/// The items that are not scales: their field in the results export and their kaonavi item name.
const FIXED: [(Item, Field, &str); 4] = [
    (Item::EmployeeNumber, Field::EmployeeNumber, "社員番号"),
    (Item::ExamDate, Field::ExamDate, "受検日"),
    (Item::Type16, Field::Type16, "16タイプ"),
    (Item::DetailUrl, Field::DetailUrl, "受検者詳細URL"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub item: Item,
}

fn fixed(item: Item, results: &ResultSet) -> Option<Column> {
    let (_, field, header) = FIXED.iter().find(|(i, _, _)| *i == item)?;
    results.headers.contains_key(field).then(|| Column {
        header: header.to_string(),
        item,
    })
}

/// `最新性格検査結果(ミキワメ連携)`: 社員番号, 受検日, the scales, 16タイプ, 受検者詳細URL.
pub fn latest_columns(results: &ResultSet) -> Vec<Column> {
    let scales = results.scales.iter().enumerate().map(|(i, name)| Column {
        header: name.clone(),
        item: Item::Scale(i),
    });
    [Item::EmployeeNumber, Item::ExamDate]
        .into_iter()
        .filter_map(|item| fixed(item, results))
        .chain(scales)
        .chain(
            [Item::Type16, Item::DetailUrl]
                .into_iter()
                .filter_map(|item| fixed(item, results)),
        )
        .collect()
}

/// `全性格検査結果(ミキワメ連携)`: 社員番号, 受検日, 16タイプ, 受検者詳細URL.
pub fn all_columns(results: &ResultSet) -> Vec<Column> {
    FIXED
        .iter()
        .filter_map(|&(item, _, _)| fixed(item, results))
        .collect()
}

/// The columns of a template's header row, in its order and under its own spelling (kaonavi
/// matches columns by name). Headers are compared as input headers are (NFKC, no spaces, brackets
/// alike): a fixed item by its kaonavi name, the results profile's aliases or the export's own
/// header; a scale by its name in the export. 社員番号 is required, wherever it stands. A column
/// meibo cannot fill, a repeated column or a blank header between columns is an error.
pub fn template_columns(
    headers: &[String],
    results: &ResultSet,
    lang: Lang,
) -> Result<Vec<Column>> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let used = headers
        .iter()
        .rposition(|h| !normalize::trim(h).is_empty())
        .map_or(0, |last| last + 1);
    let profile = source::profiles(&[Role::Results], Some(System::Mikiwame))[0];
    let mut columns: Vec<Column> = Vec::new();
    for (position, raw) in headers[..used].iter().enumerate() {
        let header = normalize::trim(raw);
        if header.is_empty() {
            bail!(
                "{} {} ({})",
                t(
                    "テンプレートの列に見出しがありません: 列",
                    "a template column has no header: column"
                ),
                position + 1,
                t(
                    "見出し行のすべての列に項目名が必要です",
                    "every column of the header row needs an item name"
                )
            );
        }
        let key = header_key(header);
        let fixed_item = FIXED.iter().find(|(_, field, name)| {
            header_key(name) == key
                || profile
                    .spec(*field)
                    .is_some_and(|s| s.aliases.iter().any(|a| header_key(a) == key))
                || results
                    .headers
                    .get(field)
                    .is_some_and(|own| header_key(own) == key)
        });
        let item = match fixed_item {
            Some(&(item, field, _)) if results.headers.contains_key(&field) => item,
            Some(&(_, _, name_of_item)) => bail!(
                "{} {header:?}: {} {name_of_item} {}",
                t(
                    "テンプレートの列を埋められません:",
                    "cannot fill the template column"
                ),
                t("性格検査結果のエクスポートに", "the results export has no"),
                t(
                    "の列がありません。テンプレートからこの列を削除するか、列のあるエクスポートを使ってください",
                    "column; remove the column from the template or export the results with it"
                )
            ),
            None => match results.scales.iter().position(|s| header_key(s) == key) {
                Some(index) => Item::Scale(index),
                None => bail!(
                    "{} {header:?}. {} {}. {}",
                    t(
                        "テンプレートの列を埋められません:",
                        "cannot fill the template column"
                    ),
                    t("埋められる列:", "columns meibo can fill:"),
                    latest_columns(results)
                        .iter()
                        .map(|c| c.header.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    t(
                        "テンプレートからこの列を削除するか、性格検査結果のエクスポートの尺度名と合わせてください",
                        "remove the column from the template or name it as the results export names the scale"
                    )
                ),
            },
        };
        if let Some(earlier) = columns.iter().find(|c| c.item == item) {
            bail!(
                "{} {:?} / {header:?}",
                t(
                    "テンプレートに同じ項目の列が2つあります:",
                    "two template columns name the same item:"
                ),
                earlier.header
            );
        }
        columns.push(Column {
            header: header.to_string(),
            item,
        });
    }
    if !columns.iter().any(|c| c.item == Item::EmployeeNumber) {
        bail!(
            "{}",
            t(
                "テンプレートに社員番号の列がありません（カオナビは社員番号で行を照合します）",
                "the template has no 社員番号 column (kaonavi matches rows by 社員番号)"
            )
        );
    }
    Ok(columns)
}

/// The cells of one result under `columns`. Dates are YYYY/MM/DD; scores are as the export wrote
/// them (a blank score stays blank).
pub fn row(result: &TestResult, columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .map(|c| match c.item {
            Item::EmployeeNumber => result.employee_number.clone(),
            Item::ExamDate => result
                .exam_date
                .as_ref()
                .map(|d| format_date(*d))
                .unwrap_or_default(),
            Item::Scale(i) => result.scores.get(i).cloned().unwrap_or_default(),
            Item::Type16 => result.type16.clone(),
            Item::DetailUrl => result.detail_url.clone(),
        })
        .collect()
}
