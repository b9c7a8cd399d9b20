//! Generates one crate per product from the JSON spec in `spec/<product>/`:
//! `alibabacloud-ecs` in `sdk/` from `spec/ecs`, `alibabacloud-sts` in `sts/`
//! from `spec/sts` (see [`PRODUCTS`]). Every generated crate builds on the
//! product-neutral `alibabacloud-runtime`, to which it passes its product's
//! facts as a generated `service::SERVICE`.
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
pub mod reserved;
pub mod shared;
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
    /// The contents replace only the lines between the file's
    /// `# @generated begin` and `# @generated end` markers.
    pub section: bool,
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

/// A product: where its spec is and which crate its code goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// Its folder under `spec/`, e.g. `ecs`; also the `--product` name.
    pub name: &'static str,
    /// The generated crate's folder, relative to the workspace root.
    pub crate_dir: &'static str,
    /// The generated crate's name, e.g. `alibabacloud-ecs`.
    pub crate_name: &'static str,
}

/// Every product the workspace generates.
pub const PRODUCTS: &[Product] = &[
    Product {
        name: "ecs",
        crate_dir: "sdk",
        crate_name: "alibabacloud-ecs",
    },
    Product {
        name: "sts",
        crate_dir: "sts",
        crate_name: "alibabacloud-sts",
    },
];

/// The product named `name` (`ecs`, `sts`).
pub fn product(name: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.name == name)
}

/// Runs the whole pipeline on the service directory `spec_dir`
/// (e.g. `spec/ecs`) and returns the files to write into the crate
/// `crate_name` (e.g. `alibabacloud-ecs`), relative to its folder.
pub fn generate(spec_dir: &Path, crate_name: &str) -> Result<Vec<GeneratedFile>, Error> {
    let loaded = load::load(spec_dir).map_err(Error::Load)?;
    validate::validate(&loaded).map_err(Error::Invalid)?;
    let service = model::build(&loaded, crate_name);
    let mut out: Vec<GeneratedFile> = emit::emit_shared_files(&service)
        .into_iter()
        .map(format_file)
        .collect::<Result<_, _>>()?;
    // Emitting and formatting the operations is most of the work: spread it
    // over the machine's cores (tokens cannot cross threads, so each thread
    // does both for its share).
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = service.operations.len().div_ceil(workers).max(1);
    let formatted: Vec<Result<Vec<GeneratedFile>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = service
            .operations
            .chunks(chunk)
            .map(|ops| {
                scope.spawn(move || {
                    ops.iter()
                        .map(|op| format_file(emit::emit_operation_file(op)))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("emitting and formatting do not panic"))
            .collect()
    });
    for files in formatted {
        out.extend(files?);
    }
    Ok(out)
}

fn format_file(file: emit::EmittedFile) -> Result<GeneratedFile, Error> {
    match file.body {
        emit::EmittedBody::Rust { header, tokens } => {
            let contents = format::format(&header, tokens).map_err(|message| Error::Format {
                path: file.path.clone(),
                message,
            })?;
            Ok(GeneratedFile {
                path: file.path,
                contents,
                section: false,
            })
        }
        emit::EmittedBody::Section(contents) => Ok(GeneratedFile {
            path: file.path,
            contents,
            section: true,
        }),
    }
}

/// Folders of a generated crate that hold nothing but generated files.
pub const GENERATED_DIRS: &[&str] = &["src/operation"];

/// Generates every product of the workspace at `root` (see [`PRODUCTS`])
/// and writes each into its crate, or with `check` only compares. The
/// report's paths are relative to the workspace root.
pub fn run(root: &Path, check: bool) -> Result<write::WriteReport, Box<dyn std::error::Error>> {
    let mut all = write::WriteReport::default();
    for p in PRODUCTS {
        let report = run_product(root, p, check)?;
        let dir = Path::new(p.crate_dir);
        all.changed
            .extend(report.changed.into_iter().map(|f| dir.join(f)));
        all.stale
            .extend(report.stale.into_iter().map(|f| dir.join(f)));
    }
    Ok(all)
}

/// Generates one product into its crate, or with `check` only compares. The
/// report's paths are relative to the crate's folder.
pub fn run_product(
    root: &Path,
    product: &Product,
    check: bool,
) -> Result<write::WriteReport, Box<dyn std::error::Error>> {
    let files = generate(&root.join("spec").join(product.name), product.crate_name)?;
    Ok(write::write(
        &root.join(product.crate_dir),
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
