//! The signed request, as the mock's independent verifier sees it on the wire.

use std::collections::HashSet;
use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::{ListTagResourcesError, Tag};
use alibabacloud_ecs::{Client, CommonError, Credentials, SignatureVersion};
use ecs_integration_tests::mock::{MockEcs, Recorded, Reply};
use ecs_integration_tests::support::{
    self, config, list_tags, mock, ok, received_secs, service_error, ACCESS_KEY_ID, SECURITY_TOKEN,
    STS_ACCESS_KEY_ID, STS_SECRET,
};
use ecs_integration_tests::verify::{parse_timestamp, Version};

fn client_with(server: &MockEcs, version: SignatureVersion, credentials: Credentials) -> Client {
    Client::new(
        config(server)
            .signature_version(version)
            .credentials(credentials)
            .build()
            .unwrap(),
    )
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The parameters of [`support::list_tags`], in the order they are sent.
fn typical_params() -> Vec<(String, String)> {
    pairs(&[
        ("RegionId", "cn-hangzhou"),
        ("ResourceId.1", "i-bp1example"),
        ("ResourceType", "instance"),
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
    ])
}

fn is_nonce(n: &str) -> bool {
    n.len() == 32 && n.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The timestamp was taken for this attempt: no later than the server got
/// it, and not long before (the verifier has checked its format).
fn assert_fresh_timestamp(r: &Recorded) {
    let sent = parse_timestamp(&r.verified().timestamp).unwrap();
    let received = received_secs(r);
    assert!(
        sent <= received && received - sent <= 5,
        "timestamp {} for a request received at {received}",
        r.verified().timestamp
    );
}

fn assert_empty_post_to_root(r: &Recorded) {
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-length"), Some("0"));
}

#[tokio::test]
async fn v3_request_is_an_empty_post_to_root_that_the_independent_verifier_accepts() {
    let server = mock([ok()]).await;
    let client = support::client(&server);
    let out = list_tags(&client).send().await.unwrap();
    assert_eq!(out.request_id.as_deref(), Some("req-last"));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    let v = r.verified();
    assert_eq!(v.version, Version::V3, "V3 is the default");
    assert_empty_post_to_root(r);
    assert_eq!(v.access_key_id, ACCESS_KEY_ID);
    assert_eq!(r.header("x-acs-action"), Some("ListTagResources"));
    assert_eq!(r.header("x-acs-version"), Some("2014-05-26"));
    assert_eq!(r.header("host"), Some(server.host().as_str()));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.query,
        typical_params(),
        "the query holds only the operation's parameters"
    );
    for h in [
        "accept",
        "host",
        "user-agent",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        assert!(v.signed_headers.iter().any(|s| s == h), "{h} is signed");
    }
    assert!(is_nonce(&v.nonce), "{}", v.nonce);
    assert_fresh_timestamp(r);
    assert_eq!(v.security_token, None);
}

#[tokio::test]
async fn v1_request_carries_its_signature_in_the_query_and_the_independent_verifier_accepts_it() {
    let server = mock([ok()]).await;
    let client = client_with(&server, SignatureVersion::V1, support::credentials());
    list_tags(&client).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    let v = r.verified();
    assert_eq!(v.version, Version::V1);
    assert_empty_post_to_root(r);
    assert_eq!(r.header("authorization"), None);
    assert_eq!(v.action, "ListTagResources");
    assert_eq!(v.params, typical_params());
    let keys: Vec<&str> = r.query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "Action",
            "Format",
            "Version",
            "Timestamp",
            "SignatureNonce",
            "RegionId",
            "ResourceId.1",
            "ResourceType",
            "Tag.1.Key",
            "Tag.1.Value",
            "SignatureMethod",
            "SignatureVersion",
            "AccessKeyId",
            "Signature",
        ],
        "the official SDK's wire order"
    );
    assert!(is_nonce(&v.nonce), "{}", v.nonce);
    assert_fresh_timestamp(r);
}

#[tokio::test]
async fn every_attempt_carries_a_fresh_nonce_and_signature() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([
            Reply::error(400, "Throttling.User", "slow down", "r-1"),
            Reply::error(503, "ServiceUnavailable", "later", "r-2"),
            ok(),
        ])
        .await;
        let client = client_with(&server, version, support::credentials());
        list_tags(&client).send().await.unwrap();

        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{version:?}");
        let nonces: HashSet<&str> = requests
            .iter()
            .map(|r| r.verified().nonce.as_str())
            .collect();
        assert_eq!(nonces.len(), 3, "{version:?}: one nonce per attempt");
        let signatures: HashSet<&str> = requests
            .iter()
            .map(|r| match version {
                SignatureVersion::V3 => r.header("authorization").unwrap(),
                _ => r.query_param("Signature").unwrap(),
            })
            .collect();
        assert_eq!(
            signatures.len(),
            3,
            "{version:?}: one signature per attempt"
        );
        for r in &requests {
            assert_fresh_timestamp(r);
            assert_eq!(r.verified().params, typical_params(), "{version:?}");
        }
    }
}

