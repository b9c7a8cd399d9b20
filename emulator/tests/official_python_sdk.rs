//! Alibaba Cloud's official Python SDK (`alibabacloud-ecs20140526`, V3 and
//! V1 signatures) as the emulator's client: `tests/python/official_sdk.py`.
//!
//! It needs Python 3 and the package. The package is looked up on
//! `PYTHONPATH` and in this test's own directory under `target/`, and
//! installed there with pip when missing (`ECS_EMULATOR_PYTHON_INSTALL=0`
//! forbids that). When Python or the package cannot be had, the test passes
//! and says on stderr, outside the test harness's capture, that it was
//! skipped and why. `ECS_EMULATOR_REQUIRE_PYTHON=1` turns a skip into a
//! failure, for CI that must run it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};

/// The version whose signing code produced the reference vectors.
const PACKAGE: &str = "alibabacloud-ecs20140526==7.11.8";

fn python() -> String {
    std::env::var("ECS_EMULATOR_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn site_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-python-sdk")
}

fn python_path() -> String {
    let mut paths = vec![site_dir().display().to_string()];
    if let Ok(existing) = std::env::var("PYTHONPATH") {
        paths.push(existing);
    }
    paths.join(":")
}

fn run_python(args: &[&str]) -> std::io::Result<Output> {
    Command::new(python())
        .args(args)
        .env("PYTHONPATH", python_path())
        .env("PYTHONIOENCODING", "utf-8")
        .output()
}

fn sdk_importable() -> bool {
    run_python(&[
        "-c",
        "import alibabacloud_ecs20140526.client, alibabacloud_tea_openapi.models",
    ])
    .is_ok_and(|output| output.status.success())
}

/// Python with the SDK importable, or why not.
fn prepare() -> Result<(), String> {
    match run_python(&["--version"]) {
        Ok(output) if output.status.success() => {}
        _ => return Err(format!("{} is not available", python())),
    }
    if sdk_importable() {
        return Ok(());
    }
    if std::env::var("ECS_EMULATOR_PYTHON_INSTALL").as_deref() == Ok("0") {
        return Err(format!(
            "{PACKAGE} is not installed and ECS_EMULATOR_PYTHON_INSTALL=0"
        ));
    }
    let site = site_dir();
    let installed = Command::new(python())
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
        ])
        .arg(&site)
        .arg(PACKAGE)
        .output();
    match installed {
        Ok(output) if output.status.success() && sdk_importable() => Ok(()),
        Ok(output) => Err(format!(
            "pip could not install {PACKAGE}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(error) => Err(format!("pip could not run: {error}")),
    }
}

fn say(message: &str) {
    // Straight to the process's stderr: the harness captures print macros.
    let _ = writeln!(std::io::stderr(), "{message}");
}

#[test]
fn the_official_python_sdk_works_against_the_emulator() {
    if let Err(reason) = prepare() {
        let message = format!("SKIPPED official_python_sdk: {reason}");
        if std::env::var("ECS_EMULATOR_REQUIRE_PYTHON").as_deref() == Ok("1") {
            panic!("{message} (ECS_EMULATOR_REQUIRE_PYTHON=1)");
        }
        say(&message);
        return;
    }

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut config = EmulatorConfig::new("py-id", "py-secret");
    config.seed = vec![
        SeedResource::new("cn-hangzhou", "instance", "i-py-1"),
        SeedResource::new("cn-hangzhou", "instance", "i-py-2"),
    ];
    let emulator = runtime.block_on(Emulator::start(config)).unwrap();
    let host = emulator.local_addr().to_string();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/official_sdk.py");
    let output = run_python(&[script, &host, "py-id", "py-secret"]).unwrap();
    runtime.block_on(emulator.shutdown());

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("all checks passed"), "{stdout}");
}
