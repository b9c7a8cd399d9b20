//! Concurrent clients: 8 tokio tasks x 500 calls mixing TagResources and
//! UntagResources on resources of their own and on resources they share,
//! then ListTagResources must show every tag exactly once, as a model
//! computed independently says; and concurrent writers never push a
//! resource past its 20-tag quota.
//!
//! The final state does not depend on how the calls interleave: each task
//! writes only its own keys (also on the shared resources), and removes all
//! tags only from its own resources. So replaying each task's calls on a
//! plain map gives the one right answer, whatever the scheduling.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use alibabacloud_ecs::operation::list_tag_resources::{Tag, TagFilter};
use alibabacloud_ecs::operation::tag_resources::TagResourcesError;
use alibabacloud_ecs::{Client, SdkError, SignatureVersion};
use ecs_integration_tests::emulator::{all_rows, client, instance, start, start_with, Row, REGION};

const TASKS: usize = 8;
const CALLS: usize = 500;
const SHARED: [&str; 2] = ["i-shared-0", "i-shared-1"];

fn own(task: usize, n: usize) -> String {
    format!("i-t{task}-{n}")
}

fn key(task: usize, n: usize) -> String {
    format!("t{task}-k{n}")
}

/// One call a task makes.
#[derive(Debug, Clone)]
enum Call {
    Tag {
        ids: Vec<String>,
        tags: Vec<(String, String)>,
    },
    Untag {
        ids: Vec<String>,
        keys: Vec<String>,
    },
    /// Only ever on the task's own resources.
    UntagAll {
        ids: Vec<String>,
    },
}

/// xorshift64*: deterministic, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

/// The calls of one task, mixing the kinds and the targets.
fn plan(task: usize) -> Vec<Call> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((task as u64 + 1) * 0x1234_5678));
    (0..CALLS)
        .map(|call| {
            let mine = own(task, rng.below(2));
            let shared = SHARED[rng.below(2)].to_owned();
            let ids = match rng.below(3) {
                0 => vec![mine],
                1 => vec![shared],
                _ => vec![mine, shared],
            };
            let keys = match rng.below(3) {
                0 => vec![key(task, 0)],
                1 => vec![key(task, 1)],
                _ => vec![key(task, 0), key(task, 1)],
            };
            match rng.below(10) {
                0..=5 => Call::Tag {
                    ids,
                    tags: keys
                        .into_iter()
                        .map(|key| (key, format!("v{task}-{call}")))
                        .collect(),
                },
                6..=8 => Call::Untag {
                    ids,
                    // A key the resources lack is ignored.
                    keys: keys
                        .into_iter()
                        .chain((rng.below(4) == 0).then(|| format!("t{task}-absent")))
                        .collect(),
                },
                _ => Call::UntagAll {
                    ids: if rng.below(2) == 0 {
                        vec![own(task, 0), own(task, 1)]
                    } else {
                        vec![own(task, rng.below(2))]
                    },
                },
            }
        })
        .collect()
}

type State = BTreeMap<(String, String), String>;

/// The model: what `calls` leave behind, applied one after another.
fn apply(state: &mut State, calls: &[Call]) {
    for call in calls {
        match call {
            Call::Tag { ids, tags } => {
                for id in ids {
                    for (key, value) in tags {
                        state.insert((id.clone(), key.clone()), value.clone());
                    }
                }
            }
            Call::Untag { ids, keys } => {
                for id in ids {
                    for key in keys {
                        state.remove(&(id.clone(), key.clone()));
                    }
                }
            }
            Call::UntagAll { ids } => state.retain(|(id, _), _| !ids.contains(id)),
        }
    }
}

