//! Errors as the service answers them: a code, whose HTTP status and message
//! come from the tables the SDK generates from the spec, never from here.

use alibabacloud_ecs::runtime::{ErrorInfo, ValidationError, ValidationErrorKind};
use alibabacloud_ecs::service::COMMON_ERRORS;
use serde_json::json;

/// A failed request, by the service's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
}

impl ApiError {
    pub const fn new(code: &'static str) -> Self {
        Self { code }
    }

    /// The code the service answers a request that the spec's rules refuse.
    /// A broken limit without a documented code is a generic
    /// `InvalidParameter` (or `MissingParameter`), as the service answers.
    pub fn from_validation(error: &ValidationError) -> Self {
        let code = error.code().unwrap_or(match error.kind() {
            ValidationErrorKind::Missing => "MissingParameter",
            _ => "InvalidParameter",
        });
        Self { code }
    }
}

/// The status and message of `code`: the operation's own entry wins over the
/// common one, and either over another served operation's.
///
/// The last is for a condition the operation's reference page leaves out
/// but another ECS page documents: DescribeInstances documents no code for
/// an unknown region or a bad `NextToken`, so it answers
/// `InvalidRegionId.NotFound` and `Invalid.NextToken` as ListTagResources
/// documents them, rather than a code of the emulator's own making.
pub fn describe(code: &'static str, operation_errors: &[ErrorInfo]) -> ErrorInfo {
    let served = crate::ops::OPERATIONS
        .iter()
        .flat_map(|operation| operation.errors);
    operation_errors
        .iter()
        .chain(COMMON_ERRORS)
        .chain(served)
        .find(|info| info.code == code)
        .copied()
        // Every code the emulator answers is checked against the tables by a
        // test; this only keeps a future gap from becoming a panic.
        .unwrap_or(ErrorInfo {
            code,
            http_status: 400,
            message: "The request was refused.",
        })
}

/// The service's error body: `RequestId`, `HostId`, `Code`, `Message` and
/// `Recommend`, and the status to send it with.
pub fn render(
    error: ApiError,
    operation_errors: &[ErrorInfo],
    request_id: &str,
    host_id: &str,
) -> (u16, Vec<u8>) {
    let info = describe(error.code, operation_errors);
    let body = json!({
        "RequestId": request_id,
        "HostId": host_id,
        "Code": info.code,
        "Message": info.message,
        "Recommend": format!(
            "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={request_id}",
            info.code
        ),
    });
    (info.http_status, body.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error code written in the emulator's source, by the patterns
    /// it is written with.
    fn codes_in_source() -> Vec<String> {
        let sources = [
            include_str!("handler.rs"),
            include_str!("server.rs"),
            include_str!("auth/signature.rs"),
            include_str!("ops/mod.rs"),
            include_str!("ops/describe_instances.rs"),
            include_str!("ops/describe_regions.rs"),
            include_str!("ops/list_tag_resources.rs"),
            include_str!("ops/tag_resources.rs"),
            include_str!("ops/untag_resources.rs"),
            include_str!("ops/run_instances.rs"),
            include_str!("ops/instance_power.rs"),
            include_str!("ops/delete_instances.rs"),
            include_str!("ops/describe_instance_status.rs"),
        ];
        let mut codes = Vec::new();
        for source in sources {
            for marker in ["ApiError::new(\"", "protocol(\"", "=> \""] {
                for (at, _) in source.match_indices(marker) {
                    let rest = &source[at + marker.len()..];
                    let code = &rest[..rest.find('"').unwrap_or(0)];
                    if code.starts_with(|c: char| c.is_ascii_uppercase()) && !code.contains(' ') {
                        codes.push(code.to_owned());
                    }
                }
            }
        }
        codes.sort();
        codes.dedup();
        codes
    }

    #[test]
    fn every_code_the_emulator_answers_is_in_the_generated_tables() {
        let codes = codes_in_source();
        assert!(codes.len() > 20, "the scan found too little: {codes:?}");
        for code in codes {
            let documented = crate::ops::OPERATIONS
                .iter()
                .flat_map(|operation| operation.errors)
                .chain(COMMON_ERRORS)
                .any(|info| info.code == code);
            assert!(documented, "{code} is in no generated error table");
        }
    }

    #[test]
    fn the_operation_entry_wins_over_the_common_one() {
        let own = [ErrorInfo {
            code: "SignatureDoesNotMatch",
            http_status: 418,
            message: "own",
        }];
        assert_eq!(describe("SignatureDoesNotMatch", &own).http_status, 418);
        assert_eq!(describe("SignatureDoesNotMatch", &[]).http_status, 400);
    }

    #[test]
    fn a_code_another_operation_documents_takes_its_status_and_message() {
        use alibabacloud_ecs::operation::{describe_instances, list_tag_resources};
        let documented = list_tag_resources::ERRORS
            .iter()
            .find(|info| info.code == "InvalidRegionId.NotFound")
            .unwrap();
        assert!(!describe_instances::ERRORS
            .iter()
            .any(|info| info.code == "InvalidRegionId.NotFound"));
        assert_eq!(
            describe("InvalidRegionId.NotFound", describe_instances::ERRORS),
            *documented
        );
    }

    #[test]
    fn the_body_has_the_service_fields_and_the_documented_status() {
        let (status, body) = render(
            ApiError::new("InvalidAccessKeyId.NotFound"),
            &[],
            "REQ-1",
            "127.0.0.1:1",
        );
        assert_eq!(status, 404);
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["Code"], "InvalidAccessKeyId.NotFound");
        assert_eq!(body["RequestId"], "REQ-1");
        assert_eq!(body["HostId"], "127.0.0.1:1");
        assert_eq!(body["Message"], "Specified access key is not found.");
        assert!(body["Recommend"].as_str().unwrap().contains("REQ-1"));
    }
}
