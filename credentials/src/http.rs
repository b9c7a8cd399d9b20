//! The small HTTP client for the metadata service and credentials URIs:
//! short timeouts, a bounded body, and documents checked field by field.

use std::time::Duration;

use alibabacloud_runtime::credentials::Credentials;
use alibabacloud_runtime::ConstructionError;

/// Documents are a few hundred bytes; anything far larger is refused
/// rather than read into memory.
const MAX_BODY: usize = 64 * 1024;

pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client, ConstructionError> {
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .read_timeout(timeout)
        // Never through a proxy: the metadata service is link-local.
        .no_proxy()
        .build()
        .map_err(|e| crate::error(format!("HTTP client: {e}")))
}

/// Sends `request`; the body of a 200 response, else an error naming `what`.
pub(crate) async fn text(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<String, ConstructionError> {
    let mut response = request
        .send()
        .await
        .map_err(|e| crate::error(format!("{what}: {}", without_url(e))))?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| crate::error(format!("{what}: {}", without_url(e))))?
    {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(crate::error(format!(
                "{what}: response larger than {MAX_BODY} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    if status != reqwest::StatusCode::OK {
        return Err(crate::error(format!("{what}: HTTP {}", status.as_u16())));
    }
    String::from_utf8(body).map_err(|_| crate::error(format!("{what}: response is not UTF-8")))
}

// A URL may carry a secret in its query (a credentials URI often does).
fn without_url(e: reqwest::Error) -> reqwest::Error {
    e.without_url()
}

/// A credentials document (metadata service, credentials URI): `Code` must
/// be `Success` when `require_code`, the four key fields must be strings.
pub(crate) fn credentials_document(
    text: &str,
    what: &str,
    provider_name: &'static str,
    require_code: bool,
) -> Result<Credentials, ConstructionError> {
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| crate::error(format!("{what}: response is not JSON")))?;
    let field = |k: &str| {
        doc.get(k)
            .and_then(serde_json::Value::as_str)
            .filter(|v| !v.is_empty())
    };
    if require_code || doc.get("Code").is_some() {
        match field("Code") {
            Some("Success") => {}
            Some(other) => {
                return Err(crate::error(format!(
                    "{what}: Code is {:?}, not \"Success\"",
                    crate::escape(other)
                )))
            }
            None => return Err(crate::error(format!("{what}: no Code"))),
        }
    }
    let need = |k: &str| field(k).ok_or_else(|| crate::error(format!("{what}: no {k}")));
    let expiry = crate::parse_expiration(need("Expiration")?)
        .map_err(|e| crate::error(format!("{what}: {e}")))?;
    Ok(
        Credentials::new(need("AccessKeyId")?, need("AccessKeySecret")?)
            .with_security_token(need("SecurityToken")?)
            .with_expiry(expiry)
            .with_provider_name(provider_name),
    )
}
