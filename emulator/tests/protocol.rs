//! The protocol, through the in-process request handler: signatures, clock,
//! nonces, actions, the error shape, and both ways of passing parameters.

use std::sync::Arc;

use bytes::Bytes;
use ecs_emulator::{EmulatorConfig, RequestHandler, SeedResource, SignatureVersion, SignedRequest};
use hyper::{Method, Request, Response};
use serde_json::Value;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const ID: &str = "test-id";
const SECRET: &str = "test-secret";
const NOW: OffsetDateTime = datetime!(2024-06-01 12:00 UTC);

fn handler() -> RequestHandler {
    let mut config = EmulatorConfig::new(ID, SECRET);
    config.seed = vec![
        SeedResource::new("cn-hangzhou", "instance", "i-001")
            .group("rg-aek2abc")
            .tag("env", "prod")
            .tag("team", "db"),
        SeedResource::new("cn-hangzhou", "instance", "i-002"),
    ];
    RequestHandler::with_clock(&config, Arc::new(|| NOW)).unwrap()
}

fn list_by_env() -> SignedRequest {
    SignedRequest::new("ListTagResources")
        .credentials(ID, SECRET)
        .timestamp(NOW)
        .param("RegionId", "cn-hangzhou")
        .param("ResourceType", "instance")
        .param("Tag.1.Key", "env")
}

fn send(handler: &RequestHandler, request: &Request<Bytes>) -> (u16, Value) {
    let response: Response<Bytes> = handler.handle(request);
    let body = serde_json::from_slice(response.body()).expect("a JSON body");
    (response.status().as_u16(), body)
}

fn expect_error(
    handler: &RequestHandler,
    request: &Request<Bytes>,
    status: u16,
    code: &str,
) -> Value {
    let (actual, body) = send(handler, request);
    assert_eq!(
        (actual, body["Code"].as_str()),
        (status, Some(code)),
        "{body}"
    );
    for field in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
        assert!(body[field].is_string(), "{field} missing from {body}");
    }
    body
}

#[test]
fn a_v3_signed_request_is_answered() {
    let (status, body) = send(&handler(), &list_by_env().build());
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["TagResources"]["TagResource"][0]["ResourceId"],
        "i-001"
    );
    assert_eq!(
        body["TagResources"]["TagResource"][0]["ResourceType"],
        "instance"
    );
}

#[test]
fn a_v1_signed_request_is_answered_by_get_and_by_post() {
    let handler = handler();
    for method in [Method::GET, Method::POST] {
        let request = list_by_env()
            .signature_version(SignatureVersion::V1)
            .method(method.clone())
            .build();
        let (status, body) = send(&handler, &request);
        assert_eq!(status, 200, "{method}: {body}");
    }
}

#[test]
fn parameters_may_come_in_a_form_body_under_both_versions() {
    let handler = handler();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let request = list_by_env()
            .signature_version(version)
            .in_form_body()
            .build();
        assert!(request.uri().query().is_none());
        let (status, body) = send(&handler, &request);
        assert_eq!(status, 200, "{version:?}: {body}");
        assert_eq!(body["TagResources"]["TagResource"][0]["TagKey"], "env");
    }
}

#[test]
fn every_response_has_a_fresh_upper_case_request_id() {
    let handler = handler();
    let (_, first) = send(&handler, &list_by_env().build());
    let (_, second) = send(&handler, &list_by_env().build());
    let first = first["RequestId"].as_str().unwrap().to_owned();
    assert_ne!(Some(first.as_str()), second["RequestId"].as_str());
    let groups: Vec<usize> = first.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{first}");
    assert!(first
        .chars()
        .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase()));
}

#[test]
fn a_wrong_signature_does_not_match() {
    let request = list_by_env().credentials(ID, "wrong-secret").build();
    expect_error(&handler(), &request, 400, "SignatureDoesNotMatch");
    let request = list_by_env()
        .credentials(ID, "wrong-secret")
        .signature_version(SignatureVersion::V1)
        .build();
    expect_error(&handler(), &request, 400, "SignatureDoesNotMatch");
}

#[test]
fn a_parameter_changed_after_signing_does_not_match() {
    let mut request = list_by_env().build();
    let tampered = request
        .uri()
        .to_string()
        .replace("Tag.1.Key=env", "Tag.1.Key=team");
    *request.uri_mut() = tampered.parse().unwrap();
    expect_error(&handler(), &request, 400, "SignatureDoesNotMatch");
}

#[test]
fn an_unknown_access_key_is_not_found() {
    let request = list_by_env().credentials("someone-else", SECRET).build();
    expect_error(&handler(), &request, 404, "InvalidAccessKeyId.NotFound");
}

