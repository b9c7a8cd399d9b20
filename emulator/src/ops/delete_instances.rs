//! DeleteInstance and DeleteInstances: release instances, with their tags.
//!
//! - A `Stopped` instance is released; a `Running` one only with
//!   `Force=true`; a `Pending` one is `IncorrectInstanceStatus.Initializing`,
//!   and one `Starting` or `Stopping` is `IncorrectInstanceStatus`. An
//!   instance seeded without a state is released.
//! - Release is immediate: the instance and its tags are gone from
//!   DescribeInstances, DescribeInstanceStatus and ListTagResources at once.
//! - DeleteInstances is all or nothing: one instance that cannot go, or an
//!   unknown ID (`InvalidInstanceId.NotFound`), refuses the request.
//! - DryRun answers `DryRunOperation` (DeleteInstance) or `DRYRUN.SUCCESS`
//!   (DeleteInstances) once every check passes, as each page documents.

use alibabacloud_ecs::operation::{delete_instance, delete_instances};

use super::instance_power::{distinct, region_of};
use super::{to_json, Context, Operation};
use crate::config::INSTANCE;
use crate::error::ApiError;
use crate::store::lifecycle::State;
use crate::store::Store;

pub const DELETE_INSTANCE: Operation = Operation {
    name: "DeleteInstance",
    errors: delete_instance::ERRORS,
    run: |context, params| {
        let input = delete_instance::DeleteInstanceInput::from_wire_params(params)
            .map_err(|e| ApiError::from_validation(&e))?;
        let mut store = context.write();
        let region = region_of(&store, &input.instance_id)?;
        check(&store, context, &region, &input.instance_id, input.force)?;
        if input.dry_run == Some(true) {
            return Err(ApiError::new("DryRunOperation"));
        }
        store.remove(&region, INSTANCE, &input.instance_id);
        let mut output = delete_instance::DeleteInstanceOutput::default();
        output.request_id = Some(context.request_id.to_owned());
        to_json(&output)
    },
};

pub const DELETE_INSTANCES: Operation = Operation {
    name: "DeleteInstances",
    errors: delete_instances::ERRORS,
    run: |context, params| {
        let input = delete_instances::DeleteInstancesInput::from_wire_params(params)
            .map_err(|e| ApiError::from_validation(&e))?;
        context.check_region(&input.region_id)?;
        let mut store = context.write();
        let ids = distinct(&input.instance_id);
        for id in &ids {
            check(&store, context, &input.region_id, id, input.force)?;
        }
        if input.dry_run == Some(true) {
            return Err(ApiError::new("DRYRUN.SUCCESS"));
        }
        for id in &ids {
            store.remove(&input.region_id, INSTANCE, id);
        }
        let mut output = delete_instances::DeleteInstancesOutput::default();
        output.request_id = Some(context.request_id.to_owned());
        to_json(&output)
    },
};

/// Whether the instance may be released now.
fn check(
    store: &Store,
    context: &Context<'_>,
    region: &str,
    id: &str,
    force: Option<bool>,
) -> Result<(), ApiError> {
    let resource = store
        .resource(region, INSTANCE, id)
        .ok_or(ApiError::new("InvalidInstanceId.NotFound"))?;
    match resource.state(context.now) {
        None | Some(State::Stopped) => Ok(()),
        Some(State::Running) if force == Some(true) => Ok(()),
        Some(State::Pending) => Err(ApiError::new("IncorrectInstanceStatus.Initializing")),
        Some(_) => Err(ApiError::new("IncorrectInstanceStatus")),
    }
}
