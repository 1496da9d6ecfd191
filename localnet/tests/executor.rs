//! The executor on bad and unusual transactions: every one is refused or fails with a clear
//! error (never a panic, never a silent success), and a failed transaction changes nothing
//! but the gas coin. Also the persistence log: replay, torn writes.

use std::sync::Arc;

use sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind as K;
use sui_sdk_types::{
    Address, Argument, Command, GasPayment, Identifier, Input, MoveCall, ObjectReference,
    ProgrammableTransaction, SharedInput, SplitCoins, Transaction, TransactionExpiration,
    TransactionKind, TransferObjects, TypeTag,
};
use walrus_chain::server::{Executor, LedgerStore, Outcome};
use walrus_localnet::clock::ChainClock;
use walrus_localnet::exec::{GasSchedule, LocalExecutor};
use walrus_localnet::genesis::{self, AccountConfig, ConfigAddress, GenesisConfig, GenesisObjects};
use walrus_localnet::ids::Packages;

struct Chain {
    store: LedgerStore,
    executor: LocalExecutor,
    objects: GenesisObjects,
    packages: Packages,
    user: Address,
}

fn user() -> Address {
    walrus_chain::SuiKeyPair::from_bytes([9; 32]).address()
}

fn chain() -> Chain {
    let mut g = GenesisConfig::default();
    g.accounts.push(AccountConfig {
        address: ConfigAddress(user()),
        sui: 10_000_000_000,
        wal: 1_000_000_000_000,
    });
    let store = LedgerStore::new_at("test", 1_000);
    let packages = Packages::default();
    let objects = genesis::build(&store, &g, packages, 1_000).unwrap();
    store.seal_pending_at(Some(1_000), true);
    let executor = LocalExecutor {
        packages,
        clock: Arc::new(ChainClock::manual(1_000)),
        random_seed: [1; 32],
        gas: GasSchedule::default(),
    };
    Chain {
        store,
        executor,
        objects,
        packages,
        user: user(),
    }
}

impl Chain {
    fn owned(&self, type_suffix: &str) -> ObjectReference {
        let o = self
            .store
            .objects_owned_by(&self.user)
            .into_iter()
            .find(|o| o.type_.ends_with(type_suffix))
            .unwrap_or_else(|| panic!("the user owns a {type_suffix}"));
        ObjectReference::new(o.id, o.version, o.digest)
    }

    fn gas(&self) -> ObjectReference {
        self.owned("::sui::SUI>")
    }

    fn tx(&self, inputs: Vec<Input>, commands: Vec<Command>, budget: u64) -> Transaction {
        Transaction {
            kind: TransactionKind::ProgrammableTransaction(ProgrammableTransaction {
                inputs,
                commands,
            }),
            sender: self.user,
            gas_payment: GasPayment {
                objects: vec![self.gas()],
                owner: self.user,
                price: 1_000,
                budget,
            },
            expiration: TransactionExpiration::None,
        }
    }

    fn system(&self, mutable: bool) -> Input {
        let o = self.store.object(&self.objects.system).unwrap();
        let walrus_chain::types::Owner::Shared {
            initial_shared_version,
        } = o.owner
        else {
            panic!("shared")
        };
        Input::Shared(SharedInput::new(o.id, initial_shared_version, mutable))
    }

    fn call(&self, module: &str, function: &str, arguments: Vec<Argument>) -> Command {
        Command::MoveCall(MoveCall {
            package: self.packages.walrus,
            module: Identifier::new(module).unwrap(),
            function: Identifier::new(function).unwrap(),
            type_arguments: vec![],
            arguments,
        })
    }

    fn run(&self, tx: &Transaction) -> Result<Outcome, tonic::Status> {
        let _g = self.store.lock_execution();
        let outcome = self.executor.execute(&self.store, tx)?;
        self.store.commit_transaction(tx, vec![], outcome.clone());
        Ok(outcome)
    }

    fn sui_balance(&self) -> u64 {
        self.store
            .objects_owned_by(&self.user)
            .iter()
            .filter(|o| o.type_.ends_with("::sui::SUI>"))
            .filter_map(|o| o.coin_balance())
            .sum()
    }
}

