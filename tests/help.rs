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

/// What clap adds after an argument's help (its default, the values it takes and their help) is
/// Japanese too: no English template words in any command's Japanese help, every `--to` value
/// described in Japanese, and the English help unchanged.
#[test]
fn defaults_and_values_are_japanese_in_japanese_help() {
    for command in ["inspect", "reconcile", "personality", "verify", "explain"] {
        let ja = help(&[command, "--help"], None);
        for english in [
            "[default:",
            "[possible values:",
            "Possible values:",
            "[env:",
        ] {
            assert!(!ja.contains(english), "{command}: {english}\n{ja}");
        }
    }
    let ja = help(&["reconcile", "--help"], None);
    assert!(ja.contains("既定: mikiwame"), "{ja}");
    assert!(ja.contains("値: utf8-bom, utf8, cp932"), "{ja}");
    for receiver in meibo::receiver::RECEIVERS {
        let line = format!("{}: {}", receiver.system().id(), receiver.about().help_ja);
        assert!(ja.contains(&line), "{line}\n{ja}");
    }
    let en = help(&["reconcile", "--help", "--lang", "en"], None);
    assert!(en.contains("[default: mikiwame]"), "{en}");
    assert!(
        en.contains(meibo::receiver::RECEIVERS[0].about().help),
        "{en}"
    );
}

/// Every value that has help in English has it in Japanese.
#[test]
fn every_value_with_help_has_japanese_help() {
    fn walk(command: &clap::Command) {
        for arg in command.get_arguments() {
            for value in arg.get_possible_values() {
                if value.get_help().is_some() {
                    let id = arg.get_id().as_str();
                    assert!(
                        meibo::help::japanese_value(id, value.get_name()).is_some(),
                        "--{id} {}",
                        value.get_name()
                    );
                }
            }
        }
        for sub in command.get_subcommands() {
            walk(sub);
        }
    }
    walk(&meibo::cli::command());
}
