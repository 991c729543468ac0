//! A plain model of KiteRa's user rules (docs/receivers/kitera.md, docs/layouts/kitera.md):
//! refusals, retirees, the user limit counted in file order after the deletions, and the rows of the
//! user import (従業員コード, メールアドレス, 名前, 役割, 認証方法; 役割 carried for registered users).

use meibo::model::{Attr, Employee, EmployeeSet};

use super::mikiwame::valid_email;

#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub excluded: Vec<(&'static str, u32, &'static str)>,
    pub changes: Vec<[String; 6]>,
    pub users_csv: Vec<Vec<String>>,
    pub delete_csv: Vec<Vec<String>>,
}

pub struct Options<'a> {
    pub sso: bool,
    pub allowed_domains: &'a [&'a str],
    pub user_limit: Option<usize>,
}

pub fn name(e: &Employee) -> String {
    [e.family_name(), e.given_name()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn email_key(e: &Employee) -> String {
    e.email().to_lowercase()
}

fn login_label(written: &str) -> String {
    match written.to_lowercase().as_str() {
        "sso" => "SSO".into(),
        "password" | "パスワード" => "パスワード".into(),
        _ => written.into(),
    }
}

enum Fate {
    Refused(Vec<&'static str>),
    Skipped,
    Delete(usize),
    Write(Vec<String>, Option<usize>),
}

pub fn run(source: &EmployeeSet, current: &EmployeeSet, options: &Options) -> Outcome {
    let mut out = Outcome::default();
    let records = &source.records;
    let find_current = |code: &str| {
        current
            .records
            .iter()
            .position(|c| !code.is_empty() && c.employee_number() == code)
    };
    let mut fates: Vec<Fate> = Vec::new();
    for e in records {
        if e.retired {
            fates.push(match find_current(e.employee_number()) {
                Some(m) => Fate::Delete(m),
                None => Fate::Skipped,
            });
            continue;
        }
        let mut reasons = Vec::new();
        let code = e.employee_number();
        if code.is_empty() {
            reasons.push("missing-employee-code");
        } else if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            reasons.push("invalid-employee-code");
        } else if records
            .iter()
            .filter(|o| !o.retired && o.employee_number() == code)
            .count()
            > 1
        {
            reasons.push("duplicate-employee-code");
        }
        if e.family_name().is_empty() {
            reasons.push("missing-name");
        }
        if !e.email().is_empty() {
            let domain = e.email().rsplit('@').next().unwrap_or("").to_lowercase();
            if !valid_email(e.email()) {
                reasons.push("invalid-email");
            } else if !options.allowed_domains.is_empty()
                && !options.allowed_domains.contains(&domain.as_str())
            {
                reasons.push("email-domain-not-allowed");
            } else if records
                .iter()
                .filter(|o| !o.retired && valid_email(o.email()) && email_key(o) == email_key(e))
                .count()
                > 1
            {
                reasons.push("duplicate-email");
            }
        }
        if !reasons.is_empty() {
            fates.push(Fate::Refused(reasons));
            continue;
        }
        let matched = find_current(code);
        let email = if source.provided.contains(&Attr::Email) {
            e.email().to_string()
        } else {
            matched.map_or(String::new(), |m| current.records[m].email().to_string())
        };
        // `--auth sso` for everyone with an e-mail; without the flag a registered user keeps a
        // method KiteRa holds (SSO or パスワード in any spelling), anyone else パスワード.
        let held = matched.map(|m| login_label(current.records[m].login_method()));
        let login = if email.is_empty() {
            "パスワード".to_string()
        } else if options.sso {
            "SSO".to_string()
        } else {
            match held {
                Some(h) if h == "SSO" || h == "パスワード" => h,
                _ => "パスワード".to_string(),
            }
        };
        // The worlds' current exports always give a 役割; a new user's is blank (メンバー).
        let role = matched.map_or(String::new(), |m| current.records[m].role().to_string());
        let row = vec![code.to_string(), email, name(e), role, login];
        fates.push(Fate::Write(row, matched));
    }
    // The limit: the users left after the deletions, then new users in file order.
    if let Some(limit) = options.user_limit {
        let mut deleted: Vec<usize> = Vec::new();
        for fate in &fates {
            if let Fate::Delete(m) = fate {
                if !deleted.contains(m) {
                    deleted.push(*m);
                }
            }
        }
        let mut users = current.records.len() - deleted.len();
        for fate in fates.iter_mut() {
            if let Fate::Write(_, None) = fate {
                if users >= limit {
                    *fate = Fate::Refused(vec!["user-limit-exceeded"]);
                } else {
                    users += 1;
                }
            }
        }
    }
    let mut deleted: Vec<usize> = Vec::new();
    for (e, fate) in records.iter().zip(fates) {
        let key = e.employee_number();
        let line = |action: &str, field: &str, before: &str, after: &str| {
            ["employee", action, key, field, before, after].map(String::from)
        };
        match fate {
            Fate::Refused(reasons) => {
                for reason in reasons {
                    out.excluded.push(("employee", e.at.row, reason));
                }
            }
            Fate::Skipped => {
                out.changes
                    .push(line("skipped", "在籍状況", e.employment_status(), ""))
            }
            Fate::Delete(m) if deleted.contains(&m) => {}
            Fate::Delete(m) => {
                deleted.push(m);
                let c = &current.records[m];
                out.changes.push(line("delete", "", &name(c), ""));
                out.delete_csv.push(vec![
                    c.employee_number().to_string(),
                    c.email().to_string(),
                    name(c),
                ]);
            }
            Fate::Write(row, None) => {
                out.changes.push(line("create", "", "", &name(e)));
                out.users_csv.push(row);
            }
            Fate::Write(row, Some(m)) => {
                let c = &current.records[m];
                let compared = [
                    ("メールアドレス", c.email().to_string(), &row[1]),
                    ("名前", name(c), &row[2]),
                    ("認証方法", login_label(c.login_method()), &row[4]),
                ];
                let mut changed = false;
                for (field, before, after) in compared {
                    if before != *after {
                        changed = true;
                        out.changes.push(line("update", field, &before, after));
                    }
                }
                if changed {
                    out.users_csv.push(row);
                }
            }
        }
    }
    for c in &current.records {
        if !records
            .iter()
            .any(|e| e.employee_number() == c.employee_number())
        {
            out.changes.push(
                [
                    "employee",
                    "target-only",
                    c.employee_number(),
                    "",
                    &name(c),
                    "",
                ]
                .map(String::from),
            );
        }
    }
    out
}
