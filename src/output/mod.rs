//! Writing stage: every file meibo writes. Files are written into a staging folder inside the
//! output folder and renamed into place only when the whole run has succeeded, so a failed run
//! leaves no half-written file; inputs are never overwritten.

pub mod csv;
pub mod html;
pub mod reports;
pub mod summary;
pub mod xlsx;

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::lang::t;

/// An output folder being written.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    names: Vec<String>,
}

impl Staging {
    /// Create `out` if needed and a staging folder inside it. Refuses when one of `names` in
    /// `out` is (or links to) one of `inputs`.
    pub fn new(out: &Path, names: &[&str], inputs: &[&Path]) -> Result<Staging> {
        refuse_overwriting_inputs(out, names, inputs)?;
        std::fs::create_dir_all(out).with_context(|| {
            format!(
                "{}: {}",
                out.display(),
                t(
                    "出力フォルダを作れません",
                    "cannot create the output folder"
                )
            )
        })?;
        let dir = tempfile::Builder::new()
            .prefix(".meibo-staging-")
            .tempdir_in(out)
            .with_context(|| {
                format!(
                    "{}: {}",
                    out.display(),
                    t(
                        "出力フォルダに書き込めません",
                        "cannot write in the output folder"
                    )
                )
            })?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            names: Vec::new(),
        })
    }

    /// Path in the staging folder for an output file; the file is committed with the others.
    pub fn file(&mut self, name: &str) -> PathBuf {
        self.names.push(name.to_string());
        self.dir.path().join(name)
    }

    /// Move every staged file into place (fsynced first), then remove the staging folder.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for name in &self.names {
            let staged = self.dir.path().join(name);
            std::fs::File::open(&staged)
                .and_then(|f| f.sync_all())
                .with_context(|| {
                    format!(
                        "{}: {}",
                        staged.display(),
                        t("書き込みを確定できません", "cannot flush")
                    )
                })?;
        }
        for name in &self.names {
            let target = self.out.join(name);
            std::fs::rename(self.dir.path().join(name), &target).with_context(|| {
                format!(
                    "{}: {}",
                    target.display(),
                    t(
                        "出力ファイルを置けません",
                        "cannot move the output into place"
                    )
                )
            })?;
            written.push(target);
        }
        if let Ok(dir) = std::fs::File::open(&self.out) {
            let _ = dir.sync_all();
        }
        Ok(written)
    }
}

/// Refuse an `--out` where one of the output `names` is (or links to) one of the `inputs`.
pub fn refuse_overwriting_inputs(out: &Path, names: &[&str], inputs: &[&Path]) -> Result<()> {
    let identities: HashSet<(u64, u64)> = inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| (m.dev(), m.ino()))
        .collect();
    let canonical_inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let canonical_out = out.canonicalize().ok();
    for name in names {
        let target = out.join(name);
        let same_file = std::fs::metadata(&target)
            .ok()
            .is_some_and(|m| identities.contains(&(m.dev(), m.ino())));
        let same_path = canonical_out.as_ref().is_some_and(|dir| {
            canonical_inputs
                .iter()
                .any(|input| input == &dir.join(name))
        });
        if same_file || same_path {
            bail!(
                "--out {}: {} {} ({})",
                out.display(),
                t(
                    "入力ファイルを上書きしてしまうため中止しました:",
                    "refused: it would overwrite the input file"
                ),
                target.display(),
                t(
                    "別の出力フォルダを指定してください",
                    "choose another output folder"
                )
            );
        }
    }
    Ok(())
}
