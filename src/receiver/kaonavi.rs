//! kaonavi members from ロウムメイト (docs/receivers/kaonavi.md): the 基本情報 sheet, keyed by 社員番号.
//!
//! - Carried: only employees whose 従業員ステータス is neither 応募者 nor 退職 and whose 状況 is
//!   データ入力完了; optionally only some 雇用形態 (`--employment-type`, as ロウムメイト writes them)
//!   and 入社日 within `--hired-from`/`--hired-until` (inclusive; a blank or unreadable 入社日 is
//!   outside). Rows left out are `skipped` — not refused, so not exclusions: `changes.csv` names the
//!   column and value that kept each out.
//! - Key: 社員番号 (`missing-employee-code`, `duplicate-employee-code`); `missing-name` (kaonavi
//!   needs 氏名).
//! - Layout (基本情報): 社員番号, 氏名 (姓 and 名 joined by one half-width space), フリガナ (readings
//!   likewise), 性別, 生年月日, 入社日 (YYYY/MM/DD). Business names first (the reader applies them).
//!   A column the ロウムメイト export lacks keeps kaonavi's current value (blank for a new member).
//! - 性別: every value must be linked to a kaonavi option — 男性, 女性, a value of the
//!   `[genders]` table of `--mapping`, or an option kaonavi shows in its current export or in the
//!   data rows of a `--template` export (docs/template.md). One that is not stops the run before anything is written
//!   (`unmapped-gender`), listing the values and their rows.
//! - kaonavi members that ロウムメイト does not have are reported (target-only); nothing is deleted.

use super::{usage, About, FlagSet, Inputs, Landing, Reads, Receiver, Rules};
use crate::config::RunConfig;
use crate::normalize;
use crate::source::{Field, System};
use clap::{ArgMatches, FromArgMatches};
use std::collections::{BTreeMap, HashSet};

use anyhow::{bail, Result};
use chrono::NaiveDate;

use super::{
    change_lines, compare, current_by_key, exclusion, full_name, rows_by_key, rows_detail,
    unencodable, Sets,
};
use crate::lang::Lang;
use crate::model::Detail;
use crate::model::{Attr, Employee};
use crate::normalize::format_date;
use crate::plan::{Counts, ImportFile, Plan};
use crate::reason::Code;
use crate::rules::{Action, FieldChange, Kind};

/// kaonavi's 基本情報 import sheet, as far as the guide's fields go: the standard items' names,
/// dates yyyy/mm/dd only (docs/layouts/kaonavi.md).
pub const MEMBER_HEADERS: [&str; 6] =
    ["社員番号", "氏名", "フリガナ", "性別", "生年月日", "入社日"];
const MEMBER_ATTRS: [Attr; 6] = [
    Attr::EmployeeNumber,
    Attr::FamilyName,
    Attr::FamilyKana,
    Attr::Gender,
    Attr::BirthDate,
    Attr::HireDate,
];
/// kaonavi's own gender options (a customer may add others: map them with `[genders]`).
const GENDER_OPTIONS: [&str; 2] = ["男性", "女性"];

const MEMBER_ACTIONS: &[Action] = &[
    Action::Create,
    Action::Update,
    Action::Unchanged,
    Action::Skipped,
    Action::TargetOnly,
    Action::Excluded,
];

/// ロウムメイト's 連携対象者設定, from the flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// 雇用形態 values to carry (empty = every one).
    pub employment_types: Vec<String>,
    pub hired_from: Option<NaiveDate>,
    pub hired_until: Option<NaiveDate>,
    pub cp932: bool,
    /// The language of the `unmapped-gender` error.
    pub lang: Lang,
}

fn value(e: &Employee, attr: Attr) -> String {
    let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
    match attr {
        Attr::EmployeeNumber => e.employee_number().to_string(),
        Attr::FamilyName => full_name(e.family_name(), e.given_name()),
        Attr::FamilyKana => full_name(e.family_kana(), e.given_kana()),
        Attr::Gender => e.gender().to_string(),
        Attr::BirthDate => date(e.birth_date),
        Attr::HireDate => date(e.hire_date),
        _ => String::new(),
    }
}

