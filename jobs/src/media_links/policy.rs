//! Which policy applies to a link: the agency sets it, the account may only make it stricter,
//! the link itself may only shorten its life.
//!
//! - **Expiry**: the shortest of the agency TTL, the account TTL and the link's own TTL
//!   (NULL or 0 means "no limit" at that level). Computed from the link's creation and the
//!   policy *now*, so a changed TTL applies to links already sent.
//! - **Password**: required when the agency's `media_auth` is `agency_password`, when the
//!   account sets `media_pin_protected`, or when the agency is in PCI mode. The credentials
//!   are always the agency's; required without any configured, nobody gets in.
//! - **PCI mode**: implies the password, and no link is minted for notification e-mails.

use chrono::{DateTime, Duration, Utc};
use entity::{accounts, agencies};

pub const AUTH_NONE: &str = "none";
pub const AUTH_AGENCY_PASSWORD: &str = "agency_password";

/// The policy in force for one account's links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectivePolicy {
    /// Days a link lives (None: no limit).
    pub ttl_days: Option<u32>,
    pub password_required: bool,
    pub pci_mode: bool,
    pub username: Option<String>,
    pub password_hash: Option<String>,
}

impl EffectivePolicy {
    pub fn of(account: &accounts::Model, agency: Option<&agencies::Model>) -> EffectivePolicy {
        let agency_ttl = agency.and_then(|a| positive(a.media_link_ttl_days));
        let pci_mode = agency.is_some_and(|a| a.pci_mode);
        EffectivePolicy {
            ttl_days: shortest(agency_ttl, positive(account.media_link_ttl_days)),
            password_required: pci_mode
                || account.media_pin_protected
                || agency.is_some_and(|a| a.media_auth == AUTH_AGENCY_PASSWORD),
            pci_mode,
            username: agency.and_then(|a| a.media_username.clone()),
            password_hash: agency.and_then(|a| a.media_password_hash.clone()),
        }
    }

    /// Whether a password is required and can be given (agency credentials are set).
    pub fn credentials_configured(&self) -> bool {
        self.username.is_some() && self.password_hash.is_some()
    }

    /// When a link created at `created_at` with its own cap `link_ttl_days` expires.
    pub fn expiry(
        &self,
        created_at: DateTime<Utc>,
        link_ttl_days: Option<i32>,
    ) -> Option<DateTime<Utc>> {
        shortest(self.ttl_days, positive(link_ttl_days))
            .map(|days| created_at + Duration::days(i64::from(days)))
    }
}

fn positive(days: Option<i32>) -> Option<u32> {
    days.and_then(|d| u32::try_from(d).ok()).filter(|&d| d > 0)
}

fn shortest(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(ttl: Option<i32>, pin: bool) -> accounts::Model {
        accounts::Model {
            id: 1,
            name: String::new(),
            timezone: "UTC".into(),
            recording_enabled: true,
            secure_transcription: true,
            redact_types: None,
            audio_redaction: "silence".into(),
            media_link_ttl_days: ttl,
            media_pin_protected: pin,
            agency_id: Some(1),
            created_at: Utc::now(),
        }
    }

    fn agency(ttl: Option<i32>, auth: &str, pci: bool) -> agencies::Model {
        agencies::Model {
            id: 1,
            name: String::new(),
            media_link_ttl_days: ttl,
            media_auth: auth.into(),
            media_username: Some("ops".into()),
            media_password_hash: Some("$argon2id$…".into()),
            pci_mode: pci,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_account_can_only_shorten_the_agency_ttl() {
        let cases = [
            (Some(7), Some(30), Some(7)),
            (Some(30), Some(7), Some(7)),
            (None, Some(5), Some(5)),
            (Some(0), Some(5), Some(5)),
            (Some(5), Some(0), Some(5)),
            (Some(5), None, Some(5)),
            (None, None, None),
            (Some(-3), None, None),
        ];
        for (agency_ttl, account_ttl, expected) in cases {
            let policy = EffectivePolicy::of(
                &account(account_ttl, false),
                Some(&agency(agency_ttl, AUTH_NONE, false)),
            );
            assert_eq!(policy.ttl_days, expected, "{agency_ttl:?} {account_ttl:?}");
        }
    }

    #[test]
    fn the_password_is_required_if_any_level_asks_for_it() {
        let required = |acct: bool, auth: &str, pci: bool| {
            EffectivePolicy::of(&account(None, acct), Some(&agency(None, auth, pci)))
                .password_required
        };
        assert!(!required(false, AUTH_NONE, false));
        assert!(required(true, AUTH_NONE, false));
        assert!(required(false, AUTH_AGENCY_PASSWORD, false));
        assert!(required(false, AUTH_NONE, true));
        let orphan = EffectivePolicy::of(&account(None, true), None);
        assert!(orphan.password_required && !orphan.credentials_configured());
    }

    #[test]
    fn expiry_counts_from_creation_with_the_link_cap_only_shortening() {
        let created = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let policy = EffectivePolicy::of(
            &account(None, false),
            Some(&agency(Some(7), AUTH_NONE, false)),
        );
        assert_eq!(
            policy.expiry(created, None),
            Some(created + Duration::days(7))
        );
        assert_eq!(
            policy.expiry(created, Some(2)),
            Some(created + Duration::days(2))
        );
        assert_eq!(
            policy.expiry(created, Some(30)),
            Some(created + Duration::days(7))
        );
        let open = EffectivePolicy::of(&account(None, false), None);
        assert_eq!(open.expiry(created, None), None);
        assert_eq!(
            open.expiry(created, Some(3)),
            Some(created + Duration::days(3))
        );
    }
}
