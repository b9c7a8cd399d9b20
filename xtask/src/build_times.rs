//! `cargo xtask build-times`: what the whole API costs to generate and to
//! compile, in seconds and in yardsticks.
//!
//! Machines differ and these are shared, so every figure is also given in
//! "yardsticks": a clean debug build of `serde_json` timed in the same run
//! (best of three). Builds happen in `target/build-times` with the profile a
//! user of the crate gets (full debuginfo, no incremental state), after the
//! dependencies are built, so that only the sdk crate itself is timed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The targets of the "reshape" issue, in yardsticks unless said otherwise.
const TARGET_PER_OPERATION: f64 = 0.06;
const TARGET_ONE_OPERATION: f64 = 2.0;
const TARGET_PEAK_MB: f64 = 1500.0;
const TARGET_CODEGEN_SECONDS: f64 = 1.0;

/// The operation whose feature alone is built for the one-operation figure.
const ONE_OPERATION: &str = "describe-instances";

pub fn run(root: &Path, runs: usize) -> Result<(), String> {
    let target_dir = root.join("target").join("build-times");
    let runs = runs.max(1);

    eprintln!("codegen of every operation ({runs} runs) ...");
    let spec_dir = root.join("spec").join("ecs");
    let mut operations = 0;
    let codegen = best_of(runs, || {
        let start = Instant::now();
        let files =
            ecs_codegen::generate(&spec_dir, "alibabacloud-ecs").map_err(|e| e.to_string())?;
        operations = files
            .iter()
            .filter(|f| f.path.starts_with("src/operation") && !f.path.ends_with("mod.rs"))
            .count();
        Ok(start.elapsed())
    })?;

    eprintln!("building the dependencies once ...");
    cargo(root, &target_dir, &["build", "-p", "serde_json"])?;
    cargo(root, &target_dir, &["build", "-p", "alibabacloud-ecs"])?;
    cargo(
        root,
        &target_dir,
        &[
            "build",
            "-p",
            "alibabacloud-ecs",
            "--no-default-features",
            "--features",
            ONE_OPERATION,
        ],
    )?;

    eprintln!("yardstick: clean debug build of serde_json ({runs} runs) ...");
    let yardstick = best_of(runs, || {
        clean_build(
            root,
            &target_dir,
            "serde_json",
            &["build", "-p", "serde_json"],
        )
    })?;

    eprintln!("one operation's feature alone ({ONE_OPERATION}) ...");
    let one = best_of(runs, || {
        clean_build(
            root,
            &target_dir,
            "alibabacloud-ecs",
            &[
                "build",
                "-p",
                "alibabacloud-ecs",
                "--no-default-features",
                "--features",
                ONE_OPERATION,
            ],
        )
    })?;

    eprintln!("every operation (default features) ...");
    let all = clean_build(
        root,
        &target_dir,
        "alibabacloud-ecs",
        &["build", "-p", "alibabacloud-ecs"],
    )?;
    // The largest process of the run so far is this compile of the sdk.
    let peak_mb = peak_child_rss_mb();

    let y = yardstick.as_secs_f64();
    let per_op = all.as_secs_f64() / y / operations.max(1) as f64;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("| measure | seconds | yardsticks | target | |");
    println!("| --- | ---: | ---: | --- | --- |");
    println!("| yardstick: clean debug build of serde_json (best of {runs}) | {y:.2} | 1 | | |");
    println!(
        "| codegen of all {operations} operations (best of {runs}) | {:.2} | {:.2} | < {TARGET_CODEGEN_SECONDS} s | {} |",
        codegen.as_secs_f64(),
        codegen.as_secs_f64() / y,
        verdict(codegen.as_secs_f64() < TARGET_CODEGEN_SECONDS)
    );
    println!(
        "| clean debug build of the sdk crate, all {operations} operations | {:.1} | {:.1} ({per_op:.3} per operation) | <= {TARGET_PER_OPERATION} per operation | {} |",
        all.as_secs_f64(),
        all.as_secs_f64() / y,
        verdict(per_op <= TARGET_PER_OPERATION)
    );
    println!(
        "| clean debug build of the sdk crate, `{ONE_OPERATION}` alone (best of {runs}) | {:.1} | {:.2} | <= {TARGET_ONE_OPERATION} | {} |",
        one.as_secs_f64(),
        one.as_secs_f64() / y,
        verdict(one.as_secs_f64() / y <= TARGET_ONE_OPERATION)
    );
    match peak_mb {
        Some(mb) => println!(
            "| peak memory of that compile | {mb:.0} MB | | <= {TARGET_PEAK_MB} MB | {} |",
            verdict(mb <= TARGET_PEAK_MB)
        ),
        None => println!("| peak memory of that compile | not measured on this platform | | | |"),
    }
    Ok(())
}

fn best_of(
    runs: usize,
    mut measure: impl FnMut() -> Result<Duration, String>,
) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        best = best.min(measure()?);
    }
    Ok(best)
}

/// Removes `package`'s own artifacts, then times `args`.
fn clean_build(
    root: &Path,
    target_dir: &Path,
    package: &str,
    args: &[&str],
) -> Result<Duration, String> {
    cargo(root, target_dir, &["clean", "-p", package])?;
    let start = Instant::now();
    cargo(root, target_dir, args)?;
    Ok(start.elapsed())
}

fn cargo(root: &Path, target_dir: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let status = Command::new(cargo)
        .args(args)
        .arg("--quiet")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        // What a user of the crate gets, not the workspace's lighter profile.
        .env("CARGO_PROFILE_DEV_DEBUG", "true")
        .env("CARGO_PROFILE_DEV_INCREMENTAL", "false")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed: {status}", args.join(" ")))
    }
}

/// The largest resident set of any process this one has waited for, in MB.
#[cfg(unix)]
fn peak_child_rss_mb() -> Option<f64> {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) != 0 {
            return None;
        }
        usage
    };
    // Linux and most Unixes report kilobytes; macOS reports bytes.
    let kb = if cfg!(target_os = "macos") {
        usage.ru_maxrss as f64 / 1024.0
    } else {
        usage.ru_maxrss as f64
    };
    Some(kb / 1024.0)
}

#[cfg(not(unix))]
fn peak_child_rss_mb() -> Option<f64> {
    None
}
