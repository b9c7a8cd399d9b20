//! Waiters: `client.wait_until_<waiter>()`, a builder with the polled
//! operation's setters, and `wait(timeout)`. The loop, the matchers and the
//! backoff are the runtime's (`runtime::waiter`); a waiter only passes its
//! facts and a function that reads the compared values out of a response.

use super::docs::doc;
use super::ident;
use super::request::setters_for;
use crate::model::{Operation, Waiter};
use crate::spec::MatcherSpec;
use heck::ToShoutySnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub(super) fn emit_waiters(op: &Operation) -> TokenStream {
    let waiters = op.waiters.iter().map(|w| emit_waiter(op, w));
    quote! { #( #waiters )* }
}

fn matcher_tokens(m: &MatcherSpec) -> TokenStream {
    match m {
        MatcherSpec::AllEqual { value } => {
            quote! { crate::runtime::waiter::Matcher::AllEqual(#value) }
        }
        MatcherSpec::AnyEqual { value } => {
            quote! { crate::runtime::waiter::Matcher::AnyEqual(#value) }
        }
        MatcherSpec::Empty => quote! { crate::runtime::waiter::Matcher::Empty },
    }
}

fn matcher_phrase(m: &MatcherSpec, path: &str, member: &str) -> String {
    match m {
        MatcherSpec::AllEqual { value } => {
            format!("`{path}` has items and every `{member}` is `{value}`")
        }
        MatcherSpec::AnyEqual { value } => format!("some `{member}` in `{path}` is `{value}`"),
        MatcherSpec::Empty => format!("`{path}` is empty"),
    }
}

fn emit_waiter(op: &Operation, w: &Waiter) -> TokenStream {
    let info = format_ident!("{}", w.name.to_shouty_snake_case());
    let waiter = format_ident!("{}Waiter", w.name);
    let method = format_ident!("wait_until_{}", w.method);
    let fluent = format_ident!("{}FluentBuilder", op.name);
    let builder = format_ident!("{}InputBuilder", op.name);
    let output = format_ident!("{}Output", op.name);
    let error = format_ident!("{}Error", op.name);
    let name = &w.name;
    let success = matcher_tokens(&w.success);
    let failure = w.failure.iter().map(matcher_tokens);
    let (min, max) = (w.min_delay_secs, w.max_delay_secs);
    let (min_secs, max_secs) = (Literal::u64_unsuffixed(min), Literal::u64_unsuffixed(max));

    // The values the matchers compare: one per item of the list.
    let item_value = match &w.member {
        Some((field, true)) => {
            let f = ident(field);
            quote! { item.#f.as_ref().map(|v| v.as_str()) }
        }
        Some((field, false)) => {
            let f = ident(field);
            quote! { item.#f.as_deref() }
        }
        None => quote! { { let _ = item; None } },
    };
    let (last, parents) = w
        .items_path
        .split_last()
        .expect("validated: non-empty path");
    let last = ident(last);
    let collect = quote! { .iter().map(|item| #item_value).collect() };
    let values = if parents.is_empty() {
        quote! { output.#last #collect }
    } else {
        let mut borrowed = quote! { output };
        for (i, step) in parents.iter().enumerate() {
            let s = ident(step);
            borrowed = if i == 0 {
                quote! { #borrowed.#s.as_ref() }
            } else {
                quote! { #borrowed.and_then(|v| v.#s.as_ref()) }
            };
        }
        quote! { #borrowed.map_or_else(Vec::new, |v| v.#last #collect) }
    };

    let member = w.member_wire.as_deref().unwrap_or_default();
    let path = &w.items_wire;
    let mut summary = format!(
        " Polls `{}` until {}",
        op.name,
        matcher_phrase(&w.success, path, member)
    );
    if !w.failure.is_empty() {
        let phrases: Vec<String> = w
            .failure
            .iter()
            .map(|m| matcher_phrase(m, path, member))
            .collect();
        summary.push_str(&format!(
            "; stops at once with an error when {}",
            phrases.join(", or ")
        ));
    }
    summary.push_str(&format!(
        ". Polls are {min} s apart at first, the delay doubling up to {max} s, each drawn at random in between."
    ));
    let method_doc = doc(&w.description);
    let waiter_doc = format!(" Waits for `{name}`; set the request, then call [`{waiter}::wait`].");
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
    quote! {
        #[doc(hidden)]
        pub static #info: crate::runtime::waiter::WaiterInfo = crate::runtime::waiter::WaiterInfo {
            name: #name,
            success: #success,
            failure: &[ #( #failure ),* ],
            min_delay: std::time::Duration::from_secs(#min_secs),
            max_delay: std::time::Duration::from_secs(#max_secs),
        };

        impl crate::Client {
            #method_doc
            #[doc = ""]
            #[doc = #summary]
            pub fn #method(&self) -> #waiter {
                #waiter { client: self.clone(), inner: #builder::default() }
            }
        }

        #[doc = #waiter_doc]
        #[derive(Debug, Clone)]
        pub struct #waiter {
            client: crate::Client,
            inner: #builder,
        }

        impl #waiter {
            #( #setters )*

            /// Polls until the state is reached and returns the response
            /// that showed it; or, after `timeout`, fails with
            /// [`WaitError::TimedOut`](crate::runtime::WaitError::TimedOut)
            /// and the last state seen. A failure state or an error from a
            /// poll (after the client's own retries) ends the wait at once.
            pub async fn wait(
                self,
                timeout: std::time::Duration,
            ) -> Result<#output, crate::runtime::WaitError<#output, #error>> {
                fn values(output: &#output) -> Vec<Option<&str>> {
                    #values
                }
                let Self { client, inner } = self;
                crate::runtime::waiter::wait(
                    &#info,
                    timeout,
                    move || #fluent { client: client.clone(), inner: inner.clone() }.send(),
                    values,
                )
                .await
            }
        }
    }
}
