/// Tests of `walrus::committee`: ordering, largest-remainder apportionment, shard assignment with
/// minimal moves, and certificate verification (real ed25519 signatures from `test_keys`) with
/// every abort.
#[test_only]
module walrus::committee_tests;

use walrus::committee::{Self, Committee};
use walrus::messages;
use walrus::test_keys;

fun id(a: address): ID { object::id_from_address(a) }

fun keys(n: u64): vector<vector<u8>> { vector::tabulate!(n, |i| test_keys::public_key(i)) }

#[test]
fun sorted_by_stake_then_id() {
    let ids = vector[id(@0x3), id(@0x1), id(@0x2), id(@0x4)];
    let stakes = vector[100, 100, 300, 50];
    assert!(committee::sort_by_stake(&ids, &stakes) == vector[2, 1, 0, 3]);
}

#[test]
fun apportion_largest_remainder() {
    assert!(committee::apportion(&vector[400, 300, 150, 100, 50], 10) == vector[4, 3, 2, 1, 0]);
    assert!(committee::apportion(&vector[1, 1, 1], 10) == vector[4, 3, 3]);
    assert!(committee::apportion(&vector[1], 1000) == vector[1000]);
    assert!(committee::apportion(&vector[], 10) == vector[]);
    let max = std::u64::max_value!();
    assert!(committee::apportion(&vector[max, max], 1000) == vector[500, 500]);
    // Remainders decide: 10 * [5, 3, 2] / 10 is exact; 7 shards: 3.5, 2.1, 1.4 -> 3, 2, 1 + 1 to
    // the largest remainder (the first).
    assert!(committee::apportion(&vector[5, 3, 2], 7) == vector[4, 2, 1]);
}

#[test]
fun select_orders_truncates_and_drops_members_without_shards() {
    let ids = vector[id(@0x5), id(@0x4), id(@0x3), id(@0x2), id(@0x1)];
    let stakes = vector[50, 100, 150, 300, 400];
    let c = committee::select(1, ids, stakes, keys(5), 10, 10, &committee::empty(0));
    // Node @0x5 (stake 50) gets 0 shards and is dropped.
    assert!(c.size() == 4);
    assert!(c.node_ids() == vector[id(@0x1), id(@0x2), id(@0x3), id(@0x4)]);
    assert!(c.shard_counts() == vector[4, 3, 2, 1]);
    assert!(c.member(0).member_shards() == &vector[0, 1, 2, 3]);
    assert!(c.member(3).member_shards() == &vector[9]);
    assert!(c.member(0).member_public_key() == &test_keys::public_key(4));
    assert!(c.total_shards() == 10 && c.total_stake() == 950 && c.epoch() == 1);
    assert!(c.member(1).member_stake() == 300 && c.member(1).member_weight() == 3);
    assert!(c.shards_of(id(@0x2)) == 3 && c.shards_of(id(@0x5)) == 0);
    assert!(c.contains(id(@0x3)) && !c.contains(id(@0x5)));
    // Truncation to the two largest.
    let ids = vector[id(@0x5), id(@0x4), id(@0x3), id(@0x2), id(@0x1)];
    let c2 = committee::select(1, ids, vector[50, 100, 150, 300, 400], keys(5), 10, 2, &committee::empty(0));
    assert!(c2.node_ids() == vector[id(@0x1), id(@0x2)]);
    assert!(c2.shard_counts() == vector[6, 4]);
}

#[test]
fun empty_candidates_give_empty_committee() {
    let c = committee::select(3, vector[], vector[], vector[], 10, 10, &committee::empty(2));
    assert!(c.is_empty() && c.epoch() == 3 && c.total_shards() == 0);
}

/// Shards a node holds in `c` (empty if not a member).
fun shards(c: &Committee, node: ID): vector<u16> {
    let idx = c.index_of(node);
    if (idx.is_none()) vector[] else *c.member(idx.destroy_some()).member_shards()
}

/// Number of shards whose holder changed between `a` and `b` (over n shards).
fun moves(a: &Committee, b: &Committee, n: u64): u64 {
    let mut moved = 0;
    n.do!(|s| {
        let s = s as u16;
        let mut holder_a = option::none();
        a.members().do_ref!(|m| if (m.member_shards().contains(&s)) holder_a = option::some(m.member_node_id()));
        let mut holder_b = option::none();
        b.members().do_ref!(|m| if (m.member_shards().contains(&s)) holder_b = option::some(m.member_node_id()));
        if (holder_a != holder_b) moved = moved + 1;
    });
    moved
}

