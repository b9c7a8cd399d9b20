// placeholder until `cargo xtask codegen` writes this file
pub const PRODUCT: &str = "Ecs";
pub const API_VERSION: &str = "2014-05-26";
pub static ENDPOINT_MAP: &[(&str, &str)] = &[("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com")];
pub const ENDPOINT_FALLBACK: &str = "ecs.{region}.aliyuncs.com";
pub const ENDPOINT_NETWORK_FALLBACK: &str = "ecs-{network}.{region}.aliyuncs.com";
