//! What the test files share: the keys the mock accepts, clients pointed at
//! it, response bodies, and throw-away home directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::{
    ListTagResourcesError, ListTagResourcesFluentBuilder, ResourceType,
};
use alibabacloud_ecs::{Client, Config, ConfigBuilder, Credentials, RetryConfig, SdkError};
use serde_json::{json, Value};

use crate::mock::{AccessKey, MockEcs, Recorded, Reply};

pub const ACCESS_KEY_ID: &str = "LTAI5tMockKeyId0001";
pub const SECRET: &str = "mock-secret-9f2c41-must-not-leak";
pub const STS_ACCESS_KEY_ID: &str = "STS.NUMockKeyId0002";
pub const STS_SECRET: &str = "mock-sts-secret-41d7-must-not-leak";
pub const SECURITY_TOKEN: &str = "CAIS-mock-security-token-b3e1-must-not-leak";

/// The keys every mock accepts: a plain one and an STS one.
pub fn keys() -> Vec<AccessKey> {
    vec![
        AccessKey {
            id: ACCESS_KEY_ID.to_owned(),
            secret: SECRET.to_owned(),
            security_token: None,
        },
        AccessKey {
            id: STS_ACCESS_KEY_ID.to_owned(),
            secret: STS_SECRET.to_owned(),
            security_token: Some(SECURITY_TOKEN.to_owned()),
        },
    ]
}

pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET)
}

pub fn sts_credentials() -> Credentials {
    Credentials::new(STS_ACCESS_KEY_ID, STS_SECRET).with_security_token(SECURITY_TOKEN)
}

/// A mock accepting [`keys`], answering with `replies`.
pub async fn mock(replies: impl IntoIterator<Item = Reply>) -> MockEcs {
    MockEcs::start(keys(), replies).await
}

/// The standard policy (3 attempts), with waits short enough for tests.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(20))
}

/// A config for `server`: its endpoint, the plain key, fast retries.
pub fn config(server: &MockEcs) -> ConfigBuilder {
    Config::builder()
        .region_id("cn-hangzhou")
        .endpoint(server.endpoint())
        .credentials(credentials())
        .retry(fast_retry())
}

pub fn client(server: &MockEcs) -> Client {
    Client::new(config(server).build().expect("a valid config"))
}

/// A typical valid request: one resource ID and one tag.
pub fn list_tags(client: &Client) -> ListTagResourcesFluentBuilder {
    client
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type(ResourceType::Instance)
        .resource_id("i-bp1example")
        .tag("env", "prod")
}

/// One `TagResource` entry, numbered so that order can be checked.
pub fn tag_resource(n: usize) -> Value {
    json!({
        "ResourceId": format!("i-{n:04}"),
        "ResourceType": "instance",
        "TagKey": format!("key-{n}"),
        "TagValue": format!("value-{n}"),
    })
}

/// A ListTagResources response holding the items numbered `items`.
pub fn page(items: impl IntoIterator<Item = usize>, next_token: Option<&str>) -> Value {
    let items: Vec<Value> = items.into_iter().map(tag_resource).collect();
    let mut body = json!({
        "RequestId": format!("req-{}", next_token.unwrap_or("last")),
        "TagResources": { "TagResource": items },
    });
    if let Some(t) = next_token {
        body["NextToken"] = json!(t);
    }
    body
}

/// A successful one-item response.
pub fn ok() -> Reply {
    Reply::ok(&page([1], None))
}

/// A fresh directory under the system's temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "ecs-it-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `text` as the aliyun CLI's `.aliyun/config.json` in this
    /// directory, taken as a home directory, and returns the file's path.
    pub fn write_cli_config(&self, text: &str) -> PathBuf {
        let dir = self.0.join(".aliyun");
        std::fs::create_dir_all(&dir).expect("create .aliyun");
        let file = dir.join("config.json");
        std::fs::write(&file, text).expect("write config.json");
        file
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The typed service error; panics with the error otherwise.
pub fn service_error(e: SdkError<ListTagResourcesError>) -> ListTagResourcesError {
    match e {
        SdkError::Service(s) => s,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// Seconds since the Unix epoch at which the server received a request.
pub fn received_secs(r: &Recorded) -> i64 {
    r.received_at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
