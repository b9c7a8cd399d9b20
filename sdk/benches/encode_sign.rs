//! What one ListTagResources call costs the client besides the network:
//! encoding and signing the request (V1 and V3), and parsing the response.
//!
//! Targets (issue 3): a request with 50 ResourceIds and 20 unicode tags is
//! encoded and signed in at most 20 µs (the official Python SDK takes about
//! 2,500 µs), and a 50-item response is parsed in at most 30 µs.
//!
//! `cargo bench -p alibabacloud-ecs --bench encode_sign`

use std::hint::black_box;

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesInput, ListTagResourcesInputBuilder, ListTagResourcesOutput, ResourceType,
    OPERATION,
};
use alibabacloud_ecs::runtime::sign::{self, SignatureVersion, SignedRequest, SigningInput};
use alibabacloud_ecs::runtime::RawResponse;
use alibabacloud_ecs::service::API_VERSION;
use alibabacloud_ecs::{Client, Config, Credentials};
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};

// Fixed, as in the official vectors, so every iteration signs the same bytes;
// the client draws a fresh nonce and timestamp per attempt.
const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
const TIMESTAMP: &str = "2024-06-01T12:00:00Z";

fn typical() -> ListTagResourcesInputBuilder {
    ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Instance)
        .resource_id("i-bp67acfmxazb4ph***")
        .tag("env", "prod")
}

/// The documented maxima: 50 ResourceIds and 20 tags, the tags in
/// Chinese, Japanese and symbols, with spaces and reserved characters.
fn large() -> ListTagResourcesInputBuilder {
    let mut b = ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Instance);
    for n in 0..50 {
        b = b.resource_id(format!("i-bp1{n:017}"));
    }
    for n in 0..20 {
        b = b.tag(
            format!("环境-{n} キー/key"),
            format!("生产 环境 {n} ✓ テスト & café=100%"),
        );
    }
    b
}

/// Everything the client signs with besides the request: host, user agent
/// and keys, as a configured client has them.
struct Signer {
    client: Client,
    credentials: Credentials,
}

impl Signer {
    fn new() -> Self {
        let credentials = Credentials::new("LTAI5tBenchKeyId0001", "bench-secret-0123456789");
        let config = Config::builder()
            .region_id("cn-hangzhou")
            .credentials(credentials.clone())
            .build()
            .expect("a valid config");
        Self {
            client: Client::new(config),
            credentials,
        }
    }

    /// Encodes `input` into wire parameters and signs them, as one attempt does.
    fn encode_and_sign(
        &self,
        version: SignatureVersion,
        input: &ListTagResourcesInput,
    ) -> SignedRequest {
        let params = input.to_wire_params();
        let extra = sign::standard_headers(self.client.user_agent(), &self.credentials);
        sign::sign(
            version,
            &SigningInput {
                method: "POST",
                host: &self
                    .client
                    .endpoint()
                    .expect("cn-hangzhou has an endpoint")
                    .host,
                params: &params,
                action: OPERATION.name,
                version: API_VERSION,
                credentials: &self.credentials,
                nonce: NONCE,
                timestamp: TIMESTAMP,
                extra_headers: &extra,
            },
        )
    }
}

fn bench_encode_sign(c: &mut Criterion) {
    let signer = Signer::new();
    let mut group = c.benchmark_group("encode_sign");
    for (name, builder) in [("typical", typical()), ("50_ids_20_unicode_tags", large())] {
        let input = builder.clone().build().expect("a valid request");
        for (label, version) in [("v1", SignatureVersion::V1), ("v3", SignatureVersion::V3)] {
            let signed = signer.encode_and_sign(version, &input);
            assert!(!signed.query.is_empty());
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| signer.encode_and_sign(version, black_box(&input)))
            });
        }
    }
    group.finish();

    // The same with the builder's checks (lengths in characters, duplicate
    // keys, rules), which a call runs once before its first attempt.
    let mut group = c.benchmark_group("build_encode_sign");
    let builder = large();
    for (label, version) in [("v1", SignatureVersion::V1), ("v3", SignatureVersion::V3)] {
        group.bench_function(format!("50_ids_20_unicode_tags/{label}"), |b| {
            b.iter(|| {
                let input = black_box(&builder).clone().build().expect("valid");
                signer.encode_and_sign(version, &input)
            })
        });
    }
    group.finish();
}

/// A 50-item response body, shaped as the service sends it.
fn response_body(items: usize) -> Vec<u8> {
    let tag_resources: Vec<serde_json::Value> = (0..items)
        .map(|n| {
            serde_json::json!({
                "ResourceType": "instance",
                "TagValue": format!("生产-{n}"),
                "ResourceId": format!("i-bp1{n:017}"),
                "TagKey": format!("env-{}", n % 7),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "NextToken": "caeba0bbb2be03f84eb48b699f0a****",
        "RequestId": "484256DA-D816-44D2-9D86-B6EE4D5BA78C",
        "TagResources": { "TagResource": tag_resources },
    }))
    .expect("serialisable")
}

fn bench_parse(c: &mut Criterion) {
    let body = response_body(50);
    let value: serde_json::Value = serde_json::from_slice(&body).expect("parses");
    let parsed = ListTagResourcesOutput::from_json(&value);
    assert_eq!(parsed.tag_resources.map(|t| t.tag_resource.len()), Some(50));

    let mut group = c.benchmark_group("parse");
    // The yardstick: serde_json's own parse into a Value, which the typed
    // read below starts from.
    group.bench_function("50_items/serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap())
    });
    // The client's own path: the object check, the JSON parse, then the
    // generated typed read.
    let raw = RawResponse {
        status: 200,
        body: Bytes::from(body.clone()),
        request_id: Some("484256DA-D816-44D2-9D86-B6EE4D5BA78C".to_owned()),
    };
    group.bench_function("50_items/client_decode", |b| {
        b.iter(|| ListTagResourcesOutput::from_json(&black_box(&raw).json().unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench_encode_sign, bench_parse);
criterion_main!(benches);
