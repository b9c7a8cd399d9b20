//! DescribeRegions: every region the emulator knows, with the endpoint the
//! SDK resolves for it.

use alibabacloud_ecs::operation::describe_regions::{
    AcceptLanguage, DescribeRegionsInput, DescribeRegionsOutput, Region, Regions, ResourceType,
    ERRORS,
};

use super::{known_resource_type, to_json, Context, Operation};
use crate::error::ApiError;
use crate::regions;

pub const OPERATION: Operation = Operation {
    name: "DescribeRegions",
    errors: ERRORS,
    run,
};

/// The billing methods the reference page lists for `InstanceChargeType`.
///
/// The spec gives this parameter no enum (its description lists the values
/// in prose, and mixes in the spot strategies), so the values are written
/// here; a test checks each against the spec's description. They belong in
/// the spec as an enum, and then here as its generated `VALUES`.
pub const INSTANCE_CHARGE_TYPES: &[&str] =
    &["PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo"];

/// The `Status` of every region: the emulator sells everything everywhere.
pub const AVAILABLE: &str = "available";

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input = DescribeRegionsInput::from_wire_params(params)
        .map_err(|e| ApiError::from_validation(&e))?;
    if let Some(language) = &input.accept_language {
        if !AcceptLanguage::VALUES.contains(&language.as_str()) {
            return Err(ApiError::new("InvalidAcceptLanguage.NotFound"));
        }
    }
    if let Some(charge_type) = &input.instance_charge_type {
        if !INSTANCE_CHARGE_TYPES.contains(&charge_type.as_str()) {
            return Err(ApiError::new("Invalid.InstanceChargeType"));
        }
    }
    if let Some(resource_type) = &input.resource_type {
        known_resource_type(resource_type.as_str(), ResourceType::VALUES)?;
    }

    let region = context
        .read()
        .regions()
        .into_iter()
        .map(|region_id| {
            let mut region = Region::default();
            region.status = Some(AVAILABLE.to_owned());
            region.region_endpoint = regions::endpoint_host(&region_id);
            region.local_name = Some(regions::local_name(&region_id).to_owned());
            region.region_id = Some(region_id);
            region
        })
        .collect();
    let mut regions = Regions::default();
    regions.region = region;
    let mut output = DescribeRegionsOutput::default();
    output.request_id = Some(context.request_id.to_owned());
    output.regions = Some(regions);
    to_json(&output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::Fixture;
    use alibabacloud_ecs::service::ENDPOINT_MAP;
    use serde_json::Value;

    fn regions(body: &Value) -> Vec<&Value> {
        body["Regions"]["Region"]
            .as_array()
            .unwrap()
            .iter()
            .collect()
    }

    fn find<'b>(body: &'b Value, region_id: &str) -> Option<&'b Value> {
        regions(body)
            .into_iter()
            .find(|region| region["RegionId"] == region_id)
    }

    #[test]
    fn every_service_region_is_listed_with_the_endpoint_the_sdk_resolves() {
        let fixture = Fixture::new();
        let body = fixture.call("DescribeRegions", &[]).unwrap();
        assert_eq!(body["RequestId"], "TEST-REQUEST");
        let listed: Vec<&str> = regions(&body)
            .iter()
            .map(|region| region["RegionId"].as_str().unwrap())
            .collect();
        assert_eq!(listed, crate::regions::service_regions());
        for (region_id, host) in ENDPOINT_MAP {
            let region = find(&body, region_id).unwrap();
            assert_eq!(region["RegionEndpoint"], *host, "{region_id}");
        }
        let shanghai = find(&body, "cn-shanghai").expect("a region the map leaves to the rule");
        assert_eq!(shanghai["RegionEndpoint"], "ecs.cn-shanghai.aliyuncs.com");
        assert_eq!(shanghai["LocalName"], "China (Shanghai)");
        assert_eq!(shanghai["Status"], "available");
        let edge = find(&body, "cn-edge-1").unwrap();
        assert_eq!(edge["LocalName"], "cn-edge-1", "no name: the ID");
    }

    #[test]
    fn seeded_regions_are_listed_too() {
        let fixture = Fixture::new();
        fixture.store.write().unwrap().put_resource(
            "xx-test-1",
            "disk",
            "d-1",
            None,
            &Default::default(),
        );
        let body = fixture.call("DescribeRegions", &[]).unwrap();
        let region = find(&body, "xx-test-1").unwrap();
        assert_eq!(region["RegionEndpoint"], "ecs.xx-test-1.aliyuncs.com");
    }

    #[test]
    fn parameters_are_validated_and_change_nothing() {
        let fixture = Fixture::new();
        let all = fixture.call("DescribeRegions", &[]).unwrap();
        let asked = fixture
            .call(
                "DescribeRegions",
                &[
                    ("AcceptLanguage", "en-US"),
                    ("InstanceChargeType", "PrePaid"),
                    ("ResourceType", "disk"),
                ],
            )
            .unwrap();
        assert_eq!(all["Regions"], asked["Regions"]);
        let code =
            |params: &[(&str, &str)]| fixture.call("DescribeRegions", params).unwrap_err().code;
        assert_eq!(
            code(&[("AcceptLanguage", "pt-BR")]),
            "InvalidAcceptLanguage.NotFound"
        );
        assert_eq!(
            code(&[("InstanceChargeType", "Monthly")]),
            "Invalid.InstanceChargeType"
        );
        assert_eq!(
            code(&[("ResourceType", "Instance")]),
            "InvalidResourceType.NotFound"
        );
    }

    #[test]
    fn the_charge_types_are_the_ones_the_spec_describes() {
        let spec: Value = serde_json::from_str(include_str!(
            "../../../spec/ecs/operations/DescribeRegions.json"
        ))
        .unwrap();
        let description = spec["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == "InstanceChargeType")
            .and_then(|parameter| parameter["description"].as_str())
            .expect("DescribeRegions documents InstanceChargeType");
        for value in INSTANCE_CHARGE_TYPES {
            assert!(
                description.contains(&format!("{value}:")),
                "{value} is not in {description:?}"
            );
        }
    }
}
