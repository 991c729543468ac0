//! An output folder being written: the whole result goes into a folder beside `--out`, is
//! flushed, and takes the place of `--out` in one swap (see the `output` module header and
//! docs/output.md).

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::folder::{self, Siblings};
use super::{in_use, private, swap};
use crate::lang::Lang;

/// An output folder being written.
pub struct Staging {
    /// `--out` as given (messages and the paths returned).
    out: PathBuf,
    /// The folder `--out` names, symbolic links resolved: the one replaced.
    real: PathBuf,
    siblings: Siblings,
    /// Where this run writes, beside `real`.
    new: PathBuf,
    /// The names this run writes.
    names: Vec<String>,
    committed: bool,
    /// `--out` existed and other users may read it (the run says how to close it).
    open_to_others: bool,
    /// The language of messages (also those of [`Staging::commit`]).
    lang: Lang,
    /// Held until the run ends: two runs never write one folder at once.
    _lock: File,
}

impl Staging {
    /// Make a folder beside `out` for the result. Refuses when `out` holds one of `inputs` or
    /// something meibo did not write, when another run is writing it, or (Windows) when another
    /// program has one of its files open. First puts right what a killed run left.
    pub fn new(out: &Path, names: &[&str], inputs: &[&Path], lang: Lang) -> Result<Staging> {
        super::refuse_overwriting_inputs(out, names, inputs, lang)?;
        let existed = fs::symlink_metadata(out).is_ok();
        let real = real_folder(out, lang)?;
        let siblings = Siblings::of(&real).expect("real_folder has a parent and a name");
        // Beside a new `--out`, not being able to write is not being able to make it.
        let cannot_write = || match existed {
            true => format!(
                "{}: {}",
                siblings.parent.display(),
                lang.pick(
                    "出力フォルダのあるフォルダに書き込めません",
                    "cannot write in the folder that holds the output folder"
                )
            ),
            false => cannot_make(out, lang),
        };
        let lock = lock(&siblings, out, &cannot_write, lang)?;
        for (kept, names) in folder::recover(&siblings).with_context(cannot_write)? {
            warn_kept(&kept, &names, lang);
        }
        let open_to_others = real.is_dir() && private::open_to_others(&real);
        private::create_dir_all(&real).with_context(|| cannot_make(out, lang))?;
        refuse_foreign(&real, names, out, lang)?;
        if let Some(file) = in_use::first_held(&real, in_use::held_open) {
            bail!(in_use::file_message(&shown(out, &real, &file), lang));
        }
        let new = tempfile::Builder::new()
            .prefix(&siblings.new_prefix())
            .tempdir_in(&siblings.parent)
            .with_context(cannot_write)?
            .keep();
        Ok(Staging {
            out: out.to_path_buf(),
            real,
            siblings,
            new,
            names: names.iter().map(|n| n.to_string()).collect(),
            committed: false,
            open_to_others,
            lang,
            _lock: lock,
        })
    }

    /// `--out` existed before the run and other users may read it.
    pub fn open_to_others(&self) -> bool {
        self.open_to_others
    }

    /// Path in the new folder for an output file named when the staging was made.
    pub fn file(&mut self, name: &str) -> PathBuf {
        debug_assert!(self.names.iter().any(|n| n == name), "{name} not announced");
        self.new.join(name)
    }

    /// Flush the new folder and put it in the place of `--out`, then remove the previous
    /// result. Returns the paths a person opens.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let lang = self.lang;
        for name in &self.names {
            let staged = self.new.join(name);
            private::restrict_file(&staged)
                .and_then(|()| File::open(&staged))
                .and_then(|f| f.sync_all())
                .with_context(|| {
                    format!(
                        "{}: {}",
                        staged.display(),
                        lang.pick("書き込みを確定できません", "cannot flush")
                    )
                })?;
        }
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let place = |e: std::io::Error| {
            anyhow::Error::new(e).context(format!(
                "{}: {}",
                self.out.display(),
                lang.pick(
                    "出力ファイルを置けません",
                    "cannot move the output into place"
                )
            ))
        };
        folder::carry_store(&self.real, &self.new).map_err(place)?;
        // Written last: with it, the new folder is complete.
        folder::write_manifest(&self.new, &self.names).map_err(place)?;
        folder::sync_dir(&self.new);
        // A file put into --out while the run wrote is refused, not lost.
        refuse_foreign(&self.real, &names, &self.out, lang)?;
        folder::adopt(&self.real, &names).map_err(place)?;
        let permissions = fs::metadata(&self.real).map_err(place)?.permissions();
        fs::set_permissions(&self.new, permissions).map_err(place)?;
        let old = self.siblings.old_for(&self.new);
        let previous = swap::swap(&self.real, &self.new, &old).map_err(|e| {
            in_use::explain_swap_error(e, &self.out, cfg!(windows), in_use::held_open, lang)
        })?;
        self.committed = true;
        folder::sync_dir(&self.siblings.parent);
        if let Some(previous) = previous {
            let kept = folder::remove_previous(&previous);
            if !kept.is_empty() {
                warn_kept(&previous, &kept, lang);
            }
        }
        Ok(self.names.iter().map(|n| self.out.join(n)).collect())
    }
}

impl Drop for Staging {
    /// A run that did not commit leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.new);
        }
    }
}

