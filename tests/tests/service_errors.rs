//! The service's JSON errors, as the typed per-operation error.

use alibabacloud_ecs::operation::list_tag_resources::{ListTagResourcesError, ERRORS};
use alibabacloud_ecs::{Client, RetryConfig, SdkError};
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{config, list_tags, mock, service_error};

fn no_retry(server: &MockEcs) -> Client {
    Client::new(
        config(server)
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn every_documented_code_maps_to_its_own_variant() {
    let server = mock(
        ERRORS
            .iter()
            .map(|e| Reply::error(e.http_status, e.code, e.message, "r-1")),
    )
    .await;
    let client = no_retry(&server);
    for documented in ERRORS {
        let e = service_error(list_tags(&client).send().await.unwrap_err());
        assert!(
            !matches!(e, ListTagResourcesError::Unhandled(_)),
            "{} is documented, so it has a variant",
            documented.code
        );
        let s = e.service_error();
        assert_eq!(s.code(), documented.code);
        assert_eq!(s.http_status(), documented.http_status);
    }
}

#[tokio::test]
async fn codes_map_to_the_right_variant_and_unknown_codes_to_unhandled() {
    type IsVariant = fn(&ListTagResourcesError) -> bool;
    let cases: [(u16, &str, IsVariant); 5] = [
        (404, "InvalidResourceType.NotFound", |e| {
            matches!(e, ListTagResourcesError::InvalidResourceTypeNotFound(_))
        }),
        (403, "Forbidden.RAM", |e| {
            matches!(
                e,
                ListTagResourcesError::Common(alibabacloud_ecs::CommonError::ForbiddenRAM(_))
            )
        }),
        (400, "Throttling.User", |e| {
            matches!(
                e,
                ListTagResourcesError::Common(alibabacloud_ecs::CommonError::ThrottlingUser(_))
            )
        }),
        (500, "InternalError", |e| {
            matches!(e, ListTagResourcesError::InternalError(_))
        }),
        (400, "Some.CodeAddedLater", |e| {
            matches!(e, ListTagResourcesError::Unhandled(_))
        }),
    ];
    let server = mock(
        cases
            .iter()
            .map(|(status, code, _)| Reply::error(*status, code, "msg", "r-1")),
    )
    .await;
    let client = no_retry(&server);
    for (_, code, is_expected) in cases {
        let e = service_error(list_tags(&client).send().await.unwrap_err());
        assert!(is_expected(&e), "{code}: {e:?}");
        assert_eq!(e.service_error().code(), code);
    }
}

#[tokio::test]
async fn a_service_error_keeps_every_field_of_the_body() {
    let server = mock([Reply::error(
        404,
        "InvalidResourceId.NotFound",
        "The specified ResourceIds are not found in our records.",
        "7E3F6A2B-0C1D-4E5F-8A9B-1234567890AB",
    )
    .header("x-acs-request-id", "ignored-when-the-body-has-one")])
    .await;
    let e = list_tags(&no_retry(&server)).send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidResourceId.NotFound"));
    assert_eq!(e.request_id(), Some("7E3F6A2B-0C1D-4E5F-8A9B-1234567890AB"));
    let typed = service_error(e);
    let s = typed.service_error();
    assert_eq!(
        s.message(),
        "The specified ResourceIds are not found in our records."
    );
    assert_eq!(s.host_id(), Some("ecs.aliyuncs.com"));
    assert_eq!(
        s.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=InvalidResourceId.NotFound")
    );
    assert_eq!(s.http_status(), 404);
}

#[tokio::test]
async fn a_service_error_displays_on_one_line_with_code_message_and_request_id() {
    let server = mock([
        Reply::error(
            400,
            "InvalidParameter",
            "The specified parameter is not valid.",
            "R-100",
        ),
        // Messages with line breaks exist in the wild; Display must still
        // be one line.
        Reply::error(
            400,
            "InvalidTagKey.Malformed",
            "The specified Tag.n.Key is not valid.\nSee the documentation.\r\n",
            "R-101",
        ),
    ])
    .await;
    let client = no_retry(&server);

    let e = list_tags(&client).send().await.unwrap_err();
    let shown = e.to_string();
    assert_eq!(
        shown,
        "InvalidParameter: The specified parameter is not valid. (HTTP 400, RequestId: R-100)"
    );
    assert_eq!(
        service_error(e).to_string(),
        shown,
        "the typed error shows the same"
    );

    let e = list_tags(&client).send().await.unwrap_err();
    let shown = e.to_string();
    assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown:?}");
    for part in [
        "InvalidTagKey.Malformed",
        "The specified Tag.n.Key is not valid.",
        "See the documentation.",
        "RequestId: R-101",
    ] {
        assert!(shown.contains(part), "{part:?} in {shown:?}");
    }
    assert!(matches!(
        e,
        SdkError::Service(ListTagResourcesError::InvalidTagKeyMalformed(_))
    ));
}
