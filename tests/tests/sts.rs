//! STS, generated from its own spec on the same runtime as ECS, over HTTP
//! against the scripted mock: signed operations pass the mock's independent
//! signature check, and the anonymous one carries no key and no signature.

use alibabacloud_sts::operation::get_caller_identity::IdentityType;
use alibabacloud_sts::{Client, Config, SdkError, SignatureVersion};
use ecs_integration_tests::mock::{MockEcs, Recorded, Reply};
use ecs_integration_tests::support::{self, fast_retry, ACCESS_KEY_ID, SECRET};
use ecs_integration_tests::verify::Version;
use serde_json::json;

const ROLE_ARN: &str = "acs:ram::1234567890123456:role/app";
const STS_SECRET_FROM_SERVER: &str = "server-issued-secret-must-not-leak";

fn assumed() -> serde_json::Value {
    json!({
        "RequestId": "STS-REQ-1",
        "Credentials": {
            "AccessKeyId": "STS.NUexample",
            "AccessKeySecret": STS_SECRET_FROM_SERVER,
            "SecurityToken": "CAIS-token",
            "Expiration": "2015-04-09T11:52:19Z"
        },
        "AssumedRoleUser": {
            "Arn": "acs:ram::1234567890123456:role/app/session",
            "AssumedRoleId": "344584339364951186:session"
        }
    })
}

/// The mock as STS: its API version, and AssumeRoleWithOIDC taken unsigned.
async fn mock_sts(replies: impl IntoIterator<Item = Reply>) -> MockEcs {
    MockEcs::start_service(
        "2015-04-01",
        &["AssumeRoleWithOIDC"],
        support::keys(),
        replies,
    )
    .await
}

fn client(server: &MockEcs, version: SignatureVersion) -> Client {
    Client::new(
        Config::builder()
            .endpoint(server.endpoint())
            .credentials(support::credentials())
            .signature_version(version)
            .retry(fast_retry())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn assume_role_is_signed_with_the_sts_version_and_its_credentials_are_read() {
    for (version, seen_as) in [
        (SignatureVersion::V3, Version::V3),
        (SignatureVersion::V1, Version::V1),
    ] {
        let server = mock_sts([Reply::ok(&assumed())]).await;
        let output = client(&server, version)
            .assume_role()
            .role_arn(ROLE_ARN)
            .role_session_name("alice")
            .duration_seconds(900)
            .send()
            .await
            .unwrap();
        let r = &server.requests()[0];
        let v = r.verified();
        assert_eq!(v.version, seen_as);
        assert_eq!(v.access_key_id, ACCESS_KEY_ID);
        assert_eq!(
            (v.action.as_str(), v.api_version.as_str()),
            ("AssumeRole", "2015-04-01")
        );
        assert_eq!(r.param("RoleArn"), Some(ROLE_ARN));
        assert_eq!(r.param("RoleSessionName"), Some("alice"));
        assert_eq!(r.param("DurationSeconds"), Some("900"));
        let c = output.credentials.expect("credentials");
        assert_eq!(c.access_key_id.as_deref(), Some("STS.NUexample"));
        assert_eq!(c.access_key_secret.as_deref(), Some(STS_SECRET_FROM_SERVER));
        assert_eq!(c.security_token.as_deref(), Some("CAIS-token"));
        assert_eq!(c.expiration.as_deref(), Some("2015-04-09T11:52:19Z"));
        assert_eq!(
            output.assumed_role_user.and_then(|u| u.arn).as_deref(),
            Some("acs:ram::1234567890123456:role/app/session")
        );
        assert_eq!(output.request_id.as_deref(), Some("STS-REQ-1"));
    }
}

fn assert_carries_no_key(r: &Recorded) {
    for header in [
        "authorization",
        "x-acs-accesskey-id",
        "x-acs-security-token",
    ] {
        assert_eq!(r.header(header), None, "{header} in {:?}", r.headers);
    }
    for param in [
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SecurityToken",
    ] {
        assert_eq!(r.query_param(param), None, "{param} in {}", r.raw_query);
    }
    assert!(!r.raw_query.contains(ACCESS_KEY_ID) && !r.raw_query.contains(SECRET));
}

#[tokio::test]
async fn assume_role_with_oidc_is_sent_anonymously_even_with_keys_configured() {
    let mut reply = assumed();
    reply["OIDCTokenInfo"] = json!({"Issuer": "https://issuer.example", "Subject": "system:serviceaccount:ns:app", "ClientIds": "sts.aliyuncs.com"});
    for (version, seen_as) in [
        (SignatureVersion::V3, Version::V3),
        (SignatureVersion::V1, Version::V1),
    ] {
        let server = mock_sts([Reply::ok(&reply)]).await;
        let output = client(&server, version)
            .assume_role_with_oidc()
            .role_arn(ROLE_ARN)
            .oidc_provider_arn("acs:ram::1234567890123456:oidc-provider/k8s")
            .oidc_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln")
            .role_session_name("app")
            .send()
            .await
            .unwrap();
        let r = &server.requests()[0];
        assert_carries_no_key(r);
        let v = r.verified();
        assert_eq!(v.version, seen_as);
        assert_eq!(v.access_key_id, "", "the mock took it as anonymous");
        assert_eq!(
            (v.action.as_str(), v.api_version.as_str()),
            ("AssumeRoleWithOIDC", "2015-04-01")
        );
        assert_eq!(
            r.param("OIDCToken"),
            Some("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln")
        );
        assert_eq!(
            output.oidc_token_info.and_then(|i| i.subject).as_deref(),
            Some("system:serviceaccount:ns:app")
        );
        assert_eq!(
            output.credentials.and_then(|c| c.access_key_id).as_deref(),
            Some("STS.NUexample")
        );
    }
}

#[tokio::test]
async fn assume_role_with_oidc_needs_its_token_before_anything_is_sent() {
    let server = mock_sts([]).await;
    let e = client(&server, SignatureVersion::V3)
        .assume_role_with_oidc()
        .role_arn(ROLE_ARN)
        .oidc_provider_arn("acs:ram::1234567890123456:oidc-provider/k8s")
        .role_session_name("app")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::Validation(_)), "{e:?}");
    assert!(e.to_string().contains("OIDCToken"), "{e}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn duration_below_900_seconds_is_refused_before_sending() {
    let server = mock_sts([]).await;
    let e = client(&server, SignatureVersion::V3)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("alice")
        .duration_seconds(899)
        .send()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("DurationSeconds"), "{e}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn get_caller_identity_is_signed_and_reads_the_identity_type() {
    let server = mock_sts([Reply::ok(&json!({
        "RequestId": "R-2",
        "AccountId": "1234567890123456",
        "Arn": "acs:ram::1234567890123456:user/alice",
        "IdentityType": "RAMUser",
        "PrincipalId": "2000000000000001",
        "UserId": "2000000000000001"
    }))])
    .await;
    let output = client(&server, SignatureVersion::V3)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.verified().action, "GetCallerIdentity");
    assert!(r.verified().params.is_empty(), "{:?}", r.verified().params);
    assert_eq!(output.identity_type, Some(IdentityType::RamUser));
    assert_eq!(output.account_id.as_deref(), Some("1234567890123456"));
}

