//! The workflow most ECS scripts run: create instances, wait until they
//! run, find them by tag, stop them, wait, delete them, wait. Each step is
//! printed with the time it took.
//!
//! ```text
//! cargo run -p alibabacloud-ecs --example provision -- [--region R] [--image-id ID] [--instance-type T]
//! ```
//!
//! With credentials from the provider chain it runs against Alibaba Cloud,
//! where it creates (and then deletes) three pay-as-you-go instances; the
//! image, type, zone, vSwitch and security group must then exist in your
//! account (`--image-id`, `--instance-type`, `--zone-id`, `--vswitch-id`,
//! `--security-group-id`). Without credentials it starts the local ECS
//! emulator in-process, where any well-formed values do.
//!
//! Exit code 1 on any failure, with the service's code, message and
//! RequestId, or the waiter's last state seen.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use alibabacloud_ecs::operation::list_tag_resources::ResourceType;
use alibabacloud_ecs::runtime::error::escape_controls;
use alibabacloud_ecs::{Client, Config, DefaultCredentialsChain, ProvideCredentials};
use ecs_emulator::{Emulator, EmulatorConfig};
use futures_util::TryStreamExt as _;

const DEMO_KEY_ID: &str = "demo-access-key-id";
const DEMO_KEY_SECRET: &str = "demo-access-key-secret";

/// How long each wait may take: instances usually start in under a minute.
const WAIT: Duration = Duration::from_secs(300);

#[derive(Debug, Clone)]
struct Args {
    region: String,
    image_id: String,
    instance_type: String,
    zone_id: String,
    vswitch_id: String,
    security_group_id: String,
}

fn parse_args(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        region: "cn-hangzhou".to_owned(),
        image_id: "ubuntu_22_04_x64_20G_alibase_20240101.vhd".to_owned(),
        instance_type: "ecs.g7.large".to_owned(),
        zone_id: "cn-hangzhou-i".to_owned(),
        vswitch_id: "vsw-demo".to_owned(),
        security_group_id: "sg-demo".to_owned(),
    };
    while let Some(flag) = raw.next() {
        let slot = match flag.as_str() {
            "--region" => &mut args.region,
            "--image-id" => &mut args.image_id,
            "--instance-type" => &mut args.instance_type,
            "--zone-id" => &mut args.zone_id,
            "--vswitch-id" => &mut args.vswitch_id,
            "--security-group-id" => &mut args.security_group_id,
            other => return Err(format!("unknown argument {other:?}")),
        };
        *slot = raw.next().ok_or(format!("{flag} needs a value"))?;
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::from(2);
        }
    };
    let credentials = DefaultCredentialsChain::new().provide_credentials().await;
    if credentials.is_ok() {
        let config = Config::builder().region_id(&args.region).build();
        return match config {
            Ok(config) => finish(provision(&Client::new(config), &args).await),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }

    let emulator = match Emulator::start(EmulatorConfig::new(DEMO_KEY_ID, DEMO_KEY_SECRET)).await {
        Ok(emulator) => emulator,
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
            .build()
            .expect("the emulator's endpoint is a valid URL"),
    );
    let code = finish(provision(&client, &args).await);
    emulator.shutdown().await;
    code
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", escape_controls(&e));
            ExitCode::from(1)
        }
    }
}

/// Prints a step's name, runs it, prints how long it took.
async fn step<T, E: std::fmt::Display>(
    name: &str,
    work: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, String> {
    println!("{name} ...");
    let started = Instant::now();
    let out = work.await.map_err(|e| format!("{name}: {e}"))?;
    println!("  done in {:.2} s", started.elapsed().as_secs_f64());
    Ok(out)
}

async fn provision(client: &Client, args: &Args) -> Result<(), String> {
    let region = args.region.as_str();
    let run = client
        .run_instances()
        .region_id(region)
        .image_id(&args.image_id)
        .instance_type(&args.instance_type)
        .zone_id(&args.zone_id)
        .v_switch_id(&args.vswitch_id)
        .security_group_id(&args.security_group_id)
        .instance_name("provision-demo-[1,2]")
        .amount(3)
        .tag("project", "provision-demo")
        .tag("owner", "sdk-example")
        .send();
    let ids = step(
        "1. RunInstances: 3 instances tagged project=provision-demo",
        run,
    )
    .await?
    .instance_id_sets
    .map(|sets| sets.instance_id_set)
    .unwrap_or_default();
    // Text from the server is printed with its control characters escaped.
    println!("  created {}", escape_controls(&ids.join(", ")));

    let running = client
        .wait_until_instance_running()
        .region_id(region)
        .set_instance_id(ids.clone())
        .page_size(50)
        .wait(WAIT);
    step("2. Wait until they are Running", running).await?;

    let listed = client
        .list_tag_resources()
        .region_id(region)
        .resource_type(ResourceType::Instance)
        .tag("project", "provision-demo")
        .into_paginator()
        .items()
        .try_collect::<Vec<_>>();
    let rows = step("3. ListTagResources: find them by tag", listed).await?;
    for row in &rows {
        let line = format!(
            "{} {}={}",
            row.resource_id.as_deref().unwrap_or("?"),
            row.tag_key.as_deref().unwrap_or("?"),
            row.tag_value.as_deref().unwrap_or("?")
        );
        println!("  {}", escape_controls(&line));
    }

    let stop = client
        .stop_instances()
        .region_id(region)
        .set_instance_id(ids.clone())
        .send();
    step("4. StopInstances", stop).await?;
    let stopped = client
        .wait_until_instance_stopped()
        .region_id(region)
        .set_instance_id(ids.clone())
        .page_size(50)
        .wait(WAIT);
    step("5. Wait until they are Stopped", stopped).await?;

    let delete = client
        .delete_instances()
        .region_id(region)
        .set_instance_id(ids.clone())
        .send();
    step("6. DeleteInstances", delete).await?;
    let deleted = client
        .wait_until_instance_deleted()
        .region_id(region)
        .set_instance_ids(ids.clone())
        .wait(WAIT);
    step("7. Wait until they are gone", deleted).await?;
    Ok(())
}
