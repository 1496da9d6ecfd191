/// The byte formats that storage nodes sign with their ed25519 protocol keys, and their
/// verification with `sui::ed25519`.
///
/// Every message starts with a 3-byte intent header `[intent_type, intent_version = 0,
/// app_id = 3]`:
/// * storage confirmation (intent type 1): `[1, 0, 3] ++ epoch (u32 LE) ++ blob_id (u256 LE)`,
///   39 bytes;
/// * proof of possession (intent type 3): `[3, 0, 3] ++ sender address (32 bytes) ++ public key
///   (32 bytes)`, 67 bytes.
/// (Intent type 2, the challenge response, is off chain only.)
module walrus::messages;

use sui::bcs;
use sui::ed25519;

// === Constants ===

/// Intent type of a storage confirmation.
const INTENT_STORAGE_CONFIRMATION: u8 = 1;
/// Intent type of a proof of possession.
const INTENT_PROOF_OF_POSSESSION: u8 = 3;
/// Intent version (always 0).
const INTENT_VERSION: u8 = 0;
/// Application ID of this system in the intent header.
const APP_ID: u8 = 3;
/// Length of an ed25519 public key.
const PUBLIC_KEY_LENGTH: u64 = 32;
/// Length of an ed25519 signature.
const SIGNATURE_LENGTH: u64 = 64;

// === Public functions ===

/// The 39-byte storage confirmation message for `blob_id` in `epoch`.
public fun storage_confirmation(epoch: u32, blob_id: u256): vector<u8> {
    let mut msg = vector[INTENT_STORAGE_CONFIRMATION, INTENT_VERSION, APP_ID];
    msg.append(bcs::to_bytes(&epoch));
    msg.append(bcs::to_bytes(&blob_id));
    msg
}

/// The 67-byte proof-of-possession message binding `public_key` to `sender`.
public fun proof_of_possession(sender: address, public_key: vector<u8>): vector<u8> {
    let mut msg = vector[INTENT_PROOF_OF_POSSESSION, INTENT_VERSION, APP_ID];
    msg.append(bcs::to_bytes(&sender));
    msg.append(public_key);
    msg
}

/// Length of an ed25519 public key (32).
public fun public_key_length(): u64 { PUBLIC_KEY_LENGTH }

/// Length of an ed25519 signature (64).
public fun signature_length(): u64 { SIGNATURE_LENGTH }

/// True iff `signature` is a valid ed25519 signature of `msg` under `public_key`. Wrong lengths
/// are simply invalid (never an abort).
public fun verify(signature: &vector<u8>, public_key: &vector<u8>, msg: &vector<u8>): bool {
    signature.length() == SIGNATURE_LENGTH
        && public_key.length() == PUBLIC_KEY_LENGTH
        && ed25519::ed25519_verify(signature, public_key, msg)
}

/// True iff `proof` is `public_key`'s signature of the proof-of-possession message for `sender`.
public fun verify_proof_of_possession(
    sender: address,
    public_key: &vector<u8>,
    proof: &vector<u8>,
): bool {
    let msg = proof_of_possession(sender, *public_key);
    verify(proof, public_key, &msg)
}
