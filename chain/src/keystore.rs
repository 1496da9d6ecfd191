//! Keys, in the Sui CLI's `sui.keystore` format.
//!
//! The file is a JSON array of strings; each string is the base64 encoding of
//! `flag || private key`, where the flag is the signature scheme (0 = ed25519, 1 = secp256k1,
//! 2 = secp256r1). This is the file `sui client` keeps in `~/.sui/sui_config/sui.keystore`, so
//! users can bring their existing keys, and keys generated here work with the Sui CLI.
//!
//! This crate signs with ed25519 keys only. Entries of other schemes are kept (loading and
//! saving a keystore never drops a user's keys) but are reported as unsupported when used.
//!
//! ```
//! use walrus_chain::keystore::{Keystore, SuiKeyPair};
//!
//! let key = SuiKeyPair::from_bytes([7; 32]);
//! let entry = key.to_keystore_entry();
//! assert_eq!(SuiKeyPair::from_keystore_entry(&entry).unwrap().address(), key.address());
//!
//! let mut ks = Keystore::default();
//! let address = ks.add(key);
//! assert!(ks.get(&address).is_ok());
//! ```

use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sui_crypto::SuiSigner as _;
use sui_crypto::ed25519::Ed25519PrivateKey;
use sui_sdk_types::{Address, Ed25519PublicKey, Transaction, UserSignature};

/// Why a key or keystore could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    /// The keystore file could not be read.
    #[error("cannot read keystore {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The keystore file is not a JSON array of strings.
    #[error("keystore {path} is not a Sui keystore (a JSON array of base64 strings): {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// The JSON error.
        message: String,
    },
    /// One entry is not base64 of `flag || key`.
    #[error("keystore {path}: entry {index} is malformed: {reason}")]
    Entry {
        /// The file (empty for a single entry parsed on its own).
        path: PathBuf,
        /// The entry's index in the array.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The key uses a signature scheme this crate does not sign with.
    #[error(
        "key {index} uses the {scheme} signature scheme (flag {flag}); only ed25519 keys (flag 0) are supported"
    )]
    UnsupportedScheme {
        /// The entry's index in the keystore.
        index: usize,
        /// The flag byte.
        flag: u8,
        /// The scheme's name.
        scheme: &'static str,
    },
    /// No key for this address.
    #[error("no ed25519 key for address {address} in the keystore{}", .path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    NoKey {
        /// The address asked for.
        address: Address,
        /// The keystore file, if loaded from one.
        path: Option<PathBuf>,
    },
    /// The keystore file could not be written.
    #[error("cannot write keystore {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Signing(String),
}

/// The flag byte of ed25519 keys and signatures.
pub const ED25519_FLAG: u8 = 0x00;

fn scheme_name(flag: u8) -> &'static str {
    match flag {
        0x00 => "ed25519",
        0x01 => "secp256k1",
        0x02 => "secp256r1",
        0x03 => "multisig",
        0x04 => "bls12381",
        0x05 => "zklogin",
        0x06 => "passkey",
        _ => "unknown",
    }
}

/// An ed25519 key pair that signs Sui transactions.
#[derive(Clone, PartialEq, Eq)]
pub struct SuiKeyPair {
    bytes: [u8; 32],
    key: Ed25519PrivateKey,
}

impl std::fmt::Debug for SuiKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuiKeyPair")
            .field("address", &self.address())
            .finish_non_exhaustive()
    }
}

impl SuiKeyPair {
    /// A fresh random key (OS randomness).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self::from_bytes(bytes)
    }

    /// The key with these 32 private key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            bytes,
            key: Ed25519PrivateKey::new(bytes),
        }
    }

    /// Parses one keystore entry: base64 of `flag || 32-byte private key`.
    pub fn from_keystore_entry(entry: &str) -> Result<Self, KeystoreError> {
        parse_entry(entry, 0, Path::new(""))
    }

    /// The keystore entry of this key: base64 of `0x00 || private key`.
    pub fn to_keystore_entry(&self) -> String {
        let mut raw = Vec::with_capacity(33);
        raw.push(ED25519_FLAG);
        raw.extend_from_slice(&self.private_key_bytes());
        BASE64.encode(raw)
    }

    /// The raw private key.
    pub fn private_key_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The public key.
    pub fn public_key(&self) -> Ed25519PublicKey {
        self.key.public_key()
    }

    /// The Sui address: `blake2b256(0x00 || public key)`.
    pub fn address(&self) -> Address {
        self.public_key().derive_address()
    }

    /// Signs a transaction (intent-prefixed, as Sui validators expect).
    pub fn sign_transaction(&self, tx: &Transaction) -> Result<UserSignature, KeystoreError> {
        self.key
            .sign_transaction(tx)
            .map_err(|e| KeystoreError::Signing(e.to_string()))
    }

    /// The underlying sui-crypto key.
    pub fn sui_crypto_key(&self) -> &Ed25519PrivateKey {
        &self.key
    }
}

