//! DescribeRegions and DescribeInstances over real HTTP, with the SDK as the
//! client: the region list and its endpoints, seeded instances with their
//! fields, filters, both paging styles through the paginator, and tags that
//! follow TagResources.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use alibabacloud_ecs::operation::describe_instances::Instance;
use alibabacloud_ecs::runtime::endpoint;
use alibabacloud_ecs::service::ENDPOINT_MAP;
use alibabacloud_ecs::{Client, Config, Credentials};
use ecs_emulator::{Emulator, EmulatorConfig, EmulatorHandle, SeedFile, SeedResource};
use futures_util::StreamExt as _;
use serde_json::json;

const ID: &str = "test-id";
const SECRET: &str = "test-secret";

async fn start(seed: Vec<SeedResource>) -> EmulatorHandle {
    let mut config = EmulatorConfig::new(ID, SECRET);
    config.seed = seed;
    Emulator::start(config).await.expect("the emulator starts")
}

fn client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .region_id("cn-hangzhou")
            .endpoint(endpoint)
            .credentials(Credentials::new(ID, SECRET))
            .build()
            .expect("a client config"),
    )
}

/// The seed file of the crate docs, as a user would write it.
const SEED_FILE: &str = r#"{"resources":[
  {"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-web1",
   "ResourceGroupId":"rg-web","Tags":{"env":"prod","team":"web"},
   "Instance":{"InstanceName":"web-1","Status":"Running","InstanceType":"ecs.g7.large",
     "ZoneId":"cn-hangzhou-h","VpcId":"vpc-1","VSwitchId":"vsw-1",
     "PrivateIpAddress":["172.16.0.10"],"PublicIpAddress":["47.96.0.10"],
     "SecurityGroupIds":["sg-web"],"ImageId":"aliyun_3_x64_20G_alibase_20240528.vhd",
     "Cpu":2,"Memory":8192,"CreationTime":"2024-05-01T08:00Z","InstanceChargeType":"PostPaid",
     "OSType":"linux","EipAddress":{"IpAddress":"39.100.0.1","Bandwidth":5}}},
  {"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-db1",
   "Tags":{"env":"prod","team":"db"},
   "Instance":{"InstanceName":"db-1","Status":"Stopped","InstanceType":"ecs.r7.xlarge",
     "ZoneId":"cn-hangzhou-i","VpcId":"vpc-1","VSwitchId":"vsw-2",
     "PrivateIpAddress":["172.16.1.10"],"Cpu":4,"Memory":32768}},
  {"RegionId":"cn-hangzhou","ResourceType":"instance","ResourceId":"i-legacy"},
  {"RegionId":"cn-hangzhou","ResourceType":"disk","ResourceId":"d-1","Tags":{"env":"prod"}},
  {"RegionId":"cn-shanghai","ResourceType":"instance","ResourceId":"i-sh1",
   "Instance":{"InstanceName":"web-sh","Status":"Running"}}
]}"#;

fn seed() -> Vec<SeedResource> {
    SeedFile::parse(SEED_FILE)
        .expect("the documented seed file")
        .resources
}

fn ids(instances: &[Instance]) -> Vec<&str> {
    instances
        .iter()
        .map(|instance| instance.instance_id.as_deref().unwrap())
        .collect()
}

