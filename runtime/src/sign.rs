//! Request signing, byte for byte as the official SDK does it.
//!
//! [`sign`] is a pure function: the caller supplies the nonce and the
//! timestamp (fresh for every attempt), so the official test vectors can be
//! fed through exactly the code path the client uses.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::credentials::Credentials;
use super::percent;

/// Which signature the client puts on requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256`, in the `Authorization` header; the official SDK's default.
    #[default]
    V3,
    /// `HMAC-SHA1` with `SignatureVersion=1.0`, in the query string.
    V1,
}

/// Everything a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    pub method: &'a str,
    /// The endpoint, with its port if any; sent and signed as `host`.
    pub host: &'a str,
    /// The operation's parameters in the order they go on the wire.
    pub params: &'a [(String, String)],
    pub action: &'a str,
    pub version: &'a str,
    pub credentials: &'a Credentials,
    pub nonce: &'a str,
    /// UTC, `2024-06-01T12:00:00Z`; see [`timestamp`].
    pub timestamp: &'a str,
    /// Sent as given; V3 signs them like every other header.
    pub extra_headers: &'a [(&'a str, &'a str)],
}

/// What goes on the wire: the query string (form-encoded, without `?`) and
/// the headers, names in lower case.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub query: String,
    pub headers: Vec<(String, String)>,
}

/// The hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Signs a request with an empty body.
pub fn sign(version: SignatureVersion, input: &SigningInput<'_>) -> SignedRequest {
    match version {
        SignatureVersion::V3 => v3(input).1,
        SignatureVersion::V1 => v1(input).1,
    }
}

/// The headers that every attempt sends besides the signer's own, in the
/// form the client passes them to [`sign`].
pub fn standard_headers<'a>(
    user_agent: &'a str,
    credentials: &'a Credentials,
) -> [(&'a str, &'a str); 2] {
    [
        ("user-agent", user_agent),
        ("x-acs-credentials-provider", credentials.provider_name()),
    ]
}

/// The timestamp format both signatures use.
pub fn timestamp(now: time::OffsetDateTime) -> String {
    let t = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A fresh nonce: 32 lower-case hex characters, as the official SDK sends.
pub fn nonce() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// The intermediate strings of a V3 signature, kept for the vector tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct V3Parts {
    pub canonical_query: String,
    pub canonical_headers: String,
    pub signed_headers: String,
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

pub(crate) fn v3(input: &SigningInput<'_>) -> (V3Parts, SignedRequest) {
    let c = input.credentials;
    let mut headers: Vec<(String, String)> = Vec::with_capacity(11 + input.extra_headers.len());
    let mut add = |k: &str, v: &str| headers.push((k.to_owned(), v.to_owned()));
    add("host", input.host);
    add("x-acs-action", input.action);
    add("x-acs-version", input.version);
    add("x-acs-date", input.timestamp);
    add("x-acs-signature-nonce", input.nonce);
    add("accept", "application/json");
    add("x-acs-content-sha256", EMPTY_BODY_SHA256);
    if let Some(token) = c.security_token() {
        add("x-acs-accesskey-id", c.access_key_id());
        add("x-acs-security-token", token);
    }
    for (k, v) in input.extra_headers {
        add(&k.to_ascii_lowercase(), v);
    }

    let mut sorted: Vec<(String, &str)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim()))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical_headers = String::new();
    let mut signed_headers = String::new();
    for (k, v) in &sorted {
        canonical_headers.push_str(k);
        canonical_headers.push(':');
        canonical_headers.push_str(v);
        canonical_headers.push('\n');
        if !signed_headers.is_empty() {
            signed_headers.push(';');
        }
        signed_headers.push_str(k);
    }

    // Keys are sorted and written raw; only values are encoded.
    let encoded =
        percent::EncodedParams::new(input.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut canonical_query = String::with_capacity(input.params.len() * 32);
    for (n, i) in encoded.sorted_by_raw_key().into_iter().enumerate() {
        if n > 0 {
            canonical_query.push('&');
        }
        canonical_query.push_str(encoded.raw_key(i));
        canonical_query.push('=');
        canonical_query.push_str(encoded.value(i));
    }

    let canonical_request = format!(
        "{}\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{EMPTY_BODY_SHA256}",
        input.method
    );
    let string_to_sign = format!(
        "{V3_ALGORITHM}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let signature = hex(&hmac_sha256(
        c.access_key_secret().as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{V3_ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
        c.access_key_id()
    );
    headers.push(("authorization".to_owned(), authorization.clone()));

    let query = encoded.form_query();
    (
        V3Parts {
            canonical_query,
            canonical_headers,
            signed_headers,
            canonical_request,
            string_to_sign,
            signature,
            authorization,
        },
        SignedRequest { query, headers },
    )
}

/// The intermediate strings of a V1 signature, kept for the vector tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct V1Parts<'a> {
    /// Every query parameter but `Signature`, in wire order.
    pub signed_params: Vec<(&'a str, &'a str)>,
    pub canonical_query: String,
    pub string_to_sign: String,
    pub signature: String,
}

