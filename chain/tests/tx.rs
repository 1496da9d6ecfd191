//! Every transaction builder: the built transaction, BCS-encoded and decoded back as a Sui
//! `Transaction`, is the intended programmable transaction: the intended Move calls (package,
//! module, function, no type arguments) with the intended arguments (pure values decode to the
//! intended values; objects are the intended objects with the right kind and mutability), the
//! WAL payment plumbing, and the transfers of the results to the sender. No server needed.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sui_sdk_types::{
    Address, Argument, Command, Digest, Input, Mutability, ProgrammableTransaction, Transaction,
    TransactionKind,
};
use walrus_chain::ChainError;
use walrus_chain::bindings::{GovernedParameter, Id, ProposalAction, VoteChoice};
use walrus_chain::config::PackageConfig;
use walrus_chain::tx::{
    self, AuditReport, BlobRegistration, CoinRef, Deployment, Genesis, NodeRegistration, NodeVotes,
    ObjectRef, SharedRef, TransactionBuilder, WalrusPtb,
};
use walrus_core::{BlobId, Certificate, ProtocolSignature};

const WAL: Address = Address::from_static("0xa11");
const WALRUS: Address = Address::from_static("0xb22");
/// The walrus package after an upgrade: calls go here, types keep `WALRUS`.
const WALRUS_V2: Address = Address::from_static("0xb23");
const SENDER: Address = Address::from_static("0x5e4d");
const SYSTEM: SharedRef = SharedRef {
    id: Address::from_static("0x555"),
    initial_shared_version: 7,
};
const TREASURY: SharedRef = SharedRef {
    id: Address::from_static("0x7ea"),
    initial_shared_version: 3,
};
const RANDOM: SharedRef = SharedRef {
    id: Address::from_static("0x8"),
    initial_shared_version: 42,
};

fn deployment() -> Deployment {
    Deployment {
        packages: PackageConfig {
            wal: WAL,
            walrus: WALRUS,
            wal_published_at: None,
            walrus_published_at: Some(WALRUS_V2),
        },
        system: SYSTEM,
        wal_treasury: TREASURY,
        clock: SharedRef::CLOCK,
        random: Some(RANDOM),
    }
}

fn obj(n: u8) -> ObjectRef {
    ObjectRef {
        id: Address::new([n; 32]),
        version: u64::from(n) + 100,
        digest: Digest::new([n; 32]),
    }
}

fn coin(n: u8, balance: u64) -> CoinRef {
    CoinRef {
        object: obj(n),
        balance,
    }
}

/// What an argument resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum A {
    Pure(Vec<u8>),
    Owned(ObjectRef),
    Shared(SharedRef, bool),
    Result(u16),
    Nested(u16, u16),
}

fn pure<T: Serialize>(v: &T) -> A {
    A::Pure(bcs::to_bytes(v).unwrap())
}

fn system(mutable: bool) -> A {
    A::Shared(SYSTEM, mutable)
}

fn clock() -> A {
    A::Shared(SharedRef::CLOCK, false)
}

fn owned(n: u8) -> A {
    A::Owned(obj(n))
}

/// A built transaction decoded back from its BCS.
struct Built {
    ptb: ProgrammableTransaction,
}

/// Completes the builder the way `SuiChain::prepare` does (with fixed gas), builds it, and
/// decodes it back from BCS.
fn built(mut b: TransactionBuilder) -> Built {
    b.set_sender(SENDER);
    b.set_gas_price(1_000);
    b.set_gas_budget(50_000_000);
    b.add_gas_objects([sui_transaction_builder::ObjectInput::owned(
        Address::from_static("0x9a5"),
        1,
        Digest::ZERO,
    )]);
    let tx = b.try_build().expect("builds");
    let bytes = bcs::to_bytes(&tx).unwrap();
    let back: Transaction = bcs::from_bytes(&bytes).expect("decodes as a Sui transaction");
    assert_eq!(back, tx);
    assert_eq!(back.sender, SENDER);
    let TransactionKind::ProgrammableTransaction(ptb) = back.kind else {
        panic!("not a programmable transaction");
    };
    Built { ptb }
}

