//! KiteRa (SPEC §7, guide 003): SmartHR employees become KiteRa users.
//!
//! - Key: 従業員コード = SmartHR's 社員番号 (users without an e-mail have nothing else). A blank one
//!   is `missing-employee-code`; one shared by several rows is `duplicate-employee-code` (all rows).
//! - Carried: 従業員コード, 氏名 (business name first; 姓 and 名 joined by one space), メールアドレス,
//!   ログイン方法 (`--auth`), and for new users the default group (`--default-group`). KiteRa keeps
//!   a registered user's group (the sync does not overwrite it), so updates keep the current one and
//!   it is not compared.
//! - Refused as the guide's failure patterns say: `invalid-email`, `email-domain-not-allowed`
//!   (`--allowed-domain`), `invalid-employee-code` (only half-width letters, digits and hyphens),
//!   `user-limit-exceeded` (`--user-limit`: new users past the limit, in file order, counting the
//!   users that remain after the run's deletions). Also `missing-name` and `duplicate-email` (a
//!   login address is one person's).
//! - Retired (在籍状況 退職済み): a user KiteRa has is deleted; one it does not have is skipped.
//! - First login (初回ログイン, new users only): 招待メール (e-mail + password), SSO (e-mail + SSO:
//!   registered without an invitation), 従業員コード (no e-mail: KiteRa mails the administrator the
//!   initial passwords; such a user logs in by password whatever `--auth` says).
//! - Users KiteRa has and SmartHR does not are reported (target-only), never deleted.

use super::{usage, About, FlagSet, Inputs, Landing, Reads, Receiver, Rules, DELETION_FLAGS};
use crate::config::RunConfig;
use crate::rules::deletions::{DeletionArgs, Guard};
use crate::source::{Field, System};
use anyhow::{Context, Result};
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

/// The users import sheet (and the layout of KiteRa's current user export, minus 初回ログイン).
pub const USER_HEADERS: [&str; 6] = [
    "従業員コード",
    "氏名",
    "メールアドレス",
    "ログイン方法",
    "グループ",
    "初回ログイン",
];
/// The users to delete: the current export's values.
pub const DELETE_HEADERS: [&str; 3] = ["従業員コード", "氏名", "メールアドレス"];
/// Columns whose differences make an update (the sync overwrites them; the group it does not).
const COMPARED: [&str; 3] = ["氏名", "メールアドレス", "ログイン方法"];

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
    pub login: Login,
    pub default_group: String,
    /// Lower-case domains without '@'; empty = every domain is allowed.
    pub allowed_domains: Vec<String>,
    pub user_limit: Option<usize>,
    pub cp932: bool,
    /// The current export has a ログイン方法 column (else the method is written, not compared).
    pub current_has_login_method: bool,
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

pub fn plan<'a>(sets: &Sets, options: &Options) -> Plan<'a> {
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
                        compared.retain(|c| *c != "ログイン方法");
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
                    current_name,
                    c.email().to_string(),
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

    let mut plan = Plan::new((
        "次の手順: KiteRaのユーザー管理で employees.csv のユーザーを登録・更新し、employees_delete.csv のユーザー（退職者）を削除してください。初回ログインが「従業員コード」のユーザーには初期パスワードを伝えてください。",
        "Next: in KiteRa's user management, register or update the users of employees.csv and delete those of employees_delete.csv (retired). Give the users whose first login is 従業員コード their initial password.",
    ));
    plan.deletions = vec![Deletions {
        kind: Kind::Employee,
        count: counts.get(Action::Delete.id()),
        current: current.records.iter().filter(|e| !e.undecodable).count(),
    }];
    plan.files = vec![
        ImportFile::new("employees.csv", "ユーザー", &USER_HEADERS, users)
            .keyed(Kind::Employee, "従業員コード"),
        ImportFile::new(
            "employees_delete.csv",
            "ユーザー削除",
            &DELETE_HEADERS,
            deletions,
        ),
    ];
    plan.exclusions = exclusions;
    plan.changes = changes;
    plan.counts = vec![counts];
    plan
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
    let (login, first_login) = match (email.is_empty(), options.login) {
        (true, _) => (Login::Password, "従業員コード"),
        (false, Login::Password) => (Login::Password, "招待メール"),
        (false, Login::Sso) => (Login::Sso, "SSO"),
    };
    let (group, first_login) = match current {
        Some(c) => (c.department().to_string(), ""),
        None => (options.default_group.clone(), first_login),
    };
    vec![
        e.employee_number().to_string(),
        full_name(e.family_name(), e.given_name()),
        email,
        login.label().to_string(),
        group,
        first_login.to_string(),
    ]
}

/// A current user in the layout of [`USER_HEADERS`], for comparing.
fn current_row(c: &Employee) -> Vec<String> {
    vec![
        c.employee_number().to_string(),
        full_name(c.family_name(), c.given_name()),
        c.email().to_string(),
        login_label(c.login_method()),
        c.department().to_string(),
        String::new(),
    ]
}

