/// The committee of an epoch: the storage nodes selected by stake, the shards each one holds and
/// the protocol keys they sign with; plus the selection, shard apportionment and certificate
/// verification algorithms (docs/contracts.md gives them step by step).
///
/// * Selection: eligible candidates sorted by stake (descending), ties by node ID (ascending, as
///   a u256), truncated to the maximum committee size.
/// * Apportionment (largest remainder / Hamilton): member i gets `floor(n * w_i / W)` shards;
///   the remaining shards go one each to the members with the largest remainders
///   `n * w_i mod W`, ties to the earlier member. Members with 0 shards leave the committee.
/// * Assignment with minimal moves: each member keeps its lowest-numbered shards from the
///   previous committee, up to its new count; every other shard is free and is handed out in
///   ascending order to the members still short of their count, in committee order. Only shards
///   a member must gain move.
/// * Certificates: a bitmap over committee order (LSB first) and one ed25519 signature per
///   signer in member order; the signers' shards must reach 2f + 1.
module walrus::committee;

use walrus::encoding;
use walrus::messages;

// === Constants ===

/// Marker for "no owner yet" during shard assignment.
const NO_OWNER: u64 = 0xFFFF_FFFF_FFFF_FFFF;

// === Errors ===

#[error(code = 0)]
/// The bitmap names a signer outside the committee.
const EInvalidBitmap: vector<u8> =
    b"invalid signers bitmap: a bit is set for a member index outside the committee (signer is not a member)";

#[error(code = 1)]
/// The number of signatures differs from the number of signers.
const ESignatureCountMismatch: vector<u8> =
    b"signature count mismatch: give exactly one signature per bit set in the signers bitmap, in member order";

#[error(code = 2)]
/// The signers hold fewer than 2f + 1 shards.
const ENotEnoughWeight: vector<u8> =
    b"not enough weight: the signers hold fewer than 2f+1 shards; collect more storage confirmations";

#[error(code = 3)]
/// A signature does not verify.
const EInvalidSignature: vector<u8> =
    b"invalid signature: a signature does not verify under its signer's protocol key for this message (wrong key, epoch or blob ID)";

// === Structs ===

/// A member of a committee.
public struct CommitteeMember has copy, drop, store {
    /// The node ID.
    node_id: ID,
    /// The node's ed25519 protocol key for this epoch.
    public_key: vector<u8>,
    /// The node's active stake at selection.
    stake: u64,
    /// Shard indices held by the node, ascending.
    shards: vector<u16>,
}

/// The committee of an epoch, in committee order.
public struct Committee has copy, drop, store {
    /// The epoch this committee serves.
    epoch: u32,
    /// Members in committee order (stake descending, then node ID ascending).
    members: vector<CommitteeMember>,
}

// === Constructors ===

/// An empty committee (epoch 0, or an epoch with no eligible candidate).
public(package) fun empty(epoch: u32): Committee {
    Committee { epoch, members: vector[] }
}

