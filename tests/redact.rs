//! The diagnostic bundle (`--redact`): for every receiving system's sample run and personality,
//! the bundle holds none of the personal values of the inputs (every name, reading, e-mail local
//! part, birth date and employee number, read with meibo's own readers), every token in it is in
//! the lookup file, each value has one token, and the tokens stay the same with the same key.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use common::Workdir;
use meibo::config::Reading;
use meibo::input::ReadOptions;
use meibo::lang::Lang;
use meibo::receiver::RECEIVERS;
use meibo::source::{self, records, Mapping, Role};

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every personal value of an input file: names and readings (apart and as one), employee
/// numbers, e-mail local parts, birth dates; for personality results, 社員番号, 氏名 and e-mail.
fn personal_values(path: &Path) -> BTreeSet<String> {
    let reading = Reading {
        options: ReadOptions::default(),
        mapping: Mapping::default(),
    };
    let profiles = source::profiles(&[Role::Employees, Role::Results], None);
    let loaded = reading.load(path, &profiles, None).expect("a sample reads");
    let mut values = BTreeSet::new();
    let local = |address: &str| address.split('@').next().unwrap_or("").to_string();
    if loaded.map.profile.role == Role::Results {
        let set = records::results(&loaded.table, &loaded.map, Lang::Ja).unwrap();
        for r in set.records {
            values.extend([r.employee_number, local(&r.email)]);
            values.extend(r.name.split_whitespace().map(str::to_string));
        }
    } else {
        let set = records::employees(&loaded.table, &loaded.map, &reading.mapping);
        for e in set.records {
            values.extend(
                [
                    e.employee_number(),
                    e.family_name(),
                    e.given_name(),
                    e.family_kana(),
                    e.given_kana(),
                ]
                .map(str::to_string),
            );
            values.insert(local(e.email()));
            if let Some(birth) = e.birth_date {
                values.insert(birth.format("%Y/%m/%d").to_string());
                values.insert(birth.format("%Y-%m-%d").to_string());
            }
        }
    }
    values.retain(|v| !v.trim().is_empty());
    // The guide's made-up employees are called ミキワメ 太郎…八郎: a family name that is also a
    // system's name stands in meibo's own messages ("…ミキワメに登録されていません") without
    // telling anything about the person, and is not searched for on its own.
    for system in SYSTEM_NAMES {
        values.remove(system);
    }
    // Values too short to be told from row numbers inside text are hidden only as whole cells
    // (meibo::output::redact::long_enough); the samples have none.
    let short: Vec<&String> = values
        .iter()
        .filter(|v| !meibo::output::redact::long_enough(v))
        .collect();
    assert!(short.is_empty(), "{}: {short:?}", path.display());
    values
}

const SYSTEM_NAMES: [&str; 7] = [
    "ミキワメ",
    "SmartHR",
    "kaonavi",
    "カオナビ",
    "KiteRa",
    "HRBrain",
    "ロウムメイト",
];

/// Where `value` stands in `text` as itself: a value that begins or ends with a letter or digit
/// does not count inside a longer word or number (1001 in 10012), nor inside a name joined by
/// underscores (001 in KiteRa's users_001.csv).
fn stands_in(text: &str, value: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(value).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        let glued_before = word(value.chars().next()) && word(before);
        let glued_after = word(value.chars().next_back()) && word(after);
        !glued_before && !glued_after
    })
}

fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        files.insert(entry.name().unwrap().to_string(), text);
    }
    files
}

fn tokens(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("P-") {
        let token: String = text[at..].chars().take(12).collect();
        if token.len() == 12
            && token[2..]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            found.insert(token);
        }
    }
    found
}

