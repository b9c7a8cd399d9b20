//! Running the `ecs` binary as a user would, against servers on 127.0.0.1.

#![allow(dead_code)]

use alibabacloud_ecs::runtime::{ParamInfo, ParamKind};
use ecs_integration_tests::mock::{AccessKey, MockEcs, Reply};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

pub const KEY_ID: &str = "cli-test-key";
pub const KEY_SECRET: &str = "cli-test-secret";

/// What one run of `ecs` printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// An empty home directory, so that no aliyun CLI profile of the machine
/// running the tests is read.
fn empty_home() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecs-cli-test-home-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary home");
    dir
}

/// `ecs args...` with the given credentials (none when `None`) and nothing
/// else from the environment that could change its behaviour.
pub fn ecs_with(args: &[String], credentials: Option<(&str, &str)>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecs"));
    cmd.args(args)
        .env_clear()
        .env("HOME", empty_home())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    if let Some((id, secret)) = credentials {
        cmd.env("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
    }
    cmd.output().expect("run ecs").into()
}

pub fn ecs(args: &[String]) -> Run {
    ecs_with(args, Some((KEY_ID, KEY_SECRET)))
}

pub fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

/// Runs `ecs` off the async runtime, so the server in the test keeps serving.
pub async fn ecs_async(args: Vec<String>) -> Run {
    tokio::task::spawn_blocking(move || ecs(&args))
        .await
        .expect("ecs ran")
}

pub async fn mock(replies: Vec<Reply>) -> MockEcs {
    MockEcs::start(
        vec![AccessKey {
            id: KEY_ID.to_owned(),
            secret: KEY_SECRET.to_owned(),
            security_token: None,
        }],
        replies,
    )
    .await
}

/// A value within every limit the spec states, distinct per parameter.
struct Filler {
    counter: u32,
}

impl Filler {
    fn text(&mut self, p: &ParamInfo) -> String {
        self.counter += 1;
        let lo = p
            .checked
            .min_length
            .max(p.documented.min_length)
            .unwrap_or(0);
        let hi = match (p.checked.max_length, p.documented.max_length) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(64),
        };
        let mut s = format!("v{}", self.counter);
        while (s.len() as u64) < lo {
            s.push('x');
        }
        s.truncate(hi.max(1) as usize);
        s
    }

    fn number(p: &ParamInfo) -> i64 {
        let lo = p.checked.minimum.max(p.documented.minimum);
        let hi = match (p.checked.maximum, p.documented.maximum) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let v = lo.map_or(2, |lo| lo.max(2));
        match hi {
            Some(hi) if v > hi => lo.unwrap_or(hi),
            _ => v,
        }
    }

    fn items(p: &ParamInfo) -> usize {
        let max = match (p.checked.max_items, p.documented.max_items) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(2),
        };
        max.clamp(1, 2) as usize
    }

    /// The value as JSON, for JSON-style parameters.
    fn json(&mut self, p: &ParamInfo) -> Value {
        match &p.kind {
            ParamKind::String => Value::from(self.text(p)),
            ParamKind::Enum(values) => Value::from(values[0]),
            ParamKind::Integer | ParamKind::Long => Value::from(Self::number(p)),
            ParamKind::Float => json!(Self::number(p) as f64 + 0.5),
            ParamKind::Boolean => Value::Bool(true),
            ParamKind::List(item) => {
                Value::Array((0..Self::items(p)).map(|_| self.json(item)).collect())
            }
            ParamKind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| (m.wire.to_owned(), self.json(m)))
                    .collect(),
            ),
        }
    }

    fn wire(&mut self, p: &ParamInfo, key: String, out: &mut Vec<(String, String)>) {
        if p.json {
            let v = self.json(p);
            out.push((key, v.to_string()));
            return;
        }
        match &p.kind {
            ParamKind::List(item) => {
                for n in 1..=Self::items(p) {
                    self.wire(item, format!("{key}.{n}"), out);
                }
            }
            ParamKind::Object(members) => {
                for m in members.iter() {
                    self.wire(m, format!("{key}.{}", m.wire), out);
                }
            }
            ParamKind::Enum(values) => out.push((key, values[0].to_owned())),
            ParamKind::Boolean => out.push((key, "true".to_owned())),
            ParamKind::Integer | ParamKind::Long => out.push((key, Self::number(p).to_string())),
            ParamKind::Float => out.push((key, format!("{}.5", Self::number(p)))),
            ParamKind::String => {
                let t = self.text(p);
                out.push((key, t))
            }
        }
    }
}

/// Every parameter of an operation set, as wire parameters.
pub fn filled_request(params: &[ParamInfo]) -> Vec<(String, String)> {
    let mut filler = Filler { counter: 0 };
    let mut out = Vec::new();
    for p in params {
        filler.wire(p, p.wire.to_owned(), &mut out);
    }
    out
}

/// The operation's spec file.
pub fn spec(operation: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/ecs/operations")
        .join(format!("{operation}.json"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("spec files are JSON")
}

/// A response with every field of the spec's `response.members` set, each
/// list with two items, each value distinct where it is text.
pub fn full_response(spec: &Value) -> Value {
    fn value(m: &Value, path: &str) -> Value {
        match m["type"].as_str().unwrap_or("string") {
            "integer" => json!(7),
            // Beyond 32 bits, to show it is read as a 64-bit number.
            "long" => json!(1_234_567_890_123_i64),
            "float" => json!(1.5),
            "boolean" => json!(true),
            "object" => object(m["members"].as_array().map_or(&[][..], |v| v), path),
            "list" => {
                let item = &m["items"];
                json!([
                    value(item, &format!("{path}.1")),
                    value(item, &format!("{path}.2"))
                ])
            }
            _ => Value::from(format!("s:{path}")),
        }
    }
    fn object(members: &[Value], path: &str) -> Value {
        Value::Object(
            members
                .iter()
                .map(|m| {
                    let name = m["name"].as_str().unwrap_or_default().to_owned();
                    let v = value(m, &format!("{path}.{name}"));
                    (name, v)
                })
                .collect(),
        )
    }
    object(
        spec["response"]["members"]
            .as_array()
            .map_or(&[][..], |v| v),
        "",
    )
}

/// The paths where two JSON values differ, for a readable failure.
pub fn differences(expected: &Value, found: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, found) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => differences(v, w, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{k}: not served but printed"));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                differences(v, w, &format!("{path}[{i}]"), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: served {a}, printed {b}")),
    }
}
