//! ListTagResources: the tags on resources, by resource ID, by exact tag, by
//! resource group or by fuzzy tag filter, a page at a time.

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesInput, ListTagResourcesOutput, ResourceType, TagResource, TagResources, ERRORS,
};

use super::{known_resource_type, to_json, Context, Operation};
use crate::error::ApiError;
use crate::store::query::{FuzzyFilter, Page, QueryError, Selector, TagQuery};

pub const OPERATION: Operation = Operation {
    name: "ListTagResources",
    errors: ERRORS,
    run,
};

/// The tag key that asks for a resource group instead of a tag.
pub const RESOURCE_GROUP_KEY: &str = "acs:rm:rgId";

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input = ListTagResourcesInput::from_wire_params(params)
        .map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    known_resource_type(input.resource_type.as_str(), ResourceType::VALUES)?;
    let query = build_query(&input, context.default_resource_group_id)?;
    let fingerprint = fingerprint(&input.region_id, input.resource_type.as_str(), &query);
    let after = match &input.next_token {
        None => None,
        Some(token) => Some(
            context
                .tokens
                .decode(token, fingerprint.as_bytes())
                .ok_or(ApiError::new("Invalid.NextToken"))?,
        ),
    };

    let page = {
        let store = context.read();
        match store.partition(&input.region_id, input.resource_type.as_str()) {
            None => Page {
                rows: Vec::new(),
                more: false,
            },
            Some(partition) => partition
                .query(&query, after.as_ref(), context.page_size)
                .map_err(|error| match error {
                    // The page names no code for this; InvalidTagFilter.Malformed
                    // is the one the table gives for a TagFilter it cannot use.
                    QueryError::TooManyFuzzyMatches => ApiError::new("InvalidTagFilter.Malformed"),
                })?,
        }
    };

    let next_token = match (page.more, page.rows.last()) {
        (true, Some(last)) => Some(context.tokens.encode(
            fingerprint.as_bytes(),
            &crate::store::query::Cursor {
                resource_id: last.resource_id.to_string(),
                tag_key: last.tag_key.to_string(),
            },
        )),
        _ => None,
    };
    let tag_resource = page
        .rows
        .into_iter()
        .map(|row| {
            let mut shown = TagResource::default();
            shown.tag_value = Some(row.tag_value.to_string());
            shown.resource_type = Some(input.resource_type.clone());
            shown.resource_id = Some(row.resource_id.to_string());
            shown.tag_key = Some(row.tag_key.to_string());
            shown
        })
        .collect();
    let mut tag_resources = TagResources::default();
    tag_resources.tag_resource = tag_resource;
    let mut output = ListTagResourcesOutput::default();
    output.next_token = next_token;
    output.request_id = Some(context.request_id.to_owned());
    output.tag_resources = Some(tag_resources);
    to_json(&output)
}

/// The query the request asks, after the checks that need the service's
/// knowledge (the spec's own rules have passed already).
fn build_query(input: &ListTagResourcesInput, default_group: &str) -> Result<TagQuery, ApiError> {
    let mut resource_ids = input.resource_id.clone();
    resource_ids.sort();
    resource_ids.dedup();

    let selector = if let Some(first) = input.tag.first() {
        if first.key.as_deref() == Some(RESOURCE_GROUP_KEY) {
            // The spec's rules have made sure it is the only Tag.N.
            match first.value.as_deref() {
                None | Some("") => return Err(ApiError::new("InvalidTag.Mismatch")),
                Some(group) if group == default_group => {
                    return Err(ApiError::new("InvalidDefaultResourceGroup.NotSupported"))
                }
                Some(group) => Selector::Group(group.to_owned()),
            }
        } else {
            let mut pairs = Vec::with_capacity(input.tag.len());
            for tag in &input.tag {
                // A Tag.N with neither Key nor Value (only an unknown member
                // such as Tag.1.Foo was sent) names no tag at all.
                let key = tag
                    .key
                    .clone()
                    .ok_or(ApiError::new("InvalidTagKey.Malformed"))?;
                pairs.push((key, tag.value.clone()));
            }
            Selector::Tags(pairs)
        }
    } else if !input.tag_filter.is_empty() {
        let mut filters = Vec::with_capacity(input.tag_filter.len());
        for filter in &input.tag_filter {
            let key = filter
                .tag_key
                .as_deref()
                .ok_or(ApiError::new("InvalidTagFilter.Malformed"))?;
            filters.push(
                FuzzyFilter::from_request(key, &filter.tag_values)
                    .map_err(|_| ApiError::new("InvalidTagFilter.Malformed"))?,
            );
        }
        Selector::Fuzzy(filters)
    } else {
        Selector::Everything
    };
    Ok(TagQuery {
        resource_ids,
        selector,
    })
}

