//! Every documented error for bad input, sent as raw requests that skip the
//! SDK's client-side checks, the way another client could send them: each
//! must come back with the code, and with the HTTP status and message of the
//! operation's generated `ERRORS` table, in the service's error shape.
//!
//! Each case goes five ways (see `assert_refused`): the SDK's
//! `Client::invoke_raw` signing with V3 and with V1, and
//! `ecs_emulator::SignedRequest` over a socket as V3 POST, V1 GET and V1
//! POST with a form body. Then the protocol errors a misconfigured SDK meets,
//! as typed error variants; and a check that the SDK's own `build()` refuses
//! the same requests with the same codes.

use alibabacloud_ecs::operation::list_tag_resources::{
    self, ListTagResourcesError, ListTagResourcesOutput,
};
use alibabacloud_ecs::operation::tag_resources::{self, TagResourcesError};
use alibabacloud_ecs::operation::untag_resources::{self, UntagResourcesError};
use alibabacloud_ecs::{CommonError, SdkError, SignatureVersion};
use ecs_emulator::{EmulatorHandle, DEFAULT_RESOURCE_GROUP_ID};
use ecs_integration_tests::emulator::{
    assert_refused, client, client_with_keys, instance, list_error, params, service_error, start,
    Op, ACCESS_KEY_ID, REGION, SECRET, VERSIONS,
};

async fn emulator() -> EmulatorHandle {
    start(vec![
        instance("i-1").tag("env", "prod").group("rg-web"),
        instance("i-2"),
    ])
    .await
}

/// RegionId and ResourceType, then `extra`.
fn with_region_and_type(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = params(&[("RegionId", REGION), ("ResourceType", "instance")]);
    all.extend(params(extra));
    all
}

/// `count` numbered parameters: `ResourceId.1=i-1`, ...
fn numbered(name: &str, count: usize, value: impl Fn(usize) -> String) -> Vec<(String, String)> {
    (1..=count)
        .map(|n| (format!("{name}.{n}"), value(n)))
        .collect()
}

/// `count` tags `Tag.N.Key=kN`, `Tag.N.Value=v`.
fn tags(count: usize) -> Vec<(String, String)> {
    (1..=count)
        .flat_map(|n| {
            [
                (format!("Tag.{n}.Key"), format!("k{n}")),
                (format!("Tag.{n}.Value"), "v".to_owned()),
            ]
        })
        .collect()
}

/// Asserts that `params` is accepted (the boundary next to a refusal).
async fn assert_accepted(emulator: &EmulatorHandle, op: Op, params: Vec<(String, String)>) {
    for version in VERSIONS {
        if let Err(error) = client(emulator, version)
            .invoke_raw(op.info(), params.clone())
            .await
        {
            panic!("{} ({version:?}) was refused: {error}", op.name());
        }
    }
}

// ---- ListTagResources ------------------------------------------------------

