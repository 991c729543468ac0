//! KiteRa (docs/receivers/kitera.md): SmartHR employees become KiteRa users, written in the layout of
//! KiteRa's ユーザーインポート (docs/layouts/kitera.md): 従業員コード, メールアドレス, 名前, 役割,
//! 認証方法, at most 1,000 users per file (`users_001.csv`, `users_002.csv` …, imported in order).
//!
//! - Key: 従業員コード = SmartHR's 社員番号 (users without an e-mail have nothing else). A blank one
//!   is `missing-employee-code`; one shared by several rows is `duplicate-employee-code` (all rows).
//! - Carried: 従業員コード, 名前 (business name first; 姓 and 名 joined by one space),
//!   メールアドレス, 認証方法 (`--auth`; パスワード for a user without an e-mail). 役割: blank for a
//!   new user (the importer invites a blank 役割 as メンバー); a registered user's is carried from
//!   the current export — when the export has no 役割 for a user to update, the run stops before
//!   writing, since a blank would make the user a メンバー.
//! - Refused as the guide's failure patterns say: `invalid-email`, `email-domain-not-allowed`
//!   (`--allowed-domain`), `invalid-employee-code` (only half-width letters, digits and hyphens),
//!   `user-limit-exceeded` (`--user-limit`: new users past the limit, in file order, counting the
//!   users that remain after the run's deletions). Also `missing-name` and `duplicate-email` (a
//!   login address is one person's).
//! - Retired (在籍状況 退職済み): a user KiteRa has is listed in `users_delete.csv`, to delete in
//!   KiteRa's ユーザー管理 (the user import only registers); one it does not have is skipped.
//! - Users KiteRa has and SmartHR does not are reported (target-only), never deleted.

use super::{usage, About, FlagSet, Inputs, Landing, Reads, Receiver, Rules, DELETION_FLAGS};
use crate::config::RunConfig;
use crate::lang::Lang;
use crate::rules::deletions::{DeletionArgs, Guard};
use crate::source::{Field, System};
use anyhow::{bail, Result};
use clap::{ArgMatches, FromArgMatches};
use std::collections::HashSet;

use super::{
    change_lines, compare, current_by_key, exclusion, full_name, rows_by_key, rows_detail,
    unencodable, Sets,
};
use crate::model::Detail;
use crate::model::{Attr, Employee};
use crate::normalize;
use crate::plan::{Counts, Deletions, ImportFile, Plan};
use crate::reason::Code;
use crate::rules::{Action, FieldChange, Kind};

/// KiteRa's ユーザーインポート layout (help.kitera-cloud.jp/biz/manual/articles/3635).
pub const USER_HEADERS: [&str; 5] = ["従業員コード", "メールアドレス", "名前", "役割", "認証方法"];
/// The users to delete by hand in ユーザー管理: the current export's values.
pub const DELETE_HEADERS: [&str; 3] = ["従業員コード", "メールアドレス", "名前"];
/// Columns whose differences make an update (the sync overwrites them; 役割 is carried).
const COMPARED: [&str; 3] = ["メールアドレス", "名前", "認証方法"];
/// The most users one ユーザーインポート takes.
pub const USERS_PER_FILE: usize = 1_000;
/// The numbered import files: `users_001.csv` … on sheets `ユーザー_001` ….
const USERS_STEM: (&str, &str) = ("users", "ユーザー");
const DELETE_CSV: (&str, &str) = ("users_delete.csv", "ユーザー削除");

const EMPLOYEE_ACTIONS: &[Action] = &[
    Action::Create,
    Action::Update,
    Action::Unchanged,
    Action::Delete,
    Action::Skipped,
    Action::TargetOnly,
    Action::Excluded,
];

/// KiteRa's login methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    Password,
    Sso,
}

impl Login {
    fn label(self) -> &'static str {
        match self {
            Login::Password => "パスワード",
            Login::Sso => "SSO",
        }
    }
}