impl Built {
    fn arg(&self, a: &Argument) -> A {
        match a {
            Argument::Input(i) => match &self.ptb.inputs[usize::from(*i)] {
                Input::Pure(bytes) => A::Pure(bytes.clone()),
                Input::ImmutableOrOwned(r) => A::Owned(ObjectRef {
                    id: *r.object_id(),
                    version: r.version(),
                    digest: *r.digest(),
                }),
                Input::Shared(s) => A::Shared(
                    SharedRef {
                        id: s.object_id(),
                        initial_shared_version: s.version(),
                    },
                    match s.mutability() {
                        Mutability::Mutable => true,
                        Mutability::Immutable => false,
                        other => panic!("unexpected mutability {other:?}"),
                    },
                ),
                other => panic!("unexpected input {other:?}"),
            },
            Argument::Result(i) => A::Result(*i),
            Argument::NestedResult(i, j) => A::Nested(*i, *j),
            Argument::Gas => panic!("the gas coin is not used by the builders"),
        }
    }

    fn args(&self, args: &[Argument]) -> Vec<A> {
        args.iter().map(|a| self.arg(a)).collect()
    }

    /// Decodes a pure argument as `T` (no bytes left over).
    fn pure<T: DeserializeOwned>(&self, a: &Argument) -> T {
        match self.arg(a) {
            A::Pure(bytes) => bcs::from_bytes(&bytes).expect("the pure value decodes"),
            other => panic!("not pure: {other:?}"),
        }
    }

    fn len(&self) -> usize {
        self.ptb.commands.len()
    }

    /// Asserts that command `i` calls `package::module::function` with `expected` arguments;
    /// returns its raw arguments.
    fn call(
        &self,
        i: usize,
        package: Address,
        module: &str,
        function: &str,
        expected: &[A],
    ) -> &[Argument] {
        let Command::MoveCall(call) = &self.ptb.commands[i] else {
            panic!("command {i} is not a Move call: {:?}", self.ptb.commands[i]);
        };
        assert_eq!(
            (call.package, call.module.as_str(), call.function.as_str()),
            (package, module, function),
            "command {i}"
        );
        assert!(call.type_arguments.is_empty(), "no type arguments");
        assert_eq!(
            self.args(&call.arguments),
            expected,
            "arguments of {module}::{function}"
        );
        &call.arguments
    }

    fn walrus(&self, i: usize, module: &str, function: &str, expected: &[A]) -> &[Argument] {
        self.call(i, WALRUS_V2, module, function, expected)
    }

    fn transfer_to_sender(&self, i: usize, objects: &[A]) {
        let Command::TransferObjects(t) = &self.ptb.commands[i] else {
            panic!("command {i} is not a transfer: {:?}", self.ptb.commands[i]);
        };
        assert_eq!(self.args(&t.objects), objects);
        assert_eq!(self.pure::<Address>(&t.address), SENDER);
    }

    fn split(&self, i: usize, coin: A, amounts: &[u64]) {
        let Command::SplitCoins(s) = &self.ptb.commands[i] else {
            panic!("command {i} is not a split: {:?}", self.ptb.commands[i]);
        };
        assert_eq!(self.arg(&s.coin), coin);
        let got: Vec<u64> = s.amounts.iter().map(|a| self.pure(a)).collect();
        assert_eq!(got, amounts);
    }

    fn merge(&self, i: usize, coin: A, merged: &[A]) {
        let Command::MergeCoins(m) = &self.ptb.commands[i] else {
            panic!("command {i} is not a merge: {:?}", self.ptb.commands[i]);
        };
        assert_eq!(self.arg(&m.coin), coin);
        assert_eq!(self.args(&m.coins_to_merge), merged);
    }
}

// === Payments ===

