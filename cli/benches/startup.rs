//! Startup of `ecs --help` and `ecs list` (target: under 20 ms in release),
//! beside yardsticks measured in the same run on the same machine: `/bin/true`
//! (the cost of spawning any process here) and `ecs --version` (the binary's
//! own load time). Run with `cargo bench -p ecs-cli`.
//!
//! A plain timing loop rather than criterion: each sample is a process
//! spawn, whose cost is the thing measured.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAMPLES: usize = 200;
const TARGET: Duration = Duration::from_millis(20);

fn measure(program: &str, args: &[&str]) -> Option<(Duration, Duration)> {
    let run = || {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()
            .filter(|s| s.success())
    };
    // Warm the page cache and the loader.
    for _ in 0..10 {
        run()?;
    }
    let mut times = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    times.sort();
    Some((times[SAMPLES / 2], times[SAMPLES * 9 / 10]))
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too,
    // and then one quick pass is enough to show it works.
    let ecs = env!("CARGO_BIN_EXE_ecs");
    let cases: [(&str, &str, &[&str]); 4] = [
        ("/bin/true (yardstick)", "/bin/true", &[]),
        ("ecs --version (yardstick)", ecs, &["--version"]),
        ("ecs --help", ecs, &["--help"]),
        ("ecs list", ecs, &["list"]),
    ];
    println!("{:<28} {:>10} {:>10}", "startup", "median", "p90");
    let mut help = None;
    for (label, program, args) in cases {
        match measure(program, args) {
            Some((median, p90)) => {
                println!("{label:<28} {:>8.2}ms {:>8.2}ms", ms(median), ms(p90));
                if label == "ecs --help" {
                    help = Some(median);
                }
            }
            None => println!("{label:<28} (could not run)"),
        }
    }
    if let Some(median) = help {
        let verdict = if median < TARGET { "within" } else { "OVER" };
        println!(
            "ecs --help: {:.2} ms median, {verdict} the {} ms target",
            ms(median),
            TARGET.as_millis()
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
