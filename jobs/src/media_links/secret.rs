//! Link tokens, session cookies and client-address keys: random values handed out once and
//! kept only as hashes.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, base64url without padding (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token or session cookie: lowercase hex SHA-256.
pub fn token_hash(token: &str) -> String {
    crate::recordings::sha256_hex(token.as_bytes())
}

/// A keyed hash of a client address: stable (the lockout counts per address) but not the
/// address. `key` is a deployment secret, so the 2^32 IPv4 addresses cannot simply be
/// hashed and looked up by someone holding only the database.
pub fn client_hash(key: &[u8], address: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update((key.len() as u64).to_be_bytes());
    hasher.update(key);
    hasher.update(address.as_bytes());
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn client_hashes_depend_on_the_key() {
        assert_eq!(client_hash(b"k", "10.0.0.1"), client_hash(b"k", "10.0.0.1"));
        assert_ne!(client_hash(b"k", "10.0.0.1"), client_hash(b"j", "10.0.0.1"));
        assert!(!client_hash(b"k", "10.0.0.1").contains("10.0.0.1"));
    }
}
