//! `meibo reconcile --to meishi|kitera|kaonavi` (SPEC §7): the receiving systems of guides 002–004
//! on the shared reading, reconcile and writing stages.
//!
//! Each flag of these systems applies to some of them only; [`check_flags`] refuses one given with
//! another `--to` (ミキワメ's path calls it too). The run: read the inputs, let the system's module
//! under `target/` make its [`Plan`], refuse too many deletions (`mass-delete`) before anything is
//! written, then write the import files and the reports as `reconcile` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::{describe, load, print_closing_details, Loaded, Reading};
use crate::cli::{Auth, ImportFormat, OutputEncoding, ReconcileArgs, SourceSystem, TargetSystem};
use crate::lang::t;
use crate::model::{DepartmentSet, EmployeeSet, Provenance, Warning};
use crate::normalize;
use crate::output::{self, csv as csv_out, html, reports, summary, xlsx, Staging};
use crate::progress::Progress;
use crate::reason::Code;
use crate::receiver::{kaonavi, kitera, meishi, Plan, Sets};
use crate::rules::{Action, Exclusion, Kind};
use crate::source::{self, records, Field, Role, System};
use crate::Outcome;

use TargetSystem::{Kaonavi, Kitera, Meishi, Mikiwame};

/// Refuse a flag that does not apply to the chosen `--to` (SPEC §1: bad usage, exit 2).
pub fn check_flags(args: &ReconcileArgs) -> Result<()> {
    let flags = &args.targets;
    let given: [(&str, bool, &[TargetSystem]); 13] = [
        (
            "--departments",
            args.departments.is_some(),
            &[Mikiwame, Meishi],
        ),
        (
            "--current-departments",
            args.current_departments.is_some(),
            &[Mikiwame, Meishi],
        ),
        ("--group-level", flags.group_level.is_some(), &[Meishi]),
        ("--company-id", flags.company_id.is_some(), &[Meishi]),
        ("--auth", flags.auth.is_some(), &[Kitera]),
        ("--default-group", flags.default_group.is_some(), &[Kitera]),
        (
            "--allowed-domain",
            !flags.allowed_domain.is_empty(),
            &[Kitera],
        ),
        ("--user-limit", flags.user_limit.is_some(), &[Kitera]),
        (
            "--max-deletions",
            flags.max_deletions.is_some(),
            &[Meishi, Kitera],
        ),
        (
            "--allow-mass-delete",
            flags.allow_mass_delete,
            &[Meishi, Kitera],
        ),
        (
            "--employment-type",
            !flags.employment_type.is_empty(),
            &[Kaonavi],
        ),
        ("--hired-from", flags.hired_from.is_some(), &[Kaonavi]),
        ("--hired-until", flags.hired_until.is_some(), &[Kaonavi]),
    ];
    for (flag, is_given, applies_to) in given {
        if is_given && !applies_to.contains(&args.to) {
            let names: Vec<&str> = applies_to.iter().map(|&s| target_id(s)).collect();
            bail!(
                "{flag} {} --to {} {} (--to {})",
                t("は", "applies to"),
                names.join(" / "),
                t("でのみ使えます", "only"),
                target_id(args.to)
            );
        }
    }
    Ok(())
}

fn target_id(target: TargetSystem) -> &'static str {
    match target {
        Mikiwame => "mikiwame",
        Meishi => "meishi",
        Kitera => "kitera",
        Kaonavi => "kaonavi",
    }
}

/// The receiving system, the HR system its guide reads, and the rules' settings.
struct Settings {
    target: System,
    source: System,
    rules: Rules,
    max_deletions: Limit,
    allow_mass_delete: bool,
    /// Source fields the rules cannot do without (their headers are required).
    required: Vec<Field>,
    /// Fields the rules read from the HR export, and from the current export (`None` = every
    /// field of its profile): a missing optional header of another field is not worth a warning.
    source_used: Vec<Field>,
    current_used: Option<&'static [Field]>,
}

