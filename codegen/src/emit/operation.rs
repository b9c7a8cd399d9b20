//! One operation's file: module docs (what it does, what `build()` checks,
//! an example call), its facts for the runtime, and the pieces from the
//! other emit modules in reading order.

use super::client::{emit_fluent, emit_paginator};
use super::docs::{first_sentence, inner_doc};
use super::enums::emit_enum;
use super::errors::{emit_error, error_table};
use super::ident;
use super::request::{emit_input, emit_request_struct, limit_phrases};
use super::response::{emit_output, emit_response_struct};
use crate::model::{Limits, Operation, Param, ParamType};
use crate::spec::{PaginationSpec, RuleSpec};
use proc_macro2::TokenStream;
use quote::quote;

/// A call with the required parameters (and one of each "at least one of"
/// group) set to the spec's example values, as doc lines.
fn example_call(op: &Operation) -> String {
    let mut wanted: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.wire.as_str())
        .collect();
    for rule in &op.rules {
        if let RuleSpec::AtLeastOneOf { parameters, .. } = rule {
            if let Some(first) = parameters.first() {
                if !parameters.iter().any(|p| wanted.contains(&p.as_str())) {
                    wanted.push(first);
                }
            }
        }
    }
    let mut calls = String::new();
    for p in op
        .params
        .iter()
        .filter(|p| wanted.contains(&p.wire.as_str()))
    {
        let args = example_args(p, op);
        calls.push_str(&format!("\n     .{}({args})", ident(&p.field)));
    }
    format!(
        " ```no_run\n # async fn example(client: {}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n let output = client\n     .{}(){calls}\n     .send()\n     .await?;\n println!(\"{{output:?}}\");\n # Ok(())\n # }}\n ```",
        op.crate_ident, op.module
    )
}

fn example_args(p: &Param, op: &Operation) -> String {
    let value = |ty: &ParamType, example: Option<&str>| -> String {
        let example = example.map(str::trim).filter(|e| !e.is_empty());
        match ty {
            ParamType::String => format!("{:?}", example.unwrap_or("example")),
            ParamType::Enum(name) => {
                let first = op
                    .enums
                    .iter()
                    .find(|e| &e.name == name)
                    .map(|e| e.values[0].0.as_str());
                format!("{:?}", example.or(first).unwrap_or("example"))
            }
            ParamType::Integer | ParamType::Long => example
                .and_then(|e| e.parse::<i64>().ok())
                .unwrap_or(1)
                .to_string(),
            ParamType::Float => format!(
                "{:?}",
                example.and_then(|e| e.parse::<f64>().ok()).unwrap_or(1.0)
            ),
            ParamType::Boolean => (example != Some("false")).to_string(),
            ParamType::Object(name) => {
                format!(
                    "{}::operation::{}::{name}::default()",
                    op.crate_ident, op.module
                )
            }
            ParamType::List(_) => unreachable!("lists are given item by item"),
        }
    };
    match &p.ty {
        ParamType::List(item) => match &item.ty {
            ParamType::Object(name)
                if op
                    .request_structs
                    .iter()
                    .any(|s| &s.name == name && s.is_key_value) =>
            {
                "\"env\", \"prod\"".to_owned()
            }
            // A list's own example is often the whole list (JSON text), so
            // only an item's example is used.
            ty => value(ty, item.example.as_deref()),
        },
        ty => value(ty, p.example.as_deref()),
    }
}

