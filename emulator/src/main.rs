//! `ecs-emulator`: serves the emulator until SIGINT or SIGTERM.

use std::io::Write as _;
use std::process::ExitCode;

use ecs_emulator::args::{self, Command, USAGE};
use ecs_emulator::{Emulator, EmulatorConfig, SeedFile};

#[tokio::main]
async fn main() -> ExitCode {
    let run = match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(run)) => run,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("ecs-emulator: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let mut config = EmulatorConfig::new(run.access_key_id, run.access_key_secret);
    config.port = run.port;
    if let Some(bind) = run.bind {
        config.bind = bind;
    }
    config.page_size = run.page_size;
    config.default_resource_group_id = run.default_resource_group_id;
    config.log_requests = run.log_requests;
    config.header_read_timeout = run.header_read_timeout;
    config.idle_timeout = run.idle_timeout;
    config.max_connections = run.max_connections;
    config.max_remembered_nonces = run.max_remembered_nonces;
    config.transition = run.transition;
    config.max_instances = run.max_instances;
    if let Some(path) = &run.seed {
        match SeedFile::load(path) {
            Ok(file) => config.seed = file.resources,
            Err(message) => {
                eprintln!("ecs-emulator: {message}");
                return ExitCode::from(2);
            }
        }
    }

    let emulator = match Emulator::start(config).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("ecs-emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Whoever started us reads this line to learn the port; flush it now,
    // since stdout is a pipe and would otherwise hold it in a buffer.
    let line = serde_json::json!({ "endpoint": emulator.endpoint() });
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);

    wait_for_stop_signal().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