#[test]
fn endpoint_is_central_without_a_region_regional_or_vpc_with_one_and_explicit_wins() {
    let host = |b: alibabacloud_sts::ConfigBuilder| {
        Client::new(b.build().unwrap())
            .endpoint()
            .unwrap()
            .to_string()
    };
    assert_eq!(host(Config::builder()), "https://sts.aliyuncs.com");
    assert_eq!(
        host(Config::builder().region_id("cn-hangzhou")),
        "https://sts.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        host(Config::builder().region_id("cn-hangzhou").network("vpc")),
        "https://sts-vpc.cn-hangzhou.aliyuncs.com"
    );
    // The official map sends these regions to the central host, network or not.
    assert_eq!(
        host(Config::builder().region_id("ap-south-1").network("vpc")),
        "https://sts.aliyuncs.com"
    );
    assert_eq!(
        host(
            Config::builder()
                .region_id("cn-hangzhou")
                .endpoint("sts.example.internal:8443")
        ),
        "https://sts.example.internal:8443"
    );
}

#[test]
fn one_config_serves_both_products_each_with_its_own_endpoint_and_user_agent() {
    let config = Config::builder().region_id("cn-shanghai").build().unwrap();
    let sts = Client::new(config.clone());
    let ecs = alibabacloud_ecs::Client::new(config);
    assert_eq!(sts.endpoint().unwrap().host, "sts.cn-shanghai.aliyuncs.com");
    assert_eq!(ecs.endpoint().unwrap().host, "ecs.cn-shanghai.aliyuncs.com");
    assert!(
        sts.user_agent().contains(" Rust alibabacloud-sts/"),
        "{}",
        sts.user_agent()
    );
    assert!(
        ecs.user_agent().contains(" Rust alibabacloud-ecs/"),
        "{}",
        ecs.user_agent()
    );
}
