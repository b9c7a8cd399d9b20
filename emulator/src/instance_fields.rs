//! A seeded instance's DescribeInstances fields: the seed file's `Instance`
//! object, read into the SDK's generated
//! [`alibabacloud_ecs::operation::describe_instances::Instance`].
//!
//! The object is the response's own `Instance`, with the response's names
//! and nesting, so every field the spec documents can be seeded and none is
//! listed here again. Two shorthands save the nesting for the common fields:
//!
//! - **A one-list wrapper may be written as its bare list**, at any depth:
//!   `"PublicIpAddress":["47.1.2.3"]` for `{"IpAddress":["47.1.2.3"]}`,
//!   `"SecurityGroupIds":["sg-1"]` for `{"SecurityGroupId":["sg-1"]}`,
//!   likewise `InnerIpAddress`, `RdmaIpAddress`, `NetworkInterfaces`,
//!   `OperationLocks` and the sets inside a network interface. Which members
//!   are such wrappers is read from the generated types, not listed here.
//! - **`VpcId`, `VSwitchId`, `NatIpAddress` and `PrivateIpAddress`** (the
//!   members of `VpcAttributes`) may be written at the top level, where the
//!   response has no member of those names: `"VpcId":"vpc-1",
//!   "PrivateIpAddress":["172.16.0.10"]`.
//!
//! What the entry itself says is not repeated: `InstanceId` (the entry's
//! `ResourceId`), `RegionId`, `ResourceGroupId` and `Tags` are refused here,
//! since DescribeInstances answers them from the entry and the tag store.
//! An unknown member (a misspelling) is an error rather than silently
//! dropped, `null` means absent, and the values DescribeInstances filters on
//! are checked: `Status`, `InstanceChargeType`, `InternetChargeType` and
//! `InstanceNetworkType` must be values of the request's generated enums, and
//! `CreationTime` and `ExpiredTime` must be `yyyy-MM-ddTHH:mmZ` (seconds
//! allowed), the response's format.

use alibabacloud_ecs::operation::describe_instances::{
    Instance, InstanceChargeType, InstanceNetworkType, InternetChargeType, Status,
};
use serde_json::{Map, Value};
use time::macros::format_description;
use time::PrimitiveDateTime;

/// Members the entry answers, and where they come from instead.
const FROM_THE_ENTRY: &[(&str, &str)] = &[
    ("InstanceId", "the entry's ResourceId"),
    ("RegionId", "the entry's RegionId"),
    ("ResourceGroupId", "the entry's ResourceGroupId"),
    ("Tags", "the entry's Tags (and TagResources)"),
];

/// The members of `VpcAttributes` that may be written at the top level.
const VPC_MEMBERS: &[&str] = &["VpcId", "VSwitchId", "NatIpAddress", "PrivateIpAddress"];

/// Reads a seed entry's `Instance` object; the error says what is wrong.
pub fn parse(fields: &Map<String, Value>) -> Result<Instance, String> {
    for (name, source) in FROM_THE_ENTRY {
        if fields.contains_key(*name) {
            return Err(format!(
                "Instance.{name} is not seeded here: it is {source}"
            ));
        }
    }
    let mut object = fields.clone();
    hoist_vpc_members(&mut object)?;
    let mut value = Value::Object(object);
    expand_lists(&mut value, &mut Vec::new());

    // Reading is lenient, so a value of the wrong kind reads as absent and
    // shows up below as a difference between what was seeded and what the
    // generated type holds.
    let instance = Instance::from_json(&value);
    let back = instance.to_json();
    if let Some(path) = first_unknown(&value, &back, "Instance") {
        return Err(format!(
            "{path} does not read as DescribeInstances' Instance: not a field there, or not of the field's type"
        ));
    }
    check_values(&instance)?;
    Ok(instance)
}

/// Moves `VpcId` and the other members of `VpcAttributes` into it.
fn hoist_vpc_members(object: &mut Map<String, Value>) -> Result<(), String> {
    let mut moved = Map::new();
    for name in VPC_MEMBERS {
        if let Some(value) = object.remove(*name) {
            moved.insert((*name).to_owned(), value);
        }
    }
    if moved.is_empty() {
        return Ok(());
    }
    let attributes = object
        .entry("VpcAttributes")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(attributes) = attributes else {
        return Err("Instance.VpcAttributes must be an object".to_owned());
    };
    for (name, value) in moved {
        if attributes.contains_key(&name) {
            return Err(format!(
                "Instance.{name} is given both at the top level and in VpcAttributes"
            ));
        }
        attributes.insert(name, value);
    }
    Ok(())
}

/// One step from the top of an `Instance` to a nested value.
#[derive(Clone)]
enum Step {
    Member(String),
    Item,
}

