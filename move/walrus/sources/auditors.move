/// The auditor registry: the addresses allowed to submit audit reports, each holding the
/// `AuditorCap` issued to it.
///
/// The registry is changed only by governance (`governance::execute` of an add or remove
/// proposal) and, once, by genesis (`system::create_system`'s initial auditors). There is no
/// admin: nothing else can add or revoke an auditor.
///
/// A cap works only while the registry lists its ID for its auditor: removing the auditor
/// revokes the cap for good, and adding the same address again issues a new cap (the old one
/// stays revoked). Caps are transferable (`key, store`), so an auditor can move its cap to a
/// hot key; reports are attributed to the auditor address the cap was issued to.
module walrus::auditors;

// === Constants ===

/// Largest number of registered auditors.
const MAX_AUDITORS: u64 = 100;

// === Errors ===

#[error(code = 0)]
/// The address is already a registered auditor.
const EAlreadyAuditor: vector<u8> =
    b"already an auditor: this address is already registered (each auditor holds one AuditorCap); remove it first to issue a new cap";

#[error(code = 1)]
/// No registered auditor has this address.
const EAuditorNotFound: vector<u8> =
    b"auditor not found: no registered auditor has this address (see the AuditorAdded events or system::auditors)";

#[error(code = 2)]
/// The registry is full.
const ETooManyAuditors: vector<u8> =
    b"too many auditors: the registry holds at most 100 auditors; remove one before adding another";

#[error(code = 3)]
/// The cap is not registered (revoked, or never issued by this system).
const ENotAuditor: vector<u8> =
    b"not an active auditor: this AuditorCap was revoked by governance or was not issued by this system; only registered auditors may submit reports";

// === Structs ===

/// The capability of a registered auditor: it authorizes audit reports while the registry
/// lists it.
public struct AuditorCap has key, store {
    id: UID,
    /// The address the cap was issued to (the auditor's identity in reports and events).
    auditor: address,
}

/// A registered auditor.
public struct AuditorEntry has copy, drop, store {
    /// The auditor's address (the cap was sent there).
    auditor: address,
    /// ID of the auditor's only valid `AuditorCap`.
    cap_id: ID,
    /// Epoch in which the auditor was added.
    added_epoch: u32,
}

/// The registered auditors, in the order they were added (removal keeps the others' order).
public struct AuditorRegistry has store {
    /// The auditors.
    entries: vector<AuditorEntry>,
}

// === Package functions ===

/// An empty registry. Called by `system` at genesis only.
public(package) fun new(): AuditorRegistry {
    AuditorRegistry { entries: vector[] }
}

/// Registers `auditor` and returns its new cap (the caller sends it to `auditor`). Called by
/// genesis and by `governance::execute` only. Aborts with `EAlreadyAuditor` or
/// `ETooManyAuditors`.
public(package) fun add(
    self: &mut AuditorRegistry,
    auditor: address,
    epoch: u32,
    ctx: &mut TxContext,
): AuditorCap {
    self.check_can_add(auditor);
    let cap = AuditorCap { id: object::new(ctx), auditor };
    self.entries.push_back(AuditorEntry { auditor, cap_id: object::id(&cap), added_epoch: epoch });
    cap
}

/// Removes `auditor` (revoking its cap) and returns its entry. Called by `governance::execute`
/// only. Aborts with `EAuditorNotFound`.
public(package) fun remove(self: &mut AuditorRegistry, auditor: address): AuditorEntry {
    let i = self.index_of(auditor);
    assert!(i.is_some(), EAuditorNotFound);
    self.entries.remove(i.destroy_some())
}

/// Returns the auditor address of `cap` if the registry lists it. Aborts with `ENotAuditor`
/// for a revoked or foreign cap.
public(package) fun assert_active(self: &AuditorRegistry, cap: &AuditorCap): address {
    assert!(self.is_active_cap(object::id(cap)), ENotAuditor);
    cap.auditor
}

// === Checks ===

/// Aborts unless `auditor` can be added: `EAlreadyAuditor` if registered, `ETooManyAuditors`
/// if the registry is full.
public fun check_can_add(self: &AuditorRegistry, auditor: address) {
    assert!(self.index_of(auditor).is_none(), EAlreadyAuditor);
    assert!(self.entries.length() < MAX_AUDITORS, ETooManyAuditors);
}

/// Aborts with `EAuditorNotFound` unless `auditor` is registered.
public fun check_can_remove(self: &AuditorRegistry, auditor: address) {
    assert!(self.index_of(auditor).is_some(), EAuditorNotFound);
}

// === Accessors ===

/// Number of registered auditors.
public fun size(self: &AuditorRegistry): u64 { self.entries.length() }

/// The registered auditors, in the order they were added.
public fun entries(self: &AuditorRegistry): &vector<AuditorEntry> { &self.entries }

/// True iff `auditor` is registered.
public fun is_auditor(self: &AuditorRegistry, auditor: address): bool {
    self.index_of(auditor).is_some()
}

/// True iff `cap_id` is the valid cap of a registered auditor.
public fun is_active_cap(self: &AuditorRegistry, cap_id: ID): bool {
    self.entries.any!(|e| e.cap_id == cap_id)
}

/// The valid cap ID of `auditor`, if registered.
public fun cap_of(self: &AuditorRegistry, auditor: address): Option<ID> {
    let i = self.index_of(auditor);
    if (i.is_none()) option::none() else option::some(self.entries[i.destroy_some()].cap_id)
}

/// Largest number of registered auditors.
public fun max_auditors(): u64 { MAX_AUDITORS }

/// The auditor address of an entry.
public fun entry_auditor(e: &AuditorEntry): address { e.auditor }

/// The cap ID of an entry.
public fun entry_cap_id(e: &AuditorEntry): ID { e.cap_id }

/// The epoch an entry was added in.
public fun entry_added_epoch(e: &AuditorEntry): u32 { e.added_epoch }

/// The address a cap was issued to.
public fun cap_auditor(cap: &AuditorCap): address { cap.auditor }

// === Internal ===

/// Position of `auditor` in the registry.
fun index_of(self: &AuditorRegistry, auditor: address): Option<u64> {
    self.entries.find_index!(|e| e.auditor == auditor)
}

// === Test only ===

#[test_only]
/// A cap that no registry lists (tests of reports from non-auditors).
public fun new_cap_for_testing(auditor: address, ctx: &mut TxContext): AuditorCap {
    AuditorCap { id: object::new(ctx), auditor }
}

#[test_only]
/// Destroys a registry (tests only).
public fun destroy_for_testing(self: AuditorRegistry) {
    let AuditorRegistry { entries: _ } = self;
}
