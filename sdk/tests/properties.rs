//! Properties that must hold for every input, not only the examples:
//! a typed request survives the trip to wire parameters and back (as the
//! emulator reads it), signing depends on nothing but its input, and no
//! response a server can send makes the client panic or print a control
//! character.
//!
//! Case counts are modest so that the suite stays quick on two cores; the
//! properties are cheap, so a failure shows up within them.

use alibabacloud_ecs::operation::describe_instances::DescribeInstancesOutput;
use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesOutput;
use alibabacloud_ecs::operation::{list_tag_resources, tag_resources};
use alibabacloud_ecs::runtime::client::interpret_response;
use alibabacloud_ecs::runtime::sign::{self, SigningInput};
use alibabacloud_ecs::runtime::ResponseError;
use alibabacloud_ecs::{Credentials, SdkError, SignatureVersion};
use bytes::Bytes;
use proptest::prelude::*;
use serde_json::Value;

/// Tag keys and values within the documented 1-128 characters, from any
/// printable characters (CJK, spaces, `&=+%` that need encoding), but not
/// starting with the reserved `aliyun` / `acs:` prefixes.
fn tag_text(min: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("k\\PC{{{},40}}", min.saturating_sub(1)))
        .expect("a valid regex")
}

fn resource_ids() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[a-z]-[a-z0-9]{1,20}", 0..6)
}

fn resource_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "instance",
        "disk",
        "snapshot",
        "image",
        "securitygroup",
    ])
}

/// Distinct tags: the service refuses a key given twice.
fn tags(max: usize) -> impl Strategy<Value = Vec<(String, Option<String>)>> {
    proptest::collection::btree_map(tag_text(1), proptest::option::of(tag_text(0)), 0..max)
        .prop_map(|m| m.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn list_tag_resources_input_survives_the_wire(
        region in "[a-z]{2}-[a-z]{3,8}",
        kind in resource_type(),
        ids in resource_ids(),
        tags in tags(6),
        filters in proptest::collection::vec(
            (tag_text(1), proptest::collection::vec(tag_text(1), 0..3)), 0..3),
        use_filters in any::<bool>(),
        token in proptest::option::of("[a-f0-9]{8,32}"),
    ) {
        let mut builder = list_tag_resources::ListTagResourcesInput::builder()
            .region_id(region)
            .resource_type(kind);
        for id in &ids {
            builder = builder.resource_id(id);
        }
        if let Some(t) = &token {
            builder = builder.next_token(t);
        }
        // Tag and TagFilter may not be combined: one or the other.
        if use_filters {
            for (key, values) in &filters {
                let filter = values.iter().fold(
                    list_tag_resources::TagFilter::default().tag_key(key),
                    |f, v| f.tag_values(v),
                );
                builder = builder.tag_filter(filter);
            }
        } else {
            for (key, value) in &tags {
                builder = builder.tag_item(match value {
                    Some(v) => list_tag_resources::Tag::new(key, v),
                    None => list_tag_resources::Tag::key_only(key),
                });
            }
        }
        // A request build() refuses never reaches the wire; the strategies
        // make those few (no filter at all), and proptest fails the test if
        // too many cases are set aside.
        let built = builder.build();
        prop_assume!(built.is_ok());
        let input = built.expect("checked");
        let wire = input.to_wire_params();
        let decoded = list_tag_resources::ListTagResourcesInput::from_wire_params(&wire)
            .map_err(|e| TestCaseError::fail(format!("{e} for {wire:?}")))?;
        prop_assert_eq!(&decoded, &input);
        prop_assert_eq!(decoded.to_wire_params(), wire);
    }

    #[test]
    fn tag_resources_input_survives_the_wire(
        region in "[a-z]{2}-[a-z]{3,8}",
        kind in resource_type(),
        ids in resource_ids(),
        tags in tags(6),
    ) {
        let mut builder = tag_resources::TagResourcesInput::builder()
            .region_id(region)
            .resource_type(kind);
        for id in &ids {
            builder = builder.resource_id(id);
        }
        for (key, value) in &tags {
            builder = builder.tag(key, value.clone().unwrap_or_default());
        }
        let built = builder.build();
        prop_assume!(built.is_ok());
        let input = built.expect("checked");
        let wire = input.to_wire_params();
        let decoded = tag_resources::TagResourcesInput::from_wire_params(&wire)
            .map_err(|e| TestCaseError::fail(format!("{e} for {wire:?}")))?;
        prop_assert_eq!(&decoded, &input);
        prop_assert_eq!(decoded.to_wire_params(), wire);
    }

    #[test]
    fn signing_depends_only_on_its_input(
        params in proptest::collection::vec(("[A-Za-z][A-Za-z0-9.]{0,12}", "\\PC{0,20}"), 0..6),
        nonce in "[a-f0-9]{32}",
        other_nonce in "[a-f0-9]{32}",
        seconds in 0i64..4_000_000_000,
        v1 in any::<bool>(),
        token in proptest::option::of("[A-Za-z0-9]{8,20}"),
    ) {
        let version = if v1 { SignatureVersion::V1 } else { SignatureVersion::V3 };
        let mut credentials = Credentials::new("LTAI-prop-id", "prop-secret");
        if let Some(t) = &token {
            credentials = credentials.with_security_token(t);
        }
        let timestamp = sign::timestamp(
            time::OffsetDateTime::from_unix_timestamp(seconds).expect("in range"),
        );
        let headers = sign::standard_headers("prop-agent", &credentials).to_vec();
        let sign_with = |nonce: &str| {
            sign::sign(version, &SigningInput {
                method: "POST",
                host: "ecs-cn-hangzhou.aliyuncs.com",
                params: &params,
                action: "ListTagResources",
                version: "2014-05-26",
                credentials: &credentials,
                nonce,
                timestamp: &timestamp,
                extra_headers: &headers,
            })
        };
        let first = sign_with(&nonce);
        let again = sign_with(&nonce);
        prop_assert!(first == again, "same nonce and time, different signature");
        if other_nonce != nonce {
            prop_assert!(first != sign_with(&other_nonce), "the nonce is not signed");
        }
    }
}

/// Any JSON, leaning towards what error bodies hold.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec!["Code", "Message", "RequestId", "HostId", "Recommend"])
                .prop_map(str::to_owned),
            any::<String>(),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![200u16, 204, 301, 400, 403, 404, 429, 500, 502, 503]),
        0u16..1000,
    ]
}

