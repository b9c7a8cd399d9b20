//! The error enum of an operation: one variant per code it documents, the
//! service's common codes through `Common` (declared once, in `service.rs`),
//! and `Unhandled` for any other. `Display` is one line with code, message
//! and RequestId.

use super::docs::doc_lines;
use super::ident;
use crate::model::{ErrorCode, Operation};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The rows of an error table (`ErrorInfo { code, http_status, message }`).
pub(super) fn error_table(errors: &[ErrorCode]) -> TokenStream {
    let rows = errors.iter().map(|e| {
        let code = &e.code;
        let status = proc_macro2::Literal::u16_unsuffixed(e.http_status);
        let message = &e.message;
        quote! { crate::runtime::ErrorInfo { code: #code, http_status: #status, message: #message } }
    });
    quote! { #( #rows ),* }
}

/// A variant's doc: code, status and message, then the longer description.
pub(super) fn variant_doc(e: &ErrorCode) -> TokenStream {
    let head = format!(
        "`{}` (HTTP {}): {}",
        e.code,
        e.http_status,
        e.message.trim()
    );
    doc_lines(&[&head, &e.description])
}

pub(super) fn emit_error(op: &Operation) -> TokenStream {
    let ty = format_ident!("{}Error", op.name);
    let d = format!(
        " An error answered by `{}`: a variant per code it documents, `Common` for the codes every operation shares, `Unhandled` for any other.",
        op.name
    );
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let d = variant_doc(e);
        quote! { #d #v(crate::runtime::ServiceError), }
    });
    let own: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let own_arms = if own.is_empty() {
        TokenStream::new()
    } else {
        quote! { #( #ty::#own(error) )|* => error, }
    };
    let from_common = quote! {
        match crate::CommonError::from_service_error(error) {
            Ok(common) => #ty::Common(common),
            Err(error) => #ty::Unhandled(error),
        }
    };
    let from_body = if op.errors.is_empty() {
        from_common
    } else {
        let from = op.errors.iter().map(|e| {
            let v = ident(&e.variant);
            let code = &e.code;
            quote! { #code => #ty::#v(error), }
        });
        quote! {
            match error.code.as_str() {
                #( #from )*
                _ => #from_common,
            }
        }
    };
    quote! {
        #[doc = #d]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ty {
            #( #variants )*
            /// A code every operation may answer with (signature, throttling, ...).
            Common(crate::CommonError),
            /// A code neither this operation's documentation nor the common table lists.
            Unhandled(crate::runtime::ServiceError),
        }

        impl #ty {
            /// The code, message, RequestId, HostId, Recommend and HTTP status.
            pub fn service_error(&self) -> &crate::runtime::ServiceError {
                match self {
                    #own_arms
                    #ty::Common(common) => common.service_error(),
                    #ty::Unhandled(error) => error,
                }
            }

            /// The service's error code, e.g. `InvalidTag.NotSupported`.
            pub fn code(&self) -> &str {
                &self.service_error().code
            }

            /// The RequestId of the failed call, to quote to Alibaba Cloud support.
            pub fn request_id(&self) -> Option<&str> {
                self.service_error().request_id.as_deref()
            }
        }

        impl From<crate::runtime::ServiceError> for #ty {
            fn from(error: crate::runtime::ServiceError) -> Self {
                #from_body
            }
        }

        impl std::fmt::Display for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.service_error(), f)
            }
        }

        impl std::error::Error for #ty {}

        impl crate::runtime::OperationError for #ty {
            fn service_error(&self) -> &crate::runtime::ServiceError {
                #ty::service_error(self)
            }
        }
    }
}
