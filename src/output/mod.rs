//! Writing stage: every file meibo writes, switched into place all at once.
//!
//! Layout of `--out DIR` (docs/output.md):
//!
//! ```text
//! DIR/employees.csv        -> .meibo/current/employees.csv   (one fixed link per output name)
//! DIR/.meibo/current       -> gen-XXXXXX                     (the one link that changes)
//! DIR/.meibo/gen-XXXXXX/   the complete result of one run
//! DIR/.meibo/lock          held while a run writes
//! ```
//!
//! A run writes its files into a new generation folder and fsyncs them; then it adds the links of
//! names that are new (they point into `current`, so they show nothing until the switch) and
//! replaces `current` by a link to the new generation with one `rename` — the moment the whole
//! set changes. Whenever the process is killed, the names a person opens show either the previous
//! complete result or the new complete one, never a mix and never a partial file. The next run
//! removes generations that a killed or failed run left behind. Inputs are never overwritten: an
//! `--out` folder that holds an input (however its path is spelled) is refused.

pub mod closing;
pub mod csv;
pub mod html;
mod link;
pub mod page;
pub mod private;
pub mod redact;
pub mod reports;
pub mod run;
pub mod summary;
pub mod xlsx;

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::lang::Lang;

/// The hidden folder inside `--out` that holds the generations.
pub const STORE: &str = ".meibo";
const CURRENT: &str = "current";

/// An output folder being written.
pub struct Staging {
    out: PathBuf,
    store: PathBuf,
    generation: String,
    names: Vec<String>,
    committed: bool,
    /// `--out` existed and other users may read it (the run says how to close it).
    open_to_others: bool,
    /// The language of messages (also those of [`Staging::commit`]).
    lang: Lang,
    /// Held until the run ends: two runs never write into one folder at once.
    _lock: File,
}

impl Staging {
    /// Create `out` if needed and a new generation folder inside it. Refuses when `out` holds
    /// one of `inputs`, or another run is writing into it.
    pub fn new(out: &Path, names: &[&str], inputs: &[&Path], lang: Lang) -> Result<Staging> {
        refuse_overwriting_inputs(out, names, inputs, lang)?;
        let cannot_write = || {
            format!(
                "{}: {}",
                out.display(),
                lang.pick(
                    "出力フォルダに書き込めません",
                    "cannot write in the output folder"
                )
            )
        };
        let open_to_others = out.is_dir() && private::open_to_others(out);
        private::create_dir_all(out).with_context(|| {
            format!(
                "{}: {}",
                out.display(),
                lang.pick(
                    "出力フォルダを作れません",
                    "cannot create the output folder"
                )
            )
        })?;
        let store = out.join(STORE);
        private::create_dir_all(&store).with_context(cannot_write)?;
        // A store an older meibo made readable by others is closed too.
        private::restrict_dir(&store).with_context(cannot_write)?;
        let lock = File::create(store.join("lock")).with_context(cannot_write)?;
        private::restrict_file(&store.join("lock")).with_context(cannot_write)?;
        if lock.try_lock().is_err() {
            bail!(
                "{}: {}",
                out.display(),
                lang.pick(
                    "別の meibo がこのフォルダに書き込み中です。終わってからやり直してください",
                    "another meibo run is writing into this folder; try again when it has finished"
                )
            );
        }
        remove_stale(out, &store);
        let generation = tempfile::Builder::new()
            .prefix("gen-")
            .tempdir_in(&store)
            .with_context(cannot_write)?
            .keep();
        let generation = generation
            .file_name()
            .and_then(|n| n.to_str())
            .expect("tempfile names are ASCII")
            .to_string();
        Ok(Staging {
            out: out.to_path_buf(),
            store,
            generation,
            names: Vec::new(),
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

    fn dir(&self) -> PathBuf {
        self.store.join(&self.generation)
    }

    /// Path in the new generation for an output file; the file is switched in with the others.
    pub fn file(&mut self, name: &str) -> PathBuf {
        self.names.push(name.to_string());
        self.dir().join(name)
    }

    /// Make the new generation the visible result (see the module header), then remove the
    /// previous one. Returns the paths a person opens.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let lang = self.lang;
        let dir = self.dir();
        private::restrict_dir(&dir).with_context(|| dir.display().to_string())?;
        for name in &self.names {
            let staged = dir.join(name);
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
        sync_dir(&dir);
        let place = |path: &Path| {
            format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "出力ファイルを置けません",
                    "cannot move the output into place"
                )
            )
        };
        adopt_plain_files(&self.out, &self.store, &self.names).with_context(|| place(&self.out))?;
        // Links of new names point into `current`: they show nothing until the switch.
        for name in &self.names {
            let link = self.out.join(name);
            let target = Path::new(STORE).join(CURRENT).join(name);
            if fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
                replace_with_link(&link, &target, link::Points::File)
                    .with_context(|| place(&link))?;
            }
        }
        sync_dir(&self.out);
        let current = self.store.join(CURRENT);
        replace_with_link(&current, Path::new(&self.generation), link::Points::Folder)
            .with_context(|| place(&self.store.join(CURRENT)))?;
        sync_dir(&self.store);
        self.committed = true;
        remove_stale(&self.out, &self.store);
        Ok(self.names.iter().map(|n| self.out.join(n)).collect())
    }
}

