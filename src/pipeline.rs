//! One reconcile run, whatever the receiving system: read the inputs in parallel → the receiving
//! system's plan → the readers' warnings that concern it, the current rows that could not be
//! matched → the deletion guard. `output::write` then writes the plan.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::config::{Loaded, RunConfig};
use crate::model::{DepartmentSet, Detail, EmployeeSet, Provenance};
use crate::output::redact::employee_values;
use crate::output::summary::InputSummary;
use crate::plan::Plan;
use crate::progress::Progress;
use crate::reason::Code;
use crate::receiver::{Receiver, Rules};
use crate::rules::{Exclusion, Kind};
use crate::source::{self, records, Mapping, Profile, Role, System};

fn with<T>(result: Result<T>, context: &Option<String>) -> Result<T> {
    match context {
        Some(context) => result.with_context(|| context.clone()),
        None => result,
    }
}

/// One input as read: the table with its header map, and its records.
pub struct Input<T> {
    pub loaded: Loaded,
    pub set: T,
}

/// Everything read for one run.
pub struct Inputs {
    pub employees: Input<EmployeeSet>,
    pub departments: Option<Input<DepartmentSet>>,
    pub current_employees: Input<EmployeeSet>,
    pub current_departments: Option<Input<DepartmentSet>>,
    /// The value tables (`--mapping`).
    pub mapping: Mapping,
}

/// Which input a record or a warning comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRole {
    Employees,
    Departments,
    CurrentEmployees,
    CurrentDepartments,
}

impl InputRole {
    /// As summary.json names it.
    pub fn id(self) -> &'static str {
        match self {
            InputRole::Employees => "employees",
            InputRole::Departments => "departments",
            InputRole::CurrentEmployees => "current-employees",
            InputRole::CurrentDepartments => "current-departments",
        }
    }
}

/// Read the inputs concurrently (each file on its own thread; employee files are converted to
/// employees in chunks as they are read).
pub fn read(
    config: &RunConfig,
    receiver: &dyn Receiver,
    rules: &dyn Rules,
    progress: &Progress,
) -> Result<Inputs> {
    let reading = &config.reading;
    let lang = config.lang;
    let hr_profiles = |roles: &[Role]| -> Vec<&'static Profile> {
        source::profiles(roles, config.source)
            .into_iter()
            .filter(|p| p.system.is_hr())
            .collect()
    };
    let target = receiver.system();
    let source_employee_profiles = hr_profiles(&[Role::Employees]);
    let source_department_profiles = hr_profiles(&[Role::Departments, Role::DepartmentLevels]);
    let current_employee_profiles = source::profiles(&[Role::Employees], Some(target));
    let current_department_profiles = source::profiles(&[Role::Departments], Some(target));
    // A receiving system whose guide fixes the HR system says which export it expected.
    let context = |what: (&str, &str), system: System| {
        receiver.source().map(|_| {
            format!(
                "--to {}: {} {}",
                target.id(),
                system.name(lang),
                lang.pick(what.0, what.1)
            )
        })
    };
    let source_context = context(
        ("のエクスポートを読みます", "export expected"),
        config.source.unwrap_or(target),
    );
    let current_context = context(("の現在のエクスポート", "current export"), target);

    let reading_stage = |path: &Path| {
        progress.spinner(format!(
            "{} {}",
            lang.pick("読み込み中", "reading"),
            path.display()
        ))
    };
    let read_employees = |path: &Path,
                          profiles: &[&'static Profile],
                          required: Option<&[source::Field]>|
     -> Result<Input<EmployeeSet>> {
        let _stage = reading_stage(path);
        let file: Arc<str> = Arc::from(path.display().to_string());
        let (loaded, built) = reading.load_as(path, profiles, required, |table, map, row| {
            records::employee_row(table, map, &reading.mapping, &file, row)
        })?;
        let set = records::employee_set(&loaded.table, &loaded.map, built);
        records::refuse_family_rows(&loaded.table, &set, lang)?;
        Ok(Input { loaded, set })
    };
    let read_departments =
        |path: &Path, profiles: &[&'static Profile]| -> Result<Input<DepartmentSet>> {
            let _stage = reading_stage(path);
            let loaded = reading.load(path, profiles, None)?;
            let set = records::departments(&loaded.table, &loaded.map);
            Ok(Input { loaded, set })
        };
    std::thread::scope(|scope| {
        let departments = config
            .departments
            .as_deref()
            .map(|p| scope.spawn(|| read_departments(p, &source_department_profiles)));
        let current_employees = scope.spawn(|| {
            read_employees(
                &config.current_employees,
                &current_employee_profiles,
                rules.reads().current_required,
            )
        });
        let current_departments = config
            .current_departments
            .as_deref()
            .map(|p| scope.spawn(|| read_departments(p, &current_department_profiles)));
        let employees = read_employees(
            &config.employees,
            &source_employee_profiles,
            rules.reads().required.as_deref(),
        );
        let join = |handle: std::thread::ScopedJoinHandle<'_, Result<Input<DepartmentSet>>>| {
            handle.join().expect("reader thread does not panic")
        };
        Ok(Inputs {
            employees: with(employees, &source_context)?,
            departments: with(departments.map(join).transpose(), &source_context)?,
            current_employees: with(
                current_employees
                    .join()
                    .expect("reader thread does not panic"),
                &current_context,
            )?,
            current_departments: with(current_departments.map(join).transpose(), &current_context)?,
            mapping: reading.mapping.clone(),
        })
    })
}

