//! `meibo reconcile`: read the HR export and the receiving system's current export, apply the
//! receiving system's rules (departments first, then employees) and write the import files and
//! reports.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::{describe, load, load_as, print_closing_details, Loaded, Reading};
use crate::cli::{ImportFormat, OutputEncoding, ReconcileArgs, SourceSystem, TargetSystem};
use crate::lang::t;
use crate::model::{DepartmentSet, EmployeeSet, ParentRef, Warning};
use crate::normalize;
use crate::output::{self, csv as csv_out, html, reports, summary, xlsx, Staging};
use crate::progress::{Progress, Stage};
use crate::reason::Code;
use crate::receiver::mikiwame;
use crate::rules::departments::{self, name_key, DepartmentOutcome, DepartmentRules};
use crate::rules::employees::{self, EmployeeOutcome};
use crate::rules::{Action, Change, Exclusion, Kind};
use crate::source::{self, records, Role, System};
use crate::Outcome;

/// Everything read for one run.
struct Inputs {
    employees: (Loaded, EmployeeSet),
    departments: Option<(Loaded, DepartmentSet)>,
    current_employees: (Loaded, EmployeeSet),
    current_departments: Option<(Loaded, DepartmentSet)>,
}

pub fn run(args: ReconcileArgs, quiet: bool) -> Result<Outcome> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("--threads")?;
    }
    let reading = Reading::from_args(&args.read)?;
    super::targets::check_flags(&args)?;
    if args.to != TargetSystem::Mikiwame {
        return super::targets::run(args, &reading, quiet);
    }
    let output_names = output_names(&args.format);
    let input_paths = args.input_paths();
    output::refuse_overwriting_inputs(
        &args.out,
        &output_names,
        &input_paths,
        crate::lang::current(),
    )?;

    let progress = Progress::new(quiet);
    let inputs = read_inputs(&args, &reading, &progress)?;
    let cp932 = args.encoding == OutputEncoding::Cp932;
    let stage = progress.spinner(t("部署を照合中", "reconciling departments"));
    let department_outcome = departments::reconcile(
        inputs.departments.as_ref().map(|(_, set)| set),
        inputs.current_departments.as_ref().map(|(_, set)| set),
        DepartmentRules { cp932 },
    );
    stage.set_message(t("社員を照合中", "reconciling employees"));
    let employee_outcome = employees::reconcile(
        &inputs.employees.1,
        &inputs.current_employees.1,
        &department_outcome.index,
        &mikiwame::employee_row,
        cp932,
    );

    stage.set_message(t("レポートを作成中", "building the reports"));
    let report = Report::build(&inputs, &department_outcome, &employee_outcome);
    drop(stage);

    let stage = progress.bar(t("書き出し中", "writing"), output_names.len() as u64 + 1);
    let mut staging = Staging::new(
        &args.out,
        &output_names,
        &input_paths,
        crate::lang::current(),
    )?;
    write_outputs(
        &mut staging,
        &args,
        &inputs,
        &department_outcome,
        &employee_outcome,
        &report,
        &stage,
    )?;
    stage.set_message(t("確定中", "committing"));
    let written = staging.commit()?;
    drop(stage);
    print_closing_summary(&inputs, &report, &written, &args.format);
    let outcome = if report.exclusions.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    };
    // The process's exit frees every record at once; dropping millions of them one by one would
    // add a pause of its own after the work is done.
    std::mem::forget((inputs, department_outcome, employee_outcome, report));
    Ok(outcome)
}

fn output_names(formats: &[ImportFormat]) -> Vec<&'static str> {
    super::reconcile_output_names(&["departments.csv", "employees.csv"], formats)
}

fn source_system(from: Option<SourceSystem>) -> Option<System> {
    from.map(|s| match s {
        SourceSystem::Smarthr => System::SmartHr,
        SourceSystem::Kaonavi => System::Kaonavi,
        SourceSystem::Hrbrain => System::HrBrain,
        SourceSystem::Roumumate => System::Roumumate,
    })
}

