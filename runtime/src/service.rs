//! What a product crate tells the runtime about its service. The generator
//! writes one [`ServiceInfo`] per product (`SERVICE` in its `service.rs`);
//! the runtime reads nothing else about the product.

/// The facts about one product that every request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The product code, e.g. `Ecs`, `Sts`.
    pub product: &'static str,
    /// The API version sent with every request, e.g. `2014-05-26`.
    pub api_version: &'static str,
    /// The SDK part of the user agent, `<crate>/<version>`, e.g.
    /// `alibabacloud-ecs/0.1.0`.
    pub sdk: &'static str,
    /// How a region (and network) becomes a host.
    pub endpoints: EndpointRules,
}

/// How the endpoint is found when none is given, in the official SDKs'
/// order: the map first (whatever the network), then the regional pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRules {
    /// Region id to host, strictly sorted by region id (binary search).
    pub map: &'static [(&'static str, &'static str)],
    /// Host for a region missing from the map; `{region}` is replaced,
    /// e.g. `ecs.{region}.aliyuncs.com`.
    pub regional: &'static str,
    /// Host for a region missing from the map when a network such as `vpc`
    /// is set; `{network}` and `{region}` are replaced.
    pub regional_network: &'static str,
    /// Host used when no region is set, for products with a central
    /// endpoint (`sts.aliyuncs.com`); `None` makes a region required.
    pub global: Option<&'static str>,
}
