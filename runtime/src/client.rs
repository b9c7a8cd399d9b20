//! The client: configuration, the HTTP exchange, retries and timeouts.
//!
//! Generated operations call [`Client::invoke_json`]; everything but the final
//! JSON decoding happens in the non-generic [`Client::invoke_raw`], so that
//! the hundreds of operations share one copy of this code.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH};
use tracing::Instrument as _;

use crate::credentials::{Credentials, DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::{self, Endpoint};
use crate::error::{
    ConstructionError, DispatchError, LimitError, LimitKind, ResponseError, SdkError, ServiceError,
    TimeoutError, TimeoutKind,
};
use crate::retry::{self, RetryConfig};
use crate::service::ServiceInfo;
use crate::sign::{self, AnonymousInput, SignatureVersion, SigningInput};
use crate::{OperationInfo, WireParams};

/// How to reach a service: region or endpoint, credentials, signature,
/// retries, timeouts and the HTTP transport (proxy, root certificates, or
/// a `reqwest::Client` of one's own). Product-neutral and cheap to clone:
/// one `Config` can serve the clients of several products, each of which
/// resolves its own endpoint from the region.
///
/// ```no_run
/// use std::time::Duration;
/// use alibabacloud_runtime::{Config, Credentials, Proxy, RetryConfig};
///
/// # fn main() -> Result<(), alibabacloud_runtime::ConstructionError> {
/// let config = Config::builder()
///     .region_id("cn-hangzhou")
///     .credentials(Credentials::new("LTAI...", "secret"))
///     .retry(RetryConfig::standard().max_attempts(5))
///     .operation_timeout(Duration::from_secs(30))
///     .proxy(Proxy::Url("http://proxy.internal:3128".into()))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Config {
    inner: Arc<ConfigInner>,
}

struct ConfigInner {
    region_id: Option<String>,
    network: Option<String>,
    endpoint: Option<Endpoint>,
    credentials: Arc<dyn ProvideCredentials>,
    signature_version: SignatureVersion,
    retry: RetryConfig,
    connect_timeout: Duration,
    read_timeout: Duration,
    operation_timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    max_response_body_bytes: usize,
    max_pages: u32,
    proxy: Proxy,
    http: reqwest::Client,
}

/// The official SDK's timeouts.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read unless configured: 64 MiB. API pages hold
/// at most a few hundred items, well under a megabyte; the cap is there so
/// that a broken or hostile server cannot make the client hold gigabytes.
pub const DEFAULT_MAX_RESPONSE_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The most pages a paginator fetches unless configured: far above any real
/// listing, low enough that a server handing out a fresh NextToken on every
/// page cannot keep a caller paging forever.
pub const DEFAULT_MAX_PAGES: u32 = crate::paginate::DEFAULT_MAX_PAGES;

/// Which proxy the HTTP client goes through.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Proxy {
    /// What the environment says, as curl reads it: `HTTPS_PROXY` for
    /// `https://` endpoints, `HTTP_PROXY` for `http://` ones (either also in
    /// lower case, and `ALL_PROXY` for both), except for the hosts listed in
    /// `NO_PROXY`. The variables are read once, when the config is built.
    /// This is the default, as in the official SDKs.
    #[default]
    FromEnvironment,
    /// Every request goes through this proxy, whatever the environment says:
    /// `http://[user:password@]host:port` (or `https://`).
    Url(String),
    /// No proxy, whatever the environment says.
    Off,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proxy::FromEnvironment => f.write_str("FromEnvironment"),
            Proxy::Off => f.write_str("Off"),
            // A proxy URL may carry a password.
            Proxy::Url(url) => f.debug_tuple("Url").field(&without_userinfo(url)).finish(),
        }
    }
}

