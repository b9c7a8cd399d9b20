//! DescribeInstances: the seeded instances of a region, filtered, a page at
//! a time, with their tags.
//!
//! The instances are the region's resources of type `instance`; each shows
//! its ID, region, resource group and tags (from the tag store, so
//! TagResources shows up at once) and whatever DescribeInstances fields it
//! was seeded with ([`crate::instance_fields`]). The crate docs list every
//! filter and paging rule.

use alibabacloud_ecs::operation::describe_instances::{
    DescribeInstancesInput, DescribeInstancesOutput, HttpEndpoint, HttpTokens, Instance,
    InstanceChargeType, InstanceNetworkType, InstanceTag, Instances, InternetChargeType,
    LockReason, Status, Tags, ERRORS,
};
use std::time::Instant;

use time::PrimitiveDateTime;

use super::{to_json, Context, Operation};
use crate::config::INSTANCE;
use crate::error::ApiError;
use crate::instance_fields::parse_time;
use crate::store::query::Cursor;
use crate::store::{Name, Resource};

pub const OPERATION: Operation = Operation {
    name: "DescribeInstances",
    errors: ERRORS,
    run,
};

/// Instances per page when the request gives no `PageSize` (or, paging by
/// token, no `MaxResults`), as the reference page says.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// A `MaxResults` below this counts as this: "if you set this parameter to a
/// value that is smaller than 10, the default value is 10".
pub const MIN_MAX_RESULTS: usize = 10;

/// The largest page: a larger `PageSize` or `MaxResults` is clamped to it,
/// as the service clamps (the SDK does not refuse larger values).
pub const MAX_PAGE_SIZE: usize = 100;

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input = DescribeInstancesInput::from_wire_params(params)
        .map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    let filters = Filters::new(&input, params, context.default_resource_group_id)?;
    let fingerprint = fingerprint(&input);
    let paging = Paging::new(&input, |token| {
        context
            .tokens
            .decode(token, fingerprint.as_bytes())
            .filter(|cursor| cursor.tag_key.is_empty())
            .map(|cursor| cursor.resource_id)
            .ok_or(ApiError::new("Invalid.NextToken"))
    })?;

    let store = context.read();
    let matched: Vec<(&Name, &Resource)> = match store.partition(&input.region_id, INSTANCE) {
        None => Vec::new(),
        Some(partition) => partition
            .resources()
            .iter()
            .filter(|(id, resource)| filters.accept(id, resource, context.now))
            .collect(),
    };
    let total = matched.len();
    let (start, size) = match &paging {
        Paging::Token { after, size } => {
            // The first match after the token's instance, which may be gone.
            let start = after.as_deref().map_or(0, |after| {
                matched.partition_point(|(id, _)| &***id <= after)
            });
            (start, *size)
        }
        Paging::Numbered { number, size } => {
            (number.saturating_sub(1).saturating_mul(*size), *size)
        }
    };
    let page = matched.get(start..).unwrap_or_default();
    let page = &page[..page.len().min(size)];
    let more = start.saturating_add(page.len()) < total;
    let next_token = match page.last() {
        Some((last, _)) if more => Some(context.tokens.encode(
            fingerprint.as_bytes(),
            &Cursor {
                resource_id: last.to_string(),
                tag_key: String::new(),
            },
        )),
        _ => None,
    };
    let instance = page
        .iter()
        .map(|(id, resource)| shown(&input.region_id, id, resource, context.now))
        .collect();
    let (page_number, page_size) = match paging {
        Paging::Numbered { number, size } => (Some(to_i32(number)), Some(to_i32(size))),
        Paging::Token { .. } => (None, None),
    };
    let mut instances = Instances::default();
    instances.instance = instance;
    let mut output = DescribeInstancesOutput::default();
    output.next_token = next_token;
    output.page_size = page_size;
    output.page_number = page_number;
    output.request_id = Some(context.request_id.to_owned());
    output.total_count = Some(to_i32(total));
    output.instances = Some(instances);
    to_json(&output)
}

/// What DescribeInstances shows of one instance: its seeded fields, and
/// what the store knows (ID, region, resource group, tags sorted by key,
/// the state at `now`).
fn shown(region_id: &str, id: &Name, resource: &Resource, now: Instant) -> Instance {
    let mut instance = resource.instance.as_deref().cloned().unwrap_or_default();
    if let Some(state) = resource.state(now) {
        instance.status = Some(state.as_str().to_owned());
    }
    instance.instance_id = Some(id.to_string());
    instance.region_id = Some(region_id.to_owned());
    instance.resource_group_id = resource.group.as_ref().map(|group| group.to_string());
    instance.tags = (!resource.tags.is_empty()).then(|| {
        let mut tags = Tags::default();
        tags.tag = resource
            .tags
            .iter()
            .map(|(key, value)| {
                let mut tag = InstanceTag::default();
                tag.tag_key = Some(key.to_string());
                tag.tag_value = Some(value.to_string());
                tag
            })
            .collect();
        tags
    });
    instance
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// What makes two requests the same query, so that a token from one is
/// refused by another: every parameter but the paging ones, whose change
/// between pages is allowed.
fn fingerprint(input: &DescribeInstancesInput) -> String {
    let mut query = input.clone();
    query.next_token = None;
    query.max_results = None;
    query.page_number = None;
    query.page_size = None;
    format!("DescribeInstances\0{query:?}")
}

/// Which page the request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Paging {
    /// `NextToken` or `MaxResults` was sent: the instances after `after`
    /// (from the first without a token). `PageNumber` and `PageSize` are
    /// ignored, as the reference page says.
    Token { after: Option<String>, size: usize },
    /// Neither was sent: page `number` (from 1) of `size` instances.
    Numbered { number: usize, size: usize },
}

