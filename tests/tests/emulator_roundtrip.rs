//! TagResources, UntagResources and ListTagResources round trips: the SDK
//! against the emulator over HTTP on 127.0.0.1, signing with V3
//! (ACS3-HMAC-SHA256) and with V1 (HMAC-SHA1).

use alibabacloud_ecs::operation::list_tag_resources::{ResourceType, Tag, TagFilter};
use alibabacloud_ecs::{Client, SignatureVersion};
use ecs_emulator::{EmulatorHandle, SeedResource};
use ecs_integration_tests::emulator::{
    all_rows, client, expect_rows, instance, rows, start, Row, REGION, VERSIONS,
};

/// Every row of the named instances, read with the paginator.
async fn rows_of(client: &Client, ids: &[&str]) -> Vec<Row> {
    all_rows(
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type(ResourceType::Instance)
            .set_resource_id(ids.iter().map(|id| (*id).to_owned()).collect())
            .into_paginator(),
    )
    .await
}

fn two_instances() -> Vec<SeedResource> {
    vec![instance("i-rt-1"), instance("i-rt-2").tag("keep", "me")]
}

/// Values with characters that percent-encoding, `+`-for-space form
/// decoding and both signatures must all agree on.
const AWKWARD: &str = "环境 & co+a=b/c?d%e*~";

