//! Answering a ListTagResources query over one partition, a page at a time.
//!
//! A query has up to two filters: the resource IDs (`ResourceId.N`), and one
//! selector (exact tags, a resource group, or fuzzy tag filters). A resource
//! matches when it passes both. The answer is rows of (resource, tag key,
//! tag value) ordered by resource ID and then tag key, so that paging can
//! resume after any row.
//!
//! Which rows a matched resource contributes follows Alibaba Cloud's tag
//! service: the query returns "the matching resources and the matching tags"
//! (the tag-service description of ListTagResources reads
//! 查询返回符合条件的资源及符合条件的标签的标签资源关系). So a query by tag returns
//! only the tags that matched, while a query by resource ID or by resource
//! group (which names no tag) returns every tag of each resource.
//!
//! To find matches quickly, the filter with the fewest candidates drives the
//! scan (the resource IDs, or an index set from the partition); the others are
//! checked on each candidate's own tags.

use std::collections::BTreeSet;
use std::ops::Bound;

use super::{Name, Partition, Resource};

/// A fuzzy query that matches more resources than this is refused, as the
/// reference page says fuzzy matching supports at most 5,000 results.
pub const FUZZY_RESULT_LIMIT: usize = 5000;

/// What ListTagResources asks for, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagQuery {
    /// Sorted and without duplicates; empty means no filter by ID.
    pub resource_ids: Vec<String>,
    pub selector: Selector,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// No filter besides the resource IDs: every tag of those resources.
    Everything,
    /// `Tag.N`: a resource must carry every pair; a key without a value
    /// matches any value.
    Tags(Vec<(String, Option<String>)>),
    /// `Tag.N.Key=acs:rm:rgId`: the resources in one (non-default) group.
    Group(String),
    /// `TagFilter.N`: a resource must match every filter.
    Fuzzy(Vec<FuzzyFilter>),
}

/// One `TagFilter.N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FuzzyFilter {
    /// `TagKey` alone: any tag whose key matches the pattern.
    Key(Pattern),
    /// `TagKey` and `TagValues`: a tag with exactly this key whose value
    /// matches any of the patterns.
    Value { key: String, patterns: Vec<Pattern> },
}

/// How one fuzzy term is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `env`
    Exact(String),
    /// `env*`
    Prefix(String),
    /// `*env*`
    Substring(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Exact,
    Prefix,
    Substring,
}

/// Why a `TagFilter.N` cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    /// A fuzzy key (`env*`) together with values: the page requires an exact
    /// key to match values.
    FuzzyKeyWithValues,
}

impl Pattern {
    /// Reads `env*` as a prefix, `*env*` as a substring and anything else
    /// (including `*env`, a style the page does not list) literally.
    pub fn parse(raw: &str) -> Pattern {
        let (style, term) = split_style(raw);
        Pattern::with_style(style, term)
    }

    fn with_style(style: Style, term: &str) -> Pattern {
        match style {
            Style::Exact => Pattern::Exact(term.to_owned()),
            Style::Prefix => Pattern::Prefix(term.to_owned()),
            Style::Substring => Pattern::Substring(term.to_owned()),
        }
    }

    pub fn matches(&self, text: &str) -> bool {
        match self {
            Pattern::Exact(term) => text == term,
            Pattern::Prefix(term) => text.starts_with(term.as_str()),
            Pattern::Substring(term) => text.contains(term.as_str()),
        }
    }

    /// Whether the pattern can only ever match one text.
    fn is_exact(&self) -> bool {
        matches!(self, Pattern::Exact(_))
    }
}

fn split_style(raw: &str) -> (Style, &str) {
    if raw.len() >= 2 && raw.starts_with('*') && raw.ends_with('*') {
        (Style::Substring, &raw[1..raw.len() - 1])
    } else if let Some(term) = raw.strip_suffix('*') {
        (Style::Prefix, term)
    } else {
        (Style::Exact, raw)
    }
}

impl FuzzyFilter {
    /// Builds a filter from `TagFilter.N.TagKey` and `TagFilter.N.TagValues`.
    ///
    /// "For the same TagKey, you can use only one search pattern. If you
    /// specify multiple patterns, the system uses only the first pattern"
    /// (同一个TagKey下只能用同一种搜索方式，如果设置了多个不同的搜索方式，则以第一个方式为准):
    /// the style of `TagValues.1` (prefix, substring or exact) is the style of
    /// every value of that key. Each value keeps its own term, with its own
    /// wildcards taken off: with `ops*`, `*dev*` and `qa`, the key matches
    /// values that start with `ops`, `dev` or `qa`.
    pub fn from_request(tag_key: &str, tag_values: &[String]) -> Result<FuzzyFilter, FilterError> {
        let Some(first) = tag_values.first() else {
            return Ok(FuzzyFilter::Key(Pattern::parse(tag_key)));
        };
        if !Pattern::parse(tag_key).is_exact() {
            return Err(FilterError::FuzzyKeyWithValues);
        }
        let (style, _) = split_style(first);
        let patterns = tag_values
            .iter()
            .map(|value| Pattern::with_style(style, split_style(value).1))
            .collect();
        Ok(FuzzyFilter::Value {
            key: tag_key.to_owned(),
            patterns,
        })
    }