impl Paging {
    /// `decode` reads a non-empty `NextToken` into the ID it resumes after.
    fn new(
        input: &DescribeInstancesInput,
        decode: impl FnOnce(&str) -> Result<String, ApiError>,
    ) -> Result<Paging, ApiError> {
        // The SDK does not check page sizes (the service clamps them), so
        // any number may arrive here: sizes are clamped to 1..=100.
        let size = |n: Option<i32>, at_least: usize| {
            n.map_or(DEFAULT_PAGE_SIZE, |n| {
                usize::try_from(n)
                    .unwrap_or(0)
                    .clamp(at_least, MAX_PAGE_SIZE)
            })
        };
        if input.next_token.is_some() || input.max_results.is_some() {
            let after = match input.next_token.as_deref() {
                None | Some("") => None,
                Some(token) => Some(decode(token)?),
            };
            let size = size(input.max_results, MIN_MAX_RESULTS);
            return Ok(Paging::Token { after, size });
        }
        // Pages are numbered from 1: there is no page 0 to clamp to.
        let number = match input.page_number {
            None => 1,
            Some(n) if n >= 1 => n as usize,
            Some(_) => return Err(ApiError::new("InvalidParameter")),
        };
        Ok(Paging::Numbered {
            number,
            size: size(input.page_size, 1),
        })
    }
}

/// Every filter of the request, checked; an instance must pass them all.
#[derive(Debug)]
struct Filters<'i> {
    input: &'i DescribeInstancesInput,
    /// `InstanceIds`, sorted; `Some(empty)` when an empty JSON array was
    /// sent, which the reference page says matches nothing.
    instance_ids: Option<Vec<&'i str>>,
    /// `ResourceGroupId`, unless it names the default group.
    resource_group_id: Option<&'i str>,
    /// `Tag.N`: key, and value unless any value will do.
    tags: Vec<(&'i str, Option<&'i str>)>,
    /// `RdmaIpAddresses`, split at commas.
    rdma_ip_addresses: Vec<&'i str>,
    /// `Filter.N`, as (which time, bound).
    times: Vec<(TimeFilter, PrimitiveDateTime)>,
}

/// The four `Filter.N.Key` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeFilter {
    CreationStart,
    CreationEnd,
    ExpiredStart,
    ExpiredEnd,
}

impl TimeFilter {
    fn from_key(key: &str) -> Option<TimeFilter> {
        match key {
            "CreationStartTime" => Some(TimeFilter::CreationStart),
            "CreationEndTime" => Some(TimeFilter::CreationEnd),
            "ExpiredStartTime" => Some(TimeFilter::ExpiredStart),
            "ExpiredEndTime" => Some(TimeFilter::ExpiredEnd),
            _ => None,
        }
    }

    /// Whether an instance with these times passes; bounds are inclusive,
    /// and an instance without the time does not pass.
    fn accepts(self, instance: &Instance, bound: PrimitiveDateTime) -> bool {
        let (time, after) = match self {
            TimeFilter::CreationStart => (&instance.creation_time, true),
            TimeFilter::CreationEnd => (&instance.creation_time, false),
            TimeFilter::ExpiredStart => (&instance.expired_time, true),
            TimeFilter::ExpiredEnd => (&instance.expired_time, false),
        };
        match time.as_deref().and_then(parse_time) {
            None => false,
            Some(time) if after => time >= bound,
            Some(time) => time <= bound,
        }
    }
}

/// `Err(error)` when a sent enum value is not one of `documented`.
fn documented(value: Option<&str>, documented: &[&str], error: ApiError) -> Result<(), ApiError> {
    match value {
        Some(value) if !documented.contains(&value) => Err(error),
        _ => Ok(()),
    }
}

