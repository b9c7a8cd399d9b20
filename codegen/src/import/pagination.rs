//! Pagination: recognising token and page-number paging from the imported
//! parameters and response.

use super::*;

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Lists reachable from the response's top level through objects only, as
/// dotted paths.
pub(super) fn response_lists(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        match f.ty.as_str() {
            "list" => out.push(path),
            "object" => response_lists(&f.members, &path, out),
            _ => {}
        }
    }
}

pub(super) fn detect_pagination(op: &Operation) -> (Option<Pagination>, Vec<String>) {
    let mut notes = Vec::new();
    let param = |name: &str, types: &[&str]| {
        op.parameters
            .iter()
            .any(|p| p.name == name && types.contains(&p.ty.as_str()))
    };
    let field = |name: &str, types: &[&str]| {
        op.response
            .members
            .iter()
            .any(|f| f.name == name && types.contains(&f.ty.as_str()))
    };
    let token = param("NextToken", &["string"]) && field("NextToken", &["string"]);
    let numbered = param("PageNumber", &["integer"])
        && param("PageSize", &["integer"])
        && field("TotalCount", &["integer", "long"]);
    if !token && !numbered {
        return (None, notes);
    }
    let mut lists = Vec::new();
    response_lists(&op.response.members, "", &mut lists);
    let items = match lists.len() {
        0 => {
            notes.push("paging parameters but no list in the response; no paginator".into());
            return (None, notes);
        }
        1 => lists[0].clone(),
        _ => {
            // `Instances.Instance` style: a wrapper named after its items.
            let wrapped: Vec<&String> = lists
                .iter()
                .filter(|path| {
                    let parts: Vec<&str> = path.split('.').collect();
                    parts.len() >= 2 && {
                        let (outer, inner) = (parts[parts.len() - 2], parts[parts.len() - 1]);
                        outer != inner && outer.starts_with(inner)
                    }
                })
                .collect();
            if wrapped.len() == 1 {
                notes.push(format!(
                    "the response has {} lists ({}); paging over {}",
                    lists.len(),
                    lists.join(", "),
                    wrapped[0]
                ));
                wrapped[0].clone()
            } else {
                notes.push(format!(
                    "the response has {} lists ({}); which one pages is unclear, so no paginator",
                    lists.len(),
                    lists.join(", ")
                ));
                return (None, notes);
            }
        }
    };
    if token {
        if numbered {
            notes.push(
                "both NextToken and PageNumber/PageSize paging; the paginator uses NextToken"
                    .into(),
            );
        }
        let page_size = ["MaxResults", "PageSize"]
            .iter()
            .find(|n| param(n, &["integer", "long"]))
            .map(|n| (*n).to_owned());
        (
            Some(Pagination::Token {
                input_token: "NextToken".into(),
                output_token: "NextToken".into(),
                page_size,
                items,
            }),
            notes,
        )
    } else {
        (
            Some(Pagination::PageNumber {
                page_number: "PageNumber".into(),
                page_size: "PageSize".into(),
                total_count: "TotalCount".into(),
                items,
            }),
            notes,
        )
    }
}
