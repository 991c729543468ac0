//! `--help` speaks Japanese by default and English with `--lang en` or an English locale, and every
//! command and flag has its Japanese text.

mod common;

use std::process::Command;

use common::Workdir;

fn help(args: &[&str], locale: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_meibo"));
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    if let Some(locale) = locale {
        command.env("LANG", locale);
    }
    let output = command.output().expect("meibo runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_command_and_flag_has_japanese_help() {
    fn walk(command: &clap::Command, path: &str) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            assert!(
                meibo::help::japanese(id).is_some(),
                "{path} {id} has Japanese help"
            );
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()));
        }
    }
    walk(&meibo::cli::command(), "meibo");
}

#[test]
fn help_is_japanese_by_default_and_english_when_asked() {
    let ja = help(&["reconcile", "--help"], None);
    assert!(ja.contains("使い方: meibo reconcile"), "{ja}");
    assert!(
        ja.contains("人事システムの社員エクスポート（CSV/TSV/XLSX）"),
        "{ja}"
    );
    assert!(ja.contains("オプション:"), "{ja}");
    assert!(ja.contains("ヘルプを表示します"), "{ja}");
    assert!(!ja.contains("Usage:"), "{ja}");

    for en in [
        help(&["reconcile", "--help", "--lang", "en"], None),
        help(&["--lang=en", "reconcile", "--help"], None),
        help(&["reconcile", "--help"], Some("en_US.UTF-8")),
    ] {
        assert!(en.contains("Usage: meibo reconcile"), "{en}");
        assert!(
            en.contains("The HR system's employee export (CSV/TSV/XLSX)"),
            "{en}"
        );
        assert!(!en.contains("使い方"), "{en}");
    }
    // --lang wins over the locale.
    let ja = help(
        &["reconcile", "--help", "--lang", "ja"],
        Some("en_US.UTF-8"),
    );
    assert!(ja.contains("使い方: meibo reconcile"), "{ja}");

    let top = help(&["--help"], None);
    assert!(top.contains("コマンド:") && top.contains("例:"), "{top}");
    let w = Workdir::new();
    w.run(&["-V"]).expect_success();
}
