//! The STS-backed and network credential providers over real HTTP on
//! 127.0.0.1: the scripted mock plays STS (checking signatures), small
//! local servers play the metadata service and a credentials URI.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alibabacloud_credentials::{Credentials, ProvideCredentials, RamRoleArnProvider, StsSettings};
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{
    self, fast_retry, ACCESS_KEY_ID, SECURITY_TOKEN, STS_ACCESS_KEY_ID, STS_SECRET,
};
use serde_json::json;

const ROLE_ARN: &str = "acs:ram::1234567890123456:role/app";
const ISSUED_SECRET: &str = "issued-secret-must-not-leak";

fn assumed(id: &str, expiration: &str) -> serde_json::Value {
    json!({
        "RequestId": "STS-REQ",
        "Credentials": {
            "AccessKeyId": id,
            "AccessKeySecret": ISSUED_SECRET,
            "SecurityToken": "CAIS-issued-token",
            "Expiration": expiration
        },
        "AssumedRoleUser": {"Arn": "acs:ram::1234567890123456:role/app/s", "AssumedRoleId": "1:s"}
    })
}

async fn mock_sts(replies: impl IntoIterator<Item = Reply>) -> MockEcs {
    MockEcs::start_service(
        "2015-04-01",
        &["AssumeRoleWithOIDC"],
        support::keys(),
        replies,
    )
    .await
}

fn sts(server: &MockEcs) -> StsSettings {
    StsSettings {
        endpoint: Some(server.endpoint()),
        retry: Some(fast_retry()),
        ..StsSettings::default()
    }
}

fn fixed_clock(at: SystemTime) -> alibabacloud_credentials::Clock {
    Arc::new(move || at)
}

fn epoch(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

#[tokio::test]
async fn ram_role_arn_assumes_the_role_with_the_source_keys_and_every_parameter() {
    let server = mock_sts([Reply::ok(&assumed("STS.one", "2030-01-01T00:00:00Z"))]).await;
    let provider = RamRoleArnProvider::builder()
        .source(support::credentials())
        .role_arn(ROLE_ARN)
        .role_session_name("alice")
        .duration_seconds(900)
        .policy(r#"{"Version":"1"}"#)
        .external_id("ext-1")
        .sts(sts(&server))
        .build()
        .unwrap();
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "STS.one");
    assert_eq!(c.access_key_secret(), ISSUED_SECRET);
    assert_eq!(c.security_token(), Some("CAIS-issued-token"));
    assert_eq!(c.provider_name(), "ram_role_arn");
    assert_eq!(c.expiry(), Some(epoch(1_893_456_000)));
    assert!(!format!("{c:?} {provider:?}").contains(ISSUED_SECRET));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.verified().access_key_id, ACCESS_KEY_ID);
    assert_eq!(r.verified().action, "AssumeRole");
    assert_eq!(r.param("RoleArn"), Some(ROLE_ARN));
    assert_eq!(r.param("RoleSessionName"), Some("alice"));
    assert_eq!(r.param("DurationSeconds"), Some("900"));
    assert_eq!(r.param("Policy"), Some(r#"{"Version":"1"}"#));
    assert_eq!(r.param("ExternalId"), Some("ext-1"));

    // Cached: a second call sends nothing.
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn ram_role_arn_refuses_a_session_shorter_than_900_seconds_before_sending() {
    let e = RamRoleArnProvider::builder()
        .source(support::credentials())
        .role_arn(ROLE_ARN)
        .duration_seconds(899)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("900"), "{e}");
}

#[tokio::test]
async fn ram_role_arn_chains_a_role_from_another_role() {
    // The first role's keys are ones the mock accepts (with their token), so
    // the second AssumeRole is signed with temporary keys.
    let mut first_keys = assumed(STS_ACCESS_KEY_ID, "2030-01-01T00:00:00Z");
    first_keys["Credentials"]["AccessKeySecret"] = json!(STS_SECRET);
    first_keys["Credentials"]["SecurityToken"] = json!(SECURITY_TOKEN);
    let server = mock_sts([
        Reply::ok(&first_keys),
        Reply::ok(&assumed("STS.second", "2030-01-01T00:00:00Z")),
    ])
    .await;
    let first = RamRoleArnProvider::builder()
        .source(support::credentials())
        .role_arn(ROLE_ARN)
        .sts(sts(&server))
        .build()
        .unwrap();
    let second = RamRoleArnProvider::builder()
        .source(first)
        .role_arn("acs:ram::1234567890123456:role/second")
        .sts(sts(&server))
        .build()
        .unwrap();
    assert_eq!(
        second.provide_credentials().await.unwrap().access_key_id(),
        "STS.second"
    );
    let requests = server.requests();
    assert_eq!(requests[1].verified().access_key_id, STS_ACCESS_KEY_ID);
    assert_eq!(
        requests[1].header("x-acs-security-token"),
        Some(SECURITY_TOKEN)
    );
}

#[tokio::test]
async fn ram_role_arn_errors_name_the_role_and_never_the_secret() {
    let server = mock_sts([Reply::error(403, "NoPermission", "not trusted", "R-1")]).await;
    let provider = RamRoleArnProvider::builder()
        .source(Credentials::new(ACCESS_KEY_ID, support::SECRET))
        .role_arn(ROLE_ARN)
        .sts(sts(&server))
        .build()
        .unwrap();
    let e = provider
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains(ROLE_ARN) && e.contains("NoPermission"), "{e}");
    assert!(!e.contains(support::SECRET), "{e}");
}

#[tokio::test]
async fn a_malformed_expiration_is_an_error_not_a_panic() {
    let server = mock_sts([Reply::ok(&assumed("STS.x", "tomorrow"))]).await;
    let provider = RamRoleArnProvider::builder()
        .source(support::credentials())
        .role_arn(ROLE_ARN)
        .sts(sts(&server))
        .clock(fixed_clock(epoch(1_700_000_000)))
        .build()
        .unwrap();
    let e = provider
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("Expiration"), "{e}");
}
