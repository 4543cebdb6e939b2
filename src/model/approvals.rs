//! Signed approvals: what `<id>.approvals.yaml` records beside an
//! assessment, who may sign which sign-off role, and what checking an
//! approval against the content as it is now finds.
//!
//! An approval is an SSH signature (SSHSIG, as `ssh-keygen -Y sign` makes
//! it, namespace [`NAMESPACE`]) over the assessment's canonical content
//! ([`crate::model::digest`]). The file keeps, for each digest approved, the
//! canonical content itself (`content:`), so that an approval given for
//! content that has changed since can still be verified, and the change
//! shown. This module reads no file: the pipeline hands it the approvals
//! file's typed value and the project hands it the allowed-signers text.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use ssh_key::public::KeyData;
use ssh_key::{HashAlg, PublicKey, SshSig};

use crate::model::digest::{CANONICAL_FORM, digest_of};

/// The SSHSIG namespace of dpia's approvals.
pub const NAMESPACE: &str = "dpia";

/// The sign-off roles every project has: the rows of the ICO DPIA
/// template's step 7, each with the `sign_off` key that records it by hand.
pub const BUILT_IN_ROLES: [(&str, &str); 6] = [
    ("measures", "measures_approved_by"),
    ("residual-risks", "residual_risks_approved_by"),
    ("dpo-advice", "dpo_advice"),
    ("dpo-advice-response", "dpo_advice_response"),
    (
        "consultation-responses",
        "consultation_responses_reviewed_by",
    ),
    ("kept-under-review", "kept_under_review_by"),
];

/// The name of an assessment's approvals file, beside it.
#[must_use]
pub fn file_name(id: &str) -> String {
    format!("{id}.approvals.yaml")
}

/// An approvals file as written by `dpia sign`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalsFile {
    /// Each approval, in the order it was given.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The canonical content each digest was computed from, as JSON (the
    /// canonical bytes, laid out over lines to read and compare).
    #[serde(default)]
    pub content: IndexMap<String, String>,
}

/// One signed approval.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The sign-off role approved.
    pub role: String,
    /// The signer's name, as reports show it.
    pub name: String,
    /// The signer's principal, as the allowed-signers file names them.
    pub principal: String,
    /// The day of the approval (`YYYY-MM-DD`).
    pub date: String,
    /// The digest of the content approved.
    pub digest: String,
    /// The canonical form the digest was computed in.
    pub form: String,
    /// The SHA-256 fingerprint of the signing key (`SHA256:...`).
    pub key: String,
    /// The SSH signature over the canonical content, armoured
    /// (`-----BEGIN SSH SIGNATURE-----`).
    pub signature: String,
    /// The SSH signature, by the same key, over the approval's statement
    /// ([`statement`]): what binds the role, the signer and the date.
    pub statement_signature: String,
}

/// The name and version of an approval's statement.
pub const STATEMENT_FORM: &str = "dpia-approval/1";

/// The statement an approval's second signature covers: the RFC 8785 JSON
/// of `{"statement": "dpia-approval/1", "role", "name", "principal",
/// "date", "digest", "form"}`. The signature over the content alone binds
/// no role: without this one, an approval of the measures could be
/// relabelled as one of the residual risks, or its date moved.
#[must_use]
pub fn statement(a: &Approval) -> Vec<u8> {
    let value = serde_json::json!({
        "statement": STATEMENT_FORM,
        "role": a.role,
        "name": a.name,
        "principal": a.principal,
        "date": a.date,
        "digest": a.digest,
        "form": a.form,
    });
    serde_json_canonicalizer::to_vec(&value).unwrap_or_default()
}

/// What checking one approval found, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The signature does not verify, or the record does not match it.
    BadSignature,
    /// The signature verifies, but its signer may not sign this role.
    NotAllowed,
    /// A good signature given for other content: the content changed since.
    OtherContent,
    /// The signature verifies over the content as it is now.
    Verified,
}

impl Status {
    /// The status's id, as JSON output and the report's catalogue keys
    /// name it.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Status::BadSignature => "bad-signature",
            Status::NotAllowed => "not-allowed",
            Status::OtherContent => "other-content",
            Status::Verified => "verified",
        }
    }

    /// The status in a few English words, for the terminal.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Status::BadSignature => "bad signature",
            Status::NotAllowed => "signer not allowed for the role",
            Status::OtherContent => "signed for other content: the content changed since",
            Status::Verified => "verified",
        }
    }
}

