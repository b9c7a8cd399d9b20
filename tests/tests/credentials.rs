//! Where keys come from, what happens when there are none, and that the
//! secret and the token never show in output. The environment and the home
//! directory are injected; no test reads or changes the process's own.

use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesError;
use alibabacloud_ecs::runtime::{DispatchError, Env};
use alibabacloud_ecs::runtime::{
    EnvironmentCredentials, ProfileFileCredentials, TimeoutError, TimeoutKind,
};
use alibabacloud_ecs::{
    Client, Config, Credentials, DefaultCredentialsChain, ProvideCredentials, RetryConfig,
    SdkError, SignatureVersion,
};
use ecs_integration_tests::mock::Reply;
use ecs_integration_tests::support::{
    config, list_tags, mock, ok, sts_credentials, TempDir, ACCESS_KEY_ID, SECRET, SECURITY_TOKEN,
    STS_ACCESS_KEY_ID, STS_SECRET,
};

/// An aliyun CLI config with the mock's keys: an AK profile (current), an
/// StsToken profile, and one in a mode the SDK does not support.
fn cli_config() -> String {
    serde_json::json!({
        "current": "work",
        "profiles": [
            {"name": "work", "mode": "AK", "access_key_id": ACCESS_KEY_ID,
             "access_key_secret": SECRET, "sts_token": "", "region_id": "cn-hangzhou",
             "output_format": "json", "language": "en"},
            {"name": "temp", "mode": "StsToken", "access_key_id": STS_ACCESS_KEY_ID,
             "access_key_secret": STS_SECRET, "sts_token": SECURITY_TOKEN,
             "region_id": "cn-beijing"},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": ACCESS_KEY_ID,
             "access_key_secret": SECRET, "ram_role_arn": "acs:ram::1:role/r"},
        ],
        "meta_path": ""
    })
    .to_string()
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// Every string that must never be shown.
fn assert_hides_secrets(what: &str, shown: &str) {
    for secret in [SECRET, STS_SECRET, SECURITY_TOKEN] {
        assert!(!shown.contains(secret), "{what} shows a secret: {shown}");
    }
}

#[tokio::test]
async fn missing_credentials_fail_before_sending_and_list_every_place_looked() {
    let home = TempDir::new("no-creds");
    let server = mock([ok()]).await;
    let client = Client::new(
        config(&server)
            .credentials_provider(DefaultCredentialsChain::with_env(env(&[(
                "HOME",
                home.path().to_str().unwrap(),
            )])))
            .build()
            .unwrap(),
    );
    let e = list_tags(&client).send().await.unwrap_err();
    let shown = e.to_string();
    assert!(matches!(e, SdkError::Construction(_)), "{e:?}");
    let profile_file = home.path().join(".aliyun").join("config.json");
    assert_eq!(
        shown,
        format!(
            "request not sent: no credentials found: static: not configured; \
             environment: ALIBABA_CLOUD_ACCESS_KEY_ID not set; \
             profile file {}: not found",
            profile_file.display()
        )
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn missing_credentials_say_why_each_place_had_none() {
    let home = TempDir::new("half-set");
    home.write_cli_config(&cli_config());
    let chain = DefaultCredentialsChain::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_PROFILE", "role"),
        ("HOME", home.path().to_str().unwrap()),
    ]));
    let shown = chain.provide_credentials().await.unwrap_err().to_string();
    for part in [
        "static: not configured",
        "environment: ALIBABA_CLOUD_ACCESS_KEY_SECRET not set (but ALIBABA_CLOUD_ACCESS_KEY_ID is)",
        "profile \"role\" has mode \"RamRoleArn\"",
        "supported: AK, StsToken",
    ] {
        assert!(shown.contains(part), "{part:?} in {shown}");
    }
    assert!(!shown.contains('\n'), "{shown}");
    assert_hides_secrets("the error", &shown);

    let no_home = DefaultCredentialsChain::with_env(env(&[]));
    let shown = no_home.provide_credentials().await.unwrap_err().to_string();
    assert!(
        shown.ends_with("profile file: no home directory (HOME is not set)"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_secret_and_token_never_appear_in_debug_or_display() {
    let server = mock([
        Reply::error(400, "Throttling.User", "slow down", "r-1"),
        Reply::error(403, "Forbidden.RAM", "no", "r-2"),
        Reply::error(403, "Forbidden.RAM", "no", "r-3"),
    ])
    .await;
    let builder = config(&server).credentials(sts_credentials());
    let cfg = builder.clone().build().unwrap();
    let client = Client::new(cfg.clone());
    let secrets_env = env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", STS_SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", SECURITY_TOKEN),
    ]);
    let chain = DefaultCredentialsChain::with_env(secrets_env.clone());
    let found = chain.provide_credentials().await.unwrap();
    assert_eq!(found.security_token(), Some(SECURITY_TOKEN));

    let mut shown = vec![
        ("Config", format!("{cfg:?} {cfg:#?}")),
        ("ConfigBuilder", format!("{builder:?}")),
        ("Client", format!("{client:?} {client:#?}")),
        ("Credentials", format!("{found:?} {:#?}", sts_credentials())),
        ("DefaultCredentialsChain", format!("{chain:?}")),
        ("Env", format!("{secrets_env:?}")),
        (
            "EnvironmentCredentials",
            format!("{:?}", EnvironmentCredentials::new(secrets_env.clone())),
        ),
    ];
    assert!(
        shown[0].1.contains(STS_ACCESS_KEY_ID),
        "the key ID is shown"
    );

    // A service error after retries, for both signature versions.
    let e = list_tags(&client).send().await.unwrap_err();
    shown.push(("service error", format!("{e} {e:?}")));
    let v1 = Client::new(
        builder
            .clone()
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap(),
    );
    let e = list_tags(&v1).send().await.unwrap_err();
    shown.push(("V1 service error", format!("{e} {e:?}")));

    // A V1 request's URL holds the token and the signature; a failed
    // connection must not show it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_endpoint = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let refused = Client::new(
        Config::builder()
            .endpoint(closed_endpoint)
            .credentials(sts_credentials())
            .signature_version(SignatureVersion::V1)
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let e = list_tags(&refused).send().await.unwrap_err();
    assert!(
        matches!(e, SdkError::<ListTagResourcesError>::Dispatch(_)),
        "{e:?}"
    );
    let dispatch = format!("{e} {e:?}");
    assert!(!dispatch.contains("Signature="), "{dispatch}");
    shown.push(("dispatch error", dispatch));

    // A token that cannot be sent is refused without being shown.
    let bad_token = "tok\nen-must-not-leak";
    let e = list_tags(&Client::new(
        config(&server)
            .credentials(
                Credentials::new(STS_ACCESS_KEY_ID, STS_SECRET).with_security_token(bad_token),
            )
            .build()
            .unwrap(),
    ))
    .send()
    .await
    .unwrap_err();
    let construction = format!("{e} {e:?}");
    assert!(!construction.contains("must-not-leak"), "{construction}");
    shown.push(("construction error", construction));

    let timeout: SdkError<ListTagResourcesError> = SdkError::Timeout(TimeoutError {
        kind: TimeoutKind::Read,
        after: Duration::from_secs(1),
    });
    shown.push(("timeout error", format!("{timeout} {timeout:?}")));
    let dispatch: SdkError<ListTagResourcesError> =
        SdkError::Dispatch(DispatchError::new("refused", None));
    shown.push(("dispatch error", format!("{dispatch} {dispatch:?}")));

    for (what, text) in &shown {
        assert_hides_secrets(what, text);
    }
}

