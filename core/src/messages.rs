//! ed25519-signed protocol messages.
//!
//! Every message starts with a 3-byte intent header `[intent_type, INTENT_VERSION, APP_ID]` and
//! is signed as raw bytes (no prehash), exactly as Move checks it with
//! `sui::ed25519::ed25519_verify(&signature, &public_key, &message)`.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use thiserror::Error;

use crate::types::{BlobId, Epoch};

/// The intent version (always 0).
pub const INTENT_VERSION: u8 = 0;
/// The application ID of Walrus-on-Sui messages.
pub const APP_ID: u8 = 3;

/// The kinds of signed messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum IntentType {
    /// A node confirms it stores its slivers of a blob.
    StorageConfirmation = 1,
    /// A node answers storage challenges (off-chain only).
    ChallengeResponse = 2,
    /// A node proves it holds its protocol key when registering.
    ProofOfPossession = 3,
}

impl IntentType {
    /// The 3-byte intent header.
    pub const fn header(self) -> [u8; 3] {
        [self as u8, INTENT_VERSION, APP_ID]
    }
}

/// A signature that does not verify or bytes that are not a key or signature.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    /// Wrong length.
    #[error("{what} must be {expected} bytes, got {got}")]
    WrongLength {
        /// Public key or signature.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The given length.
        got: usize,
    },
    /// The bytes are not a valid ed25519 public key.
    #[error("invalid ed25519 public key: not a valid curve point")]
    InvalidPublicKey,
    /// The signature does not verify.
    #[error("ed25519 signature does not verify for this public key and message")]
    Invalid,
}

/// A node's ed25519 protocol key pair.
///
/// ```
/// use walrus_core::{BlobId, Epoch, ProtocolKeyPair, StorageConfirmation};
/// let key = ProtocolKeyPair::from_seed([1; 32]);
/// let confirmation = StorageConfirmation { epoch: Epoch(7), blob_id: BlobId([2; 32]) };
/// let signature = confirmation.sign(&key);
/// assert!(confirmation.verify(&key.public(), &signature).is_ok());
/// ```
#[derive(Clone)]
pub struct ProtocolKeyPair(SigningKey);

impl fmt::Debug for ProtocolKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolKeyPair(public: {})", self.public())
    }
}

impl ProtocolKeyPair {
    /// The key pair of a 32-byte secret seed (RFC 8032 private key).
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self(SigningKey::from_bytes(&seed))
    }

    /// A fresh random key pair, e.g. `ProtocolKeyPair::generate(&mut rand::rngs::OsRng)`.
    pub fn generate<R: rand::RngCore + rand::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Self::from_seed(seed)
    }

    /// The 32-byte secret seed (keep it secret).
    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key.
    pub fn public(&self) -> ProtocolPublicKey {
        ProtocolPublicKey(self.0.verifying_key())
    }

    /// Signs raw message bytes.
    pub fn sign(&self, message: &[u8]) -> ProtocolSignature {
        ProtocolSignature(self.0.sign(message).to_bytes())
    }
}

/// A node's ed25519 protocol public key (32 bytes, as registered on chain).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolPublicKey(VerifyingKey);

impl ProtocolPublicKey {
    /// Parses 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SignatureError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::WrongLength {
            what: "an ed25519 public key",
            expected: 32,
            got: bytes.len(),
        })?;
        VerifyingKey::from_bytes(&array)
            .map(Self)
            .map_err(|_| SignatureError::InvalidPublicKey)
    }

    /// The 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Verifies a signature over raw message bytes (strict: rejects small-order keys and
    /// non-canonical signatures).
    pub fn verify(
        &self,
        message: &[u8],
        signature: &ProtocolSignature,
    ) -> Result<(), SignatureError> {
        let signature = ed25519_dalek::Signature::from_bytes(&signature.0);
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| SignatureError::Invalid)
    }
}

impl fmt::Debug for ProtocolPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolPublicKey({self})")
    }
}

impl fmt::Display for ProtocolPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.to_bytes()))
    }
}

/// A 64-byte ed25519 signature.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolSignature(pub [u8; 64]);

impl ProtocolSignature {
    /// Parses 64 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SignatureError> {
        bytes
            .try_into()
            .map(Self)
            .map_err(|_| SignatureError::WrongLength {
                what: "an ed25519 signature",
                expected: 64,
                got: bytes.len(),
            })
    }

    /// The 64 bytes.
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }
}

impl fmt::Debug for ProtocolSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolSignature({})", hex::encode(self.0))
    }
}

/// A node's confirmation that it stores its slivers of a blob in an epoch.
///
/// Message: `[1, 0, 3] ++ epoch (u32 LE) ++ blob_id (32 bytes, u256 LE)` = 39 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StorageConfirmation {
    /// The epoch of the committee the node belongs to.
    pub epoch: Epoch,
    /// The confirmed blob.
    pub blob_id: BlobId,
}

impl StorageConfirmation {
    /// The 39 signed bytes.
    pub fn to_message(&self) -> [u8; 39] {
        let mut message = [0u8; 39];
        message[..3].copy_from_slice(&IntentType::StorageConfirmation.header());
        message[3..7].copy_from_slice(&self.epoch.0.to_le_bytes());
        message[7..].copy_from_slice(&self.blob_id.0);
        message
    }

    /// Parses the 39 signed bytes.
    pub fn from_message(message: &[u8]) -> Option<Self> {
        if message.len() != 39 || message[..3] != IntentType::StorageConfirmation.header() {
            return None;
        }
        let mut epoch = [0u8; 4];
        epoch.copy_from_slice(&message[3..7]);
        let mut blob_id = [0u8; 32];
        blob_id.copy_from_slice(&message[7..]);
        Some(Self {
            epoch: Epoch(u32::from_le_bytes(epoch)),
            blob_id: BlobId(blob_id),
        })
    }

    /// Signs the confirmation.
    pub fn sign(&self, key: &ProtocolKeyPair) -> ProtocolSignature {
        key.sign(&self.to_message())
    }

    /// Verifies a signature on the confirmation.
    pub fn verify(
        &self,
        public_key: &ProtocolPublicKey,
        signature: &ProtocolSignature,
    ) -> Result<(), SignatureError> {
        public_key.verify(&self.to_message(), signature)
    }
}

/// Proof that the registering Sui account holds a node's protocol key.
///
/// Message: `[3, 0, 3] ++ sender address (32 bytes) ++ protocol public key (32 bytes)` = 67
/// bytes, signed with the protocol key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProofOfPossession {
    /// The Sui address of the account that registers the node.
    pub sender: [u8; 32],
    /// The node's protocol public key.
    pub public_key: ProtocolPublicKey,
}

impl ProofOfPossession {
    /// The 67 signed bytes.
    pub fn to_message(&self) -> [u8; 67] {
        let mut message = [0u8; 67];
        message[..3].copy_from_slice(&IntentType::ProofOfPossession.header());
        message[3..35].copy_from_slice(&self.sender);
        message[35..].copy_from_slice(&self.public_key.to_bytes());
        message
    }

    /// Creates and signs the proof of possession of `key` for `sender`.
    pub fn sign(sender: [u8; 32], key: &ProtocolKeyPair) -> (Self, ProtocolSignature) {
        let pop = Self {
            sender,
            public_key: key.public(),
        };
        let signature = key.sign(&pop.to_message());
        (pop, signature)
    }

    /// Verifies the proof of possession.
    pub fn verify(&self, signature: &ProtocolSignature) -> Result<(), SignatureError> {
        self.public_key.verify(&self.to_message(), signature)
    }
}
