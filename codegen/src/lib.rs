//! Generates the `alibabacloud-ecs` crate's per-operation code from the JSON
//! spec in `spec/`.
//!
//! The generator is a pipeline, one module per stage:
//! [`load`] reads the spec files, [`validate`] checks them and reports every
//! problem with its file and JSON path, [`model`] resolves them into the shapes
//! the code needs, [`emit`] turns the model into Rust tokens, [`format`](mod@format)
//! pretty-prints them, and [`write`](mod@write) compares or writes the files.

pub mod emit;
pub mod format;
pub mod import;
pub mod load;
pub mod model;
pub mod spec;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

pub use validate::SpecError;

/// One file the generator produces, relative to the sdk crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A spec file could not be read or parsed.
    Load(load::LoadError),
    /// The spec files were read but break the spec's rules.
    Invalid(Vec<SpecError>),
    /// The code generated for a file does not parse: a generator bug.
    Format { path: PathBuf, message: String },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Load(e) => write!(f, "{e}"),
            Error::Format { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Invalid(errors) => {
                writeln!(f, "the spec has {} error(s):", errors.len())?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Runs the whole pipeline on the service directory `spec_dir`
/// (e.g. `spec/ecs`) and returns the files to write under `sdk/`.
pub fn generate(spec_dir: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let loaded = load::load(spec_dir).map_err(Error::Load)?;
    validate::validate(&loaded).map_err(Error::Invalid)?;
    let service = model::build(&loaded);
    emit::emit(&service)
        .into_iter()
        .map(|file| {
            let contents =
                format::format(&file.header, file.tokens).map_err(|message| Error::Format {
                    path: file.path.clone(),
                    message,
                })?;
            Ok(GeneratedFile {
                contents,
                path: file.path,
            })
        })
        .collect()
}

/// Folders of the sdk crate that hold nothing but generated files.
pub const GENERATED_DIRS: &[&str] = &["src/operation"];

/// Generates the sdk of the workspace at `root` from `root/spec/ecs` and
/// writes it into `root/sdk`, or with `check` only compares.
pub fn run(root: &Path, check: bool) -> Result<write::WriteReport, Box<dyn std::error::Error>> {
    let files = generate(&root.join("spec").join("ecs"))?;
    Ok(write::write(
        &root.join("sdk"),
        &files,
        GENERATED_DIRS,
        check,
    )?)
}

/// The workspace root, for tests and tools that run inside the workspace.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen lives in the workspace root")
        .to_path_buf()
}
