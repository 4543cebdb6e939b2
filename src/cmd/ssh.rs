//! The key `dpia sign` signs with: an OpenSSH private key file, or a
//! public key whose private half an ssh-agent holds, reached at
//! `SSH_AUTH_SOCK` by the agent protocol (draft-miller-ssh-agent: the
//! identities request, to find the key, and the sign request). Either way
//! the result is the SSHSIG `ssh-keygen -Y sign` makes: SHA-512 of the
//! message, and for RSA the signature `rsa-sha2-512`.
//!
//! An agent is another program, so every answer is bounded
//! ([`MAX_MESSAGE`]) and timed ([`LIST_WITHIN`], [`SIGN_WITHIN`]): a hung
//! or hostile agent costs dpia an error, never a hang or its memory. A
//! signature from an agent is verified with the key before dpia keeps it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ssh_key::private::{KeypairData, RsaKeypair};
use ssh_key::{Algorithm, HashAlg, Mpint, PrivateKey, PublicKey, Signature, SshSig};

/// The largest key file read, and the largest message taken from an
/// agent (a list of keys or a signature; OpenSSH's own agent refuses
/// messages over 256 KiB too).
pub const MAX_MESSAGE: usize = 256 * 1024;

/// How long an agent may take to list its keys.
pub const LIST_WITHIN: Duration = Duration::from_secs(5);

/// How long an agent may take to sign: longer than a list, as an agent may
/// first ask its user (`ssh-add -c` confirms each use; a security key
/// waits for a touch).
pub const SIGN_WITHIN: Duration = Duration::from_secs(30);

/// The hash of every signature dpia makes (OpenSSH's default for SSHSIG).
const HASH: HashAlg = HashAlg::Sha512;

/// The smallest RSA key dpia signs with (ssh-key's own floor).
const RSA_MIN_BITS: usize = 2048;

/// A key that signs approvals.
pub enum Signer {
    /// An unprotected private key file, read whole.
    File(Box<PrivateKey>),
    /// A key an ssh-agent holds: the agent's socket and the public key.
    Agent {
        /// The agent's socket (`SSH_AUTH_SOCK`).
        socket: PathBuf,
        /// The key, with the comment of its `.pub` file (or else the
        /// agent's).
        key: PublicKey,
    },
}

/// Names the key by its fingerprint: a private key is never printed.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let route = match self {
            Signer::File(_) => "File",
            Signer::Agent { .. } => "Agent",
        };
        let fingerprint = self.public_key().fingerprint(HashAlg::Sha256);
        write!(f, "Signer::{route}({fingerprint})")
    }
}

