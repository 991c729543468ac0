//! The documentation in `docs/` against the code and the repository:
//! - `docs/codes.md` is generated from the code registry (`meibo::reason::ALL` and the codes each
//!   receiving system declares) and must equal what this test renders; regenerate it with
//!   `MEIBO_UPDATE_DOCS=1 cargo test --test docs`;
//! - every page under `docs/` is linked from `docs/README.md`, and every relative link of the
//!   Markdown files in the repository names a file that exists;
//! - no file of the repository cites a document outside it (the old contract or the folder it
//!   lived in): the rules are stated in `docs/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use meibo::reason::{Explanation, Severity, ALL};
use meibo::receiver::RECEIVERS;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (severity, short label ja/en as `meibo explain` prints it, heading ja/en, introduction).
#[allow(clippy::type_complexity)]
const SEVERITIES: [(Severity, &str, &str, &str, &str, &str); 4] = [
    (
        Severity::Exclusion,
        "除外",
        "exclusion",
        "除外（exclusions.csv）",
        "Exclusions (exclusions.csv)",
        "行は取り込まれず、exclusions.csv に理由ごとに1行ずつ載ります。終了コードは 1 です。\n\nThe row is not imported; exclusions.csv has one line per reason. The exit code is 1.",
    ),
    (
        Severity::Warning,
        "警告",
        "warning",
        "警告（warnings.csv）",
        "Warnings (warnings.csv)",
        "行は読まれ、取り込まれます。確認したほうがよい点が warnings.csv に載ります。警告だけでは終了コードは変わりません。\n\nThe row is read and imported; warnings.csv says what deserves a look. Warnings alone do not change the exit code.",
    ),
    (
        Severity::Error,
        "中止",
        "error",
        "中止（終了コード 2）",
        "Errors that stop the run (exit code 2)",
        "実行全体を止め、何も書き出しません。メッセージがコードを示します。\n\nThe whole run stops before anything is written; the message names the code.",
    ),
    (
        Severity::Verify,
        "検証",
        "verify",
        "検証結果（verify.csv）",
        "Verify results (verify.csv)",
        "`meibo verify` が計画した変更ごとに付ける結果です（[verify.md](verify.md)）。\n\nWhat `meibo verify` found for each planned change ([verify.md](verify.md)).",
    ),
];

/// The receiving systems whose rules raise `e`, as `--to` ids.
fn raised_by(e: &Explanation) -> Vec<&'static str> {
    RECEIVERS
        .iter()
        .filter(|r| r.about().codes.contains(&e.code))
        .map(|r| r.system().id())
        .collect()
}

