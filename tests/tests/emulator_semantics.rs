//! Every semantic rule in the emulator's crate docs (`emulator/src/lib.rs`),
//! each pinned by a case that an implementation without the rule would get
//! wrong: the SDK against the emulator over HTTP on 127.0.0.1.
//!
//! Most tests query one fleet, chosen so that the near misses are there:
//! `production` and `preprod` next to `prod`, a key `environment` next to
//! `env`, an empty value, a resource without tags, a disk with the same tag
//! as the instances, and resources in a group.

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesError, ListTagResourcesFluentBuilder, Tag, TagFilter,
};
use alibabacloud_ecs::operation::tag_resources::TagResourcesError;
use alibabacloud_ecs::operation::untag_resources::UntagResourcesError;
use alibabacloud_ecs::{Client, SignatureVersion};
use ecs_emulator::{EmulatorHandle, SeedResource, DEFAULT_RESOURCE_GROUP_ID};
use ecs_integration_tests::emulator::{
    all_rows, client, expect_rows, instance, resource_ids, rows, service_error, start, start_with,
    Op, Row, REGION,
};

fn fleet() -> Vec<SeedResource> {
    vec![
        instance("i-01").tag("env", "prod").tag("team", "db"),
        instance("i-02").tag("env", "dev").tag("team", "db"),
        instance("i-03")
            .group("rg-web")
            .tag("env", "prod")
            .tag("team", "web"),
        instance("i-04")
            .group("rg-web")
            .tag("environment", "staging"),
        instance("i-05").group("rg-web"),
        instance("i-06")
            .tag("env", "production")
            .tag("owner", "ops-east"),
        instance("i-07").tag("env", ""),
        instance("i-08").tag("env", "preprod"),
        SeedResource::new(REGION, "disk", "d-01").tag("env", "prod"),
    ]
}

struct Fleet {
    emulator: EmulatorHandle,
    client: Client,
}

impl Fleet {
    async fn start() -> Self {
        Self::with(fleet()).await
    }

    async fn with(seed: Vec<SeedResource>) -> Self {
        let emulator = start(seed).await;
        let client = client(&emulator, SignatureVersion::V3);
        Self { emulator, client }
    }

    /// A ListTagResources on instances in the region, shaped by `query`.
    fn query(&self) -> ListTagResourcesFluentBuilder {
        self.client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
    }

    /// Every row `query` answers, over all pages.
    async fn rows(&self, query: ListTagResourcesFluentBuilder) -> Vec<Row> {
        all_rows(query.into_paginator()).await
    }

    /// The resources `query` matches, in answer order.
    async fn ids(&self, query: ListTagResourcesFluentBuilder) -> Vec<String> {
        resource_ids(&self.rows(query).await)
    }

    async fn tag(&self, ids: &[&str], tags: &[(&str, &str)]) -> Result<(), TagResourcesError> {
        let mut request = self
            .client
            .tag_resources()
            .region_id(REGION)
            .resource_type("instance");
        for id in ids {
            request = request.resource_id(*id);
        }
        for (key, value) in tags {
            request = request.tag(*key, *value);
        }
        request.send().await.map(|_| ()).map_err(|error| {
            error
                .into_service_error()
                .expect("a service error, not a client-side one")
        })
    }

    async fn shutdown(self) {
        self.emulator.shutdown().await;
    }
}

fn filter(key: &str, values: &[&str]) -> TagFilter {
    values
        .iter()
        .fold(TagFilter::default().tag_key(key), |filter, value| {
            filter.tag_values(*value)
        })
}

// ---- Tag.N: exact ----------------------------------------------------------

