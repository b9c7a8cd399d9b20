//! One request in, one response out: the protocol around the operations.
//!
//! In order: the method and path, the parameters (query, and a form body),
//! the signature and its timestamp, the nonce, the action and version, and
//! finally the operation. The first failure is answered in the service's
//! error shape; nothing on the way panics on bad input.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use time::OffsetDateTime;

use crate::auth::nonce::{NonceCheck, NonceStore};
use crate::auth::signature::{self, IncomingRequest, SignatureVersion};
use crate::auth::{AccessKeys, Secret};
use crate::config::{EmulatorConfig, SeedError, SeedResource};
use crate::error::{self, ApiError};
use crate::ops::next_token::TokenCodec;
use crate::ops::{self, Context, Operation};
use crate::store::{Store, MAX_TAGS_PER_RESOURCE};

/// Reads the time; replaceable so that tests can fix the clock.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The emulator without its HTTP server: give it requests, get responses.
/// Cheap to clone; clones share state.
#[derive(Clone)]
pub struct RequestHandler {
    shared: Arc<Shared>,
}

struct Shared {
    keys: AccessKeys,
    store: RwLock<Store>,
    nonces: Mutex<NonceStore>,
    tokens: TokenCodec,
    page_size: usize,
    default_resource_group_id: String,
    clock: Clock,
    log_requests: bool,
    transition: std::time::Duration,
    max_instances: usize,
}

impl std::fmt::Debug for RequestHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestHandler")
            .field("keys", &self.shared.keys)
            .field("page_size", &self.shared.page_size)
            .field(
                "default_resource_group_id",
                &self.shared.default_resource_group_id,
            )
            .finish_non_exhaustive()
    }
}

impl RequestHandler {
    /// A handler with the configuration's keys, settings and seed data.
    pub fn new(config: &EmulatorConfig) -> Result<Self, SeedError> {
        Self::with_clock(config, Arc::new(OffsetDateTime::now_utc))
    }

    /// The same, reading the time from `clock` (tests fix it).
    pub fn with_clock(config: &EmulatorConfig, clock: Clock) -> Result<Self, SeedError> {
        let mut keys = AccessKeys::new();
        keys.insert(
            config.access_key_id.clone(),
            Secret::new(config.access_key_secret.expose()),
        );
        let handler = Self {
            shared: Arc::new(Shared {
                keys,
                store: RwLock::new(Store::new()),
                nonces: Mutex::new(NonceStore::new(config.max_remembered_nonces)),
                tokens: TokenCodec::new(random_bytes()),
                page_size: config.page_size.max(1),
                default_resource_group_id: config.default_resource_group_id.clone(),
                clock,
                log_requests: config.log_requests,
                transition: config.transition,
                max_instances: config.max_instances,
            }),
        };
        handler.seed(config.seed.clone())?;
        Ok(handler)
    }

    /// Adds resources (or replaces those with the same region, type and ID,
    /// instance fields included). All are checked before any is stored.
    pub fn seed(&self, resources: Vec<SeedResource>) -> Result<(), SeedError> {
        let mut instances = Vec::with_capacity(resources.len());
        for (index, resource) in resources.iter().enumerate() {
            instances.push(resource.check(index, MAX_TAGS_PER_RESOURCE)?);
        }
        let mut store = self
            .shared
            .store
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        for (resource, instance) in resources.iter().zip(instances) {
            let group = resource
                .resource_group_id
                .as_deref()
                .unwrap_or(&self.shared.default_resource_group_id);
            store.put_resource(
                &resource.region_id,
                &resource.resource_type,
                &resource.resource_id,
                Some(group),
                &resource.tags,
            );
            if let Some(instance) = instance {
                store.set_instance_fields(
                    &resource.region_id,
                    &resource.resource_type,
                    &resource.resource_id,
                    instance,
                );
            }
        }
        Ok(())
    }

    /// How many tags all resources carry together.
    pub fn tag_count(&self) -> usize {
        self.shared
            .store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .tag_count()
    }

    /// Answers one request, as the service would.
    pub fn handle(&self, request: &Request<Bytes>) -> Response<Bytes> {
        let request_id = new_request_id();
        let host_id = host_id(request.headers());
        let (status, body, action) = match self.process(request, &request_id) {
            Ok((operation, body)) => (200, body, Some(operation.name)),
            Err(Failure { error, operation }) => {
                let errors = operation.map_or(&[][..], |operation| operation.errors);
                let (status, body) = error::render(error, errors, &request_id, &host_id);
                (status, body, operation.map(|operation| operation.name))
            }
        };
        if self.shared.log_requests {
            // Names and codes only: never parameters, headers or secrets.
            eprintln!(
                "ecs-emulator: {} {} -> {status} {request_id}",
                request.method(),
                action.unwrap_or("-"),
            );
        }
        json_response(status, body, &request_id)
    }