fn kind(o: &Outcome) -> Option<K> {
    o.error.as_ref().map(|e| e.kind())
}

fn description(o: &Outcome) -> String {
    o.error
        .as_ref()
        .and_then(|e| e.description.clone())
        .unwrap_or_default()
}

#[test]
fn a_good_transaction_charges_gas_and_a_failed_one_only_gas() {
    let c = chain();
    let before = c.sui_balance();
    let coin = c.owned("::wal::WAL>");
    let tx = c.tx(
        vec![
            c.system(true),
            Input::Pure(bcs::to_bytes(&(1u64 << 20)).unwrap()),
            Input::Pure(bcs::to_bytes(&2u32).unwrap()),
            Input::ImmutableOrOwned(coin),
            Input::Pure(bcs::to_bytes(&c.user).unwrap()),
        ],
        vec![
            c.call(
                "system",
                "reserve_space",
                vec![
                    Argument::Input(0),
                    Argument::Input(1),
                    Argument::Input(2),
                    Argument::Input(3),
                ],
            ),
            Command::TransferObjects(TransferObjects {
                objects: vec![Argument::Result(0)],
                address: Argument::Input(4),
            }),
        ],
        1_000_000_000,
    );
    let o = c.run(&tx).unwrap();
    assert!(o.error.is_none(), "{o:?}");
    assert_eq!(o.events.len(), 1);
    let charged = o.gas.computation_cost + o.gas.storage_cost;
    assert!(charged > 0);
    assert_eq!(c.sui_balance(), before - charged);
    // Every write has the same (lamport) version, above every input's.
    let versions: std::collections::BTreeSet<_> = o.writes.iter().map(|w| w.version).collect();
    assert_eq!(versions.len(), 1);

    // Zero-size storage aborts: only gas is charged, the coin is untouched.
    let before = c.sui_balance();
    let coin = c.owned("::wal::WAL>");
    let wal_before = c.store.object(coin.object_id()).unwrap().coin_balance();
    let tx = c.tx(
        vec![
            c.system(true),
            Input::Pure(bcs::to_bytes(&0u64).unwrap()),
            Input::Pure(bcs::to_bytes(&2u32).unwrap()),
            Input::ImmutableOrOwned(coin.clone()),
            Input::Pure(bcs::to_bytes(&c.user).unwrap()),
        ],
        vec![
            c.call(
                "system",
                "reserve_space",
                vec![
                    Argument::Input(0),
                    Argument::Input(1),
                    Argument::Input(2),
                    Argument::Input(3),
                ],
            ),
            Command::TransferObjects(TransferObjects {
                objects: vec![Argument::Result(0)],
                address: Argument::Input(4),
            }),
        ],
        1_000_000_000,
    );
    let o = c.run(&tx).unwrap();
    assert_eq!(kind(&o), Some(K::MoveAbort));
    assert!(
        description(&o).contains("EInvalidSize"),
        "{}",
        description(&o)
    );
    assert_eq!(o.error.as_ref().unwrap().command, Some(0));
    assert!(c.sui_balance() < before);
    assert_eq!(
        c.store.object(coin.object_id()).unwrap().coin_balance(),
        wal_before
    );
}

