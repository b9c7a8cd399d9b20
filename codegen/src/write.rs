//! Stage 6: write the generated files, or check that they are up to date.

use crate::GeneratedFile;
use std::path::{Path, PathBuf};

/// What `write` found or did.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Files whose contents changed (or would change, in check mode).
    pub changed: Vec<PathBuf>,
    /// Generated files on disk that the spec no longer produces.
    pub stale: Vec<PathBuf>,
}

impl WriteReport {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Marker that every generated file carries in its first line.
pub const GENERATED_MARKER: &str = "@generated";

/// The lines around a generated section of a hand-written file.
pub const SECTION_BEGIN: &str =
    "# @generated begin: `cargo xtask codegen` writes the lines up to the end marker";
pub const SECTION_END: &str = "# @generated end";

/// `current` with the lines between the section markers replaced by `section`.
fn splice(current: &str, section: &str) -> Option<String> {
    let begin = current.find(SECTION_BEGIN)?;
    let after_begin = begin + current[begin..].find('\n')? + 1;
    let end = after_begin + current[after_begin..].find(SECTION_END)?;
    Some(format!(
        "{}{section}{}",
        &current[..after_begin],
        &current[end..]
    ))
}

/// Compares each file under `root` with what the spec gives. With
/// `check == false` it writes the differing files and removes generated
/// files the spec no longer produces; with `check == true` it only reports.
///
/// `generated_dirs` are the folders (relative to `root`) that hold nothing but
/// generated files, so anything there that carries the marker and was not
/// produced this time is stale.
pub fn write(
    root: &Path,
    files: &[GeneratedFile],
    generated_dirs: &[&str],
    check: bool,
) -> std::io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for file in files {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        let wanted = if file.section {
            let current = current.as_deref().unwrap_or_default();
            splice(current, &file.contents).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{}: no `{SECTION_BEGIN}` ... `{SECTION_END}` lines to write the generated section between",
                        path.display()
                    ),
                )
            })?
        } else {
            file.contents.clone()
        };
        if current.as_deref() == Some(wanted.as_str()) {
            continue;
        }
        report.changed.push(file.path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &wanted)?;
        }
    }
    for dir in generated_dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        found.sort();
        for path in found {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if files.iter().any(|f| f.path == rel) {
                continue;
            }
            let first_line = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| t.lines().next().map(str::to_owned))
                .unwrap_or_default();
            if first_line.contains(GENERATED_MARKER) {
                report.stale.push(rel);
                if !check {
                    std::fs::remove_file(&path)?;
                }
            }
        }
    }
    Ok(report)
}