/// What `build()` checks before anything is sent, and what the spec
/// documents without checking, as Markdown lines for the module docs.
fn checked_section(op: &Operation) -> Vec<String> {
    let mut checked = Vec::new();
    let mut documented = Vec::new();
    fn walk(
        p: &Param,
        path: &str,
        op: &Operation,
        checked: &mut Vec<String>,
        documented: &mut Vec<String>,
    ) {
        if p.required {
            checked.push(format!("`{path}` is required"));
        }
        let enforced = limit_phrases(p, |p| &p.limits);
        for limit in &enforced {
            checked.push(format!("`{path}`: {limit}"));
        }
        for limit in limit_phrases(p, |p| &p.documented) {
            if !enforced.contains(&limit) {
                documented.push(format!("`{path}`: {limit}"));
            }
        }
        let (object, item_path) = match &p.ty {
            ParamType::Object(name) => (Some(name), path.to_owned()),
            ParamType::List(item) => match &item.ty {
                ParamType::Object(name) => (Some(name), format!("{path}.N")),
                _ => (None, String::new()),
            },
            _ => (None, String::new()),
        };
        if let Some(s) = object.and_then(|n| op.request_structs.iter().find(|s| &s.name == n)) {
            for m in &s.members {
                walk(
                    m,
                    &format!("{item_path}.{}", m.wire),
                    op,
                    checked,
                    documented,
                );
            }
        }
    }
    for p in &op.params {
        walk(p, &p.wire, op, &mut checked, &mut documented);
    }
    for rule in &op.rules {
        let text = match rule {
            RuleSpec::AtLeastOneOf {
                description, error, ..
            }
            | RuleSpec::MutuallyExclusive {
                description, error, ..
            }
            | RuleSpec::MemberRequires {
                description, error, ..
            }
            | RuleSpec::UniqueMember {
                description, error, ..
            }
            | RuleSpec::ExclusiveValue {
                description, error, ..
            } => {
                format!("{} (`{error}`)", description.trim().trim_end_matches('.'))
            }
        };
        checked.push(text);
    }
    let mut lines = vec![
        String::new(),
        "# Checked before sending".to_owned(),
        String::new(),
    ];
    if checked.is_empty() {
        lines.push("Nothing: the service decides on every value.".to_owned());
    } else {
        lines.push("`build()` and `send()` refuse, without sending anything:".to_owned());
        lines.push(String::new());
        lines.extend(checked.into_iter().map(|c| format!("- {c}")));
    }
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push(
            "Documented but not checked (the sources disagree, or the service clamps rather than refuses):"
                .to_owned(),
        );
        lines.push(String::new());
        lines.extend(documented.into_iter().map(|c| format!("- {c}")));
    }
    lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

