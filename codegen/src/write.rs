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
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        report.changed.push(file.path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &file.contents)?;
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