#[tokio::test]
async fn describe_regions_lists_every_region_with_the_endpoint_the_sdk_resolves() {
    let emulator = start(seed()).await;
    let output = client(emulator.endpoint())
        .describe_regions()
        .accept_language("en-US")
        .send()
        .await
        .unwrap();
    assert!(output.request_id.is_some());
    let regions = output.regions.unwrap().region;
    let listed: Vec<&str> = regions
        .iter()
        .map(|region| region.region_id.as_deref().unwrap())
        .collect();
    assert_eq!(listed, ecs_emulator::regions::service_regions());
    for region in &regions {
        let id = region.region_id.as_deref().unwrap();
        let resolved = endpoint::resolve(
            &alibabacloud_ecs::service::SERVICE.endpoints,
            None,
            Some(id),
            None,
        )
        .unwrap();
        assert_eq!(
            region.region_endpoint.as_deref(),
            Some(resolved.host.as_str())
        );
        assert_eq!(region.status.as_deref(), Some("available"));
        assert!(region.local_name.is_some());
    }
    for (id, host) in ENDPOINT_MAP {
        let region = regions
            .iter()
            .find(|region| region.region_id.as_deref() == Some(*id))
            .unwrap_or_else(|| panic!("{id} is listed"));
        assert_eq!(region.region_endpoint.as_deref(), Some(*host));
    }
    assert!(
        listed.contains(&"cn-shanghai"),
        "a region the map leaves to the rule"
    );
    let error = client(emulator.endpoint())
        .describe_regions()
        .accept_language("pt-BR")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAcceptLanguage.NotFound"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn describe_instances_by_id_returns_the_seeded_fields_and_the_tags() {
    let emulator = start(seed()).await;
    let output = client(emulator.endpoint())
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids("i-web1")
        .send()
        .await
        .unwrap();
    assert_eq!(output.total_count, Some(1));
    let instances = output.instances.unwrap().instance;
    let [web] = instances.as_slice() else {
        panic!("one instance: {instances:?}");
    };
    assert_eq!(web.instance_id.as_deref(), Some("i-web1"));
    assert_eq!(web.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(web.resource_group_id.as_deref(), Some("rg-web"));
    assert_eq!(web.instance_name.as_deref(), Some("web-1"));
    assert_eq!(web.status.as_deref(), Some("Running"));
    assert_eq!(web.cpu, Some(2));
    assert_eq!(web.memory, Some(8192));
    assert_eq!(web.os_type.as_deref(), Some("linux"));
    let vpc = web.vpc_attributes.as_ref().unwrap();
    assert_eq!(vpc.vpc_id.as_deref(), Some("vpc-1"));
    assert_eq!(
        vpc.private_ip_address.as_ref().unwrap().ip_address,
        ["172.16.0.10"]
    );
    assert_eq!(
        web.public_ip_address.as_ref().unwrap().ip_address,
        ["47.96.0.10"]
    );
    assert_eq!(
        web.security_group_ids.as_ref().unwrap().security_group_id,
        ["sg-web"]
    );
    assert_eq!(web.eip_address.as_ref().unwrap().bandwidth, Some(5));
    let tags: Vec<(&str, &str)> = web
        .tags
        .as_ref()
        .unwrap()
        .tag
        .iter()
        .map(|tag| {
            (
                tag.tag_key.as_deref().unwrap(),
                tag.tag_value.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(tags, [("env", "prod"), ("team", "web")]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn describe_instances_filters_through_the_sdk() {
    let emulator = start(seed()).await;
    let client = client(emulator.endpoint());
    let all = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ids(&all.instances.unwrap().instance),
        ["i-db1", "i-legacy", "i-web1"],
        "the region's instances in ID order, not its disk, not Shanghai's"
    );
    let running = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .vpc_id("vpc-1")
        .status("Running")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&running.instances.unwrap().instance), ["i-web1"]);
    let by_ip = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .private_ip_addresses("172.16.1.10")
        .private_ip_addresses("10.9.9.9")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&by_ip.instances.unwrap().instance), ["i-db1"]);
    let by_name = client
        .describe_instances()
        .region_id("cn-shanghai")
        .instance_name("web*")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&by_name.instances.unwrap().instance), ["i-sh1"]);
    let by_tags = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .tag("env", "prod")
        .tag("team", "db")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&by_tags.instances.unwrap().instance), ["i-db1"]);
    let by_time = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .filter("CreationStartTime", "2024-04-01T00:00Z")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&by_time.instances.unwrap().instance), ["i-web1"]);
    let error = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .status("Deleted")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidStatus.NotFound"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn tags_added_by_tag_resources_show_in_describe_instances() {
    let emulator = start(seed()).await;
    let client = client(emulator.endpoint());
    client
        .tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .resource_id("i-legacy")
        .resource_id("i-db1")
        .tag("owner", "ops")
        .send()
        .await
        .unwrap();
    let output = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .tag("owner", "ops")
        .send()
        .await
        .unwrap();
    let instances = output.instances.unwrap().instance;
    assert_eq!(ids(&instances), ["i-db1", "i-legacy"]);
    let legacy_tags = &instances[1].tags.as_ref().unwrap().tag;
    assert_eq!(legacy_tags.len(), 1);
    assert_eq!(legacy_tags[0].tag_key.as_deref(), Some("owner"));
    assert_eq!(legacy_tags[0].tag_value.as_deref(), Some("ops"));
    emulator.shutdown().await;
}

