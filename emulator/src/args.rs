//! The binary's command line, parsed by hand (a parser crate would cost more
//! compile time than these few flags are worth).

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::{
    default_max_connections, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_INSTANCES, DEFAULT_MAX_REMEMBERED_NONCES, DEFAULT_PAGE_SIZE,
    DEFAULT_RESOURCE_GROUP_ID, DEFAULT_TRANSITION,
};

/// The environment variable the secret may come from instead of the command
/// line, where any user of the machine can read it with `ps`.
pub const SECRET_ENV: &str = "ECS_EMULATOR_ACCESS_KEY_SECRET";

pub const USAGE: &str = "\
Usage: ecs-emulator --access-key-id ID [--access-key-secret SECRET] [options]

A local Alibaba Cloud ECS service (ListTagResources, TagResources,
UntagResources, DescribeRegions, DescribeInstances) that checks V1 and V3
signatures like the real one.
Prints {\"endpoint\":\"http://HOST:PORT\"} on its first line of output, then
serves until SIGINT or SIGTERM.

Options:
  --access-key-id ID             the AccessKey ID requests must be signed with
  --access-key-secret SECRET     its secret; better set ECS_EMULATOR_ACCESS_KEY_SECRET
                                 instead, since `ps` shows the command line to every
                                 user (the flag wins when both are given)
  --port N                       port to listen on; 0 picks a free one (default 0)
  --bind ADDRESS                 address to listen on (default 127.0.0.1)
  --seed FILE                    JSON file of resources to start with:
                                 {\"resources\":[{\"RegionId\":..., \"ResourceType\":...,
                                 \"ResourceId\":..., \"ResourceGroupId\":..., \"Tags\":{...},
                                 \"Instance\":{\"InstanceName\":..., \"Status\":..., ...}}]}
                                 (Instance: DescribeInstances fields, for instances)
  --page-size N                  ListTagResources rows per page (default 50)
  --default-resource-group ID    the account's default resource group (default rg-default)
  --header-read-timeout SECS     longest a client may take to send a request's
                                 headers, and again its body (default 10)
  --idle-timeout SECS            close a connection after this long with nothing
                                 read or written (default 10)
  --max-connections N            connections served at once; more are answered
                                 ServiceUnavailable and closed (default 512, or
                                 less below the open-file limit)
  --max-remembered-nonces N      replay-cache size; when full, requests are answered
                                 ServiceUnavailable until nonces expire
                                 (default 250000)
  --transition-ms N              how long each step of an instance's life (Pending,
                                 Starting, Stopping) takes; 0 makes state changes
                                 immediate (default 300)
  --max-instances N              most instances held; RunInstances past it is refused
                                 (default 10000)
  --log                          one line per request on stderr
  -h, --help                     show this help
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(RunArgs),
    Help,
}

#[derive(Clone, PartialEq, Eq)]
pub struct RunArgs {
    pub access_key_id: String,
    pub access_key_secret: String,
    pub port: u16,
    pub bind: Option<IpAddr>,
    pub seed: Option<PathBuf>,
    pub page_size: usize,
    pub default_resource_group_id: String,
    pub log_requests: bool,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_remembered_nonces: usize,
    pub transition: Duration,
    pub max_instances: usize,
}

impl std::fmt::Debug for RunArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunArgs")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field("port", &self.port)
            .field("bind", &self.bind)
            .field("seed", &self.seed)
            .field("page_size", &self.page_size)
            .field("default_resource_group_id", &self.default_resource_group_id)
            .field("log_requests", &self.log_requests)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .field("max_remembered_nonces", &self.max_remembered_nonces)
            .field("transition", &self.transition)
            .field("max_instances", &self.max_instances)
            .finish()
    }
}

/// Parses the arguments after the program name, with the secret from
/// [`SECRET_ENV`] when the command line has none.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    parse_with_secret_env(args, std::env::var_os(SECRET_ENV))
}

