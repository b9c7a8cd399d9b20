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
//! Credentials come from the provider chain (environment, then the aliyun CLI
//! profile). With none found and no `--endpoint`, the example starts the
//! local ECS emulator in-process, seeds demo resources and runs the tagging
//! workflow against it: tag, list exactly and fuzzily, page, untag.
//!
//! Exit codes: 0 on success, 2 when a parameter breaks a documented limit
//! (nothing is sent), 1 on any other error (service errors show the code,
//! message and RequestId).

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesError, ListTagResourcesFluentBuilder, TagFilter, TagResource,
};
use alibabacloud_ecs::{
    Client, Config, DefaultCredentialsChain, ProvideCredentials, SdkError, SignatureVersion,
};
use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};
use futures_util::TryStreamExt as _;
use std::process::ExitCode;

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
        Output::Json => {
            let json = serde_json::to_string_pretty(rows).expect("rows serialize");
            println!("{json}");
        }
        Output::Table => print_table(rows),
    }
}

fn print_table(rows: &[TagResource]) {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.resource_id.clone().unwrap_or_default(),
                r.resource_type
                    .as_ref()
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_default(),
                r.tag_key.clone().unwrap_or_default(),
                r.tag_value.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["ResourceId", "ResourceType", "TagKey", "TagValue"];
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: [&str; 4]| {
        let padded: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("  {}", padded.join("  ").trim_end());
    };
    line(header);
    line(widths.map(|w| "-".repeat(w)).each_ref().map(String::as_str));
    for row in &cells {
        line(row.each_ref().map(String::as_str));
    }
    println!("  ({} rows)", rows.len());
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
                s.code,
                s.message,
                s.request_id.as_deref().unwrap_or("-")
            );
            ExitCode::from(1)
        }
        other => {
            eprintln!("{context}: {other}");
            ExitCode::from(1)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
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

    let credentials = DefaultCredentialsChain::new().provide_credentials().await;
    if credentials.is_err() && args.endpoint.is_none() {
        return run_demo_on_emulator(&args).await;
    }
    let mut config = Config::builder()
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
