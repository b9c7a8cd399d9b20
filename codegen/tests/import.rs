//! `cargo xtask import-spec`: specs imported from the reference metadata are
//! valid, keep the human corrections of the hand-kept specs, and report where
//! the sources disagree.
//!
//! The full reference metadata is not in the repository: these tests read it
//! from `$ECS_REFERENCE_DIR` (the folder `cargo xtask import-spec` reads), and
//! without it each one prints why and checks nothing. `.ci/run` sets it when
//! the shared reference is beside the checkout.

use ecs_codegen::import::{self, Finding, Imported, Operation, Parameter, Reference};
use ecs_codegen::load::{load, Loaded, LoadedSpec};
use ecs_codegen::spec::{ErrorSpec, OperationSpec};
use ecs_codegen::validate::validate;
use ecs_codegen::workspace_root;
use serde_json::Value;
use std::sync::OnceLock;

/// The reference metadata from `$ECS_REFERENCE_DIR`, or why there is none.
fn reference_or_reason() -> &'static Result<Reference, String> {
    static REFERENCE: OnceLock<Result<Reference, String>> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let dir = ecs_fixtures::importer_reference_dir()?;
        // Set but unreadable is a mistake to report, not a reason to skip.
        Ok(Reference::open(&dir)
            .unwrap_or_else(|e| panic!("the importer tests read the reference metadata: {e}")))
    })
}

/// Whether the reference metadata is missing; if so, says so on stderr
/// (each test that needs it then returns without checking anything).
fn skipped(test: &str) -> bool {
    match reference_or_reason() {
        Ok(_) => false,
        Err(reason) => {
            eprintln!("SKIPPED {test}: {reason}");
            true
        }
    }
}

fn reference() -> &'static Reference {
    match reference_or_reason() {
        Ok(reference) => reference,
        Err(reason) => panic!("called without checking skipped(): {reason}"),
    }
}

fn real_spec() -> LoadedSpec {
    load(&workspace_root().join("spec").join("ecs")).expect("the checked-in spec loads")
}

fn common_errors() -> Vec<ErrorSpec> {
    real_spec().service.spec.common_errors
}

fn hand_kept(name: &str) -> (String, OperationSpec) {
    let path = workspace_root()
        .join("spec/ecs/operations")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(path).unwrap();
    let spec = serde_json::from_str(&text).unwrap();
    (text, spec)
}

fn fresh(name: &str) -> Imported {
    import::import(reference(), name, None, &common_errors()).unwrap()
}

fn reimported(name: &str) -> (String, Imported) {
    let (text, spec) = hand_kept(name);
    let imported = import::import(reference(), name, Some(&spec), &common_errors()).unwrap();
    (text, imported)
}

/// Validates `ops` as the only operations of the real service.
fn validate_alone(ops: &[&Imported]) -> Result<(), String> {
    let mut loaded = real_spec();
    loaded.operations = ops
        .iter()
        .map(|i| Loaded {
            path: loaded
                .dir
                .join("operations")
                .join(format!("{}.json", i.operation.name)),
            spec: i.to_spec(),
        })
        .collect();
    validate(&loaded).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn param<'a>(op: &'a Operation, name: &str) -> &'a Parameter {
    op.parameters
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn findings_about<'a>(imported: &'a Imported, subject: &str) -> Vec<&'a Finding> {
    imported
        .findings
        .iter()
        .filter(|f| f.subject == subject)
        .collect()
}

#[test]
fn imported_describe_regions_and_describe_instances_pass_validation() {
    if skipped("imported_describe_regions_and_describe_instances_pass_validation") {
        return;
    }
    let regions = fresh("DescribeRegions");
    let instances = fresh("DescribeInstances");
    validate_alone(&[&regions, &instances]).expect("valid specs");
}