/// One approval, checked.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The approval as recorded.
    pub approval: Approval,
    /// Its position in the file's `approvals` list.
    pub index: usize,
    /// What checking found.
    pub status: Status,
    /// Why, when it is not verified, in a sentence.
    pub why: Option<String>,
    /// The field of the record a finding points at: the one that fails
    /// (`signature`, `statement_signature`, `key`, `form`, `principal`,
    /// `role`), or `digest` for an approval of other content.
    pub at: &'static str,
    /// Whether a later approval of the same role verifies over the content
    /// as it is now: this one is then history.
    pub superseded: bool,
    /// What changed since the content it was given for, worded (for
    /// an approval of other content whose content is kept).
    pub changed: Vec<String>,
    /// The canonical bytes it was given for, when they differ from the
    /// current content and the file keeps them (verified against the
    /// signature and the digest).
    pub approved_content: Option<Vec<u8>>,
}

/// An assessment's signed approvals, read and checked.
#[derive(Debug, Clone)]
pub struct Record {
    /// The approvals file in the run's sources.
    pub file: crate::source::FileId,
    /// Its path, as messages show it.
    pub shown: String,
    /// The digest of the assessment's content as it is now.
    pub digest: String,
    /// Each approval, checked, in the file's order.
    pub approvals: Vec<Checked>,
}

impl Record {
    /// The record of approvals checked one by one: each marks whether a
    /// later approval of its role verifies.
    #[must_use]
    pub fn new(
        file: crate::source::FileId,
        shown: String,
        digest: String,
        mut approvals: Vec<Checked>,
    ) -> Record {
        for i in 0..approvals.len() {
            let role = approvals[i].approval.role.clone();
            approvals[i].superseded = approvals[i + 1..]
                .iter()
                .any(|later| later.approval.role == role && later.status == Status::Verified);
        }
        Record {
            file,
            shown,
            digest,
            approvals,
        }
    }

    /// The approvals of a role, in the file's order.
    pub fn of_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Checked> + 'a {
        self.approvals
            .iter()
            .filter(move |c| c.approval.role == role)
    }

    /// Whether the role has an approval that verifies over the content as
    /// it is now.
    #[must_use]
    pub fn verified(&self, role: &str) -> bool {
        self.of_role(role).any(|c| c.status == Status::Verified)
    }
}

/// Who may sign: the project's allowed signers and its roles.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The allowed-signers file, when the project names one.
    pub signers: Option<AllowedSigners>,
    /// The roles the project defines or restricts, by id.
    pub roles: IndexMap<String, RolePolicy>,
}

/// One role's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RolePolicy {
    /// The row's title, as the report shows it (a project's own role).
    pub title: Option<String>,
    /// The principals that may sign it (OpenSSH patterns: `*`, `?`, `!`);
    /// anyone the allowed-signers file lists when empty.
    #[serde(default)]
    pub principals: Vec<String>,
}

impl Policy {
    /// Whether the project knows the role: one of the built-in rows or
    /// one of its own.
    #[must_use]
    pub fn knows(&self, role: &str) -> bool {
        BUILT_IN_ROLES.iter().any(|(id, _)| *id == role) || self.roles.contains_key(role)
    }

    /// Every role, built-in first, then the project's own in its order.
    #[must_use]
    pub fn role_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = BUILT_IN_ROLES.iter().map(|(id, _)| *id).collect();
        for id in self.roles.keys() {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids
    }

