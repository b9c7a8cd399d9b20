//! The emulator's state: resources and their tags, indexed for queries.
//!
//! Resources live in partitions, one per (region, resource type), since
//! every request names exactly one of each. Inside a partition, besides the
//! resources themselves (sorted by ID, which gives ListTagResources its stable
//! order), an index maps each tag key to the resources that carry it, and
//! each (key, value) pair to the resources that carry that pair. A query by
//! tag then reads one sorted set instead of scanning a million tags.
//!
//! Names (IDs, keys, values) are shared `Arc<str>`s: a key used by 100,000
//! resources is stored once, which is most of what keeps a million tags small.

pub mod lifecycle;
pub mod query;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use alibabacloud_ecs::operation::describe_instances::Instance;

use crate::regions;

/// A shared, immutable string: a resource ID, tag key or tag value.
pub type Name = Arc<str>;

/// How many tags one resource may carry, as the service allows.
pub const MAX_TAGS_PER_RESOURCE: usize = 20;

/// One taggable resource.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    /// The resource group. Seeding puts a resource without one in the
    /// configured default group, so `None` only means "stored without one".
    pub group: Option<Name>,
    /// Tag key to tag value; one value per key.
    pub tags: BTreeMap<Name, Name>,
    /// An instance's seeded DescribeInstances fields, without its ID,
    /// region, group and tags (the store answers those).
    pub instance: Option<Box<Instance>>,
    /// The instance's state over time, once an operation has changed it;
    /// before that, a seeded `Status` is its state.
    pub lifecycle: Option<lifecycle::Lifecycle>,
}

impl Resource {
    /// The instance's state at `now`: from its lifecycle, else its seeded
    /// `Status` when that is one of the documented states.
    pub fn state(&self, now: Instant) -> Option<lifecycle::State> {
        match &self.lifecycle {
            Some(life) => Some(life.state(now)),
            None => self
                .instance
                .as_ref()
                .and_then(|i| i.status.as_deref())
                .and_then(lifecycle::State::parse),
        }
    }
}

/// How many ClientTokens RunInstances remembers: the oldest is forgotten
/// first, so that no caller can grow the table without bound.
pub const MAX_CLIENT_TOKENS: usize = 10_000;

/// The resources of one region and resource type, with their indexes.
#[derive(Debug, Default)]
pub struct Partition {
    resources: BTreeMap<Name, Resource>,
    keys: BTreeMap<Name, KeyIndex>,
    groups: HashMap<Name, BTreeSet<Name>>,
}

/// Who carries one tag key, in total and per value.
#[derive(Debug, Default)]
struct KeyIndex {
    resources: BTreeSet<Name>,
    values: BTreeMap<Name, BTreeSet<Name>>,
}

/// Why a change to tags was refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A named resource does not exist in the region and resource type.
    UnknownResource { resource_id: String },
    /// The change would leave a resource with more than
    /// [`MAX_TAGS_PER_RESOURCE`] tags.
    QuotaExceeded { resource_id: String },
}

/// Every partition, and the regions that seeding added to the known ones.
#[derive(Debug, Default)]
pub struct Store {
    partitions: HashMap<String, HashMap<String, Partition>>,
    seeded_regions: BTreeSet<String>,
    tag_count: usize,
    /// (region, ClientToken) -> the instances RunInstances made for it.
    client_tokens: HashMap<(String, String), Vec<String>>,
    /// The same keys, oldest first.
    client_token_order: VecDeque<(String, String)>,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// A region the service has (see [`regions`]) or one that a seeded
    /// resource lives in.
    pub fn knows_region(&self, region_id: &str) -> bool {
        regions::is_service_region(region_id) || self.seeded_regions.contains(region_id)
    }

    /// Every region [`Store::knows_region`] accepts, sorted.
    pub fn regions(&self) -> Vec<String> {
        let mut all: BTreeSet<&str> = regions::service_regions().iter().copied().collect();
        all.extend(self.seeded_regions.iter().map(String::as_str));
        all.into_iter().map(str::to_owned).collect()
    }

