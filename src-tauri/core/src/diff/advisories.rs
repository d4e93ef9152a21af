//! Advisory changes between two snapshots' `advisories.json`, keyed by each record's `id` and
//! compared field by field without knowing the record's schema, so new fields diff as they come.
//!
//! The file may be a JSON array of records or an object holding that array under `advisories`
//! (or `records`). A snapshot without the file has no advisories.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{AdvisoryChanges, ChangedAdvisory, FieldChange};
use crate::{Error, Result};

/// The bundle file that carries the advisory records.
pub const ADVISORIES_FILE: &str = "advisories.json";

/// Added, removed and changed advisories from `old` to `new` (either may be absent).
pub fn diff_advisories(old: Option<&Value>, new: Option<&Value>) -> Result<AdvisoryChanges> {
    let old = records_by_id(old)?;
    let new = records_by_id(new)?;
    let mut changes = AdvisoryChanges::default();
    for (id, record) in &new {
        match old.get(id) {
            None => changes.added.push(id.clone()),
            Some(before) => {
                let values = changed_fields(before, record);
                if !values.is_empty() {
                    changes.changed.push(ChangedAdvisory {
                        id: id.clone(),
                        fields: values.iter().map(|v| v.field.clone()).collect(),
                        values,
                    });
                }
            }
        }
    }
    changes.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    Ok(changes)
}

fn records_by_id(file: Option<&Value>) -> Result<BTreeMap<String, &Map<String, Value>>> {
    let mut out = BTreeMap::new();
    let Some(file) = file else { return Ok(out) };
    let list = match file {
        Value::Array(list) => list,
        Value::Object(obj) => match obj.get("advisories").or_else(|| obj.get("records")) {
            Some(Value::Array(list)) => list,
            _ => return Err(damaged("it has no list of records")),
        },
        _ => return Err(damaged("it is neither a list nor an object")),
    };
    for (n, record) in list.iter().enumerate() {
        let Value::Object(fields) = record else {
            return Err(damaged(&format!("record {} is not an object", n + 1)));
        };
        let Some(id) = fields.get("id").and_then(Value::as_str) else {
            return Err(damaged(&format!("record {} has no text `id`", n + 1)));
        };
        if out.insert(id.to_string(), fields).is_some() {
            return Err(damaged(&format!("it lists `{id}` twice")));
        }
    }
    Ok(out)
}

fn damaged(why: &str) -> Error {
    Error::Bundle(format!(
        "{ADVISORIES_FILE} cannot be compared: {why}; rebuild the snapshot with this version of Palette Docs"
    ))
}

fn changed_fields(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<FieldChange> {
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let before = old.get(name).unwrap_or(&Value::Null);
            let after = new.get(name).unwrap_or(&Value::Null);
            (canonical(before) != canonical(after)).then(|| FieldChange {
                field: name.clone(),
                from: before.clone(),
                to: after.clone(),
            })
        })
        .collect()
}

/// A value with every list sorted, so a list that was only reordered (affected pairs, references)
/// does not count as changed. Object keys are already ordered by `serde_json`'s map.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(canonical).collect();
            items.sort_by_cached_key(Value::to_string);
            Value::Array(items)
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record(id: &str, status: &str) -> Value {
        json!({
            "id": id, "score": 7.5, "status": status, "last_update": "2026-11-01",
            "component": "etcd",
            "affected": [{"product": "Palette Enterprise", "version": "4.5"},
                         {"product": "Palette VerteX", "version": "4.5"}]
        })
    }

    #[test]
    fn added_removed_and_changed_status() {
        let old = json!([
            record("CVE-2026-0001", "Open"),
            record("CVE-2026-0002", "Open")
        ]);
        let mut changed = record("CVE-2026-0001", "Fixed");
        changed["affected"] = json!([{"product": "Palette VerteX", "version": "4.5"},
                                     {"product": "Palette Enterprise", "version": "4.5"}]);
        let new = json!({"advisories": [changed, record("GHSA-abcd-efgh-ijkl", "Open")]});
        let diff = diff_advisories(Some(&old), Some(&new)).expect("diff");
        assert_eq!(diff.added, ["GHSA-abcd-efgh-ijkl"]);
        assert_eq!(diff.removed, ["CVE-2026-0002"]);
        assert_eq!(diff.changed.len(), 1);
        assert_eq!(diff.changed[0].id, "CVE-2026-0001");
        // Only the status: the reordered affected list is the same set of pairs.
        assert_eq!(diff.changed[0].fields, ["status"]);
        assert_eq!(diff.changed[0].values[0].from, json!("Open"));
        assert_eq!(diff.changed[0].values[0].to, json!("Fixed"));
    }

    #[test]
    fn a_new_field_and_an_absent_file() {
        let old = json!([record("CVE-1", "Open")]);
        let mut with_field = record("CVE-1", "Open");
        with_field["epss"] = json!(0.2);
        let diff = diff_advisories(Some(&old), Some(&json!([with_field]))).expect("diff");
        assert_eq!(diff.changed[0].fields, ["epss"]);
        assert_eq!(diff.changed[0].values[0].from, Value::Null);

        let none = diff_advisories(None, None).expect("diff");
        assert!(none.is_empty());
        let all_new = diff_advisories(None, Some(&old)).expect("diff");
        assert_eq!(all_new.added, ["CVE-1"]);
    }

    #[test]
    fn damaged_files_are_refused_with_a_sentence() {
        for bad in [
            json!("text"),
            json!({"other": []}),
            json!([1]),
            json!([{"score": 1}]),
            json!([{"id": "A"}, {"id": "A"}]),
        ] {
            let err = diff_advisories(Some(&bad), None).expect_err("refused");
            assert!(err.to_string().contains("advisories.json"), "{err}");
        }
    }
}
