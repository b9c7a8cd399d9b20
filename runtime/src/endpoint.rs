//! Which host a request goes to.
//!
//! In order: an explicit endpoint; then the product's region map (which wins
//! over the network setting, as in the official SDK); then the product's
//! regional pattern, e.g. `ecs.<region>.aliyuncs.com` or
//! `ecs-<network>.<region>.aliyuncs.com`; without a region, the product's
//! central endpoint if it has one. The rules come from the generated
//! [`ServiceInfo`](crate::ServiceInfo) of the product.

use std::fmt;

use crate::error::ConstructionError;
use crate::service::EndpointRules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Https,
    /// Only for an explicit endpoint that says `http://`, e.g. a local mock.
    Http,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// A resolved endpoint. `host` includes the port when one was given, and is
/// what the `host` header carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: Scheme,
    pub host: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)
    }
}

/// Resolves the endpoint with a product's rules. An explicit endpoint wins;
/// the region and network are checked even when it is given, so that a typo
/// is found whichever endpoint ends up being used.
pub fn resolve(
    rules: &EndpointRules,
    explicit: Option<&str>,
    region: Option<&str>,
    network: Option<&str>,
) -> Result<Endpoint, ConstructionError> {
    let network = check_region_and_network(region, network)?;
    if let Some(e) = explicit {
        return parse_explicit(e);
    }
    let Some(region) = region else {
        return match rules.global {
            Some(host) => Ok(Endpoint {
                scheme: Scheme::Https,
                host: host.to_owned(),
            }),
            None => Err(ConstructionError::new(
                "no region and no endpoint configured: set Config::builder().region_id(..) \
                 or .endpoint(..)",
                None,
            )),
        };
    };
    let map = rules.map;
    let mapped = map
        .binary_search_by(|(r, _)| (*r).cmp(region))
        .ok()
        .map(|i| map[i].1.to_owned());
    let host = match (mapped, network) {
        (Some(host), _) => host,
        (None, Some(n)) => fallback(rules.regional_network, region, n),
        (None, None) => fallback(rules.regional, region, ""),
    };
    Ok(Endpoint {
        scheme: Scheme::Https,
        host,
    })
}

/// Checks the region and network without resolving anything; returns the
/// network, `None` for the public one.
pub(crate) fn check_region_and_network<'a>(
    region: Option<&str>,
    network: Option<&'a str>,
) -> Result<Option<&'a str>, ConstructionError> {
    if let Some(region) = region {
        if !is_label(region) {
            return Err(ConstructionError::new(
                format!(
                    "region id {region:?} is not valid: use lower-case letters, digits and '-'"
                ),
                None,
            ));
        }
    }
    match network {
        None => Ok(None),
        Some(n) if n.is_empty() || n.eq_ignore_ascii_case("public") => Ok(None),
        Some(n) if is_label(n) => Ok(Some(n)),
        Some(n) => Err(ConstructionError::new(
            format!("network {n:?} is not valid: use lower-case letters, digits and '-'"),
            None,
        )),
    }
}

fn fallback(template: &str, region: &str, network: &str) -> String {
    template
        .replace("{region}", region)
        .replace("{network}", network)
}