    /// How many tags all resources carry together.
    pub fn tag_count(&self) -> usize {
        self.tag_count
    }

    pub fn partition(&self, region_id: &str, resource_type: &str) -> Option<&Partition> {
        self.partitions.get(region_id)?.get(resource_type)
    }

    fn partition_mut(&mut self, region_id: &str, resource_type: &str) -> &mut Partition {
        self.partitions
            .entry(region_id.to_owned())
            .or_default()
            .entry(resource_type.to_owned())
            .or_default()
    }

    /// Creates the resource, or replaces its group and tags (and instance
    /// fields) when it exists. The caller has checked the tag count.
    pub fn put_resource(
        &mut self,
        region_id: &str,
        resource_type: &str,
        resource_id: &str,
        group: Option<&str>,
        tags: &BTreeMap<String, String>,
    ) {
        self.seeded_regions.insert(region_id.to_owned());
        let partition = self.partition_mut(region_id, resource_type);
        let removed = partition.remove_resource(resource_id);
        let id = partition.insert_resource(resource_id, group);
        for (key, value) in tags {
            partition.set_tag(&id, key, value);
        }
        self.tag_count = self.tag_count - removed + tags.len();
    }

    /// Sets the DescribeInstances fields of an existing resource; `false`
    /// when there is no such resource.
    pub fn set_instance_fields(
        &mut self,
        region_id: &str,
        resource_type: &str,
        resource_id: &str,
        instance: Instance,
    ) -> bool {
        let resource = self
            .partitions
            .get_mut(region_id)
            .and_then(|types| types.get_mut(resource_type))
            .and_then(|partition| partition.resources.get_mut(resource_id));
        match resource {
            Some(resource) => {
                resource.instance = Some(Box::new(instance));
                true
            }
            None => false,
        }
    }

    /// How many resources of `resource_type` there are in every region.
    pub fn count(&self, resource_type: &str) -> usize {
        self.partitions
            .values()
            .filter_map(|types| types.get(resource_type))
            .map(|partition| partition.resources.len())
            .sum()
    }

    pub fn resource(&self, region_id: &str, resource_type: &str, id: &str) -> Option<&Resource> {
        self.partition(region_id, resource_type)?.resources.get(id)
    }

    pub fn resource_mut(
        &mut self,
        region_id: &str,
        resource_type: &str,
        id: &str,
    ) -> Option<&mut Resource> {
        self.partitions
            .get_mut(region_id)?
            .get_mut(resource_type)?
            .resources
            .get_mut(id)
    }

    /// Removes a resource with its tags; `false` when there was none.
    pub fn remove(&mut self, region_id: &str, resource_type: &str, id: &str) -> bool {
        let Some(partition) = self
            .partitions
            .get_mut(region_id)
            .and_then(|types| types.get_mut(resource_type))
        else {
            return false;
        };
        if !partition.resources.contains_key(id) {
            return false;
        }
        self.tag_count -= partition.remove_resource(id);
        true
    }

    /// The instances RunInstances made for a ClientToken in a region.
    pub fn client_token(&self, region_id: &str, token: &str) -> Option<&[String]> {
        self.client_tokens
            .get(&(region_id.to_owned(), token.to_owned()))
            .map(Vec::as_slice)
    }

    pub fn remember_client_token(&mut self, region_id: &str, token: &str, ids: Vec<String>) {
        let key = (region_id.to_owned(), token.to_owned());
        if self.client_tokens.insert(key.clone(), ids).is_none() {
            self.client_token_order.push_back(key);
        }
        while self.client_token_order.len() > MAX_CLIENT_TOKENS {
            if let Some(old) = self.client_token_order.pop_front() {
                self.client_tokens.remove(&old);
            }
        }
    }

