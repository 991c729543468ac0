//! The language meibo speaks to people: Japanese by default, English with `--lang en`.
//! Only human-facing text is translated; codes, file names and CSV headers never are. The
//! language is a value: `main` reads `--lang` and hands it to what renders text, so one process
//! can render both.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Pick the text for this language.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A value and the rows it stands in, as a person reads them: `"x"（3, 5 行目）`, `"x" (rows 3, 5)`
/// — `value` as given (quote it first where it should be quoted), the first `most` rows and `…`
/// after them; the rows alone when `value` is empty.
pub fn with_rows(lang: Lang, value: &str, rows: &[u32], most: usize) -> String {
    let mut shown: Vec<String> = rows.iter().take(most).map(u32::to_string).collect();
    if rows.len() > most {
        shown.push("…".to_string());
    }
    let rows_text = shown.join(", ");
    match (lang, value.is_empty()) {
        (Lang::Ja, true) => format!("{rows_text} 行目"),
        (Lang::Ja, false) => format!("{value}（{rows_text} 行目）"),
        (Lang::En, empty) => {
            let word = if rows.len() > 1 { "rows" } else { "row" };
            if empty {
                format!("{word} {rows_text}")
            } else {
                format!("{value} ({word} {rows_text})")
            }
        }
    }
}

/// An OS error as people read it. In Japanese, a sentence chosen by its [`io::ErrorKind`] (the
/// OS's own text — "No such file or directory (os error 2)" — is English whatever the user's
/// language); a kind without a sentence says so in Japanese and keeps the OS text for support.
/// In English, the OS text as it is. Errors meibo or a library made with their own message keep
/// it: only what the OS said is replaced.
pub fn os_error(error: &io::Error, lang: Lang) -> String {
    let from_os = error.raw_os_error().is_some() || error.get_ref().is_none();
    if lang == Lang::En || !from_os {
        return error.to_string();
    }
    use io::ErrorKind as K;
    let sentence = match error.kind() {
        K::NotFound => "ファイルまたはフォルダが見つかりません。パスの綴りと、そこにあるかを確かめてください",
        K::PermissionDenied => "アクセスが拒否されました。権限を確かめるか、ほかのプログラム（Excel など）で開いていれば閉じてください",
        K::AlreadyExists => "同じ名前のファイルまたはフォルダがすでにあります",
        K::NotADirectory => "パスの途中にフォルダではなくファイルがあります",
        K::IsADirectory => "ファイルではなくフォルダです。ファイルを指定してください",
        K::DirectoryNotEmpty => "フォルダが空ではありません",
        K::ReadOnlyFilesystem => "読み取り専用の場所です。書き込める場所を指定してください",
        K::StorageFull => "ディスクの空きがありません",
        K::QuotaExceeded => "ディスクの割り当て容量を超えました",
        K::FileTooLarge => "ファイルが大きすぎます",
        K::ResourceBusy | K::ExecutableFileBusy => {
            "ほかのプログラムが使用中です。そのファイルを開いているプログラム（Excel など）を閉じてください"
        }
        K::InvalidFilename => "ファイル名に使えない文字が含まれているか、名前が長すぎます",
        K::TooManyLinks => "リンクが多すぎます",
        K::CrossesDevices => "別のドライブへは移動できません",
        K::Interrupted => "処理が中断されました。もう一度実行してください",
        K::TimedOut => "時間内に応答がありませんでした（ネットワーク上の場所ならつながりを確かめてください）",
        K::StaleNetworkFileHandle | K::NetworkDown | K::NetworkUnreachable | K::HostUnreachable => {
            "ネットワーク上の場所に届きません。つながりを確かめてください"
        }
        K::OutOfMemory => "メモリが足りません",
        K::UnexpectedEof => "ファイルが途中で終わっています（壊れているか、書き込みの途中です）",
        K::Unsupported => "この環境ではできない操作です",
        K::BrokenPipe => "出力先が閉じられました",
        _ => {
            return format!(
                "入出力のエラーです（OS のメッセージ: {error}）",
            )
        }
    };
    sentence.to_string()
}

/// A file meibo could not read or write, and why (the OS error beneath it): named in the run's
/// language when printed ([`error_chain`]), so the code that reads or writes needs no language.
/// Its `Display` is the English text.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub doing: Doing,
    source: anyhow::Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Read,
    Create,
    Write,
}

