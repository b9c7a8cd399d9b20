//! DescribeInstances, DescribeRegions and DescribeImages, added from spec
//! files alone: JSON-style parameters, nested responses, and the page-number
//! paginator, over real HTTP against the scripted mock.

use alibabacloud_ecs::operation::describe_images::{DescribeImagesError, Image};
use alibabacloud_ecs::operation::describe_instances::DescribeInstancesInput;
use alibabacloud_ecs::SdkError;
use ecs_integration_tests::mock::Reply;
use ecs_integration_tests::support::{client, mock};
use futures_util::StreamExt as _;
use serde_json::json;

#[tokio::test]
async fn instance_ids_travel_as_one_json_array_and_filters_as_numbered_pairs() {
    let server = mock([Reply::ok(
        &json!({"RequestId": "R1", "TotalCount": 0, "Instances": {"Instance": []}}),
    )])
    .await;
    client(&server)
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids("i-001")
        .instance_ids("i-002")
        .filter("CreationStartTime", "2017-12-05T22:40Z")
        .tag("env", "prod")
        .max_results(50)
        .send()
        .await
        .expect("the call succeeds");
    let request = &server.requests()[0];
    assert_eq!(request.param("InstanceIds"), Some(r#"["i-001","i-002"]"#));
    assert_eq!(request.param("Filter.1.Key"), Some("CreationStartTime"));
    assert_eq!(request.param("Filter.1.Value"), Some("2017-12-05T22:40Z"));
    assert_eq!(request.param("Tag.1.Key"), Some("env"));
    assert_eq!(request.param("MaxResults"), Some("50"));
    assert_eq!(request.header("x-acs-action"), Some("DescribeInstances"));
}

#[test]
fn more_than_100_instance_ids_are_refused_before_sending() {
    let ids: Vec<String> = (0..101).map(|i| format!("i-{i}")).collect();
    let e = DescribeInstancesInput::builder()
        .region_id("cn-hangzhou")
        .set_instance_ids(ids[..100].to_vec())
        .build()
        .map(|_| ())
        .and_then(|()| {
            DescribeInstancesInput::builder()
                .region_id("cn-hangzhou")
                .set_instance_ids(ids)
                .build()
                .map(|_| ())
        })
        .expect_err("101 ids break the limit");
    assert_eq!(e.parameter(), "InstanceIds");
    assert!(e.to_string().contains("at most 100"), "{e}");
}

#[test]
fn a_json_array_on_the_wire_reads_back_into_the_typed_list() {
    let params = vec![
        ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
        ("InstanceIds".to_owned(), r#"["i-1", "i-2"]"#.to_owned()),
    ];
    let input = DescribeInstancesInput::from_wire_params(&params).unwrap();
    assert_eq!(input.instance_ids, vec!["i-1", "i-2"]);
    let bad = vec![
        ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
        ("InstanceIds".to_owned(), "i-1,i-2".to_owned()),
    ];
    let e = DescribeInstancesInput::from_wire_params(&bad).unwrap_err();
    assert_eq!(e.parameter(), "InstanceIds");
}

#[tokio::test]
async fn nested_instance_fields_are_read_from_the_response() {
    let body = json!({
        "RequestId": "R2",
        "TotalCount": 1,
        "Instances": {"Instance": [{
            "InstanceId": "i-bp1",
            "Cpu": 2,
            "Memory": 4096,
            "SpotPriceLimit": 0.98,
            "IoOptimized": true,
            "LocalStorageCapacity": 1000,
            "Tags": {"Tag": [{"TagKey": "env", "TagValue": "prod"}]},
            "VpcAttributes": {"VpcId": "vpc-1", "PrivateIpAddress": {"IpAddress": ["172.16.0.1"]}},
            "NetworkInterfaces": {"NetworkInterface": [{
                "NetworkInterfaceId": "eni-1",
                "PrivateIpSets": {"PrivateIpSet": [{"PrivateIpAddress": "172.16.0.1", "Primary": true}]}
            }]},
            "SecurityGroupIds": {"SecurityGroupId": ["sg-1", "sg-2"]},
            "SomeFieldAddedLater": {"Anything": 1}
        }]}
    });
    let server = mock([Reply::ok(&body)]).await;
    let out = client(&server)
        .describe_instances()
        .region_id("cn-hangzhou")
        .send()
        .await
        .expect("the call succeeds");
    let instance = &out.instances.as_ref().unwrap().instance[0];
    assert_eq!(instance.instance_id.as_deref(), Some("i-bp1"));
    assert_eq!(instance.cpu, Some(2));
    assert_eq!(instance.memory, Some(4096));
    assert_eq!(instance.spot_price_limit, Some(0.98));
    assert_eq!(instance.io_optimized, Some(true));
    assert_eq!(instance.local_storage_capacity, Some(1000));
    assert_eq!(
        instance.tags.as_ref().unwrap().tag[0].tag_key.as_deref(),
        Some("env")
    );
    assert_eq!(
        instance.vpc_attributes.as_ref().unwrap().vpc_id.as_deref(),
        Some("vpc-1")
    );
    let eni = &instance
        .network_interfaces
        .as_ref()
        .unwrap()
        .network_interface[0];
    assert_eq!(
        eni.private_ip_sets.as_ref().unwrap().private_ip_set[0].primary,
        Some(true)
    );
    assert_eq!(
        instance
            .security_group_ids
            .as_ref()
            .unwrap()
            .security_group_id,
        vec!["sg-1", "sg-2"]
    );
}

#[tokio::test]
async fn regions_come_back_as_a_typed_list() {
    let body = json!({"RequestId": "R3", "Regions": {"Region": [
        {"RegionId": "cn-hangzhou", "RegionEndpoint": "ecs.cn-hangzhou.aliyuncs.com", "LocalName": "China (Hangzhou)", "Status": "available"},
        {"RegionId": "eu-central-1", "RegionEndpoint": "ecs.eu-central-1.aliyuncs.com", "LocalName": "Germany (Frankfurt)", "Status": "available"}
    ]}});
    let server = mock([Reply::ok(&body)]).await;
    let out = client(&server).describe_regions().send().await.unwrap();
    let ids: Vec<_> = out
        .regions
        .unwrap()
        .region
        .into_iter()
        .map(|r| r.region_id.unwrap())
        .collect();
    assert_eq!(ids, vec!["cn-hangzhou", "eu-central-1"]);
}

fn images_page(ids: std::ops::RangeInclusive<u32>, total: u32) -> serde_json::Value {
    let images: Vec<_> = ids
        .map(|n| json!({"ImageId": format!("m-{n:03}")}))
        .collect();
    json!({"RequestId": "R", "TotalCount": total, "PageSize": 2, "Images": {"Image": images}})
}

#[tokio::test]
async fn page_number_paginator_walks_pages_until_the_total_is_reached() {
    let server = mock([
        Reply::ok(&images_page(1..=2, 5)),
        Reply::ok(&images_page(3..=4, 5)),
        Reply::ok(&images_page(5..=5, 5)),
    ])
    .await;
    let items: Vec<Result<Image, SdkError<DescribeImagesError>>> = client(&server)
        .describe_images()
        .region_id("cn-hangzhou")
        .page_size(2)
        .into_paginator()
        .items()
        .take(100)
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|i| i.unwrap().image_id.unwrap())
        .collect();
    assert_eq!(ids, vec!["m-001", "m-002", "m-003", "m-004", "m-005"]);
    let pages: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.param("PageNumber").map(str::to_owned))
        .collect();
    assert_eq!(
        pages,
        vec![Some("1".into()), Some("2".into()), Some("3".into())]
    );
    assert_eq!(server.remaining(), 0, "no request past the total");
}

#[tokio::test]
async fn page_number_paginator_stops_at_an_empty_page() {
    let server = mock([
        Reply::ok(&images_page(1..=2, 1000)),
        Reply::ok(&json!({"RequestId": "R", "TotalCount": 1000, "Images": {"Image": []}})),
    ])
    .await;
    let count = client(&server)
        .describe_images()
        .region_id("cn-hangzhou")
        .into_paginator()
        .items()
        .take(100)
        .count()
        .await;
    assert_eq!(count, 2);
    assert_eq!(server.requests().len(), 2);
}