    fn accepts(&self, key: &str, value: &str) -> bool {
        match self {
            FuzzyFilter::Key(pattern) => pattern.matches(key),
            FuzzyFilter::Value {
                key: wanted,
                patterns,
            } => key == wanted && patterns.iter().any(|pattern| pattern.matches(value)),
        }
    }
}

/// Where the previous page ended: its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub resource_id: String,
    pub tag_key: String,
}

/// One row of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub resource_id: Name,
    pub tag_key: Name,
    pub tag_value: Name,
}

/// One page of rows, and whether any row follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Row>,
    pub more: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryError {
    /// A fuzzy query matched more than [`FUZZY_RESULT_LIMIT`] resources.
    TooManyFuzzyMatches,
}

/// The resources that one filter allows, sorted by ID.
enum Candidates<'p> {
    Set(&'p BTreeSet<Name>),
    List(Vec<Name>),
}

impl Candidates<'_> {
    fn len(&self) -> usize {
        match self {
            Candidates::Set(set) => set.len(),
            Candidates::List(list) => list.len(),
        }
    }

    /// The IDs from `start` (inclusive) on, in order.
    fn starting_at<'c>(&'c self, start: Option<&str>) -> Box<dyn Iterator<Item = &'c Name> + 'c> {
        match (self, start) {
            (Candidates::Set(set), None) => Box::new(set.iter()),
            (Candidates::Set(set), Some(start)) => {
                Box::new(set.range::<str, _>((Bound::Included(start), Bound::Unbounded)))
            }
            (Candidates::List(list), start) => {
                let skip = start.map_or(0, |start| list.partition_point(|id| &**id < start));
                Box::new(list[skip..].iter())
            }
        }
    }
}

impl Partition {
    /// The page of rows after `after` (or the first page), at most
    /// `page_size` rows.
    pub fn query(
        &self,
        query: &TagQuery,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Result<Page, QueryError> {
        let Some(driver) = self.smallest_candidates(query) else {
            return Ok(Page {
                rows: Vec::new(),
                more: false,
            });
        };
        if let Selector::Fuzzy(_) = query.selector {
            // The limit counts every match, not one page, so a fuzzy query
            // collects all of them before it pages.
            let matched: Vec<Name> = driver
                .starting_at(None)
                .filter(|id| self.matches(query, id))
                .cloned()
                .collect();
            if matched.len() > FUZZY_RESULT_LIMIT {
                return Err(QueryError::TooManyFuzzyMatches);
            }
            let matched = Candidates::List(matched);
            return Ok(self.page(
                query,
                matched.starting_at(start_of(after)),
                after,
                page_size,
            ));
        }
        let matched = driver
            .starting_at(start_of(after))
            .filter(|id| self.matches(query, id));
        Ok(self.page(query, matched, after, page_size))
    }

    /// The filter that allows the fewest resources; `None` when some filter
    /// allows none at all.
    fn smallest_candidates(&self, query: &TagQuery) -> Option<Candidates<'_>> {
        let mut options: Vec<Candidates<'_>> = Vec::new();
        if !query.resource_ids.is_empty() {
            let known = query
                .resource_ids
                .iter()
                .filter_map(|id| self.resources.get_key_value(id.as_str()))
                .map(|(id, _)| id.clone())
                .collect();
            options.push(Candidates::List(known));
        }
        match &query.selector {
            Selector::Everything => {}
            Selector::Tags(pairs) => {
                for (key, value) in pairs {
                    let index = self.keys.get(key.as_str())?;
                    let holders = match value {
                        Some(value) => index.values.get(value.as_str())?,
                        None => &index.resources,
                    };
                    options.push(Candidates::Set(holders));
                }
            }
            Selector::Group(group) => {
                options.push(Candidates::Set(self.groups.get(group.as_str())?))
            }
            Selector::Fuzzy(filters) => {
                let mut cheapest: Option<(usize, Vec<&BTreeSet<Name>>)> = None;
                for filter in filters {
                    let sets = self.holders_of(filter);
                    let size = sets.iter().map(|set| set.len()).sum();
                    if cheapest.as_ref().is_none_or(|(best, _)| size < *best) {
                        cheapest = Some((size, sets));
                    }
                }
                if let Some((_, sets)) = cheapest {
                    let mut union: Vec<Name> = sets.into_iter().flatten().cloned().collect();
                    union.sort_unstable();
                    union.dedup();
                    options.push(Candidates::List(union));
                }
            }
        }
        options.into_iter().min_by_key(Candidates::len)
    }