impl<'i> Filters<'i> {
    fn new(
        input: &'i DescribeInstancesInput,
        params: &'i [(String, String)],
        default_group: &str,
    ) -> Result<Filters<'i>, ApiError> {
        documented(
            input.status.as_ref().map(Status::as_str),
            Status::VALUES,
            ApiError::new("InvalidStatus.NotFound"),
        )?;
        documented(
            input
                .instance_charge_type
                .as_ref()
                .map(InstanceChargeType::as_str),
            InstanceChargeType::VALUES,
            ApiError::new("InvalidInstanceChargeType.NotFound"),
        )?;
        documented(
            input
                .internet_charge_type
                .as_ref()
                .map(InternetChargeType::as_str),
            InternetChargeType::VALUES,
            ApiError::new("InvalidInternetChargeType.ValueNotSupported"),
        )?;
        documented(
            input
                .instance_network_type
                .as_ref()
                .map(InstanceNetworkType::as_str),
            InstanceNetworkType::VALUES,
            ApiError::new("InvalidNetworkType.NotFound"),
        )?;
        documented(
            input.lock_reason.as_ref().map(LockReason::as_str),
            LockReason::VALUES,
            ApiError::new("InvalidLockReason.NotFound"),
        )?;
        // No code of their own is documented for these two.
        documented(
            input.http_endpoint.as_ref().map(HttpEndpoint::as_str),
            HttpEndpoint::VALUES,
            ApiError::new("InvalidParameter"),
        )?;
        documented(
            input.http_tokens.as_ref().map(HttpTokens::as_str),
            HttpTokens::VALUES,
            ApiError::new("InvalidParameter"),
        )?;

        // The generated reader cannot tell `InstanceIds=[]` from no
        // `InstanceIds`; the page says the first matches nothing.
        let sent_instance_ids = params.iter().any(|(key, _)| key == "InstanceIds");
        let instance_ids = sent_instance_ids.then(|| {
            let mut ids: Vec<&str> = input.instance_ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });

        let mut tags = Vec::with_capacity(input.tag.len());
        for tag in &input.tag {
            let key = tag
                .key
                .as_deref()
                .ok_or(ApiError::new("InvalidTag.Mismatch"))?;
            tags.push((key, tag.value.as_deref()));
        }

        let mut times = Vec::with_capacity(input.filter.len());
        for filter in &input.filter {
            let which = filter
                .key
                .as_deref()
                .and_then(TimeFilter::from_key)
                .ok_or(ApiError::new("InvalidFilterKey.NotFound"))?;
            let bound = filter
                .value
                .as_deref()
                .and_then(parse_time)
                .ok_or(ApiError::new("InvalidFilterValue"))?;
            times.push((which, bound));
        }