/// The settings of KiteRa's user sync, from the flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--auth`; without it a registered user keeps the method KiteRa holds and a new user gets
    /// パスワード.
    pub login: Option<Login>,
    /// Lower-case domains without '@'; empty = every domain is allowed.
    pub allowed_domains: Vec<String>,
    pub user_limit: Option<usize>,
    pub cp932: bool,
    /// The language of the run's messages.
    pub lang: Lang,
    /// The current export has a ログイン方法 column (else the method is written, not compared).
    pub current_has_login_method: bool,
    /// The current export has a 役割 column (else a registered user's 役割 is unknown).
    pub current_has_role: bool,
}

/// Only half-width letters, digits and hyphens: the characters that are not, in order, once each.
fn invalid_code_characters(code: &str) -> Vec<char> {
    let mut seen = Vec::new();
    for c in code.chars() {
        let allowed = c.is_ascii_alphanumeric() || c == '-';
        if !allowed && !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen
}

fn domain_of(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default()
}

/// What happens to one source row before the user limit is applied.
enum Outcome {
    Excluded(Vec<(Code, Detail)>),
    Skipped,
    Delete(usize),
    Write {
        row: Vec<String>,
        matched: Option<usize>,
        changes: Vec<FieldChange>,
    },
}

pub fn plan<'a>(sets: &Sets, options: &Options) -> Result<Plan<'a>> {
    let source = sets.employees;
    let current = sets.current_employees;
    let records = &source.records;
    let current_by_code = current_by_key(&current.records, |e| e.employee_number());
    let carried = |e: &Employee| !e.undecodable && !e.retired;
    let by_code = rows_by_key(
        records
            .iter()
            .enumerate()
            .filter(|(_, e)| carried(e))
            .map(|(i, e)| (i, e.employee_number())),
    );
    let by_email = rows_by_key(
        records
            .iter()
            .enumerate()
            .filter(|(_, e)| carried(e) && normalize::is_valid_email(e.email()))
            .map(|(i, e)| (i, e.email_key())),
    );

    let mut outcomes: Vec<Outcome> = records
        .iter()
        .map(|e| {
            if e.undecodable {
                return Outcome::Excluded(vec![(Code::InvalidEncoding, Detail::None)]);
            }
            if e.retired {
                return match current_by_code.get(e.employee_number()) {
                    Some(&m) => Outcome::Delete(m),
                    None => Outcome::Skipped,
                };
            }
            let mut reasons = Vec::new();
            let code = e.employee_number();
            let invalid = invalid_code_characters(code);
            if code.is_empty() {
                reasons.push((Code::MissingEmployeeCode, Detail::None));
            } else if !invalid.is_empty() {
                let shown: Vec<String> = invalid.iter().map(|c| format!("{c:?}")).collect();
                reasons.push((
                    Code::InvalidEmployeeCode,
                    format!("{code:?}: {}", shown.join(" ")).into(),
                ));
            } else if let Some(rows) = by_code.get(code).filter(|r| r.len() > 1) {
                reasons.push((
                    Code::DuplicateEmployeeCode,
                    rows_detail(code, records, rows),
                ));
            }
            if e.family_name().is_empty() {
                reasons.push((Code::MissingName, Detail::None));
            }
            if !e.email().is_empty() {
                let domain = domain_of(e.email());
                if !normalize::is_valid_email(e.email()) {
                    reasons.push((Code::InvalidEmail, Detail::Value(e.email().to_string())));
                } else if !options.allowed_domains.is_empty()
                    && !options.allowed_domains.contains(&domain)
                {
                    reasons.push((
                        Code::EmailDomainNotAllowed,
                        Detail::NotAllowed {
                            value: domain,
                            allowed: options.allowed_domains.clone(),
                        },
                    ));
                } else if let Some(rows) = by_email.get(e.email_key()).filter(|r| r.len() > 1) {
                    reasons.push((
                        Code::DuplicateEmail,
                        rows_detail(e.email_key(), records, rows),
                    ));
                }
            }
            if !reasons.is_empty() {
                return Outcome::Excluded(reasons);
            }
            let matched = current_by_code.get(code).copied();
            let row = user_row(e, matched.map(|m| &current.records[m]), sets, options);
            if options.cp932 {
                let reasons = unencodable(&USER_HEADERS, &row);
                if !reasons.is_empty() {
                    return Outcome::Excluded(reasons);
                }
            }
            let changes = match matched {
                None => Vec::new(),
                Some(m) => {
                    let before = current_row(&current.records[m]);
                    let mut compared: Vec<&str> = COMPARED.to_vec();
                    if !current.provided.contains(&Attr::Email) {
                        compared.retain(|c| *c != "メールアドレス");
                    }
                    if !options.current_has_login_method {
                        compared.retain(|c| *c != "認証方法");
                    }
                    compare(&USER_HEADERS, &before, &row, &compared)
                }
            };
            Outcome::Write {
                row,
                matched,
                changes,
            }
        })
        .collect();

    // The plan's user count: the users that remain after the deletions, then new users in file
    // order until the limit.
    let deleted: HashSet<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Delete(m) => Some(*m),
            _ => None,
        })
        .collect();
    if let Some(limit) = options.user_limit {
        let mut users = current.records.iter().filter(|e| !e.undecodable).count() - deleted.len();
        for outcome in outcomes.iter_mut() {
            if let Outcome::Write { matched: None, .. } = outcome {
                if users >= limit {
                    *outcome = Outcome::Excluded(vec![(
                        Code::UserLimitExceeded,
                        format!("limit {limit}").into(),
                    )]);
                } else {
                    users += 1;
                }
            }
        }
    }

    let mut counts = Counts::new("employees", ("ユーザー", "users"), EMPLOYEE_ACTIONS);
    let mut exclusions = Vec::new();
    let mut changes = Vec::new();
    let mut users = Vec::new();
    let mut deletions = Vec::new();
    let mut deleted_once: HashSet<usize> = HashSet::new();
    let mut role_unknown: Vec<&Employee> = Vec::new();
    for (e, outcome) in records.iter().zip(outcomes) {
        let key = e.employee_number();
        let name = full_name(e.family_name(), e.given_name());
        let action = match outcome {
            Outcome::Excluded(reasons) => {
                let shown = if key.is_empty() { e.email() } else { key };
                exclusions.extend(
                    reasons
                        .into_iter()
                        .map(|(code, detail)| exclusion(e, shown, code, detail)),
                );
                Action::Excluded
            }
            Outcome::Skipped => {
                let why = FieldChange {
                    field: "在籍状況",
                    before: e.employment_status().to_string(),
                    after: String::new(),
                };
                changes.extend(change_lines(
                    Kind::Employee,
                    Action::Skipped,
                    key,
                    &name,
                    &[why],
                ));
                Action::Skipped
            }
            Outcome::Delete(m) if !deleted_once.insert(m) => {
                // A second retired row of the same user: deleted once already.
                Action::Skipped
            }
            Outcome::Delete(m) => {
                let c = &current.records[m];
                let current_name = full_name(c.family_name(), c.given_name());
                changes.extend(change_lines(
                    Kind::Employee,
                    Action::Delete,
                    key,
                    &current_name,
                    &[],
                ));
                deletions.push(vec![
                    c.employee_number().to_string(),
                    c.email().to_string(),
                    current_name,
                ]);
                Action::Delete
            }
            Outcome::Write {
                row,
                matched,
                changes: fields,
            } => {
                let action = match (matched, fields.is_empty()) {
                    (None, _) => Action::Create,
                    (Some(_), true) => Action::Unchanged,
                    (Some(_), false) => Action::Update,
                };
                changes.extend(change_lines(Kind::Employee, action, key, &name, &fields));
                if action == Action::Update && row[ROLE].is_empty() {
                    role_unknown.push(e);
                }
                if action != Action::Unchanged {
                    users.push(row);
                }
                action
            }
        };
        counts.add(action);
    }

    // Users KiteRa has and SmartHR does not: reported, never deleted.
    let source_codes: HashSet<&str> = records
        .iter()
        .map(|e| e.employee_number())
        .filter(|k| !k.is_empty())
        .collect();
    for c in current.records.iter().filter(|c| !c.undecodable) {
        if !source_codes.contains(c.employee_number()) {
            let key = if c.employee_number().is_empty() {
                c.email()
            } else {
                c.employee_number()
            };
            let name = full_name(c.family_name(), c.given_name());
            changes.extend(change_lines(
                Kind::Employee,
                Action::TargetOnly,
                key,
                &name,
                &[],
            ));
            counts.add(Action::TargetOnly);
        }
    }

    if !role_unknown.is_empty() {
        bail!(role_unknown_error(&role_unknown, options.lang));
    }

    let mut plan = Plan::new((
        "次の手順: KiteRa の［ユーザー管理］→［+］→［ユーザーをインポート］で users_001.csv から番号順に 1 ファイルずつ取り込んでください（1 回 1,000 人まで）。users_delete.csv のユーザー（退職者）は［ユーザー管理］で削除してください（ユーザーインポートは登録だけを行います）。",
        "Next: in KiteRa, ユーザー管理 → + → ユーザーをインポート, import users_001.csv and the numbered files after it one at a time, in order (at most 1,000 users per import). Delete the users of users_delete.csv (retired) in ユーザー管理: the user import only registers users.",
    ));
    plan.deletions = vec![Deletions {
        kind: Kind::Employee,
        count: counts.get(Action::Delete.id()),
        current: current.records.iter().filter(|e| !e.undecodable).count(),
    }];
    let (stem, sheet) = USERS_STEM;
    plan.files = crate::plan::batches(stem, sheet, &USER_HEADERS, users, USERS_PER_FILE)
        .into_iter()
        .map(|file| file.keyed(Kind::Employee, "従業員コード"))
        .collect();
    if plan.files.len() > 1 {
        plan.notes.push(split_note(&plan.files));
    }
    plan.notes.push(super::item_names_note());
    plan.files.push(ImportFile::new(
        DELETE_CSV.0,
        DELETE_CSV.1,
        &DELETE_HEADERS,
        deletions,
    ));
    plan.exclusions = exclusions;
    plan.changes = changes;
    plan.counts = vec![counts];
    Ok(plan)
}