#[test]
fn describe_instances_gets_its_parameters_response_and_paging() {
    if skipped("describe_instances_gets_its_parameters_response_and_paging") {
        return;
    }
    let imported = fresh("DescribeInstances");
    let op = &imported.operation;
    assert!(op.read_only && op.idempotent);
    // 45 documented parameters, the four Filter.N.* pairs folded into one,
    // plus the four hidden ones of the official SDK.
    let visible = op.parameters.iter().filter(|p| !p.hidden).count();
    assert_eq!(visible, 45 - 7, "{:#?}", op.parameters);
    assert_eq!(param(op, "MaxResults").maximum, Some(100));
    assert_eq!(param(op, "Status").enum_ref.as_deref(), Some("Status"));
    let instances = op
        .response
        .members
        .iter()
        .find(|f| f.name == "Instances")
        .unwrap();
    let instance = instances.members[0].items.as_ref().unwrap();
    assert!(instance.members.len() > 60, "{}", instance.members.len());
    // The response's Tag would clash with the request's Tag struct.
    let tags = instance.members.iter().find(|f| f.name == "Tags").unwrap();
    let tag = tags.members[0].items.as_ref().unwrap();
    assert_eq!(tag.struct_name.as_deref(), Some("InstanceTag"));
    assert!(matches!(
        &op.pagination,
        Some(import::Pagination::Token { page_size: Some(size), items, .. })
            if size == "MaxResults" && items == "Instances.Instance"
    ));
    assert!(findings_about(&imported, "pagination")
        .iter()
        .any(|f| f.message.contains("both NextToken and PageNumber")));
}

#[test]
fn numbered_filter_parameters_are_folded_into_one_list_of_objects() {
    if skipped("numbered_filter_parameters_are_folded_into_one_list_of_objects") {
        return;
    }
    let imported = fresh("DescribeInstances");
    let op = &imported.operation;
    assert!(op.parameters.iter().all(|p| !p.name.contains('.')));
    let filter = param(op, "Filter");
    assert_eq!(filter.ty, "list");
    assert_eq!(filter.style.as_deref(), Some("repeatList"));
    assert_eq!(filter.max_items, Some(4));
    let item = filter.items.as_ref().unwrap();
    assert_eq!(item.ty, "object");
    let members: Vec<&str> = item.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["Key", "Value"]);
    // Each N documents a different key; the member keeps all four texts.
    assert!(item.members[0].description.contains("Filter.4.Key: "));
    assert!(findings_about(&imported, "Filter")
        .iter()
        .any(|f| f.message.contains("Filter.1.Key ... Filter.4.Value")
            && f.message.contains("folded into one list")));
}

#[test]
fn portal_max_items_51_against_prose_50_is_reported_and_the_prose_wins() {
    if skipped("portal_max_items_51_against_prose_50_is_reported_and_the_prose_wins") {
        return;
    }
    let imported = fresh("ListTagResources");
    assert_eq!(param(&imported.operation, "ResourceId").max_items, Some(50));
    assert_eq!(param(&imported.operation, "Tag").max_items, Some(20));
    let reported = findings_about(&imported, "ResourceId");
    assert!(
        reported.iter().any(|f| f.message.contains("says 51")
            && f.message.contains("says 50")
            && f.message.contains("using 50")),
        "{reported:#?}"
    );
    assert!(reported[0]
        .to_string()
        .starts_with("ListTagResources ResourceId: "));
}

#[test]
fn host_parameters_are_left_out_and_official_sdk_extras_are_hidden() {
    if skipped("host_parameters_are_left_out_and_official_sdk_extras_are_hidden") {
        return;
    }
    let imported = fresh("DescribeRegions");
    let op = &imported.operation;
    assert!(op.parameters.iter().all(|p| p.name != "SourceRegionId"));
    assert!(findings_about(&imported, "SourceRegionId")
        .iter()
        .any(|f| f.message.contains("position Host")));
    for name in [
        "OwnerId",
        "OwnerAccount",
        "ResourceOwnerAccount",
        "ResourceOwnerId",
    ] {
        assert!(param(op, name).hidden, "{name}");
    }
    assert_eq!(param(op, "OwnerId").ty, "long");
    assert!(!param(op, "AcceptLanguage").hidden);
}

#[test]
fn reimporting_list_tag_resources_keeps_every_correction() {
    if skipped("reimporting_list_tag_resources_keeps_every_correction") {
        return;
    }
    let (_, spec) = hand_kept("ListTagResources");
    let (_, imported) = reimported("ListTagResources");
    let before = spec.clone();
    fn corrected<'a>(params: &'a [Parameter], path: &str, out: &mut Vec<(String, &'a Parameter)>) {
        for p in params {
            let here = format!("{path}.{}", p.name);
            if !p.corrections.is_empty() {
                out.push((here.clone(), p));
            }
            if let Some(item) = &p.items {
                corrected(std::slice::from_ref(item), &format!("{here}.N"), out);
            }
            corrected(&p.members, &here, out);
        }
    }
    let (mut was, mut is) = (Vec::new(), Vec::new());
    corrected(&before.parameters, "", &mut was);
    corrected(&imported.operation.parameters, "", &mut is);
    assert!(
        was.len() >= 8,
        "the hand-kept spec has corrections at every depth"
    );
    assert_eq!(was, is);
}

