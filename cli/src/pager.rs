//! `--pager`: follow every page of an operation and merge them into one
//! response: the first page's fields, with every page's items at the
//! operation's items path. The sdk's typed paginators do this per
//! operation; here the table's paging facts (wire names) drive it over the
//! raw JSON, with the same guards: a token the service sends twice ends the
//! listing, and so does `Config::max_pages`.

use crate::Failure;
use alibabacloud_ecs::runtime::{OperationEntry, PaginationInfo};
use alibabacloud_ecs::Client;
use serde_json::Value;
use std::collections::HashSet;

pub fn items_path(p: &PaginationInfo) -> &'static str {
    match p {
        PaginationInfo::Token { items, .. } | PaginationInfo::PageNumber { items, .. } => items,
    }
}

/// Sets `key` to `value` in the command line's parameters; each page is
/// then decoded and encoded again, so it is sent exactly as the typed
/// builder would send it.
fn set(params: &mut Vec<(String, String)>, key: &str, value: String) {
    params.retain(|(k, _)| k != key);
    params.push((key.to_owned(), value));
}

pub async fn fetch_all(
    client: &Client,
    op: &'static OperationEntry,
    mut params: Vec<(String, String)>,
    checked: bool,
) -> Result<Value, Failure> {
    let Some(paging) = op.pagination else {
        return Err(Failure::Other("the operation does not page".to_owned()));
    };
    let items_at = items_path(&paging);
    let max_pages = client.config().max_pages();
    let mut first: Option<Value> = None;
    let mut items: Vec<Value> = Vec::new();
    let mut seen_tokens: HashSet<String> = HashSet::new();
    let mut first_len = 0;
    let mut pages: u32 = 0;
    let start_page: u64 = match paging {
        PaginationInfo::PageNumber { page_number, .. } => params
            .iter()
            .find(|(k, _)| k == page_number)
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(1),
        PaginationInfo::Token { .. } => 1,
    };
    let mut page_number = start_page;
    loop {
        if let PaginationInfo::PageNumber {
            page_number: key, ..
        } = paging
        {
            set(&mut params, key, page_number.to_string());
        }
        let wire = (op.reencode)(&params, checked)?;
        let page = client.invoke_json(op.info, wire).await?;
        pages += 1;
        let got = match at_path(&page, items_at) {
            Some(Value::Array(list)) => {
                items.extend(list.iter().cloned());
                list.len()
            }
            _ => 0,
        };
        if first.is_none() {
            first_len = got;
        }
        let more = match paging {
            PaginationInfo::Token { input, output, .. } => {
                match page.get(output).and_then(Value::as_str) {
                    Some(token) if !token.is_empty() => {
                        if !seen_tokens.insert(token.to_owned()) {
                            return Err(Failure::Other(format!(
                                "the service sent the page token {token:?} twice; stopped after {pages} pages"
                            )));
                        }
                        set(&mut params, input, token.to_owned());
                        true
                    }
                    _ => false,
                }
            }
            PaginationInfo::PageNumber { total_count, .. } => {
                let total = page.get(total_count).and_then(Value::as_u64);
                let before = (start_page - 1).saturating_mul(first_len as u64);
                // A short or empty page is the last; so is the page that
                // brings the count up to the total.
                got > 0
                    && got >= first_len
                    && !matches!(total, Some(t) if before + items.len() as u64 >= t)
            }
        };
        if first.is_none() {
            first = Some(page);
        }
        if !more {
            break;
        }
        if pages >= max_pages {
            return Err(Failure::Other(format!(
                "stopped after {pages} pages (the page limit, Config::max_pages) while the service still offered more"
            )));
        }
        page_number += 1;
    }
    let mut merged = first.unwrap_or(Value::Null);
    if let PaginationInfo::Token { output, .. } = paging {
        if let Some(map) = merged.as_object_mut() {
            map.remove(output);
        }
    }
    set_path(&mut merged, items_at, Value::Array(items));
    Ok(merged)
}

fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, k| v.get(k))
}

/// Puts `items` at `path`, creating the objects on the way.
fn set_path(value: &mut Value, path: &str, items: Value) {
    let mut at = value;
    for key in path.split('.') {
        if !at.is_object() {
            *at = Value::Object(serde_json::Map::new());
        }
        let Some(map) = at.as_object_mut() else {
            return;
        };
        at = map.entry(key.to_owned()).or_insert(Value::Null);
    }
    *at = items;
}