#[test]
fun assignment_keeps_shards_and_moves_the_minimum() {
    let (a, b, c, d) = (id(@0xA), id(@0xB), id(@0xC), id(@0xD));
    let e1 = committee::select(1, vector[a, b, c], vector[300, 300, 400], keys(3), 10, 10, &committee::empty(0));
    assert!(shards(&e1, c) == vector[0, 1, 2, 3]);
    assert!(shards(&e1, a) == vector[4, 5, 6]);
    assert!(shards(&e1, b) == vector[7, 8, 9]);
    // A leaves, D joins with A's stake: only A's three shards move, all to D.
    let e2 = committee::select(2, vector[b, c, d], vector[300, 400, 300], keys(3), 10, 10, &e1);
    assert!(shards(&e2, c) == vector[0, 1, 2, 3]);
    assert!(shards(&e2, b) == vector[7, 8, 9]);
    assert!(shards(&e2, d) == vector[4, 5, 6]);
    assert!(moves(&e1, &e2, 10) == 3);
    // C shrinks to 2 shards (keeps its lowest, 0 and 1); B and D grow to 4 and take 2 and 3.
    let e3 = committee::select(3, vector[b, c, d], vector[300, 100, 300], keys(3), 10, 10, &e2);
    assert!(e3.node_ids() == vector[b, d, c]);
    assert!(shards(&e3, c) == vector[0, 1]);
    assert!(shards(&e3, b) == vector[2, 7, 8, 9]);
    assert!(shards(&e3, d) == vector[3, 4, 5, 6]);
    assert!(moves(&e2, &e3, 10) == 2);
    // Same stakes again: nothing moves.
    let e4 = committee::select(4, vector[d, c, b], vector[300, 100, 300], keys(3), 10, 10, &e3);
    assert!(moves(&e3, &e4, 10) == 0);
}

/// Committee of epoch 1 over test keys 0..3 with stakes 400, 300, 200, 100 (shards 4, 3, 2, 1);
/// member i has test key i.
fun four_members(): Committee {
    let ids = vector[id(@0x10), id(@0x11), id(@0x12), id(@0x13)];
    committee::select(1, ids, vector[400, 300, 200, 100], keys(4), 10, 10, &committee::empty(0))
}

fun msg_a(epoch: u32): vector<u8> { messages::storage_confirmation(epoch, test_keys::blob_a_id()) }

fun sig(key: u64, epoch: u32): vector<u8> { test_keys::confirmation(key, epoch, test_keys::blob_a()) }

#[test]
fun quorum_certificate_verifies() {
    let c = four_members();
    // Members 0 and 1 hold 4 + 3 = 7 = 2f + 1 shards.
    assert!(c.verify_certificate(10, &vector[0x03], &vector[sig(0, 1), sig(1, 1)], &msg_a(1)) == 7);
    let all = vector[sig(0, 1), sig(1, 1), sig(2, 1), sig(3, 1)];
    assert!(c.verify_certificate(10, &vector[0x0f], &all, &msg_a(1)) == 10);
    // Trailing zero bytes are allowed.
    assert!(c.verify_certificate(10, &vector[0x03, 0x00], &vector[sig(0, 1), sig(1, 1)], &msg_a(1)) == 7);
}

#[test, expected_failure(abort_code = committee::EInvalidBitmap)]
fun signer_outside_committee_aborts() {
    let c = four_members();
    let sigs = vector[sig(0, 1), sig(1, 1), sig(5, 1)];
    c.verify_certificate(10, &vector[0x13], &sigs, &msg_a(1));
}

#[test, expected_failure(abort_code = committee::EInvalidBitmap)]
fun signer_in_trailing_byte_aborts() {
    let c = four_members();
    let sigs = vector[sig(0, 1), sig(1, 1), sig(5, 1)];
    c.verify_certificate(10, &vector[0x03, 0x01], &sigs, &msg_a(1));
}

#[test, expected_failure(abort_code = committee::ESignatureCountMismatch)]
fun missing_signature_aborts() {
    let c = four_members();
    c.verify_certificate(10, &vector[0x07], &vector[sig(0, 1), sig(1, 1)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::ESignatureCountMismatch)]
fun extra_signature_aborts() {
    let c = four_members();
    c.verify_certificate(10, &vector[0x03], &vector[sig(0, 1), sig(1, 1), sig(2, 1)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::ENotEnoughWeight)]
fun too_little_weight_aborts() {
    let c = four_members();
    // Members 0 and 2: 4 + 2 = 6 < 7.
    c.verify_certificate(10, &vector[0x05], &vector[sig(0, 1), sig(2, 1)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::ENotEnoughWeight)]
fun empty_certificate_aborts() {
    let c = four_members();
    c.verify_certificate(10, &vector[], &vector[], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::EInvalidSignature)]
fun forged_signature_aborts() {
    let c = four_members();
    // Member 1's slot carries the outsider key 5's signature.
    c.verify_certificate(10, &vector[0x03], &vector[sig(0, 1), sig(5, 1)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::EInvalidSignature)]
fun signatures_out_of_order_abort() {
    let c = four_members();
    c.verify_certificate(10, &vector[0x03], &vector[sig(1, 1), sig(0, 1)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::EInvalidSignature)]
fun signature_for_another_epoch_aborts() {
    let c = four_members();
    c.verify_certificate(10, &vector[0x03], &vector[sig(0, 1), sig(1, 2)], &msg_a(1));
}

#[test, expected_failure(abort_code = committee::EInvalidSignature)]
fun signature_for_another_blob_aborts() {
    let c = four_members();
    let other = test_keys::confirmation(1, 1, test_keys::blob_b());
    c.verify_certificate(10, &vector[0x03], &vector[sig(0, 1), other], &msg_a(1));
}