/// `docs/codes.md` as the registry says it should read.
fn render_codes() -> String {
    let mut page = String::new();
    let w = &mut page;
    let _ = writeln!(
        w,
        "<!-- 自動生成 / generated: src/reason.rs から作られます。手で編集しないでください。\n     \
         Regenerate with: MEIBO_UPDATE_DOCS=1 cargo test --test docs -->\n\n\
         # 理由コードと警告コード / Reason and warning codes\n\n\
         meibo が exclusions.csv・warnings.csv・verify.csv とエラーメッセージに書くコードの一覧です。\
         コードは英語のまま変わりません。同じ説明は `meibo explain <コード>` でも表示されます\
         （`--lang en` で英語）。\n\n\
         Every code meibo writes to exclusions.csv, warnings.csv, verify.csv and its error \
         messages. Codes never change and are never translated. `meibo explain <CODE>` prints \
         the same text (`--lang en` for English).\n\n\
         | コード / code | 種類 / kind | メッセージ | message |\n|---|---|---|---|"
    );
    for e in ALL {
        let (_, ja, en, ..) = SEVERITIES.iter().find(|s| s.0 == e.severity).unwrap();
        let _ = writeln!(
            w,
            "| [`{id}`](#{id}) | {ja} / {en} | {} | {} |",
            cell(e.message_ja),
            cell(e.message_en),
            id = e.id
        );
    }
    for (severity, _, _, ja, en, intro) in SEVERITIES {
        let _ = writeln!(w, "\n## {ja} / {en}\n\n{intro}");
        for e in ALL.iter().filter(|e| e.severity == severity) {
            let _ = writeln!(w, "\n### {}\n", e.id);
            let systems = raised_by(e);
            if !systems.is_empty() {
                let _ = writeln!(
                    w,
                    "- 連携先 / raised for: {}",
                    systems
                        .iter()
                        .map(|id| format!("[`--to {id}`](receivers/{id}.md)"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let _ = writeln!(
                w,
                "- メッセージ: {}\n- Message: {}\n- 意味: {}\n- What it means: {}\n- 直し方: {}\n- How to fix it: {}",
                e.message_ja, e.message_en, e.meaning_ja, e.meaning_en, e.fix_ja, e.fix_en
            );
        }
    }
    page
}

/// A message as a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[test]
fn codes_page_is_generated_from_the_registry() {
    let path = root().join("docs/codes.md");
    let rendered = render_codes();
    if std::env::var_os("MEIBO_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &rendered).expect("write docs/codes.md");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != rendered {
        let line = checked_in
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(checked_in.lines().count().min(rendered.lines().count()));
        panic!(
            "docs/codes.md does not match the codes in src/reason.rs (first difference at line {}).\n\
             Regenerate it and commit the result:\n\n    MEIBO_UPDATE_DOCS=1 cargo test --test docs\n",
            line + 1
        );
    }
}

#[test]
fn every_code_has_its_section_in_the_codes_page() {
    let page = render_codes();
    for e in ALL {
        assert!(page.contains(&format!("\n### {}\n", e.id)), "{}", e.id);
        assert!(
            page.contains(e.fix_ja) && page.contains(e.fix_en),
            "{}",
            e.id
        );
    }
}

/// The files git tracks, else (no git, e.g. an unpacked archive) every file but target/ and .git.
fn repository_files() -> Vec<PathBuf> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(out) = listed {
        return out
            .stdout
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| root().join(String::from_utf8_lossy(p).as_ref()))
            .filter(|p| p.is_file())
            .collect();
    }
    let mut files = Vec::new();
    let mut stack = vec![root().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == ".git" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// What a line may not say: a citation of a document outside the repository.
fn citation(line: &str) -> Option<&'static str> {
    // Spelled in parts so that this file does not cite them itself.
    let contract = concat!("SP", "EC");
    let shared = concat!("../", "shared");
    if line.contains(contract) {
        return Some(contract);
    }
    if line.contains(shared) {
        return Some(shared);
    }
    if line.contains('\u{a7}') {
        return Some("the section sign (a section of the old contract)");
    }
    // The integration guides as files (the folder, or a guide by its file number); the fuzzers'
    // own corpus folder under fuzz/ has the same name and may be named.
    let seeds = concat!("seeds", "/");
    let without_fuzz = line.replace(concat!("fuzz/", "seeds", "/"), "");
    if without_fuzz.contains(seeds) {
        return Some(seeds);
    }
    [concat!("seed ", "0"), concat!("seeds ", "0")]
        .into_iter()
        .find(|numbered| line.contains(numbered))
}

#[test]
fn no_file_cites_a_document_outside_the_repository() {
    let mut found = Vec::new();
    for path in repository_files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // binary files (samples, fixtures) cite nothing
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(what) = citation(line) {
                let name = path.strip_prefix(root()).unwrap_or(&path).display();
                found.push(format!("{name}:{}: {what}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines cite a document that is not in the repository; point to the docs/ page that \
         states the rule instead (or state it):\n{}",
        found.join("\n")
    );
}

/// The relative link targets of a Markdown text: `](target)`, without `#anchor`.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("](").skip(1) {
        let Some(end) = part.find(')') else { continue };
        let target = part[..end].split('#').next().unwrap().trim();
        if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        out.push(target.to_string());
    }
    out
}

#[test]
fn every_docs_page_is_in_the_index_and_every_link_resolves() {
    let index = std::fs::read_to_string(root().join("docs/README.md")).expect("docs/README.md");
    let linked = links(&index);
    let mut broken = Vec::new();
    for path in repository_files() {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = path.strip_prefix(root()).unwrap().to_path_buf();
        let text = std::fs::read_to_string(&path).unwrap();
        if relative.starts_with("docs") && relative != Path::new("docs/README.md") {
            let from_index = relative.strip_prefix("docs").unwrap();
            assert!(
                linked.iter().any(|l| Path::new(l) == from_index),
                "docs/README.md (the index) does not link {}: add a line for it",
                relative.display()
            );
        }
        for target in links(&text) {
            if !path.parent().unwrap().join(&target).exists() {
                broken.push(format!("{}: {target}", relative.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to files that do not exist:\n{}",
        broken.join("\n")
    );
}
