//! The flattened wire parameters match what the official SDK computed for
//! every signing vector in `fixtures/signing/`, pair for pair and in
//! the official SDK's wire order.

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesInput, ResourceType, Tag, TagFilter,
};
use serde_json::Value;

fn vectors(file: &str) -> Vec<Value> {
    ecs_fixtures::signing_vectors(file)
}

/// Builds the typed input a user would write for the vector's request.
fn input_for(request: &Value) -> ListTagResourcesInput {
    let mut b = ListTagResourcesInput::builder()
        .region_id(request["RegionId"].as_str().unwrap())
        .resource_type(ResourceType::from(
            request["ResourceType"].as_str().unwrap(),
        ));
    if let Some(token) = request["NextToken"].as_str() {
        b = b.next_token(token);
    }
    for id in request["ResourceId"].as_array().into_iter().flatten() {
        b = b.resource_id(id.as_str().unwrap());
    }
    for tag in request["Tag"].as_array().into_iter().flatten() {
        let mut item = Tag::default();
        if let Some(key) = tag["Key"].as_str() {
            item = item.key(key);
        }
        if let Some(value) = tag["Value"].as_str() {
            item = item.value(value);
        }
        b = b.tag_item(item);
    }
    for filter in request["TagFilter"].as_array().into_iter().flatten() {
        let mut f = TagFilter::default().tag_key(filter["TagKey"].as_str().unwrap());
        for v in filter["TagValues"].as_array().into_iter().flatten() {
            f = f.tag_values(v.as_str().unwrap());
        }
        b = b.tag_filter(f);
    }
    // Two vectors (RegionId and ResourceType alone, and a bare NextToken) are
    // requests the service refuses with BothEmpty.TagsAndResources; the
    // official SDK still encodes them, and so does ours.
    b.build_unchecked()
        .expect("every vector sets the required parameters")
}

fn check(file: &str) -> usize {
    let vectors = vectors(file);
    assert!(!vectors.is_empty(), "{file} holds vectors");
    for v in &vectors {
        let name = v["name"].as_str().unwrap();
        let ours = input_for(&v["inputs"]["request"]).to_wire_params();
        let expected: Vec<(String, String)> = v["flattened_request_params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let mut sorted_ours = ours.clone();
        sorted_ours.sort();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort();
        assert_eq!(
            sorted_ours, sorted_expected,
            "{file} vector {name}: parameters differ"
        );

        // V1 vectors also give the order on the wire; ours must follow it.
        if let Some(pairs) = v["final_query_pairs_in_wire_order"].as_array() {
            let wire_order: Vec<(String, String)> = pairs
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_owned(),
                        p[1].as_str().unwrap().to_owned(),
                    )
                })
                .filter(|pair| expected.contains(pair))
                .collect();
            assert_eq!(ours, wire_order, "{file} vector {name}: wire order differs");
        }
    }
    vectors.len()
}

#[test]
fn flattening_matches_every_v1_vector_in_wire_order() {
    assert_eq!(check("v1-vectors.json"), 14);
}

#[test]
fn flattening_matches_every_v3_vector() {
    assert_eq!(check("v3-vectors.json"), 8);
}

#[test]
fn vectors_without_resource_id_tag_or_filter_are_refused_by_build() {
    let v = vectors("v1-vectors.json");
    let minimal = v.iter().find(|v| v["name"] == "minimal").unwrap();
    let request = &minimal["inputs"]["request"];
    let e = ListTagResourcesInput::builder()
        .region_id(request["RegionId"].as_str().unwrap())
        .resource_type(request["ResourceType"].as_str().unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e.code(), Some("BothEmpty.TagsAndResources"));
}

#[test]
fn empty_tag_value_is_sent_and_absent_value_is_dropped() {
    let input = ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Instance)
        .tag("emptyvalue", "")
        .tag_item(Tag::key_only("keyonly"))
        .build()
        .unwrap();
    let params = input.to_wire_params();
    assert!(params.contains(&("Tag.1.Value".to_owned(), String::new())));
    assert!(params.iter().all(|(k, _)| k != "Tag.2.Value"));
}

#[test]
fn unknown_resource_type_is_sent_as_given() {
    let input = ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type("quantumcomputer")
        .resource_id("qc-1")
        .build()
        .unwrap();
    assert!(
        matches!(&input.resource_type, ResourceType::Unknown(v) if v.as_str() == "quantumcomputer")
    );
    assert_eq!(input.resource_type, ResourceType::from("quantumcomputer"));
    assert!(input
        .to_wire_params()
        .contains(&("ResourceType".to_owned(), "quantumcomputer".to_owned())));
}

#[test]
fn hidden_owner_parameters_are_sent_in_decimal() {
    let input = ListTagResourcesInput::builder()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Disk)
        .resource_id("d-1")
        .owner_id(1234567890123)
        .resource_owner_account("ops")
        .build()
        .unwrap();
    let params = input.to_wire_params();
    assert!(params.contains(&("OwnerId".to_owned(), "1234567890123".to_owned())));
    assert!(params.contains(&("ResourceOwnerAccount".to_owned(), "ops".to_owned())));
}
