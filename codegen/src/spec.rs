//! The spec format, as read from `spec/<service>/service.json` and
//! `spec/<service>/operations/<Operation>.json`.
//!
//! These types mirror `spec/schema.json`. Unknown fields are refused so that a
//! typo in a spec file is an error, not a silently ignored limit. The
//! importer writes spec files with the same types: fields are declared in the
//! key order of the files, and empty optional keys are left out, so that a
//! re-import that changes nothing writes the same bytes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn is_false(b: &bool) -> bool {
    !*b
}

/// `limitErrors` in the order the limits are listed everywhere else.
fn limits_in_order<S: serde::Serializer>(
    map: &BTreeMap<String, String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    const ORDER: &[&str] = &[
        "required",
        "maxItems",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
    ];
    let mut out = s.serialize_map(Some(map.len()))?;
    for key in ORDER {
        if let Some(v) = map.get(*key) {
            out.serialize_entry(key, v)?;
        }
    }
    for (k, v) in map.iter().filter(|(k, _)| !ORDER.contains(&k.as_str())) {
        out.serialize_entry(k, v)?;
    }
    out.end()
}

/// `service.json`: facts shared by every operation of one product.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceSpec {
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Product code, e.g. `Ecs`.
    pub product: String,
    /// API version, e.g. `2014-05-26`.
    pub api_version: String,
    /// Protocol style; only `RPC` is supported.
    pub style: String,
    pub description: String,
    pub endpoints: EndpointsSpec,
    /// Error codes any operation of the service may answer with.
    #[serde(default)]
    pub common_errors: Vec<ErrorSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EndpointsSpec {
    /// Where the map comes from, e.g. `regional`.
    pub rule: String,
    /// Region id -> host name. A BTreeMap keeps the generated table sorted.
    pub map: BTreeMap<String, String>,
    /// Host pattern for a region missing from the map; `{region}` is replaced.
    pub fallback: String,
    /// Host pattern for a region missing from the map when a network such as
    /// `vpc` is set; `{network}` and `{region}` are replaced.
    pub network_fallback: String,
    /// The central host used when no region is set (`sts.aliyuncs.com`).
    /// Without it, a region or an explicit endpoint is required.
    #[serde(default)]
    pub global: Option<String>,
}

/// One operation file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OperationSpec {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The action name, e.g. `ListTagResources`.
    pub name: String,
    pub description: String,
    /// HTTP method; the RPC style sends `POST`.
    pub method: String,
    pub read_only: bool,
    pub idempotent: bool,
    /// The service takes the operation without credentials or signature
    /// (STS's AssumeRoleWithOIDC): the client sends none and asks no
    /// credentials provider.
    #[serde(default, skip_serializing_if = "is_false")]
    pub anonymous: bool,
    /// Enums used by parameters and response fields, keyed by type name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumSpec>,
    pub parameters: Vec<ParameterSpec>,
    /// Cross-parameter rules, checked by `build()` and by the emulator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationSpec>,
    pub response: ResponseSpec,
    pub errors: Vec<ErrorSpec>,
    /// Waiters that poll this operation until its response shows a state,
    /// keyed by waiter name (`InstanceRunning` gives
    /// `client.wait_until_instance_running()`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waiters: BTreeMap<String, WaiterSpec>,
}

/// Polls the operation until `success` matches the response, stopping at
/// once when a `failure` matcher does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WaiterSpec {
    pub description: String,
    /// Dotted path of a list in the response, e.g. `InstanceStatuses.InstanceStatus`.
    pub items: String,
    /// The string (or enum) member of each item the matchers compare, e.g.
    /// `Status`. Needed by `allEqual` and `anyEqual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    pub success: MatcherSpec,
    /// Any of these ends the wait with an error at once: a state the
    /// resource cannot leave for `success` without another call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<MatcherSpec>,
    /// The first delay between polls, in seconds; at least 1.
    pub min_delay_secs: u64,
    /// The longest delay between polls, in seconds: the delay doubles from
    /// `minDelaySecs` up to this, each one drawn at random between the two.
    pub max_delay_secs: u64,
}

/// A test on the `member` values of the items of a waiter's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", tag = "matcher")]
pub enum MatcherSpec {
    /// The list has items, and every one's member equals `value`.
    #[serde(rename_all = "camelCase")]
    AllEqual { value: String },
    /// Some item's member equals `value`.
    #[serde(rename_all = "camelCase")]
    AnyEqual { value: String },
    /// The list is empty (or absent): e.g. the resources are gone.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnumSpec {
    pub description: String,
    pub values: Vec<EnumValueSpec>,
    /// Where this enum departs from the reference material, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnumValueSpec {
    pub value: String,
    pub description: String,
}

