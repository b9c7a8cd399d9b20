//! The workflow people script against ECS, over HTTP against the emulator
//! with both signature versions: run instances with tags, wait until they
//! run, list them by tag, stop them, wait, delete them, wait. Then the
//! rules a script relies on: wrong states are refused with the documented
//! code, DryRun changes nothing, ClientToken makes RunInstances idempotent,
//! and concurrent callers never lose or duplicate an instance.
//!
//! Waits are the SDK's generated waiters; no test sleeps for a fixed time.

use std::collections::BTreeSet;
use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::ResourceType;
use alibabacloud_ecs::{Client, SignatureVersion, WaitError};
use ecs_integration_tests::emulator::{client, instance, service_error, start_with, REGION};
use futures_util::TryStreamExt as _;

/// Far above what any wait here takes (a few transitions of 50 ms and the
/// waiters' 1 s first delay), so that only a broken emulator reaches it.
const PATIENCE: Duration = Duration::from_secs(60);

async fn emulator(transition: Duration) -> ecs_emulator::EmulatorHandle {
    start_with(Vec::new(), |config| config.transition = transition).await
}

async fn run(client: &Client, amount: i32, name: &str) -> Vec<String> {
    client
        .run_instances()
        .region_id(REGION)
        .image_id("ubuntu_22_04_x64_20G_alibase_20240101.vhd")
        .instance_type("ecs.g7.large")
        .zone_id("cn-hangzhou-i")
        .v_switch_id("vsw-emulated")
        .security_group_id("sg-emulated")
        .instance_name(name)
        .amount(amount)
        .tag("env", "lifecycle-test")
        .tag("team", "sdk")
        .send()
        .await
        .expect("RunInstances succeeds")
        .instance_id_sets
        .expect("InstanceIdSets")
        .instance_id_set
}

async fn statuses(client: &Client, ids: &[String]) -> Vec<(String, String)> {
    let output = client
        .describe_instance_status()
        .region_id(REGION)
        .set_instance_id(ids.to_vec())
        .page_size(50)
        .send()
        .await
        .expect("DescribeInstanceStatus succeeds");
    output
        .instance_statuses
        .map(|s| s.instance_status)
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            (
                s.instance_id.unwrap_or_default(),
                s.status.unwrap_or_default(),
            )
        })
        .collect()
}