enum Rules {
    Meishi(meishi::Options),
    Kitera(kitera::Options),
    Kaonavi(kaonavi::Options),
}

/// `--max-deletions`: a count, or a share of the current records.
#[derive(Debug, Clone, Copy)]
enum Limit {
    Count(usize),
    Percent(f64),
}

impl Limit {
    fn allows(self, deletions: usize, current: usize) -> bool {
        match self {
            Limit::Count(n) => deletions <= n,
            Limit::Percent(p) => deletions as f64 <= current as f64 * p / 100.0,
        }
    }
    fn describe(self, current: usize) -> String {
        match self {
            Limit::Count(n) => n.to_string(),
            Limit::Percent(p) => format!("{p}% = {}", (current as f64 * p / 100.0).floor()),
        }
    }
}

fn usage(flag: &str, value: &str, expected: (&str, &str)) -> anyhow::Error {
    anyhow::anyhow!("{flag} {value:?}: {}", t(expected.0, expected.1))
}

impl Settings {
    fn from_args(args: &ReconcileArgs) -> Result<Settings> {
        let flags = &args.targets;
        let cp932 = args.encoding == OutputEncoding::Cp932;
        let (target, source) = match args.to {
            Meishi => (System::Meishi, System::SmartHr),
            Kitera => (System::Kitera, System::SmartHr),
            Kaonavi => (System::Kaonavi, System::Roumumate),
            Mikiwame => unreachable!("ミキワメ has its own path"),
        };
        let from = args.from.map(|s| match s {
            SourceSystem::Smarthr => System::SmartHr,
            SourceSystem::Kaonavi => System::Kaonavi,
            SourceSystem::Hrbrain => System::HrBrain,
            SourceSystem::Roumumate => System::Roumumate,
        });
        if let Some(from) = from.filter(|&f| f != source) {
            bail!(
                "--from {} --to {}: {} {} {}",
                from.id(),
                target_id(args.to),
                target.label(),
                t(
                    "への連携はガイドどおり次のシステムから行います:",
                    "is fed, as its guide says, from"
                ),
                source.id()
            );
        }
        let max_deletions = match flags.max_deletions.as_deref() {
            None => Limit::Percent(20.0),
            Some(text) => {
                let value = normalize::code(text);
                let parsed = match value.strip_suffix('%') {
                    Some(p) => p
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|p| p.is_finite() && *p >= 0.0)
                        .map(Limit::Percent),
                    None => value.parse::<usize>().ok().map(Limit::Count),
                };
                parsed.ok_or_else(|| {
                    usage(
                        "--max-deletions",
                        text,
                        (
                            "件数（例: 50）か割合（例: 30%）で指定してください",
                            "expected a count (e.g. 50) or a share (e.g. 30%)",
                        ),
                    )
                })?
            }
        };
        let mut required = vec![Field::EmployeeNumber, Field::FamilyName];
        let rules = match args.to {
            Meishi => {
                let group_level = match flags.group_level.as_deref().map(normalize::code) {
                    None => None,
                    Some(v) if v.eq_ignore_ascii_case("none") => None,
                    Some(v) => Some(
                        v.parse::<usize>()
                            .ok()
                            .filter(|n| (1..=10).contains(n))
                            .ok_or_else(|| {
                                usage(
                                    "--group-level",
                                    &v,
                                    (
                                        "1〜10 か none で指定してください（SmartHRの部署1〜部署10）",
                                        "expected 1-10 or none (SmartHR's 部署1…部署10)",
                                    ),
                                )
                            })?,
                    ),
                };
                if let Some(n) = group_level {
                    required.push(Field::DEPARTMENTS[n - 1]);
                    if args.departments.is_none() {
                        bail!(
                            "--group-level {n}: {}",
                            t(
                                "部署をグループとして適用するには --departments でSmartHRの部署エクスポートを指定してください（ガイド: 部署⇒グループも同期されます）",
                                "applying departments as groups needs SmartHR's department export in --departments (the guide: departments are synced to groups too)"
                            )
                        );
                    }
                }
                let company_id = flags
                    .company_id
                    .as_deref()
                    .map(normalize::code)
                    .filter(|c| !c.is_empty())
                    .with_context(|| {
                        format!(
                            "--to meishi: {}",
                            t(
                                "--company-id で企業IDを指定してください（初期パスワード「企業ID-生年月日」に使います）",
                                "give the company ID with --company-id (the initial password is <company id>-<birth date>)"
                            )
                        )
                    })?;
                required.push(Field::BirthDate);
                Rules::Meishi(meishi::Options {
                    group_level,
                    company_id,
                    cp932,
                })
            }
            Kitera => {
                let default_group = flags
                    .default_group
                    .as_deref()
                    .map(|g| normalize::trim(g).to_string())
                    .filter(|g| !g.is_empty())
                    .with_context(|| {
                        format!(
                            "--to kitera: {}",
                            t(
                                "--default-group でデフォルトグループを指定してください（同期するユーザー全員に設定されます）",
                                "give the default group with --default-group (every synced user gets it)"
                            )
                        )
                    })?;
                let mut allowed_domains = Vec::new();
                for domain in &flags.allowed_domain {
                    let d = normalize::email(domain).to_lowercase();
                    let d = d.trim_start_matches('@').to_string();
                    if d.is_empty() || !normalize::is_valid_email(&format!("x@{d}")) {
                        return Err(usage(
                            "--allowed-domain",
                            domain,
                            (
                                "ドメイン名を指定してください（例: example.co.jp）",
                                "expected a domain such as example.co.jp",
                            ),
                        ));
                    }
                    allowed_domains.push(d);
                }
                required.push(Field::Email);
                Rules::Kitera(kitera::Options {
                    login: match flags.auth {
                        Some(Auth::Sso) => kitera::Login::Sso,
                        Some(Auth::Password) | None => kitera::Login::Password,
                    },
                    default_group,
                    allowed_domains,
                    user_limit: flags.user_limit,
                    cp932,
                    current_has_login_method: false,
                })
            }
            Kaonavi => {
                let date =
                    |flag: &str, value: &Option<String>| -> Result<Option<chrono::NaiveDate>> {
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
                                )),
                            },
                        }
                    };
                let options = kaonavi::Options {
                    employment_types: flags
                        .employment_type
                        .iter()
                        .map(|v| normalize::trim(v).to_string())
                        .collect(),
                    hired_from: date("--hired-from", &flags.hired_from)?,
                    hired_until: date("--hired-until", &flags.hired_until)?,
                    cp932,
                };
                if let (Some(from), Some(until)) = (options.hired_from, options.hired_until) {
                    if from > until {
                        bail!(
                            "--hired-from {} --hired-until {}: {}",
                            normalize::format_date(from),
                            normalize::format_date(until),
                            t(
                                "開始日が終了日より後です",
                                "the first date is after the last"
                            )
                        );
                    }
                }
                required.extend([Field::EmploymentStatus, Field::EntryStatus]);
                if !options.employment_types.is_empty() {
                    required.push(Field::EmploymentType);
                }
                if options.hired_from.is_some() || options.hired_until.is_some() {
                    required.push(Field::HireDate);
                }
                Rules::Kaonavi(options)
            }
            Mikiwame => unreachable!("ミキワメ has its own path"),
        };
        // The fields the rules read from the HR export; for kaonavi's member export too (its
        // profile also lists fields ミキワメ's direction reads). Other current exports' profiles
        // list only what the rules read.
        let (mut source_used, current_used): (Vec<Field>, Option<&'static [Field]>) = match &rules {
            Rules::Meishi(_) => (vec![Field::Email, Field::BirthDate], None),
            Rules::Kitera(_) => (vec![Field::Email, Field::EmploymentStatus], None),
            Rules::Kaonavi(_) => (
                vec![
                    Field::FamilyKana,
                    Field::GivenKana,
                    Field::Gender,
                    Field::BirthDate,
                    Field::HireDate,
                    Field::EmploymentStatus,
                    Field::EntryStatus,
                    Field::EmploymentType,
                ],
                Some(&[
                    Field::EmployeeNumber,
                    Field::FullName,
                    Field::FullKana,
                    Field::Gender,
                    Field::BirthDate,
                    Field::HireDate,
                ]),
            ),
        };
        source_used.extend([Field::EmployeeNumber, Field::FamilyName, Field::GivenName]);
        source_used.extend(required.iter().copied());
        Ok(Settings {
            target,
            source,
            rules,
            max_deletions,
            allow_mass_delete: flags.allow_mass_delete,
            required,
            source_used,
            current_used,
        })
    }

    /// The import CSVs this system writes (in import order).
    fn import_csvs(&self) -> &'static [&'static str] {
        match self.rules {
            Rules::Meishi(_) => &["departments.csv", "employees.csv", "departments_delete.csv"],
            Rules::Kitera(_) => &["employees.csv", "employees_delete.csv"],
            Rules::Kaonavi(_) => &["employees.csv"],
        }
    }

    fn output_names(&self, formats: &[ImportFormat]) -> Vec<&'static str> {
        super::reconcile_output_names(self.import_csvs(), formats)
    }
}

