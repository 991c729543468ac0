//! The folders beside `--out` a run uses, and what belongs to meibo inside `--out`
//! (docs/output.md). For `--out PARENT/NAME`:
//!
//! ```text
//! PARENT/NAME/                      the result a person opens: plain files only, and
//! PARENT/NAME/.meibo/outputs.txt      the names of the files meibo wrote there (written last:
//!                                     a folder that has it is complete)
//! PARENT/NAME/.meibo/redaction.key    the key of --redact, carried from run to run
//! PARENT/.NAME.meibo-lock           held while a run writes (kept; empty)
//! PARENT/.NAME.meibo-new-XXXXXX/    the result being written, before the swap
//! PARENT/.NAME.meibo-old-XXXXXX/    the previous result after the swap, until it is removed
//! ```
//!
//! A run killed at any moment leaves the `new` and `old` folders behind; the next run, holding
//! the lock, finishes a swap cut short between its two renames or removes them ([`recover`]).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::STORE;

/// The list of the names meibo wrote, inside `.meibo`.
pub const MANIFEST: &str = "outputs.txt";
/// Files of `.meibo` that are not carried into the next result (the list is written anew;
/// `lock` is the lock of meibo versions that kept it inside `--out`).
const NOT_CARRIED: [&str; 3] = [MANIFEST, "outputs.txt.tmp", "lock"];

/// The sibling names of one `--out` folder (any name the file system allows, UTF-8 or not).
pub struct Siblings {
    pub parent: PathBuf,
    name: OsString,
}

impl Siblings {
    /// The names beside `out`, a real path with a parent (see `Staging::new`).
    pub fn of(out: &Path) -> Option<Siblings> {
        Some(Siblings {
            parent: out.parent()?.to_path_buf(),
            name: out.file_name()?.to_os_string(),
        })
    }

    pub fn out(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// `.NAME.meibo-` and `what`.
    fn named(&self, what: &str) -> OsString {
        let mut name = OsString::from(".");
        name.push(&self.name);
        name.push(".meibo-");
        name.push(what);
        name
    }

    pub fn lock(&self) -> PathBuf {
        self.parent.join(self.named("lock"))
    }

    pub fn new_prefix(&self) -> OsString {
        self.named("new-")
    }

    /// The name the previous result takes when the swap is two renames (beside the new one,
    /// with the same random part).
    pub fn old_for(&self, new: &Path) -> PathBuf {
        let prefix = self.new_prefix();
        let new_name = new.file_name().unwrap_or_default().as_encoded_bytes();
        let suffix = new_name
            .strip_prefix(prefix.as_encoded_bytes())
            .unwrap_or_default();
        let mut old = self.named("old-");
        old.push(String::from_utf8_lossy(suffix).as_ref());
        self.parent.join(old)
    }

    /// Folders a killed run left: `(path, is_old)`.
    fn leftovers(&self) -> Vec<(PathBuf, bool)> {
        let (old_prefix, new_prefix) = (self.named("old-"), self.new_prefix());
        let mut found: Vec<(PathBuf, bool)> = fs::read_dir(&self.parent)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name();
                let name = name.as_encoded_bytes();
                let is_old = name.starts_with(old_prefix.as_encoded_bytes());
                (is_old || name.starts_with(new_prefix.as_encoded_bytes()))
                    .then(|| (e.path(), is_old))
            })
            .collect();
        found.sort();
        found
    }
}

/// Whether `folder` holds a complete result (its list of names is there).
pub fn complete(folder: &Path) -> bool {
    folder.join(STORE).join(MANIFEST).is_file()
}