/// Read the four inputs concurrently (each file is parsed on its own thread).
fn read_inputs(args: &ReconcileArgs, reading: &Reading, progress: &Progress) -> Result<Inputs> {
    let from = source_system(args.from);
    let hr_profiles = |roles: &[Role]| -> Vec<&'static source::Profile> {
        source::profiles(roles, from)
            .into_iter()
            .filter(|p| p.system.is_hr())
            .collect()
    };
    let source_employee_profiles = hr_profiles(&[Role::Employees]);
    let source_department_profiles = hr_profiles(&[Role::Departments, Role::DepartmentLevels]);
    let current_employee_profiles = source::profiles(&[Role::Employees], Some(System::Mikiwame));
    let current_department_profiles =
        source::profiles(&[Role::Departments], Some(System::Mikiwame));

    let reading_stage = |path: &Path| {
        progress.spinner(format!("{} {}", t("読み込み中", "reading"), path.display()))
    };
    // Employee files are the large ones: each row becomes an employee as it is read.
    let read_employees =
        |path: &Path, profiles: &[&'static source::Profile]| -> Result<(Loaded, EmployeeSet)> {
            let _stage = reading_stage(path);
            let file: Arc<str> = Arc::from(path.display().to_string());
            let (loaded, built) = load_as(path, reading, profiles, None, |table, map, row| {
                records::employee_row(table, map, &reading.mapping, &file, row)
            })?;
            let set = records::employee_set(&loaded.table, &loaded.map, built);
            Ok((loaded, set))
        };
    let read_departments =
        |path: &Path, profiles: &[&'static source::Profile]| -> Result<(Loaded, DepartmentSet)> {
            let _stage = reading_stage(path);
            let loaded = load(path, reading, profiles, None)?;
            let set = records::departments(&loaded.table, &loaded.map);
            Ok((loaded, set))
        };
    std::thread::scope(|scope| {
        let departments = args
            .departments
            .as_deref()
            .map(|p| scope.spawn(|| read_departments(p, &source_department_profiles)));
        let current_employees =
            scope.spawn(|| read_employees(&args.current_employees, &current_employee_profiles));
        let current_departments = args
            .current_departments
            .as_deref()
            .map(|p| scope.spawn(|| read_departments(p, &current_department_profiles)));
        let employees = read_employees(&args.employees, &source_employee_profiles);
        let join = |handle: std::thread::ScopedJoinHandle<'_, Result<(Loaded, DepartmentSet)>>| {
            handle.join().expect("reader thread does not panic")
        };
        Ok(Inputs {
            employees: employees?,
            departments: departments.map(join).transpose()?,
            current_employees: current_employees
                .join()
                .expect("reader thread does not panic")?,
            current_departments: current_departments.map(join).transpose()?,
        })
    })
}

/// The report lines and counts of a run.
struct Report {
    exclusions: Vec<Exclusion>,
    changes: Vec<Change>,
    warnings: Vec<Warning>,
    department_counts: BTreeMap<&'static str, usize>,
    employee_counts: BTreeMap<&'static str, usize>,
}