/// Why the guide's filter, or the optional ones, keep a row out: the column and its value.
fn skipped_by(e: &Employee, options: &Options) -> Option<FieldChange> {
    let because = |field: &'static str, before: &str| {
        Some(FieldChange {
            field,
            before: before.to_string(),
            after: String::new(),
        })
    };
    if matches!(e.employment_status(), "応募者" | "退職") {
        return because("従業員ステータス", e.employment_status());
    }
    if e.entry_status() != "データ入力完了" {
        return because("状況", e.entry_status());
    }
    if !options.employment_types.is_empty()
        && !options
            .employment_types
            .iter()
            .any(|t| t == e.employment_type_raw())
    {
        return because("雇用形態", e.employment_type_raw());
    }
    if options.hired_from.is_some() || options.hired_until.is_some() {
        let inside = e.hire_date.is_some_and(|d| {
            options.hired_from.is_none_or(|from| d >= from)
                && options.hired_until.is_none_or(|until| d <= until)
        });
        if !inside {
            let shown = e.hire_date.map(format_date).unwrap_or_default();
            return because("入社日", &shown);
        }
    }
    None
}

/// Refuse the run when a gender value is linked to no kaonavi option (the guide 「データ連携」 ④: every
/// option must be linked before the sync starts, so every row counts, carried or not).
fn check_genders(sets: &Sets, lang: Lang) -> Result<()> {
    let t = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let linked: HashSet<&str> = GENDER_OPTIONS
        .iter()
        .copied()
        .chain(sets.mapping.genders.iter().map(|(_, to)| to.as_str()))
        .chain(sets.shown_genders.iter().copied())
        .collect();
    let mut unlinked: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for e in sets.employees.records.iter().filter(|e| !e.undecodable) {
        if !e.gender().is_empty() && !linked.contains(e.gender()) {
            unlinked.entry(e.gender()).or_default().push(e.at.row);
        }
    }
    if unlinked.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = unlinked
        .iter()
        .map(|(value, rows)| crate::lang::with_rows(lang, &format!("{value:?}"), rows, 5))
        .collect();
    let example = unlinked.keys().next().copied().unwrap_or_default();
    let file = sets
        .employees
        .records
        .first()
        .map(|e| e.at.file.to_string())
        .unwrap_or_default();
    bail!(
        "[{}] {file}: {}: {}. {} [genders] {} (\"{example}\" = \"…\"). {}",
        Code::UnmappedGender.id(),
        t(
            "カオナビの選択肢に紐づかない性別の値があります",
            "gender values linked to no kaonavi option"
        ),
        listed.join(", "),
        t("--mapping ファイルの", "Link each in the"),
        t("で紐づけてください", "table of a --mapping file"),
        t("何も書き出していません。", "Nothing was written.")
    );
}