        Ok(Filters {
            input,
            instance_ids,
            resource_group_id: input
                .resource_group_id
                .as_deref()
                .filter(|group| *group != default_group),
            tags,
            rdma_ip_addresses: input
                .rdma_ip_addresses
                .as_deref()
                .map(|text| {
                    text.split(',')
                        .map(str::trim)
                        .filter(|ip| !ip.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            times,
        })
    }

    fn accept(&self, id: &str, resource: &Resource, now: Instant) -> bool {
        if let Some(ids) = &self.instance_ids {
            if ids.binary_search(&id).is_err() {
                return false;
            }
        }
        if let Some(group) = self.resource_group_id {
            if resource.group.as_deref() != Some(group) {
                return false;
            }
        }
        let tagged = self.tags.iter().all(|(key, value)| {
            resource
                .tags
                .get(*key)
                .is_some_and(|actual| value.is_none_or(|wanted| &**actual == wanted))
        });
        if !tagged {
            return false;
        }
        let none = Instance::default();
        let instance = resource.instance.as_deref().unwrap_or(&none);
        // The state changes with time; the seeded Status only until then.
        let state = resource.state(now);
        let status = match state {
            Some(state) => Some(state.as_str()),
            None => instance.status.as_deref(),
        };
        if let Some(wanted) = &self.input.status {
            if status != Some(wanted.as_str()) {
                return false;
            }
        }
        self.accept_fields(instance)
    }

    /// The filters on the seeded fields. A field the instance was seeded
    /// without matches no filter on it.
    fn accept_fields(&self, instance: &Instance) -> bool {
        let input = self.input;
        let vpc = instance.vpc_attributes.as_ref();
        let interfaces = || {
            instance
                .network_interfaces
                .iter()
                .flat_map(|interfaces| &interfaces.network_interface)
        };
        let checks = [
            equal(&input.zone_id, &instance.zone_id),
            equal(&input.vpc_id, &vpc.and_then(|vpc| vpc.vpc_id.clone())),
            equal(
                &input.v_switch_id,
                &vpc.and_then(|vpc| vpc.v_switch_id.clone()),
            ),
            equal(&input.image_id, &instance.image_id),
            equal(&input.instance_type, &instance.instance_type),
            equal(&input.instance_type_family, &instance.instance_type_family),
            equal(&input.key_pair_name, &instance.key_pair_name),
            equal(&input.hpc_cluster_id, &instance.hpc_cluster_id),
            equal_str(
                input
                    .instance_charge_type
                    .as_ref()
                    .map(InstanceChargeType::as_str),
                &instance.instance_charge_type,
            ),
            equal_str(
                input
                    .internet_charge_type
                    .as_ref()
                    .map(InternetChargeType::as_str),
                &instance.internet_charge_type,
            ),
            equal_str(
                input
                    .instance_network_type
                    .as_ref()
                    .map(InstanceNetworkType::as_str),
                &instance.instance_network_type,
            ),
            equal_str(
                input.http_endpoint.as_ref().map(HttpEndpoint::as_str),
                &instance
                    .metadata_options
                    .as_ref()
                    .and_then(|options| options.http_endpoint.clone()),
            ),
            equal_str(
                input.http_tokens.as_ref().map(HttpTokens::as_str),
                &instance
                    .metadata_options
                    .as_ref()
                    .and_then(|options| options.http_tokens.clone()),
            ),
            input
                .io_optimized
                .is_none_or(|wanted| instance.io_optimized == Some(wanted)),
            input.instance_name.as_deref().is_none_or(|pattern| {
                instance
                    .instance_name
                    .as_deref()
                    .is_some_and(|name| wildcard_match(pattern, name))
            }),
            input.security_group_id.as_deref().is_none_or(|wanted| {
                instance
                    .security_group_ids
                    .iter()
                    .flat_map(|groups| &groups.security_group_id)
                    .any(|group| group == wanted)
            }),
            input.lock_reason.as_ref().is_none_or(|wanted| {
                // The response writes `Recycling` where the request's enum
                // says `recycling`, so reasons compare without case.
                instance
                    .operation_locks
                    .iter()
                    .flat_map(|locks| &locks.lock_reason)
                    .filter_map(|lock| lock.lock_reason.as_deref())
                    .any(|reason| reason.eq_ignore_ascii_case(wanted.as_str()))
            }),
            any_of(
                &input.private_ip_addresses,
                vpc.and_then(|vpc| vpc.private_ip_address.as_ref())
                    .iter()
                    .flat_map(|ips| &ips.ip_address),
            ),
            any_of(
                &input.public_ip_addresses,
                instance
                    .public_ip_address
                    .iter()
                    .flat_map(|ips| &ips.ip_address),
            ),
            any_of(
                &input.inner_ip_addresses,
                instance
                    .inner_ip_address
                    .iter()
                    .flat_map(|ips| &ips.ip_address),
            ),
            any_of(
                &input.eip_addresses,
                instance
                    .eip_address
                    .iter()
                    .filter_map(|eip| eip.ip_address.as_ref()),
            ),
            any_of(
                &input.ipv6_address,
                interfaces()
                    .flat_map(|interface| &interface.ipv6_sets)
                    .flat_map(|sets| &sets.ipv6_set)
                    .filter_map(|set| set.ipv6_address.as_ref()),
            ),
            any_of(
                &self.rdma_ip_addresses,
                instance
                    .rdma_ip_address
                    .iter()
                    .flat_map(|ips| &ips.ip_address),
            ),
        ];
        checks.iter().all(|passed| *passed)
            && self
                .times
                .iter()
                .all(|(which, bound)| which.accepts(instance, *bound))
    }
}

/// No filter, or the field has exactly the wanted value.
fn equal(wanted: &Option<String>, actual: &Option<String>) -> bool {
    equal_str(wanted.as_deref(), actual)
}

fn equal_str(wanted: Option<&str>, actual: &Option<String>) -> bool {
    wanted.is_none_or(|wanted| actual.as_deref() == Some(wanted))
}

/// No filter (an empty list), or one of the instance's values is wanted.
fn any_of<'a, W: AsRef<str>>(wanted: &[W], mut actual: impl Iterator<Item = &'a String>) -> bool {
    wanted.is_empty()
        || actual.any(|value| {
            wanted
                .iter()
                .any(|wanted| wanted.as_ref() == value.as_str())
        })
}

/// `InstanceName` matching: `*` stands for any run of characters (also
/// none), anything else for itself; without `*` the name must be equal.
/// Case matters.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        // No `*`: one part.
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::{Fixture, DEFAULT_GROUP};
    use serde_json::{json, Value};

    fn ids(body: &Value) -> Vec<String> {
        body["Instances"]["Instance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|instance| instance["InstanceId"].as_str().unwrap().to_owned())
            .collect()
    }

    fn describe(fixture: &Fixture, extra: &[(&str, &str)]) -> Result<Value, &'static str> {
        let mut params = vec![("RegionId", "cn-hangzhou")];
        params.extend_from_slice(extra);
        fixture
            .call("DescribeInstances", &params)
            .map_err(|error| error.code)
    }

    fn matching(fixture: &Fixture, extra: &[(&str, &str)]) -> Vec<String> {
        ids(&describe(fixture, extra).unwrap())
    }

