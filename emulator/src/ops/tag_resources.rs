//! TagResources: adds tags to existing resources, or changes their values.

use alibabacloud_ecs::operation::tag_resources::{
    ResourceType, TagResourcesInput, TagResourcesOutput, ERRORS,
};

use super::{known_resource_type, to_json, Context, Operation};
use crate::error::ApiError;
use crate::store::WriteError;

pub const OPERATION: Operation = Operation {
    name: "TagResources",
    errors: ERRORS,
    run,
};

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input =
        TagResourcesInput::from_wire_params(params).map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    known_resource_type(input.resource_type.as_str(), ResourceType::VALUES)?;
    let tags: Vec<(String, String)> = input
        .tag
        .iter()
        .map(|tag| {
            // The spec requires both; an absent value (if a rule ever allows
            // it) is stored as the empty value the service also accepts.
            let key = tag
                .key
                .clone()
                .ok_or(ApiError::new("InvalidTagKey.Malformed"))?;
            Ok((key, tag.value.clone().unwrap_or_default()))
        })
        .collect::<Result<_, ApiError>>()?;
    context
        .write()
        .tag_resources(
            &input.region_id,
            input.resource_type.as_str(),
            &input.resource_id,
            &tags,
        )
        .map_err(write_error)?;
    let mut output = TagResourcesOutput::default();
    output.request_id = Some(context.request_id.to_owned());
    to_json(&output)
}

/// The service's code for a change the store refused.
pub(super) fn write_error(error: WriteError) -> ApiError {
    match error {
        WriteError::UnknownResource { .. } => ApiError::new("InvalidResourceId.NotFound"),
        WriteError::QuotaExceeded { .. } => ApiError::new("OperationDenied.QuotaExceed"),
    }
}

#[cfg(test)]
mod tests {
    use crate::ops::testing::Fixture;

    fn tag(fixture: &Fixture, extra: &[(&str, &str)]) -> Result<serde_json::Value, &'static str> {
        let mut params = vec![("RegionId", "cn-hangzhou"), ("ResourceType", "instance")];
        params.extend_from_slice(extra);
        fixture.call("TagResources", &params).map_err(|e| e.code)
    }

    fn tags_of(fixture: &Fixture, id: &str) -> Vec<(String, String)> {
        let store = fixture.store.read().unwrap();
        store
            .partition("cn-hangzhou", "instance")
            .unwrap()
            .resources()[id]
            .tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tags_are_added_to_every_named_resource_and_values_overwritten() {
        let fixture = Fixture::new();
        fixture
            .resource("instance", "i-1", None, &[("env", "dev")])
            .resource("instance", "i-2", None, &[]);
        let body = tag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("ResourceId.2", "i-2"),
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("Tag.2.Key", "team"),
                ("Tag.2.Value", "db"),
            ],
        )
        .unwrap();
        assert_eq!(body["RequestId"], "TEST-REQUEST");
        let expected = vec![
            ("env".to_owned(), "prod".to_owned()),
            ("team".to_owned(), "db".to_owned()),
        ];
        assert_eq!(tags_of(&fixture, "i-1"), expected);
        assert_eq!(tags_of(&fixture, "i-2"), expected);
    }

    #[test]
    fn an_unknown_resource_is_not_found_and_nothing_is_tagged() {
        let fixture = Fixture::new();
        fixture.resource("instance", "i-1", None, &[]);
        let error = tag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("ResourceId.2", "i-404"),
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidResourceId.NotFound");
        assert!(tags_of(&fixture, "i-1").is_empty());
        // A resource of another type is unknown too.
        fixture.resource("disk", "d-1", None, &[]);
        let error = tag(
            &fixture,
            &[
                ("ResourceId.1", "d-1"),
                ("Tag.1.Key", "a"),
                ("Tag.1.Value", "b"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "InvalidResourceId.NotFound");
    }

    #[test]
    fn a_twenty_first_tag_exceeds_the_quota() {
        let fixture = Fixture::new();
        let nineteen: Vec<(String, String)> =
            (0..19).map(|n| (format!("k{n}"), "v".to_owned())).collect();
        let nineteen: Vec<(&str, &str)> = nineteen
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        fixture.resource("instance", "i-1", None, &nineteen);
        tag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("Tag.1.Key", "k19"),
                ("Tag.1.Value", "v"),
            ],
        )
        .unwrap();
        let error = tag(
            &fixture,
            &[
                ("ResourceId.1", "i-1"),
                ("Tag.1.Key", "k20"),
                ("Tag.1.Value", "v"),
            ],
        )
        .unwrap_err();
        assert_eq!(error, "OperationDenied.QuotaExceed");
        assert_eq!(tags_of(&fixture, "i-1").len(), 20);
    }

    #[test]
    fn unknown_regions_and_resource_types_are_refused() {
        let fixture = Fixture::new();
        let error = fixture
            .call(
                "TagResources",
                &[
                    ("RegionId", "mars-north-1"),
                    ("ResourceType", "instance"),
                    ("ResourceId.1", "i-1"),
                    ("Tag.1.Key", "a"),
                    ("Tag.1.Value", "b"),
                ],
            )
            .unwrap_err();
        assert_eq!(error.code, "InvalidRegionId.NotFound");
        let error = fixture
            .call(
                "TagResources",
                &[
                    ("RegionId", "cn-hangzhou"),
                    ("ResourceType", "vm"),
                    ("ResourceId.1", "i-1"),
                    ("Tag.1.Key", "a"),
                    ("Tag.1.Value", "b"),
                ],
            )
            .unwrap_err();
        assert_eq!(error.code, "InvalidResourceType.NotFound");
    }
}