impl FileError {
    pub fn new(doing: Doing, path: &Path, source: impl Into<anyhow::Error>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            doing,
            source: source.into(),
        }
    }
    pub fn words(&self, lang: Lang) -> String {
        let doing = match self.doing {
            Doing::Read => lang.pick("ファイルを読めません", "cannot read the file"),
            Doing::Create => lang.pick("ファイルを作れません", "cannot create the file"),
            Doing::Write => lang.pick("ファイルに書き込めません", "cannot write the file"),
        };
        format!("{}: {doing}", self.path.display())
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// An error with its causes, joined by ": " as `anyhow`'s `{:#}` joins them, every OS error put
/// into words by [`os_error`] and every [`FileError`] in `lang`. What prints an error to a person
/// goes through here.
pub fn error_chain(error: &anyhow::Error, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let part = if let Some(io) = cause.downcast_ref::<io::Error>() {
            os_error(io, lang)
        } else if let Some(file) = cause.downcast_ref::<FileError>() {
            file.words(lang)
        } else if let Some(csv::ErrorKind::Io(io)) =
            cause.downcast_ref::<csv::Error>().map(|e| e.kind())
        {
            os_error(io, lang)
        } else if let Some(rust_xlsxwriter::XlsxError::IoError(io)) =
            cause.downcast_ref::<rust_xlsxwriter::XlsxError>()
        {
            os_error(io, lang)
        } else {
            cause.to_string()
        };
        // A cause that repeats its source's text (some wrap and print it) is said once.
        if parts.last() != Some(&part) {
            parts.push(part);
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_sentences_in_japanese_and_the_os_text_in_english() {
        let cases = [
            (io::ErrorKind::NotFound, "見つかりません"),
            (io::ErrorKind::PermissionDenied, "アクセスが拒否されました"),
            (io::ErrorKind::NotADirectory, "フォルダではなくファイル"),
            (io::ErrorKind::IsADirectory, "フォルダです"),
            (io::ErrorKind::StorageFull, "空きがありません"),
        ];
        for (kind, words) in cases {
            let error = io::Error::from(kind);
            let ja = os_error(&error, Lang::Ja);
            assert!(ja.contains(words), "{kind:?}: {ja}");
            assert!(!ja.is_ascii(), "{kind:?}: {ja}");
            assert_eq!(os_error(&error, Lang::En), error.to_string());
        }
        // ENOENT as the OS reports it: its English text is gone in Japanese.
        let enoent = io::Error::from_raw_os_error(2);
        assert_eq!(enoent.kind(), io::ErrorKind::NotFound);
        assert!(!os_error(&enoent, Lang::Ja).contains("No such file"));
        assert!(os_error(&enoent, Lang::En).contains("os error 2"));
        // A message meibo or a library wrote stays as written.
        let own = io::Error::other("ブックが壊れています");
        assert_eq!(os_error(&own, Lang::Ja), "ブックが壊れています");
    }

    #[test]
    fn the_chain_keeps_the_context_and_words_the_os_error() {
        let error =
            anyhow::Error::new(io::Error::from_raw_os_error(2)).context("in.csv: 読めません");
        assert_eq!(
            error_chain(&error, Lang::Ja),
            format!(
                "in.csv: 読めません: {}",
                os_error(&io::Error::from(io::ErrorKind::NotFound), Lang::Ja)
            )
        );
        assert_eq!(error_chain(&error, Lang::En), format!("{error:#}"));
    }

    #[test]
    fn a_file_error_names_the_file_in_the_language_and_words_its_os_error() {
        let error: anyhow::Error = FileError::new(
            Doing::Read,
            Path::new("in.csv"),
            io::Error::from_raw_os_error(2),
        )
        .into();
        let ja = error_chain(&error, Lang::Ja);
        assert!(
            ja.starts_with("in.csv: ファイルを読めません: ファイルまたはフォルダが見つかりません"),
            "{ja}"
        );
        assert!(!ja.contains("os error"), "{ja}");
        let en = error_chain(&error, Lang::En);
        assert!(en.starts_with("in.csv: cannot read the file: "), "{en}");
        assert!(en.contains("(os error 2)"), "{en}");
    }
}
