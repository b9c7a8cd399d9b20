//! A local Alibaba Cloud ECS service (API 2014-05-26) that speaks the real
//! protocol, for tests and demos without an account: what moto and
//! LocalStack are to AWS.
//!
//! It serves `ListTagResources`, `TagResources`, `UntagResources`,
//! `DescribeRegions`, `DescribeInstances`, and the instance lifecycle
//! (`RunInstances`, `StartInstance(s)`, `StopInstance(s)`,
//! `RebootInstance(s)`, `DeleteInstance(s)`, `DescribeInstanceStatus`; see
//! [`ops::run_instances`], [`ops::instance_power`],
//! [`ops::delete_instances`] and [`store::lifecycle`]) over HTTP (`GET /` or `POST /`,
//! parameters in the query or an `application/x-www-form-urlencoded` body),
//! checks V3 (`ACS3-HMAC-SHA256`) and V1 (`HMAC-SHA1`) signatures, and
//! answers in the service's JSON.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use ecs_emulator::{Emulator, EmulatorConfig, SeedResource};
//!
//! let mut config = EmulatorConfig::new("test-id", "test-secret");
//! config.seed = vec![
//!     SeedResource::new("cn-hangzhou", "instance", "i-001")
//!         .tag("env", "prod")
//!         .instance_field("InstanceName", "web-1")
//!         .instance_field("Status", "Running")
//!         .instance_field("PrivateIpAddress", vec!["172.16.0.10"]),
//! ];
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
//! applies the limits the spec marks as checked and its rules, and errors take their HTTP status
//! and message from the generated `ERRORS` and `service::COMMON_ERRORS`
//! tables; responses are the generated output structs, and seeded instances
//! are read into the generated `describe_instances::Instance`. The emulator
//! writes none of those facts again; it adds what only a service knows.
//!
//! An operation answers the codes of its own table and the common one. Where
//! its reference page documents no code for a condition that another ECS
//! page does (DescribeInstances has none for an unknown region or a bad
//! `NextToken`), it answers that page's code, with that table's status and
//! message: `InvalidRegionId.NotFound` (404) and `Invalid.NextToken` (403),
//! as ListTagResources documents them.
//!
//! The regions are the SDK's generated `service::REGIONS` (every region of
//! the spec's endpoint map); see [`regions`].
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
//! | a nonce longer than 128 characters | 400 `InvalidParameter` |
//! | a full replay cache ([`EmulatorConfig::max_remembered_nonces`]) | 503 `ServiceUnavailable` |
//! | a connection past [`EmulatorConfig::max_connections`] | 503 `ServiceUnavailable`, then closed |
//!
//! Nonces are remembered until their request's timestamp leaves the 15-minute
//! window (after that the timestamp check refuses a replay), as fixed-size
//! digests and at most `max_remembered_nonces` of them, so memory stays
//! bounded. Connections that send their headers (or body) slower than
//! [`EmulatorConfig::header_read_timeout`], or stay idle for
//! [`EmulatorConfig::idle_timeout`], are closed. An STS `SecurityToken` is accepted as signed, without being
//! checked: the emulator has no STS. Every response carries a fresh
//! upper-case UUID-like `RequestId` (also in `x-acs-request-id`), and errors
//! carry `HostId` (the request's `Host`) and a `Recommend` link. Responses
//! are JSON whatever `Format` asks.
//!
//! # Semantics and the choices made where the reference page is silent
//!
//! - **Regions** are the regions of the spec's endpoint map (all 71, also
//!   those like `cn-shanghai` that the SDK's map leaves to the fallback rule)
//!   plus every region a seeded resource is in; any other is
//!   `InvalidRegionId.NotFound`.
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
//! - **Order and paging** of ListTagResources. Rows are sorted by resource
//!   ID, then tag key: stable across calls. A page holds `page_size` rows (50 unless configured); when
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
//!   (see `benches/list_by_tag.rs`). DescribeInstances, whose filters are
//!   mostly on seeded fields, scans the region's instances instead: ample
//!   for the thousands a test seeds.
//!
//! # DescribeRegions
//!
//! - **Every known region** (above) is listed, sorted by ID, internal and
//!   finance regions of the endpoint map included: the map is the only list
//!   there is.
//! - **`RegionEndpoint`** is the host the SDK's own resolution gives the
//!   region (`alibabacloud_ecs::runtime::endpoint::resolve(None,
//!   Some(region), None)`): the map's host, or `ecs.<region>.aliyuncs.com`.
//! - **`LocalName`** is the English name of a well-known public region from
//!   a short table ([`regions::local_name`]), or else the region ID.
//!   **`Status`** is always `available`.
//! - **The parameters are checked but filter nothing**, since the emulator
//!   sells everything everywhere: `AcceptLanguage` must be one of the spec's
//!   enum (else `InvalidAcceptLanguage.NotFound`) and does not translate
//!   `LocalName`; `ResourceType` must be a documented type (else
//!   `InvalidResourceType.NotFound`); `InstanceChargeType` must be one of the
//!   four billing methods the reference page lists (else
//!   `Invalid.InstanceChargeType`). The spec gives it no enum, so those four
//!   are written in [`ops::describe_regions::INSTANCE_CHARGE_TYPES`], checked
//!   against the spec's text by a test.
//!
//! # DescribeInstances
//!
//! - **The instances** are the region's seeded resources of type
//!   `instance`. Each shows `InstanceId`, `RegionId`, `ResourceGroupId`
//!   (seeded, or the default group), `Tags.Tag[]` (`TagKey`/`TagValue`,
//!   sorted by key, read from the tag store, so TagResources and
//!   UntagResources show at once; absent when it has none), and the fields
//!   it was seeded with (see *The seed file*). Nothing else is made up: an
//!   instance seeded without `Status` has none.
//! - **Filters** are ANDed; a filter on a field the instance was seeded
//!   without does not match it.
//!   - exact: `ZoneId`, `VpcId`, `VSwitchId` (in `VpcAttributes`),
//!     `Status`, `InstanceType`, `InstanceTypeFamily`, `ImageId`,
//!     `KeyPairName`, `HpcClusterId`, `InstanceChargeType`,
//!     `InternetChargeType`, `InstanceNetworkType`, `IoOptimized`,
//!     `HttpEndpoint` and `HttpTokens` (in `MetadataOptions`);
//!     `SecurityGroupId` is one of the instance's groups; `LockReason` is
//!     one of its `OperationLocks`, without case (the response writes
//!     `Recycling` where the request's enum says `recycling`);
//!   - `InstanceName` takes `*` for any run of characters (`web-*`,
//!     `*-01`, `*prod*`); without `*` it is exact; case matters;
//!   - `InstanceIds` is a JSON array (`["i-1","i-2"]`, at most 100); unknown
//!     IDs match nothing; **an empty array matches nothing**, as the page
//!     says, while leaving it out filters nothing;
//!   - the JSON arrays `PrivateIpAddresses` (`VpcAttributes.PrivateIpAddress`),
//!     `PublicIpAddresses`, `InnerIpAddresses`, `EipAddresses`
//!     (`EipAddress.IpAddress`), and `Ipv6Address.N` (the network
//!     interfaces' `Ipv6Sets`) and `RdmaIpAddresses` (comma-separated): the
//!     instance has one of the addresses;
//!   - `ResourceGroupId` is the instance's group. The default group is no
//!     filter: the page says filtering by it is not supported
//!     (不支持默认资源组过滤), and the English page that its resources are
//!     shown however the parameter is set; the emulator reads both as "the
//!     parameter does nothing". The page's cap of 1,000 resources per group
//!     is not applied;
//!   - `Tag.N` as in ListTagResources: exact, AND across pairs, a key
//!     without a value matches any value; a value without a key is
//!     `InvalidTag.Mismatch`. The page's cap of 1,000 matches is not applied;
//!   - `Filter.N`: `CreationStartTime`/`CreationEndTime` bound `CreationTime`
//!     and `ExpiredStartTime`/`ExpiredEndTime` bound `ExpiredTime`,
//!     inclusively, with values in the page's `yyyy-MM-ddTHH:mmZ` (seconds
//!     also read); another key is `InvalidFilterKey.NotFound`, a missing or
//!     unreadable value `InvalidFilterValue`;
//!   - enum values outside the spec answer the page's codes
//!     (`InvalidStatus.NotFound`, `InvalidInstanceChargeType.NotFound`,
//!     `InvalidInternetChargeType.ValueNotSupported`,
//!     `InvalidNetworkType.NotFound`, `InvalidLockReason.NotFound`), and
//!     `InvalidParameter` for `HttpEndpoint`/`HttpTokens`, which have none.
//! - **Accepted without effect:** `DryRun` (a dry run of DescribeInstances is
//!   answered like any call, not with `DryRunOperation`), `AdditionalAttributes`
//!   (every seeded field is always shown), the invitational-preview
//!   `DeviceAvailable`, `NeedSaleCycle` and `HttpPutResponseHopLimit`, and
//!   the owner parameters.
//! - **Order and paging.** Instances are sorted by ID: stable across calls.
//!   Both of the service's styles work:
//!   - *by page number* (neither `NextToken` nor `MaxResults` sent):
//!     `PageNumber` (default 1) of `PageSize` (default 10, at most 100)
//!     instances, with `PageNumber`, `PageSize` and `TotalCount` (all
//!     matches) in the answer; a page past the end is empty;
//!   - *by token* (`NextToken` or `MaxResults` sent): `MaxResults`
//!     instances (default 10; below 10 counts as 10, as the page says) after
//!     the token's instance; `PageNumber` and `PageSize` are ignored and not
//!     answered, and `TotalCount` still counts all matches (the page calls it
//!     meaningless here; the emulator's is exact). An empty `NextToken` is
//!     the first page.
//!
//!   Any page that is not the last carries a `NextToken` for the instances
//!   after it, in either style, so the SDK's paginator (which starts without
//!   a token) reads every instance. The token is sealed as ListTagResources'
//!   is, bound to every parameter but the four paging ones: one that was
//!   altered, made up, from another query, another operation or another
//!   emulator run is `Invalid.NextToken` (403). Instances added or removed
//!   between pages do not shift the rest.
//!
//! # The seed file
//!
//! `--seed FILE` (or [`EmulatorConfig::seed`], or [`EmulatorHandle::seed`])
//! gives the resources that exist:
//!
//! ```json
//! {"resources": [
//!   {"RegionId": "cn-hangzhou", "ResourceType": "instance", "ResourceId": "i-001",
//!    "ResourceGroupId": "rg-aek2abc", "Tags": {"env": "prod", "team": "web"},
//!    "Instance": {
//!      "InstanceName": "web-1", "Status": "Running", "InstanceType": "ecs.g7.large",
//!      "ZoneId": "cn-hangzhou-h", "VpcId": "vpc-1", "VSwitchId": "vsw-1",
//!      "PrivateIpAddress": ["172.16.0.10"], "PublicIpAddress": ["47.96.0.10"],
//!      "SecurityGroupIds": ["sg-1"], "ImageId": "aliyun_3_x64_20G_alibase_20240528.vhd",
//!      "Cpu": 2, "Memory": 8192, "CreationTime": "2024-05-01T08:00Z",
//!      "InstanceChargeType": "PostPaid",
//!      "EipAddress": {"IpAddress": "39.100.0.1", "Bandwidth": 5}}},
//!   {"RegionId": "cn-hangzhou", "ResourceType": "disk", "ResourceId": "d-001"}
//! ]}
//! ```
//!
//! `RegionId`, `ResourceType` and `ResourceId` are required; the rest is
//! optional, so a file without `Instance` reads as before. `Instance` is for
//! `ResourceType` `instance` only, and is DescribeInstances' own `Instance`
//! object, by the response's names: any of its 60-odd fields can be seeded,
//! nested ones in the response's shape (`"EipAddress": {...}`). Two
//! shorthands keep the common ones flat: a one-list wrapper may be written as
//! its bare list (`"PublicIpAddress": [...]` for `{"IpAddress": [...]}`,
//! likewise `SecurityGroupIds`, `InnerIpAddress`, `NetworkInterfaces`, ...),
//! and `VpcId`, `VSwitchId`, `NatIpAddress` and `PrivateIpAddress` may stand
//! at the top level for their place in `VpcAttributes`. `InstanceId`,
//! `RegionId`, `ResourceGroupId` and `Tags` are not written there (the entry
//! gives them); a misspelt member, a value of the wrong type, a `Status`,
//! `InstanceChargeType`, `InternetChargeType` or `InstanceNetworkType`
//! outside the spec's enum, or a `CreationTime`/`ExpiredTime` not in
//! `yyyy-MM-ddTHH:mmZ` refuses the file. See [`instance_fields`].

pub mod args;
pub mod auth;
pub mod config;
pub mod error;
pub mod form;
pub mod handler;
pub mod instance_fields;
pub mod ops;
pub mod regions;
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
