//! ECS's endpoints, as the runtime resolves them from the generated
//! `service::SERVICE`: the official SDK's rows and map (moved here from the
//! runtime, which knows no product).

use alibabacloud_ecs::runtime::endpoint::{resolve, Scheme};
use alibabacloud_ecs::service::{ENDPOINT_MAP, SERVICE};
use alibabacloud_ecs::{Client, Config};
use ecs_fixtures::Json;

/// The official endpoint map, from the same api-info.json the generator
/// reads, without the entries the public rule already gives (as both the
/// official SDK's map and ours leave them out).
fn official_map() -> Vec<(String, String)> {
    let mut map: Vec<(String, String)> = ecs_fixtures::official_endpoint_map()
        .into_iter()
        .filter(|(region, host)| *host != format!("ecs.{region}.aliyuncs.com"))
        .collect();
    map.sort();
    map
}

#[test]
fn endpoint_resolution_matches_every_official_row() {
    let v1 = ecs_fixtures::json("signing/v1-vectors.json");
    let rows = v1["endpoint_resolution"]
        .as_array()
        .expect("endpoint_resolution rows");
    assert!(rows.len() >= 13);
    for row in rows {
        let s = |k: &str| row.get(k).and_then(Json::as_str);
        let (explicit, region, network) = (s("config.endpoint"), s("region_id"), s("network"));
        let got = resolve(&SERVICE.endpoints, explicit, region, network)
            .unwrap_or_else(|e| panic!("row {row}: {e}"));
        assert_eq!(got.host, s("endpoint").unwrap(), "row {row}");
        assert_eq!(got.scheme, Scheme::Https, "row {row}");
    }
}

#[test]
fn generated_endpoint_map_is_sorted_and_agrees_with_the_official_map() {
    assert!(
        ENDPOINT_MAP.windows(2).all(|w| w[0].0 < w[1].0),
        "ENDPOINT_MAP must be strictly sorted by region for binary_search_by"
    );
    let official = official_map();
    for (region, host) in ENDPOINT_MAP {
        let want = official.iter().find(|(r, _)| r == region);
        assert_eq!(
            want.map(|(_, h)| h.as_str()),
            Some(*host),
            "ENDPOINT_MAP entry for {region}"
        );
    }
}

#[test]
fn client_resolves_cn_hangzhou_from_the_map_and_falls_back_elsewhere() {
    let host = |region: &str, network: Option<&str>| {
        let mut b = Config::builder().region_id(region);
        if let Some(n) = network {
            b = b.network(n);
        }
        Client::new(b.build().unwrap())
            .endpoint()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        host("cn-hangzhou", Some("vpc")),
        "https://ecs-cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        host("xx-test-9", None),
        "https://ecs.xx-test-9.aliyuncs.com"
    );
    assert_eq!(
        host("xx-test-9", Some("vpc")),
        "https://ecs-vpc.xx-test-9.aliyuncs.com"
    );
    // The map leaves out regions the public rule covers, so vpc applies.
    assert!(ENDPOINT_MAP
        .iter()
        .all(|(region, _)| *region != "cn-beijing"));
    assert_eq!(
        host("cn-beijing", Some("vpc")),
        "https://ecs-vpc.cn-beijing.aliyuncs.com"
    );
}

#[test]
fn ecs_needs_a_region_or_an_endpoint() {
    let client = Client::new(Config::builder().build().unwrap());
    let e = client.endpoint().unwrap_err().to_string();
    assert!(e.contains("no region and no endpoint"), "{e}");
    assert!(
        client.user_agent().contains(" Rust alibabacloud-ecs/"),
        "{}",
        client.user_agent()
    );
}