pub fn plan<'a>(sets: &Sets, options: &Options) -> Result<Plan<'a>> {
    check_genders(sets, options.lang)?;
    let source = sets.employees;
    let current = sets.current_employees;
    let records = &source.records;
    let current_by_number = current_by_key(&current.records, |e| e.employee_number());
    let skipped: Vec<Option<FieldChange>> = records
        .iter()
        .map(|e| (!e.undecodable).then(|| skipped_by(e, options)).flatten())
        .collect();
    let carried = |i: usize| !records[i].undecodable && skipped[i].is_none();
    let by_number = rows_by_key(
        (0..records.len())
            .filter(|&i| carried(i))
            .map(|i| (i, records[i].employee_number())),
    );

    let mut counts = Counts::new("employees", ("メンバー", "members"), MEMBER_ACTIONS);
    let mut exclusions = Vec::new();
    let mut changes = Vec::new();
    let mut members = Vec::new();
    for (i, e) in records.iter().enumerate() {
        let key = e.employee_number();
        let name = full_name(e.family_name(), e.given_name());
        if let Some(why) = &skipped[i] {
            changes.extend(change_lines(
                Kind::Employee,
                Action::Skipped,
                if key.is_empty() { e.email() } else { key },
                &name,
                std::slice::from_ref(why),
            ));
            counts.add(Action::Skipped);
            continue;
        }
        let mut reasons = Vec::new();
        if e.undecodable {
            reasons.push((Code::InvalidEncoding, Detail::None));
        } else {
            if key.is_empty() {
                reasons.push((Code::MissingEmployeeCode, Detail::None));
            } else if let Some(rows) = by_number.get(key).filter(|r| r.len() > 1) {
                reasons.push((Code::DuplicateEmployeeCode, rows_detail(key, records, rows)));
            }
            if e.family_name().is_empty() {
                reasons.push((Code::MissingName, Detail::None));
            }
        }
        let matched = current_by_number.get(key).map(|&m| &current.records[m]);
        let row: Vec<String> = MEMBER_ATTRS
            .iter()
            .map(|&attr| {
                if source.provided.contains(&attr) {
                    value(e, attr)
                } else {
                    matched.map(|c| value(c, attr)).unwrap_or_default()
                }
            })
            .collect();
        if reasons.is_empty() && options.cp932 {
            reasons = unencodable(&MEMBER_HEADERS, &row);
        }
        if !reasons.is_empty() {
            let shown = if key.is_empty() { e.email() } else { key };
            exclusions.extend(
                reasons
                    .into_iter()
                    .map(|(code, detail)| exclusion(e, shown, code, detail)),
            );
            counts.add(Action::Excluded);
            continue;
        }
        let action = match matched {
            None => Action::Create,
            Some(c) => {
                let before: Vec<String> = MEMBER_ATTRS.iter().map(|&a| value(c, a)).collect();
                let compared: Vec<&str> = MEMBER_HEADERS
                    .iter()
                    .zip(MEMBER_ATTRS)
                    .filter(|(_, a)| source.provided.contains(a) && current.provided.contains(a))
                    .map(|(h, _)| *h)
                    .collect();
                let fields = compare(&MEMBER_HEADERS, &before, &row, &compared);
                let action = if fields.is_empty() {
                    Action::Unchanged
                } else {
                    Action::Update
                };
                changes.extend(change_lines(Kind::Employee, action, key, &name, &fields));
                action
            }
        };
        if action == Action::Create {
            changes.extend(change_lines(Kind::Employee, action, key, &name, &[]));
        }
        if action != Action::Unchanged {
            members.push(row);
        }
        counts.add(action);
    }

    let source_numbers: HashSet<&str> = records
        .iter()
        .map(|e| e.employee_number())
        .filter(|k| !k.is_empty())
        .collect();
    for c in current.records.iter().filter(|c| !c.undecodable) {
        if !c.employee_number().is_empty() && !source_numbers.contains(c.employee_number()) {
            let name = full_name(c.family_name(), c.given_name());
            changes.extend(change_lines(
                Kind::Employee,
                Action::TargetOnly,
                c.employee_number(),
                &name,
                &[],
            ));
            counts.add(Action::TargetOnly);
        }
    }

    let mut plan = Plan::new((
        "次の手順: カオナビのメンバー一括更新（基本情報）で employees.csv を取り込んでください。項目名は変えないでください。",
        "Next: import employees.csv with kaonavi's bulk member update (基本情報). Do not rename its columns.",
    ));
    plan.files = vec![
        ImportFile::new("employees.csv", "基本情報", &MEMBER_HEADERS, members)
            .keyed(Kind::Employee, "社員番号"),
    ];
    plan.exclusions = exclusions;
    plan.changes = changes;
    plan.counts = vec![counts];
    Ok(plan)
}

// kaonavi's flags, ロウムメイト's 連携対象者設定 (plain comment: a doc comment would become the
// command's about).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct KaonaviArgs {
    /// kaonavi: carry only employees of this ロウムメイト 雇用形態 (repeatable).
    #[arg(long, value_name = "TYPE", help_heading = "kaonavi (--to kaonavi)")]
    pub employment_type: Vec<String>,
    /// kaonavi: carry only employees hired on or after this date.
    #[arg(long, value_name = "DATE", help_heading = "kaonavi (--to kaonavi)")]
    pub hired_from: Option<String>,
    /// kaonavi: carry only employees hired on or before this date.
    #[arg(long, value_name = "DATE", help_heading = "kaonavi (--to kaonavi)")]
    pub hired_until: Option<String>,
}

static FLAGS: FlagSet = FlagSet {
    name: "kaonavi",
    augment: <KaonaviArgs as clap::Args>::augment_args,
};

pub struct Kaonavi;

static ABOUT: About = About {
    system: System::Kaonavi,
    help: "kaonavi members (docs/receivers/kaonavi.md), from ロウムメイト: 基本情報",
    help_ja: "カオナビのメンバー（docs/receivers/kaonavi.md）: ロウムメイトから基本情報",
    source: Some(System::Roumumate),
    takes_departments: false,
    flags: &[&FLAGS],
    codes: &[
        Code::MissingEmployeeCode,
        Code::DuplicateEmployeeCode,
        Code::MissingName,
        Code::UnencodableCharacter,
        Code::UnmappedGender,
    ],
    sample: &[
        "--to",
        "kaonavi",
        "--employees",
        "samples/roumumate/employees.tsv",
        "--current-employees",
        "samples/kaonavi/members.csv",
    ],
    landings: &[Landing::upserts(
        "employees.csv",
        "基本情報",
        Kind::Employee,
        "社員番号",
    )],
};