/// What makes two requests the same query, so that a token from one is
/// refused by another. NUL separates fields, as no decoded value of a
/// well-formed request needs one; a contrived collision could only page a
/// query that the caller was entitled to run anyway.
fn fingerprint(region_id: &str, resource_type: &str, query: &TagQuery) -> String {
    let mut text = format!("{region_id}\0{resource_type}\0{:?}", query.resource_ids);
    text.push('\0');
    text.push_str(&format!("{:?}", query.selector));
    text
}

#[cfg(test)]
mod tests {
    use crate::ops::testing::{Fixture, DEFAULT_GROUP};
    use serde_json::Value;

    /// `(resource, key, value)` of every row, in order.
    fn rows(body: &Value) -> Vec<(String, String, String)> {
        body["TagResources"]["TagResource"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        (
                            row["ResourceId"].as_str().unwrap().to_owned(),
                            row["TagKey"].as_str().unwrap().to_owned(),
                            row["TagValue"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn resources(body: &Value) -> Vec<String> {
        let mut ids: Vec<String> = rows(body).into_iter().map(|(id, _, _)| id).collect();
        ids.dedup();
        ids
    }

    fn list(fixture: &Fixture, extra: &[(&str, &str)]) -> Result<Value, &'static str> {
        let mut params = vec![("RegionId", "cn-hangzhou"), ("ResourceType", "instance")];
        params.extend_from_slice(extra);
        fixture
            .call("ListTagResources", &params)
            .map_err(|error| error.code)
    }

    fn fleet() -> Fixture {
        let fixture = Fixture::new();
        fixture
            .resource("instance", "i-1", None, &[("env", "prod"), ("team", "db")])
            .resource("instance", "i-2", None, &[("env", "dev"), ("team", "db")])
            .resource(
                "instance",
                "i-3",
                Some("rg-web"),
                &[("env", "prod"), ("team", "web")],
            )
            .resource(
                "instance",
                "i-4",
                Some("rg-web"),
                &[("environment", "staging")],
            )
            .resource("instance", "i-5", None, &[])
            .resource("disk", "d-1", None, &[("env", "prod")]);
        fixture
    }

    #[test]
    fn tag_pairs_match_exactly_and_all_of_them_must_match() {
        let fixture = fleet();
        let body = list(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "prod")]).unwrap();
        assert_eq!(
            resources(&body),
            ["i-1", "i-3"],
            "exact, and disks are another type"
        );
        let body = list(
            &fixture,
            &[
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("Tag.2.Key", "team"),
                ("Tag.2.Value", "db"),
            ],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-1"], "AND across pairs");
        let body = list(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "pro")]).unwrap();
        assert!(resources(&body).is_empty(), "no prefix matching for Tag.N");
    }

    #[test]
    fn a_tag_key_alone_matches_any_value() {
        let fixture = fleet();
        let body = list(&fixture, &[("Tag.1.Key", "env")]).unwrap();
        assert_eq!(resources(&body), ["i-1", "i-2", "i-3"]);
    }

    #[test]
    fn an_empty_tag_value_matches_only_an_empty_value() {
        let fixture = fleet();
        fixture.resource("instance", "i-9", None, &[("env", "")]);
        let body = list(&fixture, &[("Tag.1.Key", "env"), ("Tag.1.Value", "")]).unwrap();
        assert_eq!(resources(&body), ["i-9"]);
    }

    #[test]
    fn a_tag_query_returns_only_the_matching_tags_of_each_resource() {
        let fixture = fleet();
        let body = list(&fixture, &[("Tag.1.Key", "team"), ("Tag.1.Value", "web")]).unwrap();
        assert_eq!(rows(&body), [("i-3".into(), "team".into(), "web".into())]);
    }

    #[test]
    fn a_resource_id_query_returns_every_tag_of_those_resources() {
        let fixture = fleet();
        let body = list(
            &fixture,
            &[
                ("ResourceId.1", "i-2"),
                ("ResourceId.2", "i-404"),
                ("ResourceId.3", "i-1"),
            ],
        )
        .unwrap();
        assert_eq!(
            rows(&body),
            [
                ("i-1".into(), "env".into(), "prod".into()),
                ("i-1".into(), "team".into(), "db".into()),
                ("i-2".into(), "env".into(), "dev".into()),
                ("i-2".into(), "team".into(), "db".into()),
            ],
            "sorted by resource then key; unknown IDs match nothing"
        );
    }