#[tokio::test]
async fn tag_pairs_match_the_value_exactly_not_by_prefix_or_substring() {
    let fleet = Fleet::start().await;
    // Not i-06 (production), i-08 (preprod), nor the disk d-01.
    assert_eq!(
        fleet.rows(fleet.query().tag("env", "prod")).await,
        expect_rows(&[("i-01", "env", "prod"), ("i-03", "env", "prod")])
    );
    assert!(fleet.rows(fleet.query().tag("env", "pro")).await.is_empty());
    assert!(fleet.rows(fleet.query().tag("en", "prod")).await.is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_pairs_are_anded() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .ids(fleet.query().tag("env", "prod").tag("team", "db"))
            .await,
        ["i-01"],
        "an OR would also give i-02 and i-03"
    );
    assert!(fleet
        .rows(fleet.query().tag("env", "dev").tag("team", "web"))
        .await
        .is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_tag_key_without_a_value_matches_any_value_of_that_key() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(fleet.query().tag_item(Tag::key_only("env")))
            .await,
        expect_rows(&[
            ("i-01", "env", "prod"),
            ("i-02", "env", "dev"),
            ("i-03", "env", "prod"),
            ("i-06", "env", "production"),
            ("i-07", "env", ""),
            ("i-08", "env", "preprod"),
        ]),
        "not i-04 (environment): the key is exact too"
    );
    // A key alone and an exact pair together: still AND.
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_item(Tag::key_only("team"))
                    .tag("env", "prod")
            )
            .await,
        ["i-01", "i-03"]
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn an_empty_tag_value_matches_only_an_empty_value() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet.rows(fleet.query().tag("env", "")).await,
        expect_rows(&[("i-07", "env", "")])
    );
    fleet.shutdown().await;
}

// ---- TagFilter.N: fuzzy ----------------------------------------------------

#[tokio::test]
async fn a_tag_filter_key_ending_in_a_star_matches_keys_by_prefix() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .ids(fleet.query().tag_filter(filter("env*", &[])))
            .await,
        ["i-01", "i-02", "i-03", "i-04", "i-06", "i-07", "i-08"],
        "env and environment"
    );
    assert!(
        fleet
            .rows(fleet.query().tag_filter(filter("nv*", &[])))
            .await
            .is_empty(),
        "a prefix, not a substring"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_tag_filter_key_between_stars_matches_keys_by_substring() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(fleet.query().tag_filter(filter("*vironm*", &[])))
            .await,
        expect_rows(&[("i-04", "environment", "staging")])
    );
    assert_eq!(
        fleet
            .ids(fleet.query().tag_filter(filter("*wn*", &[])))
            .await,
        ["i-06"],
        "owner"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_tag_filter_key_without_stars_matches_keys_exactly() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .ids(fleet.query().tag_filter(filter("env", &[])))
            .await,
        ["i-01", "i-02", "i-03", "i-06", "i-07", "i-08"],
        "not environment"
    );
    // A leading star alone is not a style the page lists: it is literal.
    assert!(fleet
        .rows(fleet.query().tag_filter(filter("*ment", &[])))
        .await
        .is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_filter_values_match_by_prefix_substring_or_exactly_under_an_exact_key() {
    let fleet = Fleet::start().await;
    let by = |value: &'static str| fleet.ids(fleet.query().tag_filter(filter("env", &[value])));
    assert_eq!(by("prod*").await, ["i-01", "i-03", "i-06"], "prefix");
    assert_eq!(
        by("*prod*").await,
        ["i-01", "i-03", "i-06", "i-08"],
        "substring: preprod too"
    );
    assert_eq!(by("prod").await, ["i-01", "i-03"], "exact");
    // The value filter is on env only: i-04's environment=staging is not
    // looked at, though `sta*` would match it.
    assert!(by("sta*").await.is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_filter_values_of_one_key_are_ored() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .ids(fleet.query().tag_filter(filter("env", &["prod", "dev"])))
            .await,
        ["i-01", "i-02", "i-03"]
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_filters_on_different_keys_are_anded() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(
                fleet
                    .query()
                    .tag_filter(filter("env", &["pr*"]))
                    .tag_filter(filter("team", &["*e*"]))
            )
            .await,
        expect_rows(&[("i-03", "env", "prod"), ("i-03", "team", "web")]),
        "prod/production/preprod AND web"
    );
    // i-02 matches the narrower filter (team db) but not the other one.
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_filter(filter("env", &["pr*"]))
                    .tag_filter(filter("team", &["*d*"]))
            )
            .await,
        ["i-01"]
    );
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_filter(filter("env*", &[]))
                    .tag_filter(filter("own*", &[]))
            )
            .await,
        ["i-06"]
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn only_the_first_pattern_style_of_a_keys_values_counts() {
    let fleet = Fleet::with(vec![
        instance("i-a").tag("team", "opsx"),
        instance("i-b").tag("team", "devops"),
        instance("i-c").tag("team", "qa-east"),
        instance("i-d").tag("team", "xdev"),
        instance("i-e").tag("team", "qa"),
    ])
    .await;
    let by = |values: &'static [&'static str]| {
        fleet.ids(fleet.query().tag_filter(filter("team", values)))
    };
    // The first value is a prefix, so all three are prefixes: ops, dev, qa.
    // Each value in its own style would give i-a, i-b, i-d, i-e instead.
    assert_eq!(
        by(&["ops*", "*dev*", "qa"]).await,
        ["i-a", "i-b", "i-c", "i-e"]
    );
    // The first value is exact, so all are exact: only qa itself.
    // Each in its own style would add i-a, i-b (ops*) and i-b (*ps*).
    assert_eq!(by(&["qa", "ops*", "*ps*"]).await, ["i-e"]);
    // The first value is a substring, so all are substrings.
    assert_eq!(
        by(&["*ps*", "dev", "ast*"]).await,
        ["i-a", "i-b", "i-c", "i-d"]
    );
    fleet.shutdown().await;
}

