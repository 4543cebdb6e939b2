//! The digest of an assessment's content: what an approval binds to.
//!
//! The **canonical form, version 1** (`dpia-assessment/1`) is the RFC 8785
//! (JSON Canonicalization Scheme) serialisation of
//!
//! ```json
//! {"canonical": "dpia-assessment/1", "assessment": <the assessment>}
//! ```
//!
//! where `<the assessment>` is the model read from the file (so YAML
//! formatting, comments, anchors and key order do not matter; RFC 8785
//! sorts keys and fixes how strings and numbers are written), with:
//!
//! - the approvals themselves left out: `status`, `dates.approved` and the
//!   ICO step 7 rows of `sign_off` (`measures_approved_by`,
//!   `residual_risks_approved_by`, `dpo_advice`, `dpo_advice_response`,
//!   `consultation_responses_reviewed_by`, `kept_under_review_by`,
//!   `approvals`): recording an approval does not change what was approved;
//! - values that say nothing left out: `null`, empty lists and empty
//!   mappings (so a field a later dpia adds, absent from a file, does not
//!   change the digest of that file).
//!
//! The digest is `sha256:` and the SHA-256 of those bytes in lower-case
//! hex: `dpia digest --canonical FILE | sha256sum` recomputes it.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::model::assessment::Assessment;

/// The name and version of the canonical form.
pub const CANONICAL_FORM: &str = "dpia-assessment/1";

/// The parts of an assessment that record its approval, as JSON pointers:
/// not part of what is approved.
pub const APPROVALS: [&str; 9] = [
    "/status",
    "/dates/approved",
    "/sign_off/measures_approved_by",
    "/sign_off/residual_risks_approved_by",
    "/sign_off/dpo_advice",
    "/sign_off/dpo_advice_response",
    "/sign_off/consultation_responses_reviewed_by",
    "/sign_off/kept_under_review_by",
    "/sign_off/approvals",
];

/// The canonical bytes of an assessment's content.
#[must_use]
pub fn canonical(a: &Assessment) -> Vec<u8> {
    let mut model = serde_json::to_value(a).unwrap_or(Value::Null);
    for pointer in APPROVALS {
        remove(&mut model, pointer);
    }
    prune(&mut model, true);
    let wrapped = serde_json::json!({
        "canonical": CANONICAL_FORM,
        "assessment": model,
    });
    // RFC 8785 serialises any JSON value; the model has no float that is
    // not finite, the one thing it refuses.
    serde_json_canonicalizer::to_vec(&wrapped).unwrap_or_default()
}

/// `sha256:<64 hex>` of the canonical bytes.
#[must_use]
pub fn digest(a: &Assessment) -> String {
    digest_of(&canonical(a))
}

/// `sha256:<64 hex>` of some bytes.
#[must_use]
pub fn digest_of(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::from("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The short form a page footer shows: `sha256:` and the first 12 hex
/// digits.
#[must_use]
pub fn short(digest: &str) -> &str {
    digest.get(..7 + 12).unwrap_or(digest)
}

/// Removes the value at a JSON pointer, if there is one.
pub fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Value::Object(map)) = value.pointer_mut(parent) {
        map.shift_remove(key);
    }
}

/// Removes the nulls of mappings (a value not given is no key), and when
/// `empties`, empty lists and empty mappings too, innermost first: with
/// `empties`, what the canonical form leaves out.
pub fn prune(value: &mut Value, empties: bool) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                prune(v, empties);
            }
            map.retain(|_, v| match v {
                Value::Null => false,
                Value::Array(items) => !empties || !items.is_empty(),
                Value::Object(inner) => !empties || !inner.is_empty(),
                _ => true,
            });
        }
        Value::Array(items) => items.iter_mut().for_each(|v| prune(v, empties)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(yaml_json: Value) -> Assessment {
        serde_json::from_value(yaml_json).unwrap()
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_canonical_bytes() {
        let a = assessment(serde_json::json!({"id": "x", "title": "T", "status": "draft"}));
        let bytes = canonical(&a);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with(r#"{"assessment":{"#), "{text}");
        assert!(
            text.ends_with(r#""canonical":"dpia-assessment/1"}"#),
            "{text}"
        );
        let d = digest(&a);
        assert_eq!(d, digest_of(&bytes));
        assert_eq!(d.len(), 7 + 64);
        assert_eq!(short(&d).len(), 19);
        // SHA-256 of the empty string, a known answer.
        assert_eq!(
            digest_of(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn approvals_and_empty_values_do_not_change_it_content_does() {
        let base = serde_json::json!({"id": "x", "title": "T", "status": "draft"});
        let approved = serde_json::json!({
            "id": "x", "title": "T", "status": "approved",
            "dates": {"approved": "2024-02-01"},
            "sign_off": {"residual_risks_approved_by": {"name": "Sam Lee"}},
            "risks": []
        });
        assert_eq!(
            digest(&assessment(base.clone())),
            digest(&assessment(approved))
        );
        let changed = serde_json::json!({"id": "x", "title": "T2", "status": "draft"});
        assert_ne!(digest(&assessment(base)), digest(&assessment(changed)));
    }
}