pub(crate) fn v1<'a>(input: &SigningInput<'a>) -> (V1Parts<'a>, SignedRequest) {
    let c = input.credentials;
    // Borrowed: a request may carry a hundred parameters.
    let mut signed: Vec<(&'a str, &'a str)> = Vec::with_capacity(input.params.len() + 10);
    let mut add = |k: &'a str, v: &'a str| signed.push((k, v));
    add("Action", input.action);
    add("Format", "json");
    add("Version", input.version);
    add("Timestamp", input.timestamp);
    add("SignatureNonce", input.nonce);
    for (k, v) in input.params {
        add(k, v);
    }
    if let Some(token) = c.security_token() {
        add("SecurityToken", token);
    }
    add("SignatureMethod", "HMAC-SHA1");
    add("SignatureVersion", "1.0");
    add("AccessKeyId", c.access_key_id());

    // Byte order, so that Tag.1 < Tag.10 < Tag.2.
    let encoded = percent::EncodedParams::new(signed.iter().copied());
    let order = encoded.sorted_by_raw_key();
    let mut canonical_query = String::with_capacity(signed.len() * 32);
    // The string to sign is the canonical query encoded once more; it is
    // written from the raw pairs, which is one pass instead of two.
    let mut string_to_sign = String::with_capacity(16 + signed.len() * 64);
    string_to_sign.push_str(input.method);
    string_to_sign.push_str("&%2F&");
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            canonical_query.push('&');
            string_to_sign.push_str("%26");
        }
        canonical_query.push_str(encoded.key(i));
        canonical_query.push('=');
        canonical_query.push_str(encoded.value(i));
        let (raw_key, raw_value) = signed[i];
        percent::encode_twice_into(&mut string_to_sign, raw_key);
        string_to_sign.push_str("%3D");
        percent::encode_twice_into(&mut string_to_sign, raw_value);
    }
    let key = format!("{}&", c.access_key_secret());
    let signature = base64::engine::general_purpose::STANDARD
        .encode(hmac_sha1(key.as_bytes(), string_to_sign.as_bytes()));

    let mut query = encoded.form_query();
    query.push_str("&Signature=");
    percent::encode_form_into(&mut query, &signature);
    // V1 signs no header; these are the ones the official SDK sends anyway.
    let mut headers = vec![
        ("host".to_owned(), input.host.to_owned()),
        ("x-acs-version".to_owned(), input.version.to_owned()),
        ("x-acs-action".to_owned(), input.action.to_owned()),
    ];
    for (k, v) in input.extra_headers {
        headers.push((k.to_ascii_lowercase(), (*v).to_owned()));
    }
    (
        V1Parts {
            signed_params: signed,
            canonical_query,
            string_to_sign,
            signature,
        },
        SignedRequest { query, headers },
    )
}

/// Everything an anonymous request carries: a [`SigningInput`] without
/// credentials.
#[derive(Debug, Clone, Copy)]
pub struct AnonymousInput<'a> {
    pub host: &'a str,
    pub params: &'a [(String, String)],
    pub action: &'a str,
    pub version: &'a str,
    pub nonce: &'a str,
    pub timestamp: &'a str,
    pub extra_headers: &'a [(&'a str, &'a str)],
}