#[tokio::test]
async fn an_attempt_made_in_a_later_second_is_signed_with_a_later_timestamp() {
    // The service asks for a wait of over a second, so the retry is signed
    // in a later second than the first attempt; both versions wait together.
    async fn run(version: SignatureVersion) -> Vec<Recorded> {
        let server = mock([
            Reply::error(400, "Throttling.User", "slow down", "r-1")
                .header("x-acs-retry-after", "1100"),
            ok(),
        ])
        .await;
        let client = Client::new(
            config(&server)
                .signature_version(version)
                .retry(support::fast_retry().max_delay(Duration::from_secs(2)))
                .build()
                .unwrap(),
        );
        list_tags(&client).send().await.unwrap();
        server.requests()
    }
    let (v3, v1) = tokio::join!(run(SignatureVersion::V3), run(SignatureVersion::V1));
    for requests in [v3, v1] {
        assert_eq!(requests.len(), 2);
        let [first, second] = [&requests[0], &requests[1]].map(|r| {
            assert_fresh_timestamp(r);
            parse_timestamp(&r.verified().timestamp).unwrap()
        });
        assert!(
            second > first,
            "{:?}: {first} then {second}",
            requests[0].verified().version
        );
    }
}

#[tokio::test]
async fn sts_token_travels_as_signed_headers_in_v3() {
    let server = mock([ok()]).await;
    let client = client_with(&server, SignatureVersion::V3, support::sts_credentials());
    list_tags(&client).send().await.unwrap();

    let r = &server.requests()[0];
    let v = r.verified();
    assert_eq!(v.security_token.as_deref(), Some(SECURITY_TOKEN));
    assert_eq!(r.header("x-acs-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(r.header("x-acs-accesskey-id"), Some(STS_ACCESS_KEY_ID));
    for h in ["x-acs-accesskey-id", "x-acs-security-token"] {
        assert!(v.signed_headers.iter().any(|s| s == h), "{h} is signed");
    }
    assert_eq!(r.query_param("SecurityToken"), None);
}

#[tokio::test]
async fn sts_token_travels_as_a_query_parameter_in_v1() {
    let server = mock([ok()]).await;
    let client = client_with(&server, SignatureVersion::V1, support::sts_credentials());
    list_tags(&client).send().await.unwrap();

    let r = &server.requests()[0];
    assert_eq!(r.verified().security_token.as_deref(), Some(SECURITY_TOKEN));
    assert_eq!(r.query_param("SecurityToken"), Some(SECURITY_TOKEN));
    assert_eq!(r.query_param("AccessKeyId"), Some(STS_ACCESS_KEY_ID));
    let keys: Vec<&str> = r.query.iter().map(|(k, _)| k.as_str()).collect();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert!(
        at("Tag.1.Value") < at("SecurityToken") && at("SecurityToken") < at("SignatureMethod"),
        "{keys:?}"
    );
    assert_eq!(r.header("x-acs-security-token"), None);
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_secret_is_refused_and_not_retried() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([ok()]).await;
        let client = client_with(
            &server,
            version,
            Credentials::new(ACCESS_KEY_ID, "not-the-secret"),
        );
        let e = service_error(list_tags(&client).send().await.unwrap_err());
        assert!(
            matches!(
                e,
                ListTagResourcesError::Common(CommonError::SignatureDoesNotMatch(_))
            ),
            "{version:?}: {e:?}"
        );
        assert_eq!(server.requests().len(), 1, "{version:?}");
        assert_eq!(
            server.remaining(),
            1,
            "{version:?}: the script is untouched"
        );
    }
}

#[tokio::test]
async fn an_sts_key_sent_without_its_token_is_refused() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([ok()]).await;
        let client = client_with(
            &server,
            version,
            Credentials::new(STS_ACCESS_KEY_ID, STS_SECRET),
        );
        let e = service_error(list_tags(&client).send().await.unwrap_err());
        assert!(
            matches!(
                e,
                ListTagResourcesError::Common(CommonError::MissingSecurityToken(_))
            ),
            "{version:?}: {e:?}"
        );
    }
}

#[tokio::test]
async fn unicode_spaces_and_reserved_characters_arrive_as_given_and_verify() {
    let tags = [
        ("环境", "生产 环境"),
        ("a+b", "x&y=z"),
        ("with space", "100% sure"),
        ("slash/star*", "~tilde-_."),
        ("emoji", "🚀"),
        ("empty-value", ""),
    ];
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([ok()]).await;
        let client = client_with(&server, version, support::sts_credentials());
        let mut call = client
            .list_tag_resources()
            .region_id("cn-hangzhou")
            .resource_type("instance");
        for (k, v) in tags {
            call = call.tag_item(Tag::new(k, v));
        }
        call.send().await.unwrap();

        let r = &server.requests()[0];
        let mut want = pairs(&[("RegionId", "cn-hangzhou"), ("ResourceType", "instance")]);
        for (i, (k, v)) in tags.iter().enumerate() {
            want.push((format!("Tag.{}.Key", i + 1), (*k).to_owned()));
            want.push((format!("Tag.{}.Value", i + 1), (*v).to_owned()));
        }
        assert_eq!(r.verified().params, want, "{version:?}");
        assert!(
            !r.raw_query.contains(' '),
            "{version:?}: the query is encoded: {}",
            r.raw_query
        );
    }
}