/// Replaces each bare list that stands for a one-list wrapper object with
/// that object, everywhere in `value` (at `path` in an `Instance`).
fn expand_lists(value: &mut Value, path: &mut Vec<Step>) {
    match value {
        Value::Object(object) => {
            for (name, member) in object.iter_mut() {
                path.push(Step::Member(name.clone()));
                if member.is_array() {
                    if let Some(list_name) = wrapper_list_name(path) {
                        let list = member.take();
                        let mut wrapper = Map::new();
                        wrapper.insert(list_name, list);
                        *member = Value::Object(wrapper);
                    }
                }
                expand_lists(member, path);
                path.pop();
            }
        }
        Value::Array(items) => {
            path.push(Step::Item);
            for item in items {
                expand_lists(item, path);
            }
            path.pop();
        }
        _ => {}
    }
}

/// The name of the one list inside the object the generated `Instance` has
/// at `path`, when that object is nothing but a wrapper around one list.
///
/// Asks the generated types: an empty object at `path` reads as the
/// wrapper's default, which writes back as `{"<List>":[]}`.
fn wrapper_list_name(path: &[Step]) -> Option<String> {
    let mut probe = Value::Object(Map::new());
    for step in path.iter().rev() {
        probe = match step {
            Step::Member(name) => {
                let mut object = Map::new();
                object.insert(name.clone(), probe);
                Value::Object(object)
            }
            Step::Item => Value::Array(vec![probe]),
        };
    }
    let mut back = Instance::from_json(&probe).to_json();
    for step in path {
        back = match step {
            Step::Member(name) => back.get_mut(name.as_str())?.take(),
            Step::Item => back.get_mut(0)?.take(),
        };
    }
    match back {
        Value::Object(object) if object.len() == 1 => match object.into_iter().next() {
            Some((name, Value::Array(_))) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The first member of `written` that did not survive reading into the
/// generated type and writing back (so the type has no such member there).
fn first_unknown(written: &Value, back: &Value, path: &str) -> Option<String> {
    match (written, back) {
        (Value::Object(written), Value::Object(back)) => {
            written.iter().find_map(|(name, value)| {
                let here = format!("{path}.{name}");
                match back.get(name) {
                    _ if value.is_null() => None,
                    None => Some(here),
                    Some(kept) => first_unknown(value, kept, &here),
                }
            })
        }
        (Value::Array(written), Value::Array(back)) => written
            .iter()
            .zip(back)
            .enumerate()
            .find_map(|(index, (value, kept))| {
                first_unknown(value, kept, &format!("{path}[{index}]"))
            }),
        _ => None,
    }
}

/// The values DescribeInstances filters on must be ones it can be asked for.
fn check_values(instance: &Instance) -> Result<(), String> {
    let enums: [(&str, &Option<String>, &[&str]); 4] = [
        ("Status", &instance.status, Status::VALUES),
        (
            "InstanceChargeType",
            &instance.instance_charge_type,
            InstanceChargeType::VALUES,
        ),
        (
            "InternetChargeType",
            &instance.internet_charge_type,
            InternetChargeType::VALUES,
        ),
        (
            "InstanceNetworkType",
            &instance.instance_network_type,
            InstanceNetworkType::VALUES,
        ),
    ];
    for (name, value, documented) in enums {
        if let Some(value) = value {
            if !documented.contains(&value.as_str()) {
                return Err(format!(
                    "Instance.{name} {value:?} is not one of {}",
                    documented.join(", ")
                ));
            }
        }
    }
    for (name, value) in [
        ("CreationTime", &instance.creation_time),
        ("ExpiredTime", &instance.expired_time),
    ] {
        if let Some(value) = value {
            if parse_time(value).is_none() {
                return Err(format!(
                    "Instance.{name} {value:?} is not a UTC time like 2024-05-01T08:00Z"
                ));
            }
        }
    }
    Ok(())
}

/// A UTC time as the service writes it, `yyyy-MM-ddTHH:mmZ`, or with seconds
/// (`yyyy-MM-ddTHH:mm:ssZ`).
pub fn parse_time(text: &str) -> Option<PrimitiveDateTime> {
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]Z");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, minutes)
        .or_else(|_| PrimitiveDateTime::parse(text, seconds))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(object) => object,
            _ => panic!("an object"),
        }
    }

    #[test]
    fn the_common_fields_read_with_their_shorthands() {
        let instance = parse(&fields(json!({
            "InstanceName": "web-1",
            "Status": "Running",
            "InstanceType": "ecs.g7.large",
            "ZoneId": "cn-hangzhou-h",
            "VpcId": "vpc-1",
            "VSwitchId": "vsw-1",
            "NatIpAddress": "172.16.0.1",
            "PrivateIpAddress": ["172.16.0.10"],
            "PublicIpAddress": ["47.1.2.3"],
            "InnerIpAddress": ["10.0.0.3"],
            "SecurityGroupIds": ["sg-1", "sg-2"],
            "ImageId": "aliyun_3_x64_20G_alibase_20240528.vhd",
            "Cpu": 2,
            "Memory": 8192,
            "CreationTime": "2024-05-01T08:00Z",
            "InstanceChargeType": "PostPaid",
            "SpotPriceLimit": 0.98,
        })))
        .unwrap();
        assert_eq!(instance.instance_name.as_deref(), Some("web-1"));
        assert_eq!(instance.cpu, Some(2));
        assert_eq!(instance.memory, Some(8192));
        assert_eq!(instance.spot_price_limit, Some(0.98));
        let vpc = instance.vpc_attributes.unwrap();
        assert_eq!(vpc.vpc_id.as_deref(), Some("vpc-1"));
        assert_eq!(vpc.v_switch_id.as_deref(), Some("vsw-1"));
        assert_eq!(vpc.nat_ip_address.as_deref(), Some("172.16.0.1"));
        assert_eq!(vpc.private_ip_address.unwrap().ip_address, ["172.16.0.10"]);
        assert_eq!(instance.public_ip_address.unwrap().ip_address, ["47.1.2.3"]);
        assert_eq!(instance.inner_ip_address.unwrap().ip_address, ["10.0.0.3"]);
        assert_eq!(
            instance.security_group_ids.unwrap().security_group_id,
            ["sg-1", "sg-2"]
        );
    }

    #[test]
    fn the_response_shape_reads_as_it_is_and_lists_expand_at_any_depth() {
        let instance = parse(&fields(json!({
            "PublicIpAddress": {"IpAddress": ["47.1.2.3"]},
            "VpcAttributes": {"VpcId": "vpc-1", "PrivateIpAddress": {"IpAddress": ["172.16.0.10"]}},
            "EipAddress": {"IpAddress": "39.1.2.3", "Bandwidth": 5},
            "OperationLocks": [{"LockReason": "security", "LockMsg": "locked"}],
            "NetworkInterfaces": [{
                "NetworkInterfaceId": "eni-1",
                "Ipv6Sets": [{"Ipv6Address": "2408::1"}],
                "PrivateIpSets": {"PrivateIpSet": [{"PrivateIpAddress": "172.16.0.10", "Primary": true}]}
            }],
            "MetadataOptions": {"HttpTokens": "required"},
        })))
        .unwrap();
        assert_eq!(instance.public_ip_address.unwrap().ip_address, ["47.1.2.3"]);
        assert_eq!(instance.eip_address.unwrap().bandwidth, Some(5));
        let locks = instance.operation_locks.unwrap().lock_reason;
        assert_eq!(locks[0].lock_reason.as_deref(), Some("security"));
        let interface = &instance.network_interfaces.unwrap().network_interface[0];
        assert_eq!(
            interface.ipv6_sets.as_ref().unwrap().ipv6_set[0]
                .ipv6_address
                .as_deref(),
            Some("2408::1")
        );
        assert_eq!(
            interface.private_ip_sets.as_ref().unwrap().private_ip_set[0].primary,
            Some(true)
        );
    }

    #[test]
    fn misspelt_or_misplaced_members_are_errors() {
        let error = parse(&fields(json!({"InstanceNmae": "web"}))).unwrap_err();
        assert!(error.contains("Instance.InstanceNmae"), "{error}");
        let error = parse(&fields(json!({"EipAddress": {"Ip": "1.2.3.4"}}))).unwrap_err();
        assert!(error.contains("Instance.EipAddress.Ip"), "{error}");
        let error = parse(&fields(json!({"NetworkInterfaces": [{"Mac": "x"}]}))).unwrap_err();
        assert!(
            error.contains("NetworkInterfaces.NetworkInterface[0].Mac"),
            "{error}"
        );
        let error = parse(&fields(json!({"Cpu": "two"}))).unwrap_err();
        assert!(error.contains("Instance.Cpu does not read"), "{error}");
        let error = parse(&fields(
            json!({"VpcId": "a", "VpcAttributes": {"VpcId": "b"}}),
        ))
        .unwrap_err();
        assert!(error.contains("both"), "{error}");
    }

    #[test]
    fn what_the_entry_says_is_not_repeated() {
        for name in ["InstanceId", "RegionId", "ResourceGroupId", "Tags"] {
            let mut object = Map::new();
            object.insert(name.to_owned(), json!("x"));
            let error = parse(&object).unwrap_err();
            assert!(error.contains(name), "{error}");
        }
    }

    #[test]
    fn filtered_values_are_checked_and_null_is_absent() {
        assert!(parse(&fields(json!({"Status": "running"})))
            .unwrap_err()
            .contains("Running"));
        assert!(parse(&fields(json!({"InstanceChargeType": "Monthly"}))).is_err());
        assert!(parse(&fields(json!({"InstanceNetworkType": "VPC"}))).is_err());
        assert!(parse(&fields(json!({"CreationTime": "yesterday"}))).is_err());
        let instance = parse(&fields(json!({
            "InstanceName": null,
            "CreationTime": "2024-05-01T08:00:30Z"
        })))
        .unwrap();
        assert_eq!(instance.instance_name, None);
    }

    #[test]
    fn times_read_with_or_without_seconds() {
        let minutes = parse_time("2017-12-05T22:40Z").unwrap();
        let seconds = parse_time("2017-12-05T22:40:00Z").unwrap();
        assert_eq!(minutes, seconds);
        assert!(parse_time("2017-12-05 22:40").is_none());
        assert!(parse_time("2017-12-05T22:40+08:00").is_none());
    }
}