impl Report {
    fn build(
        inputs: &Inputs,
        departments: &DepartmentOutcome,
        employees: &EmployeeOutcome,
    ) -> Report {
        let source = &inputs.employees.1;
        let current = &inputs.current_employees.1;
        let mut exclusions = departments.exclusions.clone();
        exclusions.par_extend(
            source
                .records
                .par_iter()
                .zip(&employees.rows)
                .flat_map_iter(|(e, row)| employees::exclusions_of(e, row)),
        );
        // Rows of the current exports that do not decode cannot be matched: say so, or their
        // employees would silently look new.
        let undecodable = |file: &str, at: &crate::model::Provenance, kind: Kind| Exclusion {
            at: at.clone(),
            kind,
            key: String::new(),
            name: String::new(),
            code: Code::InvalidEncoding,
            detail: file.to_string().into(),
        };
        if let Some((loaded, set)) = &inputs.current_departments {
            let encoding = loaded.table.encoding.clone().unwrap_or_default();
            exclusions.extend(
                set.records
                    .iter()
                    .filter(|d| d.undecodable)
                    .map(|d| undecodable(&encoding, &d.at, Kind::Department)),
            );
        }
        let encoding = inputs
            .current_employees
            .0
            .table
            .encoding
            .clone()
            .unwrap_or_default();
        exclusions.extend(
            current
                .records
                .iter()
                .filter(|e| e.undecodable)
                .map(|e| undecodable(&encoding, &e.at, Kind::Employee)),
        );

        let mut changes = Vec::new();
        for row in &departments.rows {
            let d = &row.record;
            crate::rules::push_changes(
                &mut changes,
                Kind::Department,
                row.action,
                &d.code,
                &d.name,
                &row.changes,
            );
        }
        for d in &departments.target_only {
            crate::rules::push_changes(
                &mut changes,
                Kind::Department,
                Action::TargetOnly,
                &d.code,
                &d.name,
                &[],
            );
        }
        changes.par_extend(
            source
                .records
                .par_iter()
                .zip(&employees.rows)
                .flat_map_iter(|(e, row)| {
                    // Only creates and target-only lines show the name; most rows need none.
                    let name = match row.action {
                        Action::Create => e.full_name(),
                        _ => String::new(),
                    };
                    let mut lines = Vec::new();
                    crate::rules::push_changes(
                        &mut lines,
                        Kind::Employee,
                        row.action,
                        e.email(),
                        &name,
                        &row.changes,
                    );
                    lines
                }),
        );
        for &i in &employees.target_only {
            let e = &current.records[i];
            crate::rules::push_changes(
                &mut changes,
                Kind::Employee,
                Action::TargetOnly,
                e.email(),
                &e.full_name(),
                &[],
            );
        }

        let mut warnings: Vec<Warning> = Vec::new();
        warnings.extend(
            inputs
                .departments
                .iter()
                .flat_map(|(_, s)| s.warnings.iter().cloned()),
        );
        warnings.extend(source.warnings.iter().cloned());
        warnings.extend(
            inputs
                .current_departments
                .iter()
                .flat_map(|(_, s)| s.warnings.iter().cloned()),
        );
        warnings.extend(current.warnings.iter().cloned());

        let mut department_counts = zero_counts();
        for row in &departments.rows {
            *department_counts.entry(row.action.id()).or_default() += 1;
        }
        *department_counts
            .entry(Action::TargetOnly.id())
            .or_default() += departments.target_only.len();
        let mut employee_counts = zero_counts();
        for row in &employees.rows {
            *employee_counts.entry(row.action.id()).or_default() += 1;
        }
        *employee_counts.entry(Action::TargetOnly.id()).or_default() += employees.target_only.len();
        Report {
            exclusions,
            changes,
            warnings,
            department_counts,
            employee_counts,
        }
    }
}

fn zero_counts() -> BTreeMap<&'static str, usize> {
    Action::ALL.iter().map(|a| (a.id(), 0)).collect()
}