    /// Adds or overwrites tags on every named resource, all or nothing.
    pub fn tag_resources(
        &mut self,
        region_id: &str,
        resource_type: &str,
        resource_ids: &[String],
        tags: &[(String, String)],
    ) -> Result<(), WriteError> {
        let partition = partition_of(&mut self.partitions, region_id, resource_type, resource_ids)?;
        // Check everything first, so that a refused request changes nothing.
        let mut targets = Vec::with_capacity(resource_ids.len());
        for resource_id in resource_ids {
            let Some((id, resource)) = partition.resources.get_key_value(resource_id.as_str())
            else {
                return Err(unknown(Some(resource_id)));
            };
            let added = distinct_keys(tags)
                .filter(|key| !resource.tags.contains_key(*key))
                .count();
            if resource.tags.len() + added > MAX_TAGS_PER_RESOURCE {
                return Err(WriteError::QuotaExceeded {
                    resource_id: resource_id.clone(),
                });
            }
            targets.push(id.clone());
        }
        targets.sort();
        targets.dedup();
        let mut added = 0;
        for id in &targets {
            for (key, value) in tags {
                if partition.set_tag(id, key, value) {
                    added += 1;
                }
            }
        }
        self.tag_count += added;
        Ok(())
    }

    /// Removes the named keys (absent ones are ignored), or every tag when
    /// `all` is set, from every named resource; all or nothing.
    pub fn untag_resources(
        &mut self,
        region_id: &str,
        resource_type: &str,
        resource_ids: &[String],
        tag_keys: &[String],
        all: bool,
    ) -> Result<(), WriteError> {
        let partition = partition_of(&mut self.partitions, region_id, resource_type, resource_ids)?;
        let mut targets = Vec::with_capacity(resource_ids.len());
        for resource_id in resource_ids {
            let Some((id, resource)) = partition.resources.get_key_value(resource_id.as_str())
            else {
                return Err(unknown(Some(resource_id)));
            };
            let keys: Vec<Name> = if all {
                resource.tags.keys().cloned().collect()
            } else {
                tag_keys
                    .iter()
                    .map(|key| Name::from(key.as_str()))
                    .collect()
            };
            targets.push((id.clone(), keys));
        }
        let mut removed = 0;
        for (id, keys) in &targets {
            for key in keys {
                if partition.remove_tag(id, key) {
                    removed += 1;
                }
            }
        }
        self.tag_count -= removed;
        Ok(())
    }
}

/// The resources of one region and type that a write names; a write to a
/// region or type with no resources names only unknown resources.
fn partition_of<'p>(
    partitions: &'p mut HashMap<String, HashMap<String, Partition>>,
    region_id: &str,
    resource_type: &str,
    resource_ids: &[String],
) -> Result<&'p mut Partition, WriteError> {
    partitions
        .get_mut(region_id)
        .and_then(|types| types.get_mut(resource_type))
        .ok_or_else(|| unknown(resource_ids.first()))
}

fn unknown(resource_id: Option<&String>) -> WriteError {
    WriteError::UnknownResource {
        resource_id: resource_id.cloned().unwrap_or_default(),
    }
}

/// The keys of `tags`, each once.
fn distinct_keys(tags: &[(String, String)]) -> impl Iterator<Item = &str> {
    let keys: BTreeSet<&str> = tags.iter().map(|(key, _)| key.as_str()).collect();
    keys.into_iter()
}

impl Partition {
    /// The resources, sorted by ID.
    pub fn resources(&self) -> &BTreeMap<Name, Resource> {
        &self.resources
    }

    fn insert_resource(&mut self, resource_id: &str, group: Option<&str>) -> Name {
        let id: Name = Name::from(resource_id);
        let group = group.map(|group| match self.groups.get_key_value(group) {
            Some((shared, _)) => shared.clone(),
            None => Name::from(group),
        });
        if let Some(group) = &group {
            self.groups
                .entry(group.clone())
                .or_default()
                .insert(id.clone());
        }
        self.resources.insert(
            id.clone(),
            Resource {
                group,
                tags: BTreeMap::new(),
                instance: None,
                lifecycle: None,
            },
        );
        id
    }