// ---- ResourceId.N and the combinations -------------------------------------

#[tokio::test]
async fn resource_ids_select_those_resources_and_unknown_ids_match_nothing() {
    let fleet = Fleet::start().await;
    let ids = ["i-02", "i-404", "i-01", "d-01", "i-02"];
    assert_eq!(
        fleet
            .rows(
                fleet
                    .query()
                    .set_resource_id(ids.iter().map(|id| (*id).to_owned()).collect())
            )
            .await,
        expect_rows(&[
            ("i-01", "env", "prod"),
            ("i-01", "team", "db"),
            ("i-02", "env", "dev"),
            ("i-02", "team", "db"),
        ]),
        "each once, and d-01 is a disk, not an instance"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_and_resource_id_together_must_both_match() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(
                fleet
                    .query()
                    .tag("env", "prod")
                    .resource_id("i-02")
                    .resource_id("i-03")
            )
            .await,
        expect_rows(&[("i-03", "env", "prod")]),
        "i-01 has the tag but was not named; i-02 was named but lacks it"
    );
    // More IDs than resources with the tag, so that an implementation
    // that starts from the tag's resources must still check the IDs.
    let named = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect();
    assert_eq!(
        fleet
            .rows(
                fleet
                    .query()
                    .tag("env", "prod")
                    .set_resource_id(named(&["i-02", "i-03", "i-04", "i-05", "i-06"]))
            )
            .await,
        expect_rows(&[("i-03", "env", "prod")])
    );
    assert!(fleet
        .rows(
            fleet
                .query()
                .tag("env", "prod")
                .set_resource_id(named(&["i-02", "i-04", "i-05", "i-06", "i-07"]))
        )
        .await
        .is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn tag_filter_and_resource_id_together_must_both_match() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(
                fleet
                    .query()
                    .tag_filter(filter("env*", &[]))
                    .resource_id("i-04")
                    .resource_id("i-05")
                    .resource_id("i-02")
            )
            .await,
        expect_rows(&[("i-02", "env", "dev"), ("i-04", "environment", "staging")]),
        "i-05 has no tags; i-01 was not named"
    );
    // A narrow filter (only i-06 has an owner) and more IDs than it matches.
    let named = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect();
    assert!(fleet
        .rows(
            fleet
                .query()
                .tag_filter(filter("own*", &[]))
                .set_resource_id(named(&["i-01", "i-02", "i-03", "i-04", "i-05"]))
        )
        .await
        .is_empty());
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_filter(filter("own*", &[]))
                    .set_resource_id(named(&["i-01", "i-02", "i-03", "i-06"]))
            )
            .await,
        ["i-06"]
    );
    fleet.shutdown().await;
}

// ---- The resource-group key -------------------------------------------------

