//! The command line split into the command, the global flags and the
//! operation's parameters. Hand-rolled: the parameters are the operation's
//! wire names, known only from the operation table at run time.

use alibabacloud_ecs::SignatureVersion;

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `ecs`, `ecs --help`: the global help.
    Help,
    /// `ecs --version`.
    Version,
    /// `ecs list`: every operation with its summary.
    List,
    /// `ecs <Operation> --help`.
    OperationHelp(String),
    /// `ecs <Operation> [--<Parameter> <value>]...`.
    Call(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    #[default]
    Json,
    Table,
}

/// The lowercase flags every command takes, as aliyun-cli spells them.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub signature_version: SignatureVersion,
    pub profile: Option<String>,
    pub output: Output,
    pub pager: bool,
    pub unchecked: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub struct Invocation {
    pub command: Command,
    pub globals: Globals,
    /// `--Name value` pairs in the order given, names without the dashes.
    pub params: Vec<(String, String)>,
}

/// Global flags that take a value.
pub const VALUE_FLAGS: &[&str] = &[
    "region",
    "endpoint",
    "signature-version",
    "profile",
    "output",
];
/// Global flags that stand alone.
pub const SWITCHES: &[&str] = &["pager", "unchecked", "dry-run", "help", "version"];

/// Why the command line could not be read (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Invocation, UsageError> {
    let mut args = args.into_iter().peekable();
    let mut globals = Globals::default();
    let mut params = Vec::new();
    let mut operation: Option<String> = None;
    let mut help = false;
    let mut version = false;
    while let Some(arg) = args.next() {
        if arg == "-h" {
            help = true;
            continue;
        }
        let Some(flag) = arg.strip_prefix("--") else {
            if operation.is_none() {
                operation = Some(arg);
                continue;
            }
            return Err(UsageError(format!(
                "unexpected argument {:?}: parameters are given as --Name value",
                escape(&arg)
            )));
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (flag.to_owned(), None),
        };
        if name.is_empty() {
            return Err(UsageError(format!(
                "{:?} names no flag or parameter",
                escape(&arg)
            )));
        }
        if SWITCHES.contains(&name.as_str()) {
            if inline.is_some() {
                return Err(UsageError(format!("--{name} takes no value")));
            }
            match name.as_str() {
                "pager" => globals.pager = true,
                "unchecked" => globals.unchecked = true,
                "dry-run" => globals.dry_run = true,
                "help" => help = true,
                _ => version = true,
            }
            continue;
        }
        // The value is the next argument unless that is a flag itself; a
        // value that starts with a single `-` (`-1`, `-x`) is still a value,
        // and `--Name=--x` passes anything.
        let value = match inline {
            Some(v) => v,
            None => match args.peek() {
                Some(next) if !next.starts_with("--") => args.next().unwrap_or_default(),
                _ => {
                    return Err(UsageError(format!(
                        "--{name} needs a value (--{name} VALUE or --{name}=VALUE)"
                    )))
                }
            },
        };
        if VALUE_FLAGS.contains(&name.as_str()) {
            set_global(&mut globals, &name, value)?;
        } else {
            params.push((name, value));
        }
    }
    let command = match (operation, help, version) {
        (None, _, true) => Command::Version,
        (None, _, false) => Command::Help,
        (Some(op), true, _) => Command::OperationHelp(op),
        (Some(op), false, _) if op == "list" => Command::List,
        (Some(op), false, _) => Command::Call(op),
    };
    Ok(Invocation {
        command,
        globals,
        params,
    })
}

fn set_global(globals: &mut Globals, name: &str, value: String) -> Result<(), UsageError> {
    match name {
        "region" => globals.region = Some(value),
        "endpoint" => globals.endpoint = Some(value),
        "profile" => globals.profile = Some(value),
        "signature-version" => {
            globals.signature_version = match value.to_ascii_lowercase().as_str() {
                "v3" | "3" => SignatureVersion::V3,
                "v1" | "1" => SignatureVersion::V1,
                _ => {
                    return Err(UsageError(format!(
                        "--signature-version takes v3 or v1, not {:?}",
                        escape(&value)
                    )))
                }
            }
        }
        _ => {
            globals.output = match value.to_ascii_lowercase().as_str() {
                "json" => Output::Json,
                "table" => Output::Table,
                _ => {
                    return Err(UsageError(format!(
                        "--output takes json or table, not {:?}",
                        escape(&value)
                    )))
                }
            }
        }
    }
    Ok(())
}

/// Text from the command line, shown with its control characters escaped.
pub fn escape(text: &str) -> String {
    alibabacloud_ecs::runtime::error::escape_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn values_may_start_with_a_single_dash_or_follow_an_equals_sign() {
        let inv = parse(args(&[
            "ModifyInstanceAttribute",
            "--Description",
            "-x",
            "--InstanceName=--y",
            "--region=cn-beijing",
        ]))
        .unwrap();
        assert_eq!(
            inv.params,
            vec![
                ("Description".to_owned(), "-x".to_owned()),
                ("InstanceName".to_owned(), "--y".to_owned())
            ]
        );
        assert_eq!(inv.globals.region.as_deref(), Some("cn-beijing"));
    }

    #[test]
    fn a_parameter_without_a_value_is_a_usage_error() {
        let e = parse(args(&["DescribeRegions", "--RegionId", "--pager"])).unwrap_err();
        assert!(e.0.contains("--RegionId needs a value"), "{}", e.0);
    }

    #[test]
    fn help_after_an_operation_is_the_operations_help() {
        let inv = parse(args(&["DescribeRegions", "--help"])).unwrap();
        assert_eq!(
            inv.command,
            Command::OperationHelp("DescribeRegions".to_owned())
        );
        assert_eq!(parse(args(&[])).unwrap().command, Command::Help);
        assert_eq!(parse(args(&["list"])).unwrap().command, Command::List);
    }

    #[test]
    fn unknown_output_format_is_refused() {
        assert!(parse(args(&["X", "--output", "yaml"])).is_err());
    }
}