    /// Removes the resource and its index entries; the number of tags it had.
    fn remove_resource(&mut self, resource_id: &str) -> usize {
        let Some((id, resource)) = self.resources.remove_entry(resource_id) else {
            return 0;
        };
        for (key, value) in &resource.tags {
            self.unindex(&id, key, value);
        }
        if let Some(group) = &resource.group {
            if let Some(members) = self.groups.get_mut(group) {
                members.remove(&id);
                if members.is_empty() {
                    self.groups.remove(group);
                }
            }
        }
        resource.tags.len()
    }

    /// Sets one tag on an existing resource; `true` when the key is new to it.
    fn set_tag(&mut self, id: &Name, key: &str, value: &str) -> bool {
        if !self.resources.contains_key(id) {
            return false;
        }
        let key_index = match self.keys.get_key_value(key) {
            Some((shared, _)) => shared.clone(),
            None => Name::from(key),
        };
        let index = self.keys.entry(key_index.clone()).or_default();
        let value: Name = match index.values.get_key_value(value) {
            Some((shared, _)) => shared.clone(),
            None => Name::from(value),
        };
        let Some(resource) = self.resources.get_mut(id) else {
            return false;
        };
        let previous = resource.tags.insert(key_index.clone(), value.clone());
        if let Some(old) = &previous {
            if let Some(holders) = index.values.get_mut(old) {
                holders.remove(id);
                if holders.is_empty() {
                    index.values.remove(old);
                }
            }
        }
        index.resources.insert(id.clone());
        index.values.entry(value).or_default().insert(id.clone());
        previous.is_none()
    }

    /// Removes one tag; `true` when the resource had it.
    fn remove_tag(&mut self, id: &Name, key: &str) -> bool {
        let Some(resource) = self.resources.get_mut(id) else {
            return false;
        };
        let Some((key, value)) = resource.tags.remove_entry(key) else {
            return false;
        };
        self.unindex(id, &key, &value);
        true
    }