/// The URL with any `user:password@` replaced, for Debug and errors.
fn without_userinfo(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let sep = if scheme.is_empty() { "" } else { "://" };
            format!("{scheme}{sep}** redacted **@{}", &rest[at + 1..])
        }
        None => url.to_owned(),
    }
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region that chose the endpoint; `None` when an endpoint was given
    /// without one.
    pub fn region_id(&self) -> Option<&str> {
        self.inner.region_id.as_deref()
    }

    pub fn network(&self) -> Option<&str> {
        self.inner.network.as_deref()
    }

    /// The endpoint given with [`ConfigBuilder::endpoint`], if any. The
    /// endpoint a client calls is [`Client::endpoint`]: it depends on the
    /// product when none is given.
    pub fn explicit_endpoint(&self) -> Option<&Endpoint> {
        self.inner.endpoint.as_ref()
    }

    pub fn credentials_provider(&self) -> &dyn ProvideCredentials {
        &*self.inner.credentials
    }

    pub fn signature_version(&self) -> SignatureVersion {
        self.inner.signature_version
    }

    pub fn retry(&self) -> &RetryConfig {
        &self.inner.retry
    }

    pub fn connect_timeout(&self) -> Duration {
        self.inner.connect_timeout
    }

    pub fn read_timeout(&self) -> Duration {
        self.inner.read_timeout
    }

    pub fn operation_timeout(&self) -> Option<Duration> {
        self.inner.operation_timeout
    }

    /// What [`ConfigBuilder::user_agent`] appends to the SDK's own user
    /// agent; the full one is [`Client::user_agent`].
    pub fn user_agent_suffix(&self) -> Option<&str> {
        self.inner.user_agent_suffix.as_deref()
    }

    /// The proxy setting; see [`Proxy`].
    pub fn proxy(&self) -> &Proxy {
        &self.inner.proxy
    }

    /// The largest response body read, in bytes; a longer one is a
    /// [`LimitError`] of kind [`LimitKind::ResponseBody`].
    pub fn max_response_body_bytes(&self) -> usize {
        self.inner.max_response_body_bytes
    }

    /// The most pages a paginator fetches; a listing with more is a
    /// [`LimitError`] of kind [`LimitKind::Pages`] after the last page
    /// allowed. Generated paginators pass it to
    /// [`paginate::token_pages`](super::paginate::token_pages).
    pub fn max_pages(&self) -> u32 {
        self.inner.max_pages
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &*self.inner;
        f.debug_struct("Config")
            .field("region_id", &c.region_id)
            .field("network", &c.network)
            .field("endpoint", &c.endpoint.as_ref().map(ToString::to_string))
            .field("credentials", &c.credentials)
            .field("signature_version", &c.signature_version)
            .field("retry", &c.retry)
            .field("connect_timeout", &c.connect_timeout)
            .field("read_timeout", &c.read_timeout)
            .field("operation_timeout", &c.operation_timeout)
            .field("user_agent_suffix", &c.user_agent_suffix)
            .field("max_response_body_bytes", &c.max_response_body_bytes)
            .field("max_pages", &c.max_pages)
            .field("proxy", &c.proxy)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]; see [`Config::builder`].
#[derive(Default, Clone)]
pub struct ConfigBuilder {
    region_id: Option<String>,
    endpoint: Option<String>,
    network: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    signature_version: SignatureVersion,
    retry: Option<RetryConfig>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    user_agent: Option<String>,
    max_response_body_bytes: Option<usize>,
    max_pages: Option<u32>,
    proxy: Proxy,
    root_certificates: Vec<Vec<u8>>,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region_id", &self.region_id)
            .field("endpoint", &self.endpoint)
            .field("network", &self.network)
            .field("credentials", &self.credentials)
            .field("signature_version", &self.signature_version)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_body_bytes", &self.max_response_body_bytes)
            .field("max_pages", &self.max_pages)
            .field("proxy", &self.proxy)
            .field("root_certificates", &self.root_certificates.len())
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

impl ConfigBuilder {
    /// The region whose endpoint to call, e.g. `cn-hangzhou`. Required
    /// unless an endpoint is given. Operations still take `RegionId` as a
    /// parameter of their own; this one only picks the endpoint.
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = Some(region_id.into());
        self
    }

