//! Verifying request signatures, written from the protocol description in
//! `fixtures/signing/README.md` and independent of the SDK's signer,
//! so that a bug in one cannot hide the same bug in the other.
//!
//! - V3, `ACS3-HMAC-SHA256`: the `Authorization` header names the AccessKey
//!   ID, the signed headers and the hex signature; the canonical request is
//!   rebuilt from the query as received (decoded, then re-encoded), the signed
//!   headers' values and the body's SHA-256.
//! - V1, `HMAC-SHA1`: `Signature`, `SignatureMethod`, `SignatureVersion=1.0`,
//!   `AccessKeyId`, `Timestamp` and `SignatureNonce` are parameters; the
//!   string to sign covers every parameter but `Signature`, query and form
//!   body alike.
//!
//! The signing helpers at the end ([`sign_v1`], [`sign_v3`]) are the same
//! computation run forwards; the emulator's own tests and benchmark use them
//! to make requests without depending on the SDK.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use hyper::HeaderMap;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::AccessKeys;

/// How far a request's timestamp may be from the emulator's clock, either way.
pub const ALLOWED_CLOCK_SKEW: Duration = Duration::minutes(15);

/// The V3 algorithm name, as it opens the `Authorization` header.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Only `A-Z a-z 0-9 - _ . ~` stay as they are, as both versions require.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A request as it arrived, with its query and form body already decoded.
#[derive(Debug, Clone, Copy)]
pub struct IncomingRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub body_params: &'a [(String, String)],
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    V1,
    V3,
}

/// What a valid signature vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRequest {
    pub version: SignatureVersion,
    pub access_key_id: String,
    pub nonce: String,
    pub timestamp: OffsetDateTime,
}

/// Why a request's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// No signature, or one that lacks a part; `missing` names the part.
    Incomplete {
        missing: &'static str,
    },
    /// A signature method or algorithm other than the two supported.
    UnsupportedMethod,
    /// The AccessKey ID is not one the emulator was started with.
    UnknownAccessKey,
    /// The signature differs from the emulator's computation of it.
    Mismatch {
        string_to_sign: String,
    },
    TimestampMalformed,
    TimestampExpired,
}

impl AuthError {
    /// The service's error code for this failure.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Incomplete { .. } => "IncompleteSignature",
            AuthError::UnsupportedMethod => "InvalidSignatureMethod",
            AuthError::UnknownAccessKey => "InvalidAccessKeyId.NotFound",
            AuthError::Mismatch { .. } => "SignatureDoesNotMatch",
            AuthError::TimestampMalformed => "InvalidTimeStamp.Format",
            AuthError::TimestampExpired => "InvalidTimeStamp.Expired",
        }
    }
}

/// Checks the request's signature (V3 when it has an `Authorization`
/// header, V1 otherwise) against `keys`, and its timestamp against `now`.
///
/// The signature is checked before the timestamp: what an unsigned request
/// claims about its own age means nothing.
pub fn verify(
    request: &IncomingRequest<'_>,
    keys: &AccessKeys,
    now: OffsetDateTime,
) -> Result<VerifiedRequest, AuthError> {
    let verified = if request.headers.contains_key(hyper::header::AUTHORIZATION) {
        verify_v3(request, keys)?
    } else {
        verify_v1(request, keys)?
    };
    check_timestamp(&verified.1, now).map(|timestamp| VerifiedRequest {
        timestamp,
        ..verified.0
    })
}

/// The verified parts, and the raw timestamp still to check.
type Unchecked = (VerifiedRequest, String);

