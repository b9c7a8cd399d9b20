//! Stage 3: resolve the validated spec into the shapes the emitter needs:
//! Rust names, sorted wire order, the structs to declare, the full error list.

use crate::load::LoadedSpec;
use crate::spec::{
    ErrorSpec, FieldSpec, MatcherSpec, OperationSpec, PaginationSpec, ParameterSpec, RuleSpec,
};
use crate::validate::{enum_variant_name, error_variant_name, resolve_items};
use heck::{ToSnakeCase, ToUpperCamelCase};

#[derive(Debug, Clone)]
pub struct Service {
    /// The crate the code goes into, e.g. `alibabacloud-ecs`.
    pub crate_name: String,
    pub product: String,
    pub api_version: String,
    pub description: String,
    /// Sorted by region id; only regions whose host the fallback rule does
    /// not already give.
    pub endpoints: Vec<(String, String)>,
    /// Every region of the spec's endpoint map, sorted.
    pub regions: Vec<String>,
    pub fallback: String,
    pub network_fallback: String,
    /// The host used without a region, for products with a central endpoint.
    pub global_endpoint: Option<String>,
    pub common_errors: Vec<ErrorCode>,
    /// Sorted by name.
    pub operations: Vec<Operation>,
    /// Object types that several operations declare with the same name and
    /// shape: emitted once in `types.rs`, sorted by name.
    pub shared_types: Vec<SharedType>,
}

/// A request or response object type emitted once for every operation that
/// uses it.
#[derive(Debug, Clone)]
pub struct SharedType {
    pub name: String,
    pub kind: SharedKind,
    /// Modules of the operations that use it, sorted: its cargo features.
    pub users: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum SharedKind {
    Request(Struct),
    Response(ResponseStruct),
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    /// File and module name, e.g. `list_tag_resources`.
    pub module: String,
    /// The spec file, relative to the repository root.
    pub source: String,
    /// The crate as a Rust path, e.g. `alibabacloud_ecs`, for doc examples.
    pub crate_ident: String,
    pub description: String,
    pub read_only: bool,
    pub idempotent: bool,
    /// Sent without credentials or signature.
    pub anonymous: bool,
    pub enums: Vec<Enum>,
    /// Top-level parameters, sorted by wire name (the official SDK's order).
    pub params: Vec<Param>,
    /// Object types of the request, in declaration order.
    pub request_structs: Vec<Struct>,
    pub rules: Vec<RuleSpec>,
    pub pagination: Option<Pagination>,
    /// Members of the output struct, in spec order.
    pub output_fields: Vec<Field>,
    /// Object types of the response, in declaration order.
    pub response_structs: Vec<ResponseStruct>,
    /// The operation's own codes, including common codes it documents with
    /// its own status or message (those win for this operation).
    pub errors: Vec<ErrorCode>,
    /// Sorted by name.
    pub waiters: Vec<Waiter>,
}

/// A waiter polling its operation: `client.wait_until_<method>()`.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// UpperCamelCase, e.g. `InstanceRunning`.
    pub name: String,
    /// snake_case, e.g. `instance_running`.
    pub method: String,
    pub description: String,
    /// Output field names from the output struct down to the list.
    pub items_path: Vec<String>,
    /// The same path with wire names, for docs: `Instances.Instance`.
    pub items_wire: String,
    /// The compared member's wire name, for docs: `Status`.
    pub member_wire: Option<String>,
    /// The Rust field of each item the matchers compare, and whether it is
    /// an enum (read with `as_str()`) rather than a string.
    pub member: Option<(String, bool)>,
    pub success: MatcherSpec,
    pub failure: Vec<MatcherSpec>,
    pub min_delay_secs: u64,
    pub max_delay_secs: u64,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub description: String,
    /// (wire value, variant name, description)
    pub values: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire: String,
    /// Sent as one JSON text (`style: json`) rather than flattened.
    pub json: bool,
    /// An example value from the spec, for generated documentation.
    pub example: Option<String>,
    /// Documented as deprecated by the service.
    pub deprecated: bool,
    pub field: String,
    pub doc: String,
    pub required: bool,
    pub ty: ParamType,
    /// The limits `build()` checks: those the spec marks `enforced`.
    pub limits: Limits,
    /// Every limit the spec states, checked or not, for the docs.
    pub documented: Limits,
    /// Limit name -> why it is trusted, from the spec's `enforced`.
    pub enforced: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamType {
    String,
    Enum(String),
    Integer,
    Long,
    Boolean,
    Float,
    /// `Name.N`; the item's own limits travel with it.
    List(Box<Param>),
    Object(String),
}

impl ParamType {
    pub fn is_list(&self) -> bool {
        matches!(self, ParamType::List(_))
    }

