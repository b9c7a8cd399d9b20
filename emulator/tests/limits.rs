//! What one caller can hold of the emulator is bounded, over real HTTP on
//! 127.0.0.1: idle and slow connections are closed, connections past the
//! limit are turned away, nonces are bounded in length and number; and the
//! binary takes its secret from the environment, out of sight of `ps`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use alibabacloud_ecs::{Client, Config, Credentials, RetryConfig};
use ecs_emulator::{
    Emulator, EmulatorConfig, EmulatorHandle, SeedResource, SignatureVersion, SignedRequest,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ID: &str = "test-id";
const SECRET: &str = "test-secret";

async fn start(configure: impl FnOnce(&mut EmulatorConfig)) -> EmulatorHandle {
    let mut config = EmulatorConfig::new(ID, SECRET);
    config.seed = vec![SeedResource::new("cn-hangzhou", "instance", "i-001").tag("env", "prod")];
    configure(&mut config);
    Emulator::start(config).await.expect("the emulator starts")
}

fn client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .region_id("cn-hangzhou")
            .endpoint(endpoint)
            .credentials(Credentials::new(ID, SECRET))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

async fn list_works(endpoint: &str) -> bool {
    client(endpoint)
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .tag("env", "prod")
        .send()
        .await
        .is_ok()
}

/// Reads until the server closes the connection, or `within` passes.
/// Returns what was read, or `None` when the connection stayed open.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(seen),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() {
    let emulator = start(|c| c.idle_timeout = Duration::from_millis(300)).await;
    let started = Instant::now();
    let mut idle = TcpStream::connect(emulator.local_addr()).await.unwrap();
    let closed = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(
        closed.is_some(),
        "the idle connection was still open after 5 s"
    );
    assert!(started.elapsed() >= Duration::from_millis(250));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_once_idle() {
    let emulator = start(|c| c.idle_timeout = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    let request = SignedRequest::new("DescribeRegions")
        .credentials(ID, SECRET)
        .host(emulator.local_addr().to_string())
        .to_http1();
    stream.write_all(&request).await.unwrap();
    let answered = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("closed after the answer and the idle timeout");
    assert!(
        answered.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answered)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn headers_trickled_in_are_cut_off_at_the_header_read_timeout() {
    let emulator = start(|c| {
        c.header_read_timeout = Duration::from_millis(500);
        c.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let mut slow = TcpStream::connect(emulator.local_addr()).await.unwrap();
    let started = Instant::now();
    slow.write_all(b"POST / HTTP/1.1\r\n").await.unwrap();
    // One header line every 100 ms: never idle, never finished.
    let closed = loop {
        if slow.write_all(b"x-slow: 1\r\n").await.is_err() {
            break true;
        }
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(100), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            _ => {}
        }
        if started.elapsed() > Duration::from_secs(5) {
            break false;
        }
    };
    assert!(
        closed,
        "a client trickling its headers kept the connection for 5 s"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn connections_past_the_limit_are_turned_away_and_slots_come_back() {
    let emulator = start(|c| c.max_connections = 2).await;
    let first = TcpStream::connect(emulator.local_addr()).await.unwrap();
    let second = TcpStream::connect(emulator.local_addr()).await.unwrap();
    // Give the server time to accept both.
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut third = TcpStream::connect(emulator.local_addr()).await.unwrap();
    let answer = read_until_closed(&mut third, Duration::from_secs(5))
        .await
        .expect("the connection over the limit is closed at once");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.contains("\"Code\":\"ServiceUnavailable\""),
        "{answer}"
    );

    drop((first, second));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        list_works(emulator.endpoint()).await,
        "slots are given back"
    );
    emulator.shutdown().await;
}

#[test]
fn the_default_limits_are_within_what_the_issue_asks() {
    let config = EmulatorConfig::new(ID, SECRET);
    assert!(config.header_read_timeout <= Duration::from_secs(10));
    assert!(config.idle_timeout <= Duration::from_secs(10));
    assert!((1..=512).contains(&config.max_connections));
}

/// The request that grew the emulator to 368 MB: 900 KB nonces, each to be
/// remembered for half an hour.
#[tokio::test]
async fn an_over_long_nonce_is_refused_and_not_remembered() {
    let emulator = start(|_| {}).await;
    let request = SignedRequest::new("DescribeRegions")
        .credentials(ID, SECRET)
        .signature_version(SignatureVersion::V1)
        .in_form_body()
        .nonce("n".repeat(900 * 1024))
        .host(emulator.local_addr().to_string())
        .to_http1();
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    stream.write_all(&request).await.unwrap();
    let mut head = vec![0u8; 4096];
    let n = stream.read(&mut head).await.unwrap();
    let answer = String::from_utf8_lossy(&head[..n]);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"Code\":\"InvalidParameter\""), "{answer}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_full_replay_cache_refuses_new_requests_instead_of_growing() {
    let emulator = start(|c| c.max_remembered_nonces = 2).await;
    let endpoint = emulator.endpoint().to_owned();
    assert!(list_works(&endpoint).await);
    assert!(list_works(&endpoint).await);
    let refused = client(&endpoint)
        .describe_regions()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused
            .as_service_error()
            .map(|e| e.to_string().contains("ServiceUnavailable")),
        Some(true),
        "{refused}"
    );
    emulator.shutdown().await;
}

#[test]
fn the_binary_takes_its_secret_from_the_environment() {
    let help = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("ECS_EMULATOR_ACCESS_KEY_SECRET"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args(["--port", "0", "--access-key-id", ID])
        .env("ECS_EMULATOR_ACCESS_KEY_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let served = serde_json::from_str::<serde_json::Value>(&first_line)
        .ok()
        .and_then(|line| line["endpoint"].as_str().map(str::to_owned))
        .map(|endpoint| {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async {
                client(&endpoint)
                    .describe_regions()
                    .send()
                    .await
                    .map_err(|e| e.to_string())
            })
        });
    let _ = child.kill();
    let _ = child.wait();
    match served {
        Some(Ok(_)) => {}
        other => panic!("the emulator did not serve with the secret from the environment: {other:?} (first line {first_line:?})"),
    }
}