    /// Why `principal` may not sign `role` with `key` on `date`; `None`
    /// when they may.
    #[must_use]
    pub fn refusal(
        &self,
        role: &str,
        principal: &str,
        key: &KeyData,
        date: &str,
    ) -> Option<String> {
        if !self.knows(role) {
            return Some(format!("the project defines no sign-off role `{role}`"));
        }
        if let Some(signers) = &self.signers
            && !signers.allows(principal, key, date)
        {
            return Some(format!(
                "the allowed-signers file does not list this key for `{principal}` (namespace `{NAMESPACE}`, on {date})"
            ));
        }
        if let Some(policy) = self.roles.get(role)
            && !policy.principals.is_empty()
            && !policy.principals.iter().any(|p| matches_list(p, principal))
        {
            return Some(format!(
                "`{principal}` may not sign `{role}`: the project allows {}",
                policy
                    .principals
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        None
    }
}

/// Checks one approval against the current content (`bytes`, whose digest
/// is `digest`), the content the file keeps, and who may sign.
#[must_use]
pub fn check(
    approval: &Approval,
    index: usize,
    bytes: &[u8],
    digest: &str,
    kept: &IndexMap<String, String>,
    policy: &Policy,
) -> Checked {
    let verdict = |status: Status,
                   at: &'static str,
                   why: Option<String>,
                   approved_content: Option<Vec<u8>>| Checked {
        approval: approval.clone(),
        index,
        status,
        at,
        why,
        superseded: false,
        changed: Vec::new(),
        approved_content,
    };
    let bad =
        |at: &'static str, why: &str| verdict(Status::BadSignature, at, Some(why.to_owned()), None);
    if approval.form != CANONICAL_FORM {
        return bad("form", "it names a canonical form this dpia does not know");
    }
    let Ok(sig) = SshSig::from_pem(approval.signature.trim()) else {
        return bad("signature", "the signature is not an SSH signature");
    };
    if sig.namespace() != NAMESPACE {
        return bad(
            "signature",
            "the signature was made for another namespace than `dpia`",
        );
    }
    let key = PublicKey::from(sig.public_key().clone());
    if key.fingerprint(HashAlg::Sha256).to_string() != approval.key {
        return bad(
            "key",
            "the signature was made with another key than the one recorded",
        );
    }
    let statement_holds = SshSig::from_pem(approval.statement_signature.trim())
        .ok()
        .filter(|s| s.namespace() == NAMESPACE && s.public_key() == sig.public_key())
        .is_some_and(|s| key.verify(NAMESPACE, &statement(approval), &s).is_ok());
    if !statement_holds {
        return bad(
            "statement_signature",
            "its role, signer, date or digest is not what was signed: the record was edited",
        );
    }
    let (signed, approved_content) = if approval.digest == digest {
        (bytes.to_vec(), None)
    } else {
        let Some(text) = kept.get(&approval.digest) else {
            // The content approved is not kept: the signature cannot be
            // checked, only that it is not for the content as it is now.
            if key.verify(NAMESPACE, bytes, &sig).is_ok() {
                return bad(
                    "digest",
                    "the signature is for the content as it is now, the record names another digest",
                );
            }
            return verdict(
                Status::OtherContent,
                "digest",
                Some("the content approved is not kept in the approvals file".to_owned()),
                None,
            );
        };
        let Some(old) = canonical_bytes(text) else {
            return bad(
                "digest",
                "the content kept for its digest is not canonical JSON",
            );
        };
        if digest_of(&old) != approval.digest {
            return bad(
                "digest",
                "the content kept for its digest does not have that digest",
            );
        }
        (old.clone(), Some(old))
    };
    if key.verify(NAMESPACE, &signed, &sig).is_err() {
        return bad(
            "signature",
            "the signature does not verify over the content it names",
        );
    }
    if let Some(why) = policy.refusal(
        &approval.role,
        &approval.principal,
        sig.public_key(),
        &approval.date,
    ) {
        let at = if policy.knows(&approval.role) {
            "principal"
        } else {
            "role"
        };
        return verdict(Status::NotAllowed, at, Some(why), approved_content);
    }
    if approved_content.is_some() {
        return verdict(Status::OtherContent, "digest", None, approved_content);
    }
    verdict(Status::Verified, "digest", None, None)
}

/// The canonical bytes of content kept as JSON: parsed and serialised
/// again in RFC 8785 form (a no-op on bytes that were canonical).
#[must_use]
pub fn canonical_bytes(json: &str) -> Option<Vec<u8>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    serde_json_canonicalizer::to_vec(&value).ok()
}

/// Canonical bytes laid out over lines for the approvals file: indented
/// JSON, with the characters YAML does not allow in its text (and those
/// some readers take as line breaks) written as JSON escapes.
#[must_use]
pub fn kept_text(canonical: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(canonical).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut out = String::with_capacity(pretty.len());
    for c in pretty.chars() {
        let code = u32::from(c);
        let unsafe_in_yaml = (0x7f..=0x9f).contains(&code)
            || matches!(code, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff);
        if unsafe_in_yaml {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// An allowed-signers file, in the format of `ssh-keygen -Y verify` and
/// git (`gpg.ssh.allowedSignersFile`): one key per line, after the
/// principals it may sign as and any options.
#[derive(Debug, Clone, Default)]
pub struct AllowedSigners {
    /// The keys listed, in order.
    pub entries: Vec<Signer>,
}

/// One line of an allowed-signers file.
#[derive(Debug, Clone)]
pub struct Signer {
    /// The principals' patterns, comma-separated as written.
    pub principals: String,
    /// `namespaces="..."`: the namespaces the key may sign in, when limited.
    pub namespaces: Option<String>,
    /// `valid-after=`, as `YYYYMMDD`.
    pub valid_after: Option<String>,
    /// `valid-before=`, as `YYYYMMDD`.
    pub valid_before: Option<String>,
    /// `cert-authority`: the key certifies others (dpia does not verify
    /// certificates, so such a line allows no signature).
    pub cert_authority: bool,
    /// The public key.
    pub key: KeyData,
}

/// A line of an allowed-signers file that is not understood: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignersError {
    /// Byte range of the line.
    pub range: std::ops::Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl AllowedSigners {
    /// Parses the file's text; every line not understood is an error.
    pub fn parse(text: &str) -> Result<AllowedSigners, Vec<SignersError>> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let range = start..start + raw.trim_end().len();
            start += raw.len();
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match Signer::parse(line) {
                Ok(signer) => entries.push(signer),
                Err(message) => errors.push(SignersError { range, message }),
            }
        }
        if errors.is_empty() {
            Ok(AllowedSigners { entries })
        } else {
            Err(errors)
        }
    }

    /// Whether some line lists `key` for `principal`, in dpia's namespace,
    /// valid on `date` (`YYYY-MM-DD`).
    #[must_use]
    pub fn allows(&self, principal: &str, key: &KeyData, date: &str) -> bool {
        let day: String = date.chars().filter(char::is_ascii_digit).collect();
        self.entries.iter().any(|s| {
            !s.cert_authority
                && s.key == *key
                && matches_list(&s.principals, principal)
                && s.namespaces
                    .as_deref()
                    .is_none_or(|n| matches_list(n, NAMESPACE))
                && s.valid_after.as_deref().is_none_or(|a| day.as_str() >= a)
                && s.valid_before.as_deref().is_none_or(|b| day.as_str() < b)
        })
    }
}

impl Signer {
    fn parse(line: &str) -> Result<Signer, String> {
        let mut fields = Fields(line);
        let principals = fields.next().ok_or("no principals")?;
        let mut next = fields.next().ok_or("no key after the principals")?;
        let mut signer = Signer {
            principals: unquote(&principals),
            namespaces: None,
            valid_after: None,
            valid_before: None,
            cert_authority: false,
            key: KeyData::Ed25519(ssh_key::public::Ed25519PublicKey([0; 32])),
        };
        if !is_key_type(&next) {
            for option in split_options(&next) {
                let (name, value) = match option.split_once('=') {
                    Some((n, v)) => (n.to_ascii_lowercase(), Some(unquote(v))),
                    None => (option.to_ascii_lowercase(), None),
                };
                match (name.as_str(), value) {
                    ("cert-authority", None) => signer.cert_authority = true,
                    ("namespaces", Some(v)) => signer.namespaces = Some(v),
                    ("valid-after", Some(v)) => signer.valid_after = Some(day_of(&v)?),
                    ("valid-before", Some(v)) => signer.valid_before = Some(day_of(&v)?),
                    _ => return Err(format!("unknown option `{option}`")),
                }
            }
            next = fields.next().ok_or("no key after the options")?;
        }
        let blob = fields.next().ok_or("no key after its type")?;
        let key = PublicKey::from_openssh(&format!("{next} {blob}"))
            .map_err(|e| format!("the key is not an OpenSSH public key: {e}"))?;
        signer.key = key.key_data().clone();
        Ok(signer)
    }
}

/// The whitespace-separated fields of a line, a double-quoted stretch
/// being part of its field.
struct Fields<'a>(&'a str);

impl Iterator for Fields<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let rest = self.0.trim_start();
        if rest.is_empty() {
            return None;
        }
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c.is_whitespace()
            })
            .map_or(rest.len(), |(i, _)| i);
        self.0 = &rest[end..];
        Some(rest[..end].to_owned())
    }
}

