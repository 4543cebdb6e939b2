//! "Did you mean": the closest of a list of names to one the author
//! mistyped, for messages about unknown keys, values, ids, codes and
//! matrices.

/// The closest candidate to a mistyped name, if one is close enough.
/// Case, `-` versus `_`, and small typos are forgiven.
#[must_use]
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let normal = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let given_n = normal(given);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&given_n, &normal(candidate));
        // Short names (country codes, Art 6 points) are all one edit apart:
        // only forgive case and separators there.
        let length = candidate.chars().count();
        let allowed = if length <= 3 { 0 } else { (length / 3).max(1) };
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_forgive_case_and_separators() {
        assert_eq!(
            suggest("in_review", ["draft", "in-review"]),
            Some("in-review")
        );
        assert_eq!(suggest("Approved", ["approved"]), Some("approved"));
        assert_eq!(suggest("zzz", ["approved"]), None);
    }
}
