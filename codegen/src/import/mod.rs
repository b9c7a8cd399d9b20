//! `cargo xtask import-spec`: writes operation spec files from Alibaba Cloud's
//! published metadata, reports every place where the sources disagree, and
//! keeps the human corrections already in a spec file.
//!
//! The sources, all under the reference directory (`../shared/reference/ecs`):
//!
//! | source | used for |
//! | --- | --- |
//! | portal api-docs 2024-06 (`*.full.zh-CN.2024-06-24.json`) | facts only (no licence): limits, enums, examples, response schema, error codes and messages, read-only; its Chinese prose never ships |
//! | portal api-docs 2025-12 (`*.stripped.2025-12-03.json`) | limits of newer parameters (it wins over 2024-06 where both state one) |
//! | `aliyun-openapi-meta` (`metadatas/ecs`, `en-US/ecs`) | the current parameter list, types, required, English descriptions and prose limits |
//! | `alibabacloud-sdk/ecs-20140526/api-info.json` | current vs deprecated operations, the endpoint map |
//! | `derived/ecs-operations-index.tsv` | the 308 current operations |
//! | `derived/selected-operations-extract.json` | the official SDK's request model (hidden and host parameters), for the few operations it covers |
//!
//! Precedence, where sources disagree (each disagreement is reported):
//! - a limit stated in prose ("Valid values of N: 1 to 50") beats `maxItems`
//!   in the portal: the service's own text wins;
//! - the newer portal file beats the older one for limits;
//! - `required` is set only when every source that says anything says so
//!   (a client-side check that the service does not make would refuse valid
//!   calls);
//! - descriptions come only from the English, Apache-2.0 meta (en-US): a
//!   parameter the meta does not describe has none, response fields have
//!   none, and an operation's description is a neutral line of our own;
//!   examples with Chinese text are left out;
//! - a limit is *enforced* (the parameter's `enforced` map names it, with
//!   the statements that make it trustworthy) only where a portal schema
//!   states it and neither the other portal file nor the English prose
//!   contradicts it, or where the English prose states it and no schema
//!   contradicts it. Otherwise it is only documented, and the import report
//!   (`spec/ecs/IMPORT-REPORT.md`, written by `--all`) says why. Paging
//!   parameters (`MaxResults`, `PageSize`, `PageNumber`) and hidden ones get
//!   no enforced limits;
//! - a parameter the sources type as a string whose English description
//!   calls it a JSON array (or whose portal example is one) becomes a list
//!   of strings with `style: json`;
//! - the operation's error table keeps every code the portal lists for it,
//!   with its own HTTP status and message, also those in `commonErrors`.
//!
//! Re-import over an existing spec file ([`import`] with `existing`) keeps:
//! every parameter (at any depth) that carries `corrections`, exactly as it
//! is; the rules, pagination and waiters; the enums (a curated list beats one read from
//! prose); descriptions and examples a human wrote; and everything the
//! sources cannot say (entries no source lists, `limitErrors`, `structName`s,
//! limits no source states, with their `enforced` entries). Chinese text in
//! an existing spec (the portal's, from earlier imports) is replaced by the
//! English text or removed, also inside corrected entries.

// The importer reads and writes the generator's own spec types; the short
// names keep its merge code readable.
pub use crate::spec::{
    EnumSpec as Enum, EnumValueSpec as EnumValue, ErrorSpec as ErrorEntry, FieldSpec as Field,
    OperationSpec as Operation, PaginationSpec as Pagination, ParameterSpec as Parameter,
    ResponseSpec as Response, RuleSpec as Rule,
};
use crate::spec::{ErrorSpec, OperationSpec};
use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

mod diff;
mod merge;
mod naming;
mod operation;
mod pagination;
mod prose;
mod reimport;
mod report;
mod sources;
mod trust;
mod views;

// The public surface lives in the parts; these paths are the API that
// `xtask` and the tests use (`ecs_codegen::import::...`).
pub use diff::diff;
pub use operation::import;
pub use prose::has_cjk;
pub use report::{report, LimitLine, ReportEntry};
pub use sources::{Reference, ReferenceLayout};
pub use trust::LimitNote;