    fn process(
        &self,
        request: &Request<Bytes>,
        request_id: &str,
    ) -> Result<(&'static Operation, Vec<u8>), Failure> {
        let protocol = |code| Failure {
            error: ApiError::new(code),
            operation: None,
        };
        if request.method() != Method::GET && request.method() != Method::POST {
            return Err(protocol("UnsupportedHTTPMethod"));
        }
        let path = request.uri().path();
        if path != "/" && !path.is_empty() {
            return Err(protocol("InvalidAction.NotFound"));
        }
        let query = crate::form::decode(request.uri().query().unwrap_or("").as_bytes());
        let body_params = if is_form(request) {
            crate::form::decode(request.body())
        } else {
            Vec::new()
        };
        let incoming = IncomingRequest {
            method: request.method().as_str(),
            path,
            query: &query,
            body_params: &body_params,
            headers: request.headers(),
            body: request.body(),
        };
        let now = (self.shared.clock)();
        let verified = signature::verify(&incoming, &self.shared.keys, now).map_err(|error| {
            if self.shared.log_requests {
                if let signature::AuthError::Mismatch { string_to_sign } = &error {
                    // The string to sign holds no secret; printing it is how
                    // a client finds where its signing differs.
                    eprintln!("ecs-emulator: server string to sign: {string_to_sign:?}");
                }
            }
            protocol(error.code())
        })?;
        let checked = self
            .shared
            .nonces
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .check_and_record(
                &verified.access_key_id,
                &verified.nonce,
                verified.timestamp,
                now,
            );
        match checked {
            NonceCheck::Fresh => {}
            NonceCheck::Replayed => return Err(protocol("SignatureNonceUsed")),
            // The nonce is a signature parameter like any other: one the
            // service would never send is an invalid parameter.
            NonceCheck::Invalid => return Err(protocol("InvalidParameter")),
            // The replay cache is full: refusing for now is safe, forgetting
            // a nonce early would not be.
            NonceCheck::Full => return Err(protocol("ServiceUnavailable")),
        }

        let (action, version) = match verified.version {
            SignatureVersion::V3 => (
                header(request, "x-acs-action"),
                header(request, "x-acs-version"),
            ),
            SignatureVersion::V1 => (
                param(&query, &body_params, "Action"),
                param(&query, &body_params, "Version"),
            ),
        };
        let (Some(action), Some(version)) = (action, version) else {
            return Err(protocol("MissingParameter"));
        };
        let operation = match ops::find(&action) {
            Some(operation) if version == alibabacloud_ecs::service::API_VERSION => operation,
            _ => return Err(protocol("InvalidAction.NotFound")),
        };

        let mut params = query;
        params.extend(body_params);
        let context = Context {
            store: &self.shared.store,
            tokens: &self.shared.tokens,
            page_size: self.shared.page_size,
            default_resource_group_id: &self.shared.default_resource_group_id,
            request_id,
            now: std::time::Instant::now(),
            transition: self.shared.transition,
            max_instances: self.shared.max_instances,
        };
        (operation.run)(&context, &params)
            .map(|body| (operation, body))
            .map_err(|error| Failure {
                error,
                operation: Some(operation),
            })
    }
}

/// A refused request, and the operation whose error table describes it
/// (none for a protocol error found before the action was known).
struct Failure {
    error: ApiError,
    operation: Option<&'static Operation>,
}

/// The service's `HostId`: the host the client addressed.
fn host_id(headers: &HeaderMap) -> String {
    headers
        .get(HOST)
        .map(|host| String::from_utf8_lossy(host.as_bytes()).into_owned())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// A JSON body with the service's headers.
fn json_response(status: u16, body: Vec<u8>, request_id: &str) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-acs-request-id", value);
    }
    response
}

/// The error answer to a request that never reached the handler, such as
/// one whose body could not be read.
pub(crate) fn refuse(error: ApiError, headers: &HeaderMap) -> Response<Bytes> {
    let request_id = new_request_id();
    let (status, body) = error::render(error, &[], &request_id, &host_id(headers));
    json_response(status, body, &request_id)
}

fn is_form(request: &Request<Bytes>) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

fn header(request: &Request<Bytes>, name: &str) -> Option<String> {
    request
        .headers()
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
}

fn param(query: &[(String, String)], body: &[(String, String)], name: &str) -> Option<String> {
    query
        .iter()
        .chain(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

/// Upper-case, UUID-shaped, random: `484256DA-D816-44D2-9D86-B6EE4D5BA78C`.
pub fn new_request_id() -> String {
    let bytes: [u8; 16] = random_bytes16();
    let hex = signature::hex(&bytes).to_ascii_uppercase();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn random_bytes16() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    fill_random(&mut bytes);
    bytes
}

fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    fill_random(&mut bytes);
    bytes
}

/// The OS's randomness; should it ever fail, the clock and a counter still
/// give distinct values, which is all request IDs and token keys need here.
fn fill_random(bytes: &mut [u8]) {
    if getrandom::fill(bytes).is_ok() {
        return;
    }
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = OffsetDateTime::now_utc().unix_timestamp_nanos() as u64
        ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(32);
    let mut state = seed | 1;
    for byte in bytes.iter_mut() {
        // xorshift64: not cryptographic, only distinct.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
}
