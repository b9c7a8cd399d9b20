//! How the emulator is set up: address, keys, paging, the default resource
//! group, and the resources it starts with.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::Duration;

use alibabacloud_ecs::operation::describe_instances::Instance;
use alibabacloud_ecs::operation::list_tag_resources::ResourceType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::Secret;

/// ListTagResources rows per page unless configured.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// The longest a client may take to send a request's headers, and again
/// its body, unless configured. Real clients send both at once.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection may stay open with nothing read or written unless
/// configured; then it is closed.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections served at once unless configured: 512, and never
/// more than the process's open-file limit less a margin for the files the
/// emulator itself needs. A connection over the limit is answered
/// `ServiceUnavailable` and closed.
pub fn default_max_connections() -> usize {
    const MARGIN: u64 = 64;
    const CEILING: usize = 512;
    match open_file_limit() {
        Some(limit) => usize::try_from(limit.saturating_sub(MARGIN).max(1))
            .unwrap_or(CEILING)
            .min(CEILING),
        None => CEILING / 4,
    }
}

/// The soft limit on open files, where the platform has one.
fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
        if status == 0 && limit.rlim_cur != libc::RLIM_INFINITY {
            // rlim_t is u64 on Linux and macOS but not on every unix.
            #[allow(clippy::useless_conversion)]
            return u64::try_from(limit.rlim_cur).ok();
        }
        None
    }
    #[cfg(not(unix))]
    None
}

/// The most nonces remembered at once unless configured. Each takes about
/// 60 bytes (a 128-bit digest of key and nonce, and its expiry), so the
/// replay cache stays under about 15 MB; that is 270 requests a second,
/// sustained over the 15-minute window, before new requests are refused.
pub const DEFAULT_MAX_REMEMBERED_NONCES: usize = 250_000;

/// How long each step of an instance's life (Pending, Starting, Stopping)
/// takes unless configured: long enough that a waiter sees the step, short
/// enough for tests.
pub const DEFAULT_TRANSITION: Duration = Duration::from_millis(300);

/// The most instances the emulator holds unless configured; RunInstances
/// past it is refused with `QuotaExceed.AfterpayInstance`, as an account's
/// quota is, so that no caller can fill the emulator's memory.
pub const DEFAULT_MAX_INSTANCES: usize = 10_000;

/// The resource type whose resources DescribeInstances lists.
pub const INSTANCE: &str = "instance";

/// The ID of the account's default resource group unless configured.
///
/// Every account has one, and the service refuses to list it by
/// `acs:rm:rgId`. Real IDs look like `rg-acfm...`; the emulator cannot know
/// an account's, so it is a setting, and resources seeded without a
/// `ResourceGroupId` are in it.
pub const DEFAULT_RESOURCE_GROUP_ID: &str = "rg-default";

/// Everything [`crate::Emulator::start`] needs. Start from
/// [`EmulatorConfig::new`] and change the fields you need.
#[derive(Clone)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// The address to listen on; 127.0.0.1 unless set.
    pub bind: IpAddr,
    /// The port; 0 lets the system choose a free one.
    pub port: u16,
    /// The one AccessKey pair requests must be signed with.
    pub access_key_id: String,
    pub access_key_secret: Secret,
    /// ListTagResources rows per page; at least 1.
    pub page_size: usize,
    /// See [`DEFAULT_RESOURCE_GROUP_ID`].
    pub default_resource_group_id: String,
    /// Resources that exist from the start.
    pub seed: Vec<SeedResource>,
    /// One line per request on stderr (action, status, request ID; never
    /// parameters or keys).
    pub log_requests: bool,
    /// See [`DEFAULT_HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`DEFAULT_IDLE_TIMEOUT`].
    pub idle_timeout: Duration,
    /// See [`default_max_connections`]; at least 1.
    pub max_connections: usize,
    /// See [`DEFAULT_MAX_REMEMBERED_NONCES`]; at least 1.
    pub max_remembered_nonces: usize,
    /// See [`DEFAULT_TRANSITION`]; zero makes every state change immediate.
    pub transition: Duration,
    /// See [`DEFAULT_MAX_INSTANCES`].
    pub max_instances: usize,
}

