//! DescribeInstanceStatus: the state of each instance of a region, a page
//! at a time.
//!
//! Instances are sorted by ID, filtered by `InstanceId.N` (unknown IDs match
//! nothing; none given filters nothing) and `ZoneId`. The answer is page
//! `PageNumber` (default one) of `PageSize` instances (default 10, clamped
//! to the documented 1 to 50), with the total of all matches. An instance
//! without a state (seeded without `Status`) is listed without one.

use alibabacloud_ecs::operation::describe_instance_status::{
    DescribeInstanceStatusInput, DescribeInstanceStatusOutput, InstanceStatus, InstanceStatuses,
    ERRORS,
};

use super::{to_json, Context, Operation};
use crate::config::INSTANCE;
use crate::error::ApiError;

pub const OPERATION: Operation = Operation {
    name: "DescribeInstanceStatus",
    errors: ERRORS,
    run,
};

const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 50;

fn run(context: &Context<'_>, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
    let input = DescribeInstanceStatusInput::from_wire_params(params)
        .map_err(|e| ApiError::from_validation(&e))?;
    context.check_region(&input.region_id)?;
    let number = match input.page_number {
        None => 1,
        Some(n) if n >= 1 => n as usize,
        Some(_) => return Err(ApiError::new("InvalidParameter")),
    };
    let size = input.page_size.map_or(DEFAULT_PAGE_SIZE, |n| {
        usize::try_from(n).unwrap_or(0).clamp(1, MAX_PAGE_SIZE)
    });
    let mut ids: Vec<&str> = input.instance_id.iter().map(String::as_str).collect();
    ids.sort_unstable();

    let store = context.read();
    let mut matched = Vec::new();
    if let Some(partition) = store.partition(&input.region_id, INSTANCE) {
        for (id, resource) in partition.resources() {
            if !ids.is_empty() && ids.binary_search(&&**id).is_err() {
                continue;
            }
            let zone = resource
                .instance
                .as_ref()
                .and_then(|i| i.zone_id.as_deref());
            if input.zone_id.is_some() && zone != input.zone_id.as_deref() {
                continue;
            }
            matched.push((id, resource.state(context.now)));
        }
    }
    let start = (number - 1).saturating_mul(size);
    let mut statuses = InstanceStatuses::default();
    statuses.instance_status = matched
        .iter()
        .skip(start)
        .take(size)
        .map(|(id, state)| {
            let mut status = InstanceStatus::default();
            status.instance_id = Some(id.to_string());
            status.status = state.map(|s| s.as_str().to_owned());
            status
        })
        .collect();
    let mut output = DescribeInstanceStatusOutput::default();
    output.request_id = Some(context.request_id.to_owned());
    output.page_number = Some(i32::try_from(number).unwrap_or(i32::MAX));
    output.page_size = Some(i32::try_from(size).unwrap_or(i32::MAX));
    output.total_count = Some(i32::try_from(matched.len()).unwrap_or(i32::MAX));
    output.instance_statuses = Some(statuses);
    to_json(&output)
}
