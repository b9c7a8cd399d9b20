//! Broken spec files get clear errors naming the file and the JSON path.
//! Each case starts from the real ListTagResources spec and breaks one thing.

use ecs_codegen::load::{load, LoadedSpec};
use ecs_codegen::spec::OperationSpec;
use ecs_codegen::validate::validate;
use ecs_codegen::workspace_root;
use serde_json::{json, Value};

fn real_spec() -> LoadedSpec {
    load(&workspace_root().join("spec").join("ecs")).expect("the checked-in spec loads")
}

fn operation_json() -> Value {
    let path = workspace_root().join("spec/ecs/operations/ListTagResources.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Validates the real spec with its ListTagResources file replaced by `op`,
/// and renders the errors with paths relative to the workspace.
fn errors_for(op: Value) -> String {
    let mut loaded = real_spec();
    let spec: OperationSpec = serde_json::from_value(op).expect("still parses");
    let entry = loaded
        .operations
        .iter_mut()
        .find(|o| o.spec.name == "ListTagResources")
        .unwrap();
    entry.spec = spec;
    match validate(&loaded) {
        Ok(()) => "no errors".to_owned(),
        Err(errors) => errors
            .iter()
            .map(|e| {
                let file = e.file.strip_prefix(workspace_root()).unwrap_or(&e.file);
                format!("{}: {}: {}", file.display(), e.path, e.message)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn param_index(op: &Value, name: &str) -> usize {
    op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["name"] == name)
        .unwrap()
}

#[test]
fn the_checked_in_spec_is_valid() {
    validate(&real_spec()).expect("no errors");
}

#[test]
fn unknown_type_is_reported() {
    let mut op = operation_json();
    let i = param_index(&op, "NextToken");
    op["parameters"][i]["type"] = json!("strnig");
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn duplicate_parameter_is_reported() {
    let mut op = operation_json();
    let i = param_index(&op, "RegionId");
    let copy = op["parameters"][i].clone();
    op["parameters"].as_array_mut().unwrap().push(copy);
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn duplicate_error_code_is_reported() {
    let mut op = operation_json();
    let copy = op["errors"][3].clone();
    op["errors"].as_array_mut().unwrap().push(copy);
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn limit_on_a_type_that_cannot_have_it_is_reported() {
    let mut op = operation_json();
    let i = param_index(&op, "ResourceType");
    op["parameters"][i]["maxItems"] = json!(3);
    let i = param_index(&op, "RegionId");
    op["parameters"][i]["minimum"] = json!(1);
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn duplicate_enum_value_is_reported() {
    let mut op = operation_json();
    let copy = op["enums"]["ResourceType"]["values"][0].clone();
    op["enums"]["ResourceType"]["values"]
        .as_array_mut()
        .unwrap()
        .push(copy);
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn rule_naming_a_missing_parameter_is_reported() {
    let mut op = operation_json();
    op["rules"][0]["parameters"][1] = json!("Tags");
    op["rules"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "uniqueMember", "list": "Tag", "member": "Name", "error": "Duplicate.TagKey", "description": "x"}));
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn pagination_path_that_does_not_resolve_is_reported() {
    let mut op = operation_json();
    op["pagination"]["items"] = json!("TagResources.TagResourceList");
    op["pagination"]["outputToken"] = json!("Token");
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn undocumented_error_code_in_a_limit_is_reported() {
    let mut op = operation_json();
    let i = param_index(&op, "ResourceId");
    op["parameters"][i]["limitErrors"]["maxItems"] = json!("NumberExceed.ResourceIdz");
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn misspelt_key_is_refused_when_loading() {
    let dir = std::env::temp_dir().join(format!("ecs-codegen-typo-{}", std::process::id()));
    let ops = dir.join("operations");
    std::fs::create_dir_all(&ops).unwrap();
    std::fs::copy(
        workspace_root().join("spec/ecs/service.json"),
        dir.join("service.json"),
    )
    .unwrap();
    let mut op = operation_json();
    let i = param_index(&op, "ResourceId");
    let limit = op["parameters"][i]["maxItems"].take();
    op["parameters"][i]
        .as_object_mut()
        .unwrap()
        .remove("maxItems");
    op["parameters"][i]["maxItem"] = limit;
    std::fs::write(
        ops.join("ListTagResources.json"),
        serde_json::to_string_pretty(&op).unwrap(),
    )
    .unwrap();
    let error = load(&dir).expect_err("typo is refused").to_string();
    std::fs::remove_dir_all(&dir).ok();
    let error = error.replace(&dir.display().to_string(), "<tmp>");
    insta::assert_snapshot!(error);
}

#[test]
fn unsupported_style_is_reported() {
    let mut op = operation_json();
    let i = param_index(&op, "ResourceId");
    op["parameters"][i]["style"] = json!("flat");
    let i = param_index(&op, "RegionId");
    op["parameters"][i]["style"] = json!("json");
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn page_number_pagination_with_wrong_fields_is_reported() {
    let mut op = operation_json();
    op["pagination"] = json!({
        "style": "pageNumber",
        "pageNumber": "NextToken",
        "pageSize": "PageSize",
        "totalCount": "RequestId",
        "items": "TagResources.TagResource"
    });
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn type_names_that_would_shadow_rust_names_are_reported() {
    let mut op = operation_json();
    op["response"]["members"][2]["structName"] = json!("Result");
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn enum_value_named_like_a_keyword_gets_a_usable_variant() {
    assert_eq!(
        ecs_codegen::validate::enum_variant_name("SELF"),
        "SelfValue"
    );
    assert_eq!(
        ecs_codegen::validate::enum_variant_name("unknown"),
        "UnknownValue"
    );
    assert_eq!(
        ecs_codegen::validate::enum_variant_name("2xlarge"),
        "V2xlarge"
    );
}

#[test]
fn action_names_with_capital_runs_are_accepted() {
    let mut op = operation_json();
    // Not a real operation's name: the spec has DescribeDiskDefaultKMSKeyId,
    // whose module name a renamed file would share.
    op["name"] = json!("DescribeExampleKMSKeyId");
    // Only the file-name check fails: the name itself is a valid action.
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn broken_waiters_are_reported() {
    let mut op = operation_json();
    op["waiters"] = json!({
        // DescribeInstanceStatus already has it: one client, one method.
        "InstanceRunning": {
            "description": "Clashes.",
            "items": "TagResources.TagResource",
            "member": "TagKey",
            "success": {"matcher": "allEqual", "value": "x"},
            "minDelaySecs": 1,
            "maxDelaySecs": 1
        },
        "TagsGone": {
            "description": "",
            "items": "TagResources.Nope",
            "success": {"matcher": "empty"},
            "minDelaySecs": 0,
            "maxDelaySecs": 5
        },
        "NeedsMember": {
            "description": "Compares without a member; delays upside down.",
            "items": "TagResources.TagResource",
            "success": {"matcher": "anyEqual", "value": "x"},
            "failure": [{"matcher": "empty"}],
            "minDelaySecs": 10,
            "maxDelaySecs": 5
        },
        "noCapital": {
            "description": "Not a type name, and a member that is not there.",
            "items": "TagResources.TagResource",
            "member": "Missing",
            "success": {"matcher": "allEqual", "value": "x"},
            "minDelaySecs": 1,
            "maxDelaySecs": 2
        },
        "WrongEnumValue": {
            "description": "ResourceType is an enum without this value.",
            "items": "TagResources.TagResource",
            "member": "ResourceType",
            "success": {"matcher": "allEqual", "value": "instance"},
            "failure": [{"matcher": "anyEqual", "value": "spaceship"}],
            "minDelaySecs": 1,
            "maxDelaySecs": 2
        }
    });
    insta::assert_snapshot!(errors_for(op));
}

#[test]
fn a_waiter_with_an_unknown_matcher_is_refused_when_loading() {
    let mut op = operation_json();
    op["waiters"] = json!({
        "TagsGone": {
            "description": "A misspelt matcher.",
            "items": "TagResources.TagResource",
            "success": {"matcher": "allEquals", "value": "x"},
            "minDelaySecs": 1,
            "maxDelaySecs": 2
        }
    });
    let error = serde_json::from_value::<OperationSpec>(op)
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown variant `allEquals`"), "{error}");
}