/// A current export's login method in meibo's words (パスワード or SSO); anything else as written.
fn login_label(written: &str) -> String {
    match written.to_lowercase().as_str() {
        "sso" => Login::Sso.label().to_string(),
        "password" | "パスワード" => Login::Password.label().to_string(),
        _ => written.to_string(),
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
    /// kitera: login method of the users (default: password).
    #[arg(long, value_enum, help_heading = "KiteRa (--to kitera)")]
    pub auth: Option<Auth>,
    /// kitera: the group every new user gets (KiteRa's デフォルトグループ). Required.
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
    help: "KiteRa (SPEC §7, guide 003), from SmartHR: users",
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
        "--default-group",
        "全社",
        "--allowed-domain",
        "example.co.jp",
        "--user-limit",
        "12",
    ],
    landings: &[
        Landing::upserts("employees.csv", "ユーザー", Kind::Employee, "従業員コード"),
        Landing::deletions(
            "employees_delete.csv",
            "ユーザー削除",
            Kind::Employee,
            "従業員コード",
        ),
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
        let default_group = args
            .default_group
            .as_deref()
            .map(|g| normalize::trim(g).to_string())
            .filter(|g| !g.is_empty())
            .with_context(|| {
                format!(
                    "--to kitera: {}",
                    lang.pick(
                        "--default-group でデフォルトグループを指定してください（同期するユーザー全員に設定されます）",
                        "give the default group with --default-group (every synced user gets it)"
                    )
                )
            })?;
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
                login: match args.auth {
                    Some(Auth::Sso) => Login::Sso,
                    Some(Auth::Password) | None => Login::Password,
                },
                default_group,
                allowed_domains,
                user_limit: args.user_limit,
                cp932: config.cp932(),
                current_has_login_method: false,
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
        &["employees.csv", "employees_delete.csv"]
    }
    fn guard(&self) -> Option<Guard> {
        Some(self.guard)
    }
    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>> {
        let options = Options {
            current_has_login_method: inputs.current_employees.loaded.map.has(Field::LoginMethod),
            ..self.options.clone()
        };
        Ok(plan(&Sets::of(inputs), &options))
    }
}

#[cfg(test)]
mod tests {
    use crate::receiver::testing::{plan, rows, Planned};

    const HR_HEADER: &str =
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,在籍状況\n";
    const CURRENT: &str = "従業員コード,氏名,メールアドレス,ログイン方法,グループ\n\
                           1001,山田 太郎,taro@example.co.jp,パスワード,営業\n\
                           1002,佐藤 花子,hanako@example.co.jp,SSO,総務\n";

    fn run(hr_rows: &str, extra: &[&str]) -> Planned {
        let hr = format!("{HR_HEADER}{hr_rows}");
        let mut args = vec![
            "--to",
            "kitera",
            "--employees",
            "hr.csv",
            "--current-employees",
            "users.csv",
            "--default-group",
            "全社",
            "--allowed-domain",
            "example.co.jp",
            "--allow-mass-delete",
        ];
        args.extend(extra);
        plan(&args, &[("hr.csv", &hr), ("users.csv", CURRENT)]).unwrap()
    }

    /// Each case: HR rows, the rows refused, the users to import and the users to delete.
    #[test]
    fn user_rules() {
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a [(u32, &'a str)],
            &'a [&'a [&'a str]],
            &'a [&'a [&'a str]],
        );
        let cases: [Case; 4] = [
            (
                "a new user gets the default group and an invitation; an existing one keeps its group",
                "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,在籍中\n\
                 1003,鈴木,一郎,スズキ,イチロウ,ichiro@example.co.jp,在籍中\n",
                &[],
                &[&["1003", "鈴木 一郎", "ichiro@example.co.jp", "パスワード", "全社", "招待メール"]],
                &[],
            ),
            (
                "a retired user KiteRa has is deleted",
                "1002,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,退職済み\n",
                &[],
                &[],
                &[&["1002", "佐藤 花子", "hanako@example.co.jp"]],
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
                "no e-mail: the first login is by 従業員コード",
                "1006,渡辺,五郎,ワタナベ,ゴロウ,,在籍中\n",
                &[],
                &[&["1006", "渡辺 五郎", "", "パスワード", "全社", "従業員コード"]],
                &[],
            ),
        ];
        for (name, hr_rows, excluded, users, deleted) in cases {
            let planned = run(hr_rows, &[]);
            assert_eq!(planned.excluded(), excluded, "{name}");
            assert_eq!(planned.rows("employees.csv"), rows(users), "{name}");
            assert_eq!(
                planned.rows("employees_delete.csv"),
                rows(deleted),
                "{name}"
            );
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
}
