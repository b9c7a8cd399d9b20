//! The response side: the output and its object types, parsed from the
//! body's JSON by plain calls into `runtime::json` (no serde derive: one
//! non-generic function per type keeps 300 operations cheap to compile),
//! and written back to JSON with the wire names behind the `serialize`
//! feature.

use super::docs::{doc, doc_lines};
use super::ident;
use crate::model::{Field, FieldType, Operation, ResponseStruct};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type of a value, of a response field or (through
/// [`ParamType::value_type`](crate::model::ParamType::value_type)) of a parameter.
pub(super) fn field_type_tokens(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { String },
        FieldType::Enum(n) | FieldType::Object(n) => {
            let t = ident(n);
            quote! { #t }
        }
        FieldType::Integer => quote! { i32 },
        FieldType::Long => quote! { i64 },
        FieldType::Boolean => quote! { bool },
        FieldType::Float => quote! { f64 },
        FieldType::List(item) => {
            let t = field_type_tokens(item);
            quote! { Vec<#t> }
        }
    }
}

fn struct_fields(fields: &[Field]) -> TokenStream {
    let fields = fields.iter().map(|f| {
        let name = ident(&f.field);
        let t = field_type_tokens(&f.ty);
        let d = doc_lines(&[&f.doc, &format!("Read from `{}`.", f.wire)]);
        if matches!(f.ty, FieldType::List(_)) {
            quote! { #d pub #name: #t, }
        } else {
            quote! { #d pub #name: Option<#t>, }
        }
    });
    quote! { #( #fields )* }
}

/// A function (`fn(&Value) -> Option<T>`) reading one value of `ty`.
fn item_reader(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { crate::runtime::json::as_string },
        FieldType::Enum(n) => {
            let t = ident(n);
            quote! { |v| crate::runtime::json::as_string(v).map(#t::from) }
        }
        FieldType::Integer => quote! { crate::runtime::json::as_i32 },
        FieldType::Long => quote! { crate::runtime::json::as_i64 },
        FieldType::Boolean => quote! { crate::runtime::json::as_bool },
        FieldType::Float => quote! { crate::runtime::json::as_f64 },
        FieldType::Object(n) => {
            let t = ident(n);
            quote! { |v| crate::runtime::json::as_object(v).map(#t::from_json) }
        }
        FieldType::List(item) => {
            let read = item_reader(item);
            quote! { |v| Some(crate::runtime::json::items(v, #read)) }
        }
    }
}

/// An expression of type `Value` writing `v` (an expression of type `&T`).
fn write_expr(ty: &FieldType, v: TokenStream) -> TokenStream {
    match ty {
        FieldType::String | FieldType::Enum(_) => {
            quote! { crate::runtime::json::Value::from(#v.as_str()) }
        }
        FieldType::Integer | FieldType::Long | FieldType::Boolean | FieldType::Float => {
            quote! { crate::runtime::json::Value::from(*#v) }
        }
        FieldType::Object(_) => quote! { #v.to_json() },
        FieldType::List(item) => {
            let write = write_expr(item, quote! { item });
            quote! { crate::runtime::json::Value::Array(#v.iter().map(|item| #write).collect()) }
        }
    }
}

/// `from_json` and (with the `serialize` feature) `to_json` for a struct.
fn json_impls(ty: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let reads = fields.iter().map(|f| {
        let name = ident(&f.field);
        let wire = &f.wire;
        let read = match &f.ty {
            FieldType::List(item) => {
                let r = item_reader(item);
                quote! { crate::runtime::json::list(value, #wire, #r) }
            }
            ty => {
                let r = item_reader(ty);
                quote! { crate::runtime::json::field(value, #wire).and_then(#r) }
            }
        };
        quote! { #name: #read, }
    });
    let writes = fields.iter().map(|f| {
        let name = ident(&f.field);
        let wire = &f.wire;
        match &f.ty {
            FieldType::List(_) => {
                let w = write_expr(&f.ty, quote! { self.#name });
                quote! { out.insert(#wire.to_owned(), #w); }
            }
            ty => {
                let w = write_expr(ty, quote! { v });
                quote! {
                    if let Some(v) = &self.#name {
                        out.insert(#wire.to_owned(), #w);
                    }
                }
            }
        }
    });
    let value_arg = if fields.is_empty() {
        format_ident!("_value")
    } else {
        format_ident!("value")
    };
    let out_binding = if fields.is_empty() {
        quote! { let out = crate::runtime::json::Map::new(); }
    } else {
        quote! { let mut out = crate::runtime::json::Map::new(); }
    };
    quote! {
        impl #ty {
            /// Reads the type from a response's JSON, leniently: a number sent
            /// as text, `"true"`, `null` and missing keys all parse.
            #[doc(hidden)]
            pub fn from_json(#value_arg: &crate::runtime::json::Value) -> Self {
                Self { #( #reads )* }
            }

            /// The value as JSON, with the service's wire names.
            #[cfg(feature = "serialize")]
            pub fn to_json(&self) -> crate::runtime::json::Value {
                #out_binding
                #( #writes )*
                crate::runtime::json::Value::Object(out)
            }
        }

        #[cfg(feature = "serialize")]
        impl serde::Serialize for #ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.to_json(), serializer)
            }
        }
    }
}

pub(super) fn emit_output(op: &Operation) -> TokenStream {
    let output = format_ident!("{}Output", op.name);
    let d = format!(
        " The response of `{}`. Missing fields are `None` or empty; unknown fields are ignored.",
        op.name
    );
    let fields = struct_fields(&op.output_fields);
    let impls = json_impls(&output, &op.output_fields);
    quote! {
        #[doc = #d]
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #output {
            #fields
        }

        #impls
    }
}

pub(super) fn emit_response_struct(s: &ResponseStruct) -> TokenStream {
    let ty = ident(&s.name);
    let d = if s.doc.trim().is_empty() {
        let text = format!(" The `{}` object of the response.", s.name);
        quote! { #[doc = #text] }
    } else {
        doc(&s.doc)
    };
    let fields = struct_fields(&s.fields);
    let impls = json_impls(&ty, &s.fields);
    quote! {
        #d
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #ty {
            #fields
        }

        #impls
    }
}
