//! The import report (`spec/ecs/IMPORT-REPORT.md`): the limit lines of each
//! imported operation and the findings, rendered deterministically.

use super::*;

// ---------------------------------------------------------------------------
// The import report
// ---------------------------------------------------------------------------

/// One limit of one parameter, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitLine {
    /// `Tag.N.Key`, as in findings.
    pub path: String,
    pub limit: String,
    pub value: String,
    /// Whether `build()` checks it.
    pub enforced: bool,
    /// The `enforced` value, or why the limit is only documented.
    pub why: String,
}

impl Imported {
    /// Every limit the spec states, enforced or only documented, with why.
    pub fn limit_lines(&self) -> Vec<LimitLine> {
        let mut out = Vec::new();
        for p in &self.operation.parameters {
            limit_lines_of(p, &p.name, false, &self.limit_notes, &mut out);
        }
        out
    }
}

pub(super) fn limit_lines_of(
    p: &Parameter,
    path: &str,
    corrected_above: bool,
    notes: &[LimitNote],
    out: &mut Vec<LimitLine>,
) {
    let corrected = corrected_above || !p.corrections.is_empty();
    for (limit, value) in limit_list(p) {
        let Some(value) = value else { continue };
        let (enforced, why) = match p.enforced.get(limit) {
            Some(why) => (true, why.clone()),
            None => {
                let note = notes
                    .iter()
                    .rev()
                    .find(|n| n.path == path && n.limit == limit)
                    .map(|n| n.why.clone());
                let why = match note {
                    Some(why) if !corrected => why,
                    _ if corrected => {
                        "kept from the spec's corrected entry, which does not mark it enforced"
                            .to_owned()
                    }
                    _ => "no source states it; kept from the spec".to_owned(),
                };
                (false, why)
            }
        };
        out.push(LimitLine {
            path: path.to_owned(),
            limit: limit.to_owned(),
            value,
            enforced,
            why,
        });
    }
    if let Some(item) = &p.items {
        limit_lines_of(item, &format!("{path}.N"), corrected, notes, out);
    }
    for m in &p.members {
        limit_lines_of(m, &format!("{path}.{}", m.name), corrected, notes, out);
    }
}

/// What happened to one operation of an import run, for the report.
pub enum ReportEntry<'a> {
    Imported(&'a Imported),
    NotImported { name: String, why: String },
}

pub(super) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The import report (`spec/ecs/IMPORT-REPORT.md`): per operation, each
/// limit enforced and why, each limit only documented and why, and every
/// finding. The same run writes the same bytes.
pub fn report(entries: &[ReportEntry<'_>], general: &[Finding]) -> String {
    let mut imported: Vec<&Imported> = Vec::new();
    let mut skipped: Vec<(&str, &str)> = Vec::new();
    for e in entries {
        match e {
            ReportEntry::Imported(i) => imported.push(i),
            ReportEntry::NotImported { name, why } => skipped.push((name, why)),
        }
    }
    imported.sort_by(|a, b| a.operation.name.cmp(&b.operation.name));
    skipped.sort();
    let lines: Vec<Vec<LimitLine>> = imported.iter().map(|i| i.limit_lines()).collect();
    let enforced: usize = lines.iter().flatten().filter(|l| l.enforced).count();
    let documented: usize = lines.iter().flatten().filter(|l| !l.enforced).count();
    let json_lists: usize = imported
        .iter()
        .map(|i| {
            i.operation
                .parameters
                .iter()
                .filter(|p| p.ty == "list" && p.style.as_deref() == Some("json"))
                .count()
        })
        .sum();
    let hidden: usize = imported
        .iter()
        .map(|i| i.operation.parameters.iter().filter(|p| p.hidden).count())
        .sum();
    let findings: usize = imported.iter().map(|i| i.findings.len()).sum();
    let mut s = String::new();
    s.push_str("# Import report\n\n");
    s.push_str("Written by `cargo xtask import-spec --all` from the reference metadata; do not edit by hand.\n");
    s.push_str("For each operation: every limit of a parameter, whether `build()` checks it (`enforced`) or it is only\n");
    s.push_str("documented, and why; then every finding of the importer (disagreements between the sources, choices made).\n");
    s.push_str("A limit is enforced only where the portal's schema states it and neither the other portal file nor the\n");
    s.push_str("English prose contradicts it, where the English prose states it and no schema contradicts it, or where a\n");
    s.push_str("`corrections` entry confirms it. Paging parameters and hidden parameters are never range-checked.\n\n");
    s.push_str(&format!(
        "- operations: {} imported, {} not imported\n- limits: {enforced} enforced, {documented} documented only\n- JSON-text list parameters (`style: json`): {json_lists}\n- hidden parameters: {hidden}\n- findings: {findings}\n\n",
        imported.len(),
        skipped.len(),
    ));
    if !skipped.is_empty() {
        s.push_str("## Not imported\n\n");
        for (name, why) in &skipped {
            s.push_str(&format!("- {name}: {}\n", cell(why)));
        }
        s.push('\n');
    }
    if !general.is_empty() {
        s.push_str("## The reference itself\n\n");
        for f in general {
            s.push_str(&format!(
                "- {} `{}`: {}\n",
                f.operation,
                f.subject,
                cell(&f.message)
            ));
        }
        s.push('\n');
    }
    for (i, lines) in imported.iter().zip(&lines) {
        s.push_str(&format!("## {}\n\n", i.operation.name));
        if !lines.is_empty() {
            s.push_str("| parameter | limit | value | checked | why |\n|---|---|---|---|---|\n");
            for l in lines {
                s.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    l.path,
                    l.limit,
                    l.value,
                    if l.enforced { "enforced" } else { "documented" },
                    cell(&l.why)
                ));
            }
            s.push('\n');
        }
        for f in &i.findings {
            s.push_str(&format!("- `{}`: {}\n", f.subject, cell(&f.message)));
        }
        if !i.findings.is_empty() {
            s.push('\n');
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