    /// Two instances that differ in every filtered field, a third seeded
    /// without fields, and a disk.
    fn fleet() -> Fixture {
        let fixture = Fixture::new();
        fixture
            .instance(
                "i-1",
                Some("rg-web"),
                &[("env", "prod"), ("team", "web")],
                json!({
                    "InstanceName": "web-prod-01",
                    "Status": "Running",
                    "InstanceType": "ecs.g7.large",
                    "InstanceTypeFamily": "ecs.g7",
                    "ZoneId": "cn-hangzhou-h",
                    "VpcId": "vpc-a",
                    "VSwitchId": "vsw-a",
                    "PrivateIpAddress": ["172.16.0.1"],
                    "PublicIpAddress": ["47.0.0.1"],
                    "InnerIpAddress": ["10.0.0.1"],
                    "EipAddress": {"IpAddress": "39.0.0.1"},
                    "RdmaIpAddress": ["10.10.0.1"],
                    "SecurityGroupIds": ["sg-a", "sg-shared"],
                    "ImageId": "m-a",
                    "KeyPairName": "key-a",
                    "HpcClusterId": "hpc-a",
                    "InstanceChargeType": "PostPaid",
                    "InternetChargeType": "PayByTraffic",
                    "InstanceNetworkType": "vpc",
                    "IoOptimized": true,
                    "MetadataOptions": {"HttpEndpoint": "enabled", "HttpTokens": "required"},
                    "OperationLocks": [{"LockReason": "Recycling"}],
                    "NetworkInterfaces": [{"Ipv6Sets": [{"Ipv6Address": "2408::1"}]}],
                    "CreationTime": "2024-01-10T08:00Z",
                    "ExpiredTime": "2025-01-10T08:00Z",
                    "Cpu": 2,
                    "Memory": 8192,
                }),
            )
            .instance(
                "i-2",
                None,
                &[("env", "dev"), ("team", "web")],
                json!({
                    "InstanceName": "db-dev-01",
                    "Status": "Stopped",
                    "InstanceType": "ecs.r7.xlarge",
                    "InstanceTypeFamily": "ecs.r7",
                    "ZoneId": "cn-hangzhou-i",
                    "VpcId": "vpc-b",
                    "VSwitchId": "vsw-b",
                    "PrivateIpAddress": ["172.16.0.2"],
                    "PublicIpAddress": ["47.0.0.2"],
                    "InnerIpAddress": ["10.0.0.2"],
                    "EipAddress": {"IpAddress": "39.0.0.2"},
                    "RdmaIpAddress": ["10.10.0.2"],
                    "SecurityGroupIds": ["sg-b", "sg-shared"],
                    "ImageId": "m-b",
                    "KeyPairName": "key-b",
                    "HpcClusterId": "hpc-b",
                    "InstanceChargeType": "PrePaid",
                    "InternetChargeType": "PayByBandwidth",
                    "InstanceNetworkType": "classic",
                    "IoOptimized": false,
                    "MetadataOptions": {"HttpEndpoint": "disabled", "HttpTokens": "optional"},
                    "OperationLocks": [{"LockReason": "financial"}],
                    "NetworkInterfaces": [{"Ipv6Sets": [{"Ipv6Address": "2408::2"}]}],
                    "CreationTime": "2024-03-10T08:00Z",
                    "ExpiredTime": "2024-06-10T08:00Z",
                }),
            )
            .resource("instance", "i-3", None, &[])
            .resource("disk", "d-1", None, &[("env", "prod")]);
        fixture
    }