/// The closing summary's line on a split import: how many files, in which order.
fn split_note(files: &[ImportFile]) -> (String, String) {
    // Every file up to ten; past that the first two and the last (every file but the last is
    // full), so that a million users make one readable line.
    let list = |(one, many): (&str, &str)| -> String {
        let shown = |f: &ImportFile| {
            let n = f.rows.count();
            format!("{} ({n} {})", f.csv, if n == 1 { one } else { many })
        };
        if files.len() <= SPLIT_FILES_LISTED {
            files.iter().map(shown).collect::<Vec<_>>().join(" → ")
        } else {
            let last = files.last().expect("more than ten");
            format!(
                "{} → {} → … → {}",
                shown(&files[0]),
                shown(&files[1]),
                shown(last)
            )
        }
    };
    (
        format!(
            "ユーザーは {} ファイルに分けました（KiteRa のユーザーインポートは 1 回 {USERS_PER_FILE} 人まで）。この順に取り込んでください: {}",
            files.len(),
            list(("人", "人"))
        ),
        format!(
            "The users are split into {} files (KiteRa's user import takes at most {USERS_PER_FILE} users at a time). Import them in this order: {}",
            files.len(),
            list(("user", "users"))
        ),
    )
}

/// The most files the note on a split import lists one by one.
const SPLIT_FILES_LISTED: usize = 10;