fn parse_entry(entry: &str, index: usize, path: &Path) -> Result<SuiKeyPair, KeystoreError> {
    let bad = |reason: String| KeystoreError::Entry {
        path: path.to_path_buf(),
        index,
        reason,
    };
    let raw = BASE64
        .decode(entry.trim())
        .map_err(|e| bad(format!("not base64: {e}")))?;
    let (&flag, key) = raw
        .split_first()
        .ok_or_else(|| bad("empty entry".to_string()))?;
    if flag != ED25519_FLAG {
        return Err(KeystoreError::UnsupportedScheme {
            index,
            flag,
            scheme: scheme_name(flag),
        });
    }
    let bytes: [u8; 32] = key.try_into().map_err(|_| {
        bad(format!(
            "an ed25519 private key has 32 bytes, this one has {}",
            key.len()
        ))
    })?;
    Ok(SuiKeyPair::from_bytes(bytes))
}

/// One entry of a keystore file.
#[derive(Debug, Clone)]
pub enum KeystoreEntry {
    /// An ed25519 key, usable for signing.
    Ed25519(Box<SuiKeyPair>),
    /// A key of another scheme, kept verbatim so that saving the file does not drop it.
    Unsupported {
        /// The entry as stored.
        raw: String,
        /// The flag byte.
        flag: u8,
    },
}

/// A set of keys, loaded from and saved to a Sui-CLI-format `sui.keystore` file.
#[derive(Debug, Clone, Default)]
pub struct Keystore {
    path: Option<PathBuf>,
    entries: Vec<KeystoreEntry>,
}

impl Keystore {
    /// Reads a keystore file. Malformed entries are errors naming the entry; entries of other
    /// signature schemes are kept and reported by [`Keystore::unsupported`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, KeystoreError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| KeystoreError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut ks = Self::from_json(&text, path)?;
        ks.path = Some(path.to_path_buf());
        Ok(ks)
    }

    /// Reads a keystore file, or starts an empty one if the file does not exist.
    pub fn load_or_default(path: impl AsRef<Path>) -> Result<Self, KeystoreError> {
        let path = path.as_ref();
        if path.exists() {
            Self::load(path)
        } else {
            Ok(Self {
                path: Some(path.to_path_buf()),
                entries: Vec::new(),
            })
        }
    }

    /// Parses keystore JSON. `path` is only used in error messages.
    pub fn from_json(text: &str, path: &Path) -> Result<Self, KeystoreError> {
        let strings: Vec<String> =
            serde_json::from_str(text).map_err(|e| KeystoreError::Format {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        let mut entries = Vec::with_capacity(strings.len());
        for (index, s) in strings.into_iter().enumerate() {
            match parse_entry(&s, index, path) {
                Ok(k) => entries.push(KeystoreEntry::Ed25519(Box::new(k))),
                Err(KeystoreError::UnsupportedScheme { flag, .. }) => {
                    entries.push(KeystoreEntry::Unsupported { raw: s, flag })
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Self {
            path: None,
            entries,
        })
    }

    /// The JSON text of the keystore, formatted like the Sui CLI writes it.
    pub fn to_json(&self) -> String {
        let strings: Vec<String> = self
            .entries
            .iter()
            .map(|e| match e {
                KeystoreEntry::Ed25519(k) => k.to_keystore_entry(),
                KeystoreEntry::Unsupported { raw, .. } => raw.clone(),
            })
            .collect();
        serde_json::to_string_pretty(&strings).expect("strings serialize")
    }

    /// Writes the keystore to `path` (atomically, owner-only permissions on Unix).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), KeystoreError> {
        let path = path.as_ref();
        write_atomically(path, self.to_json().as_bytes(), true).map_err(|source| {
            KeystoreError::Write {
                path: path.to_path_buf(),
                source,
            }
        })
    }

    /// The file this keystore was loaded from.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[KeystoreEntry] {
        &self.entries
    }

    /// The usable (ed25519) keys.
    pub fn keys(&self) -> impl Iterator<Item = &SuiKeyPair> {
        self.entries.iter().filter_map(|e| match e {
            KeystoreEntry::Ed25519(k) => Some(k.as_ref()),
            KeystoreEntry::Unsupported { .. } => None,
        })
    }

    /// The addresses of the usable keys.
    pub fn addresses(&self) -> Vec<Address> {
        self.keys().map(SuiKeyPair::address).collect()
    }

    /// The entries of unsupported schemes, as errors that say why.
    pub fn unsupported(&self) -> Vec<KeystoreError> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(index, e)| match e {
                KeystoreEntry::Unsupported { flag, .. } => Some(KeystoreError::UnsupportedScheme {
                    index,
                    flag: *flag,
                    scheme: scheme_name(*flag),
                }),
                KeystoreEntry::Ed25519(_) => None,
            })
            .collect()
    }

    /// The key of `address`.
    pub fn get(&self, address: &Address) -> Result<&SuiKeyPair, KeystoreError> {
        self.keys()
            .find(|k| &k.address() == address)
            .ok_or_else(|| KeystoreError::NoKey {
                address: *address,
                path: self.path.clone(),
            })
    }

    /// Adds a key (unless already present) and returns its address.
    pub fn add(&mut self, key: SuiKeyPair) -> Address {
        let address = key.address();
        if self.get(&address).is_err() {
            self.entries.push(KeystoreEntry::Ed25519(Box::new(key)));
        }
        address
    }

    /// Generates and adds a fresh key; returns it.
    pub fn generate(&mut self) -> SuiKeyPair {
        let key = SuiKeyPair::generate();
        self.add(key.clone());
        key
    }
}