#[test]
fn reimporting_list_tag_resources_loses_nothing_the_file_states() {
    if skipped("reimporting_list_tag_resources_loses_nothing_the_file_states") {
        return;
    }
    let (_, spec) = hand_kept("ListTagResources");
    let (_, imported) = reimported("ListTagResources");
    let before = serde_json::to_value(&spec).unwrap();
    let after = serde_json::to_value(&imported.operation).unwrap();
    // Every value the file states is still there, at the same place.
    fn lost(path: &str, was: &Value, is: Option<&Value>, out: &mut Vec<String>) {
        match (was, is) {
            (Value::Object(w), Some(Value::Object(i))) => {
                for (k, v) in w {
                    lost(&format!("{path}.{k}"), v, i.get(k), out);
                }
            }
            (Value::Array(w), Some(Value::Array(i))) => {
                for (n, v) in w.iter().enumerate() {
                    let key = ["name", "code", "value"]
                        .iter()
                        .find_map(|k| v.get(*k).map(|x| (*k, x.clone())));
                    let found = match &key {
                        Some((k, x)) => i.iter().find(|e| e.get(*k) == Some(x)),
                        None => i.get(n),
                    };
                    lost(&format!("{path}[{n}]"), v, found, out);
                }
            }
            (w, i) if Some(w) != i => out.push(format!("{path}: {w} became {i:?}")),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    lost("$", &before, Some(&after), &mut missing);
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn reimporting_the_hand_kept_specs_writes_the_same_bytes() {
    if skipped("reimporting_the_hand_kept_specs_writes_the_same_bytes") {
        return;
    }
    for name in ["ListTagResources", "TagResources", "UntagResources"] {
        let (text, imported) = reimported(name);
        assert_eq!(imported.to_json(), text, "{name}");
    }
}

#[test]
fn reimporting_an_imported_spec_changes_nothing() {
    if skipped("reimporting_an_imported_spec_changes_nothing") {
        return;
    }
    let first = fresh("DescribeInstances");
    let again = import::import(
        reference(),
        "DescribeInstances",
        Some(&first.to_spec()),
        &common_errors(),
    )
    .unwrap();
    assert_eq!(again.to_json(), first.to_json());
}

#[test]
fn diff_lists_every_difference_of_list_tag_resources_field_by_field() {
    if skipped("diff_lists_every_difference_of_list_tag_resources_field_by_field") {
        return;
    }
    let (_, spec) = hand_kept("ListTagResources");
    let lines = import::diff(reference(), &spec, &common_errors()).unwrap();
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(has(
        "ListTagResources parameters.Tag.N.Key.maxLength: spec 128, sources (none) (re-import keeps the spec's)"
    ));
    assert!(has("parameters.TagFilter.corrections: spec ["));
    assert!(has("errors[InvalidParameter.TagValue]: spec {"));
    assert!(has("rules: spec ["));
    assert!(has(
        "response.TagResources.TagResource.N.ResourceType.enum: spec \"ResourceType\", sources (none)"
    ));
    assert!(lines.iter().all(|l| l.starts_with("ListTagResources ")));
}

#[test]
fn an_operation_no_source_describes_is_an_error() {
    if skipped("an_operation_no_source_describes_is_an_error") {
        return;
    }
    let error = import::import(reference(), "CreateVsc", None, &common_errors()).unwrap_err();
    assert!(error.to_string().contains("no source"), "{error}");
}

#[test]
fn every_current_operation_imports_into_the_spec_format() {
    if skipped("every_current_operation_imports_into_the_spec_format") {
        return;
    }
    let common = common_errors();
    let mut unknown = Vec::new();
    let operations = reference().current_operations();
    assert_eq!(operations.len(), 308);
    for name in operations {
        match import::import(reference(), &name, None, &common) {
            // to_spec parses the written JSON with the generator's types.
            Ok(imported) => assert_eq!(imported.to_spec().name, name),
            Err(_) => unknown.push(name),
        }
    }
    // Only in the official SDK, whose source is not in the reference.
    assert_eq!(
        unknown,
        [
            "CreateSavingsPlan",
            "CreateVsc",
            "DeleteVsc",
            "DescribeSavingsPlanEstimation",
            "DescribeSavingsPlanPrice",
            "DescribeVscs",
            "ModifySystemEventAttribute"
        ]
    );
}

fn cjk(text: &str) -> bool {
    import::has_cjk(text)
}

#[test]
fn a_limit_the_sources_disagree_on_is_documented_but_not_enforced() {
    if skipped("a_limit_the_sources_disagree_on_is_documented_but_not_enforced") {
        return;
    }
    // The portal says 51, the prose 50: kept (50), not checked.
    let imported = fresh("ListTagResources");
    let resource_id = param(&imported.operation, "ResourceId");
    assert_eq!(resource_id.max_items, Some(50));
    assert!(
        resource_id.enforced.is_empty(),
        "{:?}",
        resource_id.enforced
    );
    let line = imported
        .limit_lines()
        .into_iter()
        .find(|l| l.path == "ResourceId" && l.limit == "maxItems")
        .unwrap();
    assert!(!line.enforced);
    assert!(
        line.why.contains("disagree") && line.why.contains("51"),
        "{}",
        line.why
    );
}

#[test]
fn a_limit_the_portal_and_the_prose_agree_on_is_enforced_with_its_sources() {
    if skipped("a_limit_the_portal_and_the_prose_agree_on_is_enforced_with_its_sources") {
        return;
    }
    let imported = fresh("AssignIpv6Addresses");
    let prefix = param(&imported.operation, "Ipv6Prefix");
    assert_eq!(prefix.max_items, Some(10));
    let why = &prefix.enforced["maxItems"];
    assert!(why.starts_with("portal 2025-12 maxItems 10"), "{why}");
    assert!(why.contains("English prose \"N: 1 to 10\" agrees"), "{why}");
    // A limit stated only in English prose, uncontradicted, is enforced too.
    let disks = fresh("DescribeDisks");
    let name = param(&disks.operation, "DiskName");
    assert_eq!((name.min_length, name.max_length), (Some(2), Some(128)));
    assert!(name.enforced["maxLength"].starts_with("English prose \"2 to 128 characters\""));
}

#[test]
fn page_size_and_hidden_parameters_get_no_enforced_limits() {
    if skipped("page_size_and_hidden_parameters_get_no_enforced_limits") {
        return;
    }
    let imported = fresh("DescribeInstances");
    let op = &imported.operation;
    for name in ["MaxResults", "PageSize", "PageNumber"] {
        let p = param(op, name);
        assert!(p.minimum.is_some(), "{name} keeps its documented limit");
        assert!(p.enforced.is_empty(), "{name}: {:?}", p.enforced);
    }
    assert_eq!(param(op, "MaxResults").maximum, Some(100));
    let lines = imported.limit_lines();
    let max_results = lines
        .iter()
        .find(|l| l.path == "MaxResults" && l.limit == "maximum")
        .unwrap();
    assert!(max_results.why.contains("clamps"), "{}", max_results.why);
    for p in op.parameters.iter().filter(|p| p.hidden) {
        assert!(p.enforced.is_empty(), "{}", p.name);
    }
    // Re-import of the curated spec: the same.
    let (_, reimported) = reimported("DescribeInstances");
    assert!(param(&reimported.operation, "MaxResults")
        .enforced
        .is_empty());
}

#[test]
fn every_enforced_limit_is_one_the_parameter_states_and_says_why() {
    if skipped("every_enforced_limit_is_one_the_parameter_states_and_says_why") {
        return;
    }
    let common = common_errors();
    for name in reference().current_operations() {
        let Ok(imported) = import::import(reference(), &name, None, &common) else {
            continue;
        };
        for line in imported.limit_lines() {
            assert!(!line.why.trim().is_empty(), "{name} {}", line.path);
        }
    }
}

#[test]
fn codes_common_to_the_service_stay_with_the_operations_own_status_and_message() {
    if skipped("codes_common_to_the_service_stay_with_the_operations_own_status_and_message") {
        return;
    }
    let tag = fresh("TagResources");
    let unavailable = tag
        .operation
        .errors
        .iter()
        .find(|e| e.code == "ServiceUnavailable")
        .expect("ServiceUnavailable kept");
    assert!(
        unavailable.message.contains("unavailable"),
        "{unavailable:?}"
    );
    let instances = fresh("DescribeInstances");
    let internal = instances
        .operation
        .errors
        .iter()
        .find(|e| e.code == "InternalError")
        .expect("InternalError kept");
    assert_eq!(internal.http_status, 400);
    // And a re-import of the curated spec adds them.
    let (_, images) = reimported("DescribeImages");
    assert!(images
        .operation
        .errors
        .iter()
        .any(|e| e.code == "InternalError"));
}

#[test]
fn no_chinese_text_ships_in_imported_or_reimported_specs() {
    if skipped("no_chinese_text_ships_in_imported_or_reimported_specs") {
        return;
    }
    let common = common_errors();
    for name in reference().current_operations() {
        let Ok(imported) = import::import(reference(), &name, None, &common) else {
            continue;
        };
        assert!(!cjk(&imported.to_json()), "{name}");
        assert!(
            imported.findings.iter().all(|f| !cjk(&f.to_string())),
            "{name}"
        );
        assert_eq!(
            imported.operation.description,
            format!("Calls the ECS `{name}` action (API version 2014-05-26).")
        );
    }
    for name in ["DescribeRegions", "DescribeInstances", "DescribeImages"] {
        let (_, imported) = reimported(name);
        assert!(!cjk(&imported.to_json()), "{name}");
    }
}

#[test]
fn json_array_strings_become_json_lists_with_a_finding() {
    if skipped("json_array_strings_become_json_lists_with_a_finding") {
        return;
    }
    let imported = fresh("DescribeDisks");
    let ids = param(&imported.operation, "DiskIds");
    assert_eq!(ids.ty, "list");
    assert_eq!(ids.style.as_deref(), Some("json"));
    assert_eq!(ids.items.as_ref().unwrap().ty, "string");
    assert_eq!(ids.max_items, Some(100));
    assert!(ids.enforced.contains_key("maxItems"));
    assert!(findings_about(&imported, "DiskIds")
        .iter()
        .any(|f| f.message.contains("JSON text")));
    // Evidence against (a plain example) keeps a string.
    let snapshots = fresh("DescribeSnapshots");
    assert_eq!(param(&snapshots.operation, "SnapshotLinkId").ty, "string");
}

#[test]
fn dotted_response_keys_are_fields_like_any_other() {
    if skipped("dotted_response_keys_are_fields_like_any_other") {
        return;
    }
    let imported = fresh("DescribeLaunchTemplateVersions");
    let json = imported.to_json();
    assert!(json.contains("\"name\": \"SystemDisk.Size\""));
    assert!(imported
        .findings
        .iter()
        .all(|f| !(f.subject.contains("SystemDisk.") && f.message.contains("left out"))));
    validate_alone(&[&imported]).expect("valid");
}

#[test]
fn the_report_lists_enforced_and_documented_limits_and_is_deterministic() {
    if skipped("the_report_lists_enforced_and_documented_limits_and_is_deterministic") {
        return;
    }
    let a = [fresh("ListTagResources"), fresh("DescribeInstances")];
    let b = [fresh("DescribeInstances"), fresh("ListTagResources")];
    fn entries(x: &[Imported]) -> Vec<import::ReportEntry<'_>> {
        x.iter().map(import::ReportEntry::Imported).collect()
    }
    let report = import::report(&entries(&a), &[]);
    assert_eq!(report, import::report(&entries(&b), &[]));
    assert!(report.contains("## DescribeInstances"));
    assert!(report.contains("| `MaxResults` | maximum | 100 | documented |"));
    assert!(report.contains("| enforced |"));
    assert!(!cjk(&report));
}

// ---------------------------------------------------------------------------
// On the repository's own synthetic input (fixtures/importer/): these always
// run, whatever ECS_REFERENCE_DIR says.
// ---------------------------------------------------------------------------

fn synthetic() -> Reference {
    Reference::open(&ecs_fixtures::path("importer")).expect("the synthetic reference opens")
}

#[test]
fn synthetic_portal_max_items_against_the_prose_is_reported_and_the_prose_wins() {
    let imported = import::import(&synthetic(), "DescribeWidgets", None, &common_errors())
        .expect("the synthetic operation imports");
    let op = &imported.operation;
    assert_eq!(param(op, "WidgetId").max_items, Some(10));
    assert!(param(op, "RegionId").required);
    let reported = findings_about(&imported, "WidgetId");
    assert!(
        reported.iter().any(|f| f.message.contains("says 11")
            && f.message.contains("says 10")
            && f.message.contains("using 10")),
        "{reported:#?}"
    );
    assert_eq!(imported.to_spec().name, "DescribeWidgets");
}

#[test]
fn synthetic_operation_no_source_describes_is_an_error() {
    let error =
        import::import(&synthetic(), "DescribeGadgets", None, &common_errors()).unwrap_err();
    assert!(error.to_string().contains("no source"), "{error}");
}
