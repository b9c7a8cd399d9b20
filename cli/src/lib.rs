//! `ecs`: a command line for every ECS operation.
//!
//! It has no code per operation. What it knows about an operation comes
//! from the sdk's generated operation table (`operation::OPERATIONS`): the
//! parameters with their wire names, types, limits and descriptions (for
//! `--help`, "did you mean" and refusing unknown keys), the paging facts
//! (for `--pager`), the decoding from wire parameters into the typed input
//! and back (`reencode`: the same checks and encoding as the typed builder),
//! and the typed output written back as JSON (`reserialize`: what a Rust
//! user of the sdk sees).

pub mod args;
pub mod help;
pub mod output;
pub mod pager;
pub mod params;

use alibabacloud_ecs::operation::OPERATIONS;
use alibabacloud_ecs::runtime::credentials::{Env, ENV_PROFILE};
use alibabacloud_ecs::runtime::{OperationEntry, ServiceError, ValidationError};
use alibabacloud_ecs::{Client, Config, DefaultCredentialsChain, ProvideCredentials, SdkError};
use args::{escape, Command, Invocation, Output};
use std::process::ExitCode;

/// A parameter was unknown or broke a documented limit: nothing was sent.
pub const EXIT_INVALID: u8 = 2;
/// Any other failure.
pub const EXIT_FAILURE: u8 = 1;