/// The stop when registered users are to be updated and the current export does not say their
/// 役割: a blank 役割 would make them メンバー.
fn role_unknown_error(users: &[&Employee], lang: Lang) -> String {
    let shown: Vec<String> = users
        .iter()
        .take(10)
        .map(|e| {
            let row = lang.pick("行", "row");
            format!("{} ({} {row} {})", e.employee_number(), e.at.file, e.at.row)
        })
        .collect();
    let more = users.len() - shown.len();
    let mut listed = shown.join(", ");
    if more > 0 {
        listed += &format!(" …+{more}");
    }
    let n = users.len();
    match lang {
        Lang::Ja => format!(
            "--current-employees: KiteRa のユーザー一覧に「役割」がないため、更新する {n} 人の役割がわかりません（空欄で取り込むと「メンバー」になります）。「役割」の列があるユーザー一覧を指定してください: {listed}"
        ),
        Lang::En => format!(
            "--current-employees: the KiteRa user list does not give the 役割 of {n} users to update, so their role is unknown (a blank 役割 would make them メンバー). Give a user list with a 役割 column: {listed}"
        ),
    }
}

/// The import row of a source employee; `current` is the matched user, whose group is kept.
fn user_row(
    e: &Employee,
    current: Option<&Employee>,
    sets: &Sets,
    options: &Options,
) -> Vec<String> {
    let email = if sets.employees.provided.contains(&Attr::Email) {
        e.email().to_string()
    } else {
        current.map(|c| c.email().to_string()).unwrap_or_default()
    };
    // A user without an e-mail logs in by 従業員コード and password, whatever `--auth` says.
    // Without `--auth`, a registered user keeps the method KiteRa holds (never overwritten by a
    // default); a new user, or one whose method KiteRa does not show, gets パスワード.
    let held = current
        .filter(|_| options.current_has_login_method)
        .and_then(|c| login_of(c.login_method()));
    let login = if email.is_empty() {
        Login::Password
    } else {
        options.login.or(held).unwrap_or(Login::Password)
    };
    // A new user's blank 役割 is the importer's メンバー; a registered user's is carried (blank
    // when the export does not say it: the plan stops on that before writing).
    let role = match current {
        Some(c) if options.current_has_role => c.role().to_string(),
        _ => String::new(),
    };
    vec![
        e.employee_number().to_string(),
        email,
        full_name(e.family_name(), e.given_name()),
        role,
        login.label().to_string(),
    ]
}