    /// An endpoint to use instead of the region's: `host[:port]` (HTTPS) or
    /// a URL, where `http://` is allowed for test servers.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The network, e.g. `vpc`, for regions the product's endpoint map does
    /// not list.
    pub fn network(mut self, network: impl Into<String>) -> Self {
        self.network = Some(network.into());
        self
    }

    /// Uses these keys, and no other source. Replaces any earlier
    /// [`credentials_provider`](Self::credentials_provider).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Asks this provider for keys on every call. The default is
    /// [`DefaultCredentialsChain`]: environment, then the aliyun CLI profile.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// V3 (`ACS3-HMAC-SHA256`) by default.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// [`RetryConfig::standard`] by default; [`RetryConfig::disabled`] to turn retries off.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The limit on opening a connection; 5 s by default. Not applied to a
    /// client given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The limit on one attempt's wait for the whole response; 10 s by default.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The limit on a whole call, retries and their waits included; none by default.
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = timeout.into();
        self
    }

    /// Appended to the SDK's own user-agent, as the official SDKs do.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The largest response body to read, in bytes; 64 MiB by default
    /// ([`DEFAULT_MAX_RESPONSE_BODY_BYTES`]). Reading stops at the limit (a
    /// larger `Content-Length` is refused before reading), and the call fails
    /// with a [`LimitError`]. Must be at least 1.
    pub fn max_response_body_bytes(mut self, bytes: usize) -> Self {
        self.max_response_body_bytes = Some(bytes);
        self
    }

    /// The most pages a paginator fetches; 1,000 by default
    /// ([`DEFAULT_MAX_PAGES`]). A listing that still has more after that many
    /// pages ends with a [`LimitError`]. Must be at least 1.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The proxy to go through; [`Proxy::FromEnvironment`] by default.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Trusts the certificates in this PEM text (one or more
    /// `BEGIN CERTIFICATE` blocks) as roots, besides the built-in ones: for
    /// a TLS-inspecting proxy or a private endpoint. May be called again to
    /// add more.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Sends every request with this client instead of one the SDK builds:
    /// for tests that record or replay traffic, or transport settings the
    /// SDK does not offer. It is used as given, so its proxy, certificates,
    /// connect timeout and redirect policy are the caller's to set (the SDK's
    /// own client follows no redirect, which would re-send a signed request
    /// elsewhere); setting [`proxy`](Self::proxy) or root certificates as
    /// well is refused. Read timeouts, retries and body limits still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    pub fn build(self) -> Result<Config, ConstructionError> {
        let err = |m: String| ConstructionError::new(m, None);
        let endpoint = self
            .endpoint
            .as_deref()
            .map(endpoint::parse_explicit)
            .transpose()?;
        endpoint::check_region_and_network(self.region_id.as_deref(), self.network.as_deref())?;
        let retry = self.retry.unwrap_or_default();
        if retry.get_max_attempts() == 0 {
            return Err(err(
                "retry max_attempts must be at least 1 (use RetryConfig::disabled() for no retries)"
                    .to_owned(),
            ));
        }
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let read_timeout = self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
        for (what, t) in [
            ("connect_timeout", Some(connect_timeout)),
            ("read_timeout", Some(read_timeout)),
            ("operation_timeout", self.operation_timeout),
        ] {
            if t == Some(Duration::ZERO) {
                return Err(err(format!("{what} must be longer than zero")));
            }
        }
        let max_response_body_bytes = self
            .max_response_body_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BODY_BYTES);
        if max_response_body_bytes == 0 {
            return Err(err("max_response_body_bytes must be at least 1".to_owned()));
        }
        let max_pages = self.max_pages.unwrap_or(DEFAULT_MAX_PAGES);
        if max_pages == 0 {
            return Err(err("max_pages must be at least 1".to_owned()));
        }
        let user_agent_suffix = self
            .user_agent
            .map(|extra| extra.trim().to_owned())
            .filter(|extra| !extra.is_empty());
        if let Some(extra) = &user_agent_suffix {
            if !is_header_text(extra) {
                return Err(err(format!(
                    "user agent {extra:?} cannot be sent in an HTTP header: use visible ASCII"
                )));
            }
        }
        let http = match self.http_client {
            Some(client) => {
                if self.proxy != Proxy::FromEnvironment || !self.root_certificates.is_empty() {
                    return Err(err(
                        "a client given with http_client is used as given: set its proxy and \
                         root certificates on the reqwest::Client itself"
                            .to_owned(),
                    ));
                }
                client
            }
            None => http_client(connect_timeout, &self.proxy, &self.root_certificates)?,
        };
        let credentials = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new()));
        Ok(Config {
            inner: Arc::new(ConfigInner {
                region_id: self.region_id,
                network: self.network,
                endpoint,
                credentials,
                signature_version: self.signature_version,
                retry,
                connect_timeout,
                read_timeout,
                operation_timeout: self.operation_timeout,
                user_agent_suffix,
                max_response_body_bytes,
                max_pages,
                proxy: self.proxy,
                http,
            }),
        })
    }
}