impl EmulatorConfig {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            page_size: DEFAULT_PAGE_SIZE,
            default_resource_group_id: DEFAULT_RESOURCE_GROUP_ID.to_owned(),
            seed: Vec::new(),
            log_requests: false,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: default_max_connections(),
            max_remembered_nonces: DEFAULT_MAX_REMEMBERED_NONCES,
            transition: DEFAULT_TRANSITION,
            max_instances: DEFAULT_MAX_INSTANCES,
        }
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("page_size", &self.page_size)
            .field("default_resource_group_id", &self.default_resource_group_id)
            .field("seed", &format_args!("[{} resources]", self.seed.len()))
            .field("log_requests", &self.log_requests)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .field("max_remembered_nonces", &self.max_remembered_nonces)
            .field("transition", &self.transition)
            .field("max_instances", &self.max_instances)
            .finish()
    }
}

/// One resource to start with, as in the seed file:
/// `{"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-001",
/// "ResourceGroupId":"rg-aek2abc","Tags":{"env":"prod","team":"db"},
/// "Instance":{"InstanceName":"web-1","Status":"Running","VpcId":"vpc-1"}}`;
/// `ResourceGroupId`, `Tags` and `Instance` are optional.
///
/// `Instance` (for `ResourceType` `instance` only) holds what
/// DescribeInstances shows of the instance besides its ID, region, group and
/// tags: any member of the response's `Instance`, by the response's names,
/// with shorthands for the common ones; see [`crate::instance_fields`]. An
/// instance seeded without it is still listed, with only those four.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedResource {
    pub region_id: String,
    pub resource_type: String,
    pub resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The seed file's `Instance` object, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<Map<String, Value>>,
}

impl SeedResource {
    pub fn new(
        region_id: impl Into<String>,
        resource_type: impl Into<String>,
        resource_id: impl Into<String>,
    ) -> Self {
        Self {
            region_id: region_id.into(),
            resource_type: resource_type.into(),
            resource_id: resource_id.into(),
            resource_group_id: None,
            tags: BTreeMap::new(),
            instance: None,
        }
    }

    pub fn group(mut self, resource_group_id: impl Into<String>) -> Self {
        self.resource_group_id = Some(resource_group_id.into());
        self
    }

    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Sets one member of the seed file's `Instance` object:
    /// `.instance_field("Status", "Running")`,
    /// `.instance_field("PrivateIpAddress", vec!["172.16.0.10"])`.
    pub fn instance_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.instance
            .get_or_insert_with(Map::new)
            .insert(name.into(), value.into());
        self
    }

    /// Sets every member that `instance` has (the SDK's generated type),
    /// over those set before. Leave `InstanceId`, `RegionId`,
    /// `ResourceGroupId` and `Tags` unset: the entry gives them.
    pub fn instance_fields(mut self, instance: &Instance) -> Self {
        if let Ok(Value::Object(members)) = serde_json::to_value(instance) {
            self.instance.get_or_insert_with(Map::new).extend(members);
        }
        self
    }

    /// What no request could have made: an empty ID or region, a resource
    /// type the service does not know, more tags than a resource holds, or
    /// instance fields that are not DescribeInstances' (or not an
    /// instance's). The instance fields, read.
    pub(crate) fn check(
        &self,
        index: usize,
        max_tags: usize,
    ) -> Result<Option<Instance>, SeedError> {
        let fail = |reason: String| -> Result<Option<Instance>, SeedError> {
            Err(SeedError {
                index,
                resource_id: self.resource_id.clone(),
                reason,
            })
        };
        if self.region_id.is_empty() || self.resource_id.is_empty() {
            return fail("RegionId and ResourceId must not be empty".to_owned());
        }
        if !ResourceType::VALUES.contains(&self.resource_type.as_str()) {
            return fail(format!(
                "ResourceType {:?} is not one of {}",
                self.resource_type,
                ResourceType::VALUES.join(", ")
            ));
        }
        if self.tags.len() > max_tags {
            return fail(format!(
                "{} tags; a resource holds at most {max_tags}",
                self.tags.len()
            ));
        }
        if self.tags.keys().any(|key| key.is_empty()) {
            return fail("a tag key is empty".to_owned());
        }
        let Some(fields) = &self.instance else {
            return Ok(None);
        };
        if self.resource_type != INSTANCE {
            return fail(format!(
                "Instance fields are for ResourceType {INSTANCE:?}, not {:?}",
                self.resource_type
            ));
        }
        match crate::instance_fields::parse(fields) {
            Ok(instance) => Ok(Some(instance)),
            Err(reason) => fail(reason),
        }
    }
}