/// What a response turns into never panics, and what it prints (the
/// error's Display) carries no control character from the server.
fn check_response(
    status: u16,
    request_id: Option<String>,
    body: Vec<u8>,
) -> Result<(), TestCaseError> {
    let result = interpret_response(status, None, request_id, Bytes::from(body));
    match (&result, status) {
        (Ok(raw), 200..=299) => {
            // Decoding as JSON (what every generated parser starts from)
            // is an error or a value, never a panic.
            // and the generated typed read of whatever JSON came never
            // panics either.
            let decoded: Result<Value, ResponseError> = raw.json();
            match decoded {
                Err(e) => {
                    prop_assert!(!e.to_string().chars().any(char::is_control), "{e}");
                }
                Ok(value) => {
                    let _ = ListTagResourcesOutput::from_json(&value);
                    let _ = DescribeInstancesOutput::from_json(&value);
                }
            }
        }
        (Ok(_), _) => prop_assert!(false, "HTTP {status} taken as a success"),
        (Err(e), _) => {
            prop_assert!(
                !(200..=299).contains(&status),
                "HTTP {status} taken as an error: {e}"
            );
            if let SdkError::Service(service) = e {
                prop_assert!(!service.code.is_empty());
                prop_assert_eq!(service.http_status, status);
            }
            let shown = e.to_string();
            prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_json_response_is_a_value_or_an_error_never_a_panic(
        status in status(),
        body in json(),
        request_id in proptest::option::of(any::<String>()),
    ) {
        check_response(status, request_id, body.to_string().into_bytes())?;
    }

    #[test]
    fn any_bytes_response_is_a_value_or_an_error_never_a_panic(
        status in status(),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        check_response(status, None, body)?;
    }
}

/// Any JSON tree whose keys are the wire names the outputs read, so that
/// the generated readers meet every kind of value where they expect one.
fn output_shaped_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "RequestId",
        "NextToken",
        "TotalCount",
        "TagResources",
        "TagResource",
        "ResourceId",
        "TagKey",
        "Instances",
        "Instance",
        "Cpu",
        "Tags",
        "Tag",
        "VpcAttributes",
        "PrivateIpAddress",
        "IpAddress",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_output_readers_never_panic_on_any_json(value in output_shaped_json()) {
        let list = ListTagResourcesOutput::from_json(&value);
        let described = DescribeInstancesOutput::from_json(&value);
        // What was read writes back and reads again to the same thing.
        prop_assert_eq!(&ListTagResourcesOutput::from_json(&list.to_json()), &list);
        prop_assert_eq!(&DescribeInstancesOutput::from_json(&described.to_json()), &described);
    }
}
