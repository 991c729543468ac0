//! The diagnostic bundle (`--redact`): the run's reports with every personal value replaced by a
//! stable token, in one `.zip` a customer may send to support.
//!
//! Personal values are the ones the inputs hold about people: family and given names and their
//! readings (also as one "姓 名"), the local part of e-mail addresses (the domain stays: KiteRa's
//! domain rule needs it), birth dates, employee numbers, and any cell a detail quotes as written
//! (an unreadable date, a name that would not split, an invalid address). Each is replaced, wherever
//! it stands in a report, by `P-` and ten letters and digits of an HMAC-SHA256 of the value under a
//! key that never leaves the customer's machine: the same value is the same token throughout the
//! bundle (and in every run with the same key), different values differ, and nothing in the bundle
//! leads back to the value. The key and the lookup file that maps tokens back stay in `--out`,
//! outside the bundle. Reason codes, messages, file names, row numbers, column names, counts and
//! the department tree stay readable; department codes and names too, unless they are asked hidden.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{bail, Context, Result};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::lang::Lang;
use crate::model::{Detail, Employee, Warning};
use crate::normalize::format_date;
use crate::rules::{Change, Exclusion};

/// The redactor `--redact` asks for: its key from `--redact-key` (default `OUT/.meibo/redaction.key`),
/// created when missing.
pub fn for_run(
    args: &crate::cli::RedactArgs,
    out: &Path,
    values: impl FnOnce(bool) -> Vec<String>,
    lang: Lang,
) -> Result<Option<Redactor>> {
    if !args.redact {
        return Ok(None);
    }
    let key_file = match &args.redact_key {
        Some(file) => file.clone(),
        None => {
            // A swap a killed run cut short is finished first: the key is the result's.
            super::settle(out, lang)?;
            out.join(super::STORE).join("redaction.key")
        }
    };
    let key = key(&key_file, lang)?;
    Ok(Some(Redactor::new(key, values(args.redact_departments))))
}

/// The personal values of a run, and their tokens.
pub struct Redactor {
    key: [u8; 32],
    /// Every value: a cell that is one of them is replaced whole.
    whole: std::collections::HashSet<String>,
    /// The values long enough to be looked for inside text (see [`Redactor::text`]).
    matcher: AhoCorasick,
    values: Vec<String>,
    /// Token → value, of every value replaced (the lookup file).
    used: Mutex<BTreeMap<String, String>>,
}