/// Runs the command line (without the program name) and returns the exit code.
pub fn run(args: impl IntoIterator<Item = String>) -> ExitCode {
    let inv = match args::parse(args) {
        Ok(inv) => inv,
        Err(e) => {
            eprintln!("ecs: {}", e.0);
            eprintln!("Run `ecs --help` for usage.");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match &inv.command {
        Command::Help => {
            print!("{}", help::GLOBAL_HELP);
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("ecs {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::List => {
            print!("{}", help::list(OPERATIONS));
            ExitCode::SUCCESS
        }
        Command::OperationHelp(name) => match find_operation(name) {
            Ok(op) => {
                print!("{}", help::operation(op));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Call(name) => match find_operation(name) {
            Ok(op) => call(op, &inv),
            Err(code) => code,
        },
    }
}

fn find_operation(name: &str) -> Result<&'static OperationEntry, ExitCode> {
    if let Some(op) = OPERATIONS.iter().find(|o| o.info.name == name) {
        return Ok(op);
    }
    let names: Vec<&str> = OPERATIONS.iter().map(|o| o.info.name).collect();
    let near = params::closest(name, &names);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(" or "))
    };
    eprintln!(
        "ecs: unknown operation {:?}{hint} (`ecs list` lists them all)",
        escape(name)
    );
    Err(ExitCode::from(EXIT_INVALID))
}

/// The wire parameters from the command line, refused (exit 2) when a key
/// names no parameter of the operation or is given twice.
fn operation_params(op: &OperationEntry, inv: &Invocation) -> Result<Vec<(String, String)>, ()> {
    let mut problems = Vec::new();
    for (i, (key, _)) in inv.params.iter().enumerate() {
        if inv.params[..i].iter().any(|(k, _)| k == key) {
            problems.push(format!("--{} is given twice", escape(key)));
        } else if !params::key_is_known(op.params, key) {
            let mut near = params::suggest(op.params, key);
            if near.is_empty() {
                // `--regoin`: a misspelt flag rather than a parameter.
                near = params::closest(key, args::VALUE_FLAGS)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            }
            let hint = if near.is_empty() {
                String::new()
            } else {
                let near: Vec<String> = near.iter().map(|n| format!("--{n}")).collect();
                format!("; did you mean {}?", near.join(" or "))
            };
            problems.push(format!(
                "{} has no parameter --{}{hint}",
                op.info.name,
                escape(key)
            ));
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("ecs: {p}");
        }
        let forms: Vec<String> = params::key_forms(op.params)
            .into_iter()
            .map(|f| format!("--{}", f.key))
            .collect();
        eprintln!("Parameters of {}: {}", op.info.name, forms.join(" "));
        eprintln!(
            "Nothing was sent. `ecs {} --help` explains each.",
            op.info.name
        );
        return Err(());
    }
    let mut params = inv.params.clone();
    // As aliyun-cli does: --region also fills the operation's RegionId.
    if let Some(region) = &inv.globals.region {
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.wire.eq_ignore_ascii_case("RegionId"))
        {
            if !params.iter().any(|(k, _)| k == p.wire) {
                params.push((p.wire.to_owned(), region.clone()));
            }
        }
    }
    Ok(params)
}

/// Why a call failed.
pub enum Failure {
    Invalid(ValidationError),
    Sdk(SdkError<ServiceError>),
    /// A guard of the command line itself (a repeated page token, too many pages).
    Other(String),
}

impl From<ValidationError> for Failure {
    fn from(e: ValidationError) -> Self {
        Failure::Invalid(e)
    }
}

impl From<SdkError<ServiceError>> for Failure {
    fn from(e: SdkError<ServiceError>) -> Self {
        match e {
            SdkError::Validation(v) => Failure::Invalid(v),
            other => Failure::Sdk(other),
        }
    }
}

fn report(op: &OperationEntry, failure: &Failure) -> ExitCode {
    let name = op.info.name;
    match failure {
        Failure::Invalid(e) => {
            eprintln!(
                "ecs: {name}: invalid request, nothing was sent: {}",
                escape(&e.to_string())
            );
            ExitCode::from(EXIT_INVALID)
        }
        // The error's own Display is one line with code, message, HTTP
        // status and RequestId, server text escaped; escaping again only
        // guards against a variant that did not.
        Failure::Sdk(e) => {
            eprintln!("ecs: {name}: {}", escape(&e.to_string()));
            ExitCode::from(EXIT_FAILURE)
        }
        Failure::Other(message) => {
            eprintln!("ecs: {name}: {}", escape(message));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn call(op: &'static OperationEntry, inv: &Invocation) -> ExitCode {
    let Ok(params) = operation_params(op, inv) else {
        return ExitCode::from(EXIT_INVALID);
    };
    let checked = !inv.globals.unchecked;
    let wire = match (op.reencode)(&params, checked) {
        Ok(wire) => wire,
        Err(e) => return report(op, &Failure::Invalid(e)),
    };
    if inv.globals.dry_run {
        println!("{}", output::wire_params(&wire));
        return ExitCode::SUCCESS;
    }
    if inv.globals.pager && op.pagination.is_none() {
        eprintln!(
            "ecs: {} does not page, so --pager does not apply; nothing was sent",
            op.info.name
        );
        return ExitCode::from(EXIT_INVALID);
    }
    init_logging();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ecs: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    runtime.block_on(send(op, inv, params, wire, checked))
}

async fn send(
    op: &'static OperationEntry,
    inv: &Invocation,
    params: Vec<(String, String)>,
    wire: Vec<(String, String)>,
    checked: bool,
) -> ExitCode {
    let g = &inv.globals;
    let chain = match &g.profile {
        Some(profile) => {
            let profile = profile.clone();
            DefaultCredentialsChain::with_env(Env::from_fn(move |name| {
                if name == ENV_PROFILE {
                    Some(profile.clone())
                } else {
                    std::env::var(name).ok()
                }
            }))
        }
        None => DefaultCredentialsChain::new(),
    };
    // Without credentials there is nothing to call, and a local emulator is
    // not started silently: the user says where to send with --endpoint.
    if g.endpoint.is_none() {
        if let Err(e) = chain.provide_credentials().await {
            eprintln!(
                "ecs: {}. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, \
                 or configure a profile with `aliyun configure` (choose it with --profile); \
                 to try a local emulator, start it (cargo run -p ecs-emulator) and pass --endpoint. \
                 Nothing was sent.",
                escape(&e.to_string())
            );
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    let region = g.region.clone().or_else(|| {
        wire.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("RegionId"))
            .map(|(_, v)| v.clone())
    });
    let mut config = Config::builder()
        .signature_version(g.signature_version)
        .credentials_provider(chain);
    if let Some(region) = &region {
        config = config.region_id(region);
    }
    if let Some(endpoint) = &g.endpoint {
        config = config.endpoint(endpoint);
    }
    let client = match config.build() {
        Ok(c) => Client::new(c),
        Err(e) => {
            eprintln!(
                "ecs: {}; give --region or --endpoint. Nothing was sent.",
                escape(&e.to_string())
            );
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let body = if g.pager {
        pager::fetch_all(&client, op, params, checked).await
    } else {
        client
            .invoke_json(op.info, wire)
            .await
            .map_err(Failure::from)
    };
    match body {
        Ok(body) => {
            let typed = (op.reserialize)(&body);
            match g.output {
                Output::Json => println!("{}", output::json(&typed)),
                Output::Table => {
                    let items = op.pagination.as_ref().map(pager::items_path);
                    print!("{}", output::table(&typed, items))
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report(op, &failure),
    }
}

/// Sends the sdk's `tracing` events to stderr, filtered by `RUST_LOG` as
/// Rust users expect (errors only when it is unset).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::from_default_env();
    // A second subscriber (none here) is the only way this fails; logging
    // then stays as it was.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