/// [`parse`], with the environment's secret given (tests pass their own).
/// Flags take their value as the next argument or after `=` (`--port=0`).
pub fn parse_with_secret_env(
    args: impl IntoIterator<Item = OsString>,
    secret_env: Option<OsString>,
) -> Result<Command, String> {
    let mut access_key_id = None;
    let mut access_key_secret = None;
    let mut port = 0u16;
    let mut bind = None;
    let mut seed = None;
    let mut page_size = DEFAULT_PAGE_SIZE;
    let mut default_resource_group_id = DEFAULT_RESOURCE_GROUP_ID.to_owned();
    let mut log_requests = false;
    let mut header_read_timeout = DEFAULT_HEADER_READ_TIMEOUT;
    let mut idle_timeout = DEFAULT_IDLE_TIMEOUT;
    let mut max_connections = default_max_connections();
    let mut max_remembered_nonces = DEFAULT_MAX_REMEMBERED_NONCES;
    let mut transition = DEFAULT_TRANSITION;
    let mut max_instances = DEFAULT_MAX_INSTANCES;

    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))?;
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(value) => Ok(value),
                None => args
                    .next()
                    .and_then(|value| value.into_string().ok())
                    .ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--access-key-id" => access_key_id = Some(value(&flag)?),
            "--access-key-secret" => access_key_secret = Some(value(&flag)?),
            "--port" => {
                let text = value(&flag)?;
                port = text.parse().map_err(|_| {
                    format!("--port must be a number from 0 to 65535, not {text:?}")
                })?;
            }
            "--bind" => {
                let text = value(&flag)?;
                bind = Some(
                    text.parse()
                        .map_err(|_| format!("--bind must be an IP address, not {text:?}"))?,
                );
            }
            "--seed" => seed = Some(PathBuf::from(value(&flag)?)),
            "--page-size" => {
                let text = value(&flag)?;
                page_size = match text.parse::<usize>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(format!(
                            "--page-size must be a whole number of at least 1, not {text:?}"
                        ))
                    }
                };
            }
            "--default-resource-group" => {
                default_resource_group_id = value(&flag)?;
                if default_resource_group_id.is_empty() {
                    return Err("--default-resource-group must not be empty".to_owned());
                }
            }
            "--header-read-timeout" => header_read_timeout = seconds(&flag, &value(&flag)?)?,
            "--idle-timeout" => idle_timeout = seconds(&flag, &value(&flag)?)?,
            "--max-connections" => max_connections = at_least_one(&flag, &value(&flag)?)?,
            "--max-remembered-nonces" => {
                max_remembered_nonces = at_least_one(&flag, &value(&flag)?)?;
            }
            "--transition-ms" => {
                let text = value(&flag)?;
                // At most a day: a longer step is a typo, and the deadline
                // arithmetic stays far from overflowing.
                transition = match text.parse::<u64>() {
                    Ok(ms) if ms <= 86_400_000 => Duration::from_millis(ms),
                    _ => {
                        return Err(format!(
                            "--transition-ms must be a whole number of milliseconds up to 86400000, not {text:?}"
                        ))
                    }
                };
            }
            "--max-instances" => {
                max_instances = at_least_one(&flag, &value(&flag)?)?;
            }
            "--log" => log_requests = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let access_key_id = access_key_id.ok_or("--access-key-id is required")?;
    let access_key_secret = match (access_key_secret, secret_env) {
        (Some(secret), _) => secret,
        (None, Some(secret)) => secret
            .into_string()
            .map_err(|_| format!("{SECRET_ENV} is not valid UTF-8"))?,
        (None, None) => {
            return Err(format!(
                "the secret is required: set {SECRET_ENV} (or pass --access-key-secret)"
            ))
        }
    };
    if access_key_id.is_empty() || access_key_secret.is_empty() {
        return Err(format!(
            "--access-key-id and the secret (--access-key-secret or {SECRET_ENV}) must not be empty"
        ));
    }
    Ok(Command::Run(RunArgs {
        access_key_id,
        access_key_secret,
        port,
        bind,
        seed,
        page_size,
        default_resource_group_id,
        log_requests,
        header_read_timeout,
        idle_timeout,
        max_connections,
        max_remembered_nonces,
        transition,
        max_instances,
    }))
}

/// A whole number of seconds, at least 1.
fn seconds(flag: &str, text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(Duration::from_secs(n)),
        _ => Err(format!(
            "{flag} must be a whole number of seconds, at least 1, not {text:?}"
        )),
    }
}