/// Selects and builds the committee of `epoch` from eligible candidates (the caller has applied
/// the eligibility filter): `node_ids[i]` with active stake `stakes[i]` (> 0) and protocol key
/// `public_keys[i]`. `previous` is the committee of the ending epoch, used to keep shard moves
/// minimal.
public(package) fun select(
    epoch: u32,
    node_ids: vector<ID>,
    stakes: vector<u64>,
    public_keys: vector<vector<u8>>,
    n_shards: u64,
    max_size: u64,
    previous: &Committee,
): Committee {
    // 1. Order by stake desc, node ID asc; keep the first max_size.
    let order = sort_by_stake(&node_ids, &stakes);
    let size = order.length().min(max_size);
    let mut sel_ids = vector[];
    let mut sel_stakes = vector[];
    let mut sel_keys = vector[];
    size.do!(|i| {
        let j = order[i];
        sel_ids.push_back(node_ids[j]);
        sel_stakes.push_back(stakes[j]);
        sel_keys.push_back(public_keys[j]);
    });

    // 2. Apportion the shards; drop members with none.
    let targets = apportion(&sel_stakes, n_shards);
    let mut members = vector[];
    let mut counts = vector[];
    size.do!(|i| if (targets[i] > 0) {
        members.push_back(CommitteeMember {
            node_id: sel_ids[i],
            public_key: sel_keys[i],
            stake: sel_stakes[i],
            shards: vector[],
        });
        counts.push_back(targets[i]);
    });
    if (members.is_empty()) return Committee { epoch, members };

    // 3. Assign shard indices, keeping as many previous shards as possible.
    let k = members.length();
    let mut owner = vector::tabulate!(n_shards, |_| NO_OWNER);
    let mut kept = vector::tabulate!(k, |_| 0u64);
    previous.members.do_ref!(|old| {
        let mut idx = option::none();
        let mut j = 0;
        while (j < k) {
            if (members[j].node_id == old.node_id) {
                idx = option::some(j);
                break
            };
            j = j + 1;
        };
        if (idx.is_some()) {
            let j = idx.destroy_some();
            old.shards.do_ref!(|s| {
                let s = *s as u64;
                if (s < n_shards && kept[j] < counts[j] && owner[s] == NO_OWNER) {
                    *&mut owner[s] = j;
                    *&mut kept[j] = kept[j] + 1;
                }
            });
        }
    });
    let mut cursor = 0;
    n_shards.do!(|s| if (owner[s] == NO_OWNER) {
        while (kept[cursor] >= counts[cursor]) cursor = cursor + 1;
        *&mut owner[s] = cursor;
        *&mut kept[cursor] = kept[cursor] + 1;
    });
    n_shards.do!(|s| members[owner[s]].shards.push_back(s as u16));
    Committee { epoch, members }
}

// === Algorithms ===

/// Indices of the candidates sorted by stake descending, then node ID ascending (IDs compared
/// as u256). Insertion sort: deterministic and stable.
public(package) fun sort_by_stake(node_ids: &vector<ID>, stakes: &vector<u64>): vector<u64> {
    let n = node_ids.length();
    let mut order = vector[];
    n.do!(|i| {
        order.push_back(i);
        let mut j = order.length() - 1;
        while (j > 0 && comes_before(node_ids, stakes, order[j], order[j - 1])) {
            order.swap(j, j - 1);
            j = j - 1;
        };
    });
    order
}

/// Largest-remainder apportionment of `n` shards to `stakes` (all > 0): member i gets
/// `floor(n * w_i / W)`, then the `n - sum` remaining shards go one each to the largest
/// remainders `n * w_i mod W`, ties to the lower index. Returns 0s for an empty list.
public fun apportion(stakes: &vector<u64>, n: u64): vector<u64> {
    let k = stakes.length();
    let mut total: u128 = 0;
    stakes.do_ref!(|w| total = total + (*w as u128));
    if (k == 0 || total == 0) return vector::tabulate!(k, |_| 0);
    let mut counts = vector[];
    let mut rems = vector[];
    let mut assigned = 0;
    stakes.do_ref!(|w| {
        let scaled = (n as u128) * (*w as u128);
        let q = (scaled / total) as u64;
        counts.push_back(q);
        rems.push_back(scaled % total);
        assigned = assigned + q;
    });
    let mut bumped = vector::tabulate!(k, |_| false);
    (n - assigned).do!(|_| {
        let mut best = k;
        k.do!(|i| if (!bumped[i] && (best == k || rems[i] > rems[best])) best = i);
        *&mut bumped[best] = true;
        *&mut counts[best] = counts[best] + 1;
    });
    counts
}