#[test]
fn refused_before_execution() {
    let c = chain();
    // Publish.
    let mut tx = c.tx(vec![], vec![], 1_000_000_000);
    if let TransactionKind::ProgrammableTransaction(p) = &mut tx.kind {
        p.commands.push(Command::Publish(sui_sdk_types::Publish {
            modules: vec![vec![1, 2, 3]],
            dependencies: vec![],
        }));
    }
    let e = c.run(&tx).unwrap_err();
    assert!(e.message().contains("does not publish"), "{}", e.message());
    // Gas price below the reference price.
    let mut tx = c.tx(vec![], vec![], 1_000_000_000);
    tx.gas_payment.price = 1;
    assert!(
        c.run(&tx)
            .unwrap_err()
            .message()
            .contains("reference gas price")
    );
    // Budget above the gas coin.
    let tx = c.tx(vec![], vec![], u64::MAX);
    assert!(c.run(&tx).unwrap_err().message().contains("exceeds"));
    // An object owned by someone else.
    let treasury_coin = c.store.object(&c.objects.faucet_wal_coin).unwrap();
    let tx = c.tx(
        vec![Input::ImmutableOrOwned(ObjectReference::new(
            treasury_coin.id,
            treasury_coin.version,
            treasury_coin.digest,
        ))],
        vec![],
        1_000_000_000,
    );
    assert!(c.run(&tx).unwrap_err().message().contains("owned by"));
    // A stale version.
    let coin = c.owned("::wal::WAL>");
    let stale = ObjectReference::new(*coin.object_id(), coin.version() - 1, *coin.digest());
    let tx = c.tx(vec![Input::ImmutableOrOwned(stale)], vec![], 1_000_000_000);
    assert!(c.run(&tx).unwrap_err().message().contains("version"));
    // A shared object passed as owned.
    let system = c.store.object(&c.objects.system).unwrap();
    let tx = c.tx(
        vec![Input::ImmutableOrOwned(ObjectReference::new(
            system.id,
            system.version,
            system.digest,
        ))],
        vec![],
        1_000_000_000,
    );
    assert!(c.run(&tx).unwrap_err().message().contains("shared"));
    // A missing object.
    let tx = c.tx(
        vec![Input::ImmutableOrOwned(ObjectReference::new(
            Address::new([7; 32]),
            1,
            sui_sdk_types::Digest::ZERO,
        ))],
        vec![],
        1_000_000_000,
    );
    assert!(c.run(&tx).unwrap_err().message().contains("does not exist"));
}

#[test]
fn execution_errors_are_clear() {
    let c = chain();
    let coin = c.owned("::wal::WAL>");
    // An unknown function.
    let tx = c.tx(
        vec![],
        vec![c.call("system", "mint_money", vec![])],
        1_000_000_000,
    );
    let o = c.run(&tx).unwrap();
    assert_eq!(kind(&o), Some(K::FunctionNotFound));
    assert!(description(&o).contains("does not implement"));
    // A wrong argument type: a coin where the System is expected.
    let tx = c.tx(
        vec![Input::ImmutableOrOwned(coin)],
        vec![c.call("system", "migrate", vec![Argument::Input(0)])],
        1_000_000_000,
    );
    let o = c.run(&tx).unwrap();
    assert_eq!(kind(&o), Some(K::CommandArgumentError), "{o:?}");
    // The wrong number of arguments.
    let tx = c.tx(
        vec![c.system(true)],
        vec![c.call("system", "advance_epoch", vec![Argument::Input(0)])],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::ArityMismatch));
    // An immutable System passed where it is mutated.
    let tx = c.tx(
        vec![c.system(false)],
        vec![c.call("system", "migrate", vec![Argument::Input(0)])],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::CommandArgumentError));
    // A result object left unused.
    let coin = c.owned("::wal::WAL>");
    let tx = c.tx(
        vec![
            c.system(true),
            Input::Pure(bcs::to_bytes(&1u64).unwrap()),
            Input::Pure(bcs::to_bytes(&1u32).unwrap()),
            Input::ImmutableOrOwned(coin),
        ],
        vec![c.call(
            "system",
            "reserve_space",
            vec![
                Argument::Input(0),
                Argument::Input(1),
                Argument::Input(2),
                Argument::Input(3),
            ],
        )],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::UnusedValueWithoutDrop));
    // Splitting more than a coin holds.
    let coin = c.owned("::wal::WAL>");
    let tx = c.tx(
        vec![
            Input::ImmutableOrOwned(coin),
            Input::Pure(bcs::to_bytes(&u64::MAX).unwrap()),
        ],
        vec![Command::SplitCoins(SplitCoins {
            coin: Argument::Input(0),
            amounts: vec![Argument::Input(1)],
        })],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::InsufficientCoinBalance));
    // A String argument that is not UTF-8.
    let tx = c.tx(
        vec![Input::Pure(vec![2, 0xff, 0xfe])],
        vec![c.call(
            "proposal",
            "set_parameter_action",
            vec![Argument::Input(0), Argument::Input(0)],
        )],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::CommandArgumentError));
    // The same object twice in one call.
    let coin = c.owned("::wal::WAL>");
    let tx = c.tx(
        vec![Input::ImmutableOrOwned(coin)],
        vec![Command::MoveCall(MoveCall {
            package: Address::TWO,
            module: Identifier::new("coin").unwrap(),
            function: Identifier::new("join").unwrap(),
            type_arguments: vec![TypeTag::Struct(Box::new(c.packages.wal_coin()))],
            arguments: vec![Argument::Input(0), Argument::Input(0)],
        })],
        1_000_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::CommandArgumentError));
    // A budget too small for the transaction.
    let tx = c.tx(
        vec![],
        vec![c.call("proposal", "signal_action", vec![])],
        1_000_000,
    );
    assert_eq!(kind(&c.run(&tx).unwrap()), Some(K::InsufficientGas));
}