    /// The index sets whose union is every resource a fuzzy filter accepts.
    fn holders_of(&self, filter: &FuzzyFilter) -> Vec<&BTreeSet<Name>> {
        match filter {
            FuzzyFilter::Key(pattern) => matching_entries(&self.keys, pattern)
                .map(|index| &index.resources)
                .collect(),
            FuzzyFilter::Value { key, patterns } => match self.keys.get(key.as_str()) {
                None => Vec::new(),
                Some(index) => patterns
                    .iter()
                    .flat_map(|pattern| matching_entries(&index.values, pattern))
                    .collect(),
            },
        }
    }

    fn matches(&self, query: &TagQuery, id: &str) -> bool {
        if !query.resource_ids.is_empty()
            && query
                .resource_ids
                .binary_search_by(|wanted| wanted.as_str().cmp(id))
                .is_err()
        {
            return false;
        }
        let Some(resource) = self.resources.get(id) else {
            return false;
        };
        match &query.selector {
            Selector::Everything => true,
            Selector::Tags(pairs) => pairs.iter().all(|(key, value)| {
                resource
                    .tags
                    .get(key.as_str())
                    .is_some_and(|actual| value.as_deref().is_none_or(|wanted| &**actual == wanted))
            }),
            Selector::Group(group) => resource.group.as_deref() == Some(group.as_str()),
            Selector::Fuzzy(filters) => filters.iter().all(|filter| {
                resource
                    .tags
                    .iter()
                    .any(|(key, value)| filter.accepts(key, value))
            }),
        }
    }

    /// The rows of the matched resources, from just after `after`.
    fn page<'m>(
        &self,
        query: &TagQuery,
        matched: impl Iterator<Item = &'m Name>,
        after: Option<&Cursor>,
        page_size: usize,
    ) -> Page {
        let mut rows = Vec::with_capacity(page_size.min(1024));
        for id in matched {
            let Some(resource) = self.resources.get(id) else {
                continue;
            };
            for (key, value) in rows_of(query, resource) {
                if let Some(after) = after {
                    if **id == *after.resource_id && **key <= *after.tag_key {
                        continue;
                    }
                }
                if rows.len() == page_size {
                    return Page { rows, more: true };
                }
                rows.push(Row {
                    resource_id: id.clone(),
                    tag_key: key.clone(),
                    tag_value: value.clone(),
                });
            }
        }
        Page { rows, more: false }
    }
}

fn start_of(after: Option<&Cursor>) -> Option<&str> {
    after.map(|cursor| cursor.resource_id.as_str())
}

/// The tags of a matched resource that the answer shows: those that matched,
/// or all of them when the query named no tag.
fn rows_of<'r>(
    query: &'r TagQuery,
    resource: &'r Resource,
) -> impl Iterator<Item = (&'r Name, &'r Name)> + 'r {
    resource
        .tags
        .iter()
        .filter(move |(key, value)| match &query.selector {
            Selector::Everything | Selector::Group(_) => true,
            Selector::Tags(pairs) => pairs.iter().any(|(wanted, _)| wanted.as_str() == &***key),
            Selector::Fuzzy(filters) => filters.iter().any(|filter| filter.accepts(key, value)),
        })
}

/// The values of the map entries whose key the pattern matches.
fn matching_entries<'m, V>(
    map: &'m std::collections::BTreeMap<Name, V>,
    pattern: &Pattern,
) -> Box<dyn Iterator<Item = &'m V> + 'm> {
    match pattern {
        Pattern::Exact(term) => Box::new(map.get(term.as_str()).into_iter()),
        Pattern::Prefix(term) => {
            let term = term.clone();
            Box::new(
                map.range::<str, _>((Bound::Included(term.as_str()), Bound::Unbounded))
                    .take_while(move |(key, _)| key.starts_with(term.as_str()))
                    .map(|(_, value)| value),
            )
        }
        Pattern::Substring(term) => {
            let term = term.clone();
            Box::new(
                map.iter()
                    .filter(move |(key, _)| key.contains(term.as_str()))
                    .map(|(_, value)| value),
            )
        }
    }
}
