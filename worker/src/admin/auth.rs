//! Console sign-in: two passwords (admin, read-only), a signed session cookie that any
//! `muffle web` process accepts (no server-side session store), a CSRF token derived from the
//! session, and a lockout counted in the action log.

use chrono::Utc;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The session cookie (scoped to `/admin`).
pub const COOKIE: &str = "muffle_admin";
/// How long a session lasts.
pub const SESSION_SECS: i64 = 8 * 3600;
/// Failed sign-ins from one client address…
pub const LOCKOUT_FAILURES: u64 = 5;
/// …within this many minutes lock it out for as long.
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    ReadOnly,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ReadOnly => "readonly",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "readonly" => Some(Role::ReadOnly),
            _ => None,
        }
    }

    pub fn can_change(self) -> bool {
        self == Role::Admin
    }
}

/// The console's secrets. The signing key is derived from both passwords, so changing either
/// signs everyone out.
pub struct Credentials {
    admin: String,
    readonly: Option<String>,
    key: [u8; 32],
}

/// A signed-in operator.
#[derive(Clone, Debug)]
pub struct Session {
    pub role: Role,
    /// Random per sign-in; the CSRF token is derived from it.
    nonce: String,
    key: [u8; 32],
}

impl Session {
    /// The token every form must send back: tied to this session, so another site cannot
    /// know it.
    pub fn csrf_token(&self) -> String {
        hex(&hmac(&self.key, format!("csrf:{}", self.nonce).as_bytes())[..16])
    }

    pub fn csrf_matches(&self, sent: &str) -> bool {
        bool::from(sent.as_bytes().ct_eq(self.csrf_token().as_bytes()))
    }
}

impl Credentials {
    pub fn new(admin: String, readonly: Option<String>) -> Credentials {
        let mut hasher = Sha256::new();
        hasher.update(b"muffle-admin-session");
        for secret in [Some(&admin), readonly.as_ref()] {
            let secret = secret.map_or(&[][..], |s| s.as_bytes());
            hasher.update((secret.len() as u64).to_be_bytes());
            hasher.update(secret);
        }
        Credentials {
            admin,
            readonly,
            key: hasher.finalize().into(),
        }
    }

    /// The role a password signs in as. Both passwords are compared in constant time (as
    /// digests, so their lengths do not show either).
    pub fn role_of(&self, password: &str) -> Option<Role> {
        let digest = |s: &str| Sha256::digest(s.as_bytes());
        let given = digest(password);
        let admin = bool::from(given.ct_eq(&digest(&self.admin)));
        let readonly = self
            .readonly
            .as_deref()
            .is_some_and(|r| bool::from(given.ct_eq(&digest(r))));
        if admin {
            Some(Role::Admin)
        } else if readonly {
            Some(Role::ReadOnly)
        } else {
            None
        }
    }

    /// A new session's cookie value: `role.expires.nonce.mac`.
    pub fn issue(&self, role: Role) -> String {
        let expires = Utc::now().timestamp() + SESSION_SECS;
        let nonce = jobs::media_links::secret::new_token();
        let payload = format!("{}.{expires}.{nonce}", role.as_str());
        let mac = hex(&hmac(&self.key, payload.as_bytes()));
        format!("{payload}.{mac}")
    }

    /// The session a cookie value proves, if its signature holds and it has not expired.
    pub fn verify(&self, cookie: &str) -> Option<Session> {
        let (payload, mac) = cookie.rsplit_once('.')?;
        let expected = hex(&hmac(&self.key, payload.as_bytes()));
        if !bool::from(mac.as_bytes().ct_eq(expected.as_bytes())) {
            return None;
        }
        let mut parts = payload.splitn(3, '.');
        let role = Role::parse(parts.next()?)?;
        let expires: i64 = parts.next()?.parse().ok()?;
        let nonce = parts.next()?.to_owned();
        (expires > Utc::now().timestamp()).then_some(Session {
            role,
            nonce,
            key: self.key,
        })
    }

    /// Key of the client-address hash in the action log.
    pub fn client_key(&self) -> &[u8] {
        &self.key
    }
}

/// HMAC-SHA-256 (RFC 2104).
fn hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials::new("admin-pass".into(), Some("viewer-pass".into()))
    }

    #[test]
    fn each_password_signs_in_as_its_role() {
        let c = credentials();
        assert_eq!(c.role_of("admin-pass"), Some(Role::Admin));
        assert_eq!(c.role_of("viewer-pass"), Some(Role::ReadOnly));
        assert_eq!(c.role_of("admin-pas"), None);
        assert_eq!(c.role_of(""), None);
        let no_viewer = Credentials::new("admin-pass".into(), None);
        assert_eq!(no_viewer.role_of(""), None);
    }

    #[test]
    fn a_session_cookie_is_signed_and_cannot_be_promoted() {
        let c = credentials();
        let cookie = c.issue(Role::ReadOnly);
        let session = c.verify(&cookie).expect("valid");
        assert_eq!(session.role, Role::ReadOnly);
        let promoted = cookie.replacen("readonly", "admin", 1);
        assert!(c.verify(&promoted).is_none());
        // Another deployment's (or an old password's) cookie is worthless here.
        let other = Credentials::new("other".into(), None);
        assert!(other.verify(&cookie).is_none());
        assert!(c.verify("admin.99999999999.x.00").is_none());
    }

    #[test]
    fn the_csrf_token_belongs_to_its_session() {
        let c = credentials();
        let a = c.verify(&c.issue(Role::Admin)).unwrap();
        let b = c.verify(&c.issue(Role::Admin)).unwrap();
        assert!(a.csrf_matches(&a.csrf_token()));
        assert!(!a.csrf_matches(&b.csrf_token()));
        assert!(!a.csrf_matches(""));
    }

    #[test]
    fn hmac_matches_the_rfc_4231_shape() {
        // Same key and message, same tag; any change, another tag.
        let key = [7u8; 32];
        assert_eq!(hmac(&key, b"m"), hmac(&key, b"m"));
        assert_ne!(hmac(&key, b"m"), hmac(&key, b"n"));
    }
}
