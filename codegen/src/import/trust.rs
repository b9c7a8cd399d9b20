//! Trust: deciding which limits `build()` enforces and which are only
//! documented, with the statements (`LimitNote`) that justify each choice.

use super::*;

// ---------------------------------------------------------------------------
// Trust: which limits `build()` checks
// ---------------------------------------------------------------------------

/// What kind of statement a limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Basis {
    /// A portal file's schema (maxItems, minimum, ...), or the official SDK's.
    Structured,
    /// The English (Apache-2.0) description.
    Prose,
    /// The portal's Chinese description: a fact to compare, never quoted.
    PortalProse,
    /// The largest N of numbered names (`Filter.4.Key`): a lower bound.
    Names,
}

#[derive(Debug, Clone)]
pub(super) struct Stmt {
    pub(super) basis: Basis,
    /// Who says it, for the `enforced` value and the report (never Chinese).
    pub(super) who: String,
    pub(super) value: i64,
}

/// Page-size and page-number parameters: the service clamps a page size
/// (DescribeInstances MaxResults above 100 is answered with 100 entries), so
/// a client-side range check would refuse calls the service accepts.
pub(super) const PAGING_PARAMETERS: &[&str] = &["MaxResults", "PageSize", "PageNumber"];

/// A limit the spec documents but `build()` does not check, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitNote {
    /// `Tag.N.Key`, as in findings.
    pub path: String,
    pub limit: String,
    pub why: String,
}

/// Decides whether `chosen` may be enforced, given every statement of the
/// limit: `Ok(reason)` for the `enforced` map, `Err(why not)`.
pub(super) fn decide(limit: &str, chosen: i64, stmts: &[Stmt]) -> Result<String, String> {
    let agrees = |s: &Stmt| {
        s.value == chosen || (s.basis == Basis::Names && limit == "maxItems" && s.value <= chosen)
    };
    let said = || {
        stmts
            .iter()
            .map(|s| {
                if s.value == i64::MIN {
                    s.who.clone()
                } else {
                    format!("{} {}", s.who, s.value)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if stmts.iter().any(|s| !agrees(s)) {
        return Err(format!("the sources disagree ({})", said()));
    }
    let base = stmts
        .iter()
        .find(|s| s.basis == Basis::Structured)
        .or_else(|| stmts.iter().find(|s| s.basis == Basis::Prose));
    let Some(base) = base else {
        return Err(format!(
            "stated only by {}, not by the portal's schema or the English prose",
            stmts
                .iter()
                .map(|s| s.who.clone())
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    };
    let mut reason = if base.basis == Basis::Prose {
        format!("{}: {limit} {chosen}", base.who)
    } else {
        format!("{} {limit} {chosen}", base.who)
    };
    for s in stmts.iter().filter(|s| !std::ptr::eq(*s, base)) {
        reason.push_str(&format!("; {} agrees", s.who));
    }
    if base.basis == Basis::Prose {
        reason.push_str("; no portal schema states it");
    }
    Ok(reason)
}

/// Fills `p.enforced` for each limit `p` states, from the statements made
/// about it; notes each limit left unchecked.
pub(super) fn apply_trust(
    cx: &mut Cx,
    path: &str,
    p: &mut Parameter,
    stmts: &[(&'static str, Vec<Stmt>)],
) {
    let paging = !path.contains('.') && PAGING_PARAMETERS.contains(&p.name.as_str());
    for (limit, value) in limit_list(p) {
        let Some(value) = value else { continue };
        let chosen: i64 = value.parse().unwrap_or(i64::MIN);
        let said: &[Stmt] = stmts
            .iter()
            .find(|(l, _)| *l == limit)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let verdict = if paging && matches!(limit, "minimum" | "maximum") {
            Err(if p.name == "PageNumber" {
                "paging parameter: a page number out of range is not known to be refused, so no client-side range check"
            } else {
                "page-size parameter: the service clamps a page size (DescribeInstances MaxResults above 100 gives 100 entries) rather than refusing it, so no client-side range check"
            }
            .to_owned())
        } else if said.is_empty() {
            Err("no source states it".to_owned())
        } else {
            decide(limit, chosen, said)
        };
        match verdict {
            Ok(reason) => {
                p.enforced.insert(limit.to_owned(), reason);
            }
            Err(why) => {
                p.enforced.remove(limit);
                cx.limit_notes.push(LimitNote {
                    path: path.to_owned(),
                    limit: limit.to_owned(),
                    why,
                });
            }
        }
    }
}

/// Drops every enforced limit of a hidden parameter (at any depth).
pub(super) fn unenforce(p: &mut Parameter, path: &str, why: &str, notes: &mut Vec<LimitNote>) {
    for (limit, value) in limit_list(p) {
        if value.is_some() {
            p.enforced.remove(limit);
            notes.retain(|n| !(n.path == path && n.limit == limit));
            notes.push(LimitNote {
                path: path.to_owned(),
                limit: limit.to_owned(),
                why: why.to_owned(),
            });
        }
    }
    if let Some(item) = &mut p.items {
        unenforce(item, &format!("{path}.N"), why, notes);
    }
    for m in &mut p.members {
        let mpath = format!("{path}.{}", m.name);
        unenforce(m, &mpath, why, notes);
    }
}
