//! Progress on stderr while a command reads, reconciles and writes: a spinner or bar per stage
//! when stderr is a terminal, nothing at all otherwise or with `--quiet`.
//!
//! Progress is decoration for a person watching: every handle here is a no-op when hidden, so
//! scripts, pipes and tests see only the closing summary, never a half-drawn bar.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

const TICK: Duration = Duration::from_millis(120);

/// The progress display of one run.
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Shown only when stderr is a terminal and `--quiet` was not given.
    pub fn new(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        Progress {
            multi: Some(MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// A display that shows nothing.
    pub fn hidden() -> Progress {
        Progress { multi: None }
    }

    /// A stage of unknown length (reading a file, reconciling): a spinner with the time spent.
    pub fn spinner(&self, message: impl Into<Cow<'static, str>>) -> Stage {
        self.add(
            ProgressBar::new_spinner(),
            "{spinner} {msg} ({elapsed})",
            message,
        )
    }

    /// A stage of `steps` known steps (writing the output files).
    pub fn bar(&self, message: impl Into<Cow<'static, str>>, steps: u64) -> Stage {
        self.add(
            ProgressBar::new(steps),
            "{msg:<24} [{bar:30}] {pos}/{len}",
            message,
        )
    }

    fn add(
        &self,
        bar: ProgressBar,
        template: &str,
        message: impl Into<Cow<'static, str>>,
    ) -> Stage {
        let Some(multi) = &self.multi else {
            return Stage { bar: None };
        };
        let style = ProgressStyle::with_template(template)
            .expect("the templates above are valid")
            .progress_chars("=> ");
        let bar = multi.add(bar.with_style(style).with_message(message));
        bar.enable_steady_tick(TICK);
        Stage { bar: Some(bar) }
    }
}

/// One stage on the display; cleared when finished or dropped (an error then prints cleanly).
pub struct Stage {
    bar: Option<ProgressBar>,
}

impl Stage {
    pub fn set_message(&self, message: impl Into<Cow<'static, str>>) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_shows_nothing_and_hidden_stages_are_no_ops() {
        let progress = Progress::new(true);
        assert!(progress.multi.is_none());
        let stage = progress.bar("writing", 3);
        stage.inc();
        stage.set_message("x");
        drop(stage);
        drop(progress.spinner("reading"));
    }
}