/// Everything read for one run.
struct Inputs {
    employees: (Loaded, EmployeeSet),
    departments: Option<(Loaded, DepartmentSet)>,
    current_employees: (Loaded, EmployeeSet),
    current_departments: Option<(Loaded, DepartmentSet)>,
}

pub fn run(args: ReconcileArgs, reading: &Reading, quiet: bool) -> Result<Outcome> {
    let mut settings = Settings::from_args(&args)?;
    let output_names = settings.output_names(&args.format);
    let input_paths = args.input_paths();
    output::refuse_overwriting_inputs(
        &args.out,
        &output_names,
        &input_paths,
        crate::lang::current(),
    )?;

    let progress = Progress::new(quiet);
    let stage = progress.spinner(t("読み込み中", "reading"));
    let inputs = read_inputs(&args, reading, &settings)?;
    stage.set_message(t("照合中", "reconciling"));
    if let Rules::Kitera(options) = &mut settings.rules {
        options.current_has_login_method = inputs.current_employees.0.map.has(Field::LoginMethod);
    }
    let sets = Sets {
        employees: &inputs.employees.1,
        departments: inputs.departments.as_ref().map(|(_, s)| s),
        current_employees: &inputs.current_employees.1,
        current_departments: inputs.current_departments.as_ref().map(|(_, s)| s),
        mapping: &reading.mapping,
    };
    let mut plan = match &settings.rules {
        Rules::Meishi(options) => meishi::plan(&sets, options),
        Rules::Kitera(options) => kitera::plan(&sets, options),
        Rules::Kaonavi(options) => kaonavi::plan(&sets, options)?,
    };
    debug_assert_eq!(
        plan.files.iter().map(|f| f.csv).collect::<Vec<_>>(),
        settings.import_csvs()
    );
    refuse_mass_deletion(&settings, &plan)?;
    let warnings = warnings(&inputs, &plan, &settings);
    plan.exclusions.extend(undecodable_current_rows(&inputs));

    stage.set_message(t("書き出し中", "writing"));
    let mut staging = Staging::new(
        &args.out,
        &output_names,
        &input_paths,
        crate::lang::current(),
    )?;
    write_outputs(&mut staging, &args, &settings, &inputs, &plan, &warnings)?;
    let written = staging.commit()?;
    drop(stage);
    print_closing_summary(&settings, &plan, &warnings, &written);
    Ok(if plan.exclusions.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    })
}

