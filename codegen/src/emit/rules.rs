//! Cross-parameter rules (`atLeastOneOf`, `mutuallyExclusive`, ...), checked
//! by the input's `validate()` after every parameter's own limits.

use super::ident;
use crate::model::{Operation, Param, ParamType};
use crate::spec::RuleSpec;
use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

fn param_by_wire<'a>(op: &'a Operation, wire: &str) -> &'a Param {
    op.params
        .iter()
        .find(|p| p.wire == wire)
        .expect("validated: rule names a parameter")
}

/// Whether a top-level parameter is set: a non-empty list or a `Some`.
///
/// A flag counts as set only when it is `true`: `All=false` asks for
/// nothing, so it conflicts with nothing.
fn present(p: &Param) -> TokenStream {
    let f = ident(&p.field);
    if p.ty.is_list() {
        quote! { !self.#f.is_empty() }
    } else if p.required {
        quote! { true }
    } else if p.ty == ParamType::Boolean {
        quote! { self.#f == Some(true) }
    } else {
        quote! { self.#f.is_some() }
    }
}

fn member_field(op: &Operation, list: &str, member: &str) -> (Ident, Ident) {
    let p = param_by_wire(op, list);
    (ident(&p.field), ident(&member.to_snake_case()))
}

/// `item.<member>` is set (`present == true`) or unset, for an item of `list`.
fn member_set(op: &Operation, list: &str, member: &str, present: bool) -> TokenStream {
    let p = param_by_wire(op, list);
    let m = ident(&member.to_snake_case());
    let is_list = match &p.ty {
        ParamType::List(item) => match &item.ty {
            ParamType::Object(name) => op
                .request_structs
                .iter()
                .find(|s| &s.name == name)
                .and_then(|s| s.members.iter().find(|x| x.wire == member))
                .is_some_and(|x| x.ty.is_list()),
            _ => false,
        },
        _ => false,
    };
    match (is_list, present) {
        (true, true) => quote! { !item.#m.is_empty() },
        (true, false) => quote! { item.#m.is_empty() },
        (false, true) => quote! { item.#m.is_some() },
        (false, false) => quote! { item.#m.is_none() },
    }
}

pub(super) fn emit_rule(op: &Operation, rule: &RuleSpec) -> TokenStream {
    match rule {
        RuleSpec::AtLeastOneOf {
            parameters,
            error,
            description,
        } => {
            let set = parameters.iter().map(|w| present(param_by_wire(op, w)));
            let names = parameters.join(", ");
            quote! {
                if !( #( #set )||* ) {
                    return Err(crate::runtime::validate::rule(#names, #description, #error));
                }
            }
        }
        RuleSpec::MutuallyExclusive {
            parameters,
            error,
            description,
        } => {
            let set = parameters.iter().map(|w| present(param_by_wire(op, w)));
            let names = parameters.join(", ");
            quote! {
                if [ #( #set ),* ].iter().filter(|set| **set).count() > 1 {
                    return Err(crate::runtime::validate::rule(#names, #description, #error));
                }
            }
        }
        RuleSpec::MemberRequires {
            list,
            member,
            requires,
            error,
            description,
        } => {
            let (f, _) = member_field(op, list, member);
            let has_member = member_set(op, list, member, true);
            let lacks_required = member_set(op, list, requires, false);
            let name = format!("{list}.{{}}.{member}");
            quote! {
                for (index, item) in self.#f.iter().enumerate() {
                    if #has_member && #lacks_required {
                        return Err(crate::runtime::validate::rule(format!(#name, index + 1), #description, #error));
                    }
                }
            }
        }
        RuleSpec::UniqueMember {
            list,
            member,
            error,
            description,
        } => {
            let (f, m) = member_field(op, list, member);
            let name = format!("{list}.{{}}.{member}");
            quote! {
                for (index, item) in self.#f.iter().enumerate() {
                    if let Some(value) = &item.#m {
                        if self.#f[..index].iter().any(|earlier| earlier.#m.as_ref() == Some(value)) {
                            return Err(crate::runtime::validate::rule(format!(#name, index + 1), #description, #error));
                        }
                    }
                }
            }
        }
        RuleSpec::ExclusiveValue {
            list,
            member,
            value,
            error,
            description,
        } => {
            let (f, m) = member_field(op, list, member);
            let name = format!("{list}.{{}}.{member}");
            quote! {
                if self.#f.len() > 1 {
                    if let Some(index) = self.#f.iter().position(|item| item.#m.as_deref() == Some(#value)) {
                        return Err(crate::runtime::validate::rule(format!(#name, index + 1), #description, #error));
                    }
                }
            }
        }
    }
}
