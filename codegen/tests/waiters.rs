//! The code generated for waiters, from a small spec
//! (`tests/specs/waiters/`) with one waiter of each kind: an enum member
//! compared with `allEqual` and a failure matcher, a plain string member in
//! a list at the top of the response, and `empty`. The checked-in sdk
//! (built by every `cargo test`) shows that such code compiles.

use ecs_codegen::generate;
use std::path::Path;

#[test]
fn waiters_are_generated_into_their_operation_module() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/waiters");
    let files = generate(&dir, "alibabacloud-ecs").expect("the waiter spec is valid");
    let file = files
        .into_iter()
        .find(|f| f.path.ends_with("src/operation/describe_widgets.rs"))
        .expect("the operation's file");
    // Only the waiters: the rest of the file is pinned by other snapshots.
    let start = file
        .contents
        .find("pub static WIDGET")
        .and_then(|at| file.contents[..at].rfind("#[doc(hidden)]"))
        .expect("the first waiter");
    insta::assert_snapshot!(&file.contents[start..]);
}