#[test]
fn a_request_without_a_signature_is_incomplete() {
    let mut request = list_by_env().build();
    request.headers_mut().remove("authorization");
    let body = expect_error(&handler(), &request, 400, "IncompleteSignature");
    assert_eq!(body["HostId"], "127.0.0.1");
}

#[test]
fn a_timestamp_more_than_15_minutes_off_is_expired() {
    let handler = handler();
    for offset in [Duration::minutes(-16), Duration::minutes(16)] {
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            let request = list_by_env()
                .timestamp(NOW + offset)
                .signature_version(version)
                .build();
            expect_error(&handler, &request, 400, "InvalidTimeStamp.Expired");
        }
    }
    let request = list_by_env().timestamp(NOW + Duration::minutes(14)).build();
    assert_eq!(send(&handler, &request).0, 200);
}

#[test]
fn a_reused_nonce_is_refused() {
    let handler = handler();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let request = list_by_env()
            .signature_version(version)
            .nonce(format!("nonce-{version:?}"))
            .build();
        assert_eq!(send(&handler, &request).0, 200);
        expect_error(&handler, &request, 400, "SignatureNonceUsed");
    }
}

#[test]
fn an_unknown_action_or_version_is_not_found() {
    let handler = handler();
    let request = SignedRequest::new("DescribeQuantumComputers")
        .credentials(ID, SECRET)
        .timestamp(NOW)
        .build();
    expect_error(&handler, &request, 404, "InvalidAction.NotFound");
    let request = list_by_env().api_version("2016-03-14").build();
    expect_error(&handler, &request, 404, "InvalidAction.NotFound");
}

#[test]
fn other_methods_are_unsupported() {
    let request = list_by_env().method(Method::PUT).build();
    expect_error(&handler(), &request, 400, "UnsupportedHTTPMethod");
}

#[test]
fn operation_errors_take_their_status_and_message_from_the_operation_table() {
    let request = list_by_env().param("NextToken", "not-a-token").build();
    let body = expect_error(&handler(), &request, 403, "Invalid.NextToken");
    assert_eq!(body["Message"], "The specified NextToken is not valid.");
}

#[test]
fn garbage_gets_the_error_shape_and_never_a_panic() {
    let handler = handler();
    let cases: Vec<Request<Bytes>> = vec![
        Request::builder().uri("/?%%%&=&Signature").body(Bytes::new()).unwrap(),
        Request::builder()
            .uri("/")
            .header("authorization", "ACS3-HMAC-SHA256")
            .body(Bytes::new())
            .unwrap(),
        Request::builder()
            .uri("/")
            .header("authorization", "ACS3-HMAC-SHA256 Credential=,SignedHeaders=;;,Signature=zz")
            .header("x-acs-date", "yesterday")
            .header("x-acs-signature-nonce", "n")
            .body(Bytes::from_static(b"\xff\xfe"))
            .unwrap(),
        Request::builder()
            .method("POST")
            .uri("/?Signature=x&AccessKeyId=test-id&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=x&SignatureNonce=n")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Bytes::from_static(b"Tag.99999999999999999999.Key=%FF"))
            .unwrap(),
        Request::builder().uri("/deep/path").body(Bytes::new()).unwrap(),
    ];
    for request in &cases {
        let (status, body) = send(&handler, request);
        assert!((400..500).contains(&status), "{status} {body}");
        assert!(body["Code"].is_string());
    }
    // Valid signatures over parameters of the wrong type or size.
    for (key, value) in [("OwnerId", "twelve"), ("Tag.1.Key", &"k".repeat(129))] {
        let request = list_by_env().param(key, value).build();
        let (status, body) = send(&handler, &request);
        assert!((400..500).contains(&status), "{key}: {status} {body}");
    }
}

#[test]
fn tag_and_untag_round_trip_through_the_handler() {
    let handler = handler();
    let tag = SignedRequest::new("TagResources")
        .credentials(ID, SECRET)
        .timestamp(NOW)
        .param("RegionId", "cn-hangzhou")
        .param("ResourceType", "instance")
        .param("ResourceId.1", "i-002")
        .param("Tag.1.Key", "env")
        .param("Tag.1.Value", "dev")
        .build();
    let (status, body) = send(&handler, &tag);
    assert_eq!(status, 200, "{body}");
    assert!(body["RequestId"].is_string());
    assert_eq!(handler.tag_count(), 3);
    let untag = SignedRequest::new("UntagResources")
        .credentials(ID, SECRET)
        .timestamp(NOW)
        .signature_version(SignatureVersion::V1)
        .param("RegionId", "cn-hangzhou")
        .param("ResourceType", "instance")
        .param("ResourceId.1", "i-001")
        .param("ResourceId.2", "i-002")
        .param("All", "true")
        .build();
    assert_eq!(send(&handler, &untag).0, 200);
    assert_eq!(handler.tag_count(), 0);
}