/// A request parameter, or a member of an object parameter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParameterSpec {
    /// Wire name, e.g. `ResourceId` (sent as `ResourceId.1`, ...).
    pub name: String,
    /// `query` for every RPC parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `string`, `integer`, `long`, `boolean`, `float`, `list` or `object`.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Parameters the official SDK sends but the reference page hides.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// How a `list` or `object` travels: `repeatList` (lists: `Name.N`, the
    /// default), `flat` (objects: `Name.Member`, the default) or `json` (the
    /// value is sent as one JSON text, e.g. `InstanceIds=["i-1","i-2"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// Name of an enum in the operation's `enums`, for `string` values.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_ref: Option<String>,
    /// For `list`: the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<ParameterSpec>>,
    /// For `object`: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<ParameterSpec>,
    /// For an `object`, the Rust type name when the wire name would clash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_name: Option<String>,
    /// Where this entry departs from the reference material, and why. Kept in
    /// the spec so that a re-import does not undo a human correction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The service's error code for each violated limit, keyed by limit name
    /// (`required`, `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        serialize_with = "limits_in_order"
    )]
    pub limit_errors: BTreeMap<String, String>,
    /// The limits `build()` checks, keyed by limit name, each with the source
    /// that makes it trustworthy (`"portal maxItems 50; prose \"N: 1 to 50\""`,
    /// or a correction). A limit stated in the spec but missing here is
    /// documented, not checked: a check stricter than the service would
    /// refuse calls the service accepts.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        serialize_with = "limits_in_order"
    )]
    pub enforced: BTreeMap<String, String>,
    /// The service still accepts it but documents it as deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// A declarative rule across parameters. Paths name a parameter (`Tag`) or
/// a member of a list's items (`Tag.Key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", tag = "kind")]
pub enum RuleSpec {
    /// At least one of the parameters is present (a list counts when non-empty).
    #[serde(rename_all = "camelCase")]
    AtLeastOneOf {
        parameters: Vec<String>,
        error: String,
        description: String,
    },
    /// At most one of the parameters is present.
    #[serde(rename_all = "camelCase")]
    MutuallyExclusive {
        parameters: Vec<String>,
        error: String,
        description: String,
    },
    /// Within each item of a list, `member` may be set only when `requires` is.
    #[serde(rename_all = "camelCase")]
    MemberRequires {
        list: String,
        member: String,
        requires: String,
        error: String,
        description: String,
    },
    /// No two items of a list share a value of `member`.
    #[serde(rename_all = "camelCase")]
    UniqueMember {
        list: String,
        member: String,
        error: String,
        description: String,
    },
    /// An item whose `member` equals `value` must be the list's only item.
    #[serde(rename_all = "camelCase")]
    ExclusiveValue {
        list: String,
        member: String,
        value: String,
        error: String,
        description: String,
    },
}

/// How an operation pages its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", tag = "style")]
pub enum PaginationSpec {
    /// A token from each response is sent back to get the next page.
    #[serde(rename_all = "camelCase")]
    Token {
        /// Request parameter carrying the token, e.g. `NextToken`.
        input_token: String,
        /// Response field carrying the next token, e.g. `NextToken`.
        output_token: String,
        /// Request parameter for the page size, e.g. `MaxResults`, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        page_size: Option<String>,
        /// Dotted path of the item list in the response, e.g. `TagResources.TagResource`.
        items: String,
    },
    /// Pages are numbered from 1 and the response says how many items exist.
    #[serde(rename_all = "camelCase")]
    PageNumber {
        /// Request parameter for the page number, e.g. `PageNumber`.
        page_number: String,
        /// Request parameter for the page size, e.g. `PageSize`.
        page_size: String,
        /// Response field with the total number of items, e.g. `TotalCount`.
        total_count: String,
        /// Dotted path of the item list in the response.
        items: String,
    },
}

impl PaginationSpec {
    pub fn items(&self) -> &str {
        match self {
            PaginationSpec::Token { items, .. } | PaginationSpec::PageNumber { items, .. } => items,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResponseSpec {
    pub members: Vec<FieldSpec>,
}

/// A field of the response body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<FieldSpec>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<FieldSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorSpec {
    pub http_status: u16,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub description: String,
    /// Where this entry departs from the reference material, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
}
