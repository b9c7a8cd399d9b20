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
use crate::model::{Operation, Param, ParamType};
use crate::spec::RuleSpec;
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
    let op_doc = format!(" The `{name}` action: its wire name and retry facts.");
    let summary = first_sentence(&op.description).trim();
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
    }
}