impl Redactor {
    /// A redactor of `values` (blank ones are left out) under `key`.
    pub fn new(key: [u8; 32], values: impl IntoIterator<Item = String>) -> Redactor {
        let whole: std::collections::HashSet<String> = values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect();
        let mut values: Vec<String> = whole.iter().filter(|v| long_enough(v)).cloned().collect();
        values.sort();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&values)
            .expect("plain strings make an automaton");
        Redactor {
            key,
            whole,
            matcher,
            values,
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// The token of a value.
    pub fn token(&self, value: &str) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("any key size");
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        let mut token = String::from("P-");
        for _ in 0..10 {
            token.push(ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
        self.used
            .lock()
            .expect("no panic while held")
            .insert(token.clone(), value.to_string());
        token
    }

    /// `text` with every personal value in it replaced by its token: a text that is a value is
    /// replaced whole; inside a longer text, names in Japanese script whatever their length and
    /// values of at least three letters or digits are replaced where they are not part of a longer
    /// word or number
    /// (employee number 1001 in "10012" is not a match; "10012" is a value of its own). Shorter
    /// values inside text stay: they cannot be told from row numbers and counts.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.whole.contains(text) {
            return Cow::Owned(self.token(text));
        }
        let mut out = String::new();
        let mut last = 0;
        for m in self.matcher.find_iter(text) {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let value = &self.values[m.pattern().as_usize()];
            let first = value.chars().next();
            let end = value.chars().next_back();
            if (word(first) && word(before)) || (word(end) && word(after)) {
                continue;
            }
            out.push_str(&text[last..m.start()]);
            out.push_str(&self.token(value));
            last = m.end();
        }
        if last == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    fn detail(&self, detail: &Detail) -> Detail {
        match detail {
            Detail::None
            | Detail::HeaderMissing { .. }
            | Detail::TooDeep { .. }
            | Detail::NotAllowed { .. }
            | Detail::Refused { .. } => detail.clone(),
            Detail::Rows { value, rows } => Detail::Rows {
                value: self.text(value).into_owned(),
                rows: rows.clone(),
            },
            Detail::Text(text) => Detail::Text(self.text(text).into_owned()),
            // A value quoted as written is a person's, whether or not it was read.
            Detail::Value(value) => Detail::Value(self.token(value)),
            // Department references and paths: hidden where they are the values asked hidden
            // (--redact-departments), or a person's name stands in them.
            Detail::Reference(reference) => {
                let mut reference = (**reference).clone();
                reference.reference = self.text(&reference.reference).into_owned();
                for candidate in &mut reference.candidates {
                    candidate.code = self.text(&candidate.code).into_owned();
                    for name in &mut candidate.path {
                        *name = self.text(name).into_owned();
                    }
                }
                Detail::Reference(std::sync::Arc::new(reference))
            }
            Detail::Cell { header, value } => Detail::Cell {
                header: header.clone(),
                value: match value.is_empty() {
                    true => String::new(),
                    false => self.token(value),
                },
            },
        }
    }

    pub fn exclusion(&self, x: &Exclusion) -> Exclusion {
        Exclusion {
            key: self.text(&x.key).into_owned(),
            name: self.text(&x.name).into_owned(),
            detail: self.detail(&x.detail),
            ..x.clone()
        }
    }

    pub fn warning(&self, w: &Warning) -> Warning {
        Warning {
            detail: self.detail(&w.detail),
            ..w.clone()
        }
    }

    pub fn change(&self, c: &Change) -> Change {
        Change {
            key: self.text(&c.key).into_owned(),
            before: self.text(&c.before).into_owned(),
            after: self.text(&c.after).into_owned(),
            ..c.clone()
        }
    }

    /// Token → value of every value replaced so far.
    pub fn lookup(&self) -> BTreeMap<String, String> {
        self.used.lock().expect("no panic while held").clone()
    }
}

/// Whether a value is looked for inside longer texts (see [`Redactor::text`]).
pub fn long_enough(value: &str) -> bool {
    // A name is hidden even inside text, down to one kanji (健); a number or a word in Latin
    // letters only from three characters on.
    !value.is_ascii() || value.len() >= 3
}

/// The personal values of an employee record.
pub fn employee_values(e: &Employee) -> Vec<String> {
    let mut values = vec![
        e.employee_number().to_string(),
        e.family_name().to_string(),
        e.given_name().to_string(),
        e.family_kana().to_string(),
        e.given_kana().to_string(),
        e.full_name(),
        format!("{} {}", e.family_kana(), e.given_kana()),
    ];
    for address in [e.email(), e.email_key()] {
        let local = address.rsplit_once('@').map_or(address, |(local, _)| local);
        values.push(local.to_string());
    }
    if let Some(birth) = e.birth_date {
        values.push(format_date(birth));
        values.push(birth.format("%Y-%m-%d").to_string());
    }
    values
}

/// The key in `path`, or a new random one written there (readable by its owner alone).
pub fn key(path: &Path, lang: Lang) -> Result<[u8; 32]> {
    let shown = || path.display().to_string();
    if path.exists() {
        let text = std::fs::read_to_string(path).with_context(shown)?;
        let bytes: Vec<u8> = (0..text.trim().len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(text.trim().get(i..i + 2)?, 16).ok())
            .collect();
        match <[u8; 32]>::try_from(bytes) {
            Ok(key) => return Ok(key),
            Err(_) => bail!(
                "{}: {}",
                shown(),
                lang.pick(
                    "伏せ字の鍵として読めません（64桁の16進数）。別のファイルを --redact-key で指定してください",
                    "not a redaction key (64 hexadecimal digits); name another file with --redact-key"
                )
            ),
        }
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    super::private::create_dir_all(parent).with_context(shown)?;
    // Whole or not at all: a run killed while writing it leaves no key that cannot be read.
    let mut file = tempfile::Builder::new()
        .prefix(".redaction-key-")
        .tempfile_in(parent)
        .with_context(shown)?;
    super::private::restrict_file(file.path()).with_context(shown)?;
    writeln!(file, "{hex}").with_context(shown)?;
    file.as_file().sync_all().with_context(shown)?;
    file.persist_noclobber(path)
        .map_err(|e| e.error)
        .with_context(shown)?;
    Ok(key)
}

/// The bundle's name in `--out`, and the lookup file's.
pub const BUNDLE: &str = "diagnostic.zip";
pub const LOOKUP: &str = "redaction-lookup.csv";

/// The diagnostic bundle of a run: its reports with every personal value replaced, as a `.zip`
/// (entries in a fixed order with a fixed date, so the same run gives the same bytes).
pub fn bundle(
    run: &super::run::RunInfo,
    plan: &crate::plan::Plan,
    summary: &super::summary::Summary,
    redactor: &Redactor,
) -> Result<Vec<u8>> {
    use super::reports::{self, Sink};
    use crate::plan::{ImportFile, Plan};

    let lang = run.lang;
    let shown: Option<(ImportFile, &'static str)> = plan.shown_file.map(|(index, id)| {
        let file = &plan.files[index];
        let rows: Vec<Vec<String>> = file
            .rows
            .rows()
            .map(|row| row.iter().map(|c| redactor.text(c).into_owned()).collect())
            .collect();
        let headers: Vec<&str> = file.headers.iter().map(String::as_str).collect();
        (
            ImportFile::new(file.csv.clone(), file.sheet.clone(), &headers, rows),
            id,
        )
    });
    let redacted = Plan {
        shown_file: shown.as_ref().map(|(_, id)| (0, *id)),
        files: shown.into_iter().map(|(file, _)| file).collect(),
        workbook: plan.workbook,
        exclusions: plan
            .exclusions
            .iter()
            .map(|x| redactor.exclusion(x))
            .collect(),
        changes: plan.changes.iter().map(|c| redactor.change(c)).collect(),
        changes_csv: plan.changes_csv,
        warnings: plan.warnings.iter().map(|w| redactor.warning(w)).collect(),
        counts: plan.counts.clone(),
        deletions: Vec::new(),
        next_step: plan.next_step,
        notes: plan.notes.clone(),
        report_hint: plan.report_hint,
        tree: plan.tree.as_ref().map(|entries| {
            entries
                .iter()
                .map(|e| crate::rules::tree::TreeEntry {
                    code: redactor.text(&e.code).into_owned(),
                    name: redactor.text(&e.name).into_owned(),
                    ..e.clone()
                })
                .collect()
        }),
    };

    let mut entries: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut bytes = Vec::new();
    reports::write_exclusions(Sink::Bytes(&mut bytes), &redacted.exclusions, lang)?;
    entries.push(("exclusions.csv", std::mem::take(&mut bytes)));
    if redacted.changes_csv {
        reports::write_changes(Sink::Bytes(&mut bytes), &redacted.changes)?;
        entries.push(("changes.csv", std::mem::take(&mut bytes)));
    }
    reports::write_warnings(Sink::Bytes(&mut bytes), &redacted.warnings, lang)?;
    entries.push(("warnings.csv", std::mem::take(&mut bytes)));
    entries.push(("summary.json", summary.to_json().into_bytes()));
    let page = super::page::build(run, &redacted, summary);
    entries.push(("report.html", super::html::render(&page).into_bytes()));

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in entries {
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_stable_tokens_at_word_boundaries() {
        let r = Redactor::new(
            [7; 32],
            ["1001".to_string(), "山田".into(), "taro".into(), "7".into()],
        );
        let t = |v: &str| r.token(v);
        let cases = [
            ("1001", t("1001")),
            ("rows 2, 3", "rows 2, 3".to_string()),
            ("10012 1001x 1001", format!("10012 1001x {}", t("1001"))),
            ("taro@example.co.jp", format!("{}@example.co.jp", t("taro"))),
            ("山田 太郎", format!("{} 太郎", t("山田"))),
            (
                "社員番号 \"1001\": blank",
                format!("社員番号 \"{}\": blank", t("1001")),
            ),
            // A one-digit employee number is replaced as a whole cell, not inside text.
            ("7", t("7")),
            ("rows 7, 8", "rows 7, 8".to_string()),
        ];
        for (text, expected) in cases {
            assert_eq!(r.text(text), expected, "{text}");
        }
        assert_eq!(t("1001"), t("1001"));
        assert_ne!(t("1001"), t("1002"));
        assert_eq!(t("1001").len(), 12);
        let other = Redactor::new([8; 32], []);
        assert_ne!(other.token("1001"), t("1001"), "the key decides the token");
        assert_eq!(r.lookup()[&t("山田")], "山田");
    }
}