fn write_outputs(
    staging: &mut Staging,
    args: &ReconcileArgs,
    inputs: &Inputs,
    departments: &DepartmentOutcome,
    employees: &EmployeeOutcome,
    report: &Report,
    stage: &Stage,
) -> Result<()> {
    let lang = crate::lang::current();
    let mut file = |name: &'static str| {
        stage.inc();
        stage.set_message(name);
        staging.file(name)
    };
    let department_rows = || {
        departments.import_order.iter().map(|&i| {
            let row = &departments.rows[i];
            vec![
                row.record.code.as_str(),
                row.record.name.as_str(),
                row.parent_code.as_str(),
            ]
        })
    };
    let source = &inputs.employees.1;
    let current = &inputs.current_employees.1;
    // Built as they are written: the rows of a million employees are not held twice.
    let employee_cells = || {
        source
            .records
            .iter()
            .zip(&employees.rows)
            .filter(|(_, row)| matches!(row.action, Action::Create | Action::Update))
            .map(|(e, row)| {
                let matched = row.matched.map(|m| &current.records[m]);
                mikiwame::employee_row(e, &row.department_code, matched, &source.provided)
                    .into_iter()
                    .map(|(_, value)| value)
                    .collect::<Vec<_>>()
            })
    };

    let encoding = match args.encoding {
        OutputEncoding::Utf8Bom => csv_out::Encoding::Utf8Bom,
        OutputEncoding::Utf8 => csv_out::Encoding::Utf8,
        OutputEncoding::Cp932 => csv_out::Encoding::Cp932,
    };
    // The import files and the reports depend on nothing of each other: they are written side by
    // side, one per core. Paths are taken first, in the order the files are committed.
    let csv_paths = args
        .format
        .contains(&ImportFormat::Csv)
        .then(|| (file("departments.csv"), file("employees.csv")));
    let xlsx_path = args
        .format
        .contains(&ImportFormat::Xlsx)
        .then(|| file("import.xlsx"));
    let exclusions_path = file("exclusions.csv");
    let changes_path = file("changes.csv");
    let warnings_path = file("warnings.csv");
    let write_imports = || -> Result<()> {
        if let Some((departments_path, employees_path)) = &csv_paths {
            csv_out::write_import(
                departments_path,
                &mikiwame::DEPARTMENT_HEADERS,
                department_rows(),
                encoding,
            )?;
            csv_out::write_import(
                employees_path,
                &mikiwame::EMPLOYEE_HEADERS,
                employee_cells(),
                encoding,
            )?;
        }
        if let Some(path) = &xlsx_path {
            let mut workbook = xlsx::new_workbook();
            xlsx::add_sheet(
                &mut workbook,
                xlsx::Sheet {
                    name: "部署",
                    headers: &mikiwame::DEPARTMENT_HEADERS,
                    rows: department_rows(),
                },
                crate::lang::current(),
            )?;
            xlsx::add_sheet(
                &mut workbook,
                xlsx::Sheet {
                    name: "社員",
                    headers: &mikiwame::EMPLOYEE_HEADERS,
                    rows: employee_cells(),
                },
                crate::lang::current(),
            )?;
            xlsx::save(&mut workbook, path)?;
        }
        Ok(())
    };
    let write_reports = || -> Result<()> {
        reports::write_exclusions(&exclusions_path, &report.exclusions, lang)?;
        reports::write_changes(&changes_path, &report.changes)?;
        reports::write_warnings(&warnings_path, &report.warnings, lang)
    };
    let (imports_written, reports_written) = rayon::join(write_imports, write_reports);
    imports_written?;
    reports_written?;

    let summary = summary::Summary {
        meibo_version: env!("CARGO_PKG_VERSION"),
        command: "reconcile",
        source_system: inputs.employees.1.system.id().to_string(),
        target_system: System::Mikiwame.id().to_string(),
        inputs: input_summaries(inputs),
        counts: BTreeMap::from([
            ("departments", report.department_counts.clone()),
            ("employees", report.employee_counts.clone()),
        ]),
        exclusions_by_reason: summary::by_id(&summary::count_codes(
            report.exclusions.iter().map(|x| x.code),
        )),
        warnings_by_code: summary::by_id(&summary::count_codes(
            report.warnings.iter().map(|w| w.code),
        )),
        outputs: output_names(&args.format)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    std::fs::write(file("summary.json"), summary.to_json()).context("summary.json")?;

    let page = report_page(&summary, args, inputs, departments, report);
    std::fs::write(file("report.html"), html::render(&page)).context("report.html")?;
    Ok(())
}

