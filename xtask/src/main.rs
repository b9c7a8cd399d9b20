//! Project tasks:
//!
//! - `cargo xtask codegen [--check] [--product NAME | --spec DIR --out DIR]`
//!   generates every product's crate from its spec (`spec/ecs` into `sdk`,
//!   `spec/sts` into `sts`), or one.
//! - `cargo xtask import-spec [--product NAME] [--out DIR] [--diff] [--all]
//!   OPERATION...` writes spec files from the reference metadata, or with
//!   `--diff` lists how the spec files differ from it.
//! - `cargo xtask build-times [--runs N]` measures codegen and the sdk's
//!   compile time and memory against a yardstick built in the same run.

mod build_times;

use ecs_codegen::import::{self, Reference, ReferenceLayout};
use ecs_codegen::load::{Loaded, LoadedSpec};
use ecs_codegen::spec::{OperationSpec, ServiceSpec};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--product ecs|sts | --spec DIR --out DIR [--crate NAME]]
  cargo xtask import-spec [--product ecs|sts] [--out DIR] [--diff] [--all] OPERATION...
  cargo xtask build-times [--runs N]

codegen generates every product (ecs into sdk/, sts into sts/) unless one is
named; --check compares instead of writing.

import-spec reads the product's reference metadata (ecs: $ECS_REFERENCE_DIR,
sts: $STS_REFERENCE_DIR; default ../shared/reference/<product> next to the
workspace) and writes one spec file per operation into --out (default
spec/<product>/operations). Findings (disagreements
between the sources, and choices made) go to stderr, one line each. A spec
file already in place is merged: what carries corrections, and what the
metadata cannot say, is kept. --diff writes nothing and lists how each
existing spec file differs from the metadata. --all imports every current
operation (skipping, with a note, those no source describes) and writes
IMPORT-REPORT.md next to --out: every limit enforced or only documented,
and why, and every finding.