impl Signer {
    /// The signer `--key` names: an OpenSSH private key file, or a public
    /// key (a `.pub` file) whose private half the agent at `SSH_AUTH_SOCK`
    /// holds. The agent is asked now, so that a key it does not hold is
    /// an error before anything else is done.
    pub fn open(path: &Path) -> Result<Signer, String> {
        let shown = path.display();
        let text = read_bounded(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        let through_agent = format!(
            "load it into an ssh-agent (`ssh-add {shown}`) and pass its public key (`--key {shown}.pub`)"
        );
        match PrivateKey::from_openssh(&text) {
            Ok(key) if key.is_encrypted() => {
                return Err(format!(
                    "`{shown}` is protected by a passphrase, which dpia does not ask for: {through_agent}"
                ));
            }
            Ok(key) => return Ok(Signer::File(Box::new(key))),
            // A private key in another format (PEM), or one the SSH library
            // cannot read (ssh-key 0.6 refuses an ECDSA key whose secret
            // has a leading zero byte: half of all P-521 keys); an agent
            // reads them all.
            Err(e)
                if text.trim_start().starts_with("-----BEGIN ")
                    && text.contains(" PRIVATE KEY-----") =>
            {
                return Err(format!(
                    "`{shown}` is a private key dpia cannot read ({e}): {through_agent}"
                ));
            }
            Err(_) => {}
        }
        let Ok(mut key) = PublicKey::from_openssh(text.trim()) else {
            return Err(format!(
                "`{shown}` is not an OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`), nor a public key whose private half an ssh-agent holds (`ssh-add` the key and pass its `.pub`)"
            ));
        };
        let socket = match std::env::var_os("SSH_AUTH_SOCK") {
            Some(socket) if !socket.is_empty() => PathBuf::from(socket),
            _ => {
                return Err(format!(
                    "`{shown}` is a public key: dpia signs with it through an ssh-agent holding its private half, and no agent is running here (SSH_AUTH_SOCK is not set): start one (`eval \"$(ssh-agent)\"`), add the key (`ssh-add`) and sign again"
                ));
            }
        };
        let blob = key
            .to_bytes()
            .map_err(|e| format!("`{shown}` cannot be sent to an agent: {e}"))?;
        let held = agent::identities(&socket, LIST_WITHIN)?;
        let Some((_, comment)) = held.into_iter().find(|(b, _)| *b == blob) else {
            return Err(format!(
                "the ssh-agent at SSH_AUTH_SOCK does not hold the private half of `{shown}` ({}): add it (`ssh-add` its private key file) and sign again",
                key.fingerprint(HashAlg::Sha256)
            ));
        };
        if key.comment().trim().is_empty() {
            key.set_comment(comment);
        }
        Ok(Signer::Agent { socket, key })
    }

    /// The public key, as a signature carries it.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        match self {
            Signer::File(key) => key.public_key().clone(),
            Signer::Agent { key, .. } => key.clone(),
        }
    }

    /// The key's comment (by custom the owner's address).
    #[must_use]
    pub fn comment(&self) -> &str {
        match self {
            Signer::File(key) => key.comment(),
            Signer::Agent { key, .. } => key.comment(),
        }
    }

    /// An SSH signature of `msg` in `namespace`, as `ssh-keygen -Y sign -n
    /// NAMESPACE` makes it.
    ///
    /// The signature is verified with the public key before it is
    /// returned: dpia records no approval that does not verify.
    pub fn sign(&self, namespace: &str, msg: &[u8]) -> Result<SshSig, String> {
        let sig = match self {
            Signer::File(key) => match key.key_data() {
                KeypairData::Rsa(pair) => sign_rsa(pair, key.public_key(), namespace, msg)?,
                _ => key
                    .sign(namespace, HASH, msg)
                    .map_err(|e| format!("the key cannot sign: {e}"))?,
            },
            Signer::Agent { socket, key } => {
                let fingerprint = key.fingerprint(HashAlg::Sha256);
                let data = SshSig::signed_data(namespace, HASH, msg).map_err(|e| e.to_string())?;
                let blob = key.to_bytes().map_err(|e| e.to_string())?;
                let rsa = matches!(key.algorithm(), Algorithm::Rsa { .. });
                let flags = if rsa { agent::RSA_SHA2_512 } else { 0 };
                let signature = agent::sign(socket, &blob, &data, flags, SIGN_WITHIN)?;
                if rsa && signature.algorithm() != (Algorithm::Rsa { hash: Some(HASH) }) {
                    return Err(format!(
                        "the ssh-agent signed with {fingerprint} as {}, not rsa-sha2-512",
                        signature.algorithm()
                    ));
                }
                SshSig::new(key.key_data().clone(), namespace, HASH, signature)
                    .map_err(|e| e.to_string())?
            }
        };
        let key = self.public_key();
        key.verify(namespace, msg, &sig).map_err(|_| {
            format!(
                "the signature made does not verify with {}",
                key.fingerprint(HashAlg::Sha256)
            )
        })?;
        Ok(sig)
    }
}

