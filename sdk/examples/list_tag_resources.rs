//! Lists tagged ECS resources, following every page.
//!
//! ```text
//! cargo run -p alibabacloud-ecs --example list_tag_resources -- [flags]
//!   --region R                              region (default cn-hangzhou)
//!   --resource-type T                       resource type (default instance)
//!   --resource-id ID                        repeatable
//!   --tag KEY[=VALUE]                       exact match, repeatable
//!   --tag-filter KEY[=PATTERN[,PATTERN..]]  fuzzy match (env*, *env*, env), repeatable
//!   --endpoint URL                          e.g. http://127.0.0.1:8080
//!   --signature-version v3|v1               default v3
//!   --output table|json                     default table
//! ```
//!
//! Credentials come from the default provider chain of
//! `alibabacloud-credentials` (environment, OIDC, aliyun CLI profile, INI
//! file, ECS RAM role, credentials URI). With none found and no
//! `--endpoint`, the example starts the local ECS emulator in-process, seeds
//! demo resources and runs the tagging workflow against it: tag, list exactly and fuzzily, page, untag.
//!
//! Exit codes: 0 on success, 2 when a parameter breaks a documented limit
//! (nothing is sent), 1 on any other error (service errors show the code,
//! message and RequestId).
//!
//! Text that came from the server (IDs, tags, error codes and messages) is
//! printed with its control characters escaped (`\u{1b}`), so that a
//! response cannot move the cursor, recolour or ring the terminal.
//!
//! `RUST_LOG` filters the SDK's `tracing` output on stderr as usual
//! (`RUST_LOG=alibabacloud_ecs=debug` shows every attempt and retry).

use alibabacloud_credentials::DefaultChain;
use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesError, ListTagResourcesFluentBuilder, TagFilter, TagResource,
};
use alibabacloud_ecs::runtime::error::escape_controls;
use alibabacloud_ecs::{Client, Config, ProvideCredentials, SdkError, SignatureVersion};
use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};
use futures_util::TryStreamExt as _;
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str =
    "usage: list_tag_resources [--region R] [--resource-type T] [--resource-id ID]... \
[--tag KEY[=VALUE]]... [--tag-filter KEY[=PATTERN[,PATTERN...]]]... [--endpoint URL] \
[--signature-version v3|v1] [--output table|json]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Table,
    Json,
}

#[derive(Debug, Clone)]
struct Args {
    region: String,
    resource_type: String,
    resource_ids: Vec<String>,
    tags: Vec<(String, Option<String>)>,
    tag_filters: Vec<(String, Vec<String>)>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    output: Output,
}

impl Args {
    fn has_filter(&self) -> bool {
        !self.resource_ids.is_empty() || !self.tags.is_empty() || !self.tag_filters.is_empty()
    }
}

fn parse_args(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        region: "cn-hangzhou".to_owned(),
        resource_type: "instance".to_owned(),
        resource_ids: Vec::new(),
        tags: Vec::new(),
        tag_filters: Vec::new(),
        endpoint: None,
        signature_version: SignatureVersion::V3,
        output: Output::Table,
    };
    while let Some(flag) = raw.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = raw.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--region" => args.region = value,
            "--resource-type" => args.resource_type = value,
            "--resource-id" => args.resource_ids.push(value),
            "--tag" => args.tags.push(match value.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (value, None),
            }),
            "--tag-filter" => args.tag_filters.push(match value.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.split(',').map(str::to_owned).collect()),
                None => (value, Vec::new()),
            }),
            "--endpoint" => args.endpoint = Some(value),
            "--signature-version" => {
                args.signature_version = match value.as_str() {
                    "v3" => SignatureVersion::V3,
                    "v1" => SignatureVersion::V1,
                    other => return Err(format!("--signature-version {other:?}: use v3 or v1")),
                }
            }
            "--output" => {
                args.output = match value.as_str() {
                    "table" => Output::Table,
                    "json" => Output::Json,
                    other => return Err(format!("--output {other:?}: use table or json")),
                }
            }
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    Ok(args)
}