// The parts share their internals through this module.
use merge::*;
use naming::*;
use operation::*;
use pagination::*;
use prose::*;
use reimport::*;
use sources::*;
use trust::*;
use views::*;

// ---------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------

/// One thing the importer noticed about an operation: a disagreement between
/// sources, a choice it made, or something it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub operation: String,
    /// The parameter (`Tag.N.Key`), `response.X.Y`, `error Code`, or `-` for
    /// the operation as a whole.
    pub subject: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.operation, self.subject, self.message)
    }
}

/// Why an operation could not be imported at all.
#[derive(Debug)]
pub enum ImportError {
    /// A reference file is missing or unreadable.
    Reference { path: PathBuf, message: String },
    /// No source in the reference directory describes the operation.
    Unknown { operation: String, why: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Reference { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            ImportError::Unknown { operation, why } => write!(f, "{operation}: {why}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// The result of importing one operation.
#[derive(Debug, Clone)]
pub struct Imported {
    pub operation: Operation,
    pub findings: Vec<Finding>,
    /// Limits the sources state that `build()` does not check, and why.
    pub limit_notes: Vec<LimitNote>,
}

impl Imported {
    /// The spec file text: two-space indented JSON, as the hand-kept files are.
    pub fn to_json(&self) -> String {
        to_json(&self.operation)
    }

    /// The result as the generator's spec type.
    pub fn to_spec(&self) -> OperationSpec {
        self.operation.clone()
    }
}

/// A spec file's text: two-space indented JSON with a final newline.
pub fn to_json(op: &OperationSpec) -> String {
    let mut text = serde_json::to_string_pretty(op).expect("the spec model serializes");
    text.push('\n');
    text
}

/// The reference directory of ECS: `$ECS_REFERENCE_DIR` if set, else
/// `<workspace>/../shared/reference/ecs`.
pub fn reference_dir(workspace_root: &Path) -> PathBuf {
    product_reference_dir(workspace_root, "ecs")
}

/// The reference directory of a product (`ecs`, `sts`):
/// `$<PRODUCT>_REFERENCE_DIR` if set, else
/// `<workspace>/../shared/reference/<product>`.
pub fn product_reference_dir(workspace_root: &Path, product: &str) -> PathBuf {
    let var = format!("{}_REFERENCE_DIR", product.to_ascii_uppercase());
    match std::env::var_os(var) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root.join("../shared/reference").join(product),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highs(text: &str) -> Vec<u64> {
        prose_n_ranges(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn ranges_of_n_are_read_in_english_and_chinese() {
        assert_eq!(highs("The resource IDs. Valid values of N: 1 to 50."), [50]);
        assert_eq!(highs("The value of N ranges from 1 to 20."), [20]);
        assert_eq!(highs("Valid values of N are 1 to 10."), [10]);
        assert_eq!(highs("ECS资源ID。N的取值范围为1~50。"), [50]);
        assert_eq!(highs("标签键。N 的取值范围：1~20"), [20]);
        assert_eq!(highs("N的取值范围为1 ~ 16"), [16]);
        assert_eq!(highs("N=1~16"), [16]);
    }

    #[test]
    fn n_inside_a_wire_name_or_other_ranges_are_not_read() {
        assert!(highs("Set Tag.N.Key to 1 to 128 characters.").is_empty());
        assert!(highs("- 第一个N的取值范围为1~2。\n- 第二个N的取值范围为1~5。") == [5]);
        assert!(highs("Valid values of N:\n\n*   When the ENI is Available, the valid values of N are 1 to 50.").is_empty());
        assert!(highs("The name must be 2 to 128 characters long.").is_empty());
        assert!(highs("N表示实例个数，取值范围为1~1000").is_empty());
    }

    #[test]
    fn an_unambiguous_value_list_becomes_an_enum() {
        let text = "The status. Valid values:\n\n*   Running: running\n*   Stopped (default)\n\nDefault value: Running.";
        let values = prose_enum(text).unwrap();
        let got: Vec<(&str, &str)> = values
            .iter()
            .map(|v| (v.value.as_str(), v.description.as_str()))
            .collect();
        assert_eq!(got, [("Running", "running"), ("Stopped", "(default)")]);
    }

    #[test]
    fn ambiguous_value_lists_stay_prose() {
        // Nested bullets: the values depend on something else.
        assert!(prose_enum("Valid values:\n\n*   a: x\n    *   b\n*   c: y").is_none());
        // Two lists.
        assert!(prose_enum("Valid values:\n\n*   a\n*   b\n\nValid values: c").is_none());
        // Not at the start of a sentence.
        assert!(prose_enum("If it is set, valid values:\n\n*   a\n*   b").is_none());
        // Values that are not single tokens, numbers, booleans.
        assert!(prose_enum("Valid values:\n\n*   a b: x\n*   c: y").is_none());
        assert!(prose_enum("Valid values:\n\n*   60\n*   600").is_none());
        assert!(prose_enum("Valid values:\n\n*   true\n*   false").is_none());
        // Values that would be one Rust variant.
        assert!(prose_enum("Valid values:\n\n*   Failed\n*   failed").is_none());
    }

    fn limits(text: &str) -> Vec<(&'static str, i64)> {
        prose_limits(text)
            .into_iter()
            .map(|(l, v, _)| (l, v))
            .collect()
    }

    #[test]
    fn lengths_and_ranges_are_read_from_plain_english_sentences() {
        assert_eq!(
            limits("The name. The name must be 2 to 128 characters in length."),
            [("minLength", 2), ("maxLength", 128)]
        );
        assert_eq!(
            limits("The token can contain only ASCII characters and cannot exceed 64 characters in length."),
            [("maxLength", 64)]
        );
        assert_eq!(
            limits("The value must be 1 to 1,024 characters in length."),
            [("minLength", 1), ("maxLength", 1024)]
        );
        assert_eq!(
            limits("The number of entries.\n\nValid values: 1 to 100.\n\nDefault value: 10."),
            [("minimum", 1), ("maximum", 100)]
        );
        assert_eq!(limits("Maximum value: 100."), [("maximum", 100)]);
    }

    #[test]
    fn conditional_bulleted_or_decimal_limits_are_not_read() {
        assert!(limits("If the disk is an ESSD, the size must be 1 to 100 characters.").is_empty());
        assert!(limits("Valid values:\n\n*   ESSD: 20 to 32768\n*   other: 20 to 500").is_empty());
        assert!(limits("Valid values: 0.5 to 2.").is_empty());
        assert!(limits("> The name must be 2 to 128 characters in length.").is_empty());
    }

    #[test]
    fn json_array_descriptions_and_their_sizes_are_recognised() {
        let text = "The IDs. The value is a JSON array that consists of up to 100 disk IDs. Separate the disk IDs with commas (,).";
        assert!(prose_says_json_array(text));
        assert_eq!(prose_json_max_items(text).map(|(n, _)| n), Some(100));
        assert!(!prose_says_json_array("The ID of the disk."));
        assert_eq!(
            prose_json_max_items("It can be up to 64 characters long."),
            None
        );
    }

    #[test]
    fn cjk_text_is_recognised() {
        assert!(has_cjk("地域ID。"));
        assert!(!has_cjk("The region ID. “quoted” — fine"));
    }

    #[test]
    fn dotted_names_fold_into_objects_and_numbered_lists() {
        let leaf = |name: &str| SrcParam {
            name: name.into(),
            ty: Some("string"),
            description: format!("about {name}"),
            ..SrcParam::default()
        };
        let folded = fold(vec![
            leaf("SystemDisk.Size"),
            leaf("DataDisk.1.Size"),
            leaf("DataDisk.2.Size"),
            leaf("AddGroup.1"),
        ]);
        let names: Vec<&str> = folded.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["SystemDisk", "DataDisk", "AddGroup"]);
        assert_eq!(folded[0].ty, Some("object"));
        assert_eq!(folded[0].members[0].name, "Size");
        assert_eq!(folded[1].ty, Some("list"));
        assert_eq!(folded[1].family.as_ref().unwrap().0, 2);
        let size = &folded[1].items.as_ref().unwrap().members[0];
        assert_eq!(
            size.description,
            "DataDisk.1.Size: about DataDisk.1.Size\n\nDataDisk.2.Size: about DataDisk.2.Size"
        );
        assert_eq!(folded[2].items.as_ref().unwrap().ty, Some("string"));
    }
}
