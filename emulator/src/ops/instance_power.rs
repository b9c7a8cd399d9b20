//! StartInstance(s), StopInstance(s) and RebootInstance(s): one module,
//! since the six differ only in the states they accept and go through.
//!
//! - **States.** Start takes a `Stopped` instance through `Starting` to
//!   `Running`; Stop (with or without `ForceStop`) a `Running` one through
//!   `Stopping` to `Stopped`; Reboot a `Running` one through `Stopping` and
//!   `Starting` back to `Running`. Each step lasts the configured transition
//!   time. An instance in any other state is `IncorrectInstanceStatus`.
//! - **Region.** The single-instance operations have no `RegionId`: the
//!   instance is found in whichever region holds it.
//! - **Batches.** `BatchOptimization=AllTogether` (the default) changes all
//!   or none: the first instance that cannot change refuses the request.
//!   `SuccessFirst` changes those that can and reports each in
//!   `InstanceResponses` with its own code. Unknown IDs are
//!   `InvalidInstanceId.NotFound`; an ID given twice counts once.
//! - **DryRun.** After every check passes, the single-instance operations
//!   answer `DryRunOperation` and the batch ones `DRYRUN.SUCCESS`, as their
//!   DryRun parameters document; nothing changes.

use alibabacloud_ecs::operation::{
    reboot_instance, reboot_instances, start_instance, start_instances, stop_instance,
    stop_instances,
};
use alibabacloud_ecs::runtime::ErrorInfo;
use alibabacloud_ecs::types::{InstanceResponse, InstanceResponses};

use super::{to_json, Context, Operation};
use crate::config::INSTANCE;
use crate::error::ApiError;
use crate::store::lifecycle::{Lifecycle, State};
use crate::store::Store;

/// What an operation does to an instance.
#[derive(Debug, Clone, Copy)]
pub(super) struct Change {
    pub from: &'static [State],
    pub through: &'static [State],
    pub to: State,
}

const START: Change = Change {
    from: &[State::Stopped],
    through: &[State::Starting],
    to: State::Running,
};
const STOP: Change = Change {
    from: &[State::Running],
    through: &[State::Stopping],
    to: State::Stopped,
};
const REBOOT: Change = Change {
    from: &[State::Running],
    through: &[State::Stopping, State::Starting],
    to: State::Running,
};

/// The region holding instance `id`, for operations that name no region.
pub(super) fn region_of(store: &Store, id: &str) -> Result<String, ApiError> {
    store
        .regions()
        .into_iter()
        .find(|region| store.resource(region, INSTANCE, id).is_some())
        .ok_or(ApiError::new("InvalidInstanceId.NotFound"))
}

/// The instance's state now, if it may undergo `change`.
pub(super) fn check(
    store: &Store,
    context: &Context<'_>,
    region: &str,
    id: &str,
    change: &Change,
) -> Result<State, ApiError> {
    let resource = store
        .resource(region, INSTANCE, id)
        .ok_or(ApiError::new("InvalidInstanceId.NotFound"))?;
    match resource.state(context.now) {
        Some(state) if change.from.contains(&state) => Ok(state),
        _ => Err(ApiError::new("IncorrectInstanceStatus")),
    }
}

/// Starts `change` on a checked instance; its state right after.
pub(super) fn apply(
    store: &mut Store,
    context: &Context<'_>,
    region: &str,
    id: &str,
    change: &Change,
) -> State {
    let life = Lifecycle::moving(change.through, change.to, context.now, context.transition);
    let state = life.state(context.now);
    if let Some(resource) = store.resource_mut(region, INSTANCE, id) {
        resource.lifecycle = Some(life);
    }
    state
}

fn change_one(
    context: &Context<'_>,
    id: &str,
    dry_run: Option<bool>,
    change: &Change,
) -> Result<(), ApiError> {
    let mut store = context.write();
    let region = region_of(&store, id)?;
    check(&store, context, &region, id, change)?;
    if dry_run == Some(true) {
        return Err(ApiError::new("DryRunOperation"));
    }
    apply(&mut store, context, &region, id, change);
    Ok(())
}

/// The IDs of a batch, each once, in the order given.
pub(super) fn distinct(ids: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .map(String::as_str)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// A batch request, decoded.
struct Batch<'a> {
    region: &'a str,
    ids: &'a [String],
    dry_run: Option<bool>,
    success_first: bool,
    /// The operation's table, for the message of each instance's code.
    errors: &'static [ErrorInfo],
}

