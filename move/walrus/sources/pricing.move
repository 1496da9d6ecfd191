/// Weighted quantiles of the committee's votes, used at every epoch change to set the storage
/// price, the write price and the total capacity (weights are the members' shard counts, which
/// are proportional to stake).
///
/// * Prices (`quantile_from_below`): the lowest vote v such that the members voting at most v
///   hold at least 2/3 of the weight (`3 * weight(votes <= v) >= 2 * total`). A third of the
///   weight cannot push the price up.
/// * Capacity (`quantile_from_above`): the highest vote v such that the members voting at least
///   v hold at least 2/3 of the weight (`3 * weight(votes >= v) >= 2 * total`). A third of the
///   weight cannot push the capacity up.
module walrus::pricing;

// === Errors ===

#[error(code = 0)]
/// Values and weights differ in length, or there is no weight at all.
const EInvalidVotes: vector<u8> =
    b"invalid votes: values and weights must have the same non-zero length and a positive total weight";

// === Public functions ===

/// The lowest value at or below which at least 2/3 of the weight voted.
public fun quantile_from_below(values: &vector<u64>, weights: &vector<u64>): u64 {
    let (order, total) = sorted(values, weights);
    let mut acc: u128 = 0;
    let mut i = 0;
    let n = order.length();
    while (i < n) {
        let j = order[i];
        acc = acc + (weights[j] as u128);
        if (acc * 3 >= total * 2) return values[j];
        i = i + 1;
    };
    values[order[n - 1]]
}

/// The highest value at or above which at least 2/3 of the weight voted.
public fun quantile_from_above(values: &vector<u64>, weights: &vector<u64>): u64 {
    let (order, total) = sorted(values, weights);
    let mut acc: u128 = 0;
    let mut i = order.length();
    while (i > 0) {
        i = i - 1;
        let j = order[i];
        acc = acc + (weights[j] as u128);
        if (acc * 3 >= total * 2) return values[j];
    };
    values[order[0]]
}

// === Internal ===

/// Indices sorted by value ascending (stable insertion sort) and the total weight. Aborts with
/// `EInvalidVotes` on mismatched lengths or a zero total.
fun sorted(values: &vector<u64>, weights: &vector<u64>): (vector<u64>, u128) {
    let n = values.length();
    assert!(n > 0 && n == weights.length(), EInvalidVotes);
    let mut total: u128 = 0;
    weights.do_ref!(|w| total = total + (*w as u128));
    assert!(total > 0, EInvalidVotes);
    let mut order = vector[];
    n.do!(|i| {
        order.push_back(i);
        let mut j = order.length() - 1;
        while (j > 0 && values[order[j]] < values[order[j - 1]]) {
            order.swap(j, j - 1);
            j = j - 1;
        };
    });
    (order, total)
}
