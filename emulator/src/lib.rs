//! A local Alibaba Cloud ECS tagging service (API 2014-05-26) that speaks
//! the real protocol, for tests and demos without an account: what moto and
//! LocalStack are to AWS.
//!
//! It serves `ListTagResources`, `TagResources` and `UntagResources` over
//! HTTP (`GET /` or `POST /`, parameters in the query or an
//! `application/x-www-form-urlencoded` body), checks V3 (`ACS3-HMAC-SHA256`)
//! and V1 (`HMAC-SHA1`) signatures, and answers in the service's JSON.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};
//!
//! let mut config = EmulatorConfig::new("test-id", "test-secret");
//! config.seed = vec![SeedResource::new("cn-hangzhou", "instance", "i-001").tag("env", "prod")];
//! let emulator = Emulator::start(config).await?;
//! println!("point the SDK at {}", emulator.endpoint());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # One source of truth
//!
//! Requests are read with the SDK's generated
//! `alibabacloud_ecs::operation::<op>::<Op>Input::from_wire_params`, which
//! applies every limit and rule of the spec, and errors take their HTTP status
//! and message from the generated `ERRORS` and `service::COMMON_ERRORS`
//! tables; responses are the generated output structs. The emulator writes
//! none of those facts again; it adds what only a service knows.
//!
//! # Protocol
//!
//! | what goes wrong | answer |
//! |---|---|
//! | no signature, or one missing a part (AccessKeyId, Timestamp/`x-acs-date`, nonce, an `x-acs-*` or `host` header left out of SignedHeaders) | 400 `IncompleteSignature` |
//! | a signature method other than `HMAC-SHA1` / `ACS3-HMAC-SHA256` | 400 `InvalidSignatureMethod` |
//! | an AccessKey ID other than the configured one | 404 `InvalidAccessKeyId.NotFound` |
//! | a wrong signature, or a body that does not match `x-acs-content-sha256` | 400 `SignatureDoesNotMatch` |
//! | a timestamp that does not parse | 400 `InvalidTimeStamp.Format` |
//! | a timestamp more than 15 minutes from the emulator's clock | 400 `InvalidTimeStamp.Expired` |
//! | a nonce already used by the same AccessKey ID | 400 `SignatureNonceUsed` |
//! | no `Action` or `Version` | 400 `MissingParameter` |
//! | an action the emulator does not serve, a version other than 2014-05-26, or a path other than `/` | 404 `InvalidAction.NotFound` |
//! | a method other than GET and POST | 400 `UnsupportedHTTPMethod` |
//!
//! Nonces are remembered until their request's timestamp leaves the 15-minute
//! window (after that the timestamp check refuses a replay), so memory stays
//! bounded. An STS `SecurityToken` is accepted as signed, without being
//! checked: the emulator has no STS. Every response carries a fresh
//! upper-case UUID-like `RequestId` (also in `x-acs-request-id`), and errors
//! carry `HostId` (the request's `Host`) and a `Recommend` link. Responses
//! are JSON whatever `Format` asks.
//!
//! # Semantics and the choices made where the reference page is silent
//!
//! - **Regions** are the keys of the SDK's endpoint map plus every region a
//!   seeded resource is in; any other is `InvalidRegionId.NotFound`.
//!   **Resource types** are the documented values, case-sensitive; any other
//!   is `InvalidResourceType.NotFound`.
//! - **Resources exist only by seeding** (the seed file, the config, or
//!   [`EmulatorHandle::seed`]); TagResources and UntagResources on any other
//!   ID answer `InvalidResourceId.NotFound`, and change nothing for any of the
//!   request's resources. ListTagResources treats `ResourceId.N` as a filter:
//!   unknown IDs simply match nothing.
//! - **TagResources** sets each tag on each resource, overwriting the value of
//!   a key the resource already has. A resource holds at most 20 tags; a
//!   request that would pass that is refused whole with
//!   `OperationDenied.QuotaExceed`.
//! - **UntagResources** removes `TagKey.N` (keys a resource lacks are
//!   ignored), or every tag with `All=true`; with neither it removes nothing.
//!   Both together are refused by the spec's rule (`Param.Conflict`).
//! - **`Tag.N`** matches exactly, AND across pairs; a key without a value
//!   matches any value; an empty value (`Tag.1.Value=`) matches only an empty
//!   value.
//! - **`TagFilter.N`** matches fuzzily: `env*` is a prefix, `*env*` a
//!   substring, anything else (`env`, and also `*env`, a style the page does
//!   not list) exact. A filter with only `TagKey` matches tag keys; a filter
//!   with `TagValues` needs an exact `TagKey` (a wildcard key with values is
//!   `InvalidTagFilter.Malformed`) and matches that key's values. AND across
//!   filters, OR across the values of one filter. *Only the first pattern
//!   style per key counts*: the page (in Chinese, "同一个TagKey下只能用同一种搜索方式，
//!   如果设置了多个不同的搜索方式，则以第一个方式为准") means the style of
//!   `TagValues.1` applies to every value of that key; each value keeps its
//!   own term with its own wildcards removed. So `ops*`, `*dev*`, `qa` match
//!   values starting with `ops`, `dev` or `qa`.
//! - **A fuzzy query matching more than 5,000 resources** is refused. The page
//!   gives the limit but no code; the emulator answers
//!   `InvalidTagFilter.Malformed` (403), the table's code for a TagFilter the
//!   service cannot use. Exact queries have no such limit.
//! - **`Tag.1.Key=acs:rm:rgId`** selects the resources of resource group
//!   `Tag.1.Value`. The default group cannot be queried
//!   (`InvalidDefaultResourceGroup.NotSupported`); since the emulator cannot
//!   know an account's default group, it is a setting
//!   ([`EmulatorConfig::default_resource_group_id`], `--default-resource-group`,
//!   default `rg-default`), and resources seeded without a `ResourceGroupId`
//!   are in it. With no value it is `InvalidTag.Mismatch`. Combining it with
//!   other `Tag.N` is refused by the spec's rule (`InvalidTag.NotSupported`).
//! - **Which rows come back.** Alibaba's tag service documents that
//!   ListTagResources "returns the matching resources and the matching tags"
//!   (查询返回符合条件的资源及符合条件的标签的标签资源关系). So a query by `Tag.N`
//!   or `TagFilter.N` returns, for each matched resource, only the tags that
//!   matched (the queried keys; the tags that passed some filter), while a
//!   query by `ResourceId.N` alone or by resource group, which names no tag,
//!   returns every tag of each resource. A resource without tags has no rows.
//! - **Order and paging.** Rows are sorted by resource ID, then tag key: stable
//!   across calls. A page holds `page_size` rows (50 unless configured); when
//!   more follow, `NextToken` carries the last row's position, sealed with a
//!   key drawn at start-up and bound to the query, so pages resume exactly
//!   after it even while tags change, and a token that was altered, made up,
//!   from another query or from another emulator run is `Invalid.NextToken`
//!   (403). The last page has no `NextToken`.
//! - **Concurrency.** All state sits behind one lock; every request's change
//!   is checked in full and then applied under the write lock, so concurrent
//!   clients never lose or duplicate a tag.
//! - **Scale.** An index from (region, type, key, value) to the sorted set of
//!   resources answers a query by tag from the smallest matching set, without
//!   scanning: a first page by tag over a million tags takes microseconds
//!   (see `benches/list_by_tag.rs`).

pub mod args;
pub mod auth;
pub mod config;
pub mod error;
pub mod form;
pub mod handler;
pub mod ops;
pub mod server;
pub mod signed_request;
pub mod store;

pub use auth::signature::SignatureVersion;
pub use config::{
    EmulatorConfig, SeedError, SeedFile, SeedResource, DEFAULT_PAGE_SIZE, DEFAULT_RESOURCE_GROUP_ID,
};
pub use handler::{Clock, RequestHandler};
pub use server::{Emulator, EmulatorHandle, StartError};
pub use signed_request::SignedRequest;
