//! `meibo reconcile`.
use anyhow::{bail, Result};

use crate::cli::ReconcileArgs;
use crate::Outcome;

pub fn run(_args: ReconcileArgs, _quiet: bool) -> Result<Outcome> {
    bail!("reconcile is not built yet")
}
