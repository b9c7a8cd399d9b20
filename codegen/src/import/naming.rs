//! Type names: gives every struct and enum of an operation's generated module
//! its own name, free of clashes with its ancestors and the reserved names.

use super::*;

// ---------------------------------------------------------------------------
// Type names: every struct and enum of an operation's module needs its own
// ---------------------------------------------------------------------------

/// A struct around the one being named: its name, and whether it only wraps
/// a list (`Tags` around `Tag[]`), which makes a poor prefix.
pub(super) struct Ancestor {
    pub(super) name: String,
    pub(super) wrapper: bool,
}

pub(super) struct Namer<'a> {
    pub(super) op: String,
    pub(super) used: BTreeSet<String>,
    pub(super) pending: &'a [PendingEnum],
    /// Enums that came from an existing spec: a parameter that wants one of
    /// these names uses it.
    pub(super) kept: &'a BTreeSet<String>,
    pub(super) enums: BTreeMap<String, Enum>,
    pub(super) findings: &'a mut Vec<Finding>,
}

impl Namer<'_> {
    /// A free name for `desired`, trying the enclosing structs' names as
    /// prefixes (nearest first, skipping wrappers such as `Tags` around
    /// `Tag`), then the operation's name, then numbers.
    pub(super) fn free(&self, desired: &str, ancestors: &[Ancestor]) -> String {
        if !self.used.contains(desired) {
            return desired.to_owned();
        }
        let mut candidates: Vec<String> = ancestors
            .iter()
            .rev()
            .filter(|a| !a.wrapper)
            .map(|a| format!("{}{desired}", a.name))
            .collect();
        candidates.push(format!("{}{desired}", self.op));
        if let Some(c) = candidates.into_iter().find(|c| !self.used.contains(c)) {
            return c;
        }
        (2..)
            .map(|n| format!("{desired}{n}"))
            .find(|c| !self.used.contains(c))
            .expect("some number is free")
    }

    pub(super) fn param(&mut self, p: &mut Parameter, ancestors: &mut Vec<Ancestor>, path: &str) {
        if let Some(r) = p.enum_ref.clone() {
            if let Some(index) = r.strip_prefix('\0') {
                let pending = &self.pending[index.parse::<usize>().expect("placeholder")];
                p.enum_ref = Some(self.enum_name(pending, ancestors, path));
            }
        }
        if let Some(item) = &mut p.items {
            self.param(item, ancestors, &format!("{path}.N"));
        }
        if p.ty == "object" {
            let name = self.struct_name(&p.name, &mut p.struct_name, ancestors, path);
            ancestors.push(Ancestor {
                name,
                wrapper: p.members.len() == 1 && p.members[0].ty == "list",
            });
            for m in &mut p.members {
                let mpath = format!("{path}.{}", m.name);
                self.param(m, ancestors, &mpath);
            }
            ancestors.pop();
        }
    }

    pub(super) fn field(&mut self, f: &mut Field, ancestors: &mut Vec<Ancestor>, path: &str) {
        if let Some(item) = &mut f.items {
            self.field(item, ancestors, &format!("{path}.N"));
        }
        if f.ty == "object" {
            let name = self.struct_name(&f.name, &mut f.struct_name, ancestors, path);
            ancestors.push(Ancestor {
                name,
                wrapper: f.members.len() == 1 && f.members[0].ty == "list",
            });
            for m in &mut f.members {
                let mpath = format!("{path}.{}", m.name);
                self.field(m, ancestors, &mpath);
            }
            ancestors.pop();
        }
    }

    pub(super) fn struct_name(
        &mut self,
        wire: &str,
        explicit: &mut Option<String>,
        ancestors: &[Ancestor],
        path: &str,
    ) -> String {
        if let Some(name) = explicit.clone() {
            return name;
        }
        let desired = wire.to_upper_camel_case();
        let name = self.free(&desired, ancestors);
        if name != desired {
            self.findings.push(finding(
                &self.op,
                path,
                format!("the type name {desired} is taken in this operation; structName {name}"),
            ));
            *explicit = Some(name.clone());
        }
        self.used.insert(name.clone());
        name
    }

    pub(super) fn enum_name(
        &mut self,
        pending: &PendingEnum,
        ancestors: &[Ancestor],
        path: &str,
    ) -> String {
        let desired = pending.preferred.clone();
        if self.kept.contains(&desired) {
            let listed: Vec<&str> = self.enums[&desired]
                .values
                .iter()
                .map(|v| v.value.as_str())
                .collect();
            let found: Vec<&str> = pending.values.iter().map(|v| v.value.as_str()).collect();
            if listed != found {
                self.findings.push(finding(
                    &self.op,
                    path,
                    format!("the spec's enum {desired} lists {listed:?}, the sources {found:?}; the spec's is kept"),
                ));
            }
            return desired;
        }
        let same_values = |e: &Enum| {
            e.values.len() == pending.values.len()
                && e.values
                    .iter()
                    .zip(&pending.values)
                    .all(|(a, b)| a.value == b.value)
        };
        if let Some((name, _)) = self.enums.iter().find(|(_, e)| same_values(e)) {
            return name.clone();
        }
        let name = self.free(&desired, ancestors);
        if name != desired {
            self.findings.push(finding(
                &self.op,
                path,
                format!(
                    "the type name {desired} is taken in this operation; the enum is named {name}"
                ),
            ));
        }
        self.used.insert(name.clone());
        self.enums.insert(
            name.clone(),
            Enum {
                description: pending.description.clone(),
                values: pending.values.clone(),
                corrections: Vec::new(),
            },
        );
        name
    }
}

