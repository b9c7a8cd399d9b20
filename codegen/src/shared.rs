//! Stage 3b: find the object types that several operations declare alike
//! (`Tag` with `Key` and `Value`, a `Filter`, ...), so that each is emitted
//! once in `types.rs` instead of once per operation. One type per name: the
//! shape most operations use is shared, and an operation whose `Tag` differs
//! keeps its own. A type that refers to an operation's enum, or to an object
//! that is not shared, stays with its operation: enums whose value sets
//! differ must not merge.

use crate::model::{
    FieldType, Operation, Param, ParamType, ResponseStruct, SharedKind, SharedType, Struct,
};
use std::collections::{BTreeMap, BTreeSet};

/// Marks the shared structs in `operations` and returns them, sorted by name.
pub fn share_types(operations: &mut [Operation]) -> Vec<SharedType> {
    // (name, shape) -> indices of the operations that declare it.
    let mut shapes: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        for s in &op.request_structs {
            if let Some(shape) = request_shape(s) {
                shapes.entry((s.name.clone(), shape)).or_default().insert(i);
            }
        }
        for s in &op.response_structs {
            if let Some(shape) = response_shape(s) {
                shapes.entry((s.name.clone(), shape)).or_default().insert(i);
            }
        }
    }
    // Per name, the shape declared by most operations, if by two or more.
    let mut chosen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for ((name, shape), users) in &shapes {
        if users.len() < 2 {
            continue;
        }
        let better = chosen
            .get(name)
            .is_none_or(|(_, count)| users.len() > *count);
        if better {
            chosen.insert(name.clone(), (shape.clone(), users.len()));
        }
    }
    // An operation's struct is shared when it has the chosen shape and every
    // object it refers to is shared too; repeat until nothing changes.
    let mut shared: Vec<BTreeSet<String>> = operations
        .iter()
        .map(|op| {
            let requests = op.request_structs.iter().filter_map(|s| {
                let shape = request_shape(s)?;
                (chosen.get(&s.name).map(|c| &c.0) == Some(&shape)).then(|| s.name.clone())
            });
            let responses = op.response_structs.iter().filter_map(|s| {
                let shape = response_shape(s)?;
                (chosen.get(&s.name).map(|c| &c.0) == Some(&shape)).then(|| s.name.clone())
            });
            requests.chain(responses).collect()
        })
        .collect();
    loop {
        let mut changed = false;
        for (op, names) in operations.iter().zip(shared.iter_mut()) {
            let refs: Vec<(String, Vec<String>)> = op
                .request_structs
                .iter()
                .map(|s| (s.name.clone(), request_refs(s)))
                .chain(
                    op.response_structs
                        .iter()
                        .map(|s| (s.name.clone(), response_refs(s))),
                )
                .collect();
            for (name, refs) in refs {
                if names.contains(&name) && refs.iter().any(|r| !names.contains(r)) {
                    names.remove(&name);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Within one name, every operation still sharing it must agree on the
    // shape; collect the users.
    let mut out: BTreeMap<String, SharedType> = BTreeMap::new();
    for (op, names) in operations.iter_mut().zip(&shared) {
        for s in &mut op.request_structs {
            if names.contains(&s.name) {
                s.shared = true;
                out.entry(s.name.clone())
                    .or_insert_with(|| SharedType {
                        name: s.name.clone(),
                        kind: SharedKind::Request(s.clone()),
                        users: Vec::new(),
                    })
                    .users
                    .push(op.module.clone());
            }
        }
        for s in &mut op.response_structs {
            if names.contains(&s.name) {
                s.shared = true;
                out.entry(s.name.clone())
                    .or_insert_with(|| SharedType {
                        name: s.name.clone(),
                        kind: SharedKind::Response(s.clone()),
                        users: Vec::new(),
                    })
                    .users
                    .push(op.module.clone());
            }
        }
    }
    out.into_values()
        .map(|mut t| {
            t.users.sort();
            t.users.dedup();
            t
        })
        .collect()
}

/// A request struct's shape without its docs, or `None` if it uses an enum.
fn request_shape(s: &Struct) -> Option<String> {
    let members: Vec<Param> = s.members.iter().map(bare_param).collect::<Option<_>>()?;
    Some(format!("request json={} {members:?}", s.json))
}

fn bare_param(p: &Param) -> Option<Param> {
    let ty = match &p.ty {
        ParamType::Enum(_) => return None,
        ParamType::List(item) => ParamType::List(Box::new(bare_param(item)?)),
        other => other.clone(),
    };
    Some(Param {
        doc: String::new(),
        example: None,
        deprecated: false,
        enforced: Vec::new(),
        ty,
        ..p.clone()
    })
}

fn response_shape(s: &ResponseStruct) -> Option<String> {
    let mut out = String::from("response");
    for f in &s.fields {
        if has_enum(&f.ty) {
            return None;
        }
        out.push_str(&format!(" {}:{}:{:?}", f.wire, f.field, f.ty));
    }
    Some(out)
}

fn has_enum(ty: &FieldType) -> bool {
    match ty {
        FieldType::Enum(_) => true,
        FieldType::List(item) => has_enum(item),
        _ => false,
    }
}

fn request_refs(s: &Struct) -> Vec<String> {
    fn walk(ty: &ParamType, out: &mut Vec<String>) {
        match ty {
            ParamType::Object(name) => out.push(name.clone()),
            ParamType::List(item) => walk(&item.ty, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for m in &s.members {
        walk(&m.ty, &mut out);
    }
    out
}

fn response_refs(s: &ResponseStruct) -> Vec<String> {
    fn walk(ty: &FieldType, out: &mut Vec<String>) {
        match ty {
            FieldType::Object(name) => out.push(name.clone()),
            FieldType::List(item) => walk(item, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in &s.fields {
        walk(&f.ty, &mut out);
    }
    out
}
