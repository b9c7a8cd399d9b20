//! The emulator over real HTTP: the library's server with the SDK as its
//! client, raw sockets, concurrent clients, and the binary's lifecycle.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use alibabacloud_ecs::{Client, Config, Credentials, SignatureVersion};
use ecs_emulator::{Emulator, EmulatorConfig, EmulatorHandle, SeedResource, SignedRequest};
use futures_util::StreamExt as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ID: &str = "test-id";
const SECRET: &str = "test-secret";

async fn start(seed: Vec<SeedResource>, page_size: usize) -> EmulatorHandle {
    let mut config = EmulatorConfig::new(ID, SECRET);
    config.seed = seed;
    config.page_size = page_size;
    Emulator::start(config).await.expect("the emulator starts")
}

fn client(emulator: &EmulatorHandle, version: SignatureVersion) -> Client {
    let config = Config::builder()
        .region_id("cn-hangzhou")
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(ID, SECRET))
        .signature_version(version)
        .build()
        .expect("a client config");
    Client::new(config)
}

fn instances(count: usize) -> Vec<SeedResource> {
    (0..count)
        .map(|n| SeedResource::new("cn-hangzhou", "instance", format!("i-{n:04}")))
        .collect()
}

#[tokio::test]
async fn the_sdk_tags_lists_and_untags_with_both_signature_versions() {
    let emulator = start(instances(3), 50).await;
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let client = client(&emulator, version);
        client
            .tag_resources()
            .region_id("cn-hangzhou")
            .resource_type("instance")
            .resource_id("i-0000")
            .resource_id("i-0001")
            .tag("env", "prod")
            .tag("owner", "环境 & co")
            .send()
            .await
            .unwrap_or_else(|error| panic!("{version:?}: {error}"));
        let listed = client
            .list_tag_resources()
            .region_id("cn-hangzhou")
            .resource_type("instance")
            .tag("owner", "环境 & co")
            .send()
            .await
            .unwrap();
        let rows = listed.tag_resources.unwrap().tag_resource;
        let ids: Vec<_> = rows
            .iter()
            .map(|row| row.resource_id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["i-0000", "i-0001"], "{version:?}");
        client
            .untag_resources()
            .region_id("cn-hangzhou")
            .resource_type("instance")
            .resource_id("i-0000")
            .resource_id("i-0001")
            .all(true)
            .send()
            .await
            .unwrap();
        assert_eq!(emulator.handler().tag_count(), 0);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_sdk_sees_service_errors_with_code_and_request_id() {
    let emulator = start(instances(1), 50).await;
    let error = client(&emulator, SignatureVersion::V3)
        .tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .resource_id("i-404")
        .tag("env", "prod")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidResourceId.NotFound"));
    assert!(error.request_id().is_some());
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_sdk_paginator_reads_more_than_1000_rows_in_order() {
    let seed: Vec<SeedResource> = (0..1200)
        .map(|n| {
            SeedResource::new("cn-hangzhou", "instance", format!("i-{n:04}")).tag("env", "prod")
        })
        .collect();
    let emulator = start(seed, 50).await;
    let rows: Vec<_> = client(&emulator, SignatureVersion::V3)
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .tag("env", "prod")
        .into_paginator()
        .items()
        .collect()
        .await;
    let ids: Vec<String> = rows
        .into_iter()
        .map(|row| row.unwrap().resource_id.unwrap())
        .collect();
    let expected: Vec<String> = (0..1200).map(|n| format!("i-{n:04}")).collect();
    assert_eq!(ids, expected);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_neither_lose_nor_duplicate_tags() {
    const TASKS: usize = 8;
    const CALLS: usize = 500;
    const RESOURCES: usize = 40;
    let emulator = start(instances(RESOURCES), 50).await;
    let client = client(&emulator, SignatureVersion::V3);
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for call in 0..CALLS {
                // Each task owns two keys per resource; 8 tasks x 2 keys
                // stay within the 20-tag quota.
                let resource = format!("i-{:04}", call % RESOURCES);
                let key = format!("t{task}-k{}", (call / RESOURCES) % 2);
                client
                    .tag_resources()
                    .region_id("cn-hangzhou")
                    .resource_type("instance")
                    .resource_id(resource)
                    .tag(key, call.to_string())
                    .send()
                    .await
                    .unwrap_or_else(|error| panic!("task {task} call {call}: {error}"));
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(emulator.handler().tag_count(), RESOURCES * TASKS * 2);
    let rows: Vec<_> = client
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .tag_filter(
            alibabacloud_ecs::operation::list_tag_resources::TagFilter::default().tag_key("t*"),
        )
        .into_paginator()
        .items()
        .collect()
        .await;
    let mut seen = std::collections::BTreeMap::new();
    for row in rows {
        let row = row.unwrap();
        let key = (row.resource_id.unwrap(), row.tag_key.unwrap());
        assert!(
            seen.insert(key.clone(), row.tag_value.unwrap()).is_none(),
            "{key:?} twice"
        );
    }
    assert_eq!(seen.len(), RESOURCES * TASKS * 2);
    // Each task wrote its keys in order, so the last value it wrote stays.
    for ((resource, key), value) in &seen {
        let r: usize = resource[2..].parse().unwrap();
        let k: usize = key[key.len() - 1..].parse().unwrap();
        let last = (0..CALLS)
            .filter(|call| call % RESOURCES == r && (call / RESOURCES) % 2 == k)
            .max()
            .unwrap();
        assert_eq!(value, &last.to_string(), "{resource} {key}");
    }
    emulator.shutdown().await;
}

/// Sends raw bytes and returns the status and JSON body.
async fn exchange(emulator: &EmulatorHandle, request: &[u8]) -> (u16, serde_json::Value) {
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap())
}

#[tokio::test]
async fn raw_requests_that_the_sdk_would_refuse_get_the_service_answer() {
    let emulator = start(instances(1), 50).await;
    let host = emulator.local_addr().to_string();
    let request = SignedRequest::new("ListTagResources")
        .credentials(ID, SECRET)
        .host(host.clone())
        .param("RegionId", "cn-hangzhou")
        .param("ResourceType", "instance")
        .param("Tag.1.Value", "orphan")
        .build();
    let mut bytes = ecs_emulator::signed_request::http1_bytes(&request);
    bytes.splice(bytes.len() - 2..bytes.len() - 2, *b"connection: close\r\n");
    let (status, body) = exchange(&emulator, &bytes).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidParameter.TagValue"))
    );
    assert_eq!(body["HostId"], host);

    let (status, body) = exchange(
        &emulator,
        format!("DELETE / HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n").as_bytes(),
    )
    .await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("UnsupportedHTTPMethod"))
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_the_error_shape() {
    let emulator = start(Vec::new(), 50).await;
    let head = format!(
        "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: {}\r\n\r\n",
        ecs_emulator::server::MAX_BODY_BYTES + 1
    );
    let (status, body) = exchange(&emulator, head.as_bytes()).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidParameter"))
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn resources_seeded_while_running_are_served() {
    let emulator = start(Vec::new(), 50).await;
    emulator
        .seed(vec![
            SeedResource::new("xx-test-1", "disk", "d-1").tag("env", "prod")
        ])
        .unwrap();
    let client = Client::new(
        Config::builder()
            .region_id("xx-test-1")
            .endpoint(emulator.endpoint())
            .credentials(Credentials::new(ID, SECRET))
            .build()
            .unwrap(),
    );
    let listed = client
        .list_tag_resources()
        .region_id("xx-test-1")
        .resource_type("disk")
        .resource_id("d-1")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.tag_resources.unwrap().tag_resource.len(), 1);
    let invalid = emulator.seed(vec![SeedResource::new("cn-hangzhou", "vm", "x")]);
    assert!(invalid.is_err());
    emulator.shutdown().await;
}

#[test]
fn the_binary_prints_its_endpoint_serves_and_stops_on_sigterm() {
    let seed = std::env::temp_dir().join(format!("ecs-emulator-seed-{}.json", std::process::id()));
    std::fs::write(
        &seed,
        r#"{"resources":[{"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-001",
            "ResourceGroupId":"rg-aek2abc","Tags":{"env":"prod","team":"db"}}]}"#,
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args([
            "--port",
            "0",
            "--access-key-id",
            ID,
            "--access-key-secret",
            SECRET,
            "--page-size",
            "1",
        ])
        .arg("--seed")
        .arg(&seed)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let line: serde_json::Value = serde_json::from_str(&first_line).expect("a JSON first line");
    let endpoint = line["endpoint"].as_str().unwrap().to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{first_line}");
    assert_eq!(line.as_object().unwrap().len(), 1);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let page = runtime.block_on(async {
        let client = Client::new(
            Config::builder()
                .region_id("cn-hangzhou")
                .endpoint(&endpoint)
                .credentials(Credentials::new(ID, SECRET))
                .build()
                .unwrap(),
        );
        client
            .list_tag_resources()
            .region_id("cn-hangzhou")
            .resource_type("instance")
            .tag("acs:rm:rgId", "rg-aek2abc")
            .send()
            .await
            .unwrap()
    });
    assert_eq!(
        page.tag_resources.unwrap().tag_resource.len(),
        1,
        "page size 1"
    );
    assert!(page.next_token.is_some());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let _ = std::fs::remove_file(seed);
}

#[test]
fn the_binary_explains_bad_arguments() {
    let output = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args([
            "--port",
            "nope",
            "--access-key-id",
            ID,
            "--access-key-secret",
            SECRET,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--port must be a number"), "{stderr}");
    assert!(output.stdout.is_empty());
}