/// The names `folder`'s list says meibo wrote.
fn manifest(folder: &Path) -> BTreeSet<String> {
    fs::read_to_string(folder.join(STORE).join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Write the list of `names` into `folder/.meibo`, whole or not at all.
pub fn write_manifest(folder: &Path, names: &[String]) -> io::Result<()> {
    let store = folder.join(STORE);
    super::private::create_dir_all(&store)?;
    let temporary = store.join(NOT_CARRIED[1]);
    let mut text = names.join("\n");
    text.push('\n');
    fs::write(&temporary, text)?;
    super::private::restrict_file(&temporary)?;
    fs::File::open(&temporary)?.sync_all()?;
    fs::rename(&temporary, store.join(MANIFEST))?;
    sync_dir(&store);
    Ok(())
}

/// Files the operating system or Excel make beside a person's files, never theirs to keep:
/// Finder's `.DS_Store` and `._` files, Explorer's `Thumbs.db` and `desktop.ini`, Excel's `~$`
/// owner files; also what older meibo versions left (`.meibo-staging-…`, `.link-…`).
fn made_by_the_system(name: &str) -> bool {
    [".ds_store", "thumbs.db", "desktop.ini"].contains(&name.to_lowercase().as_str())
        || ["._", "~$", ".meibo-staging-", ".link-"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// A link an older meibo made into its generation store (`.meibo/current/…`).
fn old_meibo_link(path: &Path) -> bool {
    fs::read_link(path).is_ok_and(|t| t.starts_with(Path::new(STORE).join("current")))
}

/// Entries of `out` meibo may replace: its own store, the names its list holds, the names this
/// run writes (`names`), links of an older meibo, and files the system made.
fn is_meibo_s(out: &Path, name: &str, listed: &BTreeSet<String>, names: &[&str]) -> bool {
    name == STORE
        || listed.contains(name)
        || names.contains(&name)
        || made_by_the_system(name)
        || old_meibo_link(&out.join(name))
}

/// The names in `out` meibo did not write and would therefore lose by replacing the folder.
pub fn foreign(out: &Path, names: &[&str]) -> io::Result<Vec<String>> {
    let listed = manifest(out);
    let mut found = Vec::new();
    for entry in fs::read_dir(out)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !is_meibo_s(out, &name, &listed, names) {
            found.push(name);
        }
    }
    found.sort();
    Ok(found)
}

/// Before the swap, `out`'s list names everything of meibo in it (an older meibo kept no list),
/// so that the previous folder can be removed name by name afterwards.
pub fn adopt(out: &Path, names: &[&str]) -> io::Result<()> {
    let listed = manifest(out);
    let mut ours: Vec<String> = Vec::new();
    for entry in fs::read_dir(out)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name != STORE && is_meibo_s(out, &name, &listed, names) {
            ours.push(name);
        }
    }
    ours.sort();
    if !complete(out) || ours.iter().any(|n| !listed.contains(n)) {
        write_manifest(out, &ours)?;
    }
    Ok(())
}

/// Copy the files of `from/.meibo` meibo keeps from run to run (the redaction key) into
/// `to/.meibo`, private and flushed.
pub fn carry_store(from: &Path, to: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(from.join(STORE)) else {
        return Ok(());
    };
    let store = to.join(STORE);
    super::private::create_dir_all(&store)?;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        // Hidden names are temporary files of a run killed while it wrote them.
        let carried = entry.file_type()?.is_file()
            && !name.to_string_lossy().starts_with('.')
            && !NOT_CARRIED.iter().any(|n| name.to_str() == Some(*n));
        if carried {
            let into = store.join(&name);
            fs::copy(entry.path(), &into)?;
            super::private::restrict_file(&into)?;
            fs::File::open(&into)?.sync_all()?;
        }
    }
    sync_dir(&store);
    Ok(())
}

/// Remove a previous result: the names its list holds, links of an older meibo, the files the
/// system made, then `.meibo` with the folder. Anything else (a file someone put there while the
/// run wrote) is kept with the folder and its `.meibo` (so that a later run still knows it for a
/// result); the names kept are returned.
pub fn remove_previous(folder: &Path) -> Vec<String> {
    let listed = manifest(folder);
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut kept = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name == STORE {
            continue;
        }
        let removed = is_meibo_s(folder, &name, &listed, &[])
            && fs::remove_file(&path)
                // Only the staging folders of older meibo versions are folders of meibo's.
                .or_else(|e| match made_by_the_system(&name) {
                    true => fs::remove_dir_all(&path),
                    false => Err(e),
                })
                .is_ok();
        if !removed {
            kept.push(name);
        }
    }
    if kept.is_empty() {
        // Killed in the middle, what is left is meibo's alone, and the next run removes it whole.
        let _ = fs::remove_dir_all(folder);
    }
    kept.sort();
    kept
}