fn at_least_one(flag: &str, text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{flag} must be a whole number of at least 1, not {text:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, String> {
        parse_with_secret_env(args.iter().map(OsString::from), None)
    }

    fn run_with_env(args: &[&str], secret: &str) -> Result<Command, String> {
        parse_with_secret_env(args.iter().map(OsString::from), Some(secret.into()))
    }

    #[test]
    fn the_secret_may_come_from_the_environment_instead_of_the_command_line() {
        let Command::Run(args) = run_with_env(&["--access-key-id", "ID"], "from-env").unwrap()
        else {
            panic!("not a run command");
        };
        assert_eq!(args.access_key_secret, "from-env");
        // The flag wins over the environment.
        let Command::Run(args) = run_with_env(
            &["--access-key-id", "ID", "--access-key-secret", "flag"],
            "from-env",
        )
        .unwrap() else {
            panic!("not a run command");
        };
        assert_eq!(args.access_key_secret, "flag");
        let missing = run(&["--access-key-id", "ID"]).unwrap_err();
        assert!(missing.contains(SECRET_ENV), "{missing}");
        assert!(run_with_env(&["--access-key-id", "ID"], "").is_err());
        assert!(USAGE.contains(SECRET_ENV));
    }

    #[test]
    fn connection_limits_are_flags_with_safe_defaults() {
        let Command::Run(args) = run_with_env(
            &[
                "--access-key-id=ID",
                "--header-read-timeout=3",
                "--idle-timeout",
                "4",
                "--max-connections=20",
                "--max-remembered-nonces=1000",
            ],
            "S",
        )
        .unwrap() else {
            panic!("not a run command");
        };
        assert_eq!(args.header_read_timeout, Duration::from_secs(3));
        assert_eq!(args.idle_timeout, Duration::from_secs(4));
        assert_eq!(
            (args.max_connections, args.max_remembered_nonces),
            (20, 1000)
        );
        let Command::Run(defaults) = run_with_env(&["--access-key-id=ID"], "S").unwrap() else {
            panic!("not a run command");
        };
        assert!(defaults.header_read_timeout <= Duration::from_secs(10));
        assert!(defaults.idle_timeout <= Duration::from_secs(10));
        assert!((1..=512).contains(&defaults.max_connections));
        for bad in [
            "--idle-timeout=0",
            "--max-connections=0",
            "--header-read-timeout=x",
        ] {
            assert!(
                run_with_env(&["--access-key-id=ID", bad], "S").is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_documented_command_line_parses() {
        let Command::Run(args) = run(&[
            "--port",
            "0",
            "--access-key-id",
            "ID",
            "--access-key-secret",
            "SECRET",
            "--seed",
            "seed.json",
            "--page-size",
            "50",
            "--bind",
            "127.0.0.1",
        ])
        .unwrap() else {
            panic!("not a run command");
        };
        assert_eq!(args.port, 0);
        assert_eq!(args.access_key_id, "ID");
        assert_eq!(args.seed, Some(PathBuf::from("seed.json")));
        assert_eq!(args.page_size, 50);
        assert_eq!(args.bind, Some("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn values_may_follow_an_equals_sign() {
        let Command::Run(args) = run(&[
            "--access-key-id=ID",
            "--access-key-secret=a=b",
            "--port=8080",
        ])
        .unwrap() else {
            panic!("not a run command");
        };
        assert_eq!(args.access_key_secret, "a=b");
        assert_eq!(args.port, 8080);
    }

    #[test]
    fn mistakes_are_explained() {
        let keys = ["--access-key-id", "ID", "--access-key-secret", "S"];
        let with = |extra: &[&str]| {
            let mut all = keys.to_vec();
            all.extend_from_slice(extra);
            run(&all).unwrap_err()
        };
        assert!(with(&["--port", "99999"]).contains("--port"));
        assert!(with(&["--page-size", "0"]).contains("--page-size"));
        assert!(with(&["--bind", "localhost"]).contains("IP address"));
        assert!(with(&["--colour"]).contains("--colour"));
        assert!(with(&["--seed"]).contains("needs a value"));
        assert!(run(&["--access-key-id", "ID"])
            .unwrap_err()
            .contains("--access-key-secret"));
        assert!(run(&["--access-key-secret", "S"])
            .unwrap_err()
            .contains("--access-key-id"));
        assert_eq!(run(&["--help"]), Ok(Command::Help));
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        let command = run(&["--access-key-id", "ID", "--access-key-secret", "hush-hush"]).unwrap();
        assert!(!format!("{command:?}").contains("hush-hush"));
    }
}
