/// Tests of `walrus::auditors`: adding, removing, revocation of caps, re-adding with a new cap,
/// the size limit and every abort.
#[test_only]
module walrus::auditors_tests;

use sui::test_scenario as ts;
use walrus::auditors;

#[test]
fun add_and_remove_revoke_caps() {
    let mut s = ts::begin(@0x1);
    let mut r = auditors::new();
    let a = r.add(@0xA, 3, s.ctx());
    let b = r.add(@0xB, 4, s.ctx());
    assert!(r.size() == 2 && r.is_auditor(@0xA) && r.is_auditor(@0xB));
    assert!(r.cap_of(@0xA) == option::some(object::id(&a)) && r.cap_of(@0xC).is_none());
    assert!(r.assert_active(&a) == @0xA && a.cap_auditor() == @0xA);
    let e = r.entries()[1];
    assert!(e.entry_auditor() == @0xB && e.entry_cap_id() == object::id(&b));
    assert!(e.entry_added_epoch() == 4);
    let removed = r.remove(@0xA);
    assert!(removed.entry_cap_id() == object::id(&a));
    assert!(!r.is_active_cap(object::id(&a)) && r.is_active_cap(object::id(&b)));
    assert!(r.size() == 1 && !r.is_auditor(@0xA));
    // Re-adding issues a new cap; the old one stays revoked.
    let a2 = r.add(@0xA, 5, s.ctx());
    assert!(object::id(&a2) != object::id(&a) && !r.is_active_cap(object::id(&a)));
    assert!(r.entries()[1].entry_auditor() == @0xA);
    std::unit_test::destroy(vector[a, b, a2]);
    r.destroy_for_testing();
    s.end();
}

#[test]
fun the_registry_holds_up_to_100_auditors() {
    let mut s = ts::begin(@0x1);
    let mut r = auditors::new();
    let mut caps = vector[];
    auditors::max_auditors().do!(|i| {
        caps.push_back(r.add(sui::address::from_u256((i as u256) + 1), 0, s.ctx()));
    });
    assert!(r.size() == 100);
    std::unit_test::destroy(caps);
    r.destroy_for_testing();
    s.end();
}

#[test, expected_failure(abort_code = auditors::ETooManyAuditors)]
fun the_101st_auditor_aborts() {
    let mut s = ts::begin(@0x1);
    let mut r = auditors::new();
    let mut caps = vector[];
    101u64.do!(|i| caps.push_back(r.add(sui::address::from_u256((i as u256) + 1), 0, s.ctx())));
    abort
}

#[test, expected_failure(abort_code = auditors::EAlreadyAuditor)]
fun adding_twice_aborts() {
    let mut s = ts::begin(@0x1);
    let mut r = auditors::new();
    let _a = r.add(@0xA, 0, s.ctx());
    let _b = r.add(@0xA, 0, s.ctx());
    abort
}

#[test, expected_failure(abort_code = auditors::EAuditorNotFound)]
fun removing_an_unknown_auditor_aborts() {
    let mut r = auditors::new();
    r.remove(@0xA);
    abort
}

#[test, expected_failure(abort_code = auditors::ENotAuditor)]
fun a_revoked_cap_is_not_active() {
    let mut s = ts::begin(@0x1);
    let mut r = auditors::new();
    let a = r.add(@0xA, 0, s.ctx());
    r.remove(@0xA);
    r.assert_active(&a);
    abort
}