/// An RSA signature (`rsa-sha2-512`) made here rather than by ssh-key:
/// ssh-key 0.6.7 gives the rsa crate the prime `p` twice (fixed upstream,
/// not released for 0.6), which rsa 0.9.7 and later refuse.
fn sign_rsa(
    pair: &RsaKeypair,
    public: &PublicKey,
    namespace: &str,
    msg: &[u8],
) -> Result<SshSig, String> {
    use rsa::signature::{SignatureEncoding as _, Signer as _};
    use rsa::traits::PublicKeyParts as _;
    let cannot = |e: &dyn std::fmt::Display| format!("the RSA key cannot sign: {e}");
    let number = |m: &Mpint| rsa::BigUint::try_from(m).map_err(|e| cannot(&e));
    let private = rsa::RsaPrivateKey::from_components(
        number(&pair.public.n)?,
        number(&pair.public.e)?,
        number(&pair.private.d)?,
        vec![number(&pair.private.p)?, number(&pair.private.q)?],
    )
    .map_err(|e| cannot(&e))?;
    if private.size() * 8 < RSA_MIN_BITS {
        return Err(format!(
            "the RSA key has {} bits; dpia signs with {RSA_MIN_BITS} or more (as ssh-key does)",
            private.size() * 8
        ));
    }
    let data = SshSig::signed_data(namespace, HASH, msg).map_err(|e| cannot(&e))?;
    let signed = rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha512>::new(private)
        .try_sign(&data)
        .map_err(|e| cannot(&e))?;
    let signature = Signature::new(Algorithm::Rsa { hash: Some(HASH) }, signed.to_vec())
        .map_err(|e| cannot(&e))?;
    SshSig::new(public.key_data().clone(), namespace, HASH, signature).map_err(|e| cannot(&e))
}

/// A key file's text, refused past [`MAX_MESSAGE`] bytes.
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_MESSAGE as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_MESSAGE {
        return Err(std::io::Error::other("it is too large to be a key"));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("it is not text"))
}

/// The two requests of the agent protocol dpia makes.
#[cfg(unix)]
mod agent {
    use std::io::{ErrorKind, Read as _, Write as _};
    use std::os::unix::net::UnixStream;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use ssh_key::Signature;

    use super::MAX_MESSAGE;

    const FAILURE: u8 = 5;
    const REQUEST_IDENTITIES: u8 = 11;
    const IDENTITIES_ANSWER: u8 = 12;
    const SIGN_REQUEST: u8 = 13;
    const SIGN_RESPONSE: u8 = 14;
    /// The sign request's flag for an RSA signature with SHA-512.
    pub const RSA_SHA2_512: u32 = 4;

    /// The keys the agent at `socket` holds: each key's blob and comment.
    pub fn identities(socket: &Path, within: Duration) -> Result<Vec<(Vec<u8>, String)>, String> {
        let answer = call(&mut connect(socket)?, REQUEST_IDENTITIES, &[], within)?;
        parse_identities(&answer)
    }

    /// The agent's signature of `data` with the key `blob`.
    pub fn sign(
        socket: &Path,
        blob: &[u8],
        data: &[u8],
        flags: u32,
        within: Duration,
    ) -> Result<Signature, String> {
        let mut body = Vec::with_capacity(blob.len() + data.len() + 12);
        put_string(&mut body, blob)?;
        put_string(&mut body, data)?;
        body.extend(flags.to_be_bytes());
        let answer = call(&mut connect(socket)?, SIGN_REQUEST, &body, within)?;
        parse_signature(&answer)
    }

    fn connect(socket: &Path) -> Result<UnixStream, String> {
        UnixStream::connect(socket).map_err(|e| {
            format!(
                "cannot reach the ssh-agent at SSH_AUTH_SOCK (`{}`): {e}",
                socket.display()
            )
        })
    }

    /// What answered a request: its type and body.
    pub(super) struct Answer {
        kind: u8,
        body: Vec<u8>,
    }