/// The request the flags describe.
fn query(client: &Client, args: &Args) -> ListTagResourcesFluentBuilder {
    let mut q = client
        .list_tag_resources()
        .region_id(&args.region)
        .resource_type(args.resource_type.as_str());
    for id in &args.resource_ids {
        q = q.resource_id(id);
    }
    for (key, value) in &args.tags {
        q = match value {
            Some(v) => q.tag(key, v),
            None => q.tag_item(alibabacloud_ecs::operation::list_tag_resources::Tag::key_only(key)),
        };
    }
    for (key, patterns) in &args.tag_filters {
        let filter = patterns
            .iter()
            .fold(TagFilter::default().tag_key(key), |f, p| f.tag_values(p));
        q = q.tag_filter(filter);
    }
    q
}

/// Every row of every page.
async fn list_all(
    q: ListTagResourcesFluentBuilder,
) -> Result<Vec<TagResource>, SdkError<ListTagResourcesError>> {
    q.into_paginator().items().try_collect().await
}

fn print_rows(rows: &[TagResource], output: Output) {
    match output {
        Output::Json => println!("{}", render_json(rows)),
        Output::Table => print!("{}", render_table(rows)),
    }
}

/// The rows as pretty JSON. serde_json escapes the C0 controls in strings
/// but passes DEL and the C1 controls (U+0080..U+009F; U+009B starts an
/// escape sequence on some terminals) through: those are escaped too, in
/// JSON's own `\u00XX` form, so the output stays valid JSON.
fn render_json(rows: &[TagResource]) -> String {
    // Serializing plain structs of strings cannot fail; an empty list is
    // still valid JSON if it ever did.
    let json = serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".to_owned());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        // Raw C0 characters left in the text are the pretty-printer's own
        // line breaks; those in strings are already escaped.
        if c.is_control() && u32::from(c) >= 0x7f {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The rows as an aligned table. Cells are escaped first (see
/// [`escape_controls`]) and padded by hand: `format!`'s width argument
/// panics at 65,536 and more, and a server may send a value that long.
fn render_table(rows: &[TagResource]) -> String {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.resource_id.as_deref().unwrap_or_default(),
                r.resource_type.as_ref().map_or("", |t| t.as_str()),
                r.tag_key.as_deref().unwrap_or_default(),
                r.tag_value.as_deref().unwrap_or_default(),
            ]
            .map(escape_controls)
        })
        .collect();
    let header = ["ResourceId", "ResourceType", "TagKey", "TagValue"].map(str::to_owned);
    let mut widths = header.each_ref().map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String; 4]| {
        let mut text = String::from(" ");
        for (cell, width) in row.iter().zip(widths) {
            text.push(' ');
            text.push_str(cell);
            let pad = width.saturating_sub(cell.chars().count());
            text.extend(std::iter::repeat_n(' ', pad + 1));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    line(&widths.map(|w| "-".repeat(w)));
    for row in &cells {
        line(row);
    }
    out.push_str(&format!("  ({} rows)\n", rows.len()));
    out
}

/// Prints a failed call the way the exit codes promise, and returns the code.
fn report(context: &str, error: &SdkError<ListTagResourcesError>) -> ExitCode {
    match error {
        SdkError::Validation(e) => {
            eprintln!("{context}: invalid request, nothing was sent: {e}");
            ExitCode::from(2)
        }
        SdkError::Service(e) => {
            let s = e.service_error();
            eprintln!(
                "{context}: service error {}: {} (RequestId: {})",
                escape_controls(&s.code),
                escape_controls(&s.message),
                escape_controls(s.request_id.as_deref().unwrap_or("-"))
            );
            ExitCode::from(1)
        }
        other => {
            eprintln!("{context}: {other}");
            ExitCode::from(1)
        }
    }
}

/// Sends the SDK's `tracing` events to stderr, filtered by `RUST_LOG` as
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

#[tokio::main]
async fn main() -> ExitCode {
    init_logging();
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("error: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };

    // The full chain (alibabacloud-credentials): environment, OIDC, CLI
    // profile, INI file, ECS RAM role, credentials URI; STS and the metadata
    // service where ALIBABA_CLOUD_STS_ENDPOINT and
    // ALIBABA_CLOUD_ECS_METADATA_ENDPOINT say. Kept and shared with the
    // client, so temporary keys are refreshed rather than looked up again.
    let chain = Arc::new(DefaultChain::new());
    let credentials = chain.provide_credentials().await;
    if credentials.is_err() && args.endpoint.is_none() {
        return run_demo_on_emulator(&args).await;
    }
    let mut config = Config::builder()
        .credentials_provider(chain)
        .region_id(&args.region)
        .signature_version(args.signature_version);
    if let Some(endpoint) = &args.endpoint {
        config = config.endpoint(endpoint);
    }
    let client = match config.build() {
        Ok(config) => Client::new(config),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match list_all(query(&client, &args)).await {
        Ok(rows) => {
            print_rows(&rows, args.output);
            ExitCode::SUCCESS
        }
        Err(e) => report("ListTagResources", &e),
    }
}

const DEMO_KEY_ID: &str = "demo-access-key-id";
const DEMO_KEY_SECRET: &str = "demo-access-key-secret";

/// Resources spread over three environments and a few teams, enough for
/// several pages of 50 rows.
fn demo_resources(region: &str) -> Vec<SeedResource> {
    let envs = ["prod", "staging", "dev"];
    let teams = ["db", "dbops", "web", "ml"];
    let mut seed: Vec<SeedResource> = (1..=120)
        .map(|i| {
            SeedResource::new(region, "instance", format!("i-demo{i:03}"))
                .tag("env", envs[i % envs.len()])
                .tag("team", teams[i % teams.len()])
                .tag("cost-center", format!("cc-{}", 100 + i % 5))
        })
        .collect();
    seed.extend((1..=10).map(|i| {
        SeedResource::new(region, "disk", format!("d-demo{i:03}")).tag("env", envs[i % envs.len()])
    }));
    seed
}

async fn run_demo_on_emulator(args: &Args) -> ExitCode {
    let mut config = EmulatorConfig::new(DEMO_KEY_ID, DEMO_KEY_SECRET);
    config.seed = demo_resources(&args.region);
    let emulator = match Emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: the local emulator did not start: {e}");
            return ExitCode::from(1);
        }
    };
    println!(
        "Running against the local ECS emulator at {} (no cloud credentials found; set \
         ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET to use Alibaba Cloud).",
        emulator.endpoint()
    );
    let client = Client::new(
        Config::builder()
            .region_id(&args.region)
            .endpoint(emulator.endpoint())
            .credentials(alibabacloud_ecs::Credentials::new(
                DEMO_KEY_ID,
                DEMO_KEY_SECRET,
            ))
            .signature_version(args.signature_version)
            .build()
            .expect("the emulator's endpoint is a valid URL"),
    );
    let code = match demo(&client, args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    };
    emulator.shutdown().await;
    code
}

async fn demo(client: &Client, args: &Args) -> Result<(), ExitCode> {
    let region = args.region.as_str();
    let output = args.output;

    println!("\n1. TagResources: tag i-demo001..i-demo003 with owner=alice");
    client
        .tag_resources()
        .region_id(region)
        .resource_type("instance")
        .set_resource_id(vec![
            "i-demo001".into(),
            "i-demo002".into(),
            "i-demo003".into(),
        ])
        .tag("owner", "alice")
        .send()
        .await
        .map_err(|e| {
            eprintln!("TagResources: {e}");
            ExitCode::from(1)
        })?;

    println!("\n2. ListTagResources, exact match Tag owner=alice:");
    let q = client
        .list_tag_resources()
        .region_id(region)
        .resource_type("instance")
        .tag("owner", "alice");
    print_rows(&list_all(q).await.map_err(|e| report("list", &e))?, output);

    println!("\n3. ListTagResources, fuzzy match TagFilter team=db* and env=prod:");
    let q = client
        .list_tag_resources()
        .region_id(region)
        .resource_type("instance")
        .tag_filter(TagFilter::default().tag_key("team").tag_values("db*"))
        .tag_filter(TagFilter::default().tag_key("env").tag_values("prod"));
    print_rows(&list_all(q).await.map_err(|e| report("list", &e))?, output);

    println!("\n4. ListTagResources by tag key env (any value), page by page:");
    let pages: Vec<_> = client
        .list_tag_resources()
        .region_id(region)
        .resource_type("instance")
        .tag_item(alibabacloud_ecs::operation::list_tag_resources::Tag::key_only("env"))
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .map_err(|e| report("list", &e))?;
    for (n, page) in pages.iter().enumerate() {
        let rows = page
            .tag_resources
            .as_ref()
            .map_or(0, |t| t.tag_resource.len());
        let more = if page.next_token.as_deref().is_some_and(|t| !t.is_empty()) {
            "NextToken set"
        } else {
            "last page"
        };
        println!("  page {}: {rows} rows ({more})", n + 1);
    }

    println!("\n5. UntagResources: remove owner from i-demo001, then list owner=alice again:");
    client
        .untag_resources()
        .region_id(region)
        .resource_type("instance")
        .resource_id("i-demo001")
        .tag_key("owner")
        .send()
        .await
        .map_err(|e| {
            eprintln!("UntagResources: {e}");
            ExitCode::from(1)
        })?;
    let q = client
        .list_tag_resources()
        .region_id(region)
        .resource_type("instance")
        .tag("owner", "alice");
    print_rows(&list_all(q).await.map_err(|e| report("list", &e))?, output);

    println!("\n6. A request past a documented limit is refused before sending:");
    let too_many: Vec<String> = (1..=51).map(|i| format!("i-{i}")).collect();
    let refused = client
        .list_tag_resources()
        .region_id(region)
        .resource_type("instance")
        .set_resource_id(too_many)
        .send()
        .await;
    match refused {
        Err(SdkError::Validation(e)) => println!("  {e}"),
        other => println!("  unexpected: {other:?}"),
    }

    if args.has_filter() {
        println!("\n7. Your query:");
        let rows = list_all(query(client, args))
            .await
            .map_err(|e| report("ListTagResources", &e))?;
        print_rows(&rows, output);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alibabacloud_ecs::operation::list_tag_resources::ResourceType;

    fn row(id: &str, key: &str, value: &str) -> TagResource {
        // Outputs are non-exhaustive: built as a response would be read.
        let mut row = TagResource::default();
        row.resource_id = Some(id.to_owned());
        row.resource_type = Some(ResourceType::Instance);
        row.tag_key = Some(key.to_owned());
        row.tag_value = Some(value.to_owned());
        row
    }

    #[test]
    fn a_tag_value_of_65536_characters_and_more_is_printed_whole() {
        let long = "v".repeat(70_000);
        let table = render_table(&[row("i-1", "k", &long), row("i-2", "k", "short")]);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("  ResourceId"), "{}", lines[0]);
        assert!(lines[2].ends_with(&long));
        // Columns stay aligned: the short value starts where the long one does.
        assert_eq!(lines[2].find('v'), lines[3].find("short"));
        assert_eq!(lines.last(), Some(&"  (2 rows)"));
    }

    #[test]
    fn control_characters_from_the_server_do_not_reach_the_terminal() {
        let hostile = "red\u{1b}[31m bell\u{7} csi\u{9b}2J del\u{7f} nl\nend";
        let table = render_table(&[row(hostile, hostile, hostile)]);
        let json = render_json(&[row(hostile, hostile, hostile)]);
        for out in [&table, &json] {
            assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        }
        assert!(
            table.contains("red\\u{1b}[31m bell\\u{7} csi\\u{9b}2J"),
            "{table}"
        );
        assert_eq!(
            table.lines().count(),
            4,
            "a newline in a value is escaped too"
        );
        // The JSON stays JSON, with the same values.
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed[0]["TagValue"], hostile);
    }
}
