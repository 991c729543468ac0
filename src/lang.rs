//! The language meibo speaks to people: Japanese by default, English with `--lang en`.
//! Only human-facing text is translated; codes, file names and CSV headers never are. The
//! language is a value: `main` reads `--lang` and hands it to what renders text, so one process
//! can render both.

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