/// Read the inputs concurrently (each file on its own thread).
fn read_inputs(args: &ReconcileArgs, reading: &Reading, settings: &Settings) -> Result<Inputs> {
    let source_employees = source::profiles(&[Role::Employees], Some(settings.source));
    let source_departments = source::profiles(
        &[Role::Departments, Role::DepartmentLevels],
        Some(settings.source),
    );
    let current_employees = source::profiles(&[Role::Employees], Some(settings.target));
    let current_departments = source::profiles(&[Role::Departments], Some(settings.target));
    let guide = format!(
        "--to {}: {} {}",
        settings.target.id(),
        settings.target.label(),
        t("の現在のエクスポート", "current export")
    );
    let from = format!(
        "--to {}: {} {}",
        settings.target.id(),
        settings.source.label(),
        t("のエクスポートを読みます", "export expected")
    );
    let employees = |path: &Path, profiles: &[&'static source::Profile], required: &[Field]| {
        let loaded = load(path, reading, profiles, Some(required))?;
        let set = records::employees(&loaded.table, &loaded.map, &reading.mapping);
        anyhow::Ok((loaded, set))
    };
    let departments = |path: &Path, profiles: &[&'static source::Profile]| {
        let loaded = load(path, reading, profiles, None)?;
        let set = records::departments(&loaded.table, &loaded.map);
        anyhow::Ok((loaded, set))
    };
    std::thread::scope(|scope| {
        let source_depts = args
            .departments
            .as_deref()
            .map(|p| scope.spawn(|| departments(p, &source_departments)));
        let current = scope.spawn(|| {
            employees(
                &args.current_employees,
                &current_employees,
                &[Field::EmployeeNumber],
            )
        });
        let current_depts = args
            .current_departments
            .as_deref()
            .map(|p| scope.spawn(|| departments(p, &current_departments)));
        let source = employees(&args.employees, &source_employees, &settings.required);
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<(Loaded, DepartmentSet)>>| {
            h.join().expect("reader thread does not panic")
        };
        Ok(Inputs {
            employees: source.with_context(|| from.clone())?,
            departments: source_depts
                .map(join)
                .transpose()
                .with_context(|| from.clone())?,
            current_employees: current
                .join()
                .expect("reader thread does not panic")
                .with_context(|| guide.clone())?,
            current_departments: current_depts
                .map(join)
                .transpose()
                .with_context(|| guide.clone())?,
        })
    })
}