/// An operation the service accepts without a signature (STS's
/// AssumeRoleWithOIDC), in the same shape as a signed one of `version`, as
/// the official SDK sends it: V3 without `authorization` and the key's
/// headers, V1 without `AccessKeyId`, `Signature`, `SignatureMethod`,
/// `SignatureVersion` and `SecurityToken`.
pub fn anonymous(version: SignatureVersion, input: &AnonymousInput<'_>) -> SignedRequest {
    let mut headers = vec![
        ("host".to_owned(), input.host.to_owned()),
        ("x-acs-action".to_owned(), input.action.to_owned()),
        ("x-acs-version".to_owned(), input.version.to_owned()),
    ];
    let query = match version {
        SignatureVersion::V3 => {
            headers.push(("x-acs-date".to_owned(), input.timestamp.to_owned()));
            headers.push(("x-acs-signature-nonce".to_owned(), input.nonce.to_owned()));
            headers.push(("accept".to_owned(), "application/json".to_owned()));
            headers.push((
                "x-acs-content-sha256".to_owned(),
                EMPTY_BODY_SHA256.to_owned(),
            ));
            percent::EncodedParams::new(input.params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .form_query()
        }
        SignatureVersion::V1 => {
            let common = [
                ("Action", input.action),
                ("Format", "json"),
                ("Version", input.version),
                ("Timestamp", input.timestamp),
                ("SignatureNonce", input.nonce),
            ];
            let all: Vec<(&str, &str)> = common
                .into_iter()
                .chain(input.params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .collect();
            percent::EncodedParams::new(all.into_iter()).form_query()
        }
    };
    for (k, v) in input.extra_headers {
        headers.push((k.to_ascii_lowercase(), (*v).to_owned()));
    }
    SignedRequest { query, headers }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    s
}

/// Header names whose values are secret or let a request be replayed.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-acs-security-token")
}

/// The query string with `SecurityToken` and `Signature` values hidden.
pub(crate) fn redacted_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k @ ("SecurityToken" | "Signature"), _)) => format!("{k}=** redacted **"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if is_sensitive_header(k) {
                    "** redacted **"
                } else {
                    v.as_str()
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("query", &redacted_query(&self.query))
            .field("headers", &headers)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Json;
    use std::cmp::Ordering;

    /// The official SDK's wire order: by top-level name, then by each
    /// numeric index as a number (`ResourceId.2` before `ResourceId.10`).
    fn official_order(a: &str, b: &str) -> Ordering {
        let mut xs = a.split('.');
        let mut ys = b.split('.');
        loop {
            match (xs.next(), ys.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) => {
                    let o = match (x.parse::<u64>(), y.parse::<u64>()) {
                        (Ok(m), Ok(n)) => m.cmp(&n),
                        _ => x.cmp(y),
                    };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
            }
        }
    }

    /// `flattened_request_params` as the generated code hands them over.
    fn wire_params(vector: &Json) -> Vec<(String, String)> {
        let obj = vector["flattened_request_params"]
            .as_object()
            .expect("flattened_request_params is an object");
        let mut params: Vec<(String, String)> = obj
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("string value").to_owned()))
            .collect();
        params.sort_by(|a, b| official_order(&a.0, &b.0));
        params
    }

    fn credentials(vector: &Json) -> Credentials {
        let i = &vector["inputs"];
        let c = Credentials::new(
            i["access_key_id"].as_str().unwrap(),
            i["access_key_secret"].as_str().unwrap(),
        );
        match i.get("security_token").and_then(Json::as_str) {
            Some(t) => c.with_security_token(t),
            None => c,
        }
    }

    fn header<'a>(vector: &'a Json, name: &str) -> &'a str {
        vector["request_headers_set_by_sdk"][name]
            .as_str()
            .unwrap_or_else(|| panic!("vector {} has no header {name}", vector["name"]))
    }

    fn vectors(file: &str) -> Vec<Json> {
        let v = ecs_fixtures::signing_vectors(file);
        assert!(!v.is_empty(), "{file} holds no vectors");
        v
    }

    /// Signs `vector` through [`sign`]'s own inputs and hands the pieces to `check`.
    fn with_input<R>(vector: &Json, check: impl FnOnce(&SigningInput<'_>) -> R) -> R {
        let params = wire_params(vector);
        let creds = credentials(vector);
        let i = &vector["inputs"];
        let extra = standard_headers(header(vector, "user-agent"), &creds);
        assert_eq!(
            extra[1].1,
            header(vector, "x-acs-credentials-provider"),
            "vector {}: credentials provider name",
            vector["name"]
        );
        let input = SigningInput {
            method: vector["http_method"].as_str().unwrap(),
            host: header(vector, "host"),
            params: &params,
            action: header(vector, "x-acs-action"),
            version: header(vector, "x-acs-version"),
            credentials: &creds,
            nonce: i["signature_nonce"].as_str().unwrap(),
            timestamp: i["timestamp"].as_str().unwrap(),
            extra_headers: &extra,
        };
        check(&input)
    }

    fn sorted_headers(h: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = h
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        v.sort();
        v
    }

    fn json_headers(vector: &Json) -> Vec<(String, String)> {
        sorted_headers(
            vector["request_headers_set_by_sdk"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        )
    }

    /// The public `sign()` gives what the version's own function gave, and
    /// the query, URL and header set are the vector's.
    fn check_what_goes_on_the_wire(
        vector: &Json,
        version: SignatureVersion,
        input: &SigningInput<'_>,
        signed: SignedRequest,
    ) {
        let name = &vector["name"];
        let want = |k: &str| {
            vector[k]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no {k}"))
        };
        let public = sign(version, input);
        assert_eq!(public, signed, "{name}: sign() agrees with {version:?}");
        assert_eq!(public.query, want("final_query"), "{name}");
        let url = format!("https://{}/?{}", input.host, public.query);
        assert_eq!(url, want("final_url"), "{name}");
        assert_eq!(
            sorted_headers(public.headers),
            json_headers(vector),
            "{name}: header set"
        );
    }

    #[test]
    fn wire_params_follow_the_official_order() {
        for v in vectors("v1-vectors.json") {
            let ours: Vec<String> = wire_params(&v).into_iter().map(|p| p.0).collect();
            let common = [
                "Action",
                "Format",
                "Version",
                "Timestamp",
                "SignatureNonce",
                "SecurityToken",
                "SignatureMethod",
                "SignatureVersion",
                "AccessKeyId",
                "Signature",
            ];
            let theirs: Vec<String> = v["final_query_pairs_in_wire_order"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_str().unwrap().to_owned())
                .filter(|k| !common.contains(&k.as_str()))
                .collect();
            assert_eq!(ours, theirs, "vector {}", v["name"]);
        }
    }

    #[test]
    fn v3_signature_matches_every_official_vector() {
        let all = vectors("v3-vectors.json");
        for v in &all {
            let name = &v["name"];
            let want = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{name}: no {k}"));
            assert_eq!(want("signature_algorithm"), V3_ALGORITHM);
            assert_eq!(want("hashed_payload"), EMPTY_BODY_SHA256);
            with_input(v, |input| {
                let (parts, signed) = v3(input);
                assert_eq!(
                    parts.canonical_query,
                    want("canonical_query_string"),
                    "{name}"
                );
                assert_eq!(parts.canonical_headers, want("canonical_headers"), "{name}");
                assert_eq!(parts.signed_headers, want("signed_headers"), "{name}");
                assert_eq!(parts.canonical_request, want("canonical_request"), "{name}");
                assert_eq!(parts.string_to_sign, want("string_to_sign"), "{name}");
                assert_eq!(parts.signature, want("signature"), "{name}");
                assert_eq!(parts.authorization, want("authorization"), "{name}");

                check_what_goes_on_the_wire(v, SignatureVersion::V3, input, signed);
            });
        }
        assert_eq!(all.len(), 8, "every V3 vector was checked");
    }

    #[test]
    fn v1_signature_matches_every_official_vector() {
        let all = vectors("v1-vectors.json");
        for v in &all {
            let name = &v["name"];
            let want = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{name}: no {k}"));
            assert_eq!(want("hmac_sha1_key"), "testsecret&");
            with_input(v, |input| {
                let (parts, signed) = v1(input);

                let wire: Vec<(String, String)> = v["final_query_pairs_in_wire_order"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap().to_owned(),
                            p[1].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                let (last, before) = wire.split_last().unwrap();
                let signed_params: Vec<(String, String)> = parts
                    .signed_params
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect();
                assert_eq!(signed_params, before, "{name}: signed params in wire order");
                assert_eq!(
                    last,
                    &("Signature".to_owned(), parts.signature.clone()),
                    "{name}"
                );
                let as_map: std::collections::BTreeMap<String, String> =
                    signed_params.into_iter().collect();
                let theirs: std::collections::BTreeMap<String, String> = v["signed_params"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
                    .collect();
                assert_eq!(as_map, theirs, "{name}: signed_params");

                assert_eq!(
                    parts.canonical_query,
                    want("canonicalized_query_string"),
                    "{name}"
                );
                assert_eq!(parts.string_to_sign, want("string_to_sign"), "{name}");
                assert_eq!(parts.signature, want("signature"), "{name}");

                check_what_goes_on_the_wire(v, SignatureVersion::V1, input, signed);
            });
        }
        assert_eq!(all.len(), 14, "every V1 vector was checked");
    }

    #[test]
    fn v1_signature_of_the_old_sdk_params_matches_its_cross_check() {
        // The old SDK adds an empty SignatureType; signing its parameter set
        // with our canonicaliser must give the old SDK's signature too.
        for v in vectors("v1-vectors.json") {
            let x = &v["old_sdk_cross_check"];
            let Some(want_sig) = x.get("old_sdk_signature").and_then(Json::as_str) else {
                continue;
            };
            let name = &v["name"];
            with_input(&v, |input| {
                let mut params = input.params.to_vec();
                params.push(("SignatureType".to_owned(), String::new()));
                let (parts, _) = v1(&SigningInput {
                    params: &params,
                    ..*input
                });
                assert_eq!(
                    parts.string_to_sign,
                    x["old_sdk_string_to_sign"].as_str().unwrap(),
                    "{name}"
                );
                assert_eq!(parts.signature, want_sig, "{name}");
            });
        }
    }

    #[test]
    fn debug_output_hides_signature_and_token() {
        for v in vectors("v1-vectors.json")
            .iter()
            .chain(vectors("v3-vectors.json").iter())
            .filter(|v| v["name"] == "sts_security_token")
        {
            with_input(v, |input| {
                for version in [SignatureVersion::V1, SignatureVersion::V3] {
                    let (shown, sig) = match version {
                        SignatureVersion::V1 => {
                            let (p, s) = v1(input);
                            (format!("{s:?}"), p.signature)
                        }
                        SignatureVersion::V3 => {
                            let (p, s) = v3(input);
                            (format!("{s:?}"), p.signature)
                        }
                    };
                    let token = input.credentials.security_token().unwrap();
                    assert!(!shown.contains(token), "{shown}");
                    assert!(!shown.contains(&percent::encode_form(token)), "{shown}");
                    assert!(!shown.contains(&sig), "{shown}");
                    assert!(!shown.contains(&percent::encode_form(&sig)), "{shown}");
                    assert!(!shown.contains("testsecret"), "{shown}");
                    assert!(shown.contains("** redacted **"), "{shown}");
                }
            });
        }
    }

    #[test]
    fn nonce_is_32_lower_case_hex_characters_and_fresh() {
        let a = nonce().unwrap();
        let b = nonce().unwrap();
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)),
            "{a}"
        );
        assert_ne!(a, b);
    }

    #[test]
    fn timestamp_is_utc_in_the_official_format() {
        let t = time::macros::datetime!(2024-06-01 20:00:00 +08:00);
        assert_eq!(timestamp(t), "2024-06-01T12:00:00Z");
        let t = time::macros::datetime!(2024-01-02 03:04:05.999 UTC);
        assert_eq!(timestamp(t), "2024-01-02T03:04:05Z");
    }

    #[test]
    fn params_with_no_entries_sign_an_empty_query() {
        let creds = Credentials::new("id", "secret");
        let input = SigningInput {
            method: "POST",
            host: "h",
            params: &[],
            action: "DescribeRegions",
            version: "2014-05-26",
            credentials: &creds,
            nonce: "n",
            timestamp: "2024-06-01T12:00:00Z",
            extra_headers: &[],
        };
        let (parts, signed) = v3(&input);
        assert_eq!(parts.canonical_query, "");
        assert!(parts.canonical_request.starts_with("POST\n/\n\naccept:"));
        assert_eq!(signed.query, "");
    }
}
