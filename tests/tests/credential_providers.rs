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

/// A tiny HTTP server: answers by method and path from `routes`, records
/// each request's method, path and headers. One request per connection.
/// Method, path and lower-cased headers of one request.
type Seen = (String, String, Vec<(String, String)>);

struct Tiny {
    endpoint: String,
    seen: Arc<std::sync::Mutex<Vec<Seen>>>,
}

type Route = (&'static str, &'static str, u16, String);

impl Tiny {
    async fn start(routes: Vec<Route>) -> Tiny {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let routes = routes.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&buf).to_string();
                    let mut lines = head.split("\r\n");
                    let mut first = lines.next().unwrap_or("").split(' ');
                    let method = first.next().unwrap_or("").to_owned();
                    let path = first.next().unwrap_or("").to_owned();
                    let headers: Vec<(String, String)> = lines
                        .take_while(|l| !l.is_empty())
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                        .collect();
                    log.lock()
                        .unwrap()
                        .push((method.clone(), path.clone(), headers));
                    let (status, body) = routes
                        .iter()
                        .find(|(m, p, _, _)| *m == method && *p == path)
                        .map(|(_, _, s, b)| (*s, b.clone()))
                        .unwrap_or((404, String::new()));
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(reply.as_bytes()).await;
                });
            }
        });
        Tiny { endpoint, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn document(id: &str) -> String {
    json!({
        "Code": "Success", "AccessKeyId": id, "AccessKeySecret": ISSUED_SECRET,
        "SecurityToken": "CAIS-imds", "Expiration": "2030-01-01T00:00:00Z",
        "LastUpdated": "2029-12-31T18:00:00Z"
    })
    .to_string()
}

const CREDS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

#[tokio::test]
async fn ecs_ram_role_uses_a_session_token_and_discovers_the_role() {
    use alibabacloud_credentials::EcsRamRoleProvider;
    let imds = Tiny::start(vec![
        ("PUT", "/latest/api/token", 200, "imds-token".into()),
        ("GET", CREDS_PATH, 200, "app-role\n".into()),
        (
            "GET",
            "/latest/meta-data/ram/security-credentials/app-role",
            200,
            document("STS.imds"),
        ),
    ])
    .await;
    let p = EcsRamRoleProvider::builder()
        .endpoint(&imds.endpoint)
        .build()
        .unwrap();
    let c = p.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider_name()),
        ("STS.imds", "ecs_ram_role")
    );
    assert_eq!(c.security_token(), Some("CAIS-imds"));
    let seen = imds.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        header(&seen[0].2, "x-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for (_, _, h) in &seen[1..] {
        assert_eq!(header(h, "x-aliyun-ecs-metadata-token"), Some("imds-token"));
    }
}

#[tokio::test]
async fn ecs_ram_role_falls_back_to_imdsv1_only_when_allowed() {
    use alibabacloud_credentials::EcsRamRoleProvider;
    let routes = vec![
        ("PUT", "/latest/api/token", 403, String::new()),
        (
            "GET",
            "/latest/meta-data/ram/security-credentials/named",
            200,
            document("STS.v1"),
        ),
    ];
    let imds = Tiny::start(routes.clone()).await;
    let refused = EcsRamRoleProvider::builder()
        .endpoint(&imds.endpoint)
        .role_name("named")
        .build()
        .unwrap();
    let e = refused.provide_credentials().await.unwrap_err().to_string();
    assert!(e.contains("403") && e.contains("IMDSv1"), "{e}");
    assert_eq!(imds.seen().len(), 1);

    let allowed = EcsRamRoleProvider::builder()
        .endpoint(&imds.endpoint)
        .role_name("named")
        .allow_imdsv1(true)
        .build()
        .unwrap();
    assert_eq!(
        allowed.provide_credentials().await.unwrap().access_key_id(),
        "STS.v1"
    );
    let seen = imds.seen();
    // Named role: no discovery request; no token header without a token.
    assert_eq!(seen.len(), 3);
    assert_eq!(header(&seen[2].2, "x-aliyun-ecs-metadata-token"), None);
}

