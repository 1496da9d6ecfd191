/// Tests of `walrus::messages`: exact byte layouts and ed25519 verification with real keys.
#[test_only]
module walrus::messages_tests;

use walrus::messages;
use walrus::test_keys;

#[test]
fun storage_confirmation_layout() {
    let msg = messages::storage_confirmation(0x04030201, 0x2221201f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403);
    assert!(msg.length() == 39);
    let mut expected = x"010003";
    expected.append(x"01020304");
    expected.append(x"030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122");
    assert!(msg == expected);
}

#[test]
fun proof_of_possession_layout() {
    let pk = test_keys::public_key(0);
    let msg = messages::proof_of_possession(@0xa0, pk);
    assert!(msg.length() == 67);
    let mut expected = x"030003";
    expected.append(x"00000000000000000000000000000000000000000000000000000000000000a0");
    expected.append(pk);
    assert!(msg == expected);
}

#[test]
fun real_signatures_verify() {
    let msg = messages::storage_confirmation(1, test_keys::blob_a_id());
    let sig = test_keys::confirmation(0, 1, test_keys::blob_a());
    assert!(messages::verify(&sig, &test_keys::public_key(0), &msg));
    // Another key, epoch or blob does not verify.
    assert!(!messages::verify(&sig, &test_keys::public_key(1), &msg));
    let other_epoch = messages::storage_confirmation(2, test_keys::blob_a_id());
    assert!(!messages::verify(&sig, &test_keys::public_key(0), &other_epoch));
    let other_blob = messages::storage_confirmation(1, test_keys::blob_b_id());
    assert!(!messages::verify(&sig, &test_keys::public_key(0), &other_blob));
}

#[test]
fun wrong_lengths_are_invalid_not_aborts() {
    let msg = messages::storage_confirmation(1, test_keys::blob_a_id());
    let sig = test_keys::confirmation(0, 1, test_keys::blob_a());
    let mut long_sig = sig;
    long_sig.push_back(0);
    assert!(!messages::verify(&long_sig, &test_keys::public_key(0), &msg));
    assert!(!messages::verify(&vector[], &test_keys::public_key(0), &msg));
    assert!(!messages::verify(&sig, &x"0102", &msg));
    assert!(messages::public_key_length() == 32 && messages::signature_length() == 64);
}

#[test]
fun proof_of_possession_binds_sender_and_key() {
    let pk = test_keys::public_key(2);
    let pop = test_keys::proof_of_possession(2);
    assert!(messages::verify_proof_of_possession(test_keys::operator(2), &pk, &pop));
    assert!(!messages::verify_proof_of_possession(test_keys::operator(1), &pk, &pop));
    assert!(!messages::verify_proof_of_possession(test_keys::operator(2), &test_keys::public_key(1), &pop));
}