fn change_many(
    context: &Context<'_>,
    batch: &Batch<'_>,
    change: &Change,
) -> Result<InstanceResponses, ApiError> {
    let region = batch.region;
    context.check_region(region)?;
    let mut store = context.write();
    let ids = distinct(batch.ids);
    let checked: Vec<Result<State, ApiError>> = ids
        .iter()
        .map(|id| check(&store, context, region, id, change))
        .collect();
    if !batch.success_first {
        if let Some(Err(error)) = checked.iter().find(|r| r.is_err()) {
            return Err(*error);
        }
    }
    if batch.dry_run == Some(true) {
        return Err(ApiError::new("DRYRUN.SUCCESS"));
    }
    let mut responses = InstanceResponses::default();
    for (id, result) in ids.iter().zip(checked) {
        let mut response = InstanceResponse::default();
        response.instance_id = Some((*id).to_owned());
        match result {
            Ok(previous) => {
                let now = apply(&mut store, context, region, id, change);
                response.code = Some("200".to_owned());
                response.message = Some("success".to_owned());
                response.previous_status = Some(previous.as_str().to_owned());
                response.current_status = Some(now.as_str().to_owned());
            }
            Err(error) => {
                let info = crate::error::describe(error.code, batch.errors);
                response.code = Some(error.code.to_owned());
                response.message = Some(info.message.to_owned());
                let state = store
                    .resource(region, INSTANCE, id)
                    .and_then(|r| r.state(context.now));
                response.current_status = state.map(|s| s.as_str().to_owned());
                response.previous_status = response.current_status.clone();
            }
        }
        responses.instance_response.push(response);
    }
    Ok(responses)
}

macro_rules! single {
    ($name:ident, $action:literal, $module:ident, $input:ident, $output:ident, $change:expr) => {
        pub const $name: Operation = Operation {
            name: $action,
            errors: $module::ERRORS,
            run: |context, params| {
                let input = $module::$input::from_wire_params(params)
                    .map_err(|e| ApiError::from_validation(&e))?;
                change_one(context, &input.instance_id, input.dry_run, &$change)?;
                let mut output = $module::$output::default();
                output.request_id = Some(context.request_id.to_owned());
                to_json(&output)
            },
        };
    };
}

macro_rules! batch {
    ($name:ident, $action:literal, $module:ident, $input:ident, $output:ident, $change:expr) => {
        pub const $name: Operation = Operation {
            name: $action,
            errors: $module::ERRORS,
            run: |context, params| {
                let input = $module::$input::from_wire_params(params)
                    .map_err(|e| ApiError::from_validation(&e))?;
                let batch = Batch {
                    region: &input.region_id,
                    ids: &input.instance_id,
                    dry_run: input.dry_run,
                    success_first: input
                        .batch_optimization
                        .as_ref()
                        .is_some_and(|b| b.as_str() == "SuccessFirst"),
                    errors: $module::ERRORS,
                };
                let responses = change_many(context, &batch, &$change)?;
                let mut output = $module::$output::default();
                output.request_id = Some(context.request_id.to_owned());
                output.instance_responses = Some(responses);
                to_json(&output)
            },
        };
    };
}

single!(
    START_INSTANCE,
    "StartInstance",
    start_instance,
    StartInstanceInput,
    StartInstanceOutput,
    START
);
single!(
    STOP_INSTANCE,
    "StopInstance",
    stop_instance,
    StopInstanceInput,
    StopInstanceOutput,
    STOP
);
single!(
    REBOOT_INSTANCE,
    "RebootInstance",
    reboot_instance,
    RebootInstanceInput,
    RebootInstanceOutput,
    REBOOT
);
batch!(
    START_INSTANCES,
    "StartInstances",
    start_instances,
    StartInstancesInput,
    StartInstancesOutput,
    START
);
batch!(
    STOP_INSTANCES,
    "StopInstances",
    stop_instances,
    StopInstancesInput,
    StopInstancesOutput,
    STOP
);
batch!(
    REBOOT_INSTANCES,
    "RebootInstances",
    reboot_instances,
    RebootInstancesInput,
    RebootInstancesOutput,
    REBOOT
);