/// Lower-case DNS label characters; anything else would make a host that
/// does not exist, or worse, one that means something else.
fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `host[:port]`, or a URL with scheme `https://` or `http://` and at most a
/// trailing `/`.
pub(crate) fn parse_explicit(raw: &str) -> Result<Endpoint, ConstructionError> {
    let bad =
        |why: &str| ConstructionError::new(format!("endpoint {raw:?} is not usable: {why}"), None);
    let trimmed = raw.trim();
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((s, rest)) if s.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
        Some((s, rest)) if s.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
        Some((s, _)) => return Err(bad(&format!("scheme {s:?} is not http or https"))),
        None => (Scheme::Https, trimmed),
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    if host.is_empty() {
        return Err(bad("no host"));
    }
    if let Some(c) = host
        .chars()
        .find(|c| matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control())
    {
        return Err(bad(&format!(
            "{c:?} is not allowed; give only host[:port], without a path"
        )));
    }
    // An IPv6 literal keeps its colons inside brackets; the port comes after.
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return Err(bad("'[' without ']'"));
        };
        if inside.is_empty() {
            return Err(bad("no host"));
        }
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (inside, Some(p)),
                None => return Err(bad("only :port may follow ']'")),
            },
        }
    } else {
        match host.split_once(':') {
            Some((_, p)) if p.contains(':') => {
                return Err(bad("an IPv6 address must be in brackets, e.g. [::1]:8080"))
            }
            Some((h, p)) => (h, Some(p)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return Err(bad("no host"));
    }
    if let Some(p) = port {
        if p.parse::<u16>().is_err() {
            return Err(bad(&format!("port {p:?} is not a number from 0 to 65535")));
        }
    }
    Ok(Endpoint {
        scheme,
        host: host.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up product, so that these tests depend on no real one.
    const RULES: EndpointRules = EndpointRules {
        map: &[
            ("xx-central", "demo.aliyuncs.com"),
            ("xx-odd", "demo-odd.example.com"),
        ],
        regional: "demo.{region}.aliyuncs.com",
        regional_network: "demo-{network}.{region}.aliyuncs.com",
        global: None,
    };
    const CENTRAL: EndpointRules = EndpointRules {
        global: Some("demo.aliyuncs.com"),
        ..RULES
    };

    fn host(rules: &EndpointRules, region: Option<&str>, network: Option<&str>) -> String {
        resolve(rules, None, region, network).unwrap().host
    }

    #[test]
    fn map_wins_over_the_network_and_the_pattern_covers_the_rest() {
        assert_eq!(
            host(&RULES, Some("xx-odd"), Some("vpc")),
            "demo-odd.example.com"
        );
        assert_eq!(
            host(&RULES, Some("xx-test-9"), None),
            "demo.xx-test-9.aliyuncs.com"
        );
        assert_eq!(
            host(&RULES, Some("xx-test-9"), Some("public")),
            "demo.xx-test-9.aliyuncs.com"
        );
        assert_eq!(
            host(&RULES, Some("xx-test-9"), Some("vpc")),
            "demo-vpc.xx-test-9.aliyuncs.com"
        );
    }

    #[test]
    fn without_a_region_a_central_endpoint_is_used_where_the_product_has_one() {
        assert_eq!(host(&CENTRAL, None, None), "demo.aliyuncs.com");
        // The network needs a region to mean anything, as in the official SDKs.
        assert_eq!(host(&CENTRAL, None, Some("vpc")), "demo.aliyuncs.com");
        assert_eq!(
            host(&CENTRAL, Some("xx-1"), Some("vpc")),
            "demo-vpc.xx-1.aliyuncs.com"
        );
    }

    #[test]
    fn explicit_endpoint_may_be_a_url_and_only_then_plain_http() {
        let e = parse_explicit("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (e.scheme, e.host.as_str()),
            (Scheme::Http, "127.0.0.1:8080")
        );
        let e = parse_explicit("HTTPS://ecs.example.com/").unwrap();
        assert_eq!(
            (e.scheme, e.host.as_str()),
            (Scheme::Https, "ecs.example.com")
        );
        let e = parse_explicit("localhost:9").unwrap();
        assert_eq!((e.scheme, e.host.as_str()), (Scheme::Https, "localhost:9"));
        let e = parse_explicit("http://[::1]:8080").unwrap();
        assert_eq!(e.host, "[::1]:8080");
        let e = parse_explicit("[::1]").unwrap();
        assert_eq!(e.host, "[::1]");
    }

    #[test]
    fn explicit_endpoint_wins_over_region_and_network() {
        let e = resolve(
            &CENTRAL,
            Some("http://127.0.0.1:1"),
            Some("xx-central"),
            Some("vpc"),
        )
        .unwrap();
        assert_eq!(e.to_string(), "http://127.0.0.1:1");
    }

    #[test]
    fn unusable_endpoints_are_refused_with_the_reason() {
        for (raw, why) in [
            ("ftp://x", "scheme"),
            ("https://", "no host"),
            ("", "no host"),
            ("host/path", "without a path"),
            ("https://h?x=1", "without a path"),
            ("user@host", "without a path"),
            ("host:99999", "port"),
            ("host:abc", "port"),
            (":80", "no host"),
            ("::1", "brackets"),
            ("a b", "without a path"),
        ] {
            let e = parse_explicit(raw).unwrap_err().to_string();
            assert!(e.contains(why), "{raw:?}: {e}");
        }
    }

    #[test]
    fn region_or_endpoint_is_required_and_checked() {
        let e = resolve(&RULES, None, None, None).unwrap_err().to_string();
        assert!(e.contains("no region and no endpoint"), "{e}");
        let e = resolve(&RULES, None, Some("cn-hangzhou.evil.com/"), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not valid"), "{e}");
        let e = resolve(&RULES, None, Some("cn-beijing"), Some("v pc"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("network"), "{e}");
    }
}