/// Stop before anything is written when a kind of record would lose more than the limit.
fn refuse_mass_deletion(settings: &Settings, plan: &Plan) -> Result<()> {
    if settings.allow_mass_delete {
        return Ok(());
    }
    let too_many: Vec<String> = plan
        .deletions
        .iter()
        .filter(|d| !settings.max_deletions.allows(d.count, d.current))
        .map(|d| {
            let what = match d.kind {
                Kind::Department => t("グループ", "groups"),
                _ => t("ユーザー", "users"),
            };
            format!(
                "{what} {} / {} ({} {})",
                d.count,
                d.current,
                t("上限", "limit"),
                settings.max_deletions.describe(d.current)
            )
        })
        .collect();
    if too_many.is_empty() {
        return Ok(());
    }
    bail!(
        "[{}] {} {}: {}. {}",
        Code::MassDelete.id(),
        settings.target.label(),
        t(
            "から削除される件数が上限を超えるため中止しました",
            "would lose more records than allowed"
        ),
        too_many.join(", "),
        t(
            "入力ファイルが正しいか確認してください。意図どおりなら --allow-mass-delete を付けるか --max-deletions で上限を指定してください。何も書き出していません。",
            "Check the inputs; if intended, add --allow-mass-delete or raise --max-deletions. Nothing was written."
        )
    );
}

