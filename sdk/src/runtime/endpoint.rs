//! Which host a request goes to.
//!
//! In order: an explicit endpoint, then the generated region map (which wins
//! over the network setting, as in the official SDK), then
//! `ecs.<region>.aliyuncs.com` or `ecs-<network>.<region>.aliyuncs.com`.
//! The generated map holds only the regions that rule does not cover, as the
//! official SDK's own map does.

use std::fmt;

use super::error::ConstructionError;
use crate::service;

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

/// Resolves the endpoint with the generated [`service::ENDPOINT_MAP`].
pub fn resolve(
    explicit: Option<&str>,
    region: Option<&str>,
    network: Option<&str>,
) -> Result<Endpoint, ConstructionError> {
    resolve_with_map(explicit, region, network, service::ENDPOINT_MAP)
}

/// As [`resolve`], with the region map given (sorted by region).
pub fn resolve_with_map(
    explicit: Option<&str>,
    region: Option<&str>,
    network: Option<&str>,
    map: &[(&str, &str)],
) -> Result<Endpoint, ConstructionError> {
    if let Some(e) = explicit {
        return parse_explicit(e);
    }
    let Some(region) = region else {
        return Err(ConstructionError::new(
            "no region and no endpoint configured: set Config::builder().region_id(..) \
             or .endpoint(..)",
            None,
        ));
    };
    if !is_label(region) {
        return Err(ConstructionError::new(
            format!("region id {region:?} is not valid: use lower-case letters, digits and '-'"),
            None,
        ));
    }
    let network = match network {
        None => None,
        Some(n) if n.is_empty() || n.eq_ignore_ascii_case("public") => None,
        Some(n) if is_label(n) => Some(n),
        Some(n) => {
            return Err(ConstructionError::new(
                format!("network {n:?} is not valid: use lower-case letters, digits and '-'"),
                None,
            ))
        }
    };
    let mapped = map
        .binary_search_by(|(r, _)| (*r).cmp(region))
        .ok()
        .map(|i| map[i].1.to_owned());
    let host = match (mapped, network) {
        (Some(host), _) => host,
        (None, Some(n)) => fallback(service::ENDPOINT_NETWORK_FALLBACK, region, n),
        (None, None) => fallback(service::ENDPOINT_FALLBACK, region, ""),
    };
    Ok(Endpoint {
        scheme: Scheme::Https,
        host,
    })
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
fn parse_explicit(raw: &str) -> Result<Endpoint, ConstructionError> {
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
pub(crate) mod tests {
    use super::*;
    use crate::runtime::testing::{fixture_json, Json};

    /// The official endpoint map, from the same api-info.json the generator
    /// reads, without the entries the public rule already gives (as both the
    /// official SDK's map and ours leave them out).
    pub(crate) fn official_map() -> Vec<(String, String)> {
        let mut map: Vec<(String, String)> = ecs_fixtures::official_endpoint_map()
            .into_iter()
            .filter(|(region, host)| *host != format!("ecs.{region}.aliyuncs.com"))
            .collect();
        map.sort();
        map
    }

    #[test]
    fn endpoint_resolution_matches_every_official_row() {
        let owned = official_map();
        let map: Vec<(&str, &str)> = owned
            .iter()
            .map(|(r, h)| (r.as_str(), h.as_str()))
            .collect();
        let v1 = fixture_json("signing/v1-vectors.json");
        let rows = v1["endpoint_resolution"]
            .as_array()
            .expect("endpoint_resolution rows");
        assert!(rows.len() >= 13);
        for row in rows {
            let s = |k: &str| row.get(k).and_then(Json::as_str);
            let (explicit, region, network) = (s("config.endpoint"), s("region_id"), s("network"));
            let with_official_map = resolve_with_map(explicit, region, network, &map)
                .unwrap_or_else(|e| panic!("row {row}: {e}"));
            let with_generated_map =
                resolve(explicit, region, network).unwrap_or_else(|e| panic!("row {row}: {e}"));
            for got in [with_official_map, with_generated_map] {
                assert_eq!(got.host, s("endpoint").unwrap(), "row {row}");
                assert_eq!(got.scheme, Scheme::Https, "row {row}");
            }
        }
    }

    #[test]
    fn generated_endpoint_map_is_sorted_and_agrees_with_the_official_map() {
        let m = service::ENDPOINT_MAP;
        assert!(
            m.windows(2).all(|w| w[0].0 < w[1].0),
            "ENDPOINT_MAP must be strictly sorted by region for binary_search_by"
        );
        let official = official_map();
        for (region, host) in m {
            let want = official.iter().find(|(r, _)| r == region);
            assert_eq!(
                want.map(|(_, h)| h.as_str()),
                Some(*host),
                "ENDPOINT_MAP entry for {region}"
            );
        }
    }

    #[test]
    fn generated_map_resolves_cn_hangzhou_and_falls_back_elsewhere() {
        let e = resolve(None, Some("cn-hangzhou"), Some("vpc")).unwrap();
        assert_eq!(e.to_string(), "https://ecs-cn-hangzhou.aliyuncs.com");
        let e = resolve(None, Some("xx-test-9"), None).unwrap();
        assert_eq!(e.host, "ecs.xx-test-9.aliyuncs.com");
        let e = resolve(None, Some("xx-test-9"), Some("vpc")).unwrap();
        assert_eq!(e.host, "ecs-vpc.xx-test-9.aliyuncs.com");
    }

    #[test]
    fn generated_map_leaves_out_regions_the_public_rule_covers() {
        let m = service::ENDPOINT_MAP;
        assert!(m.iter().all(|(region, _)| *region != "cn-beijing"));
        let e = resolve(None, Some("cn-beijing"), Some("vpc")).unwrap();
        assert_eq!(e.host, "ecs-vpc.cn-beijing.aliyuncs.com");
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
        let e = resolve(Some("http://127.0.0.1:1"), Some("cn-hangzhou"), Some("vpc")).unwrap();
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
        let e = resolve(None, None, None).unwrap_err().to_string();
        assert!(e.contains("no region and no endpoint"), "{e}");
        let e = resolve(None, Some("cn-hangzhou.evil.com/"), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not valid"), "{e}");
        let e = resolve(None, Some("cn-beijing"), Some("v pc"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("network"), "{e}");
    }
}
