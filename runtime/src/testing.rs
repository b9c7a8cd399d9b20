//! Helpers shared by the runtime's unit tests. Fixtures come from the
//! repository's `fixtures/`, through the one helper crate every test uses.

pub(crate) use serde_json::Value as Json;
