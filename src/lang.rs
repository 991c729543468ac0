//! The language meibo speaks to people: Japanese by default, English with `--lang en`.
//! Only human-facing text is translated; codes, file names and CSV headers never are.

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

static CURRENT: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Set the run's language once, at start-up (later calls are ignored).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The run's language.
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or_default()
}

/// Pick the run's text: `t("日本語", "English")`.
pub fn t<'a>(ja: &'a str, en: &'a str) -> &'a str {
    current().pick(ja, en)
}
