//! The one table of names a generated type (struct or enum), or an enum
//! variant, must not take. The importer avoids these names when it names
//! types, and the validator refuses them; keeping a single table means an
//! imported spec always validates, and the two can no longer disagree.

/// Names a generated type or variant must not take:
/// - `Self`, a keyword that cannot be a raw identifier;
/// - `Unknown`, the fallback variant of every generated enum;
/// - the names every generated operation module imports or defines
///   (`ErrorInfo`, `OperationInfo`, `ValidationError`, `WireParams`);
/// - prelude names (types, variants, traits and their derives) that a
///   generated type would shadow inside its module.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    // keyword and fallback variant
    "Self",
    "Unknown",
    // imported by every generated module
    "ErrorInfo",
    "OperationInfo",
    "ValidationError",
    "WireParams",
    // prelude types and variants
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    // prelude traits and derives
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
];

/// Whether `name` is in [`RESERVED_TYPE_NAMES`].
pub fn is_reserved(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
}

/// Names an enum variant must not take. A variant lives in its enum's own
/// namespace, so it only has to avoid `Self` and the fallback `Unknown`;
/// the other names are here because the generator has always renamed them
/// (`Some` -> `SomeValue`), and changing that would rename public variants.
/// Every entry is also in [`RESERVED_TYPE_NAMES`]. The ECS specs use `Drop`
/// as an enum value, so the type table's extra names must not be added here.
pub const RESERVED_VARIANT_NAMES: &[&str] = &[
    "Self", "Unknown", "Result", "Option", "Some", "None", "Ok", "Err", "Vec", "String", "Box",
    "Default", "Clone", "Debug", "Send", "Sync", "Copy", "From", "Into", "Iterator",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_are_a_subset_of_type_names() {
        for name in RESERVED_VARIANT_NAMES {
            assert!(is_reserved(name), "{name}");
        }
    }
}