fn is_key_type(field: &str) -> bool {
    field.starts_with("ssh-") || field.starts_with("ecdsa-") || field.starts_with("sk-")
}

/// Options separated by commas outside double quotes.
fn split_options(field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in field.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == ',' && !quoted {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    out.push(current);
    out
}

fn unquote(s: &str) -> String {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
        .to_owned()
}

/// The day of an OpenSSH time (`YYYYMMDD[HHMM[SS]][Z]`), as `YYYYMMDD`.
fn day_of(time: &str) -> Result<String, String> {
    let digits = time.trim_end_matches(['Z', 'z']);
    if digits.len() >= 8 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits[..8].to_owned())
    } else {
        Err(format!("`{time}` is not a time (YYYYMMDD[HHMM[SS]])"))
    }
}

/// OpenSSH's pattern lists: comma-separated patterns with `*` and `?`; a
/// pattern led by `!` that matches refuses whatever else matches.
#[must_use]
pub fn matches_list(list: &str, name: &str) -> bool {
    let mut found = false;
    for pattern in list.split(',').map(str::trim) {
        if let Some(negated) = pattern.strip_prefix('!') {
            if matches_glob(negated, name) {
                return false;
            }
        } else if matches_glob(pattern, name) {
            found = true;
        }
    }
    found
}

