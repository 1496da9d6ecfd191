/// Handwritten tests of `walrus::encoding` (the generated cross-language vectors are in
/// `encoding_vectors_tests.move`): RS2 parameters, symbol and encoded sizes at the edges, storage
/// units, blob IDs against values computed off chain (scripts/gen-move-test-keys.mjs and Python's
/// hashlib), and every abort.
#[test_only]
module walrus::encoding_tests;

use walrus::encoding;
use walrus::test_keys;

#[test]
fun rs2_parameters() {
    assert!(encoding::rs2_encoding_type() == 1);
    assert!(encoding::max_faulty(4) == 1);
    assert!(encoding::max_faulty(10) == 3);
    assert!(encoding::max_faulty(1000) == 333);
    assert!(encoding::quorum_shards(4) == 3);
    assert!(encoding::quorum_shards(10) == 7);
    assert!(encoding::quorum_shards(1000) == 667);
    assert!(encoding::primary_source_symbols(10) == 4);
    assert!(encoding::secondary_source_symbols(10) == 7);
    assert!(encoding::primary_source_symbols(1000) == 334);
    assert!(encoding::secondary_source_symbols(1000) == 667);
    assert!(encoding::metadata_size(10) == 640);
}

#[test]
fun symbol_size_is_even_and_at_least_two() {
    // n = 4: k_p * k_s = 6.
    assert!(encoding::symbol_size(4, 0) == 2);
    assert!(encoding::symbol_size(4, 1) == 2);
    assert!(encoding::symbol_size(4, 7) == 2);
    assert!(encoding::symbol_size(4, 12) == 2);
    assert!(encoding::symbol_size(4, 13) == 4);
    assert!(encoding::symbol_size(4, 18) == 4);
    assert!(encoding::symbol_size(4, 19) == 4);
    assert!(encoding::symbol_size(4, 25) == 6);
    assert!(encoding::symbol_size(4, 393_204) == 65_534);
}

#[test]
fun encoded_size_small_and_large() {
    assert!(encoding::encoded_size(4, 0) == 1_064);
    assert!(encoding::encoded_size(4, 13) == 1_104);
    assert!(encoding::encoded_size(10, 1_000) == 10_360);
    assert!(encoding::encoded_size(10, 500_000) == 1_970_780);
    assert!(encoding::encoded_size(1000, 0) == 66_002_000);
    // The largest encoded size of all: n = 1000 at the maximum blob size.
    assert!(encoding::max_blob_size(1000) == 14_599_533_452);
    assert!(encoding::encoded_size(1000, 14_599_533_452) == 65_663_534_000);
}

#[test]
fun max_blob_size_is_the_last_accepted_size() {
    assert!(encoding::max_blob_size(4) == 393_204);
    assert!(encoding::encoded_size(4, 393_204) == 1_311_704);
}

#[test]
fun storage_units_round_up_to_mebibytes() {
    assert!(encoding::bytes_per_unit() == 1_048_576);
    assert!(encoding::storage_units(0) == 0);
    assert!(encoding::storage_units(1) == 1);
    assert!(encoding::storage_units(1_048_576) == 1);
    assert!(encoding::storage_units(1_048_577) == 2);
    assert!(encoding::storage_units(std::u64::max_value!()) == 17_592_186_044_416);
}

#[test]
fun blob_id_matches_off_chain_computation() {
    assert!(
        encoding::blob_id(1, test_keys::blob_a_size(), test_keys::blob_a_root())
            == test_keys::blob_a_id(),
    );
    assert!(
        encoding::blob_id(1, test_keys::blob_b_size(), test_keys::blob_b_root())
            == test_keys::blob_b_id(),
    );
}

#[test]
fun blob_id_commits_to_every_input() {
    let id = encoding::blob_id(1, 1000, 0xaaaa0001);
    assert!(encoding::blob_id(2, 1000, 0xaaaa0001) != id);
    assert!(encoding::blob_id(1, 1001, 0xaaaa0001) != id);
    assert!(encoding::blob_id(1, 1000, 0xaaaa0002) != id);
}

#[test, expected_failure(abort_code = encoding::EInvalidShardCount)]
fun too_few_shards_abort() {
    encoding::encoded_size(3, 100);
}

#[test, expected_failure(abort_code = encoding::EInvalidShardCount)]
fun too_many_shards_abort() {
    encoding::encoded_size(1001, 100);
}

#[test, expected_failure(abort_code = encoding::EInvalidShardCount)]
fun zero_shards_abort() {
    encoding::max_faulty(0);
}

#[test, expected_failure(abort_code = encoding::EBlobTooLarge)]
fun one_byte_over_the_maximum_aborts() {
    encoding::encoded_size(4, 393_205);
}

#[test, expected_failure(abort_code = encoding::EBlobTooLarge)]
fun u64_max_size_aborts_without_overflow() {
    encoding::encoded_size(1000, std::u64::max_value!());
}
