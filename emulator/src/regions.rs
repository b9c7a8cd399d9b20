//! The regions of the service, and what DescribeRegions says of them.
//!
//! The list is the SDK's generated [`REGIONS`] (every region of the spec's
//! endpoint map), and each region's endpoint is the host the SDK's own
//! endpoint resolution gives it ([`endpoint::resolve`]), so the spec, the
//! client and the emulator cannot disagree.

use alibabacloud_ecs::runtime::endpoint;
use alibabacloud_ecs::service::{REGIONS, SERVICE};

/// Every region of the service, sorted.
pub fn service_regions() -> &'static [&'static str] {
    REGIONS
}

/// Whether the service has the region.
pub fn is_service_region(region_id: &str) -> bool {
    REGIONS.binary_search(&region_id).is_ok()
}

/// The host the SDK sends a region's requests to, as DescribeRegions'
/// `RegionEndpoint`. Only a seeded region ID that the SDK refuses (one that
/// is not a DNS label) has none.
pub fn endpoint_host(region_id: &str) -> Option<String> {
    endpoint::resolve(&SERVICE.endpoints, None, Some(region_id), None)
        .ok()
        .map(|endpoint| endpoint.host)
}

/// DescribeRegions' `LocalName`: the English name of a well-known public
/// region, or the region ID for any other.
///
/// The spec has no region names, and these are display text rather than
/// facts any request depends on, so a short table of the public regions is
/// kept here. `AcceptLanguage` does not change it.
pub fn local_name(region_id: &str) -> &str {
    LOCAL_NAMES
        .binary_search_by(|(region, _)| (*region).cmp(region_id))
        .map_or(region_id, |index| LOCAL_NAMES[index].1)
}

/// Sorted by region ID.
const LOCAL_NAMES: &[(&str, &str)] = &[
    ("ap-northeast-1", "Japan (Tokyo)"),
    ("ap-northeast-2", "South Korea (Seoul)"),
    ("ap-southeast-1", "Singapore"),
    ("ap-southeast-3", "Malaysia (Kuala Lumpur)"),
    ("ap-southeast-5", "Indonesia (Jakarta)"),
    ("ap-southeast-6", "Philippines (Manila)"),
    ("ap-southeast-7", "Thailand (Bangkok)"),
    ("cn-beijing", "China (Beijing)"),
    ("cn-chengdu", "China (Chengdu)"),
    ("cn-fuzhou", "China (Fuzhou - Local Region)"),
    ("cn-guangzhou", "China (Guangzhou)"),
    ("cn-hangzhou", "China (Hangzhou)"),
    ("cn-heyuan", "China (Heyuan)"),
    ("cn-hongkong", "China (Hong Kong)"),
    ("cn-huhehaote", "China (Hohhot)"),
    ("cn-nanjing", "China (Nanjing - Local Region)"),
    ("cn-qingdao", "China (Qingdao)"),
    ("cn-shanghai", "China (Shanghai)"),
    ("cn-shenzhen", "China (Shenzhen)"),
    ("cn-wuhan-lr", "China (Wuhan - Local Region)"),
    ("cn-wulanchabu", "China (Ulanqab)"),
    ("cn-zhangjiakou", "China (Zhangjiakou)"),
    ("eu-central-1", "Germany (Frankfurt)"),
    ("eu-west-1", "UK (London)"),
    ("me-central-1", "Saudi Arabia (Riyadh)"),
    ("me-east-1", "UAE (Dubai)"),
    ("na-south-1", "Mexico"),
    ("us-east-1", "US (Virginia)"),
    ("us-west-1", "US (Silicon Valley)"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use alibabacloud_ecs::service::ENDPOINT_MAP;

    #[test]
    fn public_regions_outside_the_sdk_map_are_known() {
        for region in ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"] {
            assert!(is_service_region(region), "{region}");
        }
        assert!(!is_service_region("mars-north-1"));
        for (region, _) in ENDPOINT_MAP {
            assert!(is_service_region(region), "{region} is in the map");
        }
    }

    #[test]
    fn every_region_has_the_endpoint_the_sdk_resolves() {
        for region in service_regions() {
            assert!(endpoint_host(region).is_some(), "{region}");
        }
        assert_eq!(
            endpoint_host("cn-shanghai").as_deref(),
            Some("ecs.cn-shanghai.aliyuncs.com")
        );
        let (mapped, host) = ENDPOINT_MAP[0];
        assert_eq!(endpoint_host(mapped).as_deref(), Some(host));
    }

    #[test]
    fn local_names_are_sorted_and_name_service_regions() {
        assert!(LOCAL_NAMES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for (region, _) in LOCAL_NAMES {
            assert!(is_service_region(region), "{region} is not in the spec");
        }
        assert_eq!(local_name("cn-shanghai"), "China (Shanghai)");
        assert_eq!(local_name("cn-edge-1"), "cn-edge-1");
    }
}