async fn workflow(version: SignatureVersion) {
    let emulator = emulator(Duration::from_millis(50)).await;
    let client = client(&emulator, version);

    let ids = run(&client, 3, "web-[1,2]").await;
    assert_eq!(ids.len(), 3);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 3, "distinct IDs");

    let running = client
        .wait_until_instance_running()
        .region_id(REGION)
        .set_instance_id(ids.clone())
        .wait(PATIENCE)
        .await
        .expect("the instances start");
    let seen = running.instance_statuses.unwrap().instance_status;
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.status.as_deref() == Some("Running")));

    // Listed by tag, with the names numbered as documented.
    let tagged: BTreeSet<String> = client
        .list_tag_resources()
        .region_id(REGION)
        .resource_type(ResourceType::Instance)
        .tag("env", "lifecycle-test")
        .into_paginator()
        .items()
        .map_ok(|row| row.resource_id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tagged, ids.iter().cloned().collect());
    let described = client
        .describe_instances()
        .region_id(REGION)
        .tag("team", "sdk")
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()
        .instance;
    let names: BTreeSet<_> = described
        .iter()
        .map(|i| i.instance_name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        ["web-01", "web-02", "web-03"].map(String::from).into()
    );
    assert!(described
        .iter()
        .all(|i| i.status.as_deref() == Some("Running")
            && i.image_id.as_deref() == Some("ubuntu_22_04_x64_20G_alibase_20240101.vhd")));

    client
        .stop_instances()
        .region_id(REGION)
        .set_instance_id(ids.clone())
        .send()
        .await
        .expect("StopInstances succeeds");
    client
        .wait_until_instance_stopped()
        .region_id(REGION)
        .set_instance_id(ids.clone())
        .wait(PATIENCE)
        .await
        .expect("the instances stop");

    client
        .delete_instances()
        .region_id(REGION)
        .set_instance_id(ids.clone())
        .send()
        .await
        .expect("DeleteInstances succeeds");
    client
        .wait_until_instance_deleted()
        .region_id(REGION)
        .set_instance_ids(ids.clone())
        .wait(PATIENCE)
        .await
        .expect("the instances go");
    assert!(statuses(&client, &ids).await.is_empty());
    assert_eq!(
        emulator.handler().tag_count(),
        0,
        "their tags went with them"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_whole_workflow_runs_with_v3_signatures() {
    workflow(SignatureVersion::V3).await;
}

#[tokio::test]
async fn the_whole_workflow_runs_with_v1_signatures() {
    workflow(SignatureVersion::V1).await;
}

#[tokio::test]
async fn operations_on_an_instance_in_the_wrong_state_answer_the_documented_code() {
    // Transitions of an hour: the instances stay Pending for the test.
    let emulator = emulator(Duration::from_secs(3600)).await;
    let client = client(&emulator, SignatureVersion::V3);
    let ids = run(&client, 1, "slow").await;
    assert_eq!(statuses(&client, &ids).await[0].1, "Pending");

    let error = service_error(client.start_instance().instance_id(&ids[0]).send().await);
    assert_eq!(error.service_error().code(), "IncorrectInstanceStatus");
    assert_eq!(error.service_error().http_status(), 403);
    let error = service_error(client.delete_instance().instance_id(&ids[0]).send().await);
    assert_eq!(
        error.service_error().code(),
        "IncorrectInstanceStatus.Initializing"
    );
    let error = service_error(
        client
            .stop_instances()
            .region_id(REGION)
            .instance_id(&ids[0])
            .send()
            .await,
    );
    assert_eq!(error.service_error().code(), "IncorrectInstanceStatus");

    // A waiter for a state the instance will not reach in time times out
    // with the state it last saw.
    let error = client
        .wait_until_instance_running()
        .region_id(REGION)
        .set_instance_id(ids.clone())
        .wait(Duration::ZERO)
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(error.last_state(), Some("Pending (1)"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_waiter_stops_at_a_failure_state() {
    // A running instance, with transitions of an hour: once stopped, it
    // stays Stopping for the rest of the test.
    let seed = vec![instance("i-seeded-running").instance_field("Status", "Running")];
    let emulator = start_with(seed, |config| config.transition = Duration::from_secs(3600)).await;
    let client = client(&emulator, SignatureVersion::V1);
    client
        .stop_instance()
        .instance_id("i-seeded-running")
        .send()
        .await
        .expect("a running instance stops");
    let error = client
        .wait_until_instance_running()
        .region_id(REGION)
        .instance_id("i-seeded-running")
        .wait(PATIENCE)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, WaitError::FailureState { state, .. } if state == "Stopping (1)"),
        "{error}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn dry_run_changes_nothing_and_answers_dry_run_operation() {
    let emulator = emulator(Duration::ZERO).await;
    let client = client(&emulator, SignatureVersion::V3);
    let error = service_error(
        client
            .run_instances()
            .region_id(REGION)
            .image_id("img")
            .instance_type("ecs.g7.large")
            .dry_run(true)
            .send()
            .await,
    );
    assert_eq!(error.service_error().code(), "DryRunOperation");
    assert_eq!(error.service_error().http_status(), 400);
    assert!(
        statuses(&client, &[]).await.is_empty(),
        "nothing was created"
    );

    let ids = run(&client, 1, "dry").await;
    let error = service_error(
        client
            .stop_instance()
            .instance_id(&ids[0])
            .dry_run(true)
            .send()
            .await,
    );
    assert_eq!(error.service_error().code(), "DryRunOperation");
    assert_eq!(statuses(&client, &ids).await[0].1, "Running");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_client_token_makes_run_instances_idempotent() {
    let emulator = emulator(Duration::ZERO).await;
    let client = client(&emulator, SignatureVersion::V3);
    let send = || {
        client
            .run_instances()
            .region_id(REGION)
            .image_id("img")
            .instance_type("ecs.g7.large")
            .amount(2)
            .client_token("retry-safe-1")
            .send()
    };
    let first = send()
        .await
        .unwrap()
        .instance_id_sets
        .unwrap()
        .instance_id_set;
    let second = send()
        .await
        .unwrap()
        .instance_id_sets
        .unwrap()
        .instance_id_set;
    assert_eq!(first, second);
    assert_eq!(statuses(&client, &[]).await.len(), 2);
    emulator.shutdown().await;
}

/// 8 tasks at once, each creating, starting, stopping and deleting its own
/// instances (with transitions of 0 ms, so every call sees settled states):
/// at the end exactly the instances each task kept exist, each once, each
/// in the state its task left it in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_lifecycles_lose_and_duplicate_nothing() {
    const TASKS: usize = 8;
    const ROUNDS: usize = 5;
    let emulator = emulator(Duration::ZERO).await;
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let client = client(&emulator, SignatureVersion::V3);
        tasks.push(tokio::spawn(async move {
            let mut kept = Vec::new();
            for round in 0..ROUNDS {
                let ids = run(&client, 2, &format!("t{task}-r{round}-[0,1]")).await;
                client
                    .stop_instances()
                    .region_id(REGION)
                    .set_instance_id(ids.clone())
                    .send()
                    .await
                    .unwrap();
                client
                    .start_instance()
                    .instance_id(&ids[0])
                    .send()
                    .await
                    .unwrap();
                // The second instance goes; the first stays Running.
                client
                    .delete_instance()
                    .instance_id(&ids[1])
                    .send()
                    .await
                    .unwrap();
                kept.push(ids[0].clone());
            }
            kept
        }));
    }
    let mut expected = BTreeSet::new();
    for task in tasks {
        expected.extend(task.await.unwrap());
    }
    assert_eq!(expected.len(), TASKS * ROUNDS);
    let client = client(&emulator, SignatureVersion::V1);
    let all: Vec<_> = client
        .describe_instances()
        .region_id(REGION)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    let listed: Vec<String> = all.iter().map(|i| i.instance_id.clone().unwrap()).collect();
    assert_eq!(
        listed.len(),
        expected.len(),
        "no instance duplicated or left over"
    );
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(all.iter().all(|i| i.status.as_deref() == Some("Running")));
    // Two tags per kept instance, none from deleted ones.
    assert_eq!(emulator.handler().tag_count(), 2 * expected.len());
    emulator.shutdown().await;
}
