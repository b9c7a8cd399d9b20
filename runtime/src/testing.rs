//! Helpers shared by the runtime's unit tests. Fixtures come from the
//! repository's `fixtures/`, through the one helper crate every test uses.

pub(crate) use serde_json::Value as Json;

/// Reads a JSON fixture, `relative` to the repository's `fixtures/`, or
/// panics naming the path.
pub(crate) fn fixture_json(relative: &str) -> Json {
    ecs_fixtures::json(relative)
}
