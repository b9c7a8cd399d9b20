//! The proxy variables of the environment. The only test in this file (its
//! own process), because it sets process environment variables, which would
//! race with any other test reading them.

use alibabacloud_sts::{Client, Config, Proxy, SignatureVersion};
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{self, fast_retry};
use serde_json::json;

#[tokio::test]
async fn environment_proxy_is_used_by_default_and_ignored_when_proxy_is_off() {
    let reply = || Reply::ok(&json!({"RequestId": "R-1", "AccountId": "1"}));
    let proxy = MockEcs::start_service("2015-04-01", &[], support::keys(), [reply()]).await;
    let direct = MockEcs::start_service("2015-04-01", &[], support::keys(), [reply()]).await;
    for var in [
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
        "http_proxy",
    ] {
        std::env::remove_var(var);
    }
    std::env::set_var("HTTP_PROXY", proxy.endpoint());

    let build = |endpoint: &str, setting: Option<Proxy>| {
        let mut b = Config::builder()
            .endpoint(endpoint)
            .credentials(support::credentials())
            .signature_version(SignatureVersion::V3)
            .retry(fast_retry());
        if let Some(p) = setting {
            b = b.proxy(p);
        }
        Client::new(b.build().unwrap())
    };

    // By default the environment's proxy carries the request for a host
    // that does not even resolve.
    build("http://sts.proxied.invalid", None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let r = &proxy.requests()[0];
    assert_eq!(r.header("host"), Some("sts.proxied.invalid"));
    assert_eq!(r.verified().action, "GetCallerIdentity");

    // Proxy::Off goes straight to the endpoint although HTTP_PROXY is set.
    build(&direct.endpoint(), Some(Proxy::Off))
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(direct.requests().len(), 1);
    assert_eq!(proxy.requests().len(), 1, "the proxy saw nothing more");
    std::env::remove_var("HTTP_PROXY");
}