#[tokio::test]
async fn ecs_ram_role_from_env_is_switched_off_or_names_the_role() {
    use alibabacloud_credentials::{EcsRamRoleProvider, Env};
    let off = Env::from_pairs([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]);
    assert!(EcsRamRoleProvider::from_env(&off).is_none());
    let imds = Tiny::start(vec![
        ("PUT", "/latest/api/token", 200, "t".into()),
        (
            "GET",
            "/latest/meta-data/ram/security-credentials/from-env",
            200,
            document("STS.env"),
        ),
    ])
    .await;
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ECS_METADATA", "from-env"),
        (
            "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT",
            imds.endpoint.as_str(),
        ),
    ]);
    let p = EcsRamRoleProvider::from_env(&env).unwrap().build().unwrap();
    assert_eq!(
        p.provide_credentials().await.unwrap().access_key_id(),
        "STS.env"
    );
}

#[tokio::test]
async fn ecs_ram_role_refuses_a_document_without_success() {
    use alibabacloud_credentials::EcsRamRoleProvider;
    let imds = Tiny::start(vec![
        ("PUT", "/latest/api/token", 200, "t".into()),
        (
            "GET",
            "/latest/meta-data/ram/security-credentials/r",
            200,
            r#"{"Code":"Failed"}"#.into(),
        ),
    ])
    .await;
    let p = EcsRamRoleProvider::builder()
        .endpoint(&imds.endpoint)
        .role_name("r")
        .build()
        .unwrap();
    let e = p.provide_credentials().await.unwrap_err().to_string();
    assert!(e.contains("Failed"), "{e}");
}

#[tokio::test]
async fn oidc_rereads_the_rotated_token_file_at_each_refresh() {
    use alibabacloud_credentials::{Env, OidcRoleArnProvider};
    use std::sync::atomic::{AtomicU64, Ordering};
    let server = mock_sts([
        Reply::ok(&assumed("STS.oidc1", "2030-01-01T00:00:00Z")),
        Reply::ok(&assumed("STS.oidc2", "2030-01-01T01:00:00Z")),
    ])
    .await;
    let dir = support::TempDir::new("oidc");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "token-one").unwrap();
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN.to_owned()),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/k8s".to_owned(),
        ),
        (
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            token_file.display().to_string(),
        ),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-1".to_owned()),
        ("ALIBABA_CLOUD_STS_ENDPOINT", server.endpoint()),
    ]);
    // An hour before the first keys expire.
    let now = Arc::new(AtomicU64::new(1_893_456_000 - 3600));
    let clock_now = now.clone();
    let p = OidcRoleArnProvider::from_env(&env)
        .unwrap()
        .clock(Arc::new(move || epoch(clock_now.load(Ordering::SeqCst))))
        .build()
        .unwrap();
    assert_eq!(
        p.provide_credentials().await.unwrap().access_key_id(),
        "STS.oidc1"
    );
    std::fs::write(&token_file, "token-two").unwrap();
    // Shortly before expiry: refreshed with the rotated token.
    now.store(1_893_456_000 - 10, Ordering::SeqCst);
    assert_eq!(
        p.provide_credentials().await.unwrap().access_key_id(),
        "STS.oidc2"
    );
    let r = server.requests();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].param("OIDCToken"), Some("token-one"));
    assert_eq!(r[1].param("OIDCToken"), Some("token-two"));
    assert_eq!(r[0].param("RoleSessionName"), Some("pod-1"));
    assert_eq!(
        r[0].header("authorization"),
        None,
        "AssumeRoleWithOIDC is anonymous"
    );
}