#[tokio::test]
async fn the_cli_files_current_profile_is_used_when_alibaba_cloud_profile_is_unset() {
    let home = TempDir::new("current");
    let file = home.write_cli_config(&cli_config());
    let provider = ProfileFileCredentials::new(env(&[])).with_path(&file);
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        (ACCESS_KEY_ID, SECRET, None),
        "AK mode, and an empty sts_token is no token"
    );
    assert_eq!(c.provider_name(), "profile");
    assert_hides_secrets("ProfileFileCredentials", &format!("{provider:?}"));
}

#[tokio::test]
async fn alibaba_cloud_profile_overrides_the_cli_files_current_profile() {
    let home = TempDir::new("override");
    let file = home.write_cli_config(&cli_config());
    let provider =
        ProfileFileCredentials::new(env(&[("ALIBABA_CLOUD_PROFILE", "temp")])).with_path(&file);
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        (STS_ACCESS_KEY_ID, STS_SECRET, Some(SECURITY_TOKEN)),
        "StsToken mode"
    );

    // A profile chosen in code wins over both.
    let c = provider
        .clone()
        .with_profile("work")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), ACCESS_KEY_ID);

    let missing = ProfileFileCredentials::new(env(&[("ALIBABA_CLOUD_PROFILE", "nope")]))
        .with_path(&file)
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        missing,
        format!("profile file {}: no profile named \"nope\"", file.display())
    );
}

#[tokio::test]
async fn a_cli_profile_in_sts_token_mode_signs_requests_with_its_token() {
    let home = TempDir::new("sts-e2e");
    home.write_cli_config(&cli_config());
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([ok()]).await;
        let chain = DefaultCredentialsChain::with_env(env(&[
            ("ALIBABA_CLOUD_PROFILE", "temp"),
            ("HOME", home.path().to_str().unwrap()),
        ]));
        let client = Client::new(
            Config::builder()
                .endpoint(server.endpoint())
                .credentials_provider(chain)
                .signature_version(version)
                .build()
                .unwrap(),
        );
        list_tags(&client).send().await.unwrap();
        let r = &server.requests()[0];
        assert_eq!(r.verified().access_key_id, STS_ACCESS_KEY_ID);
        assert_eq!(r.verified().security_token.as_deref(), Some(SECURITY_TOKEN));
        assert_eq!(r.header("x-acs-credentials-provider"), Some("profile"));
    }
}

#[tokio::test]
async fn environment_keys_come_before_the_cli_profile() {
    let home = TempDir::new("env-first");
    home.write_cli_config(&cli_config());
    let server = mock([ok()]).await;
    let chain = DefaultCredentialsChain::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", STS_SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", SECURITY_TOKEN),
        ("HOME", home.path().to_str().unwrap()),
    ]));
    let client = Client::new(
        Config::builder()
            .endpoint(server.endpoint())
            .credentials_provider(chain)
            .build()
            .unwrap(),
    );
    list_tags(&client).send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.verified().access_key_id, STS_ACCESS_KEY_ID);
    assert_eq!(r.header("x-acs-credentials-provider"), Some("env"));
}

#[tokio::test]
async fn an_explicit_profile_file_path_is_read_instead_of_the_home_directory() {
    let dir = TempDir::new("explicit");
    let file = dir.path().join("elsewhere.json");
    std::fs::write(&file, cli_config()).unwrap();
    let server = mock([ok()]).await;
    let chain = DefaultCredentialsChain::with_env(env(&[])).with_profile_file(&file);
    assert_eq!(chain.profile_file().as_deref(), Some(file.as_path()));
    let client = Client::new(
        Config::builder()
            .endpoint(server.endpoint())
            .credentials_provider(chain)
            .build()
            .unwrap(),
    );
    list_tags(&client).send().await.unwrap();
    assert_eq!(server.requests()[0].verified().access_key_id, ACCESS_KEY_ID);
}