fn fleet(count: usize) -> Vec<SeedResource> {
    (0..count)
        .map(|n| {
            SeedResource::new("cn-hangzhou", "instance", format!("i-{n:04}"))
                .instance_field("Status", if n % 3 == 0 { "Stopped" } else { "Running" })
                .instance_field(
                    "PrivateIpAddress",
                    vec![format!("172.16.{}.{}", n / 250, n % 250)],
                )
        })
        .collect()
}

#[tokio::test]
async fn the_paginator_reads_every_instance_in_order_both_ways() {
    let emulator = start(fleet(257)).await;
    let client = client(emulator.endpoint());
    let expected: Vec<String> = (0..257).map(|n| format!("i-{n:04}")).collect();

    // No paging parameter: the first page is numbered (10 a page) and hands
    // on a token, which the paginator follows.
    let items: Vec<Instance> = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .into_paginator()
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(ids(&items), expected);

    // By token from the start, 100 a page: three pages.
    let pages: Vec<_> = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .max_results(100)
        .into_paginator()
        .pages()
        .map(|page| page.unwrap())
        .collect()
        .await;
    let sizes: Vec<usize> = pages
        .iter()
        .map(|page| page.instances.as_ref().unwrap().instance.len())
        .collect();
    assert_eq!(sizes, [100, 100, 57]);
    assert!(pages.last().unwrap().next_token.is_none());

    // Filtered: the token is bound to the filter, and the pages hold only
    // matches.
    let running: Vec<Instance> = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .status("Running")
        .max_results(10)
        .into_paginator()
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    let expected_running: Vec<String> = (0..257)
        .filter(|n| n % 3 != 0)
        .map(|n| format!("i-{n:04}"))
        .collect();
    assert_eq!(ids(&running), expected_running);
    emulator.shutdown().await;
}

#[tokio::test]
async fn page_numbers_page_with_a_total_and_bad_tokens_are_refused() {
    let emulator = start(fleet(35)).await;
    let client = client(emulator.endpoint());
    let page = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .page_number(4)
        .page_size(10)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(35));
    assert_eq!(page.page_number, Some(4));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(
        ids(&page.instances.unwrap().instance),
        ["i-0030", "i-0031", "i-0032", "i-0033", "i-0034"]
    );
    assert!(page.next_token.is_none());

    let error = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .next_token("caeba0bbb2be03f84eb48b699f0a4883")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("Invalid.NextToken"));
    assert!(error.request_id().is_some());
    emulator.shutdown().await;
}

#[tokio::test]
async fn seeding_with_the_generated_type_works_and_bad_fields_are_refused() {
    let emulator = start(Vec::new()).await;
    let mut fields = Instance::default();
    fields.instance_name = Some("typed".to_owned());
    fields.cpu = Some(8);
    emulator
        .seed(vec![SeedResource::new(
            "cn-hangzhou",
            "instance",
            "i-typed",
        )
        .instance_fields(&fields)])
        .unwrap();
    let output = client(emulator.endpoint())
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_name("typed")
        .send()
        .await
        .unwrap();
    assert_eq!(output.instances.unwrap().instance[0].cpu, Some(8));

    let misspelt = emulator
        .seed(vec![SeedResource::new("cn-hangzhou", "instance", "i-x")
            .instance_field("InstanceNmae", "oops")]);
    assert!(misspelt.unwrap_err().reason.contains("InstanceNmae"));
    let on_a_disk = emulator.seed(vec![
        SeedResource::new("cn-hangzhou", "disk", "d-x").instance_field("Status", "Running")
    ]);
    assert!(on_a_disk.unwrap_err().reason.contains("instance"));
    emulator.shutdown().await;
}

#[test]
fn the_binary_serves_instances_from_a_seed_file() {
    let path = std::env::temp_dir().join(format!(
        "ecs-emulator-instances-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, SEED_FILE).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args([
            "--port",
            "0",
            "--access-key-id",
            ID,
            "--access-key-secret",
            SECRET,
        ])
        .arg("--seed")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let line: serde_json::Value = serde_json::from_str(&first_line).expect("a JSON first line");
    let endpoint = line["endpoint"].as_str().unwrap().to_owned();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let output = runtime.block_on(async {
        client(&endpoint)
            .describe_instances()
            .region_id("cn-hangzhou")
            .vpc_id("vpc-1")
            .send()
            .await
            .unwrap()
    });
    let body = serde_json::to_value(output.instances.unwrap()).unwrap();
    assert_eq!(
        body["Instance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|instance| instance["InstanceName"].clone())
            .collect::<Vec<_>>(),
        [json!("db-1"), json!("web-1")]
    );

    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_file(path);
}