/// A parameter's facts for tools that take wire parameters (the command
/// line's `--help`, its "did you mean", its check for unknown keys).
fn param_info(p: &Param, op: &Operation) -> TokenStream {
    let wire = &p.wire;
    let kind = match &p.ty {
        ParamType::String => quote! { crate::runtime::ParamKind::String },
        ParamType::Enum(name) => {
            let values = op
                .enums
                .iter()
                .find(|e| &e.name == name)
                .map(|e| e.values.iter().map(|v| v.0.as_str()).collect::<Vec<_>>())
                .unwrap_or_default();
            quote! { crate::runtime::ParamKind::Enum(&[ #( #values ),* ]) }
        }
        ParamType::Integer => quote! { crate::runtime::ParamKind::Integer },
        ParamType::Long => quote! { crate::runtime::ParamKind::Long },
        ParamType::Float => quote! { crate::runtime::ParamKind::Float },
        ParamType::Boolean => quote! { crate::runtime::ParamKind::Boolean },
        ParamType::List(item) => {
            let item = param_info(item, op);
            quote! { crate::runtime::ParamKind::List(&#item) }
        }
        ParamType::Object(name) => {
            let members = op
                .request_structs
                .iter()
                .find(|s| &s.name == name)
                .map(|s| s.members.iter().map(|m| param_info(m, op)).collect())
                .unwrap_or_else(Vec::new);
            quote! { crate::runtime::ParamKind::Object(&[ #( #members ),* ]) }
        }
    };
    let json = p.json;
    let required = p.required;
    let deprecated = p.deprecated;
    let checked = limits_info(&p.limits);
    let documented = limits_info(&p.documented);
    let description = p.doc.trim();
    quote! {
        crate::runtime::ParamInfo {
            wire: #wire,
            kind: #kind,
            json: #json,
            required: #required,
            deprecated: #deprecated,
            checked: #checked,
            documented: #documented,
            description: #description,
        }
    }
}

/// Only the limits that are set, so that the table stays short: most
/// parameters have none.
fn limits_info(l: &Limits) -> TokenStream {
    let mut set = Vec::new();
    if let Some((v, _)) = &l.max_items {
        set.push(quote! { max_items: Some(#v), });
    }
    if let Some((v, _)) = &l.min_length {
        set.push(quote! { min_length: Some(#v), });
    }
    if let Some((v, _)) = &l.max_length {
        set.push(quote! { max_length: Some(#v), });
    }
    if let Some((v, _)) = &l.minimum {
        set.push(quote! { minimum: Some(#v), });
    }
    if let Some((v, _)) = &l.maximum {
        set.push(quote! { maximum: Some(#v), });
    }
    if set.is_empty() {
        quote! { crate::runtime::LimitsInfo::NONE }
    } else {
        quote! { crate::runtime::LimitsInfo { #( #set )* ..crate::runtime::LimitsInfo::NONE } }
    }
}

fn pagination_info(op: &Operation) -> TokenStream {
    let Some(pg) = &op.pagination else {
        return quote! { None };
    };
    match &pg.spec {
        PaginationSpec::Token {
            input_token,
            output_token,
            page_size,
            items,
        } => {
            let page_size = match page_size {
                Some(p) => quote! { Some(#p) },
                None => quote! { None },
            };
            quote! {
                Some(crate::runtime::PaginationInfo::Token {
                    input: #input_token,
                    output: #output_token,
                    page_size: #page_size,
                    items: #items,
                })
            }
        }
        PaginationSpec::PageNumber {
            page_number,
            page_size,
            total_count,
            items,
        } => quote! {
            Some(crate::runtime::PaginationInfo::PageNumber {
                page_number: #page_number,
                page_size: #page_size,
                total_count: #total_count,
                items: #items,
            })
        },
    }
}

pub(super) fn emit_operation(op: &Operation) -> TokenStream {
    let name = &op.name;
    let read_only = op.read_only;
    let idempotent = op.idempotent;
    let anonymous = op.anonymous;
    let module_doc = inner_doc(&op.description);
    let checked = checked_section(op);
    let example = example_call(op);
    let example: Vec<&str> = example.lines().collect();
    let errors = error_table(&op.errors);
    let enums = op.enums.iter().map(emit_enum);
    let input = emit_input(op);
    let request_structs = op
        .request_structs
        .iter()
        .filter(|s| !s.shared)
        .map(emit_request_struct);
    let output = emit_output(op);
    let response_structs = op
        .response_structs
        .iter()
        .filter(|s| !s.shared)
        .map(emit_response_struct);
    let shared: Vec<_> = op
        .request_structs
        .iter()
        .filter(|s| s.shared)
        .map(|s| ident(&s.name))
        .chain(
            op.response_structs
                .iter()
                .filter(|s| s.shared)
                .map(|s| ident(&s.name)),
        )
        .collect();
    let shared = (!shared.is_empty()).then(|| quote! { pub use crate::types::{ #( #shared ),* }; });
    let error = emit_error(op);
    let fluent = emit_fluent(op);
    let paginator = op.pagination.as_ref().map(|_| emit_paginator(op));
    let waiters = super::waiters::emit_waiters(op);
    let op_doc = format!(" The `{name}` action: its wire name and retry facts.");
    let summary = first_sentence(&op.description).trim();
    let description = op.description.trim();
    let params = op.params.iter().map(|p| param_info(p, op));
    let pagination = pagination_info(op);
    let input_ty = quote::format_ident!("{}Input", op.name);
    let output_ty = quote::format_ident!("{}Output", op.name);
    quote! {
        #module_doc
        #( #![doc = #checked] )*
        #![doc = ""]
        #![doc = " # Example"]
        #![doc = ""]
        #( #![doc = #example] )*

        use crate::runtime::{OperationInfo, ValidationError, WireParams};
        #shared

        #[doc = #op_doc]
        #[doc(hidden)]
        pub const OPERATION: OperationInfo = OperationInfo {
            name: #name,
            read_only: #read_only,
            idempotent: #idempotent,
            anonymous: #anonymous,
        };

        /// The error codes this operation documents, with their HTTP status
        /// (its own, where a common code is documented here too); the codes
        /// every operation shares are in `service::COMMON_ERRORS`.
        #[doc(hidden)]
        pub static ERRORS: &[crate::runtime::ErrorInfo] = &[ #errors ];

        #[doc(hidden)]
        #[cfg(feature = "server")]
        pub static ENTRY: crate::runtime::OperationEntry = crate::runtime::OperationEntry {
            info: &OPERATION,
            summary: #summary,
            description: #description,
            params: &[ #( #params ),* ],
            pagination: #pagination,
            errors: ERRORS,
            reencode: |params, checked| {
                let input = if checked {
                    #input_ty::from_wire_params(params)?
                } else {
                    #input_ty::from_wire_params_unchecked(params)?
                };
                Ok(input.to_wire_params())
            },
            reserialize: |body| #output_ty::from_json(body).to_json(),
        };

        #( #enums )*
        #input
        #( #request_structs )*
        #output
        #( #response_structs )*
        #error
        #fluent
        #paginator
        #waiters
    }
}