/// The seed file: `{"resources":[...]}`, each entry a [`SeedResource`]. The
/// crate docs' *The seed file* shows a full one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub resources: Vec<SeedResource>,
}

impl SeedFile {
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|error| format!("not a seed file: {error}"))
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        Self::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
    }
}

/// A seeded resource that was refused; nothing of its batch was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// Its position in the list, from 0.
    pub index: usize,
    pub resource_id: String,
    pub reason: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seed resource {} ({:?}): {}",
            self.index, self.resource_id, self.reason
        )
    }
}

impl std::error::Error for SeedError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_seed_file_parses_with_optional_fields() {
        let file = SeedFile::parse(
            r#"{"resources":[
                {"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-001",
                 "ResourceGroupId":"rg-aek2abc","Tags":{"env":"prod","team":"db"}},
                {"RegionId":"cn-hangzhou","ResourceType":"disk","ResourceId":"d-001"}]}"#,
        )
        .unwrap();
        assert_eq!(
            file.resources,
            vec![
                SeedResource::new("cn-hangzhou", "instance", "i-001")
                    .group("rg-aek2abc")
                    .tag("env", "prod")
                    .tag("team", "db"),
                SeedResource::new("cn-hangzhou", "disk", "d-001"),
            ]
        );
    }

    #[test]
    fn instance_fields_are_optional_read_and_checked() {
        let file = SeedFile::parse(
            r#"{"resources":[
                {"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-001",
                 "Instance":{"InstanceName":"web-1","Status":"Running","VpcId":"vpc-1",
                             "PrivateIpAddress":["172.16.0.10"],"Cpu":2}}]}"#,
        )
        .unwrap();
        let seeded = &file.resources[0];
        assert_eq!(
            *seeded,
            SeedResource::new("cn-hangzhou", "instance", "i-001")
                .instance_field("InstanceName", "web-1")
                .instance_field("Status", "Running")
                .instance_field("VpcId", "vpc-1")
                .instance_field("PrivateIpAddress", vec!["172.16.0.10"])
                .instance_field("Cpu", 2)
        );
        let instance = seeded.check(0, 20).unwrap().expect("instance fields");
        assert_eq!(instance.cpu, Some(2));
        assert_eq!(
            instance.vpc_attributes.unwrap().vpc_id.as_deref(),
            Some("vpc-1")
        );
        // Written back as written, so a seed file round-trips.
        let text = serde_json::to_string(&file).unwrap();
        assert_eq!(SeedFile::parse(&text).unwrap(), file);

        let error = SeedResource::new("cn-hangzhou", "instance", "i-1")
            .instance_field("Stauts", "Running")
            .check(4, 20)
            .unwrap_err();
        assert_eq!(error.index, 4);
        assert!(error.reason.contains("Instance.Stauts"), "{error}");
        let error = SeedResource::new("cn-hangzhou", "disk", "d-1")
            .instance_field("Status", "Running")
            .check(0, 20)
            .unwrap_err();
        assert!(error.reason.contains("\"instance\""), "{error}");
        assert_eq!(
            SeedResource::new("cn-hangzhou", "instance", "i-1").check(0, 20),
            Ok(None)
        );
    }

    #[test]
    fn a_misspelt_field_is_an_error_not_silently_dropped() {
        let error = SeedFile::parse(
            r#"{"resources":[{"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-1","Tag":{}}]}"#,
        )
        .unwrap_err();
        assert!(error.contains("Tag"), "{error}");
    }

    #[test]
    fn unknown_resource_types_and_too_many_tags_are_refused() {
        let vm = SeedResource::new("cn-hangzhou", "vm", "i-1");
        assert!(vm.check(0, 20).unwrap_err().reason.contains("vm"));
        let mut crowded = SeedResource::new("cn-hangzhou", "instance", "i-1");
        for n in 0..21 {
            crowded = crowded.tag(format!("k{n}"), "v");
        }
        assert!(crowded
            .check(3, 20)
            .unwrap_err()
            .to_string()
            .starts_with("seed resource 3"));
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        let config = EmulatorConfig::new("id", "s3cr3t-value");
        assert!(!format!("{config:?}").contains("s3cr3t-value"));
    }
}