impl Receiver for Kaonavi {
    fn about(&self) -> &'static About {
        &ABOUT
    }
    fn configure(&self, matches: &ArgMatches, config: &RunConfig) -> Result<Box<dyn Rules>> {
        let lang = config.lang;
        let args = KaonaviArgs::from_arg_matches(matches)?;
        let date = |flag: &str, value: &Option<String>| -> Result<Option<NaiveDate>> {
            match value {
                None => Ok(None),
                Some(text) => match normalize::parse_date(text) {
                    Ok(Some(d)) => Ok(Some(d)),
                    _ => Err(usage(
                        flag,
                        text,
                        (
                            "日付として読めません（例: 2024/04/01）",
                            "not a date (e.g. 2024/04/01)",
                        ),
                        lang,
                    )),
                },
            }
        };
        let options = Options {
            employment_types: args
                .employment_type
                .iter()
                .map(|v| normalize::trim(v).to_string())
                .collect(),
            hired_from: date("--hired-from", &args.hired_from)?,
            hired_until: date("--hired-until", &args.hired_until)?,
            cp932: config.cp932(),
            lang,
        };
        if let (Some(from), Some(until)) = (options.hired_from, options.hired_until) {
            if from > until {
                bail!(
                    "--hired-from {} --hired-until {}: {}",
                    format_date(from),
                    format_date(until),
                    lang.pick(
                        "開始日が終了日より後です",
                        "the first date is after the last"
                    )
                );
            }
        }
        let mut required = vec![
            Field::EmployeeNumber,
            Field::FamilyName,
            Field::EmploymentStatus,
            Field::EntryStatus,
        ];
        if !options.employment_types.is_empty() {
            required.push(Field::EmploymentType);
        }
        if options.hired_from.is_some() || options.hired_until.is_some() {
            required.push(Field::HireDate);
        }
        Ok(Box::new(KaonaviRules {
            options,
            reads: Reads::keyed_by_employee_number(
                required,
                &[
                    Field::FamilyKana,
                    Field::GivenKana,
                    Field::Gender,
                    Field::BirthDate,
                    Field::HireDate,
                    Field::EmploymentStatus,
                    Field::EntryStatus,
                    Field::EmploymentType,
                ],
                // The member export's profile also lists fields ミキワメ's direction reads.
                Some(&[
                    Field::EmployeeNumber,
                    Field::FullName,
                    Field::FullKana,
                    Field::Gender,
                    Field::BirthDate,
                    Field::HireDate,
                ]),
            ),
        }))
    }
}

struct KaonaviRules {
    options: Options,
    reads: Reads,
}

impl Rules for KaonaviRules {
    fn reads(&self) -> &Reads {
        &self.reads
    }
    fn import_csvs(&self) -> &'static [&'static str] {
        &["employees.csv"]
    }
    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>> {
        plan(&Sets::of(inputs), &self.options)
    }
}

#[cfg(test)]
mod tests {
    use crate::receiver::testing::{plan, rows, Planned};

    const HR_HEADER: &str = "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,性別,生年月日,入社日,従業員ステータス,状況,雇用形態\n";
    const CURRENT: &str = "社員番号,氏名,フリガナ,メールアドレス,性別,生年月日,入社日\n\
                           1001,山田 太郎,ヤマダ タロウ,taro@example.co.jp,男性,1980/05/06,2010/04/01\n";

    fn run(hr_rows: &str, extra: &[&str]) -> anyhow::Result<Planned> {
        let hr = format!("{HR_HEADER}{hr_rows}");
        let mut args = vec![
            "--to",
            "kaonavi",
            "--employees",
            "hr.csv",
            "--current-employees",
            "members.csv",
        ];
        args.extend(extra);
        plan(&args, &[("hr.csv", &hr), ("members.csv", CURRENT)])
    }

