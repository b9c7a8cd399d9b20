//! The reference directory: opening the product's published metadata files
//! ([`Reference`], [`ReferenceLayout`]) and `J`, the JSON value that keeps
//! object keys in file order (the portal's order is the documented order).
//! Kept apart so the rest of the importer only sees parsed sources.

use super::*;

// ---------------------------------------------------------------------------
// JSON with the key order kept. `serde_json::Value` sorts object keys (the
// crate is built without `preserve_order`), and the portal's order of
// response fields and object members is the documented order.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub(super) enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

pub(super) static NULL: J = J::Null;

impl J {
    pub(super) fn get(&self, key: &str) -> &J {
        match self {
            J::Obj(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(self, J::Null)
    }

    pub(super) fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text: the portal writes numbers both as `1` and `"1"`.
    pub(super) fn text(&self) -> Option<String> {
        match self {
            J::Str(s) => Some(s.clone()),
            J::Num(n) => Some(n.clone()),
            J::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub(super) fn bool(&self) -> Option<bool> {
        match self {
            J::Bool(b) => Some(*b),
            J::Str(s) if s == "true" => Some(true),
            J::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub(super) fn u64(&self) -> Option<u64> {
        self.text().and_then(|t| t.trim().parse().ok())
    }

    pub(super) fn arr(&self) -> &[J] {
        match self {
            J::Arr(items) => items,
            _ => &[],
        }
    }

    /// Object entries; an empty `[]` (the 2025 file's rendering of `{}`)
    /// counts as an empty object.
    pub(super) fn entries(&self) -> &[(String, J)] {
        match self {
            J::Obj(entries) => entries,
            _ => &[],
        }
    }

    pub(super) fn is_obj(&self) -> bool {
        matches!(self, J::Obj(_))
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_none<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<J, E> {
                Ok(J::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<J, E> {
                Ok(J::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<J, E> {
                Ok(J::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(J::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, J>()? {
                    entries.push((k, v));
                }
                Ok(J::Obj(entries))
            }
        }
        d.deserialize_any(V)
    }
}

pub(super) fn read_json(path: &Path) -> Result<J, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Reference {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    serde_json::from_str(&text).map_err(|e| ImportError::Reference {
        path: path.to_path_buf(),
        message: format!("not JSON: {e}"),
    })
}

// ---------------------------------------------------------------------------
// The reference directory
// ---------------------------------------------------------------------------

pub(super) const PORTAL_FILE: &str =
    "openapi-portal-mirror-dew-serverless/ecs-2014-05-26.api-docs.full.zh-CN.2024-06-24.json";
pub(super) const PORTAL_NEW_FILE: &str =
    "openapi-portal-mirror-dew-serverless/ecs-2014-05-26.api-docs.stripped.2025-12-03.json";
pub(super) const INDEX_FILE: &str = "derived/ecs-operations-index.tsv";
pub(super) const EXTRACT_FILE: &str = "derived/selected-operations-extract.json";

/// Where one product's files are in its reference directory. ECS has every
/// source; a smaller product (STS) has only the metadata and `api-info.json`,
/// and the importer uses what is there.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceLayout {
    /// `aliyun-openapi-meta/metadatas/<product>`.
    pub meta_dir: &'static str,
    /// `aliyun-openapi-meta/en-US/<product>`.
    pub meta_en_dir: &'static str,
    pub api_info_file: &'static str,
    /// The portal mirrors and the operation index; ECS only.
    pub portal_files: Option<(&'static str, &'static str)>,
    pub index_file: Option<&'static str>,
}

impl ReferenceLayout {
    pub const ECS: ReferenceLayout = ReferenceLayout {
        meta_dir: "aliyun-openapi-meta/metadatas/ecs",
        meta_en_dir: "aliyun-openapi-meta/en-US/ecs",
        api_info_file: "alibabacloud-sdk/ecs-20140526/api-info.json",
        portal_files: Some((PORTAL_FILE, PORTAL_NEW_FILE)),
        index_file: Some(INDEX_FILE),
    };
    pub const STS: ReferenceLayout = ReferenceLayout {
        meta_dir: "aliyun-openapi-meta/metadatas/sts",
        meta_en_dir: "aliyun-openapi-meta/en-US/sts",
        api_info_file: "alibabacloud-sdk/sts-20150401/api-info.json",
        portal_files: None,
        index_file: None,
    };

    /// The layout of a product by its folder name under `spec/`.
    pub fn for_product(product: &str) -> Option<ReferenceLayout> {
        match product {
            "ecs" => Some(Self::ECS),
            "sts" => Some(Self::STS),
            _ => None,
        }
    }
}

/// The reference material, read once.
pub struct Reference {
    pub(super) dir: PathBuf,
    pub(super) layout: ReferenceLayout,
    pub(super) portal: J,
    pub(super) portal_new: J,
    pub(super) api_info: J,
    pub(super) extract: J,
    /// Operation name -> deprecated, from the index.
    pub(super) index: BTreeMap<String, bool>,
}

impl Reference {
    /// ECS's reference directory.
    pub fn open(dir: &Path) -> Result<Reference, ImportError> {
        Self::open_with(dir, ReferenceLayout::ECS)
    }

    /// A product's reference directory, laid out as `layout` says.
    pub fn open_with(dir: &Path, layout: ReferenceLayout) -> Result<Reference, ImportError> {
        if !dir.is_dir() {
            return Err(ImportError::Reference {
                path: dir.to_path_buf(),
                message: "the reference directory does not exist; set ECS_REFERENCE_DIR \
                          (STS_REFERENCE_DIR for sts)"
                    .into(),
            });
        }
        let (portal, portal_new) = match layout.portal_files {
            Some((old, new)) => (
                read_json(&dir.join(old))?.get("apis").clone(),
                read_json(&dir.join(new))?.get("apis").clone(),
            ),
            None => (J::Null, J::Null),
        };
        let api_info = read_json(&dir.join(layout.api_info_file))?;
        let extract = match dir.join(EXTRACT_FILE) {
            p if p.exists() => read_json(&p)?.get("operations").clone(),
            _ => J::Null,
        };
        let Some(index_file) = layout.index_file else {
            // Without an index, api-info.json says which operations are current.
            let deprecated: BTreeSet<&str> = api_info
                .get("deprecated")
                .arr()
                .iter()
                .filter_map(J::str)
                .collect();
            let api_doc = api_info.get("apiDoc");
            let index = api_doc
                .get("hasDoc")
                .arr()
                .iter()
                .chain(api_doc.get("noDoc").arr())
                .filter_map(J::str)
                .map(|n| (n.to_owned(), deprecated.contains(n)))
                .collect();
            return Ok(Reference {
                dir: dir.to_path_buf(),
                layout,
                portal,
                portal_new,
                api_info,
                extract,
                index,
            });
        };
        let index_path = dir.join(index_file);
        let index_text =
            std::fs::read_to_string(&index_path).map_err(|e| ImportError::Reference {
                path: index_path.clone(),
                message: format!("cannot read: {e}"),
            })?;
        let mut index = BTreeMap::new();
        let mut lines = index_text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(sdk), Some(deprecated)) = (
            col("in_darabonba_main_tea_2026_08"),
            col("darabonba_deprecated"),
        ) else {
            return Err(ImportError::Reference {
                path: index_path,
                message: "unexpected header".into(),
            });
        };
        for line in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() > sdk.max(deprecated) && cells[sdk] == "1" {
                index.insert(cells[0].to_owned(), cells[deprecated] == "1");
            }
        }
        Ok(Reference {
            dir: dir.to_path_buf(),
            layout,
            portal,
            portal_new,
            api_info,
            extract,
            index,
        })
    }

    /// The current (not deprecated) operations of the official SDK, sorted.
    pub fn current_operations(&self) -> Vec<String> {
        self.index
            .iter()
            .filter(|(_, deprecated)| !**deprecated)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Findings about the reference itself: where `api-info.json` and the
    /// index disagree on which operations are current.
    pub fn check_index(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let api_doc = self.api_info.get("apiDoc");
        let deprecated: BTreeSet<&str> = self
            .api_info
            .get("deprecated")
            .arr()
            .iter()
            .filter_map(J::str)
            .collect();
        let current: BTreeSet<&str> = api_doc
            .get("hasDoc")
            .arr()
            .iter()
            .chain(api_doc.get("noDoc").arr())
            .filter_map(J::str)
            .filter(|n| !deprecated.contains(n))
            .collect();
        let indexed: BTreeSet<String> = self.current_operations().into_iter().collect();
        for name in &current {
            if !indexed.contains(*name) {
                out.push(finding(
                    name,
                    "-",
                    "current in api-info.json but not in the index".into(),
                ));
            }
        }
        for name in &indexed {
            if !current.contains(name.as_str()) {
                out.push(finding(
                    name,
                    "-",
                    "current in the index but not in api-info.json".into(),
                ));
            }
        }
        out
    }

    /// Compares the endpoint map of `service.json` with `api-info.json`. A
    /// region the map leaves out must be served by the fallback host.
    pub fn check_endpoints(&self, map: &BTreeMap<String, String>, fallback: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let official = self.api_info.get("endpoints").entries();
        for (region, host) in official {
            let Some(host) = host.str() else { continue };
            match map.get(region) {
                Some(ours) if ours == host => {}
                Some(ours) => out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    format!("{ours:?} here, {host:?} in api-info.json"),
                )),
                None if fallback.replace("{region}", region) == host => {}
                None => out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    format!(
                        "missing; api-info.json maps it to {host:?}, the fallback would give {:?}",
                        fallback.replace("{region}", region)
                    ),
                )),
            }
        }
        for region in map.keys() {
            if official.iter().all(|(r, _)| r != region) {
                out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    "not in api-info.json".into(),
                ));
            }
        }
        out
    }

    pub(super) fn meta(&self, en: bool, name: &str) -> Option<J> {
        let dir = if en {
            self.layout.meta_en_dir
        } else {
            self.layout.meta_dir
        };
        let path = self.dir.join(dir).join(format!("{name}.json"));
        if !path.exists() {
            return None;
        }
        read_json(&path).ok()
    }
}

pub(super) fn finding(operation: &str, subject: &str, message: String) -> Finding {
    Finding {
        operation: operation.to_owned(),
        subject: subject.to_owned(),
        message,
    }
}
