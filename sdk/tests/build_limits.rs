//! `build()` enforces every limit and rule of the ListTagResources spec: a
//! value at the limit passes, one past it fails with an error naming the
//! parameter, the limit, the value found and the service's error code.

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesInput, ListTagResourcesInputBuilder, ResourceType, Tag, TagFilter,
};
use alibabacloud_ecs::runtime::ValidationErrorKind;
use alibabacloud_ecs::ValidationError;

fn base() -> ListTagResourcesInputBuilder {
    ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Instance)
}

fn fails(b: ListTagResourcesInputBuilder) -> ValidationError {
    b.build().expect_err("the request breaks a limit")
}

#[test]
fn missing_region_id_is_rejected_before_sending() {
    let e = fails(
        ListTagResourcesInput::builder()
            .resource_type(ResourceType::Instance)
            .resource_id("i-1"),
    );
    assert_eq!(e.parameter(), "RegionId");
    assert_eq!(e.kind(), &ValidationErrorKind::Missing);
    assert_eq!(e.code(), Some("MissingParameter.RegionId"));
    assert_eq!(
        e.to_string(),
        "RegionId is required but was not set (the service would answer MissingParameter.RegionId)"
    );
}

#[test]
fn missing_resource_type_is_rejected_before_sending() {
    let e = fails(
        ListTagResourcesInput::builder()
            .region_id("cn-hangzhou")
            .resource_id("i-1"),
    );
    assert_eq!(e.parameter(), "ResourceType");
    assert_eq!(e.code(), Some("MissingParameter.ResourceType"));
}

#[test]
fn fifty_resource_ids_pass_and_fifty_one_fail() {
    let ids: Vec<String> = (1..=51).map(|i| format!("i-{i:03}")).collect();
    base()
        .set_resource_id(ids[..50].to_vec())
        .build()
        .expect("50 is the limit");
    let e = fails(base().set_resource_id(ids));
    assert_eq!(e.parameter(), "ResourceId");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooManyItems { max: 50, found: 51 }
    );
    assert_eq!(e.code(), Some("NumberExceed.ResourceIds"));
    assert_eq!(
        e.to_string(),
        "ResourceId holds 51 items; at most 50 are allowed (the service would answer NumberExceed.ResourceIds)"
    );
}

#[test]
fn twenty_tags_pass_and_twenty_one_fail() {
    let tags: Vec<Tag> = (1..=21).map(|i| Tag::new(format!("k{i}"), "v")).collect();
    base()
        .set_tag(tags[..20].to_vec())
        .build()
        .expect("20 is the limit");
    let e = fails(base().set_tag(tags));
    assert_eq!(e.parameter(), "Tag");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooManyItems { max: 20, found: 21 }
    );
    assert_eq!(e.code(), Some("NumberExceed.Tags"));
}

#[test]
fn tag_key_of_128_characters_passes_and_129_fails() {
    base()
        .tag("k".repeat(128), "v")
        .build()
        .expect("128 is the limit");
    let e = fails(base().tag("a", "b").tag("k".repeat(129), "v"));
    assert_eq!(e.parameter(), "Tag.2.Key");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooLong {
            max: 128,
            found: 129
        }
    );
    assert_eq!(e.code(), Some("InvalidTagKey.Malformed"));
}

#[test]
fn tag_key_length_counts_characters_not_bytes() {
    base()
        .tag("环".repeat(128), "v")
        .build()
        .expect("128 characters, 384 bytes");
    let e = fails(base().tag("环".repeat(129), "v"));
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooLong {
            max: 128,
            found: 129
        }
    );
}

#[test]
fn empty_tag_key_is_rejected() {
    let e = fails(base().tag("", "v"));
    assert_eq!(e.parameter(), "Tag.1.Key");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooShort { min: 1, found: 0 }
    );
}

#[test]
fn tag_value_of_128_characters_passes_and_129_fails() {
    base()
        .tag("k", "v".repeat(128))
        .build()
        .expect("128 is the limit");
    let e = fails(base().tag("k", "v".repeat(129)));
    assert_eq!(e.parameter(), "Tag.1.Value");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooLong {
            max: 128,
            found: 129
        }
    );
    assert_eq!(e.code(), Some("InvalidTagValue.Malformed"));
}

#[test]
fn five_tag_filters_pass_and_six_fail() {
    let filters: Vec<TagFilter> = (1..=6)
        .map(|i| TagFilter::default().tag_key(format!("k{i}")))
        .collect();
    base()
        .set_tag_filter(filters[..5].to_vec())
        .build()
        .expect("5 is the limit");
    let e = fails(base().set_tag_filter(filters));
    assert_eq!(e.parameter(), "TagFilter");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooManyItems { max: 5, found: 6 }
    );
}

