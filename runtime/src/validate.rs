//! Client-side checks that generated `build()` functions call.
//!
//! Each check is a plain, non-generic function so that every operation shares
//! one copy of the code; the generated side only passes names and numbers.

use std::fmt;

/// Why a request was refused before anything was sent.
///
/// `parameter` is the wire name of the offending value (`Tag.3.Key`), and
/// `code` the error code the service would answer with, where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    parameter: String,
    kind: ValidationErrorKind,
    code: Option<&'static str>,
}

/// The limit or rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// A required parameter was not set.
    Missing,
    /// A list holds more items than allowed.
    TooManyItems { max: u64, found: u64 },
    /// A string is shorter than allowed (in characters).
    TooShort { min: u64, found: u64 },
    /// A string is longer than allowed (in characters).
    TooLong { max: u64, found: u64 },
    /// A number is outside its allowed range.
    OutOfRange {
        min: Option<i64>,
        max: Option<i64>,
        found: i64,
    },
    /// A rule across parameters was broken; the text says which.
    Rule { rule: &'static str },
    /// A wire value is not of the parameter's type (only when reading a
    /// request back from the wire).
    Malformed { expected: &'static str },
}

impl ValidationError {
    pub fn new(
        parameter: impl Into<String>,
        kind: ValidationErrorKind,
        code: Option<&'static str>,
    ) -> Self {
        Self {
            parameter: parameter.into(),
            kind,
            code,
        }
    }

    /// The wire name of the parameter at fault, e.g. `ResourceId` or `Tag.2.Value`.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    pub fn kind(&self) -> &ValidationErrorKind {
        &self.kind
    }

    /// The error code the service answers the same request with, when documented.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.parameter;
        match &self.kind {
            ValidationErrorKind::Missing => write!(f, "{p} is required but was not set")?,
            ValidationErrorKind::TooManyItems { max, found } => {
                write!(f, "{p} holds {found} items; at most {max} are allowed")?
            }
            ValidationErrorKind::TooShort { min, found } => write!(
                f,
                "{p} is {found} characters long; at least {min} are required"
            )?,
            ValidationErrorKind::TooLong { max, found } => write!(
                f,
                "{p} is {found} characters long; at most {max} are allowed"
            )?,
            ValidationErrorKind::OutOfRange { min, max, found } => {
                write!(f, "{p} is {found}; it must be")?;
                match (min, max) {
                    (Some(lo), Some(hi)) => write!(f, " between {lo} and {hi}")?,
                    (Some(lo), None) => write!(f, " at least {lo}")?,
                    (None, Some(hi)) => write!(f, " at most {hi}")?,
                    (None, None) => write!(f, " in range")?,
                }
            }
            ValidationErrorKind::Rule { rule } => write!(f, "{p}: {rule}")?,
            ValidationErrorKind::Malformed { expected } => write!(f, "{p} must be {expected}")?,
        }
        if let Some(code) = self.code {
            write!(f, " (the service would answer {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Fails with `Missing` when a required value is absent.
pub fn required<T>(
    parameter: &str,
    value: Option<T>,
    code: Option<&'static str>,
) -> Result<T, ValidationError> {
    value.ok_or_else(|| ValidationError::new(parameter, ValidationErrorKind::Missing, code))
}

/// Fails when a list holds more than `max` items.
pub fn max_items(
    parameter: &dyn Fn() -> String,
    found: usize,
    max: u64,
    code: Option<&'static str>,
) -> Result<(), ValidationError> {
    let found = found as u64;
    if found > max {
        return Err(ValidationError::new(
            parameter(),
            ValidationErrorKind::TooManyItems { max, found },
            code,
        ));
    }
    Ok(())
}

/// Fails when a string's length in characters is outside `min..=max`.
///
/// Lengths count Unicode scalar values, as the service's limits do
/// ("1 to 128 characters"), not UTF-8 bytes.
pub fn length(
    parameter: &dyn Fn() -> String,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    code: Option<&'static str>,
) -> Result<(), ValidationError> {
    let found = if value.is_ascii() {
        value.len() as u64
    } else {
        value.chars().count() as u64
    };
    if let Some(min) = min {
        if found < min {
            return Err(ValidationError::new(
                parameter(),
                ValidationErrorKind::TooShort { min, found },
                code,
            ));
        }
    }
    if let Some(max) = max {
        if found > max {
            return Err(ValidationError::new(
                parameter(),
                ValidationErrorKind::TooLong { max, found },
                code,
            ));
        }
    }
    Ok(())
}

/// Fails when a number is outside `min..=max`.
pub fn range(
    parameter: &dyn Fn() -> String,
    found: i64,
    min: Option<i64>,
    max: Option<i64>,
    code: Option<&'static str>,
) -> Result<(), ValidationError> {
    if min.is_some_and(|min| found < min) || max.is_some_and(|max| found > max) {
        return Err(ValidationError::new(
            parameter(),
            ValidationErrorKind::OutOfRange { min, max, found },
            code,
        ));
    }
    Ok(())
}

/// Fails with a rule error naming `parameter`.
pub fn rule(
    parameter: impl Into<String>,
    rule: &'static str,
    code: &'static str,
) -> ValidationError {
    ValidationError::new(parameter, ValidationErrorKind::Rule { rule }, Some(code))
}
