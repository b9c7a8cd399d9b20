//! The generator's output for a small corpus of made-up specs
//! (`tests/corpus/`) that together use every feature of the spec format:
//! each scalar type, enums (with a keyword value), lists of values, of
//! key-value pairs and of objects holding lists, a flat object, JSON-style
//! parameters, checked and documented-only limits, every rule kind, both
//! pagination styles, nested and dotted response fields, a type shared by
//! two operations, and a common error code an operation documents itself.
//! Every generated file is snapshotted, so a change to what the generator
//! emits shows here at the size of a review.

use ecs_codegen::{generate, workspace_root};

fn corpus() -> std::path::PathBuf {
    workspace_root().join("codegen/tests/corpus")
}

#[test]
fn the_corpus_generates_the_snapshotted_code() {
    let files = generate(&corpus(), "alibabacloud-corpus").expect("the corpus is a valid spec");
    for file in files {
        let name = file
            .path
            .to_string_lossy()
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .replace('/', "__");
        insta::assert_snapshot!(name, file.contents);
    }
}
