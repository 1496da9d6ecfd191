//! Shared helpers for the project-level test suites in `tests/tests/`.
//!
//! The suites drive the project's own commands (`scripts/move`, and later the binaries of the
//! workspace) as a user would, and check their exit codes and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the directory holding the workspace `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Runs `scripts/move` with `args` from the repository root and returns its output.
pub fn run_move(args: &[&str]) -> std::io::Result<Output> {
    let root = repo_root();
    Command::new(root.join("scripts/move"))
        .args(args)
        .current_dir(&root)
        .output()
}

/// The stdout and stderr of a finished command, as one lossy UTF-8 string.
pub fn combined_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