/// The readers' warnings that matter for these systems, then the rules' own. None of them writes
/// an employment type, so `unmapped-employment-type` is left out; the current exports' one-cell
/// names are compared whole, so `name-not-split` about them is too; and a missing header is worth
/// a warning only for a field the rules read.
fn warnings(inputs: &Inputs, plan: &Plan, settings: &Settings) -> Vec<Warning> {
    // `header-missing` details end with "(field_id)" (source::records::table_warnings).
    let relevant = |w: &Warning, used: Option<&[Field]>| match w.code {
        Code::UnmappedEmploymentType => false,
        Code::HeaderMissing => match &w.detail {
            crate::model::Detail::HeaderMissing { field, .. } => {
                used.is_none_or(|fields| fields.contains(field))
            }
            _ => true,
        },
        _ => true,
    };
    let source = inputs
        .departments
        .iter()
        .flat_map(|(_, s)| s.warnings.iter())
        .filter(|w| relevant(w, None))
        .chain(
            inputs
                .employees
                .1
                .warnings
                .iter()
                .filter(|w| relevant(w, Some(&settings.source_used))),
        );
    let current = inputs
        .current_departments
        .iter()
        .flat_map(|(_, s)| s.warnings.iter())
        .chain(&inputs.current_employees.1.warnings)
        .filter(|w| relevant(w, settings.current_used) && w.code != Code::NameNotSplit);
    source
        .chain(current)
        .chain(&plan.warnings)
        .cloned()
        .collect()
}

/// Rows of the current exports that do not decode cannot be matched: say so, or their records
/// would silently look new.
fn undecodable_current_rows(inputs: &Inputs) -> Vec<Exclusion> {
    let line = |loaded: &Loaded, at: &Provenance, kind: Kind| Exclusion {
        at: at.clone(),
        kind,
        key: String::new(),
        name: String::new(),
        code: Code::InvalidEncoding,
        detail: loaded.table.encoding.clone().unwrap_or_default().into(),
    };
    let mut lines = Vec::new();
    if let Some((loaded, set)) = &inputs.current_departments {
        lines.extend(
            set.records
                .iter()
                .filter(|d| d.undecodable)
                .map(|d| line(loaded, &d.at, Kind::Department)),
        );
    }
    let (loaded, set) = &inputs.current_employees;
    lines.extend(
        set.records
            .iter()
            .filter(|e| e.undecodable)
            .map(|e| line(loaded, &e.at, Kind::Employee)),
    );
    lines
}