fn verify_v1(request: &IncomingRequest<'_>, keys: &AccessKeys) -> Result<Unchecked, AuthError> {
    let params: Vec<&(String, String)> = request
        .query
        .iter()
        .chain(request.body_params.iter())
        .collect();
    let get = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let require = |name: &'static str| get(name).ok_or(AuthError::Incomplete { missing: name });

    let signature = require("Signature")?;
    let access_key_id = require("AccessKeyId")?;
    let method = require("SignatureMethod")?;
    if method != "HMAC-SHA1" {
        return Err(AuthError::UnsupportedMethod);
    }
    if require("SignatureVersion")? != "1.0" {
        return Err(AuthError::Incomplete {
            missing: "SignatureVersion",
        });
    }
    let timestamp = require("Timestamp")?;
    let nonce = require("SignatureNonce")?;
    let secret = keys
        .secret_of(access_key_id)
        .ok_or(AuthError::UnknownAccessKey)?;

    let signed: Vec<(String, String)> = params
        .iter()
        .filter(|(key, _)| key != "Signature")
        .map(|pair| (*pair).clone())
        .collect();
    let string_to_sign = v1_string_to_sign(request.method, &signed);
    let expected = v1_signature(secret.expose(), &string_to_sign);
    if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(AuthError::Mismatch { string_to_sign });
    }
    Ok((
        VerifiedRequest {
            version: SignatureVersion::V1,
            access_key_id: access_key_id.to_owned(),
            nonce: nonce.to_owned(),
            timestamp: OffsetDateTime::UNIX_EPOCH,
        },
        timestamp.to_owned(),
    ))
}

/// The parts of a V3 `Authorization` header.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(header: &str) -> Result<Authorization<'_>, AuthError> {
    let header = header.trim();
    let (algorithm, rest) = header.split_once(' ').unwrap_or((header, ""));
    if algorithm != V3_ALGORITHM {
        // Another ACS3 algorithm (SM3, RSA) is a method we do not support;
        // anything else is not a V3 signature at all.
        return Err(if algorithm.starts_with("ACS3-") {
            AuthError::UnsupportedMethod
        } else {
            AuthError::Incomplete {
                missing: "Authorization",
            }
        });
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", value)) => credential = Some(value),
            Some(("SignedHeaders", value)) => signed_headers = Some(value),
            Some(("Signature", value)) => signature = Some(value),
            _ => {}
        }
    }
    Ok(Authorization {
        credential: credential.ok_or(AuthError::Incomplete {
            missing: "Credential",
        })?,
        signed_headers: signed_headers.ok_or(AuthError::Incomplete {
            missing: "SignedHeaders",
        })?,
        signature: signature.ok_or(AuthError::Incomplete {
            missing: "Signature",
        })?,
    })
}

fn verify_v3(request: &IncomingRequest<'_>, keys: &AccessKeys) -> Result<Unchecked, AuthError> {
    let header_text = |name: &str| {
        let values: Vec<String> = request
            .headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    let authorization = header_text("authorization").unwrap_or_default();
    let authorization = parse_authorization(&authorization)?;
    let timestamp = header_text("x-acs-date").ok_or(AuthError::Incomplete {
        missing: "x-acs-date",
    })?;
    let nonce = header_text("x-acs-signature-nonce").ok_or(AuthError::Incomplete {
        missing: "x-acs-signature-nonce",
    })?;

    let mut signed_names: Vec<String> = authorization
        .signed_headers
        .split(';')
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect();
    signed_names.sort();
    signed_names.dedup();
    // The date, the nonce and every other x-acs- header must be covered by
    // the signature, or a replayed request could change them freely.
    for name in request.headers.keys() {
        let name = name.as_str();
        if (name == "host" || name.starts_with("x-acs-"))
            && !signed_names.iter().any(|signed| signed == name)
        {
            return Err(AuthError::Incomplete {
                missing: "SignedHeaders",
            });
        }
    }
    let secret = keys
        .secret_of(authorization.credential)
        .ok_or(AuthError::UnknownAccessKey)?;

    let body_hash = hex(&Sha256::digest(request.body));
    let payload_hash = header_text("x-acs-content-sha256").unwrap_or_else(|| body_hash.clone());
    let mut canonical_headers = Vec::with_capacity(signed_names.len());
    for name in &signed_names {
        // A header that is signed but absent cannot be what the client signed.
        let Some(value) = header_text(name) else {
            return Err(AuthError::Mismatch {
                string_to_sign: format!("(signed header {name} is missing)"),
            });
        };
        canonical_headers.push((name.clone(), value));
    }
    let canonical = v3_canonical_request(
        request.method,
        request.path,
        request.query,
        &canonical_headers,
        &payload_hash,
    );
    let string_to_sign = v3_string_to_sign(&canonical);
    let expected = v3_signature(secret.expose(), &string_to_sign);
    let body_matches = payload_hash.eq_ignore_ascii_case(&body_hash);
    let signature_matches = constant_time_eq(
        expected.as_bytes(),
        authorization.signature.to_ascii_lowercase().as_bytes(),
    );
    if !body_matches || !signature_matches {
        return Err(AuthError::Mismatch { string_to_sign });
    }
    Ok((
        VerifiedRequest {
            version: SignatureVersion::V3,
            access_key_id: authorization.credential.to_owned(),
            nonce,
            timestamp: OffsetDateTime::UNIX_EPOCH,
        },
        timestamp,
    ))
}

fn check_timestamp(raw: &str, now: OffsetDateTime) -> Result<OffsetDateTime, AuthError> {
    let timestamp =
        OffsetDateTime::parse(raw, &Rfc3339).map_err(|_| AuthError::TimestampMalformed)?;
    if (now - timestamp).abs() > ALLOWED_CLOCK_SKEW {
        return Err(AuthError::TimestampExpired);
    }
    Ok(timestamp)
}

/// Percent-encodes over UTF-8, leaving only `A-Z a-z 0-9 - _ . ~`.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// `METHOD&%2F&<encoded canonical query>`, over every parameter but
/// `Signature`, sorted by key in byte order (`Tag.1 < Tag.10 < Tag.2`).
pub fn v1_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(key, value)| (percent_encode(key), percent_encode(value)))
        .collect();
    encoded.sort();
    let canonical = join_pairs(&encoded);
    format!("{method}&%2F&{}", percent_encode(&canonical))
}