/// The SDK's own HTTP client: rustls, no redirects, the proxy and roots asked for.
fn http_client(
    connect_timeout: Duration,
    proxy: &Proxy,
    root_certificates: &[Vec<u8>],
) -> Result<reqwest::Client, ConstructionError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(connect_timeout)
        // A redirect would re-send a signed request somewhere else.
        .redirect(reqwest::redirect::Policy::none());
    // reqwest reads the proxy variables itself unless told otherwise; any
    // proxy set here turns that off.
    builder = match proxy {
        Proxy::FromEnvironment => builder,
        Proxy::Off => builder.no_proxy(),
        Proxy::Url(url) => {
            // The message leaves the URL out: it may carry a password.
            let p = reqwest::Proxy::all(url.as_str()).map_err(|_| {
                ConstructionError::new(
                    format!(
                        "proxy {:?} is not a usable URL: give http://host:port",
                        without_userinfo(url)
                    ),
                    None,
                )
            })?;
            builder.proxy(p)
        }
    };
    for (n, pem) in root_certificates.iter().enumerate() {
        let refused = |why: &str| {
            ConstructionError::new(format!("root certificate PEM #{}: {why}", n + 1), None)
        };
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|_| refused("not readable as PEM certificates"))?;
        if certs.is_empty() {
            return Err(refused("holds no BEGIN CERTIFICATE block"));
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| {
        ConstructionError::new("the HTTP client could not be set up", Some(Box::new(e)))
    })
}

/// A client of one product: a [`Config`] with the product's
/// [`ServiceInfo`], from which it resolves its endpoint and user agent.
/// Product crates wrap it in their own `Client`. Cheap to clone; clones
/// share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    config: Config,
    service: &'static ServiceInfo,
    /// Resolved once; an error (no region for a regional product) is
    /// returned by every call, as the message alone (it is not `Clone`).
    endpoint: Result<Endpoint, String>,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &*self.inner;
        f.debug_struct("Client")
            .field("product", &c.service.product)
            .field("endpoint", &c.endpoint.as_ref().map(ToString::to_string))
            .field("config", &c.config)
            .finish()
    }
}

/// A successful (2xx) response before decoding.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub body: Bytes,
    /// From the `x-acs-request-id` header, else the body's `RequestId`.
    pub request_id: Option<String>,
}

