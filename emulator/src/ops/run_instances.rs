//! RunInstances: creates `Amount` instances that go `Pending`, then
//! `Starting`, then `Running`, each step taking the configured transition
//! time.
//!
//! - **No networks or images are modelled**: any `ImageId` (or
//!   `ImageFamily`), `InstanceType`, `ZoneId`, `VSwitchId` and security
//!   group is accepted and shown back by DescribeInstances. An image and a
//!   type are needed unless a launch template is named
//!   (`MissingParameter`).
//! - **`Amount`** (default 1) up to 100, as the reference's prose says
//!   (`InvalidParameter` above); `MinAmount` may not exceed it
//!   (`InvalidMinAmount.Malformed`). The emulator has capacity for all
//!   `Amount` instances, so `MinAmount` changes nothing else. Past the
//!   configured instance limit the request is refused with
//!   `QuotaExceed.AfterpayInstance`, as an account's quota is.
//! - **`InstanceName`** follows the documented `name[begin,bits]suffix`
//!   numbering (`web-[1,3]` gives `web-001`, `web-002`, ...; `begin` up to
//!   999999, `bits` 1 to 6, else `InvalidInstanceName.CustomMalformed`);
//!   without it, `UniqueSuffix=true` appends `001`, `002`, ...; without a
//!   name, the instance ID is the name.
//! - **`Tag.N`** are the instance's tags, as ListTagResources and
//!   TagResources see them.
//! - **`ClientToken`**: a second request with a token already used in the
//!   region creates nothing and answers the instances of the first. The
//!   last 10,000 tokens are remembered.
//! - **`DryRun=true`** answers `DryRunOperation` once every check passes.

use std::collections::BTreeMap;

use alibabacloud_ecs::operation::describe_instances::{Instance, SecurityGroupIds, VpcAttributes};
use alibabacloud_ecs::operation::run_instances::{
    InstanceIdSets, RunInstancesInput, RunInstancesOutput, ERRORS,
};
use time::OffsetDateTime;

use super::{to_json, Context, Operation};
use crate::config::INSTANCE;
use crate::error::ApiError;
use crate::store::lifecycle::{Lifecycle, State};

pub const OPERATION: Operation = Operation {
    name: "RunInstances",
    errors: ERRORS,
    run,
};

/// The most instances one request creates: "Valid values: 1 to 100".
pub const MAX_AMOUNT: i32 = 100;

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input =
        RunInstancesInput::from_wire_params(params).map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    let template = input.launch_template_id.is_some() || input.launch_template_name.is_some();
    let image = input.image_id.is_some() || input.image_family.is_some();
    if !template && (!image || input.instance_type.is_none()) {
        return Err(ApiError::new("MissingParameter"));
    }
    let amount = input.amount.unwrap_or(1);
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(ApiError::new("InvalidParameter"));
    }
    if input.min_amount.is_some_and(|min| min > amount) {
        return Err(ApiError::new("InvalidMinAmount.Malformed"));
    }
    let amount = amount as usize;
    let names = NameRule::new(input.instance_name.as_deref(), input.unique_suffix)?;
    let mut tags = BTreeMap::new();
    for tag in &input.tag {
        let key = tag
            .key
            .clone()
            .filter(|key| !key.is_empty())
            .ok_or(ApiError::new("InvalidTagKey.Malformed"))?;
        tags.insert(key, tag.value.clone().unwrap_or_default());
    }

    let mut store = context.write();
    let token = input.client_token.as_deref().filter(|t| !t.is_empty());
    let earlier = token.and_then(|t| store.client_token(&input.region_id, t));
    let ids = match earlier {
        Some(ids) => ids.to_vec(),
        None => {
            if store.count(INSTANCE).saturating_add(amount) > context.max_instances {
                return Err(ApiError::new("QuotaExceed.AfterpayInstance"));
            }
            if input.dry_run == Some(true) {
                return Err(ApiError::new("DryRunOperation"));
            }
            let created = created_at();
            let mut ids = Vec::with_capacity(amount);
            for n in 0..amount {
                let id = loop {
                    let id = new_instance_id();
                    if store.resource(&input.region_id, INSTANCE, &id).is_none() {
                        break id;
                    }
                };
                let group = input
                    .resource_group_id
                    .as_deref()
                    .unwrap_or(context.default_resource_group_id);
                store.put_resource(&input.region_id, INSTANCE, &id, Some(group), &tags);
                let instance = fields(&input, names.name(n, &id), &created);
                store.set_instance_fields(&input.region_id, INSTANCE, &id, instance);
                if let Some(resource) = store.resource_mut(&input.region_id, INSTANCE, &id) {
                    resource.lifecycle = Some(Lifecycle::moving(
                        &[State::Pending, State::Starting],
                        State::Running,
                        context.now,
                        context.transition,
                    ));
                }
                ids.push(id);
            }
            if let Some(token) = token {
                store.remember_client_token(&input.region_id, token, ids.clone());
            }
            ids
        }
    };
    drop(store);
    let mut sets = InstanceIdSets::default();
    sets.instance_id_set = ids;
    let mut output = RunInstancesOutput::default();
    output.request_id = Some(context.request_id.to_owned());
    output.instance_id_sets = Some(sets);
    to_json(&output)
}

