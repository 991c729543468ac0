//! Tests over the registry of receiving systems (`meibo::receiver::RECEIVERS`), in the style of
//! ruff's tests over its rules: every receiving system is reachable by its `--to` id and listed in
//! the help, every code it raises is explained, it runs on its samples as the README shows, and
//! each of its flags is documented and refused with another `--to`.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::Workdir;
use meibo::reason;
use meibo::receiver::{self, RECEIVERS};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// A sample argument as a path from the test's folder (samples/… is relative to the repository).
fn absolute(arg: &str) -> String {
    if arg.starts_with("samples/") {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(arg)
            .display()
            .to_string()
    } else {
        arg.to_string()
    }
}

#[test]
fn every_receiver_is_reachable_by_its_id_and_listed_in_the_help() {
    let mut ids = HashSet::new();
    let w = Workdir::new();
    let help = w.run(&["reconcile", "--help"]);
    help.expect_success();
    for r in RECEIVERS {
        let id = r.system().id();
        assert!(ids.insert(id), "{id} is registered twice");
        assert!(std::ptr::addr_eq(receiver::find(id).unwrap(), *r), "{id}");
        // "  mikiwame: …" in Japanese help, "- mikiwame: …" in clap's English.
        let line = format!("{id}:");
        assert!(
            help.stdout
                .lines()
                .any(|l| l.trim_start().trim_start_matches("- ").starts_with(&line)),
            "{id} in --help\n{help}"
        );
    }
    assert_eq!(RECEIVERS[0].system().id(), "mikiwame", "the default --to");
}

#[test]
fn every_code_a_receiver_raises_is_explained() {
    let w = Workdir::new();
    for r in RECEIVERS {
        assert!(!r.about().codes.is_empty(), "{}", r.system().id());
        for &code in r.about().codes {
            let e = code.explanation();
            for text in [
                e.message_ja,
                e.message_en,
                e.meaning_ja,
                e.meaning_en,
                e.fix_ja,
                e.fix_en,
            ] {
                assert!(!text.is_empty(), "{}: {}", r.system().id(), e.id);
            }
            assert!(reason::ALL.iter().any(|x| x.id == e.id));
            let out = w.run(&["explain", e.id]);
            out.expect_success();
            assert!(
                out.stdout_lines()[0].starts_with(&format!("{} (", e.id)),
                "{out}"
            );
        }
    }
}

#[test]
fn every_receiver_runs_on_its_samples_as_the_readme_shows() {
    let readme = readme();
    for r in RECEIVERS {
        let id = r.system().id();
        let shown = format!(
            "cargo run --release -- reconcile {}",
            r.about().sample.join(" ")
        );
        assert!(readme.contains(&shown), "README shows {shown}");
        let w = Workdir::new();
        let mut args: Vec<String> = vec!["reconcile".into()];
        args.extend(r.about().sample.iter().map(|a| absolute(a)));
        args.extend(["--out".into(), "out".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = w.run(&args);
        assert!(out.code == 0 || out.code == 1, "{id}: {out}");
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(w.path("out/summary.json")).unwrap()).unwrap();
        assert_eq!(summary["target_system"], id, "{out}");
        for name in summary["outputs"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            assert!(w.path("out").join(name).is_file(), "{id}: {name}");
        }
        assert!(
            out.stderr
                .contains(&format!("→ {}", r.system().name(meibo::lang::Lang::Ja))),
            "{out}"
        );
    }
}

#[test]
fn every_flag_is_documented_and_refused_with_another_receiver() {
    let readme = readme();
    let command = meibo::cli::command();
    let reconcile = command.find_subcommand("reconcile").unwrap();
    let w = Workdir::new();
    for set in receiver::flag_sets() {
        let takers: Vec<&str> = RECEIVERS
            .iter()
            .filter(|r| r.flags().iter().any(|s| s.name == set.name))
            .map(|r| r.system().id())
            .collect();
        for flag in receiver::flag_names(set) {
            assert!(readme.contains(&flag), "README documents {flag}");
            let arg = reconcile
                .get_arguments()
                .find(|a| a.get_long().is_some_and(|l| format!("--{l}") == flag))
                .unwrap_or_else(|| panic!("{flag} is a flag of reconcile"));
            assert!(
                arg.get_help().is_some_and(|h| !h.to_string().is_empty()),
                "{flag} has help"
            );
            for other in RECEIVERS
                .iter()
                .filter(|r| !takers.contains(&r.system().id()))
            {
                let mut args = vec![
                    "reconcile",
                    "--to",
                    other.system().id(),
                    "--employees",
                    "e.csv",
                    "--current-employees",
                    "c.csv",
                    "--out",
                    "out",
                    &flag,
                ];
                let value = arg
                    .get_possible_values()
                    .first()
                    .map_or("1".to_string(), |v| v.get_name().to_string());
                if arg.get_action().takes_values() {
                    args.push(&value);
                }
                let out = w.run(&args);
                out.expect_code(2);
                out.expect_stderr_contains(&format!(
                    "{flag} は --to {} でのみ使えます (--to {})",
                    takers.join(" / "),
                    other.system().id()
                ));
                assert!(!w.path("out").exists(), "{out}");
            }
        }
    }
}
