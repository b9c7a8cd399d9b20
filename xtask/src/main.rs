//! Project tasks: `cargo xtask codegen [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = match args.get(1).map(String::as_str) {
                None => false,
                Some("--check") => true,
                Some(other) => return usage(&format!("unknown flag {other:?}")),
            };
            codegen(check)
        }
        Some(other) => usage(&format!("unknown task {other:?}")),
        None => usage("no task given"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: cargo xtask codegen [--check]");
    ExitCode::from(2)
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

fn codegen(check: bool) -> ExitCode {
    let root = project_root();
    match ecs_codegen::run(&root, check) {
        Ok(report) if report.is_clean() => {
            if !check {
                println!("generated code is up to date");
            }
            ExitCode::SUCCESS
        }
        Ok(report) => {
            if check {
                for path in &report.changed {
                    eprintln!("sdk/{} was not up-to-date", path.display());
                }
                for path in &report.stale {
                    eprintln!(
                        "sdk/{} is generated but no spec produces it any more",
                        path.display()
                    );
                }
                eprintln!("run `cargo xtask codegen` locally and commit the updated files");
                ExitCode::FAILURE
            } else {
                for path in &report.changed {
                    println!("wrote sdk/{}", path.display());
                }
                for path in &report.stale {
                    println!("removed sdk/{}", path.display());
                }
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