fn write_outputs(
    staging: &mut Staging,
    args: &ReconcileArgs,
    settings: &Settings,
    inputs: &Inputs,
    plan: &Plan,
    warnings: &[Warning],
) -> Result<()> {
    let encoding = match args.encoding {
        OutputEncoding::Utf8Bom => csv_out::Encoding::Utf8Bom,
        OutputEncoding::Utf8 => csv_out::Encoding::Utf8,
        OutputEncoding::Cp932 => csv_out::Encoding::Cp932,
    };
    if args.format.contains(&ImportFormat::Csv) {
        for file in &plan.files {
            csv_out::write_import(
                &staging.file(file.csv),
                file.headers,
                cells(&file.rows),
                encoding,
            )?;
        }
    }
    if args.format.contains(&ImportFormat::Xlsx) {
        let mut workbook = xlsx::new_workbook();
        for file in &plan.files {
            xlsx::add_sheet(
                &mut workbook,
                xlsx::Sheet {
                    name: file.sheet,
                    headers: file.headers,
                    rows: cells(&file.rows),
                },
                crate::lang::current(),
            )?;
        }
        xlsx::save(&mut workbook, &staging.file("import.xlsx"))?;
    }

    let lang = crate::lang::current();
    reports::write_exclusions(&staging.file("exclusions.csv"), &plan.exclusions, lang)?;
    reports::write_changes(&staging.file("changes.csv"), &plan.changes)?;
    reports::write_warnings(&staging.file("warnings.csv"), warnings, lang)?;

    let mut input_summaries = vec![describe(&inputs.employees.0, "employees")];
    if let Some((loaded, _)) = &inputs.departments {
        input_summaries.push(describe(loaded, "departments"));
    }
    input_summaries.push(describe(&inputs.current_employees.0, "current-employees"));
    if let Some((loaded, _)) = &inputs.current_departments {
        input_summaries.push(describe(loaded, "current-departments"));
    }
    let summary = summary::Summary {
        meibo_version: env!("CARGO_PKG_VERSION"),
        command: "reconcile",
        source_system: settings.source.id().to_string(),
        target_system: settings.target.id().to_string(),
        inputs: input_summaries,
        counts: plan
            .counts
            .iter()
            .map(|c| (c.key, c.by_action.clone()))
            .collect::<BTreeMap<_, _>>(),
        exclusions_by_reason: summary::by_id(&summary::count_codes(
            plan.exclusions.iter().map(|x| x.code),
        )),
        warnings_by_code: summary::by_id(&summary::count_codes(warnings.iter().map(|w| w.code))),
        outputs: settings
            .output_names(&args.format)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    std::fs::write(staging.file("summary.json"), summary.to_json()).context("summary.json")?;
    let page = report_page(settings, plan, &summary);
    std::fs::write(staging.file("report.html"), html::render(&page)).context("report.html")?;
    Ok(())
}

/// The view of this run that report.html shows: counts per kind, reasons, warnings, and the
/// exclusions and changes tables.
fn report_page(settings: &Settings, plan: &Plan, summary: &summary::Summary) -> html::Page {
    // One column per action any kind uses, in the order the kinds list them.
    let mut actions: Vec<Action> = Vec::new();
    for counts in &plan.counts {
        for &action in counts.actions {
            if !actions.contains(&action) {
                actions.push(action);
            }
        }
    }
    html::Page {
        lang: crate::lang::current(),
        title: format!(
            "{}: {} → {}",
            t("meibo 照合レポート", "meibo reconcile report"),
            settings.source.label(),
            settings.target.label()
        ),
        inputs: super::page::inputs(summary),
        next_step: Some(t(plan.next_step.0, plan.next_step.1).to_string()),
        counts: html::CountTable {
            columns: actions
                .iter()
                .map(|&a| html::Label::new(a.id(), action_label(a)))
                .collect(),
            rows: plan
                .counts
                .iter()
                .map(|c| html::CountRow {
                    label: html::Label::new(c.key, t(c.label.0, c.label.1)),
                    counts: actions.iter().map(|&a| c.get(a)).collect(),
                })
                .collect(),
        },
        exclusion_reasons: super::page::code_counts(&summary.exclusions_by_reason),
        warnings: super::page::code_counts(&summary.warnings_by_code),
        warnings_csv: "warnings.csv".to_string(),
        tree: None,
        tables: vec![
            super::page::exclusion_table(&plan.exclusions),
            super::page::change_table(&plan.changes),
        ],
    }
}

fn cells(rows: &[Vec<String>]) -> impl Iterator<Item = Vec<&str>> {
    rows.iter().map(|r| r.iter().map(String::as_str).collect())
}

fn action_label(action: Action) -> &'static str {
    match action {
        Action::Create => t("作成", "create"),
        Action::Update => t("更新", "update"),
        Action::Unchanged => t("変更なし", "unchanged"),
        Action::Delete => t("削除", "delete"),
        Action::Skipped => t("対象外", "skipped"),
        Action::TargetOnly => t("連携先のみ", "target-only"),
        Action::Excluded => t("除外", "excluded"),
    }
}

/// The one-screen summary that ends every run (stderr; the data files are the real output).
fn print_closing_summary(
    settings: &Settings,
    plan: &Plan,
    warnings: &[Warning],
    written: &[PathBuf],
) {
    eprintln!(
        "meibo reconcile: {} → {}",
        settings.source.label(),
        settings.target.label()
    );
    for counts in &plan.counts {
        let line: Vec<String> = counts
            .actions
            .iter()
            .map(|&a| format!("{} {}", action_label(a), counts.get(a)))
            .collect();
        eprintln!(
            "  {}: {}",
            t(counts.label.0, counts.label.1),
            line.join(" / ")
        );
    }
    print_closing_details(&plan.exclusions, warnings, written);
    eprintln!("  {}", t(plan.next_step.0, plan.next_step.1));
}