#[tokio::test]
async fn oidc_from_env_names_the_missing_variable() {
    use alibabacloud_credentials::{Env, OidcRoleArnProvider};
    let env = Env::from_pairs([("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN)]);
    let e = OidcRoleArnProvider::from_env(&env).unwrap_err();
    assert!(e.contains("ALIBABA_CLOUD_OIDC_PROVIDER_ARN"), "{e}");
}

#[tokio::test]
async fn credentials_uri_reads_the_document_and_refuses_failures() {
    use alibabacloud_credentials::CredentialsUriProvider;
    let server = Tiny::start(vec![
        ("GET", "/creds?secret=q", 200, document("STS.uri")),
        ("GET", "/bad", 200, r#"{"Code":"Denied"}"#.into()),
        ("GET", "/down", 500, String::new()),
    ])
    .await;
    let ok = CredentialsUriProvider::new(format!("{}/creds?secret=q", server.endpoint)).unwrap();
    let c = ok.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider_name()),
        ("STS.uri", "credential_uri")
    );
    assert!(!format!("{ok:?}").contains("secret=q"));
    for (path, expect) in [("/bad", "Denied"), ("/down", "500")] {
        let p = CredentialsUriProvider::new(format!("{}{path}", server.endpoint)).unwrap();
        let e = p.provide_credentials().await.unwrap_err().to_string();
        assert!(e.contains(expect), "{e}");
    }
}

fn home_env(home: &std::path::Path, extra: &[(&str, String)]) -> alibabacloud_credentials::Env {
    let mut pairs = vec![
        ("HOME".to_owned(), home.display().to_string()),
        // Nothing in these tests may reach 100.100.100.200.
        (
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED".to_owned(),
            "true".to_owned(),
        ),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    alibabacloud_credentials::Env::from_pairs(pairs)
}

#[tokio::test]
async fn the_chain_error_lists_every_place_it_looked() {
    use alibabacloud_credentials::DefaultChain;
    let home = support::TempDir::new("chain-empty");
    let chain = DefaultChain::with_env(home_env(home.path(), &[]));
    let e = chain.provide_credentials().await.unwrap_err().to_string();
    for place in [
        "environment: ALIBABA_CLOUD_ACCESS_KEY_ID not set",
        "OIDC: ALIBABA_CLOUD_ROLE_ARN not set",
        "CLI profile: ",
        "config.json: not found",
        "INI file: ",
        ".alibabacloud/credentials: not found",
        "ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
        "credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI not set",
    ] {
        assert!(e.contains(place), "missing {place:?} in {e}");
    }
}

#[tokio::test]
async fn the_chain_assumes_a_cli_ram_role_arn_profile_and_keeps_it() {
    use alibabacloud_credentials::DefaultChain;
    let server = mock_sts([Reply::ok(&assumed("STS.cli", "2030-01-01T00:00:00Z"))]).await;
    let home = support::TempDir::new("chain-cli");
    let config = json!({"current": "role", "profiles": [{
        "name": "role", "mode": "RamRoleArn", "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": support::SECRET, "ram_role_arn": ROLE_ARN,
        "ram_session_name": "cli-session", "expired_seconds": 900, "region_id": "cn-shanghai"
    }]});
    home.write_cli_config(&config.to_string());
    let env = home_env(
        home.path(),
        &[("ALIBABA_CLOUD_STS_ENDPOINT", server.endpoint())],
    );
    let found = alibabacloud_credentials::files::from_cli_config(&env).unwrap();
    assert_eq!(found.region.as_deref(), Some("cn-shanghai"));
    let chain = DefaultChain::with_env(env);
    assert_eq!(
        chain.provide_credentials().await.unwrap().access_key_id(),
        "STS.cli"
    );
    assert_eq!(chain.chosen_source(), Some("CLI profile"));
    assert_eq!(chain.region(), Some("cn-shanghai"));
    chain.provide_credentials().await.unwrap();
    let r = server.requests();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].param("RoleSessionName"), Some("cli-session"));
    assert_eq!(r[0].param("DurationSeconds"), Some("900"));
}

#[tokio::test]
async fn cli_modes_map_to_their_providers_and_unknown_modes_are_named() {
    use alibabacloud_credentials::files::from_cli_config;
    let home = support::TempDir::new("cli-modes");
    let config = json!({"current": "sts", "profiles": [
        {"name": "sts", "mode": "StsToken", "access_key_id": "id", "access_key_secret": "s", "sts_token": "t"},
        {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "sts", "ram_role_arn": ROLE_ARN},
        {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": ROLE_ARN},
        {"name": "uri", "mode": "CredentialsURI", "credentials_uri": "http://127.0.0.1:9/c"},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "r"},
        {"name": "oidc", "mode": "OIDC", "ram_role_arn": ROLE_ARN, "oidc_provider_arn": "p", "oidc_token_file": "/t"},
        {"name": "sso", "mode": "CloudSSO"}
    ]});
    home.write_cli_config(&config.to_string());
    let with = |profile: &str| {
        home_env(
            home.path(),
            &[("ALIBABA_CLOUD_PROFILE", profile.to_owned())],
        )
    };
    let sts = from_cli_config(&with("sts"))
        .unwrap()
        .provider
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(sts.security_token(), Some("t"));
    for ok in ["chain", "uri", "ecs", "oidc"] {
        assert!(from_cli_config(&with(ok)).is_ok(), "{ok}");
    }
    assert!(from_cli_config(&with("loop"))
        .unwrap_err()
        .contains("deeper"));
    assert!(from_cli_config(&with("sso"))
        .unwrap_err()
        .contains("CloudSSO"));
}

#[tokio::test]
async fn the_ini_file_yields_access_keys_from_the_named_section() {
    use alibabacloud_credentials::files::from_ini_file;
    let dir = support::TempDir::new("ini");
    let file = dir.path().join("creds.ini");
    std::fs::write(
        &file,
        "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret # note\n\n\
         [other]\ntype = rsa_key_pair\n",
    )
    .unwrap();
    let env = home_env(
        dir.path(),
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", file.display().to_string())],
    );
    let c = from_ini_file(&env)
        .unwrap()
        .provider
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret()),
        ("ini-id", "ini-secret")
    );
    let env = home_env(
        dir.path(),
        &[
            ("ALIBABA_CLOUD_CREDENTIALS_FILE", file.display().to_string()),
            ("ALIBABA_CLOUD_PROFILE", "other".to_owned()),
        ],
    );
    assert!(from_ini_file(&env).unwrap_err().contains("rsa_key_pair"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_calls_past_the_refresh_point_send_one_assume_role() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let server = mock_sts([
        Reply::ok(&assumed("STS.first", "2030-01-01T00:00:00Z")),
        // Slow, so that all sixteen callers are waiting while it runs.
        Reply::ok(&assumed("STS.second", "2030-01-01T00:15:00Z")).delay(Duration::from_millis(200)),
    ])
    .await;
    // A 900 s session, fetched 900 s before it expires.
    let now = Arc::new(AtomicU64::new(1_893_456_000 - 900));
    let clock_now = now.clone();
    let provider = Arc::new(
        RamRoleArnProvider::builder()
            .source(support::credentials())
            .role_arn(ROLE_ARN)
            .duration_seconds(900)
            .sts(sts(&server))
            .clock(Arc::new(move || epoch(clock_now.load(Ordering::SeqCst))))
            .build()
            .unwrap(),
    );
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.first"
    );
    // 600 s in: still used, not refreshed.
    now.store(1_893_456_000 - 300, Ordering::SeqCst);
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.requests().len(), 1);
    // 20 s before expiry: sixteen callers, one AssumeRole.
    now.store(1_893_456_000 - 20, Ordering::SeqCst);
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.provide_credentials().await.unwrap() })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap().access_key_id(), "STS.second");
    }
    assert_eq!(server.requests().len(), 2);
}
