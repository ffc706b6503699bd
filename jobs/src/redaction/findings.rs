//! What a pass removed (the audit rows' content) and the tags it adds.

use super::*;

/// What one pass removed, by entity type (`None`: all content): the audit rows' content.
#[derive(Default)]
pub(super) struct Findings(pub(super) BTreeMap<Option<EntityType>, Found>);

#[derive(Default)]
pub(super) struct Found {
    pub(super) count: i32,
    pub(super) locations: Vec<Value>,
}

impl Findings {
    /// `entity` `None` for full redaction.
    pub(super) fn add(&mut self, entity: Option<EntityType>, count: i32, locations: Vec<Value>) {
        let found = self.0.entry(entity).or_default();
        found.count += count;
        found.locations.extend(locations);
    }

    /// (entity type name, what was found), in [`EntityType`] order, `ALL` last.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&'static str, &Found)> {
        let mut all: Vec<_> = self.0.iter().collect();
        all.sort_by_key(|(entity, _)| (entity.is_none(), **entity));
        all.into_iter()
            .map(|(entity, found)| (entity.map_or(ALL_ENTITIES, EntityType::as_str), found))
    }

    pub(super) fn names(&self) -> impl Iterator<Item = &'static str> {
        self.iter().map(|(name, _)| name)
    }
}

/// The row's tags plus one per type found (existing order kept, no duplicates).
pub(super) fn merged_tags(existing: &Value, findings: &Findings) -> Value {
    let mut tags: Vec<Value> = match existing {
        Value::Array(list) => list.clone(),
        _ => Vec::new(),
    };
    for entity_type in findings.names() {
        let new = EntityType::parse(entity_type).map_or(ERASED_TAG, tag);
        if !tags.iter().any(|t| t.as_str() == Some(new)) {
            tags.push(Value::from(new));
        }
    }
    Value::Array(tags)
}
