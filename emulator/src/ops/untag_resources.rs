//! UntagResources: removes tags from existing resources, by key or all.

use alibabacloud_ecs::operation::untag_resources::{
    ResourceType, UntagResourcesInput, UntagResourcesOutput, ERRORS,
};

use super::tag_resources::write_error;
use super::{known_resource_type, to_json, Context, Operation};
use crate::error::ApiError;

pub const OPERATION: Operation = Operation {
    name: "UntagResources",
    errors: ERRORS,
    run,
};

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input =
        UntagResourcesInput::from_wire_params(params).map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    known_resource_type(input.resource_type.as_str(), ResourceType::VALUES)?;
    // The spec's rule refuses All together with TagKey.N (Param.Conflict);
    // with neither, nothing is removed.
    let all = input.tag_key.is_empty() && input.all == Some(true);
    context
        .write()
        .untag_resources(
            &input.region_id,
            input.resource_type.as_str(),
            &input.resource_id,
            &input.tag_key,
            all,
        )
        .map_err(write_error)?;
    let mut output = UntagResourcesOutput::default();
    output.request_id = Some(context.request_id.to_owned());
    to_json(&output)
}

#[cfg(test)]
mod tests {
    use crate::ops::testing::Fixture;

    fn untag(fixture: &Fixture, extra: &[(&str, &str)]) -> Result<serde_json::Value, &'static str> {
        let mut params = vec![("RegionId", "cn-hangzhou"), ("ResourceType", "instance")];
        params.extend_from_slice(extra);
        fixture.call("UntagResources", &params).map_err(|e| e.code)
    }

    fn keys_of(fixture: &Fixture, id: &str) -> Vec<String> {
        let store = fixture.store.read().unwrap();
        store
            .partition("cn-hangzhou", "instance")
            .unwrap()
            .resources()[id]
            .tags
            .keys()
            .map(|k| k.to_string())
            .collect()
    }

    fn fleet() -> Fixture {
        let fixture = Fixture::new();
        fixture
            .resource(
                "instance",
                "i-1",
                None,
                &[("a", "1"), ("b", "2"), ("c", "3")],
            )
            .resource("instance", "i-2", None, &[("a", "1"), ("b", "2")]);
        fixture
    }

    #[test]
    fn named_keys_are_removed_from_every_named_resource() {
        let fixture = fleet();
        let body = untag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("ResourceId.2", "i-2"),
                ("TagKey.1", "a"),
                ("TagKey.2", "absent"),
            ],
        )
        .unwrap();
        assert_eq!(body["RequestId"], "TEST-REQUEST");
        assert_eq!(keys_of(&fixture, "i-1"), ["b", "c"]);
        assert_eq!(keys_of(&fixture, "i-2"), ["b"]);
    }

    #[test]
    fn all_removes_every_tag_and_neither_all_nor_keys_removes_nothing() {
        let fixture = fleet();
        untag(&fixture, &[("ResourceId.1", "i-1"), ("All", "true")]).unwrap();
        assert!(keys_of(&fixture, "i-1").is_empty());
        untag(&fixture, &[("ResourceId.1", "i-2")]).unwrap();
        assert_eq!(keys_of(&fixture, "i-2"), ["a", "b"]);
        untag(&fixture, &[("ResourceId.1", "i-2"), ("All", "false")]).unwrap();
        assert_eq!(keys_of(&fixture, "i-2"), ["a", "b"]);
    }

    #[test]
    fn all_with_tag_keys_is_refused_by_the_spec_rule() {
        let fixture = fleet();
        let error = untag(
            &fixture,
            &[("ResourceId.1", "i-1"), ("TagKey.1", "a"), ("All", "true")],
        )
        .unwrap_err();
        assert_eq!(error, "Param.Conflict");
        assert_eq!(keys_of(&fixture, "i-1"), ["a", "b", "c"]);
    }

    #[test]
    fn an_unknown_resource_is_not_found_and_nothing_is_removed() {
        let fixture = fleet();
        let error = untag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("ResourceId.2", "i-404"),
                ("All", "true"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidResourceId.NotFound");
        assert_eq!(keys_of(&fixture, "i-1"), ["a", "b", "c"]);
    }
}