/// The 役割 column of [`USER_HEADERS`].
const ROLE: usize = 3;

/// A current user in the layout of [`USER_HEADERS`], for comparing.
fn current_row(c: &Employee) -> Vec<String> {
    vec![
        c.employee_number().to_string(),
        c.email().to_string(),
        full_name(c.family_name(), c.given_name()),
        c.role().to_string(),
        login_label(c.login_method()),
    ]
}

/// A current export's login method, where it is one KiteRa's importer takes.
fn login_of(written: &str) -> Option<Login> {
    match written.trim().to_lowercase().as_str() {
        "sso" => Some(Login::Sso),
        "password" | "パスワード" => Some(Login::Password),
        _ => None,
    }
}

/// A current export's login method in meibo's words (パスワード or SSO); anything else as written.
fn login_label(written: &str) -> String {
    match login_of(written) {
        Some(login) => login.label().to_string(),
        None => written.to_string(),
    }
}

/// KiteRa's login method (`--auth`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Auth {
    Password,
    Sso,
}

// KiteRa's flags (plain comment: a doc comment would become the command's about).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct KiteraArgs {
    /// kitera: login method for every user (default: a registered user keeps KiteRa's, a new one gets password).
    #[arg(long, value_enum, help_heading = "KiteRa (--to kitera)")]
    pub auth: Option<Auth>,
    /// kitera: the group of new users, for a layout with a グループ column (KiteRa's user import has none).
    #[arg(long, value_name = "GROUP", help_heading = "KiteRa (--to kitera)")]
    pub default_group: Option<String>,
    /// kitera: an e-mail domain KiteRa allows (repeatable); other domains are excluded.
    #[arg(long, value_name = "DOMAIN", help_heading = "KiteRa (--to kitera)")]
    pub allowed_domain: Vec<String>,
    /// kitera: the plan's user count; new users past it, in file order, are excluded.
    #[arg(long, value_name = "N", help_heading = "KiteRa (--to kitera)")]
    pub user_limit: Option<usize>,
}

static FLAGS: FlagSet = FlagSet {
    name: "kitera",
    augment: <KiteraArgs as clap::Args>::augment_args,
};

pub struct Kitera;

