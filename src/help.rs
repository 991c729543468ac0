//! `--help` in the user's language: Japanese by default, English with `--lang en` — or, when no
//! `--lang` is given, with `LC_ALL`, `LC_MESSAGES` or `LANG` naming an English locale (`en_US.UTF-8`).
//! The clap definitions carry the English text (doc comments); the Japanese text of every command
//! and flag is here, by id, and a test checks that none is missing.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;

/// The language of the help, from the command line as typed (before it is parsed) and the locale.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.to_string()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => continue,
        };
        return match value.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Ja,
        };
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    match locale {
        Some(locale) if locale.starts_with("en") => Lang::En,
        _ => Lang::Ja,
    }
}

/// Commands: (name, Japanese about).
const COMMANDS: &[(&str, &str)] = &[
    ("meibo", "人事マスタ（SmartHR・カオナビ・HRBrain・ロウムメイト）を連携先（ミキワメほか）の取り込み形式にオフラインで照合します"),
    ("inspect", "各ファイルから meibo が何を読むかを表示します（システム・種類・文字コード・列の対応・警告）"),
    ("reconcile", "人事システムのエクスポートと連携先の現在のエクスポートを照合し、取り込み用ファイルとレポートを書き出します"),
    ("personality", "ミキワメの性格検査結果を、社員番号で照合してカオナビの連携用シート2枚に書き出します"),
    ("verify", "取り込みのあとで、連携先のエクスポートを reconcile の計画と照らし合わせ、計画どおりに反映されたかを確かめます"),
    ("explain", "理由コードと警告コードの一覧、または1つのコードの意味と直し方を表示します"),
];

/// Examples and notes after the options: (command, Japanese text).
const AFTER_HELP: &[(&str, &str)] = &[
    ("meibo", "例:\n  meibo inspect samples/kaonavi/members.csv\n  meibo reconcile --employees samples/hrbrain/employees.csv --departments samples/hrbrain/departments.csv \\\n      --current-employees samples/mikiwame/employees.csv --current-departments samples/mikiwame/departments.csv --out out\n  meibo reconcile --to kitera --employees samples/smarthr/employees.xlsx --current-employees samples/kitera/users.csv \\\n      --allowed-domain example.co.jp --out out\n  meibo personality --results samples/mikiwame/results.csv --members samples/kaonavi/members.csv --out out\n  meibo verify --plan out --current-employees after/employees.csv --current-departments after/departments.csv --out verified\n  meibo explain missing-kana"),
    ("verify", "例（out/ をミキワメに取り込み、もう一度エクスポートしたあと）:\n  meibo verify --plan out --current-employees after/employees.csv --current-departments after/departments.csv --out verified\n\nverify.csv（計画した変更と計画外の変更を1行ずつ）・warnings.csv・summary.json・report.html を書き出します。\n終了コード: 0 = すべて計画どおり反映、1 = 反映されなかったものがある、2 = エラー。"),
    ("personality", "例:\n  meibo personality --results samples/mikiwame/results.csv --members samples/kaonavi/members.csv --out out\n\npersonality_latest.csv・personality_all.csv・personality.xlsx（シート「最新性格検査結果(ミキワメ連携)」と\n「全性格検査結果(ミキワメ連携)」）、exclusions.csv・warnings.csv・summary.json・report.html を書き出します。"),
];

