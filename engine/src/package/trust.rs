//! What a device trusts: the publishers whose signatures it accepts and the fleet keys
//! that decrypt its packages.

use std::sync::Arc;

use super::keys::{key_id, to_hex};

/// Looks up a fleet key by its id (first 8 bytes of its SHA-256), for devices that keep
/// keys in a secure element or keystore rather than in [`Trust::fleet_keys`].
pub type FleetKeyProvider = Arc<dyn Fn(&[u8; 8]) -> Option<[u8; 32]> + Send + Sync>;

/// The keys a `.mpk` is checked against. The default trusts nothing, so a package opened
/// with it is refused ([`super::mpk::MpkError::UnknownSigner`]); source directories need
/// no keys.
#[derive(Clone, Default)]
pub struct Trust {
    /// Ed25519 public keys of trusted publishers.
    pub signers: Vec<[u8; 32]>,
    /// AES-256 fleet keys that may unwrap a package's content key.
    pub fleet_keys: Vec<[u8; 32]>,
    /// Asked for a fleet key whose id no key in `fleet_keys` has.
    pub fleet_key_provider: Option<FleetKeyProvider>,
}

impl std::fmt::Debug for Trust {
    /// Shows key ids only: a fleet key is a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids = |keys: &[[u8; 32]]| -> Vec<String> {
            keys.iter().map(|k| to_hex(&key_id(k))).collect()
        };
        f.debug_struct("Trust")
            .field("signers", &ids(&self.signers))
            .field("fleet_keys", &ids(&self.fleet_keys))
            .field("fleet_key_provider", &self.fleet_key_provider.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_ids_not_secrets() {
        let t = Trust {
            signers: vec![[1; 32]],
            fleet_keys: vec![[0xab; 32]],
            fleet_key_provider: Some(Arc::new(|_| None)),
        };
        let shown = format!("{t:?}");
        assert!(!shown.contains("abab") && !shown.contains("171"), "{shown}");
        assert!(shown.contains(&to_hex(&key_id(&[0xab; 32]))), "{shown}");
        assert!(shown.contains("fleet_key_provider: true"), "{shown}");
    }
}