    /// The type of the value, without the limits a parameter carries: the
    /// same shape a response field has, so both render as one Rust type.
    pub fn value_type(&self) -> FieldType {
        match self {
            ParamType::String => FieldType::String,
            ParamType::Enum(name) => FieldType::Enum(name.clone()),
            ParamType::Integer => FieldType::Integer,
            ParamType::Long => FieldType::Long,
            ParamType::Boolean => FieldType::Boolean,
            ParamType::Float => FieldType::Float,
            ParamType::List(item) => FieldType::List(Box::new(item.ty.value_type())),
            ParamType::Object(name) => FieldType::Object(name.clone()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub required_error: Option<String>,
    pub max_items: Option<(u64, Option<String>)>,
    pub min_length: Option<(u64, Option<String>)>,
    pub max_length: Option<(u64, Option<String>)>,
    pub minimum: Option<(i64, Option<String>)>,
    pub maximum: Option<(i64, Option<String>)>,
}

/// A request object type.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub doc: String,
    /// Sorted by wire name.
    pub members: Vec<Param>,
    /// `{Key, Value}` of strings: gets `new(key, value)` and `key_only(key)`.
    pub is_key_value: bool,
    /// Travels inside a JSON-style parameter, so it needs serde.
    pub json: bool,
    /// Declared once in `types.rs` and re-exported by the operation.
    pub shared: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub field: String,
    pub doc: String,
    pub ty: FieldType,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    String,
    Enum(String),
    Integer,
    Long,
    Boolean,
    Float,
    List(Box<FieldType>),
    Object(String),
}

#[derive(Debug, Clone)]
pub struct ResponseStruct {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
    /// Declared once in `types.rs` and re-exported by the operation.
    pub shared: bool,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    /// The spec's own facts, in wire names.
    pub spec: PaginationSpec,
    pub style: PaginationStyle,
    /// Output field names from the output struct down to the item list.
    pub items_path: Vec<String>,
    pub item_type: FieldType,
}

#[derive(Debug, Clone)]
pub enum PaginationStyle {
    /// Rust field names of the input token and the output token.
    Token { input: String, output: String },
    /// Rust field names of the page number input and the total count output.
    PageNumber {
        page_number: String,
        total_count: String,
    },
}

#[derive(Debug, Clone)]
pub struct ErrorCode {
    pub code: String,
    pub variant: String,
    pub http_status: u16,
    pub message: String,
    pub description: String,
}

/// Builds the model of the service in `loaded`, whose code goes into the
/// crate `crate_name`.
pub fn build(loaded: &LoadedSpec, crate_name: &str) -> Service {
    let crate_ident = crate_name.replace('-', "_");
    let s = &loaded.service.spec;
    let common_errors: Vec<ErrorCode> = s.common_errors.iter().map(error_code).collect();
    let root = loaded.dir.parent().and_then(|p| p.parent());
    let mut operations: Vec<Operation> = loaded
        .operations
        .iter()
        .map(|op| {
            let source = match root {
                Some(root) => op.path.strip_prefix(root).unwrap_or(&op.path),
                None => &op.path,
            };
            operation(
                &op.spec,
                source.to_string_lossy().replace('\\', "/"),
                &crate_ident,
            )
        })
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let shared_types = crate::shared::share_types(&mut operations);
    Service {
        crate_name: crate_name.to_owned(),
        product: s.product.clone(),
        api_version: s.api_version.clone(),
        description: s.description.clone(),
        // Entries that only repeat the fallback rule are left out, as the
        // official SDK's generator does: on a network such as vpc those
        // regions must get the network rule, not the public host.
        endpoints: s
            .endpoints
            .map
            .iter()
            .filter(|(region, host)| **host != s.endpoints.fallback.replace("{region}", region))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        regions: s.endpoints.map.keys().cloned().collect(),
        fallback: s.endpoints.fallback.clone(),
        network_fallback: s.endpoints.network_fallback.clone(),
        global_endpoint: s.endpoints.global.clone(),
        common_errors,
        operations,
        shared_types,
    }
}

fn error_code(e: &ErrorSpec) -> ErrorCode {
    ErrorCode {
        code: e.code.clone(),
        variant: error_variant_name(&e.code),
        http_status: e.http_status,
        message: e.message.clone(),
        description: e.description.clone(),
    }
}

fn operation(op: &OperationSpec, source: String, crate_ident: &str) -> Operation {
    let enums = op
        .enums
        .iter()
        .map(|(name, e)| Enum {
            name: name.clone(),
            description: e.description.clone(),
            values: e
                .values
                .iter()
                .map(|v| {
                    (
                        v.value.clone(),
                        enum_variant_name(&v.value),
                        v.description.clone(),
                    )
                })
                .collect(),
        })
        .collect();

    let mut request_structs = Vec::new();
    let mut params: Vec<Param> = op
        .parameters
        .iter()
        .map(|p| param(p, &mut request_structs, false))
        .collect();
    params.sort_by(|a, b| a.wire.cmp(&b.wire));

    let mut response_structs = Vec::new();
    let output_fields = op
        .response
        .members
        .iter()
        .map(|f| field(f, &mut response_structs))
        .collect();

    let pagination = op.pagination.as_ref().map(|pg| {
        let item = resolve_items(&op.response.members, pg.items())
            .and_then(|list| list.items.as_deref())
            .expect("validated: the items path resolves to a list");
        let style = match pg {
            PaginationSpec::Token {
                input_token,
                output_token,
                ..
            } => PaginationStyle::Token {
                input: input_token.to_snake_case(),
                output: output_token.to_snake_case(),
            },
            PaginationSpec::PageNumber {
                page_number,
                total_count,
                ..
            } => PaginationStyle::PageNumber {
                page_number: page_number.to_snake_case(),
                total_count: total_count.to_snake_case(),
            },
        };
        Pagination {
            spec: pg.clone(),
            style,
            items_path: pg.items().split('.').map(|p| p.to_snake_case()).collect(),
            item_type: field_type(item, &mut Vec::new()),
        }
    });

    let errors: Vec<ErrorCode> = op.errors.iter().map(error_code).collect();

    let waiters = op
        .waiters
        .iter()
        .map(|(name, w)| {
            let item = resolve_items(&op.response.members, &w.items)
                .and_then(|list| list.items.as_deref())
                .expect("validated: the items path resolves to a list");
            let member = w.member.as_ref().map(|m| {
                let f = item
                    .members
                    .iter()
                    .find(|f| &f.name == m)
                    .expect("validated: the member exists");
                (m.to_snake_case(), f.enum_ref.is_some())
            });
            Waiter {
                name: name.clone(),
                method: name.to_snake_case(),
                description: w.description.clone(),
                items_path: w.items.split('.').map(|p| p.to_snake_case()).collect(),
                items_wire: w.items.clone(),
                member_wire: w.member.clone(),
                member,
                success: w.success.clone(),
                failure: w.failure.clone(),
                min_delay_secs: w.min_delay_secs,
                max_delay_secs: w.max_delay_secs,
            }
        })
        .collect();

    Operation {
        name: op.name.clone(),
        module: op.name.to_snake_case(),
        source,
        crate_ident: crate_ident.to_owned(),
        description: op.description.clone(),
        read_only: op.read_only,
        idempotent: op.idempotent,
        anonymous: op.anonymous,
        enums,
        params,
        request_structs,
        rules: op.rules.clone(),
        pagination,
        output_fields,
        response_structs,
        errors,
        waiters,
    }
}

fn param(p: &ParameterSpec, structs: &mut Vec<Struct>, in_json: bool) -> Param {
    let json = in_json || p.style.as_deref() == Some("json");
    let ty = match p.ty.as_str() {
        "string" => match &p.enum_ref {
            Some(e) => ParamType::Enum(e.clone()),
            None => ParamType::String,
        },
        "integer" => ParamType::Integer,
        "long" => ParamType::Long,
        "boolean" => ParamType::Boolean,
        "float" => ParamType::Float,
        "list" => ParamType::List(Box::new(param(
            p.items.as_deref().expect("validated: lists have items"),
            structs,
            json,
        ))),
        "object" => {
            let name = p
                .struct_name
                .clone()
                .unwrap_or_else(|| p.name.to_upper_camel_case());
            let mut members: Vec<Param> =
                p.members.iter().map(|m| param(m, structs, json)).collect();
            members.sort_by(|a, b| a.wire.cmp(&b.wire));
            let is_key_value = members.len() == 2
                && members[0].wire == "Key"
                && members[1].wire == "Value"
                && members.iter().all(|m| m.ty == ParamType::String);
            structs.push(Struct {
                name: name.clone(),
                doc: p.description.clone(),
                members,
                is_key_value,
                json,
                shared: false,
            });
            ParamType::Object(name)
        }
        other => unreachable!("validated: unknown type {other}"),
    };
    let code = |limit: &str| p.limit_errors.get(limit).cloned();
    let checked = |limit: &str| p.enforced.contains_key(limit);
    Param {
        wire: p.name.clone(),
        // Only the outermost parameter of a JSON value is sent as JSON.
        json: json && !in_json,
        example: p.example.clone(),
        deprecated: p.deprecated,
        field: p.name.to_snake_case(),
        doc: p.description.clone(),
        required: p.required,
        ty,
        limits: Limits {
            required_error: code("required"),
            max_items: p
                .max_items
                .filter(|_| checked("maxItems"))
                .map(|v| (v, code("maxItems"))),
            min_length: p
                .min_length
                .filter(|_| checked("minLength"))
                .map(|v| (v, code("minLength"))),
            max_length: p
                .max_length
                .filter(|_| checked("maxLength"))
                .map(|v| (v, code("maxLength"))),
            minimum: p
                .minimum
                .filter(|_| checked("minimum"))
                .map(|v| (v, code("minimum"))),
            maximum: p
                .maximum
                .filter(|_| checked("maximum"))
                .map(|v| (v, code("maximum"))),
        },
        documented: Limits {
            required_error: code("required"),
            max_items: p.max_items.map(|v| (v, code("maxItems"))),
            min_length: p.min_length.map(|v| (v, code("minLength"))),
            max_length: p.max_length.map(|v| (v, code("maxLength"))),
            minimum: p.minimum.map(|v| (v, code("minimum"))),
            maximum: p.maximum.map(|v| (v, code("maximum"))),
        },
        enforced: p
            .enforced
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn field(f: &FieldSpec, structs: &mut Vec<ResponseStruct>) -> Field {
    Field {
        wire: f.name.clone(),
        field: f.name.to_snake_case(),
        doc: f.description.clone(),
        ty: field_type(f, structs),
    }
}

fn field_type(f: &FieldSpec, structs: &mut Vec<ResponseStruct>) -> FieldType {
    match f.ty.as_str() {
        "string" => match &f.enum_ref {
            Some(e) => FieldType::Enum(e.clone()),
            None => FieldType::String,
        },
        "integer" => FieldType::Integer,
        "long" => FieldType::Long,
        "boolean" => FieldType::Boolean,
        "float" => FieldType::Float,
        "list" => FieldType::List(Box::new(field_type(
            f.items.as_deref().expect("validated: lists have items"),
            structs,
        ))),
        "object" => {
            let name = f
                .struct_name
                .clone()
                .unwrap_or_else(|| f.name.to_upper_camel_case());
            let fields = f.members.iter().map(|m| field(m, structs)).collect();
            if !structs.iter().any(|s| s.name == name) {
                structs.push(ResponseStruct {
                    name: name.clone(),
                    doc: f.description.clone(),
                    fields,
                    shared: false,
                });
            }
            FieldType::Object(name)
        }
        other => unreachable!("validated: unknown type {other}"),
    }
}
