//! The verifier against every signing vector that Alibaba's official Python
//! SDK computed (`fixtures/signing/`): each vector's final query and
//! headers must be accepted with the vector's key at the vector's time, and
//! refused with `SignatureDoesNotMatch` once one byte changes.

use hyper::header::{HeaderName, HeaderValue};
use hyper::HeaderMap;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::signature::{verify, AuthError, IncomingRequest, SignatureVersion};
use super::{AccessKeys, Secret};
use crate::form;

fn vectors(file: &str) -> Vec<Value> {
    let list = ecs_fixtures::signing_vectors(file);
    assert!(!list.is_empty(), "{file} has no vectors");
    list
}

/// One vector as the emulator would receive it.
struct Case {
    name: String,
    method: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    keys: AccessKeys,
    now: OffsetDateTime,
}

impl Case {
    fn from_vector(vector: &Value) -> Case {
        let inputs = &vector["inputs"];
        let mut keys = AccessKeys::new();
        keys.insert(
            inputs["access_key_id"].as_str().unwrap(),
            Secret::new(inputs["access_key_secret"].as_str().unwrap()),
        );
        let mut headers = HeaderMap::new();
        for (name, value) in vector["request_headers_set_by_sdk"].as_object().unwrap() {
            headers.append(
                HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).unwrap(),
                HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
            );
        }
        Case {
            name: vector["name"].as_str().unwrap().to_owned(),
            method: vector["http_method"].as_str().unwrap_or("POST").to_owned(),
            query: form::decode(vector["final_query"].as_str().unwrap().as_bytes()),
            headers,
            keys,
            now: OffsetDateTime::parse(inputs["timestamp"].as_str().unwrap(), &Rfc3339).unwrap(),
        }
    }

    fn verify(&self) -> Result<SignatureVersion, AuthError> {
        self.verify_at(self.now)
    }

    fn verify_at(&self, now: OffsetDateTime) -> Result<SignatureVersion, AuthError> {
        let request = IncomingRequest {
            method: &self.method,
            path: "/",
            query: &self.query,
            body_params: &[],
            headers: &self.headers,
            body: b"",
        };
        verify(&request, &self.keys, now).map(|verified| verified.version)
    }

    fn flip_query_value(&mut self, key: &str) {
        let (_, value) = self
            .query
            .iter_mut()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{}: no {key}", self.name));
        *value = flip_last(value);
    }

    fn flip_header(&mut self, name: &'static str) {
        let value = self.headers[name].to_str().unwrap().to_owned();
        self.headers
            .insert(name, HeaderValue::from_str(&flip_last(&value)).unwrap());
    }
}

/// The same text with its last character changed.
fn flip_last(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let last = chars.last_mut().expect("a non-empty value");
    // A digit, so that the change survives case-insensitive hex too.
    *last = if *last == '0' { '1' } else { '0' };
    chars.into_iter().collect()
}

fn assert_mismatch(case: &Case, what: &str) {
    match case.verify() {
        Err(AuthError::Mismatch { .. }) => {}
        other => panic!("{} with {what} changed: {other:?}", case.name),
    }
}

#[test]
fn every_v1_vector_is_accepted() {
    for vector in vectors("v1-vectors.json") {
        let case = Case::from_vector(&vector);
        assert_eq!(case.verify(), Ok(SignatureVersion::V1), "{}", case.name);
    }
}

#[test]
fn every_v1_vector_is_refused_after_one_byte_changes() {
    for vector in vectors("v1-vectors.json") {
        let mut case = Case::from_vector(&vector);
        case.flip_query_value("RegionId");
        assert_mismatch(&case, "RegionId");

        let mut case = Case::from_vector(&vector);
        case.flip_query_value("Signature");
        assert_mismatch(&case, "Signature");
    }
}

#[test]
fn every_v3_vector_is_accepted() {
    for vector in vectors("v3-vectors.json") {
        let case = Case::from_vector(&vector);
        assert_eq!(case.verify(), Ok(SignatureVersion::V3), "{}", case.name);
    }
}

#[test]
fn every_v3_vector_is_refused_after_one_byte_changes() {
    for vector in vectors("v3-vectors.json") {
        let mut case = Case::from_vector(&vector);
        case.flip_query_value("RegionId");
        assert_mismatch(&case, "RegionId");

        let mut case = Case::from_vector(&vector);
        case.flip_header("x-acs-action");
        assert_mismatch(&case, "x-acs-action");

        let mut case = Case::from_vector(&vector);
        case.flip_header("authorization");
        assert_mismatch(&case, "the signature");
    }
}

#[test]
fn a_vector_is_expired_more_than_15_minutes_either_side_of_its_timestamp() {
    for file in ["v1-vectors.json", "v3-vectors.json"] {
        let case = Case::from_vector(&vectors(file)[0]);
        for minutes in [-15, 15] {
            assert!(case
                .verify_at(case.now + Duration::minutes(minutes))
                .is_ok());
        }
        for minutes in [-16, 16] {
            assert_eq!(
                case.verify_at(case.now + Duration::minutes(minutes)),
                Err(AuthError::TimestampExpired),
                "{file}"
            );
        }
    }
}

#[test]
fn a_vector_signed_by_an_unknown_key_is_refused_as_such() {
    for file in ["v1-vectors.json", "v3-vectors.json"] {
        let mut case = Case::from_vector(&vectors(file)[0]);
        case.keys = AccessKeys::new();
        case.keys.insert("someone-else", Secret::new("x"));
        assert_eq!(case.verify(), Err(AuthError::UnknownAccessKey), "{file}");
    }
}

#[test]
fn a_v3_vector_with_a_body_that_does_not_match_its_hash_is_refused() {
    let case = Case::from_vector(&vectors("v3-vectors.json")[0]);
    let request = IncomingRequest {
        method: &case.method,
        path: "/",
        query: &case.query,
        body_params: &[],
        headers: &case.headers,
        body: b"smuggled",
    };
    assert!(matches!(
        verify(&request, &case.keys, case.now),
        Err(AuthError::Mismatch { .. })
    ));
}

#[test]
fn a_request_without_any_signature_is_incomplete() {
    let case = Case::from_vector(&vectors("v1-vectors.json")[0]);
    let query: Vec<(String, String)> = case
        .query
        .iter()
        .filter(|(key, _)| key != "Signature")
        .cloned()
        .collect();
    let request = IncomingRequest {
        method: "POST",
        path: "/",
        query: &query,
        body_params: &[],
        headers: &HeaderMap::new(),
        body: b"",
    };
    assert_eq!(
        verify(&request, &case.keys, case.now),
        Err(AuthError::Incomplete {
            missing: "Signature"
        })
    );
}