static ABOUT: About = About {
    system: System::Kitera,
    help: "KiteRa (docs/receivers/kitera.md), from SmartHR: users",
    help_ja: "KiteRa（docs/receivers/kitera.md）: SmartHR からユーザー",
    source: Some(System::SmartHr),
    takes_departments: false,
    flags: &[&FLAGS, &DELETION_FLAGS],
    codes: &[
        Code::MissingEmployeeCode,
        Code::DuplicateEmployeeCode,
        Code::InvalidEmployeeCode,
        Code::MissingName,
        Code::InvalidEmail,
        Code::DuplicateEmail,
        Code::EmailDomainNotAllowed,
        Code::UserLimitExceeded,
        Code::UnencodableCharacter,
        Code::MassDelete,
    ],
    sample: &[
        "--to",
        "kitera",
        "--employees",
        "samples/smarthr/employees.xlsx",
        "--current-employees",
        "samples/kitera/users.csv",
        "--allowed-domain",
        "example.co.jp",
        "--user-limit",
        "12",
    ],
    landings: &[
        // A new user's blank 役割 is KiteRa's メンバー (an update never leaves it blank).
        Landing {
            kept_when_blank: &["役割"],
            ..Landing::upserts("users.csv", USERS_STEM.1, Kind::Employee, "従業員コード").batched()
        },
        Landing::deletions(DELETE_CSV.0, DELETE_CSV.1, Kind::Employee, "従業員コード"),
    ],
};

impl Receiver for Kitera {
    fn about(&self) -> &'static About {
        &ABOUT
    }
    fn configure(&self, matches: &ArgMatches, config: &RunConfig) -> Result<Box<dyn Rules>> {
        let lang = config.lang;
        let args = KiteraArgs::from_arg_matches(matches)?;
        let guard = Guard::from_args(&DeletionArgs::from_arg_matches(matches)?, lang)?;
        // `--default-group` is accepted and unused: the ユーザーインポート layout has no group
        // column (docs/receivers/kitera.md).
        let mut allowed_domains = Vec::new();
        for domain in &args.allowed_domain {
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
                    lang,
                ));
            }
            allowed_domains.push(d);
        }
        let required = vec![Field::EmployeeNumber, Field::FamilyName, Field::Email];
        Ok(Box::new(KiteraRules {
            options: Options {
                login: args.auth.map(|auth| match auth {
                    Auth::Sso => Login::Sso,
                    Auth::Password => Login::Password,
                }),
                allowed_domains,
                user_limit: args.user_limit,
                cp932: config.cp932(),
                lang,
                current_has_login_method: false,
                current_has_role: false,
            },
            guard,
            reads: Reads::keyed_by_employee_number(
                required,
                &[Field::Email, Field::EmploymentStatus],
                None,
            ),
        }))
    }
}

struct KiteraRules {
    options: Options,
    guard: Guard,
    reads: Reads,
}

impl Rules for KiteraRules {
    fn reads(&self) -> &Reads {
        &self.reads
    }
    fn import_csvs(&self) -> &'static [&'static str] {
        &["users_001.csv", DELETE_CSV.0]
    }
    fn guard(&self) -> Option<Guard> {
        Some(self.guard)
    }
    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>> {
        let options = Options {
            current_has_login_method: inputs.current_employees.loaded.map.has(Field::LoginMethod),
            current_has_role: inputs.current_employees.loaded.map.has(Field::Role),
            ..self.options.clone()
        };
        plan(&Sets::of(inputs), &options)
    }
}

#[cfg(test)]
mod tests {
    use crate::receiver::testing::{plan, rows, Planned};

    const HR_HEADER: &str =
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,在籍状況\n";
    const CURRENT: &str = "従業員コード,メールアドレス,名前,役割,認証方法\n\
                           1001,taro@example.co.jp,山田 太郎,管理者,パスワード\n\
                           1002,hanako@example.co.jp,佐藤 花子,メンバー,SSO\n";