async fn run(client: &Client, call: &Call) -> Result<(), String> {
    match call {
        Call::Tag { ids, tags } => {
            let mut request = client
                .tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .set_resource_id(ids.clone());
            for (key, value) in tags {
                request = request.tag(key, value);
            }
            request.send().await.map(|_| ()).map_err(|e| e.to_string())
        }
        Call::Untag { ids, keys } => client
            .untag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .set_resource_id(ids.clone())
            .set_tag_key(keys.clone())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Call::UntagAll { ids } => client
            .untag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .set_resource_id(ids.clone())
            .all(true)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

/// Fails with the tags that are missing, extra or different, rather than
/// with two maps of dozens of entries.
fn assert_same(listed: &State, expected: &State, how: &str) {
    let mut differences = Vec::new();
    for (pair, value) in expected {
        match listed.get(pair) {
            None => differences.push(format!("lost {pair:?}={value:?}")),
            Some(found) if found != value => {
                differences.push(format!("{pair:?} is {found:?}, expected {value:?}"))
            }
            Some(_) => {}
        }
    }
    for (pair, value) in listed {
        if !expected.contains_key(pair) {
            differences.push(format!("extra {pair:?}={value:?}"));
        }
    }
    assert!(differences.is_empty(), "{how}: {differences:#?}");
}

fn all_resources() -> Vec<String> {
    let mut ids: Vec<String> = SHARED.iter().map(|id| (*id).to_owned()).collect();
    for task in 0..TASKS {
        ids.extend([own(task, 0), own(task, 1)]);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_tasks_of_500_mixed_calls_neither_lose_nor_duplicate_a_tag() {
    // Small pages, so that the listings below page too.
    let emulator = start_with(
        all_resources().iter().map(|id| instance(id)).collect(),
        |config| config.page_size = 5,
    )
    .await;
    let plans: Vec<Vec<Call>> = (0..TASKS).map(plan).collect();
    let count = |is: fn(&Call) -> bool| plans.iter().flatten().filter(|call| is(call)).count();
    for (kind, count) in [
        (
            "TagResources",
            count(|call| matches!(call, Call::Tag { .. })),
        ),
        (
            "UntagResources by key",
            count(|call| matches!(call, Call::Untag { .. })),
        ),
        (
            "UntagResources All",
            count(|call| matches!(call, Call::UntagAll { .. })),
        ),
    ] {
        assert!(count > 200, "the plan has too few {kind} calls: {count}");
    }

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (task, calls) in plans.iter().cloned().enumerate() {
        // Half the tasks sign with V1, half with V3.
        let version = if task % 2 == 0 {
            SignatureVersion::V3
        } else {
            SignatureVersion::V1
        };
        let client = client(&emulator, version);
        tasks.push(tokio::spawn(async move {
            for (n, call) in calls.iter().enumerate() {
                if let Err(error) = run(&client, call).await {
                    panic!("task {task} call {n} {call:?}: {error}");
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("a task panicked");
    }
    eprintln!(
        "{} calls from {TASKS} tasks in {:?}",
        TASKS * CALLS,
        started.elapsed()
    );

    let mut expected = State::new();
    for calls in &plans {
        apply(&mut expected, calls);
    }
    assert!(
        expected.keys().any(|(id, _)| id.starts_with("i-shared")),
        "the shared resources end with tags"
    );
    assert_eq!(emulator.handler().tag_count(), expected.len());

    let client = client(&emulator, SignatureVersion::V3);
    let list = || {
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
    };
    let as_state = |rows: Vec<Row>| -> State {
        let mut state = State::new();
        for (id, key, value) in rows {
            let previous = state.insert((id.clone(), key.clone()), value);
            assert!(previous.is_none(), "({id}, {key}) listed twice");
        }
        state
    };

    // By resource ID: every tag of every resource, over many pages.
    let by_id = all_rows(list().set_resource_id(all_resources()).into_paginator()).await;
    assert!(by_id.len() > 20, "only {} tags are left", by_id.len());
    assert_same(&as_state(by_id), &expected, "by ResourceId");

    // By fuzzy key: every tag, found through the key index.
    let by_filter = all_rows(
        list()
            .tag_filter(TagFilter::default().tag_key("t*"))
            .into_paginator(),
    )
    .await;
    assert_same(&as_state(by_filter), &expected, "by TagFilter t*");

    // By each exact key: the value index holds exactly the surviving tags.
    for task in 0..TASKS {
        for n in 0..2 {
            let key = key(task, n);
            let found =
                all_rows(list().tag_item(Tag::key_only(key.clone())).into_paginator()).await;
            let wanted: State = expected
                .iter()
                .filter(|((_, k), _)| *k == key)
                .map(|(pair, value)| (pair.clone(), value.clone()))
                .collect();
            assert_same(&as_state(found), &wanted, &format!("by Tag.1.Key={key}"));
        }
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_never_push_a_resource_past_20_tags() {
    const WRITERS: usize = 8;
    const ATTEMPTS: usize = 6;
    let emulator = start(vec![instance("i-hot")]).await;
    let mut tasks = Vec::new();
    for task in 0..WRITERS {
        let client = client(&emulator, SignatureVersion::V3);
        tasks.push(tokio::spawn(async move {
            let mut added = Vec::new();
            for attempt in 0..ATTEMPTS {
                let key = format!("w{task}-{attempt}");
                let result = client
                    .tag_resources()
                    .region_id(REGION)
                    .resource_type("instance")
                    .resource_id("i-hot")
                    .tag(key.clone(), "v")
                    .send()
                    .await;
                match result {
                    Ok(_) => added.push(key),
                    Err(SdkError::Service(TagResourcesError::OperationDeniedQuotaExceed(_))) => {}
                    Err(other) => panic!("writer {task}: {other}"),
                }
            }
            added
        }));
    }
    let mut accepted = BTreeSet::new();
    for task in tasks {
        accepted.extend(task.await.expect("a writer panicked"));
    }
    assert_eq!(accepted.len(), 20, "exactly 20 of 48 new keys fit");

    let client = client(&emulator, SignatureVersion::V1);
    let rows = all_rows(
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .resource_id("i-hot")
            .into_paginator(),
    )
    .await;
    let keys: BTreeSet<String> = rows.into_iter().map(|(_, key, _)| key).collect();
    assert_eq!(
        keys, accepted,
        "the resource holds exactly the accepted keys"
    );
    assert_eq!(emulator.handler().tag_count(), 20);
    emulator.shutdown().await;
}