    #[test]
    fn tags_and_resource_ids_together_must_both_match() {
        let fixture = fleet();
        let body = list(
            &fixture,
            &[
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("ResourceId.1", "i-3"),
                ("ResourceId.2", "i-2"),
            ],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-3"]);
    }

    #[test]
    fn tag_filters_match_keys_by_prefix_substring_or_exactly() {
        let fixture = fleet();
        let by = |pattern| resources(&list(&fixture, &[("TagFilter.1.TagKey", pattern)]).unwrap());
        assert_eq!(by("env*"), ["i-1", "i-2", "i-3", "i-4"], "prefix");
        assert_eq!(by("*ironm*"), ["i-4"], "substring");
        assert_eq!(by("env"), ["i-1", "i-2", "i-3"], "exact");
        assert!(by("*ronment").is_empty(), "a leading * alone is literal");
    }

    #[test]
    fn tag_filter_values_are_ored_within_a_key_and_keys_are_anded() {
        let fixture = fleet();
        let body = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "env"),
                ("TagFilter.1.TagValues.1", "prod"),
                ("TagFilter.1.TagValues.2", "dev"),
            ],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-1", "i-2", "i-3"], "OR across values");
        let body = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "env"),
                ("TagFilter.1.TagValues.1", "pr*"),
                ("TagFilter.2.TagKey", "team"),
                ("TagFilter.2.TagValues.1", "*e*"),
            ],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-3"], "AND across keys");
        assert_eq!(
            rows(&body),
            [
                ("i-3".into(), "env".into(), "prod".into()),
                ("i-3".into(), "team".into(), "web".into()),
            ],
            "the rows are the tags that matched a filter"
        );
    }

    #[test]
    fn only_the_first_values_pattern_style_counts_for_a_key() {
        let fixture = Fixture::new();
        fixture
            .resource("instance", "i-a", None, &[("team", "opsx")])
            .resource("instance", "i-b", None, &[("team", "devops")])
            .resource("instance", "i-c", None, &[("team", "qa-east")]);
        let body = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "team"),
                ("TagFilter.1.TagValues.1", "ops*"),
                ("TagFilter.1.TagValues.2", "*ops*"),
                ("TagFilter.1.TagValues.3", "qa"),
            ],
        )
        .unwrap();
        // Prefix matching for every value: "devops" does not start with
        // "ops", and "qa" matches "qa-east" as a prefix, not exactly.
        assert_eq!(resources(&body), ["i-a", "i-c"]);
        let body = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "team"),
                ("TagFilter.1.TagValues.1", "qa"),
                ("TagFilter.1.TagValues.2", "*ops*"),
            ],
        )
        .unwrap();
        // Exact matching for every value: "ops" is no team's exact value.
        assert!(resources(&body).is_empty());
    }

    #[test]
    fn a_fuzzy_key_with_values_is_refused() {
        let fixture = fleet();
        let error = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "env*"),
                ("TagFilter.1.TagValues.1", "prod"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidTagFilter.Malformed");
    }

    #[test]
    fn tag_filters_and_resource_ids_together_must_both_match() {
        let fixture = fleet();
        let body = list(
            &fixture,
            &[
                ("TagFilter.1.TagKey", "env*"),
                ("ResourceId.1", "i-4"),
                ("ResourceId.2", "i-5"),
            ],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-4"]);
    }

    #[test]
    fn a_fuzzy_query_over_5000_resources_is_refused() {
        let fixture = Fixture::new();
        for n in 0..5001 {
            fixture.resource("instance", &format!("i-{n:05}"), None, &[("env", "prod")]);
        }
        let error = list(&fixture, &[("TagFilter.1.TagKey", "env*")]).unwrap_err();
        assert_eq!(error, "InvalidTagFilter.Malformed");
        // Exactly 5000 is allowed; an exact Tag.N query has no such limit.
        fixture
            .store
            .write()
            .unwrap()
            .untag_resources(
                "cn-hangzhou",
                "instance",
                &["i-00000".to_owned()],
                &["env".to_owned()],
                false,
            )
            .unwrap();
        assert!(list(&fixture, &[("TagFilter.1.TagKey", "env*")]).is_ok());
        fixture.resource("instance", "i-99999", None, &[("env", "prod")]);
        assert!(list(&fixture, &[("Tag.1.Key", "env")]).is_ok());
    }

    #[test]
    fn the_resource_group_key_finds_the_resources_of_a_group() {
        let fixture = fleet();
        let body = list(
            &fixture,
            &[("Tag.1.Key", "acs:rm:rgId"), ("Tag.1.Value", "rg-web")],
        )
        .unwrap();
        assert_eq!(resources(&body), ["i-3", "i-4"]);
        assert_eq!(rows(&body).len(), 3, "every tag of the group's resources");
        let body = list(
            &fixture,
            &[("Tag.1.Key", "acs:rm:rgId"), ("Tag.1.Value", "rg-none")],
        )
        .unwrap();
        assert!(resources(&body).is_empty());
    }

    #[test]
    fn the_default_resource_group_cannot_be_queried() {
        let fixture = fleet();
        let error = list(
            &fixture,
            &[("Tag.1.Key", "acs:rm:rgId"), ("Tag.1.Value", DEFAULT_GROUP)],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidDefaultResourceGroup.NotSupported");
    }

    #[test]
    fn the_resource_group_key_with_other_tags_is_refused_by_the_spec_rule() {
        let fixture = fleet();
        let error = list(
            &fixture,
            &[
                ("Tag.1.Key", "acs:rm:rgId"),
                ("Tag.1.Value", "rg-web"),
                ("Tag.2.Key", "env"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidTag.NotSupported");
    }

    #[test]
    fn pages_follow_next_token_in_a_stable_order_without_gaps_or_repeats() {
        let mut fixture = Fixture::new();
        fixture.page_size = 7;
        for n in (0..30).rev() {
            fixture.resource(
                "instance",
                &format!("i-{n:02}"),
                None,
                &[("env", "prod"), ("n", &n.to_string())],
            );
        }
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = vec![("Tag.1.Key", "env")];
            if let Some(token) = &token {
                params.push(("NextToken", token.as_str()));
            }
            let body = list(&fixture, &params).unwrap();
            let page = rows(&body);
            assert!(page.len() <= 7);
            seen.extend(page);
            match body["NextToken"].as_str() {
                Some(next) => token = Some(next.to_owned()),
                None => break,
            }
        }
        let expected: Vec<_> = (0..30)
            .map(|n| (format!("i-{n:02}"), "env".to_owned(), "prod".to_owned()))
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_default_page_is_50_rows_and_the_last_page_has_no_token() {
        let fixture = Fixture::new();
        for n in 0..50 {
            fixture.resource("instance", &format!("i-{n:02}"), None, &[("env", "prod")]);
        }
        let body = list(&fixture, &[("Tag.1.Key", "env")]).unwrap();
        assert_eq!(rows(&body).len(), 50);
        assert!(body.get("NextToken").is_none(), "exactly one full page");
        fixture.resource("instance", "i-50", None, &[("env", "prod")]);
        let body = list(&fixture, &[("Tag.1.Key", "env")]).unwrap();
        assert_eq!(rows(&body).len(), 50);
        assert!(body["NextToken"].is_string());
    }

    #[test]
    fn a_token_that_is_made_up_or_from_another_query_is_invalid() {
        let mut fixture = fleet();
        fixture.page_size = 1;
        let body = list(&fixture, &[("Tag.1.Key", "env")]).unwrap();
        let token = body["NextToken"].as_str().unwrap().to_owned();
        let error = list(&fixture, &[("Tag.1.Key", "team"), ("NextToken", &token)]).unwrap_err();
        assert_eq!(error, "Invalid.NextToken");
        let error = list(
            &fixture,
            &[
                ("Tag.1.Key", "env"),
                ("NextToken", "caeba0bbb2be03f84eb48b699f0a4883"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "Invalid.NextToken");
    }

    #[test]
    fn unknown_resource_types_and_regions_are_refused() {
        let fixture = fleet();
        let error = fixture
            .call(
                "ListTagResources",
                &[
                    ("RegionId", "cn-hangzhou"),
                    ("ResourceType", "Instance"),
                    ("Tag.1.Key", "env"),
                ],
            )
            .unwrap_err();
        assert_eq!(error.code, "InvalidResourceType.NotFound");
        let error = fixture
            .call(
                "ListTagResources",
                &[
                    ("RegionId", "mars-north-1"),
                    ("ResourceType", "instance"),
                    ("Tag.1.Key", "env"),
                ],
            )
            .unwrap_err();
        assert_eq!(error.code, "InvalidRegionId.NotFound");
    }

    #[test]
    fn spec_limits_are_applied_with_the_documented_codes() {
        let fixture = fleet();
        assert_eq!(
            list(&fixture, &[]).unwrap_err(),
            "BothEmpty.TagsAndResources"
        );
        assert_eq!(
            list(&fixture, &[("Tag.1.Value", "prod")]).unwrap_err(),
            "InvalidParameter.TagValue"
        );
        let ids: Vec<(String, String)> = (1..=51)
            .map(|n| (format!("ResourceId.{n}"), format!("i-{n}")))
            .collect();
        let ids: Vec<(&str, &str)> = ids.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            list(&fixture, &ids).unwrap_err(),
            "NumberExceed.ResourceIds"
        );
        let error = fixture
            .call(
                "ListTagResources",
                &[("ResourceType", "instance"), ("Tag.1.Key", "env")],
            )
            .unwrap_err();
        assert_eq!(error.code, "MissingParameter.RegionId");
    }
}