    /// Each case: HR rows, the flags, the members written and the skipped lines of changes.csv
    /// (key, column, value).
    #[test]
    fn member_rules() {
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a [&'a str],
            &'a [&'a [&'a str]],
            &'a [[&'a str; 3]],
        );
        let cases: [Case; 3] = [
            (
                "a carried member in kaonavi's layout; an unchanged one is not written",
                "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,男性,1980-05-06,2010-04-01,在籍,データ入力完了,正社員\n\
                 1002,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,女性,1990-01-02,2015-04-01,在籍,データ入力完了,正社員\n",
                &[],
                &[&["1002", "佐藤 花子", "サトウ ハナコ", "女性", "1990/01/02", "2015/04/01"]],
                &[],
            ),
            (
                "the guide's filter: 退職 and an entry not completed are skipped, not refused",
                "1003,鈴木,一郎,スズキ,イチロウ,,男性,,,退職,データ入力完了,正社員\n\
                 1004,高橋,三郎,タカハシ,サブロウ,,男性,,,在籍,入力中,正社員\n",
                &[],
                &[],
                &[["1003", "従業員ステータス", "退職"], ["1004", "状況", "入力中"]],
            ),
            (
                "the optional filters: employment type and hire dates",
                "1005,伊藤,四郎,イトウ,シロウ,,男性,,2020-04-01,在籍,データ入力完了,契約社員\n\
                 1006,渡辺,五郎,ワタナベ,ゴロウ,,男性,,2019-04-01,在籍,データ入力完了,正社員\n\
                 1007,中村,六郎,ナカムラ,ロクロウ,,男性,,2021-04-01,在籍,データ入力完了,正社員\n",
                &["--employment-type", "正社員", "--hired-from", "2020/01/01"],
                &[&["1007", "中村 六郎", "ナカムラ ロクロウ", "男性", "", "2021/04/01"]],
                &[["1005", "雇用形態", "契約社員"], ["1006", "入社日", "2019/04/01"]],
            ),
        ];
        for (name, hr_rows, flags, members, skipped) in cases {
            let planned = run(hr_rows, flags).unwrap();
            assert_eq!(planned.excluded(), [], "{name}");
            assert_eq!(planned.rows("employees.csv"), rows(members), "{name}");
            let found: Vec<[&str; 3]> = planned
                .changes
                .iter()
                .filter(|c| c[1] == "skipped")
                .map(|c| [c[2].as_str(), c[3].as_str(), c[4].as_str()])
                .collect();
            assert_eq!(found, skipped, "{name}");
        }
    }

    /// A gender linked to no kaonavi option stops the run before anything is written.
    #[test]
    fn unmapped_gender_stops_the_run() {
        let error = run(
            "1008,小林,七子,コバヤシ,ナナコ,,未回答,,,在籍,データ入力完了,正社員\n",
            &[],
        )
        .unwrap_err();
        assert!(
            format!("{error:#}").starts_with("[unmapped-gender]"),
            "{error:#}"
        );
    }

    /// kaonavi takes dates only as yyyy/mm/dd (docs/layouts/kaonavi.md): each way a source
    /// writes a date becomes that, and a date that matches kaonavi's after that is unchanged.
    #[test]
    fn dates_are_written_yyyy_mm_dd() {
        let cases: [(&str, &str, &str); 7] = [
            ("1990-01-02", "1990/01/02", "hyphens"),
            ("19900102", "1990/01/02", "compact"),
            ("平成2年1月2日", "1990/01/02", "an era in kanji"),
            ("H2.1.2", "1990/01/02", "an era letter"),
            ("1990年1月2日", "1990/01/02", "年月日"),
            ("1990.1.2", "1990/01/02", "dots, one digit"),
            ("令和元年5月1日", "2019/05/01", "the first year of an era"),
        ];
        for (written, expected, what) in cases {
            let planned = run(
                &format!(
                    "1002,佐藤,花子,サトウ,ハナコ,,女性,{written},{written},在籍,データ入力完了,正社員\n"
                ),
                &[],
            )
            .unwrap();
            assert_eq!(
                planned.rows("employees.csv"),
                rows(&[&[
                    "1002",
                    "佐藤 花子",
                    "サトウ ハナコ",
                    "女性",
                    expected,
                    expected
                ]]),
                "{what}"
            );
        }
        // The member kaonavi has, with its dates written another way: unchanged, not written.
        let planned = run(
            "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,男性,昭和55年5月6日,20100401,在籍,データ入力完了,正社員\n",
            &[],
        )
        .unwrap();
        assert!(planned.rows("employees.csv").is_empty());
    }
}