    /// Sends one request and reads its answer, all within `within`.
    pub(super) fn call(
        stream: &mut UnixStream,
        kind: u8,
        body: &[u8],
        within: Duration,
    ) -> Result<Answer, String> {
        let deadline = Instant::now() + within;
        let late = || {
            format!(
                "the ssh-agent did not answer within {} seconds",
                within.as_secs_f32()
            )
        };
        let broken = |e: std::io::Error| match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => late(),
            _ => format!("the ssh-agent broke off: {e}"),
        };
        let mut message = Vec::with_capacity(body.len() + 5);
        put_string(&mut message, &[&[kind], body].concat())?;
        stream
            .set_write_timeout(Some(within))
            .and_then(|()| stream.write_all(&message))
            .map_err(broken)?;
        let mut length = [0; 4];
        read_by(stream, &mut length, deadline).map_err(broken)?;
        let length = u32::from_be_bytes(length) as usize;
        if length == 0 || length > MAX_MESSAGE {
            return Err(format!(
                "the ssh-agent answered with a message of {length} bytes; dpia reads 1 to {MAX_MESSAGE}"
            ));
        }
        let mut answer = vec![0; length];
        read_by(stream, &mut answer, deadline).map_err(broken)?;
        let body = answer.split_off(1);
        Ok(Answer {
            kind: answer[0],
            body,
        })
    }

    /// Fills `buf`, giving up at `deadline` however the agent dribbles.
    fn read_by(stream: &mut UnixStream, buf: &mut [u8], deadline: Instant) -> std::io::Result<()> {
        let mut filled = 0;
        while filled < buf.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ErrorKind::TimedOut.into());
            }
            stream.set_read_timeout(Some(left))?;
            match stream.read(&mut buf[filled..]) {
                Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(n) => filled += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub(super) fn parse_identities(answer: &Answer) -> Result<Vec<(Vec<u8>, String)>, String> {
        match answer.kind {
            IDENTITIES_ANSWER => {}
            FAILURE => return Err("the ssh-agent refused to list its keys".to_owned()),
            other => return Err(unexpected(other)),
        }
        let malformed = || "the ssh-agent's list of keys is malformed".to_owned();
        let mut fields = answer.body.as_slice();
        let count = take_u32(&mut fields).ok_or_else(malformed)?;
        let mut keys = Vec::new();
        for _ in 0..count {
            let blob = take_string(&mut fields).ok_or_else(malformed)?;
            let comment = take_string(&mut fields).ok_or_else(malformed)?;
            keys.push((blob.to_vec(), String::from_utf8_lossy(comment).into_owned()));
        }
        Ok(keys)
    }

    pub(super) fn parse_signature(answer: &Answer) -> Result<Signature, String> {
        match answer.kind {
            SIGN_RESPONSE => {}
            FAILURE => {
                return Err(
                    "the ssh-agent refused to sign (it may have asked for a confirmation that was not given)"
                        .to_owned(),
                );
            }
            other => return Err(unexpected(other)),
        }
        let mut fields = answer.body.as_slice();
        take_string(&mut fields)
            .filter(|_| fields.is_empty())
            .and_then(|blob| Signature::try_from(blob).ok())
            .ok_or_else(|| "the ssh-agent's answer is not a signature dpia reads".to_owned())
    }

    fn unexpected(kind: u8) -> String {
        format!(
            "the ssh-agent answered with a message of type {kind}, not one the request asks for"
        )
    }

    fn put_string(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), String> {
        let length = u32::try_from(bytes.len()).map_err(|_| "a request too large for an agent")?;
        out.extend(length.to_be_bytes());
        out.extend(bytes);
        Ok(())
    }

    fn take_u32(fields: &mut &[u8]) -> Option<u32> {
        let (head, rest) = fields.split_first_chunk::<4>()?;
        *fields = rest;
        Some(u32::from_be_bytes(*head))
    }

    fn take_string<'a>(fields: &mut &'a [u8]) -> Option<&'a [u8]> {
        let length = take_u32(fields)? as usize;
        let (head, rest) = fields.split_at_checked(length)?;
        *fields = rest;
        Some(head)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// An agent on the other end of a socket pair that answers the
        /// first request with `reply` (raw bytes), then waits until the
        /// test is done with it.
        fn agent(reply: Vec<u8>) -> (UnixStream, std::thread::JoinHandle<()>) {
            let (ours, mut theirs) = UnixStream::pair().unwrap();
            let handle = std::thread::spawn(move || {
                let mut length = [0; 4];
                theirs.read_exact(&mut length).unwrap();
                let mut request = vec![0; u32::from_be_bytes(length) as usize];
                theirs.read_exact(&mut request).unwrap();
                let _ = theirs.write_all(&reply);
                // Hold the socket open: the client must not wait on it.
                let _ = theirs.read(&mut [0; 1]);
            });
            (ours, handle)
        }

        fn message(kind: u8, body: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            put_string(&mut out, &[&[kind], body].concat()).unwrap();
            out
        }

        const QUICK: Duration = Duration::from_millis(300);

        #[test]
        fn a_list_of_keys_is_read_and_a_malformed_one_refused() {
            let mut body = 2u32.to_be_bytes().to_vec();
            for (blob, comment) in [(&b"key-one"[..], "one"), (b"key-two", "two")] {
                put_string(&mut body, blob).unwrap();
                put_string(&mut body, comment.as_bytes()).unwrap();
            }
            let (mut stream, handle) = agent(message(IDENTITIES_ANSWER, &body));
            let answer = call(&mut stream, REQUEST_IDENTITIES, &[], QUICK).unwrap();
            drop(stream);
            handle.join().unwrap();
            let keys = parse_identities(&answer).unwrap();
            assert_eq!(keys.len(), 2);
            assert_eq!(keys[1], (b"key-two".to_vec(), "two".to_owned()));
            // It claims more keys than it sends.
            body[..4].copy_from_slice(&3u32.to_be_bytes());
            let answer = Answer {
                kind: IDENTITIES_ANSWER,
                body,
            };
            assert!(parse_identities(&answer).unwrap_err().contains("malformed"));
        }

        #[test]
        fn a_refusal_to_sign_is_an_error_that_says_so() {
            let (mut stream, handle) = agent(message(FAILURE, &[]));
            let answer = call(&mut stream, SIGN_REQUEST, b"x", QUICK).unwrap();
            drop(stream);
            handle.join().unwrap();
            assert!(
                parse_signature(&answer)
                    .unwrap_err()
                    .contains("refused to sign")
            );
            let garbage = Answer {
                kind: SIGN_RESPONSE,
                body: vec![0, 0, 0, 3, 1, 2, 3],
            };
            assert!(
                parse_signature(&garbage)
                    .unwrap_err()
                    .contains("not a signature")
            );
        }

        #[test]
        fn an_agent_that_claims_a_huge_message_is_not_read() {
            let (mut stream, handle) = agent(u32::MAX.to_be_bytes().to_vec());
            let error = call(&mut stream, REQUEST_IDENTITIES, &[], QUICK)
                .err()
                .unwrap();
            drop(stream);
            handle.join().unwrap();
            assert!(error.contains("dpia reads 1 to 262144"), "{error}");
        }

        #[test]
        fn an_agent_that_dribbles_or_says_nothing_times_out() {
            // It promises 100 bytes and sends 3.
            let (mut stream, handle) = agent(vec![0, 0, 0, 100, 12, 0, 0]);
            let started = Instant::now();
            let error = call(&mut stream, REQUEST_IDENTITIES, &[], QUICK)
                .err()
                .unwrap();
            assert!(started.elapsed() < Duration::from_secs(5));
            assert!(error.contains("did not answer within"), "{error}");
            drop(stream);
            handle.join().unwrap();
        }
    }
}

/// No agent is reached where there are no Unix sockets.
#[cfg(not(unix))]
mod agent {
    use std::path::Path;
    use std::time::Duration;

    use ssh_key::Signature;

    pub const RSA_SHA2_512: u32 = 4;

    const NO_SOCKETS: &str = "dpia reaches an ssh-agent over a Unix socket, which this system does not have: sign with a private key file";

    pub fn identities(_socket: &Path, _within: Duration) -> Result<Vec<(Vec<u8>, String)>, String> {
        Err(NO_SOCKETS.to_owned())
    }

    pub fn sign(
        _socket: &Path,
        _blob: &[u8],
        _data: &[u8],
        _flags: u32,
        _within: Duration,
    ) -> Result<Signature, String> {
        Err(NO_SOCKETS.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_key_is_refused_with_both_routes_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-key");
        std::fs::write(&path, "hello").unwrap();
        let error = Signer::open(&path).unwrap_err();
        assert!(error.contains("not an OpenSSH private key"), "{error}");
        assert!(error.contains("ssh-add"), "{error}");
        std::fs::write(&path, vec![b'a'; MAX_MESSAGE + 1]).unwrap();
        assert!(Signer::open(&path).unwrap_err().contains("too large"));
    }
}
