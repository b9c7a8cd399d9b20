//! The `ecs` binary driven as a subprocess, over real HTTP on 127.0.0.1:
//! against the scripted mock (which checks signatures and records what it
//! received) and against the emulator.

mod common;

use alibabacloud_ecs::operation::OPERATIONS;
use common::*;
use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};
use ecs_integration_tests::mock::Reply;
use serde_json::{json, Value};

fn with_endpoint(
    endpoint: &str,
    op: &str,
    params: &[(String, String)],
    extra: &[&str],
) -> Vec<String> {
    let mut args = vec![op.to_owned()];
    // `--Name=value`, so that values starting with `-` need no thought.
    args.extend(params.iter().map(|(k, v)| format!("--{k}={v}")));
    args.extend(["--endpoint".to_owned(), endpoint.to_owned()]);
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

fn sorted(mut params: Vec<(String, String)>) -> Vec<(String, String)> {
    params.sort();
    params
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_sends_exactly_what_the_typed_builder_sends() {
    let server = mock(Vec::new()).await;
    let mut checked_runs = 0;
    let mut failures = Vec::new();
    for op in OPERATIONS {
        let params = filled_request(op.params);
        // Filled-in values respect every limit; where a cross-parameter rule
        // (say, two parameters that exclude each other) still refuses them,
        // the unchecked path is compared instead.
        let (expected, extra) = match (op.reencode)(&params, true) {
            Ok(wire) => {
                checked_runs += 1;
                (wire, &[][..])
            }
            Err(_) => (
                (op.reencode)(&params, false).expect("unchecked decoding takes well-typed values"),
                &["--unchecked"][..],
            ),
        };
        server.push(Reply::ok(&json!({"RequestId": "req-1"})));
        let before = server.requests().len();
        let run = ecs_async(with_endpoint(
            &server.endpoint(),
            op.info.name,
            &params,
            extra,
        ))
        .await;
        if run.code != 0 {
            failures.push(format!(
                "{}: exit {}: {}",
                op.info.name, run.code, run.stderr
            ));
            continue;
        }
        let requests = server.requests();
        let Some(received) = requests.get(before) else {
            failures.push(format!("{}: nothing reached the server", op.info.name));
            continue;
        };
        let v = received.verified();
        if v.action != op.info.name {
            failures.push(format!("{}: sent as {}", op.info.name, v.action));
        }
        if sorted(v.params.clone()) != sorted(expected.clone()) {
            failures.push(format!(
                "{}: received {:?}\n  expected {:?}",
                op.info.name, v.params, expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The filled-in requests mostly pass the checks, so the checked path is
    // what this test mostly covers.
    assert!(
        checked_runs * 2 > OPERATIONS.len(),
        "{checked_runs} checked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_prints_its_full_response_field_by_field() {
    let server = mock(Vec::new()).await;
    let mut failures = Vec::new();
    for op in OPERATIONS {
        let served = full_response(&spec(op.info.name));
        server.push(Reply::ok(&served));
        let params = filled_request(op.params);
        let run = ecs_async(with_endpoint(
            &server.endpoint(),
            op.info.name,
            &params,
            &["--unchecked"],
        ))
        .await;
        if run.code != 0 {
            failures.push(format!(
                "{}: exit {}: {}",
                op.info.name, run.code, run.stderr
            ));
            continue;
        }
        let mut diffs = Vec::new();
        differences(&served, &run.json(), "", &mut diffs);
        if !diffs.is_empty() {
            failures.push(format!("{}: {}", op.info.name, diffs.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exits_2_and_sends_nothing() {
    let server = mock(Vec::new()).await;
    let e = server.endpoint();
    let long_key = format!("--Tag.1.Key={}", "k".repeat(129));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "ListTagResources",
                "--RegionID",
                "cn-hangzhou",
                "--ResourceType",
                "instance",
                "--ResourceId.1",
                "i-1",
            ],
            "did you mean --RegionId?",
        ),
        (
            vec![
                "ListTagResources",
                "--RegionId",
                "cn-hangzhou",
                "--ResourceType",
                "instance",
                "--ResourceId",
                "i-1",
            ],
            "did you mean --ResourceId.1?",
        ),
        (
            vec![
                "ListTagResources",
                "--RegionId",
                "cn-hangzhou",
                "--ResourceType",
                "instance",
                "--Tag.1.Kye",
                "env",
            ],
            "did you mean --Tag.1.Key?",
        ),
        (
            vec![
                "ListTagResources",
                "--RegionId",
                "cn-hangzhou",
                "--ResourceType",
                "instance",
                &long_key,
            ],
            "at most 128 are allowed",
        ),
        (
            vec![
                "ListTagResources",
                "--RegionId",
                "cn-hangzhou",
                "--ResourceType",
                "instance",
            ],
            "nothing was sent",
        ),
        (
            vec![
                "DescribeInstances",
                "--RegionId",
                "cn-hangzhou",
                "--MaxResults",
                "ten",
            ],
            "MaxResults",
        ),
        (
            vec!["DescribeInstances", "--RegionId", "a", "--RegionId", "b"],
            "--RegionId is given twice",
        ),
        (
            vec!["ListTagResource", "--RegionId", "cn-hangzhou"],
            "did you mean ListTagResources?",
        ),
        (vec!["DescribeRegions", "--bogus"], "--bogus needs a value"),
        (
            vec!["DescribeRegions", "--regoin", "cn-hangzhou"],
            "did you mean --region?",
        ),
        (
            vec!["DescribeRegions", "--output", "yaml"],
            "--output takes json or table",
        ),
    ];
    for (args, wanted) in cases {
        let mut args = strings(&args);
        args.extend(["--endpoint".to_owned(), e.clone()]);
        let run = ecs_async(args.clone()).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(wanted), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // The unknown-parameter message lists the operation's parameters.
    let run = ecs_async(strings(&[
        "DescribeRegions",
        "--Regoin",
        "x",
        "--endpoint",
        &e,
    ]))
    .await;
    assert!(
        run.stderr.contains("Parameters of DescribeRegions:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--AcceptLanguage"), "{}", run.stderr);
    assert!(server.requests().is_empty(), "something reached the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchecked_sends_a_value_beyond_a_documented_limit() {
    let server = mock(vec![Reply::ok(&json!({"RequestId": "r"}))]).await;
    let key = "k".repeat(129);
    let run = ecs_async(strings(&[
        "ListTagResources",
        "--RegionId",
        "cn-hangzhou",
        "--ResourceType",
        "instance",
        &format!("--Tag.1.Key={key}"),
        "--unchecked",
        "--endpoint",
        &server.endpoint(),
    ]))
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests()[0].param("Tag.1.Key"), Some(key.as_str()));
}

#[test]
fn dry_run_prints_the_wire_parameters_and_needs_no_credentials() {
    let run = ecs_with(
        &strings(&[
            "DescribeInstances",
            "--RegionId",
            "cn-hangzhou",
            "--InstanceIds",
            r#"["i-1","i-2"]"#,
            "--Tag.1.Key",
            "env",
            "--Tag.1.Value",
            "prod",
            "--DryRun",
            "True",
            "--Description=-x",
            "--dry-run",
        ]),
        None,
    );
    // DescribeInstances has no Description: refused, even in a dry run.
    assert_eq!(run.code, 2, "{}", run.stderr);
    let args = strings(&[
        "DescribeInstances",
        "--RegionId",
        "cn-hangzhou",
        "--InstanceIds",
        r#"["i-1","i-2"]"#,
        "--Tag.1.Key",
        "env",
        "--Tag.1.Value",
        "prod",
        "--DryRun",
        "True",
        "--dry-run",
    ]);
    let run = ecs_with(&args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed = run.json();
    let op = OPERATIONS
        .iter()
        .find(|o| o.info.name == "DescribeInstances")
        .unwrap();
    let given: Vec<(String, String)> = vec![
        ("RegionId".into(), "cn-hangzhou".into()),
        ("InstanceIds".into(), r#"["i-1","i-2"]"#.into()),
        ("Tag.1.Key".into(), "env".into()),
        ("Tag.1.Value".into(), "prod".into()),
        ("DryRun".into(), "True".into()),
    ];
    let expected = (op.reencode)(&given, true).unwrap();
    let expected: serde_json::Map<String, Value> = expected
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    assert_eq!(printed, Value::Object(expected));
    assert_eq!(
        printed["DryRun"], "true",
        "booleans as the service reads them"
    );
}

#[test]
fn region_flag_fills_the_region_parameter() {
    let run = ecs_with(
        &strings(&["DescribeInstances", "--region", "cn-beijing", "--dry-run"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["RegionId"], "cn-beijing");
}

#[test]
fn without_credentials_or_endpoint_it_says_so_and_sends_nothing() {
    let run = ecs_with(
        &strings(&["DescribeRegions", "--region", "cn-hangzhou"]),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no credentials found"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--endpoint"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_error_is_one_escaped_line_with_code_message_and_request_id() {
    let server = mock(vec![Reply::error(
        404,
        "InvalidRegionId.NotFound",
        "no such region\u{1b}[2J",
        "req-\u{9b}42",
    )])
    .await;
    let run = ecs_async(strings(&[
        "DescribeInstances",
        "--RegionId",
        "xx-nowhere-1",
        "--endpoint",
        &server.endpoint(),
    ]))
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let line = lines[0];
    assert!(line.contains("InvalidRegionId.NotFound"), "{line}");
    assert!(line.contains("no such region\\u{1b}[2J"), "{line}");
    assert!(line.contains("req-\\u{9b}42"), "{line}");
    assert!(!line.chars().any(char::is_control), "{line:?}");
    assert!(!run.stderr.contains(KEY_SECRET));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pager_follows_page_numbers_and_merges_the_items() {
    let image = |id: &str| json!({"ImageId": id});
    let page = |n: u32, ids: &[&str]| {
        Reply::ok(&json!({
            "RequestId": format!("r{n}"), "PageNumber": n, "PageSize": 2, "TotalCount": 5, "RegionId": "cn-hangzhou",
            "Images": {"Image": ids.iter().map(|i| image(i)).collect::<Vec<_>>()},
        }))
    };
    let server = mock(vec![
        page(1, &["m-1", "m-2"]),
        page(2, &["m-3", "m-4"]),
        page(3, &["m-5"]),
    ])
    .await;
    let run = ecs_async(strings(&[
        "DescribeImages",
        "--RegionId",
        "cn-hangzhou",
        "--PageSize",
        "2",
        "--pager",
        "--endpoint",
        &server.endpoint(),
    ]))
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let ids: Vec<&str> = out["Images"]["Image"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ImageId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m-1", "m-2", "m-3", "m-4", "m-5"]);
    assert_eq!(out["TotalCount"], 5);
    let sent: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.param("PageNumber").map(str::to_owned))
        .collect();
    assert_eq!(sent, [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pager_stops_when_the_service_repeats_a_token() {
    let page = Reply::ok(
        &json!({"RequestId": "r", "NextToken": "same", "TagResources": {"TagResource": []}}),
    );
    let server = mock(vec![page.clone(), page]).await;
    let run = ecs_async(strings(&[
        "ListTagResources",
        "--RegionId",
        "cn-hangzhou",
        "--ResourceType",
        "instance",
        "--ResourceId.1",
        "i-1",
        "--pager",
        "--endpoint",
        &server.endpoint(),
    ]))
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("twice"), "{}", run.stderr);
}

#[test]
fn pager_on_an_operation_that_does_not_page_is_refused() {
    let run = ecs(&strings(&[
        "DescribeRegions",
        "--pager",
        "--endpoint",
        "http://127.0.0.1:9",
    ]));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("does not page"), "{}", run.stderr);
}

async fn emulator(page_size: usize, ids: &[&str]) -> ecs_emulator::EmulatorHandle {
    let mut config = EmulatorConfig::new(KEY_ID, KEY_SECRET);
    config.page_size = page_size;
    config.seed = ids
        .iter()
        .map(|id| SeedResource::new("cn-hangzhou", "instance", *id).tag("env", "prod"))
        .collect();
    Emulator::start(config).await.expect("the emulator starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_the_emulator_tags_are_set_and_listed_across_pages() {
    let emu = emulator(2, &["i-1", "i-2", "i-3", "i-4", "i-5"]).await;
    let e = emu.endpoint().to_owned();
    for version in ["v3", "v1"] {
        let run = ecs_async(strings(&[
            "TagResources",
            "--RegionId",
            "cn-hangzhou",
            "--ResourceType",
            "instance",
            "--ResourceId.1",
            "i-1",
            "--Tag.1.Key",
            "team",
            "--Tag.1.Value",
            version,
            "--signature-version",
            version,
            "--endpoint",
            &e,
        ]))
        .await;
        assert_eq!(run.code, 0, "{version}: {}", run.stderr);
        assert!(run.json()["RequestId"].is_string());
    }
    let run = ecs_async(strings(&[
        "ListTagResources",
        "--region",
        "cn-hangzhou",
        "--ResourceType",
        "instance",
        "--Tag.1.Key",
        "env",
        "--Tag.1.Value",
        "prod",
        "--pager",
        "--endpoint",
        &e,
    ]))
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let mut ids: Vec<&str> = out["TagResources"]["TagResource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ResourceId"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["i-1", "i-2", "i-3", "i-4", "i-5"]);
    assert!(out.get("NextToken").is_none(), "{out}");

    // One page without --pager: a token to go on with.
    let run = ecs_async(strings(&[
        "ListTagResources",
        "--RegionId",
        "cn-hangzhou",
        "--ResourceType",
        "instance",
        "--Tag.1.Key",
        "env",
        "--output",
        "table",
        "--endpoint",
        &e,
    ]))
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ResourceId"), "{}", run.stdout);
    assert!(run.stdout.contains("(2 rows)"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_the_emulator_a_wrong_secret_fails_with_exit_1() {
    let emu = emulator(50, &["i-1"]).await;
    let endpoint = emu.endpoint().to_owned();
    let run = tokio::task::spawn_blocking(move || {
        ecs_with(
            &strings(&[
                "DescribeInstances",
                "--RegionId",
                "cn-hangzhou",
                "--endpoint",
                &endpoint,
            ]),
            Some((KEY_ID, "not-the-secret")),
        )
    })
    .await
    .unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("RequestId"), "{}", run.stderr);
    assert!(!run.stderr.contains("not-the-secret"), "{}", run.stderr);
}

#[test]
fn help_shows_flags_and_each_operations_parameters_from_the_spec() {
    let run = ecs(&strings(&["--help"]));
    assert_eq!(run.code, 0);
    for flag in [
        "--region",
        "--endpoint",
        "--signature-version",
        "--profile",
        "--output",
        "--pager",
        "--unchecked",
        "--dry-run",
    ] {
        assert!(run.stdout.contains(flag), "{flag}");
    }
    let run = ecs(&strings(&["ListTagResources", "--help"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let h = &run.stdout;
    for wanted in [
        "ecs ListTagResources: Lists the tags on one or more ECS resources.",
        "--RegionId <string, required>",
        "--ResourceId.N <string>",
        "at most 50 ResourceId items",
        "--Tag.N.Key <string>",
        "checked before sending: at most 20 Tag items, 1 to 128 characters",
        "at most 5 TagFilter items, at most 5 TagValues items",
        "--TagFilter.N.TagValues.N <string>",
        "values: instance, disk, snapshot",
        "--pager follows every page (following NextToken into NextToken)",
    ] {
        assert!(h.contains(wanted), "missing {wanted:?} in:\n{h}");
    }
    let run = ecs(&strings(&["DescribeInstances", "--help"]));
    assert!(
        run.stdout.contains("--InstanceIds <JSON array of string>"),
        "{}",
        run.stdout
    );
    let run = ecs(&strings(&["DescribeInstancez", "--help"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean DescribeInstances"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_names_every_operation_with_its_summary() {
    let run = ecs(&strings(&["list"]));
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), OPERATIONS.len());
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("ListTagResources "))
        .expect("ListTagResources is listed");
    assert!(
        line.ends_with("Lists the tags on one or more ECS resources."),
        "{line}"
    );
    assert!(ecs(&strings(&["--version"])).stdout.starts_with("ecs "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_flag_picks_the_aliyun_cli_profile() {
    let home = std::env::temp_dir().join(format!("ecs-cli-profile-home-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    let config = json!({
        "current": "default",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "other", "access_key_secret": "other-secret", "sts_token": "", "region_id": "cn-hangzhou"},
            {"name": "test", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": KEY_SECRET, "sts_token": "", "region_id": "cn-hangzhou"},
        ]
    });
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).unwrap();
    let server = mock(vec![Reply::ok(&json!({"RequestId": "r"}))]).await;
    let endpoint = server.endpoint();
    let home_for_run = home.clone();
    let run: Run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_ecs"))
            .args([
                "DescribeRegions",
                "--profile",
                "test",
                "--endpoint",
                &endpoint,
            ])
            .env_clear()
            .env("HOME", &home_for_run)
            .output()
            .expect("run ecs")
            .into()
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(&home);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests()[0].verified().access_key_id, KEY_ID);
}