build-times prints a table: codegen of every operation, clean debug builds
of the sdk crate with every operation and with one operation's feature, the
peak memory of that compile, each also in yardsticks (a clean debug build of
serde_json timed in the same run, best of --runs, default 3).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
        Some("import-spec") => import_command(&args[1..]),
        Some("build-times") => build_times_command(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage(&format!("unknown task {other:?}")),
        None => usage("no task given"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

/// Takes the value of `--flag VALUE` from `args`.
fn take_value(args: &mut Vec<String>, flag: &str) -> Result<Option<String>, String> {
    let Some(i) = args.iter().position(|a| a == flag) else {
        return Ok(None);
    };
    if i + 1 >= args.len() {
        return Err(format!("{flag} needs a value"));
    }
    let value = args.remove(i + 1);
    args.remove(i);
    Ok(Some(value))
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    match args.iter().position(|a| a == flag) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    }
}

fn build_times_command(args: &[String]) -> ExitCode {
    let mut args = args.to_vec();
    let runs = match take_value(&mut args, "--runs") {
        Ok(None) => 3,
        Ok(Some(n)) => match n.parse() {
            Ok(n) => n,
            Err(_) => return usage(&format!("--runs takes a number, not {n:?}")),
        },
        Err(e) => return usage(&e),
    };
    if let Some(other) = args.first() {
        return usage(&format!("unknown flag {other:?}"));
    }
    match build_times::run(&project_root(), runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen_command(args: &[String]) -> ExitCode {
    let mut args = args.to_vec();
    let root = project_root();
    let (spec, out) = match (
        take_value(&mut args, "--spec"),
        take_value(&mut args, "--out"),
    ) {
        (Ok(spec), Ok(out)) => (spec, out),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    let (product, crate_name) = match (
        take_value(&mut args, "--product"),
        take_value(&mut args, "--crate"),
    ) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    let check = take_flag(&mut args, "--check");
    if let Some(other) = args.first() {
        return usage(&format!("unknown flag {other:?}"));
    }
    let products: Vec<&ecs_codegen::Product> = match &product {
        Some(name) => match ecs_codegen::product(name) {
            Some(p) => vec![p],
            None => return usage(&format!("unknown product {name:?}")),
        },
        None => ecs_codegen::PRODUCTS.iter().collect(),
    };
    if spec.is_some() || out.is_some() {
        // One spec folder into one crate folder, e.g. for a scratch copy.
        let (Some(spec), Some(out)) = (spec, out) else {
            return usage("--spec and --out go together");
        };
        let crate_name = crate_name.unwrap_or_else(|| "alibabacloud-ecs".to_owned());
        return codegen(Path::new(&spec), Path::new(&out), &crate_name, check);
    }
    let mut status = ExitCode::SUCCESS;
    for p in products {
        let code = codegen(
            &root.join("spec").join(p.name),
            &root.join(p.crate_dir),
            p.crate_name,
            check,
        );
        if code != ExitCode::SUCCESS {
            status = code;
        }
    }
    status
}

fn codegen(spec_dir: &Path, sdk_dir: &Path, crate_name: &str, check: bool) -> ExitCode {
    let shown = sdk_dir.file_name().map_or_else(
        || sdk_dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files = match ecs_codegen::generate(spec_dir, crate_name) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report =
        match ecs_codegen::write::write(sdk_dir, &files, ecs_codegen::GENERATED_DIRS, check) {
            Ok(report) => report,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
    if report.is_clean() {
        if !check {
            println!("{shown}: generated code is up to date");
        }
        return ExitCode::SUCCESS;
    }
    if check {
        for path in &report.changed {
            eprintln!("{shown}/{} was not up-to-date", path.display());
        }
        for path in &report.stale {
            eprintln!(
                "{shown}/{} is generated but no spec produces it any more",
                path.display()
            );
        }
        eprintln!("run `cargo xtask codegen` locally and commit the updated files");
        ExitCode::FAILURE
    } else {
        for path in &report.changed {
            println!("wrote {shown}/{}", path.display());
        }
        for path in &report.stale {
            println!("removed {shown}/{}", path.display());
        }
        ExitCode::SUCCESS
    }
}

fn read_spec<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a valid spec file: {e}", path.display()))
}

fn import_command(args: &[String]) -> ExitCode {
    let mut args = args.to_vec();
    let root = project_root();
    let product = match take_value(&mut args, "--product") {
        Ok(p) => p.unwrap_or_else(|| "ecs".to_owned()),
        Err(e) => return usage(&e),
    };
    let Some(layout) = ReferenceLayout::for_product(&product) else {
        return usage(&format!("unknown product {product:?}"));
    };
    let out = match take_value(&mut args, "--out") {
        Ok(out) => out.map_or_else(
            || root.join("spec").join(&product).join("operations"),
            PathBuf::from,
        ),
        Err(e) => return usage(&e),
    };
    let diff = take_flag(&mut args, "--diff");
    let all = take_flag(&mut args, "--all");
    if let Some(flag) = args.iter().find(|a| a.starts_with("--")) {
        return usage(&format!("unknown flag {flag:?}"));
    }
    if args.is_empty() && !all {
        return usage("name at least one operation, or --all");
    }

    let reference_dir = import::product_reference_dir(&root, &product);
    let reference = match Reference::open_with(&reference_dir, layout) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The service the files belong to: next to the output if there is one
    // there, else the workspace's.
    let service_path = out
        .parent()
        .map(|p| p.join("service.json"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| root.join("spec").join(&product).join("service.json"));
    let service: ServiceSpec = match read_spec(&service_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut names = args;
    let mut general = Vec::new();
    if all {
        general.extend(reference.check_index());
        general
            .extend(reference.check_endpoints(&service.endpoints.map, &service.endpoints.fallback));
        for finding in &general {
            eprintln!("{finding}");
        }
        for name in reference.current_operations() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }

    let mut failed: Vec<String> = Vec::new();
    // With --all: what the report lists.
    let mut results: Vec<import::Imported> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    let mut invalid: Vec<String> = Vec::new();
    let (mut written, mut unchanged, mut findings) = (0, 0, 0);
    for name in &names {
        let path = out.join(format!("{name}.json"));
        let existing: Option<OperationSpec> = if path.exists() {
            match read_spec(&path) {
                Ok(spec) => Some(spec),
                Err(e) => {
                    eprintln!("{name} -: {e}; not imported");
                    failed.push(name.clone());
                    continue;
                }
            }
        } else {
            None
        };
        if diff {
            let Some(existing) = existing else {
                eprintln!(
                    "{name} -: no spec file at {}; nothing to compare",
                    path.display()
                );
                continue;
            };
            match import::diff(&reference, &existing, &service.common_errors) {
                Ok(lines) => {
                    let lines = if lines.is_empty() {
                        vec![format!("{name}: no differences")]
                    } else {
                        lines
                    };
                    let mut stdout = std::io::stdout().lock();
                    for line in lines {
                        // A closed pipe (`| head`) ends the listing quietly.
                        if writeln!(stdout, "{line}").is_err() {
                            return ExitCode::SUCCESS;
                        }
                    }
                }
                Err(e) => {
                    eprintln!("{name} -: {e}");
                    failed.push(name.clone());
                }
            }
            continue;
        }
        let imported =
            match import::import(&reference, name, existing.as_ref(), &service.common_errors) {
                Ok(i) => i,
                // --all names every current operation; one no source
                // describes is listed in the report, not a failure.
                Err(e @ import::ImportError::Unknown { .. }) if all && existing.is_none() => {
                    eprintln!("{name} -: not imported: {e}");
                    unknown.push((name.clone(), e.to_string()));
                    continue;
                }
                Err(e) => {
                    eprintln!("{name} -: not imported: {e}");
                    failed.push(name.clone());
                    continue;
                }
            };
        for finding in &imported.findings {
            eprintln!("{finding}");
        }
        findings += imported.findings.len();
        let text = imported.to_json();
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            unchanged += 1;
        } else {
            if let Err(e) =
                std::fs::create_dir_all(&out).and_then(|()| std::fs::write(&path, &text))
            {
                eprintln!("{name} -: cannot write {}: {e}", path.display());
                failed.push(name.clone());
                continue;
            }
            println!("wrote {}", path.display());
            written += 1;
        }
        // Check the result the way `cargo xtask codegen` will.
        let loaded = LoadedSpec {
            dir: out.parent().unwrap_or(&out).to_path_buf(),
            service: Loaded {
                path: service_path.clone(),
                spec: service.clone(),
            },
            operations: vec![Loaded {
                path: path.clone(),
                spec: imported.to_spec(),
            }],
        };
        if let Err(errors) = ecs_codegen::validate::validate(&loaded) {
            for e in errors {
                eprintln!("{name} validation: {}: {}", e.path, e.message);
            }
            invalid.push(name.clone());
        }
        if all {
            results.push(imported);
        }
    }
    if diff {
        return if failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if all {
        let mut entries: Vec<import::ReportEntry<'_>> =
            results.iter().map(import::ReportEntry::Imported).collect();
        entries.extend(
            unknown
                .iter()
                .map(|(name, why)| import::ReportEntry::NotImported {
                    name: name.clone(),
                    why: why.clone(),
                }),
        );
        let text = import::report(&entries, &general);
        let path = out.parent().unwrap_or(&out).join("IMPORT-REPORT.md");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if let Err(e) = std::fs::write(&path, &text) {
                eprintln!("cannot write {}: {e}", path.display());
                failed.push("IMPORT-REPORT.md".into());
            } else {
                println!("wrote {}", path.display());
            }
        }
    }
    let skipped: Vec<String> = unknown.iter().map(|(n, _)| n.clone()).collect();
    eprintln!(
        "import-spec: {} operation(s): {written} written, {unchanged} unchanged, {findings} finding(s); {} skipped (no source describes them){}; {} not imported{}; {} failing validation{}",
        names.len(),
        skipped.len(),
        list(&skipped),
        failed.len(),
        list(&failed),
        invalid.len(),
        list(&invalid),
    );
    if failed.is_empty() && invalid.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}