#[tokio::test]
async fn list_without_region_id_is_missing_parameter_region_id() {
    let emulator = emulator().await;
    let request = params(&[("ResourceType", "instance"), ("Tag.1.Key", "env")]);
    assert_refused(&emulator, Op::List, &request, "MissingParameter.RegionId").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_without_resource_type_is_missing_parameter_resource_type() {
    let emulator = emulator().await;
    let request = params(&[("RegionId", REGION), ("Tag.1.Key", "env")]);
    assert_refused(
        &emulator,
        Op::List,
        &request,
        "MissingParameter.ResourceType",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_51_resource_ids_is_number_exceed_resource_ids_and_50_are_accepted() {
    let emulator = emulator().await;
    let mut request = with_region_and_type(&[]);
    request.extend(numbered("ResourceId", 51, |n| format!("i-{n}")));
    assert_refused(&emulator, Op::List, &request, "NumberExceed.ResourceIds").await;
    request.pop();
    assert_accepted(&emulator, Op::List, request).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_21_tags_is_number_exceed_tags_and_20_are_accepted() {
    let emulator = emulator().await;
    let mut request = with_region_and_type(&[]);
    request.extend(tags(21));
    assert_refused(&emulator, Op::List, &request, "NumberExceed.Tags").await;
    request.truncate(request.len() - 2);
    assert_accepted(&emulator, Op::List, request).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_tag_key_of_129_characters_or_none_is_invalid_tag_key_malformed() {
    let emulator = emulator().await;
    let long = "k".repeat(129);
    for key in [long.as_str(), ""] {
        let request = with_region_and_type(&[("Tag.1.Key", key)]);
        assert_refused(&emulator, Op::List, &request, "InvalidTagKey.Malformed").await;
    }
    // 128 characters, counted as characters and not as UTF-8 bytes.
    let longest = "键".repeat(128);
    assert_accepted(
        &emulator,
        Op::List,
        with_region_and_type(&[("Tag.1.Key", &longest)]),
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_tag_value_of_129_characters_is_invalid_tag_value_malformed() {
    let emulator = emulator().await;
    let long = "v".repeat(129);
    let request = with_region_and_type(&[("Tag.1.Key", "env"), ("Tag.1.Value", &long)]);
    assert_refused(&emulator, Op::List, &request, "InvalidTagValue.Malformed").await;
    let longest = "v".repeat(128);
    assert_accepted(
        &emulator,
        Op::List,
        with_region_and_type(&[("Tag.1.Key", "env"), ("Tag.1.Value", &longest)]),
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_tag_key_twice_is_duplicate_tag_key() {
    let emulator = emulator().await;
    let request = with_region_and_type(&[
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("Tag.2.Key", "env"),
        ("Tag.2.Value", "dev"),
    ]);
    assert_refused(&emulator, Op::List, &request, "Duplicate.TagKey").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_neither_resource_ids_nor_tags_nor_filters_is_both_empty() {
    let emulator = emulator().await;
    let request = with_region_and_type(&[]);
    assert_refused(&emulator, Op::List, &request, "BothEmpty.TagsAndResources").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_both_tag_and_tag_filter_is_invalid_tags_malformed() {
    let emulator = emulator().await;
    let request = with_region_and_type(&[
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("TagFilter.1.TagKey", "env*"),
    ]);
    assert_refused(&emulator, Op::List, &request, "InvalidTags.MalFormed").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_tag_value_without_its_key_is_invalid_parameter_tag_value() {
    let emulator = emulator().await;
    for request in [
        with_region_and_type(&[("Tag.1.Value", "prod")]),
        with_region_and_type(&[
            ("Tag.1.Key", "env"),
            ("Tag.2.Value", "orphan"),
            ("ResourceId.1", "i-1"),
        ]),
    ] {
        assert_refused(&emulator, Op::List, &request, "InvalidParameter.TagValue").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_the_resource_group_key_and_another_tag_is_invalid_tag_not_supported() {
    let emulator = emulator().await;
    for request in [
        with_region_and_type(&[
            ("Tag.1.Key", "acs:rm:rgId"),
            ("Tag.1.Value", "rg-web"),
            ("Tag.2.Key", "env"),
        ]),
        with_region_and_type(&[
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
            ("Tag.2.Key", "acs:rm:rgId"),
            ("Tag.2.Value", "rg-web"),
        ]),
    ] {
        assert_refused(&emulator, Op::List, &request, "InvalidTag.NotSupported").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_the_resource_group_key_without_a_value_is_invalid_tag_mismatch() {
    let emulator = emulator().await;
    for request in [
        with_region_and_type(&[("Tag.1.Key", "acs:rm:rgId")]),
        with_region_and_type(&[("Tag.1.Key", "acs:rm:rgId"), ("Tag.1.Value", "")]),
    ] {
        assert_refused(&emulator, Op::List, &request, "InvalidTag.Mismatch").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_of_the_default_resource_group_is_invalid_default_resource_group_not_supported() {
    let emulator = emulator().await;
    let request = with_region_and_type(&[
        ("Tag.1.Key", "acs:rm:rgId"),
        ("Tag.1.Value", DEFAULT_RESOURCE_GROUP_ID),
    ]);
    assert_refused(
        &emulator,
        Op::List,
        &request,
        "InvalidDefaultResourceGroup.NotSupported",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_six_values_in_a_tag_filter_is_number_exceed_tag_values_and_five_are_accepted() {
    let emulator = emulator().await;
    let mut request = with_region_and_type(&[("TagFilter.1.TagKey", "env")]);
    request.extend(numbered("TagFilter.1.TagValues", 6, |n| format!("v{n}*")));
    assert_refused(&emulator, Op::List, &request, "NumberExceed.TagValues").await;
    request.pop();
    assert_accepted(&emulator, Op::List, request).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_tag_filter_the_service_cannot_use_is_invalid_tag_filter_malformed() {
    let emulator = emulator().await;
    let long = "k".repeat(129);
    let mut six_filters = with_region_and_type(&[]);
    six_filters.extend(
        numbered("TagFilter", 6, |n| format!("k{n}"))
            .into_iter()
            .map(|(name, value)| (format!("{name}.TagKey"), value)),
    );
    for (what, request) in [
        (
            "a wildcard key with values",
            with_region_and_type(&[
                ("TagFilter.1.TagKey", "env*"),
                ("TagFilter.1.TagValues.1", "prod"),
            ]),
        ),
        (
            "values without a key",
            with_region_and_type(&[("TagFilter.1.TagValues.1", "prod")]),
        ),
        (
            "a key of 129 characters",
            with_region_and_type(&[("TagFilter.1.TagKey", &long)]),
        ),
        (
            "an empty value",
            with_region_and_type(&[
                ("TagFilter.1.TagKey", "env"),
                ("TagFilter.1.TagValues.1", ""),
            ]),
        ),
        ("six filters", six_filters),
    ] {
        eprintln!("case: {what}");
        assert_refused(&emulator, Op::List, &request, "InvalidTagFilter.Malformed").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_of_an_unknown_resource_type_is_invalid_resource_type_not_found() {
    let emulator = emulator().await;
    let request = params(&[
        ("RegionId", REGION),
        ("ResourceType", "Instance"),
        ("Tag.1.Key", "env"),
    ]);
    assert_refused(
        &emulator,
        Op::List,
        &request,
        "InvalidResourceType.NotFound",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_in_an_unknown_region_is_invalid_region_id_not_found() {
    let emulator = emulator().await;
    let request = params(&[
        ("RegionId", "mars-north-1"),
        ("ResourceType", "instance"),
        ("Tag.1.Key", "env"),
    ]);
    assert_refused(&emulator, Op::List, &request, "InvalidRegionId.NotFound").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_with_a_made_up_next_token_is_invalid_next_token() {
    let emulator = emulator().await;
    let request = with_region_and_type(&[
        ("Tag.1.Key", "env"),
        ("NextToken", "caeba0bbb2be03f84eb48b699f0a4883"),
    ]);
    assert_refused(&emulator, Op::List, &request, "Invalid.NextToken").await;
    emulator.shutdown().await;
}

// ---- TagResources ----------------------------------------------------------

/// A TagResources request on i-1 with one tag, minus the parameters named in
/// `without`, plus `extra`.
fn tag_request(without: &[&str], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut request = params(&[
        ("RegionId", REGION),
        ("ResourceType", "instance"),
        ("ResourceId.1", "i-1"),
        ("Tag.1.Key", "team"),
        ("Tag.1.Value", "db"),
    ]);
    request.retain(|(name, _)| !without.iter().any(|w| name.starts_with(w)));
    request.extend(params(extra));
    request
}

#[tokio::test]
async fn tag_without_region_id_is_missing_parameter_region_id() {
    let emulator = emulator().await;
    let request = tag_request(&["RegionId"], &[]);
    assert_refused(&emulator, Op::Tag, &request, "MissingParameter.RegionId").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_without_resource_type_is_missing_parameter_resource_type() {
    let emulator = emulator().await;
    let request = tag_request(&["ResourceType"], &[]);
    assert_refused(
        &emulator,
        Op::Tag,
        &request,
        "MissingParameter.ResourceType",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_without_resource_ids_is_missing_parameter_resource_ids() {
    let emulator = emulator().await;
    let request = tag_request(&["ResourceId"], &[]);
    assert_refused(&emulator, Op::Tag, &request, "MissingParameter.ResourceIds").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_without_tags_is_missing_parameter_tags() {
    let emulator = emulator().await;
    let request = tag_request(&["Tag."], &[]);
    assert_refused(&emulator, Op::Tag, &request, "MissingParameter.Tags").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_with_51_resource_ids_is_number_exceed_resource_ids() {
    let emulator = emulator().await;
    let mut request = tag_request(&["ResourceId"], &[]);
    request.extend(numbered("ResourceId", 51, |_| "i-1".to_owned()));
    assert_refused(&emulator, Op::Tag, &request, "NumberExceed.ResourceIds").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_with_21_tags_is_number_exceed_tags_and_20_are_accepted() {
    let emulator = emulator().await;
    let mut request = tag_request(&["Tag."], &[]);
    request.extend(tags(21));
    assert_refused(&emulator, Op::Tag, &request, "NumberExceed.Tags").await;
    request.truncate(request.len() - 2);
    // i-2 has no tags, so 20 new ones fit.
    for (name, value) in &mut request {
        if name == "ResourceId.1" {
            *value = "i-2".to_owned();
        }
    }
    assert_accepted(&emulator, Op::Tag, request).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_with_a_key_of_129_characters_none_or_missing_is_invalid_tag_key_malformed() {
    let emulator = emulator().await;
    let long = "k".repeat(129);
    for request in [
        tag_request(&["Tag."], &[("Tag.1.Key", &long), ("Tag.1.Value", "v")]),
        tag_request(&["Tag."], &[("Tag.1.Key", ""), ("Tag.1.Value", "v")]),
        tag_request(&["Tag."], &[("Tag.1.Value", "no key")]),
    ] {
        assert_refused(&emulator, Op::Tag, &request, "InvalidTagKey.Malformed").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_with_a_value_of_129_characters_is_invalid_tag_value_malformed() {
    let emulator = emulator().await;
    let long = "v".repeat(129);
    let request = tag_request(&["Tag."], &[("Tag.1.Key", "k"), ("Tag.1.Value", &long)]);
    assert_refused(&emulator, Op::Tag, &request, "InvalidTagValue.Malformed").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_with_a_key_twice_is_duplicate_tag_key() {
    let emulator = emulator().await;
    let request = tag_request(&[], &[("Tag.2.Key", "team"), ("Tag.2.Value", "web")]);
    assert_refused(&emulator, Op::Tag, &request, "Duplicate.TagKey").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_in_an_unknown_region_is_invalid_region_id_not_found() {
    let emulator = emulator().await;
    let request = tag_request(&["RegionId"], &[("RegionId", "mars-north-1")]);
    assert_refused(&emulator, Op::Tag, &request, "InvalidRegionId.NotFound").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_of_an_unknown_resource_type_is_invalid_resource_type_not_found() {
    let emulator = emulator().await;
    let request = tag_request(&["ResourceType"], &[("ResourceType", "vm")]);
    assert_refused(&emulator, Op::Tag, &request, "InvalidResourceType.NotFound").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_of_an_unknown_resource_is_invalid_resource_id_not_found() {
    let emulator = emulator().await;
    let request = tag_request(&[], &[("ResourceId.2", "i-404")]);
    assert_refused(&emulator, Op::Tag, &request, "InvalidResourceId.NotFound").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn tag_past_20_tags_on_a_resource_is_operation_denied_quota_exceed() {
    let emulator = emulator().await;
    let mut fill = tag_request(&["Tag."], &[]);
    fill.extend(tags(19));
    assert_accepted(&emulator, Op::Tag, fill).await;
    // i-1 now has env and k1..k19: 20.
    let request = tag_request(&[], &[]);
    assert_refused(&emulator, Op::Tag, &request, "OperationDenied.QuotaExceed").await;
    emulator.shutdown().await;
}

// ---- UntagResources --------------------------------------------------------

/// An UntagResources request on i-1 removing `env`, minus the parameters
/// named in `without`, plus `extra`.
fn untag_request(without: &[&str], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut request = params(&[
        ("RegionId", REGION),
        ("ResourceType", "instance"),
        ("ResourceId.1", "i-1"),
        ("TagKey.1", "env"),
    ]);
    request.retain(|(name, _)| !without.iter().any(|w| name.starts_with(w)));
    request.extend(params(extra));
    request
}

#[tokio::test]
async fn untag_without_region_id_is_missing_parameter_region_id() {
    let emulator = emulator().await;
    let request = untag_request(&["RegionId"], &[]);
    assert_refused(&emulator, Op::Untag, &request, "MissingParameter.RegionId").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_without_resource_type_is_missing_parameter_resource_type() {
    let emulator = emulator().await;
    let request = untag_request(&["ResourceType"], &[]);
    assert_refused(
        &emulator,
        Op::Untag,
        &request,
        "MissingParameter.ResourceType",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_without_resource_ids_is_missing_parameter_resource_ids() {
    let emulator = emulator().await;
    let request = untag_request(&["ResourceId"], &[]);
    assert_refused(
        &emulator,
        Op::Untag,
        &request,
        "MissingParameter.ResourceIds",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_with_all_and_tag_keys_is_param_conflict() {
    let emulator = emulator().await;
    let request = untag_request(&[], &[("All", "true")]);
    assert_refused(&emulator, Op::Untag, &request, "Param.Conflict").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_with_51_resource_ids_is_number_exceed_resource_ids() {
    let emulator = emulator().await;
    let mut request = untag_request(&["ResourceId"], &[]);
    request.extend(numbered("ResourceId", 51, |_| "i-1".to_owned()));
    assert_refused(&emulator, Op::Untag, &request, "NumberExceed.ResourceIds").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_with_21_tag_keys_is_number_exceed_tags_and_20_are_accepted() {
    let emulator = emulator().await;
    let mut request = untag_request(&["TagKey"], &[]);
    request.extend(numbered("TagKey", 21, |n| format!("k{n}")));
    assert_refused(&emulator, Op::Untag, &request, "NumberExceed.Tags").await;
    request.pop();
    assert_accepted(&emulator, Op::Untag, request).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_with_a_key_of_129_characters_or_none_is_invalid_tag_key_malformed() {
    let emulator = emulator().await;
    let long = "k".repeat(129);
    for key in [long.as_str(), ""] {
        let request = untag_request(&["TagKey"], &[("TagKey.1", key)]);
        assert_refused(&emulator, Op::Untag, &request, "InvalidTagKey.Malformed").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_with_an_all_that_is_not_a_boolean_is_invalid_parameter() {
    let emulator = emulator().await;
    let request = untag_request(&["TagKey"], &[("All", "yes")]);
    assert_refused(&emulator, Op::Untag, &request, "InvalidParameter").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_in_an_unknown_region_is_invalid_region_id_not_found() {
    let emulator = emulator().await;
    let request = untag_request(&["RegionId"], &[("RegionId", "mars-north-1")]);
    assert_refused(&emulator, Op::Untag, &request, "InvalidRegionId.NotFound").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_of_an_unknown_resource_type_is_invalid_resource_type_not_found() {
    let emulator = emulator().await;
    let request = untag_request(&["ResourceType"], &[("ResourceType", "vm")]);
    assert_refused(
        &emulator,
        Op::Untag,
        &request,
        "InvalidResourceType.NotFound",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn untag_of_an_unknown_resource_is_invalid_resource_id_not_found() {
    let emulator = emulator().await;
    let request = untag_request(&[], &[("ResourceId.2", "i-404")]);
    assert_refused(&emulator, Op::Untag, &request, "InvalidResourceId.NotFound").await;
    emulator.shutdown().await;
}

// ---- Protocol errors a misconfigured SDK meets -------------------------------

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match_as_the_typed_variant() {
    let emulator = emulator().await;
    for version in VERSIONS {
        let client = client_with_keys(&emulator, ACCESS_KEY_ID, "not-the-secret", version);
        let error = service_error(
            client
                .list_tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .tag("env", "prod")
                .send()
                .await,
        );
        assert!(
            matches!(
                error,
                ListTagResourcesError::Common(CommonError::SignatureDoesNotMatch(_))
            ),
            "{version:?}: {error:?}"
        );
        let info = Op::List.documented("SignatureDoesNotMatch");
        assert_eq!(
            (
                error.service_error().http_status,
                error.service_error().message.as_str()
            ),
            (info.http_status, info.message),
            "{version:?}"
        );
        let error = service_error(
            client
                .tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .resource_id("i-1")
                .tag("forged", "yes")
                .send()
                .await,
        );
        assert!(
            matches!(
                error,
                TagResourcesError::Common(CommonError::SignatureDoesNotMatch(_))
            ),
            "{version:?}: {error:?}"
        );
    }
    assert_eq!(emulator.handler().tag_count(), 1, "nothing was tagged");
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_unknown_access_key_is_invalid_access_key_id_not_found_as_the_typed_variant() {
    let emulator = emulator().await;
    for version in VERSIONS {
        let client = client_with_keys(&emulator, "LTAI5tSomeoneElse", SECRET, version);
        let error = service_error(
            client
                .untag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .resource_id("i-1")
                .all(true)
                .send()
                .await,
        );
        assert!(
            matches!(
                error,
                UntagResourcesError::Common(CommonError::InvalidAccessKeyIdNotFound(_))
            ),
            "{version:?}: {error:?}"
        );
        let info = Op::Untag.documented("InvalidAccessKeyId.NotFound");
        assert_eq!(
            (
                error.service_error().http_status,
                error.service_error().message.as_str()
            ),
            (info.http_status, info.message),
            "{version:?}"
        );
        let error = service_error(
            client
                .list_tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .resource_id("i-1")
                .send()
                .await,
        );
        assert!(
            matches!(
                error,
                ListTagResourcesError::Common(CommonError::InvalidAccessKeyIdNotFound(_))
            ),
            "{version:?}: {error:?}"
        );
    }
    assert_eq!(emulator.handler().tag_count(), 1, "nothing was untagged");
    emulator.shutdown().await;
}

// ---- The SDK refuses the same requests before sending ------------------------

/// The code of a request the SDK refused before sending anything.
fn client_side_code<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, SdkError<E>>,
) -> &'static str {
    match result {
        Err(SdkError::Validation(error)) => error.code().expect("a documented code"),
        other => panic!("expected a client-side refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_sdk_refuses_before_sending_what_the_emulator_refuses_with_the_same_code() {
    let emulator = emulator().await;
    let client = client(&emulator, SignatureVersion::V3);
    let list = || {
        client
            .list_tag_resources()
            .region_id(REGION)
            .resource_type("instance")
    };
    let ids: Vec<String> = (1..=51).map(|n| format!("i-{n}")).collect();
    let cases: Vec<(&str, ListTagResourcesOutputResult)> = vec![
        (
            "NumberExceed.ResourceIds",
            list().set_resource_id(ids.clone()).send().await,
        ),
        (
            "InvalidTagKey.Malformed",
            list().tag("k".repeat(129), "v").send().await,
        ),
        (
            "InvalidTagValue.Malformed",
            list().tag("k", "v".repeat(129)).send().await,
        ),
        (
            "Duplicate.TagKey",
            list().tag("env", "a").tag("env", "b").send().await,
        ),
        ("BothEmpty.TagsAndResources", list().send().await),
        (
            "InvalidTags.MalFormed",
            list()
                .tag("env", "prod")
                .tag_filter(list_tag_resources::TagFilter::default().tag_key("env*"))
                .send()
                .await,
        ),
        (
            "InvalidParameter.TagValue",
            list()
                .tag_item(list_tag_resources::Tag::default().value("orphan"))
                .send()
                .await,
        ),
        (
            "InvalidTag.NotSupported",
            list()
                .tag("acs:rm:rgId", "rg-web")
                .tag("env", "prod")
                .send()
                .await,
        ),
        (
            "NumberExceed.TagValues",
            list()
                .tag_filter(
                    list_tag_resources::TagFilter::default()
                        .tag_key("env")
                        .set_tag_values((1..=6).map(|n| format!("v{n}")).collect()),
                )
                .send()
                .await,
        ),
        (
            "MissingParameter.RegionId",
            client
                .list_tag_resources()
                .resource_type("instance")
                .tag("env", "prod")
                .send()
                .await,
        ),
    ];
    for (code, result) in cases {
        assert_eq!(client_side_code(result), code);
    }
    assert_eq!(
        client_side_code(
            client
                .tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .resource_id("i-1")
                .send()
                .await
        ),
        "MissingParameter.Tags"
    );
    assert_eq!(
        client_side_code(
            client
                .tag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .tag("a", "b")
                .send()
                .await
        ),
        "MissingParameter.ResourceIds"
    );
    assert_eq!(
        client_side_code(
            client
                .untag_resources()
                .region_id(REGION)
                .resource_type("instance")
                .resource_id("i-1")
                .tag_key("env")
                .all(true)
                .send()
                .await
        ),
        "Param.Conflict"
    );
    // build_unchecked() skips those checks, and the emulator answers the
    // same code from the same generated rules.
    let unchecked = list_tag_resources::ListTagResourcesInput::builder()
        .region_id(REGION)
        .resource_type("instance")
        .set_resource_id(ids)
        .build_unchecked()
        .unwrap();
    let error = list_error(&client, unchecked.to_wire_params()).await;
    assert!(
        matches!(error, ListTagResourcesError::NumberExceedResourceIds(_)),
        "{error:?}"
    );
    let unchecked = tag_resources::TagResourcesInput::builder()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-1")
        .build_unchecked()
        .unwrap();
    let error = service_error(
        client
            .invoke_json(&tag_resources::OPERATION, unchecked.to_wire_params())
            .await
            .map_err(|e| e.map_service(TagResourcesError::from)),
    );
    assert!(
        matches!(error, TagResourcesError::MissingParameterTags(_)),
        "{error:?}"
    );
    let unchecked = untag_resources::UntagResourcesInput::builder()
        .region_id(REGION)
        .resource_type("instance")
        .resource_id("i-1")
        .tag_key("env")
        .all(true)
        .build_unchecked()
        .unwrap();
    let error = service_error(
        client
            .invoke_json(&untag_resources::OPERATION, unchecked.to_wire_params())
            .await
            .map_err(|e| e.map_service(UntagResourcesError::from)),
    );
    assert!(
        matches!(error, UntagResourcesError::ParamConflict(_)),
        "{error:?}"
    );
    assert_eq!(emulator.handler().tag_count(), 1);
    emulator.shutdown().await;
}

type ListTagResourcesOutputResult = Result<ListTagResourcesOutput, SdkError<ListTagResourcesError>>;
