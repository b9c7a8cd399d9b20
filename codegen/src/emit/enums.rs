//! Forward-compatible enums: one variant per documented value, and
//! `Unknown` for a value this version does not know, whose payload users
//! read but do not build.

use super::docs::{doc, doc_lines};
use super::ident;
use crate::model::Enum;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit_enum(e: &Enum) -> TokenStream {
    let ty = ident(&e.name);
    let first_variant = ident(&e.values[0].1);
    let first_value = &e.values[0].0;
    let example = format!(
        " ```text\n match value {{\n     {ty}::{first_variant} => {{ /* \"{first_value}\" */ }}\n     other => println!(\"{{}}\", other.as_str()),\n }}\n ```"
    );
    let variants = e.values.iter().map(|(value, variant, description)| {
        let v = ident(variant);
        let d = doc_lines(&[description, &format!("Wire value `{value}`.")]);
        quote! { #d #v, }
    });
    let as_str = e.values.iter().map(|(value, variant, _)| {
        let v = ident(variant);
        quote! { #ty::#v => #value, }
    });
    let from_str = e.values.iter().map(|(value, variant, _)| {
        let v = ident(variant);
        quote! { #value => #ty::#v, }
    });
    let values = e.values.iter().map(|(value, _, _)| value);
    let description = doc(&e.description);
    quote! {
        #description
        #[doc = ""]
        /// Values this SDK does not know yet arrive as `Unknown`; any text
        /// converts with `From<&str>`, so match with a fallback arm:
        #[doc = #example]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ty {
            #( #variants )*
            /// A value this version of the SDK does not know; read it with `as_str()`.
            Unknown(crate::runtime::UnknownValue),
        }

        impl #ty {
            /// Every documented value, in the spec's order.
            pub const VALUES: &'static [&'static str] = &[ #( #values ),* ];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #as_str )*
                    #ty::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #ty {
            fn from(value: &str) -> Self {
                match value {
                    #( #from_str )*
                    other => #ty::Unknown(crate::runtime::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for #ty {
            fn from(value: String) -> Self {
                #ty::from(value.as_str())
            }
        }

        impl std::fmt::Display for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
