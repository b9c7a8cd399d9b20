//! ListTagResources by tag over a million tags, through the library's request
//! handler (signature check, decoding, query, JSON), without HTTP.
//!
//! 100,000 instances carry 10 tags each. Run with
//! `cargo bench -p ecs-emulator --bench list_by_tag`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ecs_emulator::{EmulatorConfig, RequestHandler, SeedResource, SignedRequest};

const ID: &str = "bench-id";
const SECRET: &str = "bench-secret";
const RESOURCES: usize = 100_000;

fn loaded_handler() -> RequestHandler {
    let started = Instant::now();
    let handler = RequestHandler::new(&EmulatorConfig::new(ID, SECRET)).unwrap();
    let envs = ["prod", "dev", "staging"];
    let mut batch = Vec::with_capacity(10_000);
    for n in 0..RESOURCES {
        let mut resource = SeedResource::new("cn-hangzhou", "instance", format!("i-{n:08}"))
            .tag("env", envs[n % 3])
            .tag("team", format!("team-{}", n % 20))
            .tag("app", format!("app-{}", n % 200))
            .tag("owner", format!("user-{}", n % 10_000))
            .tag("cost-center", format!("cc-{}", n % 50));
        for k in 5..10 {
            resource = resource.tag(format!("k{k}"), format!("v-{}", (n * k) % 1000));
        }
        batch.push(resource);
        if batch.len() == batch.capacity() {
            handler.seed(std::mem::take(&mut batch)).unwrap();
        }
    }
    handler.seed(batch).unwrap();
    assert_eq!(handler.tag_count(), RESOURCES * 10);
    eprintln!(
        "loaded {} tags on {RESOURCES} resources in {:.2?}",
        handler.tag_count(),
        started.elapsed()
    );
    handler
}

fn list(tags: &[(&str, &str)]) -> SignedRequest {
    let mut request = SignedRequest::new("ListTagResources")
        .credentials(ID, SECRET)
        .param("RegionId", "cn-hangzhou")
        .param("ResourceType", "instance");
    for (n, (key, value)) in tags.iter().enumerate() {
        request = request
            .param(format!("Tag.{}.Key", n + 1), *key)
            .param(format!("Tag.{}.Value", n + 1), *value);
    }
    request
}

fn bench(c: &mut Criterion) {
    let handler = loaded_handler();
    let mut group = c.benchmark_group("list_by_tag");
    group.sample_size(50);

    let cases: [(&str, SignedRequest); 4] = [
        // 33,334 matches: the first page of 50 rows.
        ("env=prod, first page", list(&[("env", "prod")])),
        // 10 matches.
        ("owner=user-42", list(&[("owner", "user-42")])),
        // Two pairs, AND: 1,667 matches (env=prod and team-0).
        (
            "env=prod AND team=team-0",
            list(&[("env", "prod"), ("team", "team-0")]),
        ),
        // A key alone: every resource.
        ("key app, any value", {
            SignedRequest::new("ListTagResources")
                .credentials(ID, SECRET)
                .param("RegionId", "cn-hangzhou")
                .param("ResourceType", "instance")
                .param("Tag.1.Key", "app")
        }),
    ];
    for (name, request) in &cases {
        let response = handler.handle(&request.build());
        assert_eq!(response.status(), 200, "{name}");
        group.bench_function(*name, |b| {
            b.iter_batched(
                || request.build(),
                |request| black_box(handler.handle(&request)),
                BatchSize::SmallInput,
            )
        });
    }

    // A page deep into the results, through NextToken.
    let mut token = String::new();
    for _ in 0..100 {
        let mut request = list(&[("env", "prod")]);
        if !token.is_empty() {
            request = request.param("NextToken", token.clone());
        }
        let response = handler.handle(&request.build());
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        token = body["NextToken"].as_str().unwrap().to_owned();
    }
    let deep = list(&[("env", "prod")]).param("NextToken", token);
    group.bench_function("env=prod, page 101 by NextToken", |b| {
        b.iter_batched(
            || deep.build(),
            |request| black_box(handler.handle(&request)),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