    fn unindex(&mut self, id: &Name, key: &str, value: &str) {
        let Some(index) = self.keys.get_mut(key) else {
            return;
        };
        index.resources.remove(id);
        if let Some(holders) = index.values.get_mut(value) {
            holders.remove(id);
            if holders.is_empty() {
                index.values.remove(value);
            }
        }
        if index.resources.is_empty() {
            self.keys.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn store_with(ids: &[&str]) -> Store {
        let mut store = Store::new();
        for id in ids {
            store.put_resource("cn-hangzhou", "instance", id, None, &BTreeMap::new());
        }
        store
    }

    #[test]
    fn regions_are_the_service_regions_and_seeded_ones() {
        let mut store = Store::new();
        assert!(store.knows_region("cn-hangzhou"));
        assert!(
            store.knows_region("cn-shanghai"),
            "a region the fallback rule covers, so not in the SDK's map"
        );
        assert!(!store.knows_region("xx-nowhere-1"));
        store.put_resource("xx-nowhere-1", "disk", "d-1", None, &BTreeMap::new());
        assert!(store.knows_region("xx-nowhere-1"));
        let regions = store.regions();
        assert!(regions.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(regions.iter().any(|region| region == "xx-nowhere-1"));
        assert_eq!(regions.len(), regions::service_regions().len() + 1);
    }

    #[test]
    fn tagging_an_existing_key_overwrites_its_value_and_the_index_follows() {
        let mut store = store_with(&["i-1"]);
        let ids = vec!["i-1".to_owned()];
        store
            .tag_resources("cn-hangzhou", "instance", &ids, &pairs(&[("env", "dev")]))
            .unwrap();
        store
            .tag_resources("cn-hangzhou", "instance", &ids, &pairs(&[("env", "prod")]))
            .unwrap();
        let partition = store.partition("cn-hangzhou", "instance").unwrap();
        assert_eq!(&*partition.resources()["i-1"].tags["env"], "prod");
        let index = &partition.keys["env"];
        assert!(!index.values.contains_key("dev"));
        assert!(index.values["prod"].contains("i-1"));
        assert_eq!(store.tag_count(), 1);
    }

    #[test]
    fn an_unknown_resource_refuses_the_whole_request() {
        let mut store = store_with(&["i-1"]);
        let ids = vec!["i-1".to_owned(), "i-404".to_owned()];
        let error = store
            .tag_resources("cn-hangzhou", "instance", &ids, &pairs(&[("a", "1")]))
            .unwrap_err();
        assert_eq!(
            error,
            WriteError::UnknownResource {
                resource_id: "i-404".to_owned()
            }
        );
        assert_eq!(store.tag_count(), 0, "i-1 must not have been tagged");
    }

    #[test]
    fn the_twenty_first_tag_is_refused_and_nothing_changes() {
        let mut store = Store::new();
        let twenty: BTreeMap<String, String> =
            (0..20).map(|n| (format!("k{n}"), "v".to_owned())).collect();
        store.put_resource("cn-hangzhou", "instance", "i-1", None, &twenty);
        let ids = vec!["i-1".to_owned()];
        // Overwriting an existing key adds nothing, so it is allowed.
        store
            .tag_resources("cn-hangzhou", "instance", &ids, &pairs(&[("k0", "w")]))
            .unwrap();
        let error = store
            .tag_resources(
                "cn-hangzhou",
                "instance",
                &ids,
                &pairs(&[("k1", "w"), ("new", "v")]),
            )
            .unwrap_err();
        assert!(matches!(error, WriteError::QuotaExceeded { .. }));
        let resource = &store
            .partition("cn-hangzhou", "instance")
            .unwrap()
            .resources()["i-1"];
        assert_eq!(&*resource.tags["k1"], "v");
        assert_eq!(store.tag_count(), 20);
    }

    #[test]
    fn untag_removes_named_keys_or_all_and_cleans_the_index() {
        let mut store = Store::new();
        store.put_resource(
            "cn-hangzhou",
            "instance",
            "i-1",
            None,
            &tags(&[("a", "1"), ("b", "2"), ("c", "3")]),
        );
        let ids = vec!["i-1".to_owned()];
        store
            .untag_resources(
                "cn-hangzhou",
                "instance",
                &ids,
                &["a".to_owned(), "missing".to_owned()],
                false,
            )
            .unwrap();
        assert_eq!(store.tag_count(), 2);
        store
            .untag_resources("cn-hangzhou", "instance", &ids, &[], true)
            .unwrap();
        assert_eq!(store.tag_count(), 0);
        let partition = store.partition("cn-hangzhou", "instance").unwrap();
        assert!(partition.keys.is_empty());
        assert!(partition.resources()["i-1"].tags.is_empty());
    }

    #[test]
    fn seeding_a_resource_again_replaces_its_tags_and_group() {
        let mut store = Store::new();
        store.put_resource(
            "cn-hangzhou",
            "instance",
            "i-1",
            Some("rg-1"),
            &tags(&[("a", "1"), ("b", "2")]),
        );
        store.put_resource(
            "cn-hangzhou",
            "instance",
            "i-1",
            Some("rg-2"),
            &tags(&[("c", "3")]),
        );
        let partition = store.partition("cn-hangzhou", "instance").unwrap();
        assert_eq!(store.tag_count(), 1);
        assert!(!partition.keys.contains_key("a"));
        assert!(!partition.groups.contains_key("rg-1"));
        assert!(partition.groups["rg-2"].contains("i-1"));
    }
}
