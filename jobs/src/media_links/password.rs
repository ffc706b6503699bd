//! Agency media passwords: argon2id with OWASP's parameters, PHC strings in the database.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use subtle::ConstantTimeEq;

/// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

/// The shortest password `set-media-password` accepts.
pub const MIN_LENGTH: usize = 10;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string for `password` with a fresh random salt.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16-byte salt encodes");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters")
        .to_string()
}

/// A hash of nothing anyone knows, verified when there is no real hash so that a missing
/// credential costs the same time as a wrong one.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&crate::media_links::secret::new_token()))
}

/// Checks a login against the configured username and PHC hash. Always runs one argon2
/// verification (a decoy one when nothing is configured) and compares the username in
/// constant time, so timing tells nothing about which part was wrong. CPU-heavy (tens of
/// milliseconds): call it from a blocking thread.
pub fn verify(
    expected_username: Option<&str>,
    phc: Option<&str>,
    username: &str,
    password: &str,
) -> bool {
    let configured = expected_username.is_some() && phc.is_some();
    let phc = phc.unwrap_or_else(|| decoy_hash());
    let password_ok = match PasswordHash::new(phc) {
        // Parameters come from the stored string (older hashes keep verifying).
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    };
    let expected = expected_username.unwrap_or("");
    let username_ok: bool = expected.as_bytes().ct_eq(username.as_bytes()).into();
    configured & password_ok & username_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_that_verify_only_the_right_login() {
        let phc = hash("correct horse battery");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!phc.contains("correct"));
        assert!(verify(
            Some("ops"),
            Some(&phc),
            "ops",
            "correct horse battery"
        ));
        assert!(!verify(
            Some("ops"),
            Some(&phc),
            "ops",
            "wrong horse battery"
        ));
        assert!(!verify(
            Some("ops"),
            Some(&phc),
            "opz",
            "correct horse battery"
        ));
        assert!(!verify(None, None, "", ""));
        assert!(!verify(Some("ops"), Some("not a phc"), "ops", "x"));
        assert_ne!(hash("same"), hash("same"), "salted");
    }
}