impl Drop for Staging {
    /// A run that did not commit leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(self.dir());
        }
    }
}

/// The generation `current` points at, if any.
fn current_generation(store: &Path) -> Option<String> {
    let target = fs::read_link(store.join(CURRENT)).ok()?;
    Some(target.to_str()?.to_string())
}

/// Remove what killed or failed runs left: generations other than the current one, temporary
/// links, staging folders of older meibo versions, and links of names no longer written.
fn remove_stale(out: &Path, store: &Path) {
    let current = current_generation(store);
    if let Ok(entries) = fs::read_dir(store) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale_generation = name.starts_with("gen-") && Some(&name) != current.as_ref();
            if stale_generation {
                let _ = fs::remove_dir_all(entry.path());
            } else if name.starts_with(".link-") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    let into_store = Path::new(STORE).join(CURRENT);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(".meibo-staging-") || name.starts_with(".link-") {
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        } else if let Ok(target) = fs::read_link(&path) {
            // A link meibo made whose file the current generation no longer has.
            if target.starts_with(&into_store) && !path.exists() {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// Outputs of older meibo versions are plain files. Before links replace them, the current
/// generation (or a new one) takes them in by hard link, so that every name shows the same
/// bytes while it changes from a file into a link.
fn adopt_plain_files(out: &Path, store: &Path, names: &[String]) -> Result<()> {
    let plain: Vec<&String> = names
        .iter()
        .filter(|n| {
            fs::symlink_metadata(out.join(n.as_str())).is_ok_and(|m| m.file_type().is_file())
        })
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    let adopted = tempfile::Builder::new()
        .prefix("gen-")
        .tempdir_in(store)?
        .keep();
    if let Some(current) = current_generation(store) {
        for entry in fs::read_dir(store.join(current))?.flatten() {
            link_or_copy(&entry.path(), &adopted.join(entry.file_name()))?;
        }
    }
    for name in plain {
        let into = adopted.join(name.as_str());
        let _ = fs::remove_file(&into);
        link_or_copy(&out.join(name.as_str()), &into)?;
    }
    sync_dir(&adopted);
    let generation = adopted.file_name().expect("a folder name");
    replace_with_link(
        &store.join(CURRENT),
        Path::new(generation),
        link::Points::Folder,
    )?;
    sync_dir(store);
    Ok(())
}

fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if fs::hard_link(from, to).is_err() {
        fs::copy(from, to)?;
        File::open(to)?.sync_all()?;
    }
    Ok(())
}

/// Make `link` a symbolic link to `target` in one step: a new link beside it, renamed over it.
fn replace_with_link(link: &Path, target: &Path, points: link::Points) -> Result<()> {
    let parent = link.parent().unwrap_or(Path::new("."));
    let mut attempt = 0u32;
    loop {
        let temporary = parent.join(format!(".link-{}-{attempt}", std::process::id()));
        match link::create(target, &temporary, points) {
            Ok(()) => {
                return fs::rename(&temporary, link).map_err(|e| {
                    let _ = fs::remove_file(&temporary);
                    e.into()
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                let _ = fs::remove_file(&temporary);
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Refuse an `--out` folder that holds one of the `inputs` — whatever way either path is spelled
/// (relative or absolute, `..`, a symbolic link to the folder) — or where one of the output
/// `names` is, or links to, an input (a hard link of an input counts too).
pub fn refuse_overwriting_inputs(
    out: &Path,
    names: &[&str],
    inputs: &[&Path],
    lang: Lang,
) -> Result<()> {
    // The same file on any platform (device and inode, or volume and file index): same-file.
    let identity = |path: &Path| same_file::Handle::from_path(path).ok();
    let identities: Vec<(same_file::Handle, &Path)> = inputs
        .iter()
        .filter_map(|p| identity(p).map(|id| (id, *p)))
        .collect();
    let canonical_out = out.canonicalize().ok();
    let holds = |input: &Path| -> bool {
        let Some(dir) = &canonical_out else {
            return false;
        };
        input.canonicalize().is_ok_and(|p| p.starts_with(dir))
    };
    // The input, and (for a hard link) the name it has in --out.
    let same_file = |path: PathBuf| -> Option<String> {
        let id = identity(&path)?;
        let (_, input) = identities.iter().find(|(other, _)| *other == id)?;
        Some(format!("{} = {}", input.display(), path.display()))
    };
    let offending: Option<String> = inputs
        .iter()
        .find(|input| holds(input))
        .map(|input| input.display().to_string())
        .or_else(|| {
            names
                .iter()
                .map(|name| out.join(name))
                .chain(
                    fs::read_dir(out)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                )
                .find_map(same_file)
        });
    if let Some(input) = offending {
        bail!(
            "--out {}: {} {} ({})",
            out.display(),
            lang.pick(
                "出力フォルダに入力ファイルがあり、上書きしてしまうおそれがあるため中止しました:",
                "refused: the output folder holds an input file, which could be overwritten:"
            ),
            input,
            lang.pick(
                "別の出力フォルダを指定してください",
                "choose another output folder"
            )
        );
    }
    Ok(())
}
