//! Helpers shared by the runtime's unit tests.

use std::path::PathBuf;

pub(crate) use serde_json::Value as Json;

/// The shared reference directory: `ECS_REFERENCE_DIR` when set, else
/// `shared/reference` beside the checkout.
pub(crate) fn reference_dir() -> PathBuf {
    match std::env::var_os("ECS_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/reference/"
        )),
    }
}

/// Reads a JSON file under the reference directory, or panics naming the path.
pub(crate) fn reference_json(relative: &str) -> Json {
    let path = reference_dir().join(relative);
    let text = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read reference file {}: {e}; set ECS_REFERENCE_DIR to the \
             shared `reference` directory",
            path.display()
        )
    });
    serde_json::from_slice(&text)
        .unwrap_or_else(|e| panic!("reference file {} is not JSON: {e}", path.display()))
}