/// What a killed run left beside `--out`, put right. Called holding the lock. When `--out` is
/// missing and both the previous result (`old`) and a complete new one are there, the run was
/// killed between the two renames of its swap: the new result is put in place. When only the
/// previous result is there, it is put back. Every other leftover is removed: a folder that was
/// never complete with everything in it (nobody ever saw it), one that was a result name by name
/// ([`remove_previous`]). Returns the folders kept because they hold files meibo did not write.
pub fn recover(siblings: &Siblings) -> io::Result<Vec<(PathBuf, Vec<String>)>> {
    let out = siblings.out();
    let leftovers = siblings.leftovers();
    if fs::symlink_metadata(&out).is_err() {
        let old = leftovers.iter().find(|(_, is_old)| *is_old);
        let new = leftovers
            .iter()
            .filter(|(path, is_old)| !is_old && complete(path))
            .max_by_key(|(path, _)| fs::metadata(path).and_then(|m| m.modified()).ok());
        let back = match (old, new) {
            (Some(_), Some((new, _))) => Some(new),
            (Some((old, _)), None) => Some(old),
            _ => None,
        };
        if let Some(back) = back {
            fs::rename(back, &out)?;
            sync_dir(&siblings.parent);
        }
    }
    let mut kept = Vec::new();
    for (path, is_old) in siblings.leftovers() {
        // A previous result always has its list (see [`adopt`]); a new one without it was
        // still being written.
        if !is_old && !complete(&path) {
            let _ = fs::remove_dir_all(&path);
            continue;
        }
        let left = remove_previous(&path);
        if !left.is_empty() {
            kept.push((path, left));
        }
    }
    Ok(kept)
}