#[test]
fn five_tag_filter_values_pass_and_six_fail() {
    let filter = |n: usize| {
        (1..=n).fold(TagFilter::default().tag_key("env"), |f, i| {
            f.tag_values(format!("v{i}"))
        })
    };
    base()
        .tag_filter(filter(5))
        .build()
        .expect("5 is the limit");
    let e = fails(
        base()
            .tag_filter(TagFilter::default().tag_key("a"))
            .tag_filter(filter(6)),
    );
    assert_eq!(e.parameter(), "TagFilter.2.TagValues");
    assert_eq!(
        e.kind(),
        &ValidationErrorKind::TooManyItems { max: 5, found: 6 }
    );
    assert_eq!(e.code(), Some("NumberExceed.TagValues"));
}

#[test]
fn tag_filter_key_and_values_are_limited_to_128_characters() {
    base()
        .tag_filter(
            TagFilter::default()
                .tag_key("k".repeat(128))
                .tag_values("v".repeat(128)),
        )
        .build()
        .expect("at the limit");
    let e = fails(base().tag_filter(TagFilter::default().tag_key("k".repeat(129))));
    assert_eq!(e.parameter(), "TagFilter.1.TagKey");
    let e = fails(
        base().tag_filter(
            TagFilter::default()
                .tag_key("k")
                .tag_values("ok")
                .tag_values("v".repeat(129)),
        ),
    );
    assert_eq!(e.parameter(), "TagFilter.1.TagValues.2");
    assert_eq!(e.code(), Some("InvalidTagFilter.Malformed"));
}

#[test]
fn request_without_resource_id_tag_or_filter_is_rejected() {
    let e = fails(base());
    assert_eq!(e.code(), Some("BothEmpty.TagsAndResources"));
    base()
        .resource_id("i-1")
        .build()
        .expect("a ResourceId is enough");
    base()
        .tag_item(Tag::key_only("env"))
        .build()
        .expect("a tag key is enough");
    base()
        .tag_filter(TagFilter::default().tag_key("env*"))
        .build()
        .expect("a filter is enough");
}

#[test]
fn tag_and_tag_filter_together_are_rejected() {
    let e = fails(
        base()
            .tag("env", "prod")
            .tag_filter(TagFilter::default().tag_key("team")),
    );
    assert_eq!(e.code(), Some("InvalidTags.MalFormed"));
    assert_eq!(e.parameter(), "Tag, TagFilter");
}

#[test]
fn tag_value_without_key_is_rejected_before_sending() {
    let e = fails(
        base()
            .tag("env", "prod")
            .tag_item(Tag::default().value("x")),
    );
    assert_eq!(e.parameter(), "Tag.2.Value");
    assert_eq!(e.code(), Some("InvalidParameter.TagValue"));
}

#[test]
fn tag_filter_values_without_key_are_rejected() {
    let e = fails(base().tag_filter(TagFilter::default().tag_values("prod")));
    assert_eq!(e.parameter(), "TagFilter.1.TagValues");
    assert_eq!(e.code(), Some("InvalidTagFilter.Malformed"));
}

#[test]
fn duplicate_tag_keys_are_rejected() {
    let e = fails(
        base()
            .tag("env", "prod")
            .tag("team", "db")
            .tag("env", "dev"),
    );
    assert_eq!(e.parameter(), "Tag.3.Key");
    assert_eq!(e.code(), Some("Duplicate.TagKey"));
}

#[test]
fn resource_group_key_cannot_be_combined_with_other_tags() {
    base()
        .tag("acs:rm:rgId", "rg-aek2abc")
        .build()
        .expect("alone it is fine");
    let e = fails(base().tag("env", "prod").tag("acs:rm:rgId", "rg-aek2abc"));
    assert_eq!(e.parameter(), "Tag.2.Key");
    assert_eq!(e.code(), Some("InvalidTag.NotSupported"));
}

#[test]
fn validation_error_converts_into_a_boxed_error_with_question_mark() {
    fn build() -> Result<ListTagResourcesInput, Box<dyn std::error::Error>> {
        Ok(base().build()?)
    }
    assert!(build()
        .unwrap_err()
        .to_string()
        .contains("BothEmpty.TagsAndResources"));
}

#[test]
fn untag_all_true_with_tag_keys_conflicts_but_all_false_does_not() {
    use alibabacloud_ecs::operation::untag_resources::UntagResourcesInput;
    let base = || {
        UntagResourcesInput::builder()
            .region_id("cn-hangzhou")
            .resource_type("instance")
            .resource_id("i-1")
            .tag_key("env")
    };
    base()
        .all(false)
        .build()
        .expect("All=false asks for nothing extra");
    let e = base().all(true).build().unwrap_err();
    assert_eq!(e.code(), Some("Param.Conflict"));
    assert_eq!(e.parameter(), "All, TagKey");
}