impl RawResponse {
    /// The body as JSON, as [`Client::invoke_json`] returns it: a body that
    /// is not a JSON object is a [`ResponseError`]. Public for benchmarks.
    #[doc(hidden)]
    pub fn json(&self) -> Result<serde_json::Value, ResponseError> {
        if let Some(e) = not_an_object(self) {
            return Err(e);
        }
        serde_json::from_slice(&self.body).map_err(|e| decode_error(self, &e))
    }
}

impl Client {
    /// A client for the product that `service` describes. Never fails: an
    /// endpoint that cannot be resolved (a regional product without a
    /// region) fails every call with that reason, and
    /// [`endpoint`](Self::endpoint) shows it up front.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        let c = &*config.inner;
        let endpoint = endpoint::resolve(
            &service.endpoints,
            None,
            c.region_id.as_deref(),
            c.network.as_deref(),
        );
        let endpoint = match &c.endpoint {
            Some(explicit) => Ok(explicit.clone()),
            None => endpoint.map_err(|e| e.to_string()),
        };
        let mut user_agent = format!(
            "AlibabaCloud ({}; {}) Rust {}",
            std::env::consts::OS,
            std::env::consts::ARCH,
            service.sdk
        );
        if let Some(extra) = &c.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(extra);
        }
        Self {
            inner: Arc::new(ClientInner {
                config,
                service,
                endpoint,
                user_agent,
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The product this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The endpoint every call goes to; its host (with any port) is the
    /// `host` header. An error says why there is none.
    pub fn endpoint(&self) -> Result<&Endpoint, ConstructionError> {
        self.inner
            .endpoint
            .as_ref()
            .map_err(|why| ConstructionError::new(why.clone(), None))
    }

    /// The full `user-agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Sends the operation and returns its JSON response, which the
    /// operation's generated code reads into its output. Called by
    /// generated code; users call the operation's builder instead. Not
    /// generic, so that 300 operations share one copy of it.
    #[doc(hidden)]
    pub async fn invoke_json(
        &self,
        op: &'static OperationInfo,
        params: WireParams,
    ) -> Result<serde_json::Value, SdkError<ServiceError>> {
        let raw = self.invoke_raw(op, params).await?;
        raw.json().map_err(SdkError::Response)
    }

    /// Sends the operation, with retries and timeouts, and returns the
    /// successful response's body undecoded.
    #[doc(hidden)]
    pub async fn invoke_raw(
        &self,
        op: &'static OperationInfo,
        params: WireParams,
    ) -> Result<RawResponse, SdkError<ServiceError>> {
        let attempts = self.attempts(op, &params);
        match self.config().inner.operation_timeout {
            None => attempts.await,
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(r) => r,
                Err(_) => Err(SdkError::Timeout(TimeoutError {
                    kind: TimeoutKind::Operation,
                    after: limit,
                })),
            },
        }
    }

    async fn attempts(
        &self,
        op: &'static OperationInfo,
        params: &[(String, String)],
    ) -> Result<RawResponse, SdkError<ServiceError>> {
        let cfg = &*self.config().inner;
        let endpoint = self.endpoint().map_err(SdkError::Construction)?;
        // An anonymous operation needs no keys; its caller may have none
        // (that is what AssumeRoleWithOIDC is for).
        let credentials = if op.anonymous {
            None
        } else {
            Some(
                cfg.credentials
                    .provide_credentials()
                    .await
                    .map_err(SdkError::Construction)?,
            )
        };
        let max_attempts = if retry::operation_may_retry(op) {
            cfg.retry.get_max_attempts().max(1)
        } else {
            1
        };
        let region = cfg.region_id.as_deref().unwrap_or("");
        let mut previous_delay = None;
        let mut attempt = 1u32;
        loop {
            let span = tracing::info_span!(
                "attempt",
                product = self.inner.service.product,
                operation = op.name,
                region,
                attempt,
                http_status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let result = self
                .attempt(
                    op,
                    params,
                    endpoint,
                    credentials.as_ref(),
                    (attempt, previous_delay),
                    &span,
                )
                .instrument(span.clone())
                .await;
            let err = match result {
                Ok(r) => return Ok(r),
                Err(e) => e,
            };
            let reason = match retry::classify(&err) {
                Some(reason) if attempt < max_attempts => reason,
                _ => return Err(err),
            };
            let delay = retry::delay(
                &cfg.retry,
                attempt,
                retry::retry_after(&err),
                retry::random(),
            );
            span.in_scope(|| {
                tracing::debug!(
                    ?reason,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    error = %err,
                    "retrying"
                )
            });
            tokio::time::sleep(delay).await;
            previous_delay = Some(delay);
            attempt += 1;
        }
    }

    /// One exchange: fresh nonce, timestamp and signature (none without
    /// credentials, for an anonymous operation).
    async fn attempt(
        &self,
        op: &'static OperationInfo,
        params: &[(String, String)],
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
        (attempt, previous_delay): (u32, Option<Duration>),
        span: &tracing::Span,
    ) -> Result<RawResponse, SdkError<ServiceError>> {
        let cfg = &*self.config().inner;
        let version = self.inner.service.api_version;
        let nonce = sign::nonce().map_err(|e| {
            SdkError::Construction(ConstructionError::new(
                format!("no randomness for the signature nonce: {e}"),
                None,
            ))
        })?;
        let timestamp = sign::timestamp(time::OffsetDateTime::now_utc());
        let retry_values =
            previous_delay.map(|d| ((attempt - 1).to_string(), d.as_millis().to_string()));
        let mut extra = match credentials {
            Some(c) => sign::standard_headers(&self.inner.user_agent, c).to_vec(),
            None => vec![("user-agent", self.inner.user_agent.as_str())],
        };
        if let Some((attempts, delay_ms)) = &retry_values {
            extra.push(("x-acs-retry-attempts", attempts));
            extra.push(("x-acs-retry-delay", delay_ms));
        }
        let signed = match credentials {
            Some(credentials) => sign::sign(
                cfg.signature_version,
                &SigningInput {
                    method: "POST",
                    host: &endpoint.host,
                    params,
                    action: op.name,
                    version,
                    credentials,
                    nonce: &nonce,
                    timestamp: &timestamp,
                    extra_headers: &extra,
                },
            ),
            None => sign::anonymous(
                cfg.signature_version,
                &AnonymousInput {
                    host: &endpoint.host,
                    params,
                    action: op.name,
                    version,
                    nonce: &nonce,
                    timestamp: &timestamp,
                    extra_headers: &extra,
                },
            ),
        };

        let url = if signed.query.is_empty() {
            format!("{endpoint}/")
        } else {
            format!("{endpoint}/?{}", signed.query)
        };
        // The parse error names no part of the URL, whose V1 query holds the
        // signature and any security token.
        let url = reqwest::Url::parse(&url).map_err(|e| {
            SdkError::Construction(ConstructionError::new(
                format!("endpoint {endpoint} does not make a valid URL: {e}"),
                None,
            ))
        })?;
        let headers = header_map(&signed.headers).map_err(SdkError::Construction)?;
        let request = cfg.http.post(url).headers(headers).body(Vec::new());

        let exchange = async {
            let mut response = request.send().await.map_err(Failed::Transport)?;
            let status = response.status().as_u16();
            let retry_after_ms = response
                .headers()
                .get("x-acs-retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|ms| *ms > 0);
            let request_id = response
                .headers()
                .get("x-acs-request-id")
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(str::to_owned);
            let body = read_capped(&mut response, cfg.max_response_body_bytes)
                .await
                .map_err(|failed| match failed {
                    ReadFailed::Transport(e) => Failed::Transport(e),
                    ReadFailed::TooLarge => Failed::Limit(LimitError {
                        kind: LimitKind::ResponseBody,
                        limit: cfg.max_response_body_bytes as u64,
                        http_status: Some(status),
                        request_id: request_id.clone(),
                    }),
                })?;
            Ok::<_, Failed>((status, retry_after_ms, request_id, body))
        };
        let (status, retry_after_ms, request_id, body) =
            match tokio::time::timeout(cfg.read_timeout, exchange).await {
                Err(_) => {
                    return Err(SdkError::Timeout(TimeoutError {
                        kind: TimeoutKind::Read,
                        after: cfg.read_timeout,
                    }))
                }
                Ok(Err(Failed::Transport(e))) => {
                    return Err(transport_error(e, cfg.connect_timeout))
                }
                Ok(Err(Failed::Limit(e))) => return Err(SdkError::Limit(e)),
                Ok(Ok(parts)) => parts,
            };
        // Recorded on the span itself: Span::current() needs a subscriber
        // that tracks the current span, and not every one does.
        span.record("http_status", status);
        let result = interpret(status, retry_after_ms, request_id, body);
        let id = match &result {
            Ok(r) => r.request_id.as_deref(),
            Err(SdkError::Service(e)) => e.request_id.as_deref(),
            Err(SdkError::Response(e)) => e.request_id.as_deref(),
            Err(_) => None,
        };
        if let Some(id) = id {
            span.record("request_id", id);
        }
        tracing::debug!("response received");
        result
    }
}

/// Why an exchange failed after the request was built.
enum Failed {
    Transport(reqwest::Error),
    Limit(LimitError),
}

/// Why reading a body failed.
enum ReadFailed {
    Transport(reqwest::Error),
    /// Longer than the cap.
    TooLarge,
}

/// Reads the body chunk by chunk, and stops as soon as it would pass `cap`:
/// a declared `Content-Length` over the cap is refused before reading, and
/// a body without one (chunked) is never held beyond the cap plus one chunk.
async fn read_capped(response: &mut reqwest::Response, cap: usize) -> Result<Bytes, ReadFailed> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > cap as u64) {
        return Err(ReadFailed::TooLarge);
    }
    // The declared length sizes the buffer only up to the cap, so that a
    // lying header cannot make us reserve more than the cap either.
    let initial = declared.map_or(0, |n| usize::try_from(n).unwrap_or(cap).min(cap));
    let mut body = Vec::with_capacity(initial);
    while let Some(chunk) = response.chunk().await.map_err(ReadFailed::Transport)? {
        if chunk.len() > cap - body.len() {
            return Err(ReadFailed::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, ConstructionError> {
    let mut map = HeaderMap::with_capacity(headers.len() + 1);
    for (name, value) in headers {
        let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            ConstructionError::new(format!("{name:?} is not a valid header name"), None)
        })?;
        // The message leaves the value out: it may be the security token.
        let refused = || {
            ConstructionError::new(
                format!("the value of header {name} cannot be sent: use visible ASCII"),
                None,
            )
        };
        if !is_header_text(value) {
            return Err(refused());
        }
        let mut v = HeaderValue::from_str(value).map_err(|_| refused())?;
        if sign::is_sensitive_header(name) {
            v.set_sensitive(true);
        }
        map.append(n, v);
    }
    map.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    Ok(map)
}

/// Visible ASCII and spaces only. HTTP would carry other bytes too, but a
/// server may read them in another encoding than the UTF-8 that was signed.
fn is_header_text(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn transport_error(e: reqwest::Error, connect_timeout: Duration) -> SdkError<ServiceError> {
    // The URL's query holds the V1 signature and any security token.
    let e = e.without_url();
    if e.is_connect() && e.is_timeout() {
        return SdkError::Timeout(TimeoutError {
            kind: TimeoutKind::Connect,
            after: connect_timeout,
        });
    }
    let mut message = if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the response was cut off".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&e);
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    SdkError::Dispatch(DispatchError::new(message, Some(Box::new(e))))
}

/// What the client makes of a response it has read: a [`RawResponse`] for
/// HTTP 2xx, else the service's error or an unreadable-response error; the
/// same path every call takes. `request_id` is the `x-acs-request-id`
/// header and `retry_after_ms` the `x-acs-retry-after` header, where sent.
/// Public for property tests and benchmarks; never panics on any input.
#[doc(hidden)]
// The error type is the one invoke_raw returns; see `interpret`.
#[allow(clippy::result_large_err)]
pub fn interpret_response(
    status: u16,
    retry_after_ms: Option<u64>,
    request_id: Option<String>,
    body: Bytes,
) -> Result<RawResponse, SdkError<ServiceError>> {
    interpret(status, retry_after_ms, request_id, body)
}

/// Turns a status and a body into a response or an error. HTTP 400-599 is
/// the service's JSON error; a body that is not that (a gateway's HTML page)
/// is an unreadable response, never a panic.
// The error type is the one invoke_raw returns; boxing it here would only
// move the allocation.
#[allow(clippy::result_large_err)]
fn interpret(
    status: u16,
    retry_after_ms: Option<u64>,
    header_request_id: Option<String>,
    body: Bytes,
) -> Result<RawResponse, SdkError<ServiceError>> {
    match status {
        200..=299 => {
            let request_id = header_request_id.or_else(|| request_id_in(&body));
            Ok(RawResponse {
                status,
                body,
                request_id,
            })
        }
        400..=599 => Err(error_response(
            status,
            retry_after_ms,
            header_request_id,
            &body,
        )),
        _ => {
            let mut e =
                ResponseError::new(status, format!("unexpected HTTP status {status}"), &body);
            e.request_id = header_request_id.or_else(|| request_id_in(&body));
            Err(SdkError::Response(e))
        }
    }
}

fn error_response(
    status: u16,
    retry_after_ms: Option<u64>,
    header_request_id: Option<String>,
    body: &[u8],
) -> SdkError<ServiceError> {
    use serde_json::Value;

    let unreadable = |reason: String, request_id: Option<String>| {
        let mut e = ResponseError::new(status, reason, body);
        e.request_id = request_id;
        SdkError::Response(e)
    };
    let doc: Value = match serde_json::from_slice(body) {
        Ok(d) => d,
        Err(e) => {
            return unreadable(
                format!("the HTTP {status} error body is not JSON: {e}"),
                header_request_id,
            )
        }
    };
    let text = |k: &str| -> Option<String> {
        match doc.get(k)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    let request_id = text("RequestId").or(header_request_id);
    let Some(code) = text("Code").filter(|c| !c.is_empty()) else {
        return unreadable(
            format!("the HTTP {status} error body has no Code"),
            request_id,
        );
    };
    SdkError::Service(ServiceError {
        code,
        message: text("Message").unwrap_or_default(),
        request_id,
        host_id: text("HostId"),
        recommend: text("Recommend"),
        http_status: status,
        retry_after_ms,
    })
}

/// The body's top-level `RequestId`, skimmed without building the document.
fn request_id_in(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "RequestId")]
        request_id: Option<String>,
    }
    serde_json::from_slice::<Probe>(body)
        .ok()?
        .request_id
        .filter(|id| !id.is_empty())
}

fn decode_error(raw: &RawResponse, e: &dyn std::fmt::Display) -> ResponseError {
    let mut r = ResponseError::new(
        raw.status,
        format!("the response is not the expected JSON: {e}"),
        &raw.body,
    );
    r.request_id = raw.request_id.clone();
    r
}

/// Every response is a JSON object. serde would also read a struct from an
/// array (`[]` as an output with nothing set), which would pass a broken
/// response off as an empty result.
fn not_an_object(raw: &RawResponse) -> Option<ResponseError> {
    match raw.body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => None,
        _ => Some(decode_error(raw, &"the body is not a JSON object")),
    }
}

#[cfg(test)]
mod tests;
