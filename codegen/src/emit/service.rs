//! The files every operation shares: the service facts and its common
//! errors (`service.rs`), the operation index with the table the emulator
//! and tools use (`operation/mod.rs`), the shared object types
//! (`types.rs`), and one cargo feature per operation (`Cargo.toml`).

use super::docs::{doc, first_sentence, inner_doc};
use super::errors::{error_table, variant_doc};
use super::request::emit_request_struct;
use super::response::emit_response_struct;
use super::{feature_name, ident};
use crate::model::{Service, SharedKind};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit_service(s: &Service) -> TokenStream {
    let product = &s.product;
    let version = &s.api_version;
    let regions = s.endpoints.iter().map(|(r, _)| r);
    let hosts = s.endpoints.iter().map(|(_, h)| h);
    let regions_all = &s.regions;
    let fallback = &s.fallback;
    let network_fallback = &s.network_fallback;
    let global = match &s.global_endpoint {
        Some(host) => quote! { Some(#host) },
        None => quote! { None },
    };
    let client_doc = format!(
        " The client of Alibaba Cloud `{product}`: a \
         [`Config`](crate::runtime::Config) bound to the product's endpoints and \
         API version {version}. Each operation is a method. Cheap to clone; \
         clones share one connection pool."
    );
    let new_doc = if s.global_endpoint.is_some() {
        " A client. The endpoint is the config's endpoint, else its region's \
         (and network's), else the product's central endpoint."
    } else {
        " A client. The endpoint is the config's endpoint, else its region's \
         (and network's); without either, every call fails saying so \
         ([`endpoint`](crate::runtime::Client::endpoint) shows it up front)."
    };
    let common = error_table(&s.common_errors);
    let description = inner_doc(&s.description);
    let variants = s.common_errors.iter().map(|e| {
        let v = ident(&e.variant);
        let d = variant_doc(e);
        quote! { #d #v(crate::runtime::ServiceError), }
    });
    let all: Vec<_> = s.common_errors.iter().map(|e| ident(&e.variant)).collect();
    let from = s.common_errors.iter().map(|e| {
        let v = ident(&e.variant);
        let code = &e.code;
        quote! { #code => Ok(CommonError::#v(error)), }
    });
    quote! {
        #![doc = " Facts about the service shared by every operation."]
        #![doc = ""]
        #description

        /// The product code.
        pub const PRODUCT: &str = #product;
        /// The API version sent with every request.
        pub const API_VERSION: &str = #version;
        /// Region id to endpoint host, sorted by region id for binary search.
        pub static ENDPOINT_MAP: &[(&str, &str)] = &[ #( (#regions, #hosts) ),* ];
        /// Every region of the service, sorted for binary search.
        pub static REGIONS: &[&str] = &[ #( #regions_all ),* ];
        /// Host for a region missing from the map; `{region}` is replaced.
        pub const ENDPOINT_FALLBACK: &str = #fallback;
        /// Host for a region missing from the map on a network such as `vpc`.
        pub const ENDPOINT_NETWORK_FALLBACK: &str = #network_fallback;
        /// Error codes every operation may answer with.
        pub static COMMON_ERRORS: &[crate::runtime::ErrorInfo] = &[ #common ];

        /// What the runtime needs to know about the product.
        pub static SERVICE: crate::runtime::ServiceInfo = crate::runtime::ServiceInfo {
            product: PRODUCT,
            api_version: API_VERSION,
            sdk: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            endpoints: crate::runtime::EndpointRules {
                map: ENDPOINT_MAP,
                regional: ENDPOINT_FALLBACK,
                regional_network: ENDPOINT_NETWORK_FALLBACK,
                global: #global,
            },
        };

        #[doc = #client_doc]
        ///
        /// The product-neutral client is reachable through `Deref`: its
        /// endpoint, user agent and config.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: crate::runtime::Client,
        }

        impl Client {
            #[doc = #new_doc]
            pub fn new(config: crate::runtime::Config) -> Self {
                Self { inner: crate::runtime::Client::new(&SERVICE, config) }
            }
        }

        impl std::ops::Deref for Client {
            type Target = crate::runtime::Client;

            fn deref(&self) -> &crate::runtime::Client {
                &self.inner
            }
        }

        /// An error code every operation may answer with: signatures,
        /// credentials, throttling, parameters in general, the service's
        /// health. An operation's error enum reaches it through its `Common`
        /// variant, unless the operation documents the code itself.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum CommonError {
            #( #variants )*
        }

        impl CommonError {
            /// The code, message, RequestId, HostId, Recommend and HTTP status.
            pub fn service_error(&self) -> &crate::runtime::ServiceError {
                match self {
                    #( CommonError::#all(error) )|* => error,
                }
            }

            /// The service's error code, e.g. `Throttling.User`.
            pub fn code(&self) -> &str {
                &self.service_error().code
            }

            /// The common error with this code, or the error back if its code
            /// is not a common one. The error is handed straight back, so its
            /// size does not matter here.
            #[doc(hidden)]
            #[allow(clippy::result_large_err)]
            pub fn from_service_error(
                error: crate::runtime::ServiceError,
            ) -> Result<Self, crate::runtime::ServiceError> {
                match error.code.as_str() {
                    #( #from )*
                    _ => Err(error),
                }
            }
        }

        impl std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.service_error(), f)
            }
        }

        impl std::error::Error for CommonError {}
    }
}

pub(super) fn emit_operation_index(s: &Service) -> TokenStream {
    let mods = s.operations.iter().map(|op| {
        let m = ident(&op.module);
        let feature = feature_name(&op.module);
        let d = doc(first_sentence(&op.description));
        quote! {
            #d
            #[cfg(feature = #feature)]
            pub mod #m;
        }
    });
    let entries = s.operations.iter().map(|op| {
        let m = ident(&op.module);
        let feature = feature_name(&op.module);
        quote! {
            #[cfg(feature = #feature)]
            &#m::ENTRY
        }
    });
    quote! {
        #![doc = " One module per operation, each generated from its spec file and"]
        #![doc = " built when its cargo feature (the operation's name in kebab case) is on."]
        #( #mods )*

        /// Every operation built into this crate, sorted by name: for the
        /// emulator and tools that work from wire parameters and JSON.
        #[cfg(feature = "server")]
        #[doc(hidden)]
        pub static OPERATIONS: &[&crate::runtime::OperationEntry] = &[ #( #entries ),* ];
    }
}

pub(super) fn emit_shared_types(s: &Service) -> TokenStream {
    let types = s.shared_types.iter().map(|t| {
        let features: Vec<String> = t.users.iter().map(|m| feature_name(m)).collect();
        let module = ident(&format!("{}_type", t.name.to_snake_case()));
        let name = ident(&t.name);
        let body = match &t.kind {
            SharedKind::Request(st) => emit_request_struct(st),
            SharedKind::Response(st) => emit_response_struct(st),
        };
        quote! {
            #[cfg(any( #( feature = #features ),* ))]
            mod #module {
                #[allow(unused_imports)]
                use super::*;
                #[allow(unused_imports)]
                use crate::runtime::{ValidationError, WireParams};
                #body
            }
            #[cfg(any( #( feature = #features ),* ))]
            pub use #module::#name;
        }
    });
    quote! {
        #![doc = " Object types that several operations share, such as a tag's key and"]
        #![doc = " value. Each operation's module re-exports the ones it uses."]
        #( #types )*
    }
}

/// The `[features]` lines of the sdk's `Cargo.toml`: one feature per
/// operation, all of them by default.
pub(super) fn emit_features(s: &Service) -> String {
    let names: Vec<String> = s
        .operations
        .iter()
        .map(|op| feature_name(&op.module))
        .collect();
    let mut out = String::from("default = [\"all-operations\"]\n");
    out.push_str("# Every operation; `default-features = false` and a list of operations builds only those.\n");
    out.push_str("all-operations = [\n");
    for n in &names {
        out.push_str(&format!("    \"{n}\",\n"));
    }
    out.push_str("]\n");
    for n in &names {
        out.push_str(&format!("{n} = []\n"));
    }
    out
}
