//! What a user calls: `client.<operation>()`, the fluent builder that
//! delegates to the input builder, `send()`, and the paginator.

use super::docs::{doc, first_sentence};
use super::ident;
use super::request::setters_for;
use super::response::field_type_tokens;
use crate::model::{FieldType, Operation, PaginationStyle};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_fluent(op: &Operation) -> TokenStream {
    let method = ident(&op.module);
    let fluent = format_ident!("{}FluentBuilder", op.name);
    let builder = format_ident!("{}InputBuilder", op.name);
    let output = format_ident!("{}Output", op.name);
    let error = format_ident!("{}Error", op.name);
    let method_doc = doc(first_sentence(&op.description));
    let setters = op
        .params
        .iter()
        .flat_map(|p| setters_for(p, &op.request_structs))
        .map(|s| {
            let (d, n) = (&s.doc, &s.name);
            let args = s.args.iter().map(|(a, t)| quote! { #a: #t });
            let names = s.args.iter().map(|(a, _)| a);
            quote! {
                #d
                pub fn #n(mut self, #( #args ),*) -> Self {
                    self.inner = self.inner.#n(#( #names ),*);
                    self
                }
            }
        });
    let into_paginator = op.pagination.as_ref().map(|_| {
        let paginator = format_ident!("{}Paginator", op.name);
        quote! {
            /// Pages through every result, following the pagination token.
            pub fn into_paginator(self) -> #paginator {
                #paginator { client: self.client, inner: self.inner }
            }
        }
    });
    let fluent_doc = format!(
        " A `{}` call being set up; finish with [`{}::send`].",
        op.name, fluent
    );
    quote! {
        impl crate::Client {
            #method_doc
            pub fn #method(&self) -> #fluent {
                #fluent { client: self.clone(), inner: #builder::default() }
            }
        }

        #[doc = #fluent_doc]
        #[derive(Debug, Clone)]
        pub struct #fluent {
            client: crate::Client,
            inner: #builder,
        }

        impl #fluent {
            #( #setters )*

            /// The input built so far.
            pub fn as_input(&self) -> &#builder {
                &self.inner
            }

            /// Checks the request, then sends it with retries; nothing is sent
            /// when a check fails.
            pub async fn send(self) -> Result<#output, crate::SdkError<#error>> {
                let input = self.inner.build()?;
                let body = self
                    .client
                    .invoke_json(&OPERATION, input.to_wire_params())
                    .await
                    .map_err(|e| e.map_service(#error::from))?;
                Ok(#output::from_json(&body))
            }

            #into_paginator
        }
    }
}

pub(super) fn emit_paginator(op: &Operation) -> TokenStream {
    let pg = op.pagination.as_ref().expect("caller checked");
    let paginator = format_ident!("{}Paginator", op.name);
    let fluent = format_ident!("{}FluentBuilder", op.name);
    let output = format_ident!("{}Output", op.name);
    let error = format_ident!("{}Error", op.name);
    let builder_ty = format_ident!("{}InputBuilder", op.name);
    let item = match &pg.item_type {
        FieldType::List(item) => field_type_tokens(item),
        other => field_type_tokens(other),
    };
    // Every step but the last is an Option of an object; the last is the Vec.
    let (last, parents) = pg
        .items_path
        .split_last()
        .expect("validated: non-empty path");
    let last = ident(last);
    let mut owned = quote! { output };
    let mut borrowed = quote! { output };
    for (i, step) in parents.iter().enumerate() {
        let s = ident(step);
        if i == 0 {
            owned = quote! { #owned.#s };
            borrowed = quote! { #borrowed.#s.as_ref() };
        } else {
            owned = quote! { #owned.and_then(|v| v.#s) };
            borrowed = quote! { #borrowed.and_then(|v| v.#s.as_ref()) };
        }
    }
    let (take_items, count_items) = if parents.is_empty() {
        (quote! { output.#last }, quote! { output.#last.len() })
    } else {
        (
            quote! { #owned.map(|v| v.#last).unwrap_or_default() },
            quote! { #borrowed.map_or(0, |v| v.#last.len()) },
        )
    };
    let (d, pages_doc, pages_body) = match &pg.style {
        PaginationStyle::Token { input, output: out } => {
            let input_field = ident(input);
            let set_input = format_ident!("set_{}", input);
            let output_field = ident(out);
            (
                format!(" Pages of `{}`, following the token until the service sends none.", op.name),
                " Every page, one response at a time. A token the service sends\n twice ends the stream with an error instead of looping.",
                quote! {
                    let first = inner.#input_field.clone();
                    let max_pages = client.config().max_pages();
                    crate::runtime::paginate::token_pages(
                        first,
                        max_pages,
                        move |token| {
                            #fluent { client: client.clone(), inner: inner.clone().#set_input(token) }.send()
                        },
                        |output: &#output| output.#output_field.as_deref(),
                    )
                },
            )
        }
        PaginationStyle::PageNumber {
            page_number,
            total_count,
        } => {
            let page_field = ident(page_number);
            let total_field = ident(total_count);
            (
                format!(" Pages of `{}`, numbered from the page set (default 1) until every item counted by the total has come.", op.name),
                " Every page, one response at a time, until a page is empty or the\n items seen reach the total the service reports.",
                quote! {
                    let first = inner.#page_field.unwrap_or(1);
                    let max_pages = client.config().max_pages();
                    crate::runtime::paginate::numbered_pages(
                        first,
                        max_pages,
                        move |page| {
                            #fluent { client: client.clone(), inner: inner.clone().#page_field(page) }.send()
                        },
                        |output: &#output| (#count_items, output.#total_field.map(i64::from)),
                    )
                },
            )
        }
    };
    let pages_doc: Vec<&str> = pages_doc.lines().collect();
    quote! {
        #[doc = #d]
        #[derive(Debug, Clone)]
        pub struct #paginator {
            client: crate::Client,
            inner: #builder_ty,
        }

        impl #paginator {
            #( #[doc = #pages_doc] )*
            pub fn pages(self) -> impl futures_core::Stream<Item = Result<#output, crate::SdkError<#error>>> {
                let Self { client, inner } = self;
                #pages_body
            }

            /// Every item of every page.
            pub fn items(self) -> impl futures_core::Stream<Item = Result<#item, crate::SdkError<#error>>> {
                crate::runtime::paginate::page_items(self.pages(), |output: #output| #take_items)
            }
        }
    }
}
