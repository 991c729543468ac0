//! Every word of report.html and of the closing summary is in the run's language (issue 15,
//! "Japanese first, everywhere"). The binary runs on the bundled samples of every receiving system
//! (`RECEIVERS`' own sample arguments), of `meibo personality` and of `meibo verify`, once in
//! Japanese and once with `--lang en`, and the text a person reads — the page without its tags,
//! script and style, the attribute texts a person reads (title, placeholder, aria-label), and
//! stderr — is checked:
//! - in Japanese, no word of it is one of meibo's ids: the actions, kinds, fates, systems and input
//!   roles of the registries, and the column ids of the report CSVs (reason codes may stand: they
//!   are what `meibo explain` takes);
//! - in English, every run of Japanese characters is a value from the files the run read or wrote
//!   (names, departments, column headers, import values) or one of [`JAPANESE_IN_ENGLISH`].

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{samples, Output, Workdir};
use meibo::input::{read_table, ReadOptions};
use meibo::labels::ROLES;
use meibo::model::Fate;
use meibo::output::reports::{CHANGE_HEADERS, EXCLUSION_HEADERS, WARNING_HEADERS};
use meibo::receiver::RECEIVERS;
use meibo::rules::{Action, Kind};
use meibo::source::System;
use meibo::verify::write::VERIFY_HEADERS;

/// Japanese an English page or summary may show that is neither read nor written as a value: the
/// products' own names, and the names of the screens, sheets and columns of the products that the
/// messages quote so that a person finds them in the product.
const JAPANESE_IN_ENGLISH: &[&str] = &[
    // Products (their makers spell them in Japanese only).
    "ミキワメ",
    "クラウド法人名刺",
    "ロウムメイト",
    // HR exports' columns a message asks the user to fill in (see `meibo explain`).
    "組織情報コード",
    "所属コード",
    "偏差値",
    // kaonavi: the screen and the sheets the next step names (fixed by its system-integration
    // templates).
    "基本情報",
    "最新性格検査結果",
    "全性格検査結果",
    "ミキワメ連携",
    // クラウド法人名刺: the list and the bulk-processing screen (一括処理) the next step names.
    "社員リスト",
    "一括処理",
    // KiteRa: the screens where users are imported and deleted, as the next step names them.
    "ユーザー管理",
    "ユーザーをインポート",
    // KiteRa's Excel tool that writes the user-import CSV (named by the layout note).
    "ユーザーデータツール",
];

/// The ids a Japanese page or summary must not show, from the registries: actions, kinds, fates,
/// systems, input roles, and the column ids of the report CSVs.
fn ids() -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    ids.extend(Action::EVERY.iter().map(|a| a.id().to_string()));
    ids.extend(Kind::ALL.iter().map(|k| k.id().to_string()));
    ids.extend(Fate::WORDS.iter().map(|(id, _)| id.to_string()));
    ids.extend(System::ALL.iter().map(|s| s.id().to_string()));
    ids.extend(ROLES.iter().map(|(id, _)| id.to_string()));
    for headers in [
        &EXCLUSION_HEADERS[..],
        &CHANGE_HEADERS[..],
        &WARNING_HEADERS[..],
        &VERIFY_HEADERS[..],
    ] {
        ids.extend(headers.iter().map(|h| h.to_string()));
    }
    // verify.csv's whole-record values.
    for word in ["present", "absent"] {
        assert!(meibo::verify::presence_label(word, meibo::lang::Lang::Ja).is_some());
        ids.insert(word.to_string());
    }
    ids
}

/// A sample argument as a path from the test's folder (samples/… is relative to the repository).
fn absolute(arg: &str) -> String {
    match arg.strip_prefix("samples/") {
        Some(rest) => samples().join(rest).display().to_string(),
        None => arg.to_string(),
    }
}

/// One run on the samples: what it is called, and its arguments after `--lang L`.
fn runs() -> Vec<(String, Vec<String>)> {
    let mut runs: Vec<(String, Vec<String>)> = RECEIVERS
        .iter()
        .map(|r| {
            let mut args = vec!["reconcile".to_string()];
            args.extend(r.about().sample.iter().map(|a| absolute(a)));
            args.extend(["--out".into(), format!("out-{}", r.system().id())]);
            (r.system().id().to_string(), args)
        })
        .collect();
    let sample = |name: &str| samples().join(name).display().to_string();
    runs.push((
        "personality".into(),
        vec![
            "personality".into(),
            "--results".into(),
            sample("mikiwame/results.csv"),
            "--members".into(),
            sample("kaonavi/members.csv"),
            "--out".into(),
            "out-personality".into(),
        ],
    ));
    // After the ミキワメ run (the first receiver): its plan against the exports taken after it.
    assert_eq!(RECEIVERS[0].system(), System::Mikiwame);
    runs.push((
        "verify".into(),
        vec![
            "verify".into(),
            "--plan".into(),
            "out-mikiwame".into(),
            "--current-employees".into(),
            sample("mikiwame/after/employees.csv"),
            "--current-departments".into(),
            sample("mikiwame/after/departments.csv"),
            "--out".into(),
            "out-verify".into(),
        ],
    ));
    runs
}

