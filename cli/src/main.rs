//! `ecs <Operation> [--<Parameter> <value>]... [flags]`; see `ecs --help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(a) => args.push(a),
            // The service takes UTF-8 text only.
            Err(raw) => {
                eprintln!("ecs: argument {raw:?} is not valid UTF-8");
                return ExitCode::from(ecs_cli::EXIT_INVALID);
            }
        }
    }
    ecs_cli::run(args)
}