pub(super) fn explicit_struct_names(params: &[Parameter], out: &mut BTreeSet<String>) {
    for p in params {
        if let Some(n) = &p.struct_name {
            out.insert(n.clone());
        }
        if let Some(i) = &p.items {
            explicit_struct_names(std::slice::from_ref(i), out);
        }
        explicit_struct_names(&p.members, out);
    }
}

pub(super) fn explicit_field_struct_names(fields: &[Field], out: &mut BTreeSet<String>) {
    for f in fields {
        if let Some(n) = &f.struct_name {
            out.insert(n.clone());
        }
        if let Some(i) = &f.items {
            explicit_field_struct_names(std::slice::from_ref(i), out);
        }
        explicit_field_struct_names(&f.members, out);
    }
}

/// Gives every struct and pending enum of `op` a name of its own, setting
/// `structName` where the wire name's would clash.
/// Enums already in `op` (an existing spec's) are kept: a parameter that
/// wants one of their names uses it.
pub(super) fn name_types(op: &mut Operation, pending: &[PendingEnum], findings: &mut Vec<Finding>) {
    let mut used: BTreeSet<String> = crate::reserved::RESERVED_TYPE_NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for suffix in [
        "Input",
        "InputBuilder",
        "Output",
        "Error",
        "FluentBuilder",
        "Paginator",
    ] {
        used.insert(format!("{}{suffix}", op.name));
    }
    explicit_struct_names(&op.parameters, &mut used);
    explicit_field_struct_names(&op.response.members, &mut used);
    used.extend(op.enums.keys().cloned());
    let kept: BTreeSet<String> = op.enums.keys().cloned().collect();
    let mut namer = Namer {
        op: op.name.clone(),
        used,
        pending,
        kept: &kept,
        enums: std::mem::take(&mut op.enums),
        findings,
    };
    let mut ancestors = Vec::new();
    for p in &mut op.parameters {
        let path = p.name.clone();
        namer.param(p, &mut ancestors, &path);
    }
    for f in &mut op.response.members {
        let path = format!("response.{}", f.name);
        namer.field(f, &mut ancestors, &path);
    }
    op.enums = namer.enums;
}