/// The text a person reads on the page: the body without tags, script and style, entities
/// decoded, and the attributes a browser shows (tooltips, placeholders, labels).
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push('\n');
        let tag_end = rest[start..].find('>').expect("tags close") + start;
        let tag = &rest[start..=tag_end];
        for attribute in ["title=\"", "placeholder=\"", "aria-label=\"", "alt=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                text.push_str(&value[..value.find('"').expect("quoted")]);
                text.push('\n');
            }
        }
        rest = &rest[tag_end + 1..];
        for element in ["script", "style"] {
            if tag.starts_with(&format!("<{element}")) {
                let close = format!("</{element}>");
                rest = &rest[rest.find(&close).expect("closed")..];
            }
        }
    }
    text.push_str(rest);
    for (entity, c) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, c);
    }
    text
}

/// Words made of ASCII letters, digits and `-_./@` (a path, an address or a code is one word).
fn ascii_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_./@".contains(c)))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3006}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}')
}

/// Maximal runs of Japanese characters.
fn japanese_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_japanese(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Every header and cell of the files a run read (summary.json's inputs) and of the files it
/// wrote whose cells are values (the import files; the key, name and value columns of the report
/// CSVs).
fn data_values(w: &Workdir, out: &str) -> Vec<String> {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path(out).join("summary.json")).unwrap()).unwrap();
    let mut values = Vec::new();
    let mut read = |path: &Path, columns: Option<&[&str]>| {
        let table = read_table(path, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
        let kept: Vec<usize> = (0..table.headers.len())
            .filter(|&i| columns.is_none_or(|c| c.contains(&table.headers[i].as_str())))
            .collect();
        for &i in &kept {
            values.push(table.headers[i].clone());
        }
        for row in &table.rows {
            values.extend(kept.iter().map(|&i| row.cell(i).to_string()));
        }
    };
    for input in summary["inputs"].as_array().unwrap() {
        read(&w.path(input["path"].as_str().unwrap()), None);
    }
    for name in summary["outputs"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        let columns: Option<&[&str]> = match name {
            "exclusions.csv" => Some(&["file", "key", "name"]),
            "changes.csv" => Some(&["key", "field", "before", "after"]),
            "verify.csv" => Some(&["key", "field", "before", "planned", "found"]),
            "warnings.csv" => Some(&["file"]),
            _ if name.ends_with(".csv") => None,
            _ => continue,
        };
        read(&w.path(out).join(name), columns);
    }
    values
}

struct Seen {
    name: String,
    run: Output,
    text: String,
    out: String,
}

fn run_all(w: &Workdir, lang: &str) -> Vec<Seen> {
    runs()
        .into_iter()
        .map(|(name, args)| {
            let mut all = vec!["--lang", lang];
            all.extend(args.iter().map(String::as_str));
            let run = w.run(&all);
            assert!(run.code == 0 || run.code == 1, "{name}\n{run}");
            let out = args.last().unwrap().clone();
            let html = std::fs::read_to_string(w.path(&out).join("report.html")).unwrap();
            let text = format!("{}\n{}", visible_text(&html), run.stderr);
            Seen {
                name,
                run,
                text,
                out,
            }
        })
        .collect()
}

#[test]
fn japanese_pages_and_summaries_show_no_ids() {
    let w = Workdir::new();
    let mut ids = ids();
    let seen = run_all(&w, "ja");
    // A role the registry lacks would show as its id: every role the runs name is checked too.
    for s in &seen {
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(w.path(&s.out).join("summary.json")).unwrap())
                .unwrap();
        for input in summary["inputs"].as_array().unwrap() {
            ids.insert(input["role"].as_str().unwrap().to_string());
        }
    }
    for s in &seen {
        let raw: BTreeSet<&str> = ascii_words(&s.text)
            .filter(|word| ids.contains(*word))
            .collect();
        assert!(
            raw.is_empty(),
            "{}: ids shown untranslated: {raw:?}\n--- text ---\n{}\n{}",
            s.name,
            s.text,
            s.run
        );
        // The words are there: the counts' action words and the inputs' roles.
        assert!(s.text.contains("件数"), "{}", s.name);
        assert!(s.text.contains("役割"), "{}", s.name);
    }
}

#[test]
fn english_pages_and_summaries_show_japanese_only_in_values_and_product_names() {
    let w = Workdir::new();
    let seen = run_all(&w, "en");
    for s in &seen {
        let values = data_values(&w, &s.out);
        let foreign: BTreeSet<String> = japanese_runs(&s.text)
            .into_iter()
            .filter(|run| {
                !JAPANESE_IN_ENGLISH.contains(&run.as_str())
                    && !values.iter().any(|v| v.contains(run.as_str()))
            })
            .collect();
        assert!(
            foreign.is_empty(),
            "{}: Japanese words that are no value read or written: {foreign:?}\n--- text ---\n{}\n{}",
            s.name,
            s.text,
            s.run
        );
        assert!(s.text.contains("Counts"), "{}", s.name);
    }
}

#[test]
fn the_registries_have_words_in_both_languages() {
    use meibo::lang::Lang;
    for target in System::ALL {
        for kind in Kind::ALL {
            let (ja, en) = kind.label(target);
            assert!(ja.chars().all(is_japanese), "{ja}");
            assert!(en.is_ascii(), "{en}");
        }
        assert!(target.name(Lang::En).is_ascii() || target.name(Lang::En) == target.label());
    }
    for (id, (ja, en)) in Fate::WORDS {
        assert!(ja.chars().all(is_japanese), "{id}: {ja}");
        assert!(en.is_ascii(), "{id}: {en}");
    }
    for action in Action::EVERY {
        let (ja, en) = action.label();
        assert!(ja.chars().all(is_japanese), "{}: {ja}", action.id());
        assert!(en.is_ascii(), "{}: {en}", action.id());
    }
}
