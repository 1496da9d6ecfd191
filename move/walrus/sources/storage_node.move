/// Storage node identity: the public information of a registered node (name, network address,
/// ed25519 protocol key) and the capability its operator holds to manage it.
///
/// A node's ID is the ID of its staking pool (`staking_pool::StakingPool`), created by
/// `system::register_candidate`.
module walrus::storage_node;

use std::string::String;
use walrus::messages;

// === Constants ===

/// Longest node name in bytes.
const MAX_NAME_LENGTH: u64 = 64;
/// Longest network address in bytes.
const MAX_NETWORK_ADDRESS_LENGTH: u64 = 256;

// === Errors ===

#[error(code = 0)]
/// The name is empty or longer than 64 bytes.
const EInvalidName: vector<u8> =
    b"invalid node name: it must be 1 to 64 bytes of UTF-8";

#[error(code = 1)]
/// The network address is empty or longer than 256 bytes.
const EInvalidNetworkAddress: vector<u8> =
    b"invalid network address: it must be 1 to 256 bytes (e.g. host:port or a URL)";

#[error(code = 2)]
/// The protocol public key is not 32 bytes.
const EInvalidPublicKey: vector<u8> =
    b"invalid public key: an ed25519 protocol public key is exactly 32 bytes";

#[error(code = 3)]
/// The proof of possession does not verify.
const EInvalidProofOfPossession: vector<u8> =
    b"invalid proof of possession: sign [3,0,3] ++ your sender address (32 bytes) ++ the public key (32 bytes) with the protocol key and send from that address";

// === Structs ===

/// Public information of a storage node.
public struct StorageNodeInfo has copy, drop, store {
    /// Human-readable name.
    name: String,
    /// Where clients reach the node (host:port or URL).
    network_address: String,
    /// ed25519 protocol public key (32 bytes) that signs storage confirmations.
    public_key: vector<u8>,
}

/// Capability of a node's operator: sets votes, commission and network address, and collects
/// the commission. Transferable, so operators can move it to a new address.
public struct StorageNodeCap has key, store {
    id: UID,
    /// The node this capability manages.
    node_id: ID,
}

// === Constructors ===

/// Checks and creates node information. Called by `system::register_candidate`; `sender` is
/// the registering address the proof of possession must bind. Aborts with `EInvalidName`,
/// `EInvalidNetworkAddress`, `EInvalidPublicKey` or `EInvalidProofOfPossession` (in that order).
public(package) fun new_info(
    name: String,
    network_address: String,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    sender: address,
): StorageNodeInfo {
    check_name(&name);
    check_network_address(&network_address);
    assert!(public_key.length() == messages::public_key_length(), EInvalidPublicKey);
    assert!(
        messages::verify_proof_of_possession(sender, &public_key, &proof_of_possession),
        EInvalidProofOfPossession,
    );
    StorageNodeInfo { name, network_address, public_key }
}

/// Creates the operator capability of `node_id`. Called by `system::register_candidate` only.
public(package) fun new_cap(node_id: ID, ctx: &mut TxContext): StorageNodeCap {
    StorageNodeCap { id: object::new(ctx), node_id }
}

/// Replaces the network address. Aborts with `EInvalidNetworkAddress` if it is empty or too long.
public(package) fun set_network_address(self: &mut StorageNodeInfo, network_address: String) {
    check_network_address(&network_address);
    self.network_address = network_address;
}

// === Accessors ===

/// Node name.
public fun name(self: &StorageNodeInfo): String { self.name }

/// Network address.
public fun network_address(self: &StorageNodeInfo): String { self.network_address }

/// ed25519 protocol public key.
public fun public_key(self: &StorageNodeInfo): &vector<u8> { &self.public_key }

/// The node a capability manages.
public fun cap_node_id(cap: &StorageNodeCap): ID { cap.node_id }

/// Longest node name in bytes (64).
public fun max_name_length(): u64 { MAX_NAME_LENGTH }

/// Longest network address in bytes (256).
public fun max_network_address_length(): u64 { MAX_NETWORK_ADDRESS_LENGTH }

// === Internal ===

/// Aborts with `EInvalidName` unless 1 <= length <= 64 bytes.
fun check_name(name: &String) {
    let len = name.length();
    assert!(len >= 1 && len <= MAX_NAME_LENGTH, EInvalidName);
}

/// Aborts with `EInvalidNetworkAddress` unless 1 <= length <= 256 bytes.
fun check_network_address(addr: &String) {
    let len = addr.length();
    assert!(len >= 1 && len <= MAX_NETWORK_ADDRESS_LENGTH, EInvalidNetworkAddress);
}

// === Test only ===

#[test_only]
/// A capability for an arbitrary node ID (tests of the capability checks).
public fun new_cap_for_testing(node_id: ID, ctx: &mut TxContext): StorageNodeCap {
    StorageNodeCap { id: object::new(ctx), node_id }
}
