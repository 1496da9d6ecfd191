/// Tests of `walrus::pricing`: the weighted 2/3 quantiles from below (prices) and from above
/// (capacity), ties, single voters, and the abort.
#[test_only]
module walrus::pricing_tests;

use walrus::pricing;

#[test]
fun price_is_lowest_value_with_two_thirds_at_or_below() {
    // Weights 3, 3, 4 (total 10, 2/3 = 6.67): sorted 100(3), 200(3), 300(4):
    // cumulative 3, 6, 10 -> 300.
    assert!(pricing::quantile_from_below(&vector[300, 100, 200], &vector[4, 3, 3]) == 300);
    // Weights 4, 3, 3 on 100, 200, 300: cumulative 4, 7 -> 200.
    assert!(pricing::quantile_from_below(&vector[100, 200, 300], &vector[4, 3, 3]) == 200);
    // Exactly 2/3: 3 * 6 >= 2 * 9.
    assert!(pricing::quantile_from_below(&vector[1, 2, 3], &vector[3, 3, 3]) == 2);
}

#[test]
fun a_third_cannot_raise_the_price() {
    // 7 of 10 shards vote 10, 3 vote a huge price.
    assert!(
        pricing::quantile_from_below(&vector[std::u64::max_value!(), 10], &vector[3, 7]) == 10,
    );
}

#[test]
fun capacity_is_highest_value_with_two_thirds_at_or_above() {
    // 100(4), 200(3), 300(3): from above cumulative 3, 6, 10 -> 100.
    assert!(pricing::quantile_from_above(&vector[100, 200, 300], &vector[4, 3, 3]) == 100);
    // 100(3), 200(3), 300(4): from above 4, 7 -> 200.
    assert!(pricing::quantile_from_above(&vector[300, 200, 100], &vector[4, 3, 3]) == 200);
    // A third cannot raise the capacity.
    assert!(pricing::quantile_from_above(&vector[std::u64::max_value!(), 10], &vector[3, 7]) == 10);
}

#[test]
fun single_voter_and_equal_votes() {
    assert!(pricing::quantile_from_below(&vector[42], &vector[1]) == 42);
    assert!(pricing::quantile_from_above(&vector[42], &vector[1]) == 42);
    assert!(pricing::quantile_from_below(&vector[5, 5, 5], &vector[1, 1, 1]) == 5);
    // Zero-weight voters never decide.
    assert!(pricing::quantile_from_below(&vector[1, 9], &vector[0, 5]) == 9);
}

#[test, expected_failure(abort_code = pricing::EInvalidVotes)]
fun empty_votes_abort() {
    pricing::quantile_from_below(&vector[], &vector[]);
}

#[test, expected_failure(abort_code = pricing::EInvalidVotes)]
fun mismatched_lengths_abort() {
    pricing::quantile_from_above(&vector[1, 2], &vector[1]);
}

#[test, expected_failure(abort_code = pricing::EInvalidVotes)]
fun zero_total_weight_aborts() {
    pricing::quantile_from_below(&vector[1, 2], &vector[0, 0]);
}