/// The view of this run that report.html shows.
fn report_page(
    summary: &summary::Summary,
    args: &ReconcileArgs,
    inputs: &Inputs,
    departments: &DepartmentOutcome,
    report: &Report,
) -> html::Page {
    let lang = crate::lang::current();
    let count_row =
        |id: &str, label: &str, counts: &BTreeMap<&'static str, usize>| html::CountRow {
            label: html::Label::new(id, label),
            counts: Action::ALL
                .iter()
                .map(|a| counts.get(a.id()).copied().unwrap_or(0))
                .collect(),
        };
    html::Page {
        lang,
        title: format!(
            "{}: {} → ミキワメ",
            t("meibo 照合レポート", "meibo reconcile report"),
            inputs.employees.1.system.label()
        ),
        inputs: super::page::inputs(summary),
        next_step: Some(next_step(&args.format).to_string()),
        counts: html::CountTable {
            columns: Action::ALL
                .iter()
                .map(|a| html::Label::new(a.id(), action_label(a.id())))
                .collect(),
            rows: vec![
                count_row(
                    "departments",
                    t("部署", "departments"),
                    &summary.counts["departments"],
                ),
                count_row(
                    "employees",
                    t("社員", "employees"),
                    &summary.counts["employees"],
                ),
            ],
        },
        exclusion_reasons: super::page::code_counts(&summary.exclusions_by_reason),
        warnings: super::page::code_counts(&summary.warnings_by_code),
        warnings_csv: "warnings.csv".to_string(),
        tree: Some(html::Tree {
            nodes: department_tree(departments),
            csv: "changes.csv, exclusions.csv".to_string(),
        }),
        tables: vec![
            super::page::exclusion_table(&report.exclusions),
            super::page::change_table(&report.changes),
        ],
    }
}

/// The departments as they stand after the run, parents before children (pre-order): source rows
/// with their action, current departments the source lacks (target-only), and excluded rows with
/// their reasons, placed under the parent they name when it can be found.
fn department_tree(outcome: &DepartmentOutcome) -> Vec<html::TreeNode> {
    struct Entry<'a> {
        code: &'a str,
        name: &'a str,
        action: Action,
        parent: Option<String>,
        /// A parent given by name (or path), to be looked up by name.
        parent_name: Option<String>,
        exclusions: Vec<Code>,
    }
    let mut reasons: HashMap<(&str, u32), Vec<Code>> = HashMap::new();
    for x in &outcome.exclusions {
        let codes = reasons.entry((&*x.at.file, x.at.row)).or_default();
        if !codes.contains(&x.code) {
            codes.push(x.code);
        }
    }
    let parent_of = |parent: &ParentRef| -> (Option<String>, Option<String>) {
        match parent {
            ParentRef::Root => (None, None),
            ParentRef::Ref(reference) => (
                Some(normalize::code(reference)).filter(|c| !c.is_empty()),
                Some(name_key(reference)),
            ),
            ParentRef::Path(path) => (None, path.last().map(|n| name_key(n))),
        }
    };
    let mut entries: Vec<Entry> = Vec::new();
    for row in &outcome.rows {
        let d = &row.record;
        let (parent, parent_name) = if row.action == Action::Excluded {
            parent_of(&d.parent)
        } else {
            (
                Some(row.parent_code.clone()).filter(|p| !p.is_empty()),
                None,
            )
        };
        entries.push(Entry {
            code: &d.code,
            name: &d.name,
            action: row.action,
            parent,
            parent_name,
            exclusions: reasons
                .get(&(&*d.at.file, d.at.row))
                .cloned()
                .unwrap_or_default(),
        });
    }
    for d in &outcome.target_only {
        let (parent, _) = parent_of(&d.parent);
        entries.push(Entry {
            code: &d.code,
            name: &d.name,
            action: Action::TargetOnly,
            parent,
            parent_name: None,
            exclusions: Vec::new(),
        });
    }

    // A code stands for the first department that is not excluded, else the first one; a name
    // likewise, but a name two departments share (in the same group) stands for neither.
    let mut by_code: HashMap<&str, usize> = HashMap::new();
    let mut by_name: [HashMap<String, Option<usize>>; 2] = Default::default();
    for pass_excluded in [false, true] {
        for (i, e) in entries.iter().enumerate() {
            if (e.action == Action::Excluded) != pass_excluded {
                continue;
            }
            if !e.code.is_empty() {
                by_code.entry(e.code).or_insert(i);
            }
            by_name[usize::from(pass_excluded)]
                .entry(name_key(e.name))
                .and_modify(|found| *found = None)
                .or_insert(Some(i));
        }
    }
    let named = |name: &String| {
        by_name
            .iter()
            .find_map(|names| names.get(name).copied())
            .flatten()
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut roots = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let parent = e
            .parent
            .as_deref()
            .and_then(|code| by_code.get(code).copied())
            .or_else(|| e.parent_name.as_ref().and_then(named))
            .filter(|&p| p != i);
        match parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }

    // Pre-order walk; departments caught in a loop of parents (never reached from a root) start
    // their own subtree, and the loop is cut where it comes back.
    let mut visited = vec![false; entries.len()];
    let mut nodes = Vec::with_capacity(entries.len());
    let starts: Vec<usize> = roots.into_iter().chain(0..entries.len()).collect();
    for start in starts {
        let mut stack = vec![(start, 0usize)];
        while let Some((i, depth)) = stack.pop() {
            if visited[i] {
                continue;
            }
            visited[i] = true;
            let e = &entries[i];
            nodes.push(html::TreeNode {
                depth,
                code: e.code.to_string(),
                name: e.name.to_string(),
                action: html::Label::new(e.action.id(), action_label(e.action.id())),
                exclusions: e
                    .exclusions
                    .iter()
                    .map(|c| {
                        (
                            c.id().to_string(),
                            c.message(crate::lang::current()).to_string(),
                        )
                    })
                    .collect(),
            });
            stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
        }
    }
    nodes
}