/// Writes `bytes` to a temporary file next to `path` and renames it over `path`, so readers
/// never see a half-written file. `private` restricts the file to its owner on Unix.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use blake2::Digest as _;

    /// A fixed vector: private key bytes 0x01..=0x20.
    fn fixed_key() -> SuiKeyPair {
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        SuiKeyPair::from_bytes(bytes)
    }

    #[test]
    fn address_is_blake2b256_of_flag_and_public_key() {
        let key = fixed_key();
        let pk = key.public_key();
        let mut h = blake2::Blake2b::<blake2::digest::consts::U32>::new();
        h.update([ED25519_FLAG]);
        h.update(pk.as_bytes());
        let expected = Address::new(h.finalize().into());
        assert_eq!(key.address(), expected);
        // Pinned: the public key of the secret key 0x01..=0x20 is a widely published ed25519
        // test vector; the address is blake2b256(0x00 || public key), checked above.
        assert_eq!(
            hex::encode(pk.as_bytes()),
            "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664"
        );
        assert_eq!(
            key.address().to_string(),
            "0x7573c697fa68450f04fa0dee2d39dcdc8a5ccf5db547f3e47638a6f8eeeec110"
        );
    }

    #[test]
    fn entry_round_trip_and_format() {
        let key = fixed_key();
        let entry = key.to_keystore_entry();
        let raw = BASE64.decode(&entry).unwrap();
        assert_eq!(raw.len(), 33);
        assert_eq!(raw[0], 0);
        assert_eq!(&raw[1..], &key.private_key_bytes());
        // sui-crypto's own encoder of the legacy keystore format agrees.
        assert_eq!(entry, key.sui_crypto_key().to_base64());
        assert_eq!(SuiKeyPair::from_keystore_entry(&entry).unwrap(), key);
    }

    #[test]
    fn bad_entries_are_errors_not_panics() {
        for (entry, want) in [
            ("!!!", "not base64"),
            ("", "empty entry"),
            ("AAEC", "32 bytes"),
        ] {
            let err = SuiKeyPair::from_keystore_entry(entry).unwrap_err();
            assert!(err.to_string().contains(want), "{entry}: {err}");
        }
        let secp = BASE64.encode([1u8; 33]);
        let err = SuiKeyPair::from_keystore_entry(&secp).unwrap_err();
        assert!(matches!(
            err,
            KeystoreError::UnsupportedScheme {
                flag: 1,
                scheme: "secp256k1",
                ..
            }
        ));
        assert!(err.to_string().contains("only ed25519"));
    }

    #[test]
    fn signature_verifies() {
        use sui_crypto::SuiVerifier as _;
        let key = fixed_key();
        let tx = {
            let mut b = sui_transaction_builder::TransactionBuilder::new();
            b.set_sender(key.address());
            b.set_gas_budget(1_000_000);
            b.set_gas_price(1000);
            b.add_gas_objects([sui_transaction_builder::ObjectInput::owned(
                Address::ZERO,
                1,
                sui_sdk_types::Digest::ZERO,
            )]);
            b.try_build().unwrap()
        };
        let sig = key.sign_transaction(&tx).unwrap();
        sui_crypto::ed25519::Ed25519Verifier::new()
            .verify_transaction(&tx, &sig)
            .unwrap();
    }
}