/// Flush a folder's entries to disk. Folders cannot be opened as files on every platform
/// (Windows); there the rename itself is what the file system keeps.
pub fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding `files` (name, text); `listed` names go into its list (none: no list).
    fn folder(path: &Path, files: &[(&str, &str)], listed: Option<&[&str]>) {
        fs::create_dir_all(path).unwrap();
        for (name, text) in files {
            fs::write(path.join(name), text).unwrap();
        }
        if let Some(listed) = listed {
            let names: Vec<String> = listed.iter().map(|n| n.to_string()).collect();
            write_manifest(path, &names).unwrap();
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn text(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    const PREVIOUS: &[(&str, &str)] = &[("employees.csv", "previous")];
    const NEW: &[(&str, &str)] = &[("employees.csv", "new")];
    const LISTED: Option<&[&str]> = Some(&["employees.csv"]);

    #[test]
    fn leftovers_of_a_killed_run_are_put_right() {
        // (leftovers with `out` missing or not, what `out` shows after, what stays beside it)
        struct Case {
            out: Option<&'static str>,
            old: Option<Option<&'static [&'static str]>>,
            new: Option<Option<&'static [&'static str]>>,
            shows: Option<&'static str>,
        }
        let cases = [
            // Killed between the two renames: the new result is put in place.
            Case {
                out: None,
                old: Some(LISTED),
                new: Some(LISTED),
                shows: Some("new"),
            },
            // Killed between them while the new folder was not complete (cannot happen, but
            // the previous result is what there is): put back.
            Case {
                out: None,
                old: Some(LISTED),
                new: Some(None),
                shows: Some("previous"),
            },
            // Killed before the swap: `out` stays, the folder being written goes.
            Case {
                out: Some("previous"),
                old: None,
                new: Some(None),
                shows: Some("previous"),
            },
            Case {
                out: Some("previous"),
                old: None,
                new: Some(LISTED),
                shows: Some("previous"),
            },
            // Killed after the swap, before the previous result was removed.
            Case {
                out: Some("new"),
                old: Some(LISTED),
                new: None,
                shows: Some("new"),
            },
            // A complete result nobody swapped in, and no `out`: not brought back.
            Case {
                out: None,
                old: None,
                new: Some(LISTED),
                shows: None,
            },
        ];
        for (i, case) in cases.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            let siblings = Siblings::of(&out).unwrap();
            if let Some(shown) = case.out {
                let files = if shown == "new" { NEW } else { PREVIOUS };
                folder(&out, files, LISTED);
            }
            if let Some(listed) = case.old {
                folder(&dir.path().join(".out.meibo-old-a1"), PREVIOUS, listed);
            }
            if let Some(listed) = case.new {
                folder(&dir.path().join(".out.meibo-new-a1"), NEW, listed);
            }
            let kept = recover(&siblings).unwrap();
            assert_eq!(kept, Vec::new(), "case {i}");
            match case.shows {
                Some(shown) => assert_eq!(text(&out.join("employees.csv")), shown, "case {i}"),
                None => assert!(!out.exists(), "case {i}"),
            }
            assert_eq!(
                names(dir.path()),
                if case.shows.is_some() {
                    vec!["out"]
                } else {
                    vec![]
                },
                "case {i}"
            );
        }
    }

    #[test]
    fn the_names_beside_out_keep_its_name_and_the_random_part() {
        let siblings = Siblings::of(Path::new("/data/結果 2024")).unwrap();
        assert_eq!(siblings.lock(), Path::new("/data/.結果 2024.meibo-lock"));
        let new = Path::new("/data/.結果 2024.meibo-new-Ab12Cd");
        assert_eq!(
            siblings.old_for(new),
            Path::new("/data/.結果 2024.meibo-old-Ab12Cd")
        );
    }

    #[test]
    fn a_previous_result_holding_a_persons_file_is_kept_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        folder(&out, NEW, LISTED);
        let old = dir.path().join(".out.meibo-old-a1");
        folder(
            &old,
            &[
                ("employees.csv", "previous"),
                ("notes.txt", "mine"),
                (".DS_Store", ""),
            ],
            LISTED,
        );
        let kept = recover(&Siblings::of(&out).unwrap()).unwrap();
        assert_eq!(kept, vec![(old.clone(), vec!["notes.txt".to_string()])]);
        assert_eq!(names(&old), [".meibo", "notes.txt"]);
    }

    #[test]
    fn only_what_meibo_wrote_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files: &[(&str, &str)] = &[
            ("employees.csv", ""), // listed
            ("report.html", ""),   // written by this run
            ("Thumbs.db", ""),
            ("~$import.xlsx", ""),
            ("._employees.csv", ""),
            ("notes.txt", ""),
            ("old.csv", ""),
        ];
        folder(&out, files, LISTED);
        fs::create_dir(out.join("mine")).unwrap();
        assert_eq!(
            foreign(&out, &["report.html"]).unwrap(),
            ["mine", "notes.txt", "old.csv"]
        );
        // The list, made to name everything of meibo's before the swap.
        adopt(&out, &["report.html"]).unwrap();
        let listed: Vec<String> = manifest(&out).into_iter().collect();
        assert_eq!(
            listed,
            [
                "._employees.csv",
                "Thumbs.db",
                "employees.csv",
                "report.html",
                "~$import.xlsx"
            ]
        );
    }

    #[test]
    fn the_key_is_carried_and_meibo_s_own_bookkeeping_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("from"), dir.path().join("to"));
        let store: &[(&str, &str)] = &[
            ("redaction.key", "k"),
            ("lock", ""),
            (".redaction-key-x1", "half"),
        ];
        folder(&from.join(STORE), store, None);
        folder(&from, &[], LISTED);
        fs::create_dir(from.join(STORE).join("gen-OLD")).unwrap();
        carry_store(&from, &to).unwrap();
        assert_eq!(names(&to.join(STORE)), ["redaction.key"]);
        assert_eq!(text(&to.join(STORE).join("redaction.key")), "k");
    }
}