/// The receiving system's plan, completed with the readers' warnings that concern it (before the
/// rules' own) and the current rows that do not decode; refused before anything is written when
/// it deletes more than the guard allows.
pub fn plan<'a>(
    inputs: &'a Inputs,
    receiver: &dyn Receiver,
    rules: &dyn Rules,
    config: &RunConfig,
) -> Result<Plan<'a>> {
    let mut plan = rules.plan(inputs)?;
    // A split import has more numbered files than the first that `import_csvs` names.
    debug_assert!(rules
        .import_csvs()
        .iter()
        .all(|csv| plan.files.iter().any(|f| f.csv == *csv)));
    if let Some(guard) = rules.guard() {
        guard.check(
            &plan.deletions,
            receiver.system().name(config.lang),
            config.lang,
        )?;
    }
    let departments =
        |input: &'a Option<Input<DepartmentSet>>| input.iter().flat_map(|i| i.set.warnings.iter());
    let mut warnings = Vec::new();
    for (role, list) in [
        (
            InputRole::Departments,
            departments(&inputs.departments).collect::<Vec<_>>(),
        ),
        (
            InputRole::Employees,
            inputs.employees.set.warnings.iter().collect(),
        ),
        (
            InputRole::CurrentDepartments,
            departments(&inputs.current_departments).collect(),
        ),
        (
            InputRole::CurrentEmployees,
            inputs.current_employees.set.warnings.iter().collect(),
        ),
    ] {
        warnings.extend(
            list.into_iter()
                .filter(|w| rules.reads().keeps(w, role))
                .cloned(),
        );
    }
    warnings.append(&mut plan.warnings);
    plan.warnings = warnings;
    plan.exclusions.extend(undecodable_current_rows(inputs));
    Ok(plan)
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
        detail: Detail::from(loaded.table.encoding.clone().unwrap_or_default()),
    };
    let mut lines = Vec::new();
    if let Some(input) = &inputs.current_departments {
        lines.extend(
            input
                .set
                .records
                .iter()
                .filter(|d| d.undecodable)
                .map(|d| line(&input.loaded, &d.at, Kind::Department)),
        );
    }
    let input = &inputs.current_employees;
    lines.extend(
        input
            .set
            .records
            .iter()
            .filter(|e| e.undecodable)
            .map(|e| line(&input.loaded, &e.at, Kind::Employee)),
    );
    lines
}

/// An input as `summary.json` describes it.
pub fn describe(loaded: &Loaded, role: &str) -> InputSummary {
    InputSummary {
        path: loaded.table.display_path(),
        role: role.to_string(),
        system: loaded.map.profile.system.id().to_string(),
        format: loaded.table.format.name().to_string(),
        encoding: loaded.table.encoding.clone(),
        rows: loaded.rows,
        sha256: loaded.table.sha256.clone(),
    }
}

impl Inputs {
    /// The personal values of every employee read (and, to hide them too, every department's
    /// code and name), for `--redact`.
    pub fn personal_values(&self, departments: bool) -> Vec<String> {
        let mut values: Vec<String> = [&self.employees.set, &self.current_employees.set]
            .into_iter()
            .flat_map(|set| set.records.iter().flat_map(employee_values))
            .collect();
        if departments {
            for input in [&self.departments, &self.current_departments]
                .into_iter()
                .flatten()
            {
                for d in &input.set.records {
                    values.extend([d.code.clone(), d.name.clone()]);
                }
            }
        }
        values
    }

    /// The inputs as `summary.json` lists them, in flag order.
    pub fn summaries(&self) -> Vec<InputSummary> {
        let mut list = vec![describe(&self.employees.loaded, InputRole::Employees.id())];
        if let Some(input) = &self.departments {
            list.push(describe(&input.loaded, InputRole::Departments.id()));
        }
        list.push(describe(
            &self.current_employees.loaded,
            InputRole::CurrentEmployees.id(),
        ));
        if let Some(input) = &self.current_departments {
            list.push(describe(&input.loaded, InputRole::CurrentDepartments.id()));
        }
        list
    }
}