/// Flags and arguments: (id, Japanese help). An id means the same in every command that has it.
const ARGS: &[(&str, &str)] = &[
    ("lang", "メッセージの言語: ja（既定）または en"),
    ("quiet", "進行状況を表示しません"),
    ("files", "調べるファイル（CSV/TSV/XLSX）"),
    ("rows", "先頭 N 行のデータ（対応した項目のセルの値）も表示します"),
    ("input_encoding", "CSV 入力の文字コードを自動判定せずに指定します: utf-8, cp932, utf-16le, utf-16be"),
    ("sheet", "XLSX/XLS/ODS 入力で読むシート（既定: 最初のシート）"),
    ("map", "項目の列名を指定します: 項目=列名（繰り返し可）。例: --map email=社用メール"),
    ("mapping", "[headers]・[employment_types]・[genders] の表を書いた TOML ファイル"),
    ("code", "missing-kana などのコード（省略するとすべてのコード）"),
    ("employees", "人事システムの社員エクスポート（CSV/TSV/XLSX）"),
    ("departments", "人事システムの部署エクスポート"),
    ("from", "人事システム（省略すると見出しから判定します）"),
    ("current_employees", "連携先の現在の社員エクスポート"),
    ("current_departments", "連携先の現在の部署エクスポート"),
    ("to", "連携先のシステム"),
    ("out", "出力フォルダ（なければ作ります）"),
    ("format", "書き出す取り込み用ファイル: csv, xlsx または csv,xlsx"),
    ("encoding", "取り込み用 CSV の文字コード（レポートは常に UTF-8）"),
    ("threads", "作業スレッド数（既定: すべてのコア）。数によらず出力は同じです"),
    ("redact", "diagnostic.zip も書き出します: 個人情報（氏名・読み・メールアドレスのローカル部・生年月日・社員番号）をトークンに置き換えたレポートで、サポートに送れます。トークンを元に戻す redaction-lookup.csv は手元に残ります"),
    ("redact_key", "トークンの鍵のファイル（なければ作ります。既定: OUT/.meibo/redaction.key）。同じ鍵なら毎回同じトークンになります"),
    ("redact_departments", "diagnostic.zip で部署コードと部署名も伏せます"),
    ("plan", "取り込んだ meibo reconcile の出力フォルダ（summary.json・changes.csv・exclusions.csv・取り込み用ファイル）"),
    ("results", "ミキワメの性格検査結果のエクスポート（社員番号・受検日・16タイプ・受検者詳細URL・尺度ごとの列）"),
    ("members", "カオナビのメンバーエクスポート: 結果は社員番号だけで照合します"),
    ("template", "カオナビの「最新性格検査結果(ミキワメ連携)」シートのエクスポート: その見出し行でシートの列と順序を決めます（ブックの最初のシート）"),
    ("import_template", "連携先の取り込みテンプレートかエクスポート（CSV/XLSX）: その見出し行で取り込み用ファイルの列・順序・列名を決めます。繰り返し可。employees=FILE・departments=FILE でどのファイルのものかを指定できます（docs/template.md）"),
    ("group_level", "meishi: SmartHR の部署1〜部署10 のどれで社員のグループを決めるか（1〜10）、または none（既定: 新しい社員はすべてグループ1）"),
    ("company_id", "meishi: 企業ID。初期パスワードは <企業ID>-YYYY-MM-DD（生年月日）です。必須"),
    ("auth", "kitera: 全員の認証方法（省略時: 登録済みのユーザーは KiteRa の今の方法のまま、新しいユーザーは password）"),
    ("default_group", "kitera: グループ列のあるレイアウトで新しいユーザーに設定するグループ（KiteRa のユーザーインポートにはグループ列がありません）"),
    ("allowed_domain", "kitera: KiteRa が許可するメールアドレスのドメイン（繰り返し可）。ほかのドメインは除外されます"),
    ("user_limit", "kitera: 契約のユーザー数。これを超える新しいユーザーはファイルの順に除外されます"),
    ("max_deletions", "meishi, kitera: 削除してよい最大数。件数か、現在の件数に対する割合（例: 30%）（既定: 20%）。超えると中止します（終了コード 2）"),
    ("allow_mass_delete", "meishi, kitera: 削除の数を制限しません"),
    ("employment_type", "kaonavi: ロウムメイトのこの雇用形態の社員だけを連携します（繰り返し可）"),
    ("hired_from", "kaonavi: この日以降に入社した社員だけを連携します"),
    ("hired_until", "kaonavi: この日以前に入社した社員だけを連携します"),
];

/// The Japanese help of an argument id.
pub fn japanese(id: &str) -> Option<&'static str> {
    ARGS.iter().find(|(i, _)| *i == id).map(|(_, text)| *text)
}

/// The Japanese help of a value an argument takes (`--to mikiwame` …), where the value has help.
pub fn japanese_value(id: &str, value: &str) -> Option<&'static str> {
    match id {
        "to" => crate::receiver::RECEIVERS
            .iter()
            .find(|r| r.system().id() == value)
            .map(|r| r.about().help_ja),
        _ => None,
    }
}

/// What clap would add in English after an argument's help — its default and the values it
/// takes — in Japanese.
fn japanese_values(arg: &Arg) -> String {
    let mut text = String::new();
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let id = arg.get_id().as_str();
    if !arg.is_hide_possible_values_set() && !values.is_empty() {
        if values.iter().any(|v| v.get_help().is_some()) {
            text.push_str("\n値:");
            for v in &values {
                let name = v.get_name();
                let help = japanese_value(id, name).unwrap_or_default();
                text.push_str(&format!("\n  {name}: {help}"));
            }
        } else {
            let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
            text.push_str(&format!("\n値: {}", names.join(", ")));
        }
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !arg.is_hide_default_value_set() && !defaults.is_empty() {
        text.push_str(&format!("\n既定: {}", defaults.join(",")));
    }
    text
}

/// The command line's help in `lang`.
pub fn localize(command: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => command,
        Lang::Ja => japanese_command(command, true),
    }
}

fn japanese_command(command: Command, root: bool) -> Command {
    let name = command.get_name().to_string();
    let mut command = command
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("コマンド")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(root)
                .help("ヘルプを表示します"),
        );
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("バージョンを表示します"),
        );
    }
    if let Some((_, after)) = AFTER_HELP.iter().find(|(n, _)| *n == name) {
        command = command.after_help(*after);
    }
    command = command.mut_args(|arg| {
        let arg = match japanese(arg.get_id().as_str()) {
            // A flag without a value has no default or values to show.
            Some(text) if !arg.get_action().takes_values() => {
                arg.help(text).long_help(None::<&str>)
            }
            Some(text) => {
                let text = format!("{text}{}", japanese_values(&arg));
                arg.help(text)
                    .long_help(None::<&str>)
                    .hide_default_value(true)
                    .hide_possible_values(true)
            }
            None => arg,
        };
        match arg.get_help_heading() {
            None if arg.is_positional() => arg.help_heading("引数"),
            None => arg.help_heading("オプション"),
            Some(_) => arg,
        }
    });
    if let Some((_, about)) = COMMANDS.iter().find(|(n, _)| *n == name) {
        command = command.about(*about);
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in names {
        command = command.mut_subcommand(sub, |s| japanese_command(s, false));
    }
    command
}