/// Base64 of HMAC-SHA1 keyed with `secret&`.
pub fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The V3 canonical request. `headers` are the signed headers, lower-case
/// names with trimmed values, sorted by name.
pub fn v3_canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    payload_hash: &str,
) -> String {
    // Keys go in raw and only values are encoded, as the official SDK does.
    let mut canonical_query: Vec<(String, String)> = query
        .iter()
        .map(|(key, value)| (key.clone(), percent_encode(value)))
        .collect();
    canonical_query.sort();
    let mut canonical_headers = String::new();
    for (name, value) in headers {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    let path = if path.is_empty() { "/" } else { path };
    format!(
        "{method}\n{path}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        join_pairs(&canonical_query),
        signed_headers.join(";")
    )
}

/// `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`.
pub fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "{V3_ALGORITHM}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

/// Hex HMAC-SHA256 keyed with the secret itself.
pub fn v3_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Adds the V1 signature parameters to `params` (which should already hold
/// `Action`, `Version` and the operation's parameters), `Signature` last.
pub fn sign_v1(
    method: &str,
    params: &mut Vec<(String, String)>,
    access_key_id: &str,
    secret: &str,
    timestamp: &str,
    nonce: &str,
) {
    for (key, value) in [
        ("Timestamp", timestamp),
        ("SignatureNonce", nonce),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("AccessKeyId", access_key_id),
    ] {
        params.push((key.to_owned(), value.to_owned()));
    }
    let signature = v1_signature(secret, &v1_string_to_sign(method, params));
    params.push(("Signature".to_owned(), signature));
}

/// The V3 `Authorization` header value for a request whose signed headers
/// (lower-case names) are `headers`.
pub fn sign_v3(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
    access_key_id: &str,
    secret: &str,
) -> String {
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    headers.sort();
    let payload_hash = hex(&Sha256::digest(body));
    let canonical = v3_canonical_request(method, path, query, &headers, &payload_hash);
    let signature = v3_signature(secret, &v3_string_to_sign(&canonical));
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    format!(
        "{V3_ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        names.join(";")
    )
}

/// `k=v&k=v`, encoded so that it decodes back to the same pairs.
pub fn encode_query(params: &[(String, String)]) -> String {
    let encoded: Vec<(String, String)> = params
        .iter()
        .map(|(key, value)| (percent_encode(key), percent_encode(value)))
        .collect();
    join_pairs(&encoded)
}

fn join_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (index, (key, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// Compares without stopping at the first difference, so that the time
/// taken does not tell how much of a guessed signature was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