    fn run_on(current: &str, hr_rows: &str, extra: &[&str]) -> anyhow::Result<Planned> {
        let hr = format!("{HR_HEADER}{hr_rows}");
        let mut args = vec![
            "--to",
            "kitera",
            "--employees",
            "hr.csv",
            "--current-employees",
            "users.csv",
            "--allowed-domain",
            "example.co.jp",
            "--allow-mass-delete",
        ];
        args.extend(extra);
        plan(&args, &[("hr.csv", &hr), ("users.csv", current)])
    }

    fn run(hr_rows: &str, extra: &[&str]) -> Planned {
        run_on(CURRENT, hr_rows, extra).unwrap()
    }

    /// Each case: HR rows, the rows refused, the users to import (users_001.csv) and the users
    /// to delete by hand (users_delete.csv).
    #[test]
    fn user_rules() {
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a [(u32, &'a str)],
            &'a [&'a [&'a str]],
            &'a [&'a [&'a str]],
        );
        let cases: [Case; 7] = [
            (
                "a new user's 役割 is blank (the importer's メンバー); an unchanged one is not written",
                "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,在籍中\n\
                 1003,鈴木,一郎,スズキ,イチロウ,ichiro@example.co.jp,在籍中\n",
                &[],
                &[&["1003", "ichiro@example.co.jp", "鈴木 一郎", "", "パスワード"]],
                &[],
            ),
            (
                "a registered user keeps the 役割 KiteRa has",
                "1001,山田,太郎,ヤマダ,タロウ,yamada@example.co.jp,在籍中\n",
                &[],
                &[&["1001", "yamada@example.co.jp", "山田 太郎", "管理者", "パスワード"]],
                &[],
            ),
            (
                "--auth sso for a user with an e-mail; the changed 認証方法 is an update",
                "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,在籍中\n",
                &[],
                &[&["1001", "taro@example.co.jp", "山田 太郎", "管理者", "SSO"]],
                &[],
            ),
            (
                "a retired user KiteRa has is listed for deletion",
                "1002,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,退職済み\n",
                &[],
                &[],
                &[&["1002", "hanako@example.co.jp", "佐藤 花子"]],
            ),
            (
                "another domain, and characters a 従業員コード may not hold",
                "1004,高橋,三郎,タカハシ,サブロウ,saburo@other.example,在籍中\n\
                 A_5,伊藤,四郎,イトウ,シロウ,shiro@example.co.jp,在籍中\n",
                &[(2, "email-domain-not-allowed"), (3, "invalid-employee-code")],
                &[],
                &[],
            ),
            (
                "without --auth a registered user keeps the 認証方法 KiteRa holds (SSO)",
                "1002,佐藤,花子,サトウ,ハナコ,hanako.sato@example.co.jp,在籍中\n",
                &[],
                &[&["1002", "hanako.sato@example.co.jp", "佐藤 花子", "メンバー", "SSO"]],
                &[],
            ),
            (
                "no e-mail: registered by 従業員コード, password login",
                "1006,渡辺,五郎,ワタナベ,ゴロウ,,在籍中\n",
                &[],
                &[&["1006", "", "渡辺 五郎", "", "パスワード"]],
                &[],
            ),
        ];
        for (i, (name, hr_rows, excluded, users, deleted)) in cases.into_iter().enumerate() {
            let extra: &[&str] = if i == 2 { &["--auth", "sso"] } else { &[] };
            let planned = run(hr_rows, extra);
            assert_eq!(planned.excluded(), excluded, "{name}");
            assert_eq!(planned.rows("users_001.csv"), rows(users), "{name}");
            assert_eq!(planned.rows("users_delete.csv"), rows(deleted), "{name}");
        }
    }

    /// New users past the plan's limit (counting the users left after deletions) are refused.
    #[test]
    fn user_limit() {
        let planned = run(
            "1003,鈴木,一郎,スズキ,イチロウ,ichiro@example.co.jp,在籍中\n\
             1004,高橋,三郎,タカハシ,サブロウ,saburo@example.co.jp,在籍中\n",
            &["--user-limit", "3"],
        );
        assert_eq!(planned.excluded(), [(3, "user-limit-exceeded")]);
        assert_eq!(planned.count("employees", "create"), 1);
    }

    /// At most 1,000 users a file, numbered in import order; the rows add up, in source order.
    #[test]
    fn users_are_split_into_files_of_a_thousand() {
        for (users, files) in [
            (0, 1),
            (1, 1),
            (1_000, 1),
            (1_001, 2),
            (2_000, 2),
            (2_001, 3),
        ] {
            let hr_rows: String = (0..users)
                .map(|i| format!("N{i:04},新人,{i},シンジン,イチ,n{i}@example.co.jp,在籍中\n"))
                .collect();
            let planned = run(&hr_rows, &[]);
            let names: Vec<&str> = planned.files.iter().map(|(n, _, _)| n.as_str()).collect();
            let mut expected: Vec<String> =
                (1..=files).map(|n| format!("users_{n:03}.csv")).collect();
            expected.push("users_delete.csv".into());
            assert_eq!(names, expected, "{users} users");
            let written: Vec<String> = (1..=files)
                .flat_map(|n| planned.rows(&format!("users_{n:03}.csv")))
                .map(|row| row[0].to_string())
                .collect();
            let want: Vec<String> = (0..users).map(|i| format!("N{i:04}")).collect();
            assert_eq!(written, want, "{users} users");
            for n in 1..=files {
                assert!(planned.rows(&format!("users_{n:03}.csv")).len() <= 1_000);
            }
        }
    }

    /// The note on a split import lists every file up to ten, then the first two and the last.
    #[test]
    fn the_split_note_names_the_files_in_order() {
        let files = |users: usize| {
            let rows: Vec<Vec<String>> = (0..users).map(|i| vec![i.to_string()]).collect();
            crate::plan::batches("users", "ユーザー", &["従業員コード"], rows, 1_000)
        };
        let (ja, en) = super::split_note(&files(2_500));
        assert_eq!(
            ja,
            "ユーザーは 3 ファイルに分けました（KiteRa のユーザーインポートは 1 回 1000 人まで）。この順に取り込んでください: users_001.csv (1000 人) → users_002.csv (1000 人) → users_003.csv (500 人)"
        );
        assert!(en.ends_with("Import them in this order: users_001.csv (1000 users) → users_002.csv (1000 users) → users_003.csv (500 users)"), "{en}");
        let (_, en) = super::split_note(&files(11_001));
        assert!(en.starts_with("The users are split into 12 files"), "{en}");
        assert!(en.ends_with("users_001.csv (1000 users) → users_002.csv (1000 users) → … → users_012.csv (1 user)"), "{en}");
    }

    /// A registered user to update whose 役割 the current export does not give stops the run: a
    /// blank would make the user a メンバー. New users and unchanged ones do not need it.
    #[test]
    fn an_unknown_role_of_a_user_to_update_stops_the_run() {
        let without_role = "従業員コード,メールアドレス,名前,認証方法\n\
                            1001,taro@example.co.jp,山田 太郎,パスワード\n";
        let fine = run_on(
            without_role,
            "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,在籍中\n\
             1003,鈴木,一郎,スズキ,イチロウ,ichiro@example.co.jp,在籍中\n",
            &[],
        )
        .unwrap();
        assert_eq!(
            fine.rows("users_001.csv"),
            rows(&[&[
                "1003",
                "ichiro@example.co.jp",
                "鈴木 一郎",
                "",
                "パスワード"
            ]])
        );
        let blank_role = "従業員コード,メールアドレス,名前,役割,認証方法\n\
                          1001,taro@example.co.jp,山田 太郎,,パスワード\n";
        for current in [without_role, blank_role] {
            let Err(error) = run_on(
                current,
                "1001,山田,太郎,ヤマダ,タロウ,yamada@example.co.jp,在籍中\n",
                &[],
            ) else {
                panic!("the run goes on without the 役割 of a user to update");
            };
            let error = error.to_string();
            assert!(error.starts_with("--current-employees: "), "{error}");
            assert!(error.contains("the 役割 of 1 users"), "{error}");
            assert!(error.ends_with("hr.csv row 2)"), "{error}");
            assert!(error.contains(": 1001 ("), "{error}");
        }
    }
}