fn matches_glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative wildcard matching with one backtrack point: linear in
    // practice, never exponential.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXUyqp1ZXsGBtRptWYZ/HqFZ2vkn9gl6WsCqY3f0HJ4";

    #[test]
    fn patterns_match_as_openssh_does() {
        assert!(matches_list("dpo@example.org", "dpo@example.org"));
        assert!(matches_list("*@example.org", "siro@example.org"));
        assert!(matches_list("a@x,?po@example.org", "dpo@example.org"));
        assert!(!matches_list(
            "*@example.org,!intern@example.org",
            "intern@example.org"
        ));
        assert!(!matches_list("*@example.org", "dpo@example.org.evil"));
        assert!(matches_list("*", "anyone"));
        assert!(!matches_list("", "anyone"));
    }

    #[test]
    fn allowed_signers_lines_are_read_with_their_options() {
        let text = format!(
            "# who may sign\n\
             dpo@example.org {KEY} dpo\n\
             \"siro@example.org,risk@example.org\" namespaces=\"git,dpia\",valid-after=\"20260101\" {KEY}\n\
             *@other.org namespaces=\"git\" {KEY}\n\
             ca@example.org cert-authority {KEY}\n"
        );
        let signers = AllowedSigners::parse(&text).unwrap();
        assert_eq!(signers.entries.len(), 4);
        let key = PublicKey::from_openssh(KEY).unwrap().key_data().clone();
        assert!(signers.allows("dpo@example.org", &key, "2020-01-01"));
        assert!(signers.allows("risk@example.org", &key, "2026-01-01"));
        assert!(
            !signers.allows("risk@example.org", &key, "2025-12-31"),
            "before valid-after"
        );
        assert!(
            !signers.allows("x@other.org", &key, "2026-01-01"),
            "namespace git only"
        );
        assert!(
            !signers.allows("ca@example.org", &key, "2026-01-01"),
            "a CA key signs nothing itself"
        );
        assert!(!signers.allows("nobody@example.org", &key, "2026-01-01"));
    }

    #[test]
    fn a_line_not_understood_is_located() {
        let errors = AllowedSigners::parse(&format!("dpo@x {KEY}\nbroken\nx@y nonsense=1 {KEY}\n"))
            .unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| e.range.clone()).collect();
        let first = format!("dpo@x {KEY}\n").len();
        assert_eq!(lines[0], first..first + 6);
        assert!(errors[1].message.contains("unknown option"), "{errors:?}");
    }

    #[test]
    fn kept_content_is_yaml_safe_and_canonical_again() {
        let value = serde_json::json!({"a": "line\u{2028}sep \u{85} del\u{7f} é", "b": [1, 2.5]});
        let bytes = serde_json_canonicalizer::to_vec(&value).unwrap();
        let kept = kept_text(&bytes);
        assert!(!kept.contains('\u{2028}') && !kept.contains('\u{85}') && !kept.contains('\u{7f}'));
        assert!(kept.contains('é'));
        assert_eq!(canonical_bytes(&kept).unwrap(), bytes);
    }
}