#[test]
fn reserve_space_splits_a_capped_payment_and_returns_the_change() {
    let d = deployment();
    let b =
        tx::reserve_space(&d, SENDER, &[coin(1, 1_000), coin(2, 50)], 330, 10 << 20, 3).unwrap();
    let t = built(b);
    assert_eq!(t.len(), 4);
    // The largest coin covers it: split the cap off it.
    t.split(0, owned(1), &[330]);
    let args = t.walrus(
        1,
        "system",
        "reserve_space",
        &[
            system(true),
            pure(&(10u64 << 20)),
            pure(&3u32),
            A::Nested(0, 0),
        ],
    );
    assert_eq!(t.pure::<u64>(&args[1]), 10 << 20);
    assert_eq!(t.pure::<u32>(&args[2]), 3);
    // What the call left in the split coin goes back into the sender's coin.
    t.merge(2, owned(1), &[A::Nested(0, 0)]);
    t.transfer_to_sender(3, &[A::Result(1)]);
}

#[test]
fn payments_merge_the_fewest_largest_coins_and_skip_an_exact_split() {
    let d = deployment();
    // 600 needs the two largest coins (500 + 200): merged, then split.
    let coins = [coin(1, 100), coin(2, 500), coin(3, 200)];
    let t = built(tx::reserve_space(&d, SENDER, &coins, 600, 1, 1).unwrap());
    t.merge(0, owned(2), &[owned(3)]);
    t.split(1, owned(2), &[600]);
    t.walrus(
        2,
        "system",
        "reserve_space",
        &[system(true), pure(&1u64), pure(&1u32), A::Nested(1, 0)],
    );
    t.merge(3, owned(2), &[A::Nested(1, 0)]);
    t.transfer_to_sender(4, &[A::Result(2)]);

    // Exactly the balance of one coin: the coin itself pays, nothing to split or return.
    let t = built(tx::reserve_space(&d, SENDER, &[coin(4, 330)], 330, 1, 1).unwrap());
    assert_eq!(t.len(), 2);
    t.walrus(
        0,
        "system",
        "reserve_space",
        &[system(true), pure(&1u64), pure(&1u32), owned(4)],
    );
    t.transfer_to_sender(1, &[A::Result(0)]);

    // Not enough WAL: a clear error before anything is built.
    let Err(err) = tx::reserve_space(&d, SENDER, &coins, 801, 1, 1) else {
        panic!("built without enough WAL");
    };
    match &err {
        ChainError::InsufficientBalance {
            owner,
            needed,
            available,
            coins,
            coin_type,
        } => {
            assert_eq!((*owner, *needed, *available, *coins), (SENDER, 801, 800, 3));
            assert!(coin_type.ends_with("::wal::WAL"), "{coin_type}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("needs 801"), "{err}");
    assert!(matches!(
        tx::stake_with_pool(&d, SENDER, &[], 1, Id(Address::ZERO)),
        Err(ChainError::InsufficientBalance {
            available: 0,
            coins: 0,
            ..
        })
    ));
}

// === Blobs ===

fn registration() -> BlobRegistration {
    let mut id = [0u8; 32];
    id[0] = 0xaa;
    id[31] = 0x01;
    BlobRegistration {
        blob_id: BlobId(id),
        root_hash: walrus_core::Digest([0x77; 32]),
        size: 12_345,
        encoding_type: 1,
        deletable: true,
    }
}

fn blob_args(storage: A, payment: A) -> Vec<A> {
    let r = registration();
    vec![
        system(true),
        storage,
        A::Pure(r.blob_id.0.to_vec()),
        A::Pure(r.root_hash.0.to_vec()),
        pure(&12_345u64),
        pure(&1u8),
        pure(&true),
        payment,
    ]
}

#[test]
fn register_blob_passes_the_storage_and_the_u256_ids() {
    let d = deployment();
    let t =
        built(tx::register_blob(&d, SENDER, &obj(5), &registration(), &[coin(1, 90)], 70).unwrap());
    t.split(0, owned(1), &[70]);
    let args = t.walrus(
        1,
        "system",
        "register_blob",
        &blob_args(owned(5), A::Nested(0, 0)),
    );
    // u256 arguments are 32 little-endian bytes.
    let id: [u8; 32] = t.pure(&args[2]);
    assert_eq!(BlobId(id), registration().blob_id);
    assert_eq!((id[0], id[31]), (0xaa, 0x01));
    t.merge(2, owned(1), &[A::Nested(0, 0)]);
    t.transfer_to_sender(3, &[A::Result(1)]);
}

#[test]
fn reserve_and_register_in_one_transaction() {
    let d = deployment();
    let t = built(
        tx::reserve_and_register_blob(
            &d,
            SENDER,
            &[coin(1, 1_000)],
            500,
            4 << 20,
            2,
            &registration(),
        )
        .unwrap(),
    );
    assert_eq!(t.len(), 5);
    t.split(0, owned(1), &[500]);
    t.walrus(
        1,
        "system",
        "reserve_space",
        &[
            system(true),
            pure(&(4u64 << 20)),
            pure(&2u32),
            A::Nested(0, 0),
        ],
    );
    // The storage bought by command 1 is registered; the same payment coin pays the write fee.
    t.walrus(
        2,
        "system",
        "register_blob",
        &blob_args(A::Result(1), A::Nested(0, 0)),
    );
    t.merge(3, owned(1), &[A::Nested(0, 0)]);
    t.transfer_to_sender(4, &[A::Result(2)]);
}

#[test]
fn certify_blob_passes_the_certificate() {
    let d = deployment();
    let certificate = Certificate {
        signers: vec![0b0000_0101],
        signatures: vec![ProtocolSignature([1; 64]), ProtocolSignature([2; 64])],
    };
    let t = built(tx::certify_blob(&d, SENDER, &obj(6), &certificate, 9));
    assert_eq!(t.len(), 1);
    let args = t.walrus(
        0,
        "system",
        "certify_blob",
        &[
            system(false),
            owned(6),
            pure(&vec![5u8]),
            pure(&vec![vec![1u8; 64], vec![2u8; 64]]),
            pure(&9u32),
        ],
    );
    let signatures: Vec<Vec<u8>> = t.pure(&args[3]);
    assert_eq!(signatures.len(), 2);
    assert!(signatures.iter().all(|s| s.len() == 64));
}

#[test]
fn extend_delete_and_burn_blobs() {
    let d = deployment();
    let t = built(tx::extend_blob(&d, SENDER, &obj(6), 4, &[coin(1, 9)], 9).unwrap());
    assert_eq!(t.len(), 1);
    t.walrus(
        0,
        "system",
        "extend_blob",
        &[system(true), owned(6), pure(&4u32), owned(1)],
    );

    let t = built(tx::delete_blob(&d, SENDER, &obj(6)));
    t.walrus(0, "system", "delete_blob", &[system(false), owned(6)]);
    t.transfer_to_sender(1, &[A::Result(0)]);

    let t = built(tx::burn_blob(&d, SENDER, &obj(6)));
    assert_eq!(t.len(), 1);
    t.walrus(0, "system", "burn_blob", &[system(false), owned(6)]);
}

#[test]
fn blob_attributes() {
    let d = deployment();
    let t = built(tx::set_blob_attribute(
        &d,
        SENDER,
        &obj(6),
        "content-type",
        "text/plain",
    ));
    let args = t.walrus(
        0,
        "blob",
        "set_attribute",
        &[owned(6), pure(&"content-type"), pure(&"text/plain")],
    );
    assert_eq!(t.pure::<String>(&args[1]), "content-type");
    assert_eq!(t.pure::<String>(&args[2]), "text/plain");

    let t = built(tx::remove_blob_attribute(
        &d,
        SENDER,
        &obj(6),
        "content-type",
    ));
    t.walrus(
        0,
        "blob",
        "remove_attribute",
        &[owned(6), pure(&"content-type")],
    );
}

#[test]
fn storage_split_fuse_and_destroy() {
    let d = deployment();
    let t = built(tx::split_storage_by_epoch(&d, SENDER, &obj(5), 7));
    t.walrus(
        0,
        "storage_resource",
        "split_by_epoch",
        &[owned(5), pure(&7u32)],
    );
    t.transfer_to_sender(1, &[A::Result(0)]);

    let t = built(tx::split_storage_by_size(&d, SENDER, &obj(5), 1 << 20));
    t.walrus(
        0,
        "storage_resource",
        "split_by_size",
        &[owned(5), pure(&(1u64 << 20))],
    );
    t.transfer_to_sender(1, &[A::Result(0)]);

    let t = built(tx::fuse_storage(&d, SENDER, &obj(5), &obj(8)));
    assert_eq!(t.len(), 1);
    t.walrus(0, "storage_resource", "fuse", &[owned(5), owned(8)]);

    let t = built(tx::destroy_storage(&d, SENDER, &obj(5)));
    t.walrus(0, "storage_resource", "destroy", &[owned(5)]);
}

// === Storage nodes ===

#[test]
fn register_candidate_and_node_operations() {
    let d = deployment();
    let node = NodeRegistration {
        name: "node-1".into(),
        network_address: "10.0.0.1:9000".into(),
        public_key: vec![3; 32],
        proof_of_possession: vec![4; 64],
        commission_bps: 500,
        votes: NodeVotes {
            storage_price: 11,
            write_price: 7,
            capacity: 1 << 40,
        },
    };
    let t = built(tx::register_candidate(&d, SENDER, &node));
    let args = t.walrus(
        0,
        "system",
        "register_candidate",
        &[
            system(true),
            pure(&"node-1"),
            pure(&"10.0.0.1:9000"),
            pure(&vec![3u8; 32]),
            pure(&vec![4u8; 64]),
            pure(&500u16),
            pure(&11u64),
            pure(&7u64),
            pure(&(1u64 << 40)),
        ],
    );
    assert_eq!(t.pure::<String>(&args[2]), "10.0.0.1:9000");
    t.transfer_to_sender(1, &[A::Result(0)]);

    let cap = obj(9);
    let t = built(tx::set_votes(&d, SENDER, &cap, &node.votes));
    t.walrus(
        0,
        "system",
        "set_votes",
        &[
            system(true),
            owned(9),
            pure(&11u64),
            pure(&7u64),
            pure(&(1u64 << 40)),
        ],
    );
    let t = built(tx::set_network_address(&d, SENDER, &cap, "n.example:1"));
    t.walrus(
        0,
        "system",
        "set_network_address",
        &[system(true), owned(9), pure(&"n.example:1")],
    );
    let t = built(tx::set_commission(&d, SENDER, &cap, 2_000));
    t.walrus(
        0,
        "system",
        "set_commission",
        &[system(true), owned(9), pure(&2_000u16)],
    );
    let t = built(tx::collect_commission(&d, SENDER, &cap));
    t.walrus(0, "system", "collect_commission", &[system(true), owned(9)]);
    t.transfer_to_sender(1, &[A::Result(0)]);
    let t = built(tx::reregister_node(&d, SENDER, &cap));
    assert_eq!(t.len(), 1);
    t.walrus(0, "system", "reregister_node", &[system(true), owned(9)]);
}

// === Staking ===

#[test]
fn staking_operations() {
    let d = deployment();
    let node = Id(Address::from_static("0x40de"));
    let t = built(tx::stake_with_pool(&d, SENDER, &[coin(1, 10), coin(2, 7)], 15, node).unwrap());
    t.merge(0, owned(1), &[owned(2)]);
    t.split(1, owned(1), &[15]);
    let args = t.walrus(
        2,
        "system",
        "stake_with_pool",
        &[system(true), A::Nested(1, 0), pure(&node)],
    );
    assert_eq!(t.pure::<Address>(&args[2]), Address::from_static("0x40de"));
    t.transfer_to_sender(3, &[A::Result(2)]);
    // Exactly one coin's balance: staked as is.
    let t = built(tx::stake_with_pool(&d, SENDER, &[coin(1, 10)], 10, node).unwrap());
    t.walrus(
        0,
        "system",
        "stake_with_pool",
        &[system(true), owned(1), pure(&node)],
    );

    let t = built(tx::request_withdraw_stake(&d, SENDER, &obj(7)));
    assert_eq!(t.len(), 1);
    t.walrus(
        0,
        "system",
        "request_withdraw_stake",
        &[system(true), owned(7)],
    );
    let t = built(tx::withdraw_stake(&d, SENDER, &obj(7)));
    t.walrus(0, "system", "withdraw_stake", &[system(true), owned(7)]);
    t.transfer_to_sender(1, &[A::Result(0)]);
    let t = built(tx::split_staked_wal(&d, SENDER, &obj(7), 4));
    t.walrus(0, "staked_wal", "split", &[owned(7), pure(&4u64)]);
    t.transfer_to_sender(1, &[A::Result(0)]);
    let t = built(tx::join_staked_wal(&d, SENDER, &obj(7), &obj(8)));
    t.walrus(0, "staked_wal", "join", &[owned(7), owned(8)]);
}

// === Epochs ===

#[test]
fn advance_epoch_and_migrate() {
    let d = deployment();
    let t = built(tx::advance_epoch(&d, SENDER));
    assert_eq!(t.len(), 1);
    t.walrus(0, "system", "advance_epoch", &[system(true), clock()]);
    let t = built(tx::migrate(&d, SENDER));
    t.walrus(0, "system", "migrate", &[system(true)]);
}

// === Governance ===

#[test]
fn create_proposal_builds_the_action_in_the_same_transaction() {
    let d = deployment();
    let auditor = Address::from_static("0xa0d");
    let cases: [(ProposalAction, &str, Vec<A>); 4] = [
        (
            ProposalAction::set(GovernedParameter::PenaltyBps, 250),
            "set_parameter_action",
            vec![pure(&0u8), pure(&250u64)],
        ),
        (
            ProposalAction::AddAuditor(auditor),
            "add_auditor_action",
            vec![pure(&auditor)],
        ),
        (
            ProposalAction::RemoveAuditor(auditor),
            "remove_auditor_action",
            vec![pure(&auditor)],
        ),
        (ProposalAction::Signal, "signal_action", vec![]),
    ];
    for (action, function, action_args) in cases {
        let t = built(tx::create_proposal(
            &d,
            SENDER,
            &obj(7),
            &action,
            "lower the penalty",
        ));
        assert_eq!(t.len(), 2, "{function}");
        t.walrus(0, "proposal", function, &action_args);
        let args = t.walrus(
            1,
            "governance",
            "create_proposal",
            &[
                system(false),
                owned(7),
                A::Result(0),
                pure(&"lower the penalty"),
                clock(),
            ],
        );
        assert_eq!(t.pure::<String>(&args[3]), "lower the penalty");
    }
}

#[test]
fn vote_finalize_and_execute() {
    let d = deployment();
    let proposal = SharedRef {
        id: Address::from_static("0x9e0"),
        initial_shared_version: 55,
    };
    for (choice, code) in [
        (VoteChoice::For, 0u8),
        (VoteChoice::Against, 1),
        (VoteChoice::Abstain, 2),
    ] {
        let t = built(tx::vote(&d, SENDER, &proposal, &obj(7), choice));
        t.walrus(
            0,
            "governance",
            "vote",
            &[
                system(false),
                A::Shared(proposal, true),
                owned(7),
                pure(&code),
                clock(),
            ],
        );
    }
    let t = built(tx::finalize_proposal(&d, SENDER, &proposal));
    t.walrus(
        0,
        "governance",
        "finalize_proposal",
        &[system(false), A::Shared(proposal, true), clock()],
    );
    let t = built(tx::execute_proposal(&d, SENDER, &proposal));
    t.walrus(
        0,
        "governance",
        "execute",
        &[system(true), A::Shared(proposal, true), clock()],
    );
}

// === Audits ===

#[test]
fn open_submit_and_finalize_rounds() {
    let d = deployment();
    let t = built(tx::open_round(&d, SENDER).unwrap());
    assert_eq!(t.len(), 1);
    t.walrus(
        0,
        "audit",
        "open_round",
        &[system(true), A::Shared(RANDOM, false), clock()],
    );
    // Without a Random object the builder says so.
    let mut no_random = deployment();
    no_random.random = None;
    let Err(err) = tx::open_round(&no_random, SENDER) else {
        panic!("built without a Random object");
    };
    assert!(err.to_string().contains("Random object (0x8)"), "{err}");

    let round = SharedRef {
        id: Address::from_static("0x40d"),
        initial_shared_version: 77,
    };
    let report = AuditReport {
        node_ids: vec![
            Id(Address::from_static("0x1")),
            Id(Address::from_static("0x2")),
        ],
        challenged: vec![300, 300],
        failed: vec![0, 12],
        evidence_digest: vec![0xee; 32],
    };
    let t = built(tx::submit_report(&d, SENDER, &obj(9), &round, &report));
    let args = t.walrus(
        0,
        "audit",
        "submit_report",
        &[
            system(false),
            owned(9),
            A::Shared(round, true),
            pure(&report.node_ids),
            pure(&vec![300u64, 300]),
            pure(&vec![0u64, 12]),
            pure(&vec![0xeeu8; 32]),
            clock(),
        ],
    );
    assert_eq!(t.pure::<Vec<Id>>(&args[3]), report.node_ids);

    let t = built(tx::finalize_round(&d, SENDER, &round));
    t.walrus(
        0,
        "audit",
        "finalize_round",
        &[
            system(true),
            A::Shared(round, true),
            A::Shared(TREASURY, true),
            clock(),
        ],
    );
}

// === WAL and genesis ===

#[test]
fn burn_wal_calls_the_wal_package() {
    let d = deployment();
    let t = built(tx::burn_wal(&d, SENDER, &[coin(1, 100)], 40).unwrap());
    t.split(0, owned(1), &[40]);
    t.call(
        1,
        WAL,
        "wal",
        "burn",
        &[A::Shared(TREASURY, true), A::Nested(0, 0)],
    );
    assert_eq!(t.len(), 2);
}

#[test]
fn create_system_consumes_the_init_cap() {
    let genesis = Genesis {
        n_shards: 10,
        epoch_duration_ms: 60_000,
        max_epochs_ahead: 52,
        max_committee_size: 100,
        min_committee_stake: 1_000,
        initial_capacity: 1 << 40,
        storage_price: 11,
        write_price: 7,
        initial_auditors: vec![Address::from_static("0xa1"), Address::from_static("0xa2")],
    };
    let t = built(tx::create_system(&deployment().packages, &obj(3), &genesis));
    assert_eq!(t.len(), 1);
    let args = t.walrus(
        0,
        "system",
        "create_system",
        &[
            owned(3),
            pure(&10u16),
            pure(&60_000u64),
            pure(&52u32),
            pure(&100u16),
            pure(&1_000u64),
            pure(&(1u64 << 40)),
            pure(&11u64),
            pure(&7u64),
            pure(&genesis.initial_auditors),
            clock(),
        ],
    );
    assert_eq!(t.pure::<Vec<Address>>(&args[9]), genesis.initial_auditors);
}

#[test]
fn calls_compose_in_one_programmable_transaction() {
    // Stake, split the position and vote with one half in a single transaction.
    let d = deployment();
    let proposal = SharedRef {
        id: Address::from_static("0x9e0"),
        initial_shared_version: 55,
    };
    let mut p = WalrusPtb::new(&d, SENDER);
    let staked = p.owned(&obj(7));
    let half = p.split_staked_wal(staked, 5);
    let shared = p.shared(&proposal, true);
    p.vote(shared, half, VoteChoice::For);
    p.transfer_to_sender(vec![half]);
    assert_eq!(p.sender(), SENDER);
    assert_eq!(p.deployment(), &d);
    let t = built(p.into_builder());
    t.walrus(0, "staked_wal", "split", &[owned(7), pure(&5u64)]);
    t.walrus(
        1,
        "governance",
        "vote",
        &[
            system(false),
            A::Shared(proposal, true),
            A::Result(0),
            pure(&0u8),
            clock(),
        ],
    );
    t.transfer_to_sender(2, &[A::Result(0)]);

    // A shared object used immutably and then mutably is one mutable input.
    let mut p = WalrusPtb::new(&d, SENDER);
    let blob = p.owned(&obj(6));
    p.burn_blob(blob);
    p.advance_epoch();
    let t = built(p.into_builder());
    t.walrus(0, "system", "burn_blob", &[system(true), owned(6)]);
    t.walrus(1, "system", "advance_epoch", &[system(true), clock()]);
}