    #[test]
    fn every_instance_of_the_region_in_id_order_with_what_the_store_knows() {
        let fixture = fleet();
        let body = describe(&fixture, &[]).unwrap();
        assert_eq!(ids(&body), ["i-1", "i-2", "i-3"], "no disks");
        assert_eq!(body["TotalCount"], 3);
        assert_eq!(body["PageNumber"], 1);
        assert_eq!(body["PageSize"], 10);
        assert!(body.get("NextToken").is_none());
        let first = &body["Instances"]["Instance"][0];
        assert_eq!(first["RegionId"], "cn-hangzhou");
        assert_eq!(first["ResourceGroupId"], "rg-web");
        assert_eq!(first["Cpu"], 2);
        assert_eq!(
            first["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0],
            "172.16.0.1"
        );
        assert_eq!(
            first["Tags"]["Tag"],
            json!([{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "web"}])
        );
        let bare = &body["Instances"]["Instance"][2];
        assert_eq!(
            bare,
            &json!({"InstanceId": "i-3", "RegionId": "cn-hangzhou", "ResourceGroupId": DEFAULT_GROUP}),
            "an instance seeded without fields shows what the store knows, nothing made up"
        );
        assert!(matching(&fixture, &[("RegionId", "cn-shanghai")]).is_empty());
    }

    #[test]
    fn each_field_filter_selects_exactly_its_instance() {
        let fixture = fleet();
        let cases: &[(&str, &str, &str)] = &[
            ("ZoneId", "cn-hangzhou-h", "cn-hangzhou-i"),
            ("VpcId", "vpc-a", "vpc-b"),
            ("VSwitchId", "vsw-a", "vsw-b"),
            ("Status", "Running", "Stopped"),
            ("InstanceType", "ecs.g7.large", "ecs.r7.xlarge"),
            ("InstanceTypeFamily", "ecs.g7", "ecs.r7"),
            ("ImageId", "m-a", "m-b"),
            ("KeyPairName", "key-a", "key-b"),
            ("HpcClusterId", "hpc-a", "hpc-b"),
            ("SecurityGroupId", "sg-a", "sg-b"),
            ("InstanceChargeType", "PostPaid", "PrePaid"),
            ("InternetChargeType", "PayByTraffic", "PayByBandwidth"),
            ("InstanceNetworkType", "vpc", "classic"),
            ("IoOptimized", "true", "false"),
            ("HttpEndpoint", "enabled", "disabled"),
            ("HttpTokens", "required", "optional"),
            ("LockReason", "recycling", "financial"),
            ("InstanceName", "web-prod-01", "db-dev-01"),
            (
                "PrivateIpAddresses",
                r#"["172.16.0.1"]"#,
                r#"["172.16.0.2"]"#,
            ),
            ("PublicIpAddresses", r#"["47.0.0.1"]"#, r#"["47.0.0.2"]"#),
            ("InnerIpAddresses", r#"["10.0.0.1"]"#, r#"["10.0.0.2"]"#),
            ("EipAddresses", r#"["39.0.0.1"]"#, r#"["39.0.0.2"]"#),
            ("RdmaIpAddresses", "10.10.0.1", "10.10.0.2"),
            ("Ipv6Address.1", "2408::1", "2408::2"),
            ("ResourceGroupId", "rg-web", "rg-none"),
        ];
        for (name, first, second) in cases {
            assert_eq!(
                matching(&fixture, &[(name, first)]),
                ["i-1"],
                "{name}={first}"
            );
            let second_ids: &[&str] = if *name == "ResourceGroupId" {
                &[]
            } else {
                &["i-2"]
            };
            assert_eq!(
                matching(&fixture, &[(name, second)]),
                second_ids,
                "{name}={second}"
            );
        }
        assert_eq!(
            matching(&fixture, &[("SecurityGroupId", "sg-shared")]),
            ["i-1", "i-2"],
            "any of the instance's groups"
        );
        assert_eq!(
            matching(
                &fixture,
                &[(
                    "PrivateIpAddresses",
                    r#"["172.16.0.2","172.16.0.1","172.16.0.9"]"#
                )]
            ),
            ["i-1", "i-2"],
            "any of the listed addresses"
        );
    }

    #[test]
    fn filters_are_anded() {
        let fixture = fleet();
        assert_eq!(
            matching(&fixture, &[("VpcId", "vpc-a"), ("Status", "Running")]),
            ["i-1"]
        );
        assert!(matching(&fixture, &[("VpcId", "vpc-a"), ("Status", "Stopped")]).is_empty());
    }

    #[test]
    fn instance_ids_is_a_json_array_and_an_empty_one_matches_nothing() {
        let fixture = fleet();
        assert_eq!(
            matching(
                &fixture,
                &[("InstanceIds", r#"["i-3","i-404","i-1","i-1"]"#)]
            ),
            ["i-1", "i-3"],
            "sorted, unknown IDs match nothing, duplicates once"
        );
        assert!(matching(&fixture, &[("InstanceIds", "[]")]).is_empty());
        assert_eq!(
            describe(&fixture, &[("InstanceIds", "i-1,i-2")]).unwrap_err(),
            "InvalidParameter"
        );
        let too_many =
            serde_json::to_string(&(0..101).map(|n| format!("i-{n}")).collect::<Vec<_>>()).unwrap();
        assert_eq!(
            describe(&fixture, &[("InstanceIds", &too_many)]).unwrap_err(),
            "InvalidParameter"
        );
    }

    #[test]
    fn instance_name_takes_star_wildcards() {
        let fixture = fleet();
        assert_eq!(matching(&fixture, &[("InstanceName", "web*")]), ["i-1"]);
        assert_eq!(
            matching(&fixture, &[("InstanceName", "*-01")]),
            ["i-1", "i-2"]
        );
        assert_eq!(matching(&fixture, &[("InstanceName", "*dev*")]), ["i-2"]);
        assert_eq!(matching(&fixture, &[("InstanceName", "w*p*1")]), ["i-1"]);
        assert!(
            matching(&fixture, &[("InstanceName", "web")]).is_empty(),
            "exact without *"
        );
        assert!(
            matching(&fixture, &[("InstanceName", "WEB*")]).is_empty(),
            "case matters"
        );
    }

    #[test]
    fn wildcards_match_runs_including_empty_ones() {
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*", "a"));
        assert!(wildcard_match("a*b*c", "abc"));
        assert!(
            !wildcard_match("ab*ba", "aba"),
            "prefix and suffix may not overlap"
        );
        assert!(wildcard_match("**x", "yx"));
        assert!(!wildcard_match("a", "ab"));
    }

    #[test]
    fn tags_match_exactly_and_all_pairs_must_match() {
        let fixture = fleet();
        assert_eq!(
            matching(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "prod")]),
            ["i-1"]
        );
        assert_eq!(
            matching(
                &fixture,
                &[
                    ("Tag.1.Key", "team"),
                    ("Tag.1.Value", "web"),
                    ("Tag.2.Key", "env"),
                    ("Tag.2.Value", "dev"),
                ]
            ),
            ["i-2"],
            "AND"
        );
        assert!(matching(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "pro")]).is_empty());
        assert_eq!(
            matching(&fixture, &[("Tag.1.Key", "team")]),
            ["i-1", "i-2"],
            "any value"
        );
        assert_eq!(
            describe(&fixture, &[("Tag.1.Value", "prod")]).unwrap_err(),
            "InvalidTag.Mismatch"
        );
    }

    #[test]
    fn tags_follow_tag_and_untag_resources() {
        let fixture = fleet();
        fixture
            .call(
                "TagResources",
                &[
                    ("RegionId", "cn-hangzhou"),
                    ("ResourceType", "instance"),
                    ("ResourceId.1", "i-3"),
                    ("Tag.1.Key", "env"),
                    ("Tag.1.Value", "prod"),
                ],
            )
            .unwrap();
        let body = describe(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "prod")]).unwrap();
        assert_eq!(ids(&body), ["i-1", "i-3"]);
        assert_eq!(
            body["Instances"]["Instance"][1]["Tags"]["Tag"],
            json!([{"TagKey": "env", "TagValue": "prod"}])
        );
        fixture
            .call(
                "UntagResources",
                &[
                    ("RegionId", "cn-hangzhou"),
                    ("ResourceType", "instance"),
                    ("ResourceId.1", "i-3"),
                    ("All", "true"),
                ],
            )
            .unwrap();
        let body = describe(&fixture, &[("InstanceIds", r#"["i-3"]"#)]).unwrap();
        assert!(body["Instances"]["Instance"][0].get("Tags").is_none());
    }

    #[test]
    fn the_default_resource_group_is_no_filter() {
        let fixture = fleet();
        assert_eq!(
            matching(&fixture, &[("ResourceGroupId", DEFAULT_GROUP)]),
            ["i-1", "i-2", "i-3"]
        );
    }

    #[test]
    fn time_filters_bound_creation_and_expiry_inclusively() {
        let fixture = fleet();
        let filter = |key: &'static str, value: &'static str| {
            matching(
                &fixture,
                &[("Filter.1.Key", key), ("Filter.1.Value", value)],
            )
        };
        assert_eq!(filter("CreationStartTime", "2024-02-01T00:00Z"), ["i-2"]);
        assert_eq!(
            filter("CreationStartTime", "2024-01-10T08:00Z"),
            ["i-1", "i-2"]
        );
        assert_eq!(filter("CreationEndTime", "2024-02-01T00:00Z"), ["i-1"]);
        assert_eq!(filter("ExpiredStartTime", "2024-12-01T00:00Z"), ["i-1"]);
        assert_eq!(filter("ExpiredEndTime", "2024-12-01T00:00Z"), ["i-2"]);
        assert_eq!(
            matching(
                &fixture,
                &[
                    ("Filter.1.Key", "CreationStartTime"),
                    ("Filter.1.Value", "2024-01-01T00:00Z"),
                    ("Filter.2.Key", "CreationEndTime"),
                    ("Filter.2.Value", "2024-02-01T00:00Z"),
                ]
            ),
            ["i-1"]
        );
        let code = |params: &[(&str, &str)]| describe(&fixture, params).unwrap_err();
        assert_eq!(
            code(&[
                ("Filter.1.Key", "LaunchTime"),
                ("Filter.1.Value", "2024-01-01T00:00Z")
            ]),
            "InvalidFilterKey.NotFound"
        );
        assert_eq!(
            code(&[
                ("Filter.1.Key", "CreationStartTime"),
                ("Filter.1.Value", "yesterday")
            ]),
            "InvalidFilterValue"
        );
        assert_eq!(
            code(&[("Filter.1.Key", "CreationStartTime")]),
            "InvalidFilterValue"
        );
    }

    #[test]
    fn enum_values_outside_the_spec_have_their_documented_codes() {
        let fixture = fleet();
        let code = |name, value| describe(&fixture, &[(name, value)]).unwrap_err();
        assert_eq!(code("Status", "Deleted"), "InvalidStatus.NotFound");
        assert_eq!(
            code("InstanceChargeType", "Monthly"),
            "InvalidInstanceChargeType.NotFound"
        );
        assert_eq!(
            code("InternetChargeType", "Free"),
            "InvalidInternetChargeType.ValueNotSupported"
        );
        assert_eq!(
            code("InstanceNetworkType", "VPC"),
            "InvalidNetworkType.NotFound"
        );
        assert_eq!(code("LockReason", "boredom"), "InvalidLockReason.NotFound");
        assert_eq!(code("HttpTokens", "sometimes"), "InvalidParameter");
        assert_eq!(code("RegionId", "mars-north-1"), "InvalidRegionId.NotFound");
    }

    fn many(count: usize) -> Fixture {
        let fixture = Fixture::new();
        for n in (0..count).rev() {
            fixture.resource("instance", &format!("i-{n:03}"), None, &[]);
        }
        fixture
    }

    fn expected(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|n| format!("i-{n:03}")).collect()
    }

    #[test]
    fn page_numbers_page_with_a_total() {
        let fixture = many(25);
        let body = describe(&fixture, &[]).unwrap();
        assert_eq!(ids(&body), expected(0..10), "10 a page by default");
        assert_eq!(body["TotalCount"], 25);
        let body = describe(&fixture, &[("PageNumber", "3"), ("PageSize", "10")]).unwrap();
        assert_eq!(ids(&body), expected(20..25));
        assert_eq!(body["PageNumber"], 3);
        assert_eq!(body["PageSize"], 10);
        assert_eq!(body["TotalCount"], 25);
        assert!(body.get("NextToken").is_none(), "the last page");
        let body = describe(&fixture, &[("PageNumber", "2"), ("PageSize", "7")]).unwrap();
        assert_eq!(ids(&body), expected(7..14));
        let body = describe(&fixture, &[("PageNumber", "9"), ("PageSize", "7")]).unwrap();
        assert!(ids(&body).is_empty());
        assert_eq!(body["TotalCount"], 25);
        let body = describe(&fixture, &[("PageSize", "101")]).unwrap();
        assert_eq!(body["PageSize"], 100, "clamped, not refused");
        assert_eq!(ids(&body).len(), 25);
        assert_eq!(
            describe(&fixture, &[("PageNumber", "0")]).unwrap_err(),
            "InvalidParameter"
        );
    }

    #[test]
    fn tokens_page_in_a_stable_order_without_gaps_or_repeats() {
        let fixture = many(45);
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut params = vec![("MaxResults", "20")];
            if let Some(token) = &token {
                params.push(("NextToken", token.as_str()));
            }
            let body = describe(&fixture, &params).unwrap();
            assert!(
                body.get("PageNumber").is_none(),
                "page numbers are not in use"
            );
            pages += 1;
            seen.extend(ids(&body));
            match body["NextToken"].as_str() {
                Some(next) => token = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, expected(0..45));
    }

    #[test]
    fn a_page_numbered_first_page_hands_on_a_token_and_max_results_is_at_least_ten() {
        let fixture = many(25);
        let body = describe(&fixture, &[("PageSize", "12")]).unwrap();
        assert_eq!(ids(&body), expected(0..12));
        let token = body["NextToken"].as_str().unwrap().to_owned();
        let body = describe(&fixture, &[("NextToken", &token), ("PageSize", "12")]).unwrap();
        assert_eq!(
            ids(&body),
            expected(12..22),
            "PageSize is ignored with a token"
        );
        let body = describe(&fixture, &[("MaxResults", "3")]).unwrap();
        assert_eq!(ids(&body), expected(0..10), "below 10 counts as 10");
        let body = describe(&fixture, &[("MaxResults", "3"), ("PageNumber", "2")]).unwrap();
        assert_eq!(
            ids(&body),
            expected(0..10),
            "PageNumber is ignored with MaxResults"
        );
    }

    #[test]
    fn a_token_resumes_after_its_instance_even_when_instances_change() {
        let fixture = many(25);
        let body = describe(&fixture, &[("MaxResults", "10")]).unwrap();
        let token = body["NextToken"].as_str().unwrap().to_owned();
        fixture.resource("instance", "i-000a", None, &[]);
        fixture.resource("instance", "i-010a", None, &[]);
        let body = describe(&fixture, &[("MaxResults", "10"), ("NextToken", &token)]).unwrap();
        let mut wanted = vec!["i-010".to_owned(), "i-010a".to_owned()];
        wanted.extend(expected(11..19));
        assert_eq!(ids(&body), wanted);
    }

    #[test]
    fn a_token_made_up_or_from_another_query_is_invalid() {
        let fixture = many(25);
        let body = describe(&fixture, &[("Status", "Running"), ("MaxResults", "10")]).unwrap();
        assert!(body.get("NextToken").is_none(), "no instance has a status");
        let body = describe(&fixture, &[("MaxResults", "10")]).unwrap();
        let token = body["NextToken"].as_str().unwrap().to_owned();
        assert_eq!(
            describe(
                &fixture,
                &[("NextToken", &token), ("ZoneId", "cn-hangzhou-h")]
            )
            .unwrap_err(),
            "Invalid.NextToken"
        );
        assert_eq!(
            describe(
                &fixture,
                &[("NextToken", "caeba0bbb2be03f84eb48b699f0a4883")]
            )
            .unwrap_err(),
            "Invalid.NextToken"
        );
        let body = describe(&fixture, &[("NextToken", "")]).unwrap();
        assert_eq!(
            ids(&body),
            expected(0..10),
            "an empty token is the first page"
        );
    }

    #[test]
    fn a_list_tag_resources_token_is_not_a_describe_instances_token() {
        let mut fixture = many(3);
        fixture.page_size = 1;
        for n in 0..3 {
            fixture.resource("instance", &format!("i-{n:03}"), None, &[("env", "prod")]);
        }
        let body = fixture
            .call(
                "ListTagResources",
                &[
                    ("RegionId", "cn-hangzhou"),
                    ("ResourceType", "instance"),
                    ("Tag.1.Key", "env"),
                ],
            )
            .unwrap();
        let token = body["NextToken"].as_str().unwrap();
        assert_eq!(
            describe(&fixture, &[("NextToken", token)]).unwrap_err(),
            "Invalid.NextToken"
        );
    }
}