/// What DescribeInstances shows of a new instance besides what the store
/// answers (ID, region, group, tags, state).
fn fields(input: &RunInstancesInput, name: String, created: &str) -> Instance {
    let mut instance = Instance::default();
    instance.instance_name = Some(name);
    instance.image_id = input
        .image_id
        .clone()
        .or_else(|| input.image_family.clone());
    instance.instance_type = input.instance_type.clone();
    instance.zone_id = input.zone_id.clone();
    instance.description = input.description.clone();
    instance.host_name = input.host_name.clone();
    instance.creation_time = Some(created.to_owned());
    instance.instance_charge_type = Some(
        input
            .instance_charge_type
            .as_ref()
            .map_or("PostPaid", |c| c.as_str())
            .to_owned(),
    );
    if let Some(v_switch) = &input.v_switch_id {
        let mut vpc = VpcAttributes::default();
        vpc.v_switch_id = Some(v_switch.clone());
        instance.vpc_attributes = Some(vpc);
        instance.instance_network_type = Some("vpc".to_owned());
    }
    let mut groups: Vec<String> = input.security_group_id.iter().cloned().collect();
    groups.extend(input.security_group_ids.iter().cloned());
    if !groups.is_empty() {
        let mut ids = SecurityGroupIds::default();
        ids.security_group_id = groups;
        instance.security_group_ids = Some(ids);
    }
    instance
}

/// `CreationTime` as the service writes it: `2024-05-01T08:30Z`.
fn created_at() -> String {
    let t = OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `i-` and 20 random lower-case letters and digits, like the service's.
fn new_instance_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 20];
    if getrandom::fill(&mut bytes).is_err() {
        // Without an entropy source, a counter still gives distinct IDs.
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        return format!("i-emu{:016}", COUNTER.fetch_add(1, Ordering::Relaxed));
    }
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("i-{chars}")
}

/// How the instances of one request are named.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NameRule {
    /// No name: the instance ID.
    Id,
    /// The same name for each, or with `001`, `002`, ... appended.
    Plain { name: String, unique_suffix: bool },
    /// `prefix`, the number from `begin` zero-padded to `bits`, `suffix`.
    Numbered {
        prefix: String,
        begin: u64,
        bits: usize,
        suffix: String,
    },
}

impl NameRule {
    fn new(name: Option<&str>, unique_suffix: Option<bool>) -> Result<Self, ApiError> {
        let Some(name) = name else {
            return Ok(NameRule::Id);
        };
        // The last `[...]` holding a comma is the numbering.
        let pattern = name.rfind('[').and_then(|open| {
            let close = open + name[open..].find(']')?;
            let (begin, bits) = name[open + 1..close].split_once(',')?;
            Some((open, close, begin.trim(), bits.trim()))
        });
        let Some((open, close, begin, bits)) = pattern else {
            return Ok(NameRule::Plain {
                name: name.to_owned(),
                unique_suffix: unique_suffix == Some(true),
            });
        };
        let malformed = || ApiError::new("InvalidInstanceName.CustomMalformed");
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 7 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(begin) || !digits(bits) {
            return Err(malformed());
        }
        let begin: u64 = begin.parse().map_err(|_| malformed())?;
        let bits: usize = bits.parse().map_err(|_| malformed())?;
        if begin > 999_999 || !(1..=6).contains(&bits) {
            return Err(malformed());
        }
        Ok(NameRule::Numbered {
            prefix: name[..open].to_owned(),
            begin,
            bits,
            suffix: name[close + 1..].to_owned(),
        })
    }

    /// The name of the `n`-th instance (from 0).
    fn name(&self, n: usize, id: &str) -> String {
        match self {
            NameRule::Id => id.to_owned(),
            NameRule::Plain {
                name,
                unique_suffix: true,
            } => format!("{name}{:03}", n + 1),
            NameRule::Plain { name, .. } => name.clone(),
            NameRule::Numbered {
                prefix,
                begin,
                bits,
                suffix,
            } => format!("{prefix}{:0bits$}{suffix}", begin + n as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(name: Option<&str>, unique: Option<bool>, amount: usize) -> Vec<String> {
        let rule = NameRule::new(name, unique).unwrap();
        (0..amount)
            .map(|n| rule.name(n, &format!("i-{n}")))
            .collect()
    }

    #[test]
    fn names_follow_the_documented_numbering() {
        assert_eq!(
            names(Some("instance-[99,3]-abc"), None, 2),
            ["instance-099-abc", "instance-100-abc"]
        );
        assert_eq!(names(Some("web-[1,2]"), None, 2), ["web-01", "web-02"]);
        assert_eq!(names(Some("[98,1]"), None, 3), ["98", "99", "100"]);
        assert_eq!(names(Some("web"), Some(true), 2), ["web001", "web002"]);
        assert_eq!(names(Some("web"), None, 2), ["web", "web"]);
        assert_eq!(names(None, Some(true), 2), ["i-0", "i-1"]);
        assert_eq!(
            names(Some("a[b]c"), None, 1),
            ["a[b]c"],
            "no comma: no numbering"
        );
    }

    #[test]
    fn out_of_range_numbering_is_refused() {
        for name in [
            "x[1,7]",
            "x[1,0]",
            "x[1000000,3]",
            "x[a,3]",
            "x[1,]",
            "x[99999999999999999999,1]",
        ] {
            assert_eq!(
                NameRule::new(Some(name), None).unwrap_err().code,
                "InvalidInstanceName.CustomMalformed",
                "{name}"
            );
        }
    }

    #[test]
    fn ids_look_like_the_services() {
        let id = new_instance_id();
        assert_eq!(id.len(), 22);
        assert!(id.starts_with("i-"));
        assert_ne!(id, new_instance_id());
    }
}