/// Put right what a killed run left beside `out` before something of `out` is read — the key of
/// `--redact` in `.meibo` — when a swap cut short left no `out` at all (a new key there would
/// otherwise stand in the place of the result and its key). Nothing is created when there is
/// nothing to put right.
pub fn settle(out: &Path, lang: Lang) -> Result<()> {
    if fs::symlink_metadata(out).is_ok() {
        return Ok(());
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(parent), Some(name)) = (parent.canonicalize(), out.file_name()) else {
        return Ok(());
    };
    let Some(siblings) = Siblings::of(&parent.join(name)) else {
        return Ok(());
    };
    if !siblings.lock().exists() {
        return Ok(());
    }
    let _lock = lock(&siblings, out, &|| cannot_make(out, lang), lang)?;
    for (kept, names) in folder::recover(&siblings)? {
        warn_kept(&kept, &names, lang);
    }
    Ok(())
}

/// The folder `out` names, symbolic links resolved (the link stays and shows the new result),
/// with its missing parents created. Refused: a file, a drive or file-system root, and the
/// current folder or one that holds it (meibo replaces the folder as a whole, and Windows
/// renames no folder a program is working in).
fn real_folder(out: &Path, lang: Lang) -> Result<PathBuf> {
    let refuse = |ja: &str, en: &str| -> anyhow::Error {
        anyhow::anyhow!("--out {}: {}", out.display(), lang.pick(ja, en))
    };
    let real = if fs::symlink_metadata(out).is_ok() {
        if !out.is_dir() {
            return Err(refuse(
                "フォルダではありません。出力フォルダの名前を指定してください",
                "not a folder; name the output folder",
            ));
        }
        out.canonicalize()
            .with_context(|| out.display().to_string())?
    } else {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Some(name) = out.file_name() else {
            return Err(refuse(
                "出力フォルダの名前を指定してください（例: --out result）",
                "name the output folder (e.g. --out result)",
            ));
        };
        private::create_dir_all(parent)
            // Worded as the OS words making `out` itself (a file in the way: "not a folder").
            .map_err(|e| fs::create_dir(out).err().unwrap_or(e))
            .and_then(|()| parent.canonicalize())
            .with_context(|| cannot_make(out, lang))?
            .join(name)
    };
    if Siblings::of(&real).is_none() {
        return Err(refuse(
            "ドライブやファイルシステムの一番上のフォルダには出力できません。中にフォルダを指定してください（例: --out E:\\meibo-result）",
            "cannot be the top folder of a drive or file system; name a folder inside it (e.g. --out E:\\meibo-result)",
        ));
    }
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    if cwd.is_ok_and(|cwd| cwd.starts_with(&real)) {
        return Err(refuse(
            "今いるフォルダ（またはその上のフォルダ）です。meibo は出力フォルダを丸ごと入れ替えるため、新しいフォルダの名前を指定してください（例: --out result）",
            "is the current folder or holds it; meibo replaces the output folder as a whole, so name a new folder (e.g. --out result)",
        ));
    }
    Ok(real)
}

/// "Cannot make the output folder", naming it as the person typed it.
fn cannot_make(out: &Path, lang: Lang) -> String {
    format!(
        "{}: {}",
        out.display(),
        lang.pick(
            "出力フォルダを作れません",
            "cannot create the output folder"
        )
    )
}

/// The lock beside `out`: another run holding it is refused. A file system without locks
/// (some network shares) is written without one. `cannot_write` words a lock that cannot be made.
fn lock(
    siblings: &Siblings,
    out: &Path,
    cannot_write: &dyn Fn() -> String,
    lang: Lang,
) -> Result<File> {
    let file = private::create_hidden(&siblings.lock()).with_context(cannot_write)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => Ok(file),
        Err(fs::TryLockError::Error(e)) => Err(anyhow::Error::new(e).context(cannot_write())),
        Err(fs::TryLockError::WouldBlock) => bail!(
            "{}: {}",
            out.display(),
            lang.pick(
                "別の meibo がこのフォルダに書き込み中です。終わってからやり直してください",
                "another meibo run is writing into this folder; try again when it has finished"
            )
        ),
    }
}

/// Refuse an `--out` that holds what meibo did not write: replacing the folder would lose it.
fn refuse_foreign(real: &Path, names: &[&str], out: &Path, lang: Lang) -> Result<()> {
    let foreign = folder::foreign(real, names).with_context(|| out.display().to_string())?;
    if foreign.is_empty() {
        return Ok(());
    }
    bail!(
        "--out {}: {} {} ({})",
        out.display(),
        lang.pick(
            "出力フォルダに meibo が書いたものではないファイルがあります:",
            "the output folder holds files meibo did not write:"
        ),
        listed(&foreign, lang),
        lang.pick(
            "meibo は実行のたびに出力フォルダを丸ごと入れ替えるため、そのままでは消えてしまいます。別の場所へ移すか、別の出力フォルダを指定してください",
            "meibo replaces the whole folder at every run, so they would be lost; move them elsewhere or choose another output folder"
        )
    )
}

/// A previous result kept because someone put files into it while the run wrote.
fn warn_kept(folder: &Path, names: &[String], lang: Lang) {
    // A closed stderr leaves the warning unsaid; the run goes on.
    let _ = writeln!(
        std::io::stderr(),
        "meibo: {} {} {} {}",
        lang.pick("注意: 前回の出力", "note: the previous output"),
        folder.display(),
        lang.pick(
            "に meibo が書いたものではないファイルがあるため、消さずに残しました:",
            "holds files meibo did not write, so it was kept:"
        ),
        listed(names, lang)
    );
}

/// At most five names, then how many more.
fn listed(names: &[String], lang: Lang) -> String {
    let mut text = names
        .iter()
        .take(5)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 5 {
        let more = names.len() - 5;
        text += &match lang {
            Lang::Ja => format!(" ほか {more} 件"),
            Lang::En => format!(" and {more} more"),
        };
    }
    text
}

/// `file` (inside `real`) as a path under `out` as the person typed it.
fn shown(out: &Path, real: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(real)
        .map(|rest| out.join(rest))
        .unwrap_or_else(|_| file.to_path_buf())
}
