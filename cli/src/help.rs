//! `--help`, `ecs <Operation> --help` and `ecs list`, from the operation
//! table (which the generator fills from the spec).

use crate::params::{key_forms, limit_phrases, type_name};
use alibabacloud_ecs::runtime::{LimitsInfo, OperationEntry, PaginationInfo, ParamKind};
use std::fmt::Write as _;

pub const GLOBAL_HELP: &str = "\
ecs: call any Alibaba Cloud ECS operation (API version 2014-05-26)

Usage:
  ecs <Operation> [--<Parameter> <value>]... [flags]
  ecs <Operation> --help      the operation's parameters, types, limits and description
  ecs list                    every operation with its summary

Parameters use the service's wire names: --RegionId cn-hangzhou, lists as
--ResourceId.1 i-1 --ResourceId.2 i-2, members as --Tag.1.Key env, JSON-style
parameters as JSON text (--InstanceIds '[\"i-1\"]'). --Name=value works too, and
is the way to pass a value that starts with `--`. Booleans are true or false
(any case). Every value is checked against the operation's documented limits
before anything is sent; an unknown parameter is refused with a suggestion.

Flags:
  --region ID                 region of the endpoint; also the RegionId parameter when
                              the operation has one and it is not given
  --endpoint URL              send to this endpoint (e.g. a local emulator)
  --signature-version v3|v1   ACS3-HMAC-SHA256 (default) or HMAC-SHA1
  --profile NAME              the aliyun CLI profile to take credentials from
  --output json|table         json (default): the typed response with wire names
  --pager                     follow every page and print one merged response
  --unchecked                 skip the client-side limits and rules
  --dry-run                   print the request's wire parameters; send nothing
  --help, --version

Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET
(and ALIBABA_CLOUD_SECURITY_TOKEN), else the aliyun CLI's ~/.aliyun/config.json
profile (ALIBABA_CLOUD_PROFILE or --profile). RUST_LOG=alibabacloud_ecs=debug
shows every attempt and retry on stderr.

Exit codes: 0 success; 2 a parameter was unknown or broke a documented limit
(nothing was sent); 1 any other failure.

Examples:
  ecs DescribeInstances --RegionId cn-hangzhou --InstanceIds '[\"i-1\",\"i-2\"]' --Tag.1.Key env --Tag.1.Value prod
  ecs ListTagResources --RegionId cn-hangzhou --ResourceType instance --ResourceId.1 i-1 --pager
";

/// `ecs list`: one line per operation, names aligned.
pub fn list(ops: &[&OperationEntry]) -> String {
    let width = ops.iter().map(|o| o.info.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for op in ops {
        let pad = " ".repeat(width - op.info.name.len());
        let _ = writeln!(out, "{}{pad}  {}", op.info.name, one_line(op.summary));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `ecs <Operation> --help`.
pub fn operation(op: &OperationEntry) -> String {
    let mut out = String::new();
    let name = op.info.name;
    let _ = writeln!(out, "ecs {name}: {}", one_line(op.summary));
    let _ = writeln!(
        out,
        "\nUsage: ecs {name} [--<Parameter> <value>]... [flags]   (ecs --help for the flags)"
    );
    let facts = match (op.info.read_only, op.info.idempotent) {
        (true, _) => "reads only; retried on transient failures",
        (false, true) => "changes resources; idempotent, so retried on transient failures",
        (false, false) => "changes resources; not retried once it may have reached the service",
    };
    let _ = writeln!(out, "It {facts}.");
    if let Some(p) = &op.pagination {
        let (how, items) = match p {
            PaginationInfo::Token {
                input,
                output,
                items,
                ..
            } => (format!("following {output} into {input}"), items),
            PaginationInfo::PageNumber {
                page_number,
                total_count,
                items,
                ..
            } => (format!("by {page_number} up to {total_count}"), items),
        };
        let _ = writeln!(
            out,
            "It pages: --pager follows every page ({how}) and merges {items}."
        );
    }
    out.push_str("\nParameters:\n");
    for form in key_forms(op.params) {
        let p = form.param;
        let mut facts = vec![type_name(p)];
        if p.required {
            facts.push("required".to_owned());
        }
        if p.deprecated {
            facts.push("deprecated".to_owned());
        }
        let _ = writeln!(out, "  --{} <{}>", form.key, facts.join(", "));
        // Each enclosing list's count (`Tag`: at most 20 items), then the
        // value's own limits.
        let count = |l: &LimitsInfo| LimitsInfo {
            max_items: l.max_items,
            ..LimitsInfo::NONE
        };
        let mut checked = Vec::new();
        let mut documented = Vec::new();
        let limits = form
            .lists
            .iter()
            .map(|list| {
                (
                    Some(list.wire),
                    count(&list.checked),
                    count(&list.documented),
                )
            })
            .chain(std::iter::once((None, p.checked, p.documented)));
        for (list, c, d) in limits {
            // Counts name their list: `Tag.N.Values.N` has two.
            let name = |phrase: String| match list {
                Some(wire) => phrase.replace(" items", &format!(" {wire} items")),
                None => phrase,
            };
            let c: Vec<String> = limit_phrases(&c).into_iter().map(name).collect();
            documented.extend(
                limit_phrases(&d)
                    .into_iter()
                    .map(name)
                    .filter(|x| !c.contains(x)),
            );
            checked.extend(c);
        }
        if !checked.is_empty() {
            let _ = writeln!(out, "      checked before sending: {}", checked.join(", "));
        }
        if !documented.is_empty() {
            let _ = writeln!(
                out,
                "      documented, not checked: {}",
                documented.join(", ")
            );
        }
        if let ParamKind::Enum(values) = &p.kind {
            let _ = writeln!(out, "      values: {}", values.join(", "));
        }
        for line in p.description.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "      {}", line.trim_end());
        }
    }
    if !op.description.trim().is_empty() {
        out.push_str("\nDescription:\n");
        for line in op.description.lines() {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
    }
    out
}