fn input_summaries(inputs: &Inputs) -> Vec<summary::InputSummary> {
    let mut list = vec![describe(&inputs.employees.0, "employees")];
    if let Some((loaded, _)) = &inputs.departments {
        list.push(describe(loaded, "departments"));
    }
    list.push(describe(&inputs.current_employees.0, "current-employees"));
    if let Some((loaded, _)) = &inputs.current_departments {
        list.push(describe(loaded, "current-departments"));
    }
    list
}

fn action_label(action: &str) -> &'static str {
    match action {
        "create" => t("作成", "create"),
        "update" => t("更新", "update"),
        "unchanged" => t("変更なし", "unchanged"),
        "target-only" => t("連携先のみ", "target-only"),
        _ => t("除外", "excluded"),
    }
}

fn counts_line(counts: &BTreeMap<&'static str, usize>) -> String {
    Action::ALL
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                action_label(a.id()),
                counts.get(a.id()).copied().unwrap_or(0)
            )
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The one-screen summary that ends every run (stderr; the data files are the real output).
fn print_closing_summary(
    inputs: &Inputs,
    report: &Report,
    written: &[PathBuf],
    formats: &[ImportFormat],
) {
    let source = inputs.employees.1.system.label();
    eprintln!("meibo reconcile: {source} → ミキワメ");
    eprintln!(
        "  {} {}",
        t("部署:", "departments:"),
        counts_line(&report.department_counts)
    );
    eprintln!(
        "  {} {}",
        t("社員:", "employees:  "),
        counts_line(&report.employee_counts)
    );
    print_closing_details(&report.exclusions, &report.warnings, written);
    eprintln!(
        "  {}",
        t(
            "report.html をブラウザで開くと、件数・部署ツリー・除外と変更の一覧を確認できます。",
            "Open report.html in a browser for the counts, the department tree and searchable lists."
        )
    );
    eprintln!("  {}", next_step(formats));
}

/// What to do with the import files: the guides require departments before employees.
fn next_step(formats: &[ImportFormat]) -> &'static str {
    if formats.contains(&ImportFormat::Csv) {
        t(
            "次の手順: ミキワメで departments.csv（部署）を取り込んでから employees.csv（社員）を取り込んでください。",
            "Next: import departments.csv into ミキワメ first, then employees.csv.",
        )
    } else {
        t(
            "次の手順: ミキワメで import.xlsx の「部署」シートを取り込んでから「社員」シートを取り込んでください。",
            "Next: import the 部署 sheet of import.xlsx into ミキワメ first, then the 社員 sheet.",
        )
    }
}
