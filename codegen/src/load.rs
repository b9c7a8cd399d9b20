//! Stage 1: read `service.json` and every `operations/*.json` of a service.

use crate::spec::{OperationSpec, ServiceSpec};
use std::fmt;
use std::path::{Path, PathBuf};

/// The parsed spec files of one service, with the paths they came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The spec directory, e.g. `spec/ecs`.
    pub dir: PathBuf,
    pub service: Loaded<ServiceSpec>,
    /// Sorted by file name, so output never depends on directory order.
    pub operations: Vec<Loaded<OperationSpec>>,
}

#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path as given to the loader, for error messages.
    pub path: PathBuf,
    pub spec: T,
}

#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

pub fn load(dir: &Path) -> Result<LoadedSpec, LoadError> {
    let service = load_file(&dir.join("service.json"))?;
    let ops_dir = dir.join("operations");
    let entries = std::fs::read_dir(&ops_dir).map_err(|e| LoadError {
        path: ops_dir.clone(),
        message: format!("cannot list operation files: {e}"),
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| LoadError {
            path: ops_dir.clone(),
            message: e.to_string(),
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
    paths.sort();
    let operations = paths
        .iter()
        .map(|p| load_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LoadedSpec {
        dir: dir.to_path_buf(),
        service,
        operations,
    })
}

fn load_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Loaded<T>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    let spec = serde_json::from_str(&text).map_err(|e| LoadError {
        path: path.to_path_buf(),
        message: format!("not a valid spec file: {e}"),
    })?;
    Ok(Loaded {
        path: path.to_path_buf(),
        spec,
    })
}