/// Run a command with `--redact` on its sample inputs; check the bundle against the inputs'
/// personal values and the lookup file, and return the tokens.
fn check(name: &str, args: &[String], inputs: &[PathBuf]) -> BTreeMap<String, String> {
    let w = Workdir::new();
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--out", "out", "--redact", "--redact-key", "key.hex"]);
    let out = w.run(&all);
    assert!(out.code == 0 || out.code == 1, "{name}: {out}");
    let bundle = unzip(&w.path("out/diagnostic.zip"));
    let mut names: Vec<&str> = bundle.keys().map(String::as_str).collect();
    names.sort();
    assert!(
        names.contains(&"exclusions.csv") && names.contains(&"report.html"),
        "{name}: {names:?}"
    );
    let values: BTreeSet<String> = inputs.iter().flat_map(|p| personal_values(p)).collect();
    assert!(values.len() > 20, "{name}: the inputs hold personal values");
    for (file, text) in &bundle {
        for value in &values {
            assert!(!stands_in(text, value), "{name}: {value:?} in {file}");
        }
    }
    // Every token in the bundle maps back; one token per value.
    let lookup: BTreeMap<String, String> = w
        .read_csv("out/redaction-lookup.csv")
        .into_iter()
        .skip(1)
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect();
    let used: BTreeSet<String> = bundle.values().flat_map(|t| tokens(t)).collect();
    assert!(!used.is_empty(), "{name}: the bundle names people by token");
    for token in &used {
        assert!(lookup.contains_key(token), "{name}: {token} maps back");
    }
    let distinct: BTreeSet<&String> = lookup.values().collect();
    assert_eq!(distinct.len(), lookup.len(), "{name}: one token per value");
    // The same key gives the same tokens.
    let again = w.run(&all);
    assert_eq!(again.code, out.code);
    assert_eq!(
        unzip(&w.path("out/diagnostic.zip")),
        bundle,
        "{name}: same key, same bundle"
    );
    lookup
}

#[test]
fn every_receiving_systems_bundle_hides_every_personal_value() {
    for r in RECEIVERS {
        let sample = r.about().sample;
        let mut args: Vec<String> = vec!["reconcile".into()];
        let mut inputs = Vec::new();
        for (i, arg) in sample.iter().enumerate() {
            if arg.starts_with("samples/") {
                args.push(repository(arg).display().to_string());
                if matches!(sample[i - 1], "--employees" | "--current-employees") {
                    inputs.push(repository(arg));
                }
            } else {
                args.push(arg.to_string());
            }
        }
        check(r.system().id(), &args, &inputs);
    }
}

#[test]
fn the_personality_bundle_hides_every_personal_value() {
    let results = repository("samples/mikiwame/results.csv");
    let members = repository("samples/kaonavi/members.csv");
    let args = [
        "personality".to_string(),
        "--results".into(),
        results.display().to_string(),
        "--members".into(),
        members.display().to_string(),
    ];
    check("personality", &args, &[results, members]);
}

#[test]
fn departments_stay_readable_unless_asked_hidden() {
    let w = Workdir::new();
    let run = |extra: &[&str]| {
        let mut flags = vec!["--redact"];
        flags.extend(extra);
        common::reconcile_samples(&w, "out", &flags).expect_code(1);
        unzip(&w.path("out/diagnostic.zip"))["report.html"].clone()
    };
    assert!(run(&[]).contains("営業部"));
    let hidden = run(&["--redact-departments"]);
    assert!(!hidden.contains("営業部"), "department names hidden");
    assert!(!hidden.contains(">A001<"), "department codes hidden");
}

#[test]
fn a_run_with_exclusions_says_how_to_make_the_bundle_and_redact_key_needs_redact() {
    let w = Workdir::new();
    let sample = |p: &str| repository(p).display().to_string();
    let out = w.run(&[
        "reconcile",
        "--employees",
        &sample("samples/hrbrain/employees.csv"),
        "--current-employees",
        &sample("samples/mikiwame/employees.csv"),
        "--out",
        "out",
    ]);
    out.expect_code(1).expect_stderr_contains(
        "--redact を付けて実行すると、個人情報を伏せた diagnostic.zip ができます。",
    );
    assert!(!w.path("out/diagnostic.zip").exists());
    w.run(&[
        "reconcile",
        "--employees",
        "e.csv",
        "--current-employees",
        "c.csv",
        "--out",
        "out2",
        "--redact-key",
        "k",
    ])
    .expect_code(2)
    .expect_stderr_contains("--redact");
}
