//! The request side of an operation: the input, its builder and setters,
//! the checks `build()` makes, the wire encoding, and (behind the `server`
//! feature, for the emulator) the decoding back from wire parameters.

use super::docs::{doc, doc_lines};
use super::ident;
use super::response::field_type_tokens;
use super::rules::emit_rule;
use crate::model::{Limits, Operation, Param, ParamType, Struct};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The Rust type of a parameter's value (`Vec<T>` for lists).
pub(super) fn scalar_type(ty: &ParamType) -> TokenStream {
    field_type_tokens(&ty.value_type())
}

pub(super) fn param_doc(p: &Param, wire: &str) -> TokenStream {
    let sent_as = match &p.ty {
        _ if p.json => format!("Sent as `{wire}`, one JSON text."),
        ParamType::List(_) => format!("Sent as `{wire}.N`, numbered from 1."),
        ParamType::Object(_) => format!("Sent as `{wire}.<member>`."),
        _ => format!("Sent as `{wire}`."),
    };
    let checked = limit_phrases(p, |p| &p.limits);
    let documented: Vec<String> = limit_phrases(p, |p| &p.documented)
        .into_iter()
        .filter(|l| !checked.contains(l))
        .collect();
    let mut limits = String::new();
    if !checked.is_empty() {
        limits.push_str(&format!("Checked by `build()`: {}.", checked.join(", ")));
    }
    if !documented.is_empty() {
        limits.push_str(&format!(
            " Documented, not checked before sending: {}.",
            documented.join(", ")
        ));
    }
    let required = if p.required { "Required." } else { "" };
    let deprecated = if p.deprecated {
        " Deprecated by the service: it is still sent when set, but prefer its replacement."
    } else {
        ""
    };
    let facts: Vec<&str> = [sent_as.as_str(), required, limits.trim(), deprecated.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    doc_lines(&[&p.doc, &facts.join(" ")])
}

/// A parameter's limits in words (`at most 20 items`, `1 to 128 characters`),
/// the list's own and its items'.
pub(super) fn limit_phrases(p: &Param, which: fn(&Param) -> &Limits) -> Vec<String> {
    let mut limits = Vec::new();
    if let Some((max, _)) = &which(p).max_items {
        limits.push(format!("at most {max} items"));
    }
    let item_limits = match &p.ty {
        ParamType::List(item) => which(item),
        _ => which(p),
    };
    match (&item_limits.min_length, &item_limits.max_length) {
        (Some((lo, _)), Some((hi, _))) => limits.push(format!("{lo} to {hi} characters")),
        (Some((lo, _)), None) => limits.push(format!("at least {lo} characters")),
        (None, Some((hi, _))) => limits.push(format!("at most {hi} characters")),
        (None, None) => {}
    }
    match (&item_limits.minimum, &item_limits.maximum) {
        (Some((lo, _)), Some((hi, _))) => limits.push(format!("{lo} to {hi}")),
        (Some((lo, _)), None) => limits.push(format!("at least {lo}")),
        (None, Some((hi, _))) => limits.push(format!("at most {hi}")),
        (None, None) => {}
    }
    limits
}

/// One setter, emitted on the input builder and delegated by the fluent builder.
pub(super) struct Setter {
    pub(super) doc: TokenStream,
    pub(super) name: Ident,
    pub(super) args: Vec<(Ident, TokenStream)>,
    /// Body that updates `self` (the input builder) and returns it.
    pub(super) body: TokenStream,
}

pub(super) fn setters_for(p: &Param, structs: &[Struct]) -> Vec<Setter> {
    let field = ident(&p.field);
    let set = format_ident!("set_{}", p.field);
    let d = param_doc(p, &p.wire);
    let mut out = Vec::new();
    match &p.ty {
        ParamType::List(item) => {
            let item_ty = scalar_type(&item.ty);
            let key_value = match &item.ty {
                ParamType::Object(name) => {
                    structs.iter().any(|s| &s.name == name && s.is_key_value)
                }
                _ => false,
            };
            if key_value {
                let push_doc = format!(
                    " Appends one `{}` pair; see [`{}`] to send a key alone.",
                    p.wire,
                    match &item.ty {
                        ParamType::Object(n) => n.as_str(),
                        _ => "",
                    }
                );
                out.push(Setter {
                    doc: quote! { #[doc = #push_doc] #d },
                    name: field.clone(),
                    args: vec![
                        (format_ident!("key"), quote! { impl Into<String> }),
                        (format_ident!("value"), quote! { impl Into<String> }),
                    ],
                    body: quote! { self.#field.push(#item_ty::new(key, value)); self },
                });
                let item_fn = format_ident!("{}_item", p.field);
                let item_doc = format!(" Appends one `{}` item as given.", p.wire);
                out.push(Setter {
                    doc: quote! { #[doc = #item_doc] },
                    name: item_fn,
                    args: vec![(format_ident!("item"), quote! { #item_ty })],
                    body: quote! { self.#field.push(item); self },
                });
            } else {
                let (arg_ty, conv) = match &item.ty {
                    ParamType::Object(_) => (quote! { #item_ty }, quote! { value }),
                    ParamType::String | ParamType::Enum(_) => {
                        (quote! { impl Into<#item_ty> }, quote! { value.into() })
                    }
                    _ => (quote! { #item_ty }, quote! { value }),
                };
                let push_doc = format!(" Appends one item to `{}`.", p.wire);
                out.push(Setter {
                    doc: quote! { #[doc = #push_doc] #[doc = ""] #d },
                    name: field.clone(),
                    args: vec![(format_ident!("value"), arg_ty)],
                    body: quote! { self.#field.push(#conv); self },
                });
            }
            let set_doc = format!(" Replaces every item of `{}`.", p.wire);
            out.push(Setter {
                doc: quote! { #[doc = #set_doc] },
                name: set,
                args: vec![(format_ident!("values"), quote! { Vec<#item_ty> })],
                body: quote! { self.#field = values; self },
            });
        }
        ty => {
            let t = scalar_type(ty);
            let (arg_ty, conv) = match ty {
                ParamType::String | ParamType::Enum(_) => {
                    (quote! { impl Into<#t> }, quote! { value.into() })
                }
                _ => (quote! { #t }, quote! { value }),
            };
            out.push(Setter {
                doc: d,
                name: field.clone(),
                args: vec![(format_ident!("value"), arg_ty)],
                body: quote! { self.#field = Some(#conv); self },
            });
            let set_doc = format!(" Sets or clears `{}`.", p.wire);
            out.push(Setter {
                doc: quote! { #[doc = #set_doc] },
                name: set,
                args: vec![(format_ident!("value"), quote! { Option<#t> })],
                body: quote! { self.#field = value; self },
            });
        }
    }
    out
}

/// How a wire key is formed at a place in the request.
#[derive(Clone)]
enum KeyBase {
    /// A top-level parameter: the key is its wire name.
    Top(String),
    /// A member of an object: `{prefix}.Wire`, with `prefix` in scope.
    Member(String),
}

impl KeyBase {
    /// An expression of type `&str` for the key, without an index.
    fn str_expr(&self) -> TokenStream {
        match self {
            KeyBase::Top(w) => quote! { #w },
            KeyBase::Member(_) => {
                let key = self.expr(None);
                quote! { &#key }
            }
        }
    }

    /// An expression of type `String` for the key, with `index` (a 0-based
    /// `usize` in scope) appended as `.N` when given.
    fn expr(&self, index: Option<&Ident>) -> TokenStream {
        match (self, index) {
            (KeyBase::Top(w), None) => quote! { String::from(#w) },
            (KeyBase::Top(w), Some(i)) => {
                quote! { crate::runtime::wire::numbered_key(#w, #i) }
            }
            (KeyBase::Member(w), None) => {
                quote! { crate::runtime::wire::member_key(prefix, #w) }
            }
            (KeyBase::Member(w), Some(i)) => quote! {
                crate::runtime::wire::numbered_key(&crate::runtime::wire::member_key(prefix, #w), #i)
            },
        }
    }
}

fn to_wire_string(ty: &ParamType, v: &TokenStream) -> TokenStream {
    match ty {
        ParamType::String => quote! { #v.clone() },
        ParamType::Enum(_) => quote! { #v.as_str().to_owned() },
        _ => quote! { #v.to_string() },
    }
}

/// Statements that push `value` (a place expression such as `self.tag`) onto
/// `out`. It holds a `T` for required scalars, an `Option<T>` for optional ones
/// and a `Vec<T>` for lists.
fn encode_param(p: &Param, value: TokenStream, base: &KeyBase, optional: bool) -> TokenStream {
    if p.json {
        let key = base.expr(None);
        return match &p.ty {
            ParamType::List(_) => quote! {
                if !#value.is_empty() {
                    out.push((#key, crate::runtime::wire::json_text(&#value)));
                }
            },
            _ if optional => quote! {
                if let Some(v) = &#value {
                    out.push((#key, crate::runtime::wire::json_text(v)));
                }
            },
            _ => quote! { out.push((#key, crate::runtime::wire::json_text(&#value))); },
        };
    }
    match &p.ty {
        ParamType::List(item) => {
            let i = format_ident!("index");
            let key = base.expr(Some(&i));
            let v = quote! { item };
            let push = match &item.ty {
                ParamType::Object(_) => quote! { item.encode_wire(&#key, out); },
                ty => {
                    let s = to_wire_string(ty, &v);
                    quote! { out.push((#key, #s)); }
                }
            };
            quote! { for (#i, item) in #value.iter().enumerate() { #push } }
        }
        ParamType::Object(_) => {
            let key = base.expr(None);
            if optional {
                quote! { if let Some(item) = &#value { item.encode_wire(&#key, out); } }
            } else {
                quote! { #value.encode_wire(&#key, out); }
            }
        }
        ty => {
            let key = base.expr(None);
            if optional {
                let s = to_wire_string(ty, &quote! { v });
                quote! { if let Some(v) = &#value { out.push((#key, #s)); } }
            } else {
                let s = to_wire_string(ty, &value);
                quote! { out.push((#key, #s)); }
            }
        }
    }
}

/// An expression of type `Option<T>` (or `Result<Option<T>, _>?`) reading
/// one value at `key` (a `&str` expression) from `reader`.
fn decode_value(ty: &ParamType, key: &TokenStream) -> TokenStream {
    match ty {
        ParamType::String => quote! { reader.string(#key) },
        ParamType::Enum(name) => {
            let t = ident(name);
            quote! { reader.string(#key).map(#t::from) }
        }
        ParamType::Integer => quote! { reader.parse::<i32>(#key, "an integer")? },
        ParamType::Long => quote! { reader.parse::<i64>(#key, "an integer")? },
        ParamType::Float => quote! { reader.parse::<f64>(#key, "a number")? },
        ParamType::Boolean => quote! { reader.boolean(#key)? },
        ParamType::Object(name) => {
            let t = ident(name);
            quote! { Some(#t::decode_wire(reader, #key)?) }
        }
        ParamType::List(_) => unreachable!("lists are decoded item by item"),
    }
}

/// Statements declaring the local `target` (an `Option<T>` or a `Vec<T>`)
/// read from the wire.
fn decode_param(p: &Param, target: TokenStream, base: &KeyBase) -> TokenStream {
    let key = base.str_expr();
    if p.json {
        let t = scalar_type(&p.ty);
        return match &p.ty {
            ParamType::List(_) => quote! {
                let #target: #t = reader.json(#key, "a JSON array")?.unwrap_or_default();
            },
            _ => quote! { let #target: Option<#t> = reader.json(#key, "a JSON value")?; },
        };
    }
    match &p.ty {
        ParamType::List(item) => {
            let item_key = quote! { &format!("{base}.{n}") };
            let push = match &item.ty {
                ParamType::Object(name) => {
                    let t = ident(name);
                    quote! { #target.push(#t::decode_wire(reader, #item_key)?); }
                }
                ty => {
                    let read = decode_value(ty, &item_key);
                    quote! {
                        if let Some(value) = #read {
                            #target.push(value);
                        }
                    }
                }
            };
            quote! {
                let mut #target = Vec::new();
                let base = #key;
                for n in reader.indices(base) {
                    #push
                }
            }
        }
        ty => {
            let read = decode_value(ty, &key);
            quote! { let #target = #read; }
        }
    }
}

pub(super) fn code_tokens(code: &Option<String>) -> TokenStream {
    match code {
        Some(c) => quote! { Some(#c) },
        None => quote! { None },
    }
}

/// Checks of one value's own limits (`v` is a `&T` of a scalar).
fn scalar_checks(
    ty: &ParamType,
    limits: &Limits,
    v: &TokenStream,
    key: &TokenStream,
) -> TokenStream {
    let name = &quote! { &|| #key };
    match ty {
        ParamType::String => {
            bounded_checks(&limits.min_length, &limits.max_length, |lo, hi, code| {
                quote! { crate::runtime::validate::length(#name, #v, #lo, #hi, #code)?; }
            })
        }
        ParamType::Integer | ParamType::Long => {
            let widened = if *ty == ParamType::Long {
                quote! { *#v }
            } else {
                quote! { i64::from(*#v) }
            };
            bounded_checks(&limits.minimum, &limits.maximum, |lo, hi, code| {
                quote! { crate::runtime::validate::range(#name, #widened, #lo, #hi, #code)?; }
            })
        }
        ParamType::Object(_) => quote! { #v.validate(&#key)?; },
        _ => TokenStream::new(),
    }
}

/// The checks of a lower and an upper bound: one check of both when they
/// share an error code (or only one is set), else one check per bound so
/// that each failure carries its own code.
fn bounded_checks<N: Copy + BoundLiteral>(
    lower: &Option<(N, Option<String>)>,
    upper: &Option<(N, Option<String>)>,
    check: impl Fn(TokenStream, TokenStream, TokenStream) -> TokenStream,
) -> TokenStream {
    let literal = |bound: &Option<(N, Option<String>)>| match bound {
        Some((n, _)) => {
            let n = n.literal();
            quote! { Some(#n) }
        }
        None => quote! { None },
    };
    let code_of = |bound: &Option<(N, Option<String>)>| bound.as_ref().and_then(|(_, c)| c.clone());
    match (lower, upper) {
        (None, None) => TokenStream::new(),
        (Some(_), Some(_)) if code_of(lower) != code_of(upper) => {
            let first = check(
                literal(lower),
                quote! { None },
                code_tokens(&code_of(lower)),
            );
            let second = check(
                quote! { None },
                literal(upper),
                code_tokens(&code_of(upper)),
            );
            quote! { #first #second }
        }
        _ => check(
            literal(lower),
            literal(upper),
            code_tokens(&code_of(lower).or_else(|| code_of(upper))),
        ),
    }
}

/// A bound's unsuffixed literal, so the generated code reads `Some(128)`.
trait BoundLiteral {
    fn literal(self) -> proc_macro2::Literal;
}

impl BoundLiteral for u64 {
    fn literal(self) -> proc_macro2::Literal {
        proc_macro2::Literal::u64_unsuffixed(self)
    }
}

impl BoundLiteral for i64 {
    fn literal(self) -> proc_macro2::Literal {
        proc_macro2::Literal::i64_unsuffixed(self)
    }
}

/// Statements checking one parameter's limits. Same conventions as `encode_param`.
fn check_param(p: &Param, value: TokenStream, base: &KeyBase, optional: bool) -> TokenStream {
    match &p.ty {
        ParamType::List(item) => {
            let mut out = TokenStream::new();
            if p.required {
                let key = base.expr(None);
                let code = code_tokens(&p.limits.required_error);
                out.extend(quote! {
                    if #value.is_empty() {
                        return Err(ValidationError::new(#key, crate::runtime::ValidationErrorKind::Missing, #code));
                    }
                });
            }
            if let Some((max, code)) = &p.limits.max_items {
                let key = base.expr(None);
                let name = quote! { &|| #key };
                let code = code_tokens(code);
                let max = proc_macro2::Literal::u64_unsuffixed(*max);
                out.extend(quote! { crate::runtime::validate::max_items(#name, #value.len(), #max, #code)?; });
            }
            let i = format_ident!("index");
            let key = base.expr(Some(&i));
            let checks = scalar_checks(&item.ty, &item.limits, &quote! { item }, &key);
            if !checks.is_empty() {
                out.extend(quote! { for (#i, item) in #value.iter().enumerate() { #checks } });
            }
            out
        }
        ty => {
            let key = base.expr(None);
            if optional {
                let checks = scalar_checks(ty, &p.limits, &quote! { v }, &key);
                if checks.is_empty() {
                    return checks;
                }
                quote! { if let Some(v) = &#value { #checks } }
            } else {
                let checks = scalar_checks(ty, &p.limits, &quote! { v }, &key);
                if checks.is_empty() {
                    return checks;
                }
                quote! { { let v = &#value; #checks } }
            }
        }
    }
}

/// Checks that a required member of an object is set.
fn required_member_check(p: &Param) -> TokenStream {
    if !p.required || p.ty.is_list() {
        return TokenStream::new();
    }
    let field = ident(&p.field);
    let key = KeyBase::Member(p.wire.clone()).expr(None);
    let code = code_tokens(&p.limits.required_error);
    quote! {
        if self.#field.is_none() {
            return Err(ValidationError::new(#key, crate::runtime::ValidationErrorKind::Missing, #code));
        }
    }
}

pub(super) fn emit_input(op: &Operation) -> TokenStream {
    let input = format_ident!("{}Input", op.name);
    let builder = format_ident!("{}InputBuilder", op.name);
    let input_doc = format!(
        " The request of `{}`. Build it with [`{}::builder`], which checks every documented limit.",
        op.name, input
    );

    let fields = op.params.iter().map(|p| {
        let f = ident(&p.field);
        let t = scalar_type(&p.ty);
        let d = param_doc(p, &p.wire);
        let t = if p.required || p.ty.is_list() {
            t
        } else {
            quote! { Option<#t> }
        };
        quote! { #d pub #f: #t, }
    });
    let builder_fields = op.params.iter().map(|p| {
        let f = ident(&p.field);
        let t = scalar_type(&p.ty);
        let t = if p.ty.is_list() {
            t
        } else {
            quote! { Option<#t> }
        };
        quote! { #f: #t, }
    });
    let setters: Vec<Setter> = op
        .params
        .iter()
        .flat_map(|p| setters_for(p, &op.request_structs))
        .collect();
    let setter_fns = setters.iter().map(|s| {
        let (d, n, body) = (&s.doc, &s.name, &s.body);
        let args = s.args.iter().map(|(a, t)| quote! { #a: #t });
        quote! { #d pub fn #n(mut self, #( #args ),*) -> Self { #body } }
    });
    let build_fields = op.params.iter().map(|p| {
        let f = ident(&p.field);
        if p.required && !p.ty.is_list() {
            let wire = &p.wire;
            let code = code_tokens(&p.limits.required_error);
            quote! { #f: crate::runtime::validate::required(#wire, self.#f, #code)?, }
        } else {
            quote! { #f: self.#f, }
        }
    });
    let encode = op.params.iter().map(|p| {
        let f = ident(&p.field);
        let optional = !p.required && !p.ty.is_list();
        encode_param(
            p,
            quote! { self.#f },
            &KeyBase::Top(p.wire.clone()),
            optional,
        )
    });
    let checks = op.params.iter().map(|p| {
        let f = ident(&p.field);
        let optional = !p.required && !p.ty.is_list();
        check_param(
            p,
            quote! { self.#f },
            &KeyBase::Top(p.wire.clone()),
            optional,
        )
    });
    let decode = op.params.iter().map(|p| {
        let f = ident(&p.field);
        decode_param(p, quote! { #f }, &KeyBase::Top(p.wire.clone()))
    });
    let field_names = op.params.iter().map(|p| ident(&p.field));
    let rules = op.rules.iter().map(|r| emit_rule(op, r));
    let capacity = proc_macro2::Literal::usize_unsuffixed(op.params.len());

    // An operation without parameters (GetCallerIdentity) encodes nothing;
    // binding `out` there would be an unused variable.
    let to_wire_body = if op.params.is_empty() {
        quote! { WireParams::new() }
    } else {
        quote! {
            let mut params = WireParams::with_capacity(#capacity);
            let out = &mut params;
            #( #encode )*
            params
        }
    };
    quote! {
        #[doc = #input_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #input {
            #( #fields )*
        }

        impl #input {
            /// A builder with nothing set.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Checks every documented limit and rule, as `build()` does; the
            /// error names the parameter, the limit and the value found.
            pub fn validate(&self) -> Result<(), ValidationError> {
                #( #checks )*
                #( #rules )*
                Ok(())
            }

            /// Reads a request back from its wire parameters, as the service
            /// does, and checks it exactly as `build()` would.
            #[cfg(feature = "server")]
            pub fn from_wire_params(params: &[(String, String)]) -> Result<Self, ValidationError> {
                let input = Self::from_wire_params_unchecked(params)?;
                input.validate()?;
                Ok(input)
            }

            /// Reads a request back from its wire parameters, checking only
            /// that each value parses and the required ones are there.
            #[cfg(feature = "server")]
            pub fn from_wire_params_unchecked(params: &[(String, String)]) -> Result<Self, ValidationError> {
                let reader = &crate::runtime::wire::WireReader::new(params);
                #( #decode )*
                #builder { #( #field_names ),* }.build_unchecked()
            }

            /// The request flattened into wire parameters (`Tag.1.Key`, ...),
            /// in the order the official SDK sends them.
            #[doc(hidden)]
            pub fn to_wire_params(&self) -> WireParams {
                #to_wire_body
            }
        }

        #[doc = concat!(" Builds a [`", stringify!(#input), "`]; `build()` checks it.")]
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            #( #builder_fields )*
        }

        impl #builder {
            #( #setter_fns )*

            /// Checks the required parameters and every documented limit and
            /// rule; nothing is sent when it fails.
            pub fn build(self) -> Result<#input, ValidationError> {
                let input = self.build_unchecked()?;
                input.validate()?;
                Ok(input)
            }

            /// Checks only that the required parameters are set, skipping the
            /// documented limits and rules: for tests and tools that must
            /// produce requests the service would refuse.
            pub fn build_unchecked(self) -> Result<#input, ValidationError> {
                Ok(#input {
                    #( #build_fields )*
                })
            }
        }
    }
}

pub(super) fn emit_request_struct(s: &Struct) -> TokenStream {
    let ty = ident(&s.name);
    let d = doc(&s.doc);
    let fields = s.members.iter().map(|p| {
        let f = ident(&p.field);
        let t = scalar_type(&p.ty);
        let t = if p.ty.is_list() {
            t
        } else {
            quote! { Option<#t> }
        };
        let d = param_doc(p, &format!("<prefix>.{}", p.wire));
        let wire = &p.wire;
        let serde_attr = match (s.json, p.ty.is_list()) {
            (false, _) => TokenStream::new(),
            (true, true) => quote! { #[serde(rename = #wire, default, skip_serializing_if = "Vec::is_empty")] },
            (true, false) => quote! { #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")] },
        };
        quote! { #d #serde_attr pub #f: #t, }
    });
    let derives = if s.json {
        quote! { #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)] }
    } else {
        quote! { #[derive(Debug, Clone, Default, PartialEq)] }
    };
    let setters = s
        .members
        .iter()
        .flat_map(|p| setters_for(p, &[]))
        .map(|setter| {
            let (d, n, body) = (&setter.doc, &setter.name, &setter.body);
            let args = setter.args.iter().map(|(a, t)| quote! { #a: #t });
            quote! { #d pub fn #n(mut self, #( #args ),*) -> Self { #body } }
        });
    let encode = s.members.iter().map(|p| {
        let f = ident(&p.field);
        encode_param(
            p,
            quote! { self.#f },
            &KeyBase::Member(p.wire.clone()),
            !p.ty.is_list(),
        )
    });
    let required: Vec<TokenStream> = s.members.iter().map(required_member_check).collect();
    let decode = s.members.iter().map(|p| {
        let f = ident(&p.field);
        decode_param(p, quote! { #f }, &KeyBase::Member(p.wire.clone()))
    });
    let field_names = s.members.iter().map(|p| ident(&p.field));
    let checks: Vec<TokenStream> = s
        .members
        .iter()
        .map(|p| {
            let f = ident(&p.field);
            check_param(
                p,
                quote! { self.#f },
                &KeyBase::Member(p.wire.clone()),
                !p.ty.is_list(),
            )
        })
        .filter(|t| !t.is_empty())
        .collect();
    // An item without limits keeps the same signature, so callers need not
    // know whether it has any.
    let prefix_arg = if required.iter().all(TokenStream::is_empty) && checks.is_empty() {
        format_ident!("_prefix")
    } else {
        format_ident!("prefix")
    };
    let key_value = s.is_key_value.then(|| {
        quote! {
            /// A pair with both a key and a value.
            pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
                Self { key: Some(key.into()), value: Some(value.into()) }
            }

            /// A key without a value.
            pub fn key_only(key: impl Into<String>) -> Self {
                Self { key: Some(key.into()), value: None }
            }
        }
    });
    quote! {
        #d
        #derives
        #[non_exhaustive]
        pub struct #ty {
            #( #fields )*
        }

        impl #ty {
            #key_value
            #( #setters )*

            /// Checks this item's limits; `prefix` names it (`Tag.3`).
            #[doc(hidden)]
            pub fn validate(&self, #prefix_arg: &str) -> Result<(), ValidationError> {
                #( #required )*
                #( #checks )*
                Ok(())
            }

            /// Appends this item's wire parameters under `prefix` (`Tag.3`).
            #[doc(hidden)]
            pub fn encode_wire(&self, prefix: &str, out: &mut WireParams) {
                #( #encode )*
            }

            /// Reads this item back from the wire parameters under `prefix`.
            #[doc(hidden)]
            #[cfg(feature = "server")]
            pub fn decode_wire(reader: &crate::runtime::wire::WireReader<'_>, prefix: &str) -> Result<Self, ValidationError> {
                #( #decode )*
                Ok(Self { #( #field_names ),* })
            }
        }
    }
}