#[test]
fn the_gas_coin_can_pay_and_move() {
    let c = chain();
    let before = c.sui_balance();
    let friend = Address::new([5; 32]);
    let tx = c.tx(
        vec![
            Input::Pure(bcs::to_bytes(&123u64).unwrap()),
            Input::Pure(bcs::to_bytes(&friend).unwrap()),
        ],
        vec![
            Command::SplitCoins(SplitCoins {
                coin: Argument::Gas,
                amounts: vec![Argument::Input(0)],
            }),
            Command::TransferObjects(TransferObjects {
                objects: vec![Argument::NestedResult(0, 0)],
                address: Argument::Input(1),
            }),
        ],
        1_000_000_000,
    );
    let o = c.run(&tx).unwrap();
    assert!(o.error.is_none(), "{o:?}");
    let charged = o.gas.computation_cost + o.gas.storage_cost;
    assert_eq!(c.sui_balance(), before - charged - 123);
    let theirs: u64 = c
        .store
        .objects_owned_by(&friend)
        .iter()
        .filter_map(|o| o.coin_balance())
        .sum();
    assert_eq!(theirs, 123);
}

#[test]
fn the_log_replays_and_survives_a_torn_write() {
    use walrus_localnet::persistence::{GenesisRecord, Log};
    let dir = tempfile::tempdir().unwrap();
    let store = LedgerStore::new_at("persist", 5);
    store.enable_journal();
    let g = GenesisConfig::default();
    let objects = genesis::build(&store, &g, Packages::default(), 5).unwrap();
    store.seal_pending_at(Some(6), true);
    let record = GenesisRecord {
        chain_id: "persist".into(),
        genesis_ms: 5,
        wal: Packages::default().wal,
        walrus: Packages::default().walrus,
        objects,
        random_seed: [0; 32],
        config_toml: g.to_toml(),
    };
    let clock = ChainClock::manual(6);
    let mut log = Log::create(dir.path(), &record).unwrap();
    log.append(store.take_journal(), clock.snapshot()).unwrap();
    // A second record, then garbage as if the process died mid-write.
    store.append_empty_checkpoints(1);
    log.append(store.take_journal(), clock.snapshot()).unwrap();
    drop(log);
    let path = Log::path_in(dir.path());
    let good_len = std::fs::metadata(&path).unwrap().len();
    {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(&[200, 0, 0, 0, 1, 2, 3]).unwrap();
    }
    let (_, restored) = Log::open(dir.path()).unwrap();
    assert_eq!(restored.truncated_bytes, 7);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), good_len);
    let replayed = LedgerStore::new_at("persist", 5);
    replayed.replay(restored.ops);
    assert_eq!(replayed.latest_checkpoint(), store.latest_checkpoint());
    let system = store.object(&objects.system).unwrap();
    assert_eq!(replayed.object(&objects.system).unwrap(), system);
    // Not a log at all.
    std::fs::write(&path, b"hello").unwrap();
    assert!(Log::open(dir.path()).is_err());
}