#[tokio::test]
async fn the_resource_group_key_lists_every_tag_of_a_non_default_groups_resources() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet.rows(fleet.query().tag("acs:rm:rgId", "rg-web")).await,
        expect_rows(&[
            ("i-03", "env", "prod"),
            ("i-03", "team", "web"),
            ("i-04", "environment", "staging"),
        ]),
        "i-05 is in the group but has no tags, so no rows"
    );
    assert!(fleet
        .rows(fleet.query().tag("acs:rm:rgId", "rg-nobody"))
        .await
        .is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn the_default_resource_group_cannot_be_queried() {
    let fleet = Fleet::start().await;
    let error = service_error(
        fleet
            .query()
            .tag("acs:rm:rgId", DEFAULT_RESOURCE_GROUP_ID)
            .send()
            .await,
    );
    assert!(
        matches!(
            error,
            ListTagResourcesError::InvalidDefaultResourceGroupNotSupported(_)
        ),
        "{error:?}"
    );
    let info = Op::List.documented("InvalidDefaultResourceGroup.NotSupported");
    assert_eq!(error.service_error().http_status, info.http_status);
    assert_eq!(error.service_error().message, info.message);
    fleet.shutdown().await;
}

#[tokio::test]
async fn the_default_resource_group_is_the_configured_one_and_holds_ungrouped_resources() {
    let emulator = start_with(fleet(), |config| {
        config.default_resource_group_id = "rg-acfmdefault".to_owned();
    })
    .await;
    let client = client(&emulator, SignatureVersion::V1);
    let query = |group: &str| {
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .tag("acs:rm:rgId", group)
            .send()
    };
    let error = service_error(query("rg-acfmdefault").await);
    assert!(
        matches!(
            error,
            ListTagResourcesError::InvalidDefaultResourceGroupNotSupported(_)
        ),
        "{error:?}"
    );
    // rg-default is now an ordinary group that nothing is in.
    assert!(rows(&query(DEFAULT_RESOURCE_GROUP_ID).await.unwrap()).is_empty());
    emulator.shutdown().await;
}

// ---- The 5000-resource limit of fuzzy queries -------------------------------

/// `count` instances `i-00000`.., each tagged `env=prod` and `env2=prod`.
fn many(count: usize) -> Vec<SeedResource> {
    (0..count)
        .map(|n| {
            instance(&format!("i-{n:05}"))
                .tag("env", "prod")
                .tag("env2", "prod")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fuzzy_query_matching_more_than_5000_resources_is_refused() {
    let fleet = Fleet::with(many(5001)).await;
    for query in [
        fleet.query().tag_filter(filter("env*", &[])),
        fleet.query().tag_filter(filter("env", &["pro*"])),
        fleet.query().tag_filter(filter("*nv*", &[])),
    ] {
        let error = service_error(query.send().await);
        assert!(
            matches!(error, ListTagResourcesError::InvalidTagFilterMalformed(_)),
            "{error:?}"
        );
        let info = Op::List.documented("InvalidTagFilter.Malformed");
        assert_eq!(error.service_error().http_status, info.http_status);
        assert_eq!(error.service_error().message, info.message);
    }
    fleet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fuzzy_limit_counts_resources_after_every_filter_not_rows() {
    // Exactly 5000 resources with two matching tags each: 10,000 rows.
    let mut seed = many(5000);
    seed.push(instance("i-99999").tag("other", "x"));
    let fleet = Fleet::with(seed).await;
    let first = fleet
        .query()
        .tag_filter(filter("env*", &[]))
        .send()
        .await
        .expect("5000 resources are within the limit");
    assert_eq!(rows(&first).len(), 50);
    assert!(first.next_token.is_some());

    // Now 5003 match the first filter, but only 3 match both: allowed.
    fleet
        .emulator
        .seed(vec![
            instance("i-50000").tag("env", "prod").tag("team", "a"),
            instance("i-50001").tag("env", "prod").tag("team", "b"),
            instance("i-50002").tag("env", "dev").tag("team", "c"),
        ])
        .unwrap();
    assert!(fleet
        .query()
        .tag_filter(filter("env*", &[]))
        .send()
        .await
        .is_err());
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_filter(filter("env*", &[]))
                    .tag_filter(filter("team", &[]))
            )
            .await,
        ["i-50000", "i-50001", "i-50002"]
    );
    // Narrowed by ResourceId, the same fuzzy filter is allowed too.
    assert_eq!(
        fleet
            .ids(
                fleet
                    .query()
                    .tag_filter(filter("env*", &[]))
                    .resource_id("i-00007")
            )
            .await,
        ["i-00007"]
    );
    fleet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fuzzy_limit_applies_to_what_all_filters_match_together() {
    // 5101 resources have env and 5101 have team, but only 4701 have both:
    // each filter alone is over the limit, the two together are not.
    let seed = (0..5500)
        .map(|n| {
            let mut resource = instance(&format!("i-{n:05}"));
            if n < 5101 {
                resource = resource.tag("env", "prod");
            }
            if n >= 400 {
                resource = resource.tag("team", "db");
            }
            resource
        })
        .collect();
    let fleet = Fleet::with(seed).await;
    for alone in ["env*", "team*"] {
        let error = service_error(fleet.query().tag_filter(filter(alone, &[])).send().await);
        assert!(
            matches!(error, ListTagResourcesError::InvalidTagFilterMalformed(_)),
            "{alone}: {error:?}"
        );
    }
    let page = fleet
        .query()
        .tag_filter(filter("env*", &[]))
        .tag_filter(filter("team", &["d*"]))
        .send()
        .await
        .expect("4701 resources match both filters");
    assert_eq!(
        rows(&page)[..2],
        expect_rows(&[("i-00400", "env", "prod"), ("i-00400", "team", "db")])
    );
    fleet.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exact_queries_have_no_5000_limit() {
    let fleet = Fleet::with(many(5001)).await;
    let page = fleet
        .query()
        .tag_item(Tag::key_only("env"))
        .send()
        .await
        .expect("an exact query over 5001 resources is answered");
    assert_eq!(rows(&page).len(), 50);
    assert!(page.next_token.is_some());
    fleet.shutdown().await;
}

// ---- Order and which rows come back ----------------------------------------

#[tokio::test]
async fn rows_are_ordered_by_resource_id_then_tag_key_whatever_the_order_of_writes() {
    let fleet = Fleet::with(
        ["i-9", "i-10", "i-2", "i-1"]
            .into_iter()
            .map(instance)
            .collect(),
    )
    .await;
    for (id, keys) in [
        ("i-2", ["zeta", "Alpha", "mid"]),
        ("i-9", ["b", "a", "c"]),
        ("i-10", ["y", "x", "é"]),
        ("i-1", ["k2", "k10", "k1"]),
    ] {
        for key in keys {
            fleet.tag(&[id], &[(key, "v")]).await.unwrap();
        }
    }
    let query = || {
        fleet
            .query()
            .set_resource_id(["i-9", "i-1", "i-10", "i-2"].map(str::to_owned).to_vec())
    };
    let answered = fleet.rows(query()).await;
    let mut expected = answered.clone();
    expected.sort();
    assert_eq!(answered, expected, "sorted by resource ID, then key");
    assert_eq!(
        resource_ids(&answered),
        ["i-1", "i-10", "i-2", "i-9"],
        "IDs compare as text"
    );
    assert_eq!(answered.len(), 12);
    for _ in 0..3 {
        assert_eq!(fleet.rows(query()).await, answered, "the same every time");
    }
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_tag_query_returns_only_the_queried_tags_of_each_resource() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet.rows(fleet.query().tag("team", "web")).await,
        expect_rows(&[("i-03", "team", "web")]),
        "not i-03's env tag"
    );
    assert_eq!(
        fleet
            .rows(fleet.query().tag("env", "prod").resource_id("i-01"))
            .await,
        expect_rows(&[("i-01", "env", "prod")]),
        "not i-01's team tag, though it was named by ID"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_tag_filter_query_returns_the_tags_that_passed_a_filter() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(fleet.query().tag_filter(filter("own*", &[])))
            .await,
        expect_rows(&[("i-06", "owner", "ops-east")]),
        "not i-06's env tag"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_resource_id_query_returns_every_tag_and_an_untagged_resource_no_row() {
    let fleet = Fleet::start().await;
    assert_eq!(
        fleet
            .rows(fleet.query().resource_id("i-06").resource_id("i-05"))
            .await,
        expect_rows(&[("i-06", "env", "production"), ("i-06", "owner", "ops-east")])
    );
    fleet.shutdown().await;
}

// ---- TagResources and UntagResources ------------------------------------------

#[tokio::test]
async fn retagging_a_key_replaces_its_value_for_every_kind_of_query() {
    let fleet = Fleet::start().await;
    fleet.tag(&["i-02"], &[("env", "prod")]).await.unwrap();
    assert_eq!(
        fleet.rows(fleet.query().resource_id("i-02")).await,
        expect_rows(&[("i-02", "env", "prod"), ("i-02", "team", "db")]),
        "one value per key"
    );
    assert!(fleet.rows(fleet.query().tag("env", "dev")).await.is_empty());
    assert!(fleet
        .rows(fleet.query().tag_filter(filter("env", &["de*"])))
        .await
        .is_empty());
    assert_eq!(
        fleet.ids(fleet.query().tag("env", "prod")).await,
        ["i-01", "i-02", "i-03"]
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn a_resource_holds_at_most_20_tags() {
    let eighteen = (0..18).fold(instance("i-full"), |resource, n| {
        resource.tag(format!("k{n:02}"), "v")
    });
    let fleet = Fleet::with(vec![eighteen, instance("i-empty")]).await;

    fleet
        .tag(&["i-full"], &[("k18", "v"), ("k19", "v")])
        .await
        .expect("up to 20 tags");
    // A value change adds no tag, so it is allowed at 20.
    fleet.tag(&["i-full"], &[("k00", "changed")]).await.unwrap();

    // One more key is refused, even together with a resource that has room,
    // and nothing of the request is applied.
    let error = fleet
        .tag(&["i-empty", "i-full"], &[("k20", "v"), ("k01", "changed")])
        .await
        .unwrap_err();
    assert!(
        matches!(error, TagResourcesError::OperationDeniedQuotaExceed(_)),
        "{error:?}"
    );
    let info = Op::Tag.documented("OperationDenied.QuotaExceed");
    assert_eq!(
        (
            error.service_error().http_status,
            error.service_error().message.as_str()
        ),
        (info.http_status, info.message)
    );
    let full = fleet.rows(fleet.query().resource_id("i-full")).await;
    assert_eq!(full.len(), 20);
    assert!(full.contains(&("i-full".into(), "k00".into(), "changed".into())));
    assert!(full.contains(&("i-full".into(), "k01".into(), "v".into())));
    assert!(fleet
        .rows(fleet.query().resource_id("i-empty"))
        .await
        .is_empty());

    // 20 tags at once on a resource without tags are fine.
    let twenty: Vec<(String, String)> = (0..20).map(|n| (format!("t{n}"), "v".into())).collect();
    let twenty: Vec<(&str, &str)> = twenty
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    fleet.tag(&["i-empty"], &twenty).await.unwrap();
    fleet.shutdown().await;
}

#[tokio::test]
async fn untag_removes_the_named_keys_and_ignores_keys_a_resource_lacks() {
    let fleet = Fleet::start().await;
    fleet
        .client
        .untag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-01")
        .resource_id("i-06")
        .tag_key("team")
        .tag_key("owner")
        .tag_key("absent")
        .send()
        .await
        .unwrap();
    assert_eq!(
        fleet
            .rows(fleet.query().resource_id("i-01").resource_id("i-06"))
            .await,
        expect_rows(&[("i-01", "env", "prod"), ("i-06", "env", "production")])
    );
    assert_eq!(
        fleet
            .ids(fleet.query().tag_item(Tag::key_only("team")))
            .await,
        ["i-02", "i-03"],
        "the index forgot i-01's team"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn untag_with_all_removes_every_tag_and_with_neither_all_nor_keys_nothing() {
    let fleet = Fleet::start().await;
    let before = fleet.emulator.handler().tag_count();
    let untag = || {
        fleet
            .client
            .untag_resources()
            .region_id(REGION)
            .resource_type("instance")
            .resource_id("i-01")
            .resource_id("i-03")
    };
    untag().send().await.unwrap();
    untag().all(false).send().await.unwrap();
    assert_eq!(
        fleet.emulator.handler().tag_count(),
        before,
        "nothing was removed"
    );
    untag().all(true).send().await.unwrap();
    assert!(fleet
        .rows(fleet.query().resource_id("i-01").resource_id("i-03"))
        .await
        .is_empty());
    assert_eq!(
        fleet.ids(fleet.query().tag("env", "prod")).await,
        Vec::<String>::new()
    );
    assert_eq!(
        fleet
            .ids(fleet.query().tag_item(Tag::key_only("team")))
            .await,
        ["i-02"],
        "other resources keep their tags"
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn tagging_an_unknown_resource_is_not_found_and_changes_nothing() {
    let mut seed = fleet();
    seed.push(SeedResource::new("xx-lab-1", "instance", "i-x"));
    let fleet = Fleet::with(seed).await;
    let before = fleet.emulator.handler().tag_count();
    // Unknown outright, a disk's ID under instance, and an instance of
    // another region.
    for ids in [&["i-01", "i-404"][..], &["d-01"], &["i-01", "i-02", "i-x"]] {
        let error = fleet.tag(ids, &[("new", "tag")]).await.unwrap_err();
        assert!(
            matches!(error, TagResourcesError::InvalidResourceIdNotFound(_)),
            "{ids:?}: {error:?}"
        );
        let info = Op::Tag.documented("InvalidResourceId.NotFound");
        assert_eq!(error.service_error().http_status, info.http_status);
        assert_eq!(error.service_error().message, info.message);
    }
    assert_eq!(fleet.emulator.handler().tag_count(), before);
    assert!(fleet
        .rows(fleet.query().tag_item(Tag::key_only("new")))
        .await
        .is_empty());
    fleet.shutdown().await;
}

#[tokio::test]
async fn untagging_an_unknown_resource_is_not_found_and_changes_nothing() {
    let fleet = Fleet::start().await;
    let before = fleet.emulator.handler().tag_count();
    let error = fleet
        .client
        .untag_resources()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-01")
        .resource_id("i-404")
        .all(true)
        .send()
        .await
        .unwrap_err()
        .into_service_error()
        .unwrap();
    assert!(
        matches!(error, UntagResourcesError::InvalidResourceIdNotFound(_)),
        "{error:?}"
    );
    assert_eq!(fleet.emulator.handler().tag_count(), before);
    fleet.shutdown().await;
}

// ---- Regions and resource types -------------------------------------------

#[tokio::test]
async fn an_unknown_region_is_refused_and_a_seeded_one_is_known() {
    let emulator = start(vec![SeedResource::new("xx-lab-1", "instance", "i-lab")]).await;
    let client = client(&emulator, SignatureVersion::V3);
    let list = |region: &str| {
        client
            .list_tag_resources()
            .region_id(region)
            .resource_type("instance")
            .resource_id("i-lab")
            .send()
    };
    let error = service_error(list("mars-north-1").await);
    assert!(
        matches!(error, ListTagResourcesError::InvalidRegionIdNotFound(_)),
        "{error:?}"
    );
    assert!(list("xx-lab-1").await.is_ok());
    assert!(
        list(REGION).await.is_ok(),
        "a region of the endpoint map, with nothing seeded in it"
    );
    emulator.shutdown().await;
}

/// Regions the service serves must be known whether or not anything is
/// seeded in them. These are in the official endpoint map (`api-info.json`)
/// under the regional rule `ecs.<region>.aliyuncs.com`, which is exactly why
/// the SDK's `ENDPOINT_MAP` leaves them out.
#[tokio::test]
async fn regions_the_service_serves_are_known_without_seeded_resources() {
    let emulator = start(Vec::new()).await;
    let client = client(&emulator, SignatureVersion::V3);
    for region in [
        "cn-shanghai",
        "cn-beijing",
        "cn-shenzhen",
        "ap-southeast-1",
        "us-west-1",
    ] {
        let answer = client
            .list_tag_resources()
            .region_id(region)
            .resource_type("instance")
            .tag("env", "prod")
            .send()
            .await;
        match answer {
            Ok(output) => assert!(rows(&output).is_empty(), "{region}"),
            Err(error) => panic!("ListTagResources in {region}: {error}"),
        }
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn resource_types_are_the_documented_values_and_case_sensitive() {
    let fleet = Fleet::start().await;
    for resource_type in ["Instance", "vm", "INSTANCE"] {
        let error = service_error(
            fleet
                .client
                .list_tag_resources()
                .region_id(REGION)
                .resource_type(resource_type)
                .tag("env", "prod")
                .send()
                .await,
        );
        assert!(
            matches!(error, ListTagResourcesError::InvalidResourceTypeNotFound(_)),
            "{resource_type}: {error:?}"
        );
    }
    for resource_type in ["disk", "securitygroup", "managedinstance"] {
        assert!(fleet
            .client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type(resource_type)
            .tag("env", "prod")
            .send()
            .await
            .is_ok());
    }
    fleet.shutdown().await;
}