async fn round_trip(emulator: &EmulatorHandle, version: SignatureVersion) {
    let client = client(emulator, version);
    let tagged = client
        .tag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-rt-1")
        .resource_id("i-rt-2")
        .tag("env", "prod")
        .tag("owner", AWKWARD)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{version:?} TagResources: {error}"));
    assert!(tagged.request_id.is_some_and(|id| id.len() == 36));

    assert_eq!(
        rows_of(&client, &["i-rt-1", "i-rt-2"]).await,
        expect_rows(&[
            ("i-rt-1", "env", "prod"),
            ("i-rt-1", "owner", AWKWARD),
            ("i-rt-2", "env", "prod"),
            ("i-rt-2", "keep", "me"),
            ("i-rt-2", "owner", AWKWARD),
        ]),
        "{version:?}: TagResources added both tags to both resources"
    );

    // Found again by the awkward value, exactly, and by a fuzzy filter.
    let by_value = client
        .list_tag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .tag("owner", AWKWARD)
        .send()
        .await
        .unwrap();
    assert_eq!(
        rows(&by_value),
        expect_rows(&[("i-rt-1", "owner", AWKWARD), ("i-rt-2", "owner", AWKWARD)]),
        "{version:?}"
    );
    let item = &by_value.tag_resources.as_ref().unwrap().tag_resource[0];
    assert_eq!(item.resource_type, Some(ResourceType::Instance));
    assert!(by_value.next_token.is_none(), "one page only");
    let by_filter = client
        .list_tag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .tag_filter(
            TagFilter::default()
                .tag_key("owner")
                .tag_values("*& co+a=*"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(rows(&by_filter).len(), 2, "{version:?}");

    let untagged = client
        .untag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-rt-1")
        .resource_id("i-rt-2")
        .tag_key("owner")
        .send()
        .await
        .unwrap_or_else(|error| panic!("{version:?} UntagResources by key: {error}"));
    assert!(untagged.request_id.is_some());
    assert_eq!(
        rows_of(&client, &["i-rt-1", "i-rt-2"]).await,
        expect_rows(&[
            ("i-rt-1", "env", "prod"),
            ("i-rt-2", "env", "prod"),
            ("i-rt-2", "keep", "me"),
        ]),
        "{version:?}: only the named key was removed"
    );

    client
        .untag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-rt-2")
        .all(true)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{version:?} UntagResources All: {error}"));
    assert_eq!(
        rows_of(&client, &["i-rt-1", "i-rt-2"]).await,
        expect_rows(&[("i-rt-1", "env", "prod")]),
        "{version:?}: All removed every tag of i-rt-2 and none of i-rt-1"
    );
    assert_eq!(emulator.handler().tag_count(), 1);
}

#[tokio::test]
async fn tag_list_and_untag_round_trip_with_v3_signatures() {
    let emulator = start(two_instances()).await;
    round_trip(&emulator, SignatureVersion::V3).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_list_and_untag_round_trip_with_v1_signatures() {
    let emulator = start(two_instances()).await;
    round_trip(&emulator, SignatureVersion::V1).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_tag_written_with_one_signature_version_is_read_with_the_other() {
    let emulator = start(two_instances()).await;
    let v3 = client(&emulator, SignatureVersion::V3);
    let v1 = client(&emulator, SignatureVersion::V1);
    v3.tag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-rt-1")
        .tag("written-by", "v3")
        .send()
        .await
        .unwrap();
    v1.tag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-rt-1")
        .tag("written-by-v1", "v1")
        .send()
        .await
        .unwrap();
    for reader in [&v1, &v3] {
        assert_eq!(
            rows_of(reader, &["i-rt-1"]).await,
            expect_rows(&[
                ("i-rt-1", "written-by", "v3"),
                ("i-rt-1", "written-by-v1", "v1"),
            ])
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn seeded_tags_and_groups_are_served_and_resource_types_and_regions_are_kept_apart() {
    // The same ID as an instance and as a disk, and in a second region.
    let emulator = start(vec![
        instance("r-1").group("rg-apps").tag("kind", "instance"),
        SeedResource::new(REGION, "disk", "r-1").tag("kind", "disk"),
        SeedResource::new("xx-test-1", "instance", "r-1").tag("kind", "elsewhere"),
    ])
    .await;
    for version in VERSIONS {
        let client = client(&emulator, version);
        for (region, resource_type, kind) in [
            (REGION, "instance", "instance"),
            (REGION, "disk", "disk"),
            ("xx-test-1", "instance", "elsewhere"),
        ] {
            let listed = client
                .list_tag_resources()
                .region_id(region)
                .resource_type(resource_type)
                .resource_id("r-1")
                .send()
                .await
                .unwrap();
            assert_eq!(
                rows(&listed),
                expect_rows(&[("r-1", "kind", kind)]),
                "{version:?} {region} {resource_type}"
            );
            assert_eq!(
                listed.tag_resources.unwrap().tag_resource[0]
                    .resource_type
                    .as_ref()
                    .map(ResourceType::as_str),
                Some(resource_type)
            );
        }
        // Tagging the disk leaves the instance with the same ID alone.
        client
            .tag_resources()
            .region_id(REGION)
            .resource_type("disk")
            .resource_id("r-1")
            .tag("only-on", "disk")
            .send()
            .await
            .unwrap();
        let instance_rows = client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .tag_item(Tag::key_only("only-on"))
            .send()
            .await
            .unwrap();
        assert!(rows(&instance_rows).is_empty(), "{version:?}");
        let by_group = client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .tag("acs:rm:rgId", "rg-apps")
            .send()
            .await
            .unwrap();
        assert_eq!(rows(&by_group), expect_rows(&[("r-1", "kind", "instance")]));
        // Back to the seeded state for the other signature version.
        client
            .untag_resources()
            .region_id(REGION)
            .resource_type("disk")
            .resource_id("r-1")
            .tag_key("only-on")
            .send()
            .await
            .unwrap();
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn resources_seeded_while_running_can_be_tagged_at_once() {
    let emulator = start(Vec::new()).await;
    let client = client(&emulator, SignatureVersion::V3);
    let attempt = || {
        client
            .tag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .resource_id("i-late")
            .tag("env", "prod")
            .send()
    };
    let error = attempt().await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidResourceId.NotFound"));
    emulator.seed(vec![instance("i-late")]).unwrap();
    attempt().await.unwrap();
    assert_eq!(
        rows_of(&client, &["i-late"]).await,
        expect_rows(&[("i-late", "env", "prod")])
    );
    emulator.shutdown().await;
}
