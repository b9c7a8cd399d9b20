//! The operations the emulator serves, one module each.
//!
//! Every operation reads its request with the SDK's generated
//! `from_wire_params`, which applies every limit and rule of the spec, so the
//! emulator refuses exactly what the SDK's `build()` refuses and with the same
//! codes. What is left here is what only a service can know: regions,
//! resources, resource groups, tags, instances, and paging.

pub mod delete_instances;
pub mod describe_instance_status;
pub mod describe_instances;
pub mod describe_regions;
pub mod instance_power;
pub mod list_tag_resources;
pub mod next_token;
pub mod run_instances;
pub mod tag_resources;
pub mod untag_resources;

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use alibabacloud_ecs::runtime::ErrorInfo;
use serde::Serialize;

use crate::error::ApiError;
use crate::store::Store;
use next_token::TokenCodec;

/// What an operation may use besides its parameters.
pub struct Context<'a> {
    pub store: &'a RwLock<Store>,
    pub tokens: &'a TokenCodec,
    /// ListTagResources rows per page.
    pub page_size: usize,
    /// Resources seeded without a group are in it; it cannot be queried.
    pub default_resource_group_id: &'a str,
    pub request_id: &'a str,
    /// The moment the request is answered at: instance states are read at it.
    pub now: Instant,
    /// How long each step of an instance's life takes.
    pub transition: Duration,
    /// The most instances the emulator holds.
    pub max_instances: usize,
}

impl Context<'_> {
    /// The store for reading. A panic elsewhere while holding the lock
    /// leaves data that is still consistent (every change is checked before
    /// it starts), so a poisoned lock is used as it is.
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// `InvalidRegionId.NotFound` for a region neither the service (see
    /// [`crate::regions`]) nor the seed data knows.
    pub fn check_region(&self, region_id: &str) -> Result<(), ApiError> {
        if self.read().knows_region(region_id) {
            Ok(())
        } else {
            Err(ApiError::new("InvalidRegionId.NotFound"))
        }
    }
}

/// Runs an operation on its decoded wire parameters; the JSON body, or the
/// error to answer.
pub type Run = fn(&Context<'_>, &[(String, String)]) -> Result<Vec<u8>, ApiError>;

/// One action: its name, its error table, and how to run it.
pub struct Operation {
    pub name: &'static str,
    pub errors: &'static [ErrorInfo],
    pub run: Run,
}

/// Every action the emulator answers; any other is `InvalidAction.NotFound`.
pub static OPERATIONS: &[Operation] = &[
    delete_instances::DELETE_INSTANCE,
    delete_instances::DELETE_INSTANCES,
    describe_instance_status::OPERATION,
    describe_instances::OPERATION,
    describe_regions::OPERATION,
    instance_power::REBOOT_INSTANCE,
    instance_power::REBOOT_INSTANCES,
    instance_power::START_INSTANCE,
    instance_power::START_INSTANCES,
    instance_power::STOP_INSTANCE,
    instance_power::STOP_INSTANCES,
    list_tag_resources::OPERATION,
    run_instances::OPERATION,
    tag_resources::OPERATION,
    untag_resources::OPERATION,
];

pub fn find(action: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|operation| operation.name == action)
}

/// The response body: the generated output struct as JSON.
fn to_json(output: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(output).map_err(|_| ApiError::new("InternalError"))
}

/// The wire value of a documented resource type, or
/// `InvalidResourceType.NotFound`.
fn known_resource_type(wire_value: &str, documented: &[&str]) -> Result<(), ApiError> {
    if documented.contains(&wire_value) {
        Ok(())
    } else {
        Err(ApiError::new("InvalidResourceType.NotFound"))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs operations directly, without HTTP or signatures.

    use std::collections::BTreeMap;

    use super::*;

    pub const DEFAULT_GROUP: &str = "rg-default";

    pub struct Fixture {
        pub store: RwLock<Store>,
        pub tokens: TokenCodec,
        pub page_size: usize,
    }

    impl Fixture {
        pub fn new() -> Self {
            Self {
                store: RwLock::new(Store::new()),
                tokens: TokenCodec::new([1; 32]),
                page_size: 50,
            }
        }

        pub fn resource(
            &self,
            resource_type: &str,
            id: &str,
            group: Option<&str>,
            tags: &[(&str, &str)],
        ) -> &Self {
            let tags: BTreeMap<String, String> = tags
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            self.store.write().unwrap().put_resource(
                "cn-hangzhou",
                resource_type,
                id,
                group.or(Some(DEFAULT_GROUP)),
                &tags,
            );
            self
        }

        /// An instance with DescribeInstances fields, as the seed file
        /// writes them.
        pub fn instance(
            &self,
            id: &str,
            group: Option<&str>,
            tags: &[(&str, &str)],
            fields: serde_json::Value,
        ) -> &Self {
            self.resource("instance", id, group, tags);
            let serde_json::Value::Object(fields) = fields else {
                panic!("instance fields are an object");
            };
            let instance = crate::instance_fields::parse(&fields).expect("valid instance fields");
            assert!(self.store.write().unwrap().set_instance_fields(
                "cn-hangzhou",
                "instance",
                id,
                instance
            ));
            self
        }

        pub fn call(
            &self,
            action: &str,
            params: &[(&str, &str)],
        ) -> Result<serde_json::Value, ApiError> {
            let params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            let context = Context {
                store: &self.store,
                tokens: &self.tokens,
                page_size: self.page_size,
                default_resource_group_id: DEFAULT_GROUP,
                request_id: "TEST-REQUEST",
                now: Instant::now(),
                // Immediate, so that unit tests see settled states.
                transition: Duration::ZERO,
                max_instances: 1_000,
            };
            let operation = find(action).expect("a served action");
            let body = (operation.run)(&context, &params)?;
            Ok(serde_json::from_slice(&body).expect("JSON body"))
        }
    }
}