/// Verifies a storage certificate over `message` and returns the signers' shard count. Checks,
/// in order: the bitmap names only members (`EInvalidBitmap`); one signature per signer
/// (`ESignatureCountMismatch`); the signers hold at least 2f + 1 shards (`ENotEnoughWeight`);
/// every signature verifies (`EInvalidSignature`).
public fun verify_certificate(
    self: &Committee,
    n_shards: u64,
    signers: &vector<u8>,
    signatures: &vector<vector<u8>>,
    message: &vector<u8>,
): u64 {
    let k = self.members.length();
    let mut indices = vector[];
    signers.length().do!(|byte| {
        let b = signers[byte];
        8u64.do!(|bit| if ((b >> (bit as u8)) & 1 == 1) {
            let idx = byte * 8 + bit;
            assert!(idx < k, EInvalidBitmap);
            indices.push_back(idx);
        });
    });
    assert!(indices.length() == signatures.length(), ESignatureCountMismatch);
    let mut weight = 0;
    indices.do_ref!(|i| weight = weight + self.members[*i].shards.length());
    assert!(weight >= encoding::quorum_shards(n_shards), ENotEnoughWeight);
    indices.length().do!(|j| {
        let member = &self.members[indices[j]];
        assert!(messages::verify(&signatures[j], &member.public_key, message), EInvalidSignature);
    });
    weight
}

// === Accessors ===

/// The epoch this committee serves.
public fun epoch(self: &Committee): u32 { self.epoch }

/// Number of members.
public fun size(self: &Committee): u64 { self.members.length() }

/// True iff the committee has no member.
public fun is_empty(self: &Committee): bool { self.members.is_empty() }

/// Member `i` in committee order.
public fun member(self: &Committee, i: u64): &CommitteeMember { &self.members[i] }

/// All members in committee order.
public fun members(self: &Committee): &vector<CommitteeMember> { &self.members }

/// Node IDs in committee order.
public fun node_ids(self: &Committee): vector<ID> { self.members.map_ref!(|m| m.node_id) }

/// Shard counts in committee order.
public fun shard_counts(self: &Committee): vector<u64> {
    self.members.map_ref!(|m| m.shards.length())
}

/// Index of `node_id` in the committee, if it is a member.
public fun index_of(self: &Committee, node_id: ID): Option<u64> {
    let mut i = 0;
    let k = self.members.length();
    while (i < k) {
        if (self.members[i].node_id == node_id) return option::some(i);
        i = i + 1;
    };
    option::none()
}

/// True iff `node_id` is a member.
public fun contains(self: &Committee, node_id: ID): bool { self.index_of(node_id).is_some() }

/// Shards held by `node_id` (0 if not a member).
public fun shards_of(self: &Committee, node_id: ID): u64 {
    let idx = self.index_of(node_id);
    if (idx.is_none()) 0 else self.members[idx.destroy_some()].shards.length()
}

/// Sum of all members' shard counts (n_shards, or 0 for an empty committee).
public fun total_shards(self: &Committee): u64 {
    let mut sum = 0;
    self.members.do_ref!(|m| sum = sum + m.shards.length());
    sum
}

/// Sum of the members' stakes.
public fun total_stake(self: &Committee): u64 {
    let mut sum = 0;
    self.members.do_ref!(|m| sum = sum + m.stake);
    sum
}

/// A member's node ID.
public fun member_node_id(m: &CommitteeMember): ID { m.node_id }

/// A member's protocol key.
public fun member_public_key(m: &CommitteeMember): &vector<u8> { &m.public_key }

/// A member's stake at selection.
public fun member_stake(m: &CommitteeMember): u64 { m.stake }

/// A member's shard indices (ascending).
public fun member_shards(m: &CommitteeMember): &vector<u16> { &m.shards }

/// A member's shard count (its weight).
public fun member_weight(m: &CommitteeMember): u64 { m.shards.length() }

// === Internal ===

/// True iff candidate `a` comes before candidate `b`: more stake, or equal stake and a smaller
/// node ID.
fun comes_before(node_ids: &vector<ID>, stakes: &vector<u64>, a: u64, b: u64): bool {
    if (stakes[a] != stakes[b]) return stakes[a] > stakes[b];
    let id_a = sui::address::to_u256(node_ids[a].to_address());
    let id_b = sui::address::to_u256(node_ids[b].to_address());
    id_a < id_b
}
