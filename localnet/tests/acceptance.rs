//! The acceptance flow over gRPC: a localnet with a data directory, driven by `walrus-chain`'s
//! `SuiChain` and transaction builders: register a node, stake, reserve space, register and
//! certify a blob (certificate signed with walrus-core's keys), advance epochs (clock), open and
//! finalize an audit round, create and execute a proposal; then restart on the same directory
//! and check that everything persisted.

use std::time::Duration;

use walrus_chain::bindings::{
    AuditorCap, GovernedParameter, ProposalAction, ProposalStatus, StakedWal, StorageNodeCap,
    VoteChoice,
};
use walrus_chain::tx::{self, AuditReport, BlobRegistration, NodeRegistration, NodeVotes};
use walrus_chain::{SuiChain, SuiKeyPair, SystemEvent};
use walrus_core::{
    BlobEncoder, Certificate, EncodingConfig, Epoch, NShards, ProofOfPossession, ProtocolKeyPair,
    StorageConfirmation,
};
use walrus_localnet::clock::ClockMode;
use walrus_localnet::genesis::{AccountConfig, ConfigAddress, GenesisConfig, NodeConfig};
use walrus_localnet::node::{Localnet, LocalnetOptions};

const EPOCH_MS: u64 = 10_000;
const WAL: u64 = 1_000_000_000;
const SUI: u64 = 1_000_000_000;

fn key(n: u8) -> SuiKeyPair {
    SuiKeyPair::from_bytes([n; 32])
}

fn protocol_key(n: u8) -> ProtocolKeyPair {
    ProtocolKeyPair::from_seed([n + 100; 32])
}

fn genesis() -> GenesisConfig {
    let mut g = GenesisConfig::default();
    g.system.epoch_duration_ms = EPOCH_MS;
    g.system.auditors = vec![ConfigAddress(key(50).address())];
    g.random_seed = 42;
    for n in 0..4u8 {
        g.nodes.push(NodeConfig {
            name: format!("node-{n}"),
            network_address: format!("127.0.0.1:91{n:02}"),
            protocol_key_seed: Some(hex::encode([n + 100; 32])),
            public_key: None,
            proof_of_possession: None,
            operator: ConfigAddress(key(n + 1).address()),
            stake: 1_000 * WAL * (4 - u64::from(n)),
            staker: None,
            commission_bps: 1_000,
            storage_price_vote: None,
            write_price_vote: None,
            capacity_vote: None,
        });
    }
    for k in [10u8, 50] {
        g.accounts.push(AccountConfig {
            address: ConfigAddress(key(k).address()),
            sui: 100 * SUI,
            wal: 1_000_000 * WAL,
        });
    }
    g
}

async fn start(dir: &std::path::Path) -> Localnet {
    Localnet::start(LocalnetOptions {
        genesis: genesis(),
        data_dir: Some(dir.to_path_buf()),
        rpc_addr: "127.0.0.1:0".parse().unwrap(),
        admin_addr: Some("127.0.0.1:0".parse().unwrap()),
        checkpoint_interval: Duration::from_millis(10),
        clock: ClockMode::Manual,
        genesis_ms: Some(1_700_000_000_000),
    })
    .await
    .expect("localnet starts")
}

fn events(executed: &walrus_chain::ExecutedTransaction, chain: &SuiChain) -> Vec<SystemEvent> {
    let mut decoder = walrus_chain::EventDecoder::new(chain.package_ids());
    executed
        .events
        .iter()
        .filter_map(|e| {
            decoder
                .decode(
                    &walrus_chain::events::EventPosition {
                        checkpoint: 0,
                        transaction: String::new(),
                        event_index: e.event_index,
                    },
                    e,
                )
                .expect("decodes")
        })
        .collect()
}

async fn advance_epoch(localnet: &Localnet, chain: &SuiChain, user: &SuiKeyPair) -> u32 {
    localnet.advance_clock(EPOCH_MS).unwrap();
    let d = chain.deployment().await.unwrap();
    chain
        .execute_builder(tx::advance_epoch(&d, user.address()), user)
        .await
        .expect("advance_epoch");
    chain.system_state().await.unwrap().epoch
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acceptance_flow_over_grpc_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let localnet = start(dir.path()).await;
    let chain = SuiChain::new(&localnet.client_config()).unwrap();
    let user = key(10);
    let auditor = key(50);
    let d = chain.deployment().await.unwrap();

    // Genesis: epoch 1 with the four genesis nodes.
    let system = chain.system_state().await.unwrap();
    assert_eq!(system.epoch, 1);
    assert_eq!(system.committee.members.len(), 4);

    // Register a node (operator funded by the faucet).
    let operator = key(20);
    localnet
        .faucet(operator.address(), 10 * SUI, 5_000 * WAL)
        .unwrap();
    let node_key = protocol_key(20);
    let (_, pop) = ProofOfPossession::sign(operator.address().into_inner(), &node_key);
    let registration = NodeRegistration {
        name: "node-new".into(),
        network_address: "127.0.0.1:9200".into(),
        public_key: node_key.public().to_bytes().to_vec(),
        proof_of_possession: pop.0.to_vec(),
        commission_bps: 500,
        votes: NodeVotes {
            storage_price: 1_000,
            write_price: 500,
            capacity: 1 << 40,
        },
    };
    let executed = chain
        .execute_builder(
            tx::register_candidate(&d, operator.address(), &registration),
            &operator,
        )
        .await
        .expect("register_candidate");
    let new_node = events(&executed, &chain)
        .into_iter()
        .find_map(|e| match e {
            SystemEvent::NodeRegistered(e) => Some(e.node_id),
            _ => None,
        })
        .expect("NodeRegistered");
    let caps = chain
        .owned_objects::<StorageNodeCap>(operator.address())
        .await
        .unwrap();
    assert_eq!(caps.len(), 1);

    // Stake with it.
    let coins = chain.wal_coins(operator.address()).await.unwrap();
    chain
        .execute_builder(
            tx::stake_with_pool(&d, operator.address(), &coins, 2_000 * WAL, new_node).unwrap(),
            &operator,
        )
        .await
        .expect("stake");
    let pool = chain.staking_pool(new_node).await.unwrap();
    assert_eq!(pool.pending_stake.value, 2_000 * WAL);

    // Reserve space and register a blob, then certify it with the committee's keys.
    let blob = b"walrus-localnet acceptance blob".repeat(50);
    let config = EncodingConfig::new(NShards::new(10).unwrap());
    let encoded = BlobEncoder::new(config).encode(&blob).unwrap();
    let metadata = encoded.metadata().metadata().clone();
    let registration = BlobRegistration::of(&metadata, true);
    let encoded_size = system.encoded_size(blob.len() as u64).unwrap();
    let cost = system.reserve_cost(encoded_size, 3).unwrap()
        + system.write_cost(blob.len() as u64).unwrap();
    let coins = chain.wal_coins(user.address()).await.unwrap();
    let executed = chain
        .execute_builder(
            tx::reserve_and_register_blob(
                &d,
                user.address(),
                &coins,
                cost,
                encoded_size,
                3,
                &registration,
            )
            .unwrap(),
            &user,
        )
        .await
        .expect("reserve and register");
    let blob_object = events(&executed, &chain)
        .into_iter()
        .find_map(|e| match e {
            SystemEvent::BlobRegistered(e) => Some(e.blob_object_id),
            _ => None,
        })
        .expect("BlobRegistered");
    let system = chain.system_state().await.unwrap();
    let confirmation = StorageConfirmation {
        epoch: Epoch(system.epoch),
        blob_id: registration.blob_id,
    };
    let mut signers = vec![0u8; 1];
    let mut signatures = Vec::new();
    for (i, m) in system.committee.members.iter().enumerate() {
        let n = (0..4u8)
            .find(|n| protocol_key(*n).public().to_bytes().to_vec() == m.public_key)
            .unwrap();
        signers[i / 8] |= 1 << (i % 8);
        signatures.push(confirmation.sign(&protocol_key(n)));
    }
    let certificate = Certificate {
        signers,
        signatures,
    };
    let blob_ref = chain.object_ref(blob_object.address()).await.unwrap();
    let executed = chain
        .execute_builder(
            tx::certify_blob(&d, user.address(), &blob_ref, &certificate, system.epoch),
            &user,
        )
        .await
        .expect("certify");
    assert!(
        events(&executed, &chain)
            .iter()
            .any(|e| matches!(e, SystemEvent::BlobCertified(c) if c.signer_shards == 10))
    );
    assert_eq!(
        chain
            .blob(blob_object.address())
            .await
            .unwrap()
            .certified_epoch,
        Some(system.epoch)
    );

    // Certifying again aborts with blob::EAlreadyCertified (caught by the simulation).
    let bad = Certificate {
        signers: vec![0b1111],
        signatures: vec![confirmation.sign(&protocol_key(9)); 4],
    };
    let blob_ref = chain.object_ref(blob_object.address()).await.unwrap();
    let err = chain
        .execute_builder(
            tx::certify_blob(&d, user.address(), &blob_ref, &bad, system.epoch),
            &user,
        )
        .await
        .unwrap_err();
    let abort = err.as_move_abort().expect("a Move abort");
    assert_eq!(abort.module.as_deref(), Some("blob"), "{err}");
    assert_eq!(
        abort.constant.as_deref(),
        Some("EAlreadyCertified"),
        "{err}"
    );

    // Advance epochs: the new node joins the committee.
    let epoch = advance_epoch(&localnet, &chain, &user).await;
    assert_eq!(epoch, 2);
    let committee = chain.committee().await.unwrap();
    assert!(committee.member(&new_node).is_some());

    // An audit round: open, report, finalize after the deadline.
    let executed = chain
        .execute_builder(tx::open_round(&d, auditor.address()).unwrap(), &auditor)
        .await
        .expect("open_round");
    let round_id = events(&executed, &chain)
        .into_iter()
        .find_map(|e| match e {
            SystemEvent::AuditRoundOpened(e) => Some(e.round_id),
            _ => None,
        })
        .expect("AuditRoundOpened");
    let round = chain.audit_round(round_id.address()).await.unwrap();
    let cap = chain
        .owned_objects::<AuditorCap>(auditor.address())
        .await
        .unwrap();
    let cap_ref = tx::ObjectRef::from(&cap[0].0);
    let round_ref = chain.shared_ref(round_id.address()).await.unwrap();
    let report = AuditReport {
        node_ids: round.node_ids.clone(),
        challenged: vec![10; round.node_ids.len()],
        failed: {
            let mut f = vec![0; round.node_ids.len()];
            f[0] = 5;
            f
        },
        evidence_digest: vec![7; 32],
    };
    chain
        .execute_builder(
            tx::submit_report(&d, auditor.address(), &cap_ref, &round_ref, &report),
            &auditor,
        )
        .await
        .expect("submit_report");
    localnet
        .advance_clock(round.deadline_ms - round.opened_ms)
        .unwrap();
    let executed = chain
        .execute_builder(tx::finalize_round(&d, user.address(), &round_ref), &user)
        .await
        .expect("finalize_round");
    let evs = events(&executed, &chain);
    assert!(
        evs.iter()
            .any(|e| matches!(e, SystemEvent::NodePenalized(p) if p.node_id == round.node_ids[0]))
    );
    assert!(evs.iter().any(|e| matches!(e, SystemEvent::WalBurned(_))));
    assert!(chain.wal_treasury().await.unwrap().burned > 0);

    // Governance: a proposal to change the penalty, voted, finalized and executed.
    let staked = chain
        .owned_objects::<StakedWal>(key(1).address())
        .await
        .unwrap();
    let staked_ref = tx::ObjectRef::from(&staked[0].0);
    let proposer = key(1);
    localnet.faucet(proposer.address(), 10 * SUI, 0).unwrap();
    let action = ProposalAction::set(GovernedParameter::PenaltyBps, 250);
    let executed = chain
        .execute_builder(
            tx::create_proposal(
                &d,
                proposer.address(),
                &staked_ref,
                &action,
                "raise the penalty",
            ),
            &proposer,
        )
        .await
        .expect("create_proposal");
    let proposal_id = events(&executed, &chain)
        .into_iter()
        .find_map(|e| match e {
            SystemEvent::ProposalCreated(e) => Some(e.proposal_id),
            _ => None,
        })
        .expect("ProposalCreated");
    let proposal_ref = chain.shared_ref(proposal_id.address()).await.unwrap();
    let staked_ref = chain.object_ref(staked[0].0.id).await.unwrap();
    chain
        .execute_builder(
            tx::vote(
                &d,
                proposer.address(),
                &proposal_ref,
                &staked_ref,
                VoteChoice::For,
            ),
            &proposer,
        )
        .await
        .expect("vote");
    // A second staker votes too (quorum: a third of the active stake).
    let voter = key(2);
    localnet.faucet(voter.address(), 10 * SUI, 0).unwrap();
    let staked2 = chain
        .owned_objects::<StakedWal>(voter.address())
        .await
        .unwrap();
    let staked2_ref = tx::ObjectRef::from(&staked2[0].0);
    chain
        .execute_builder(
            tx::vote(
                &d,
                voter.address(),
                &proposal_ref,
                &staked2_ref,
                VoteChoice::For,
            ),
            &voter,
        )
        .await
        .expect("second vote");
    let proposal = chain.proposal(proposal_id.address()).await.unwrap();
    localnet
        .advance_clock(proposal.executable_from_ms - proposal.created_ms)
        .unwrap();
    chain
        .execute_builder(
            tx::finalize_proposal(&d, user.address(), &proposal_ref),
            &user,
        )
        .await
        .expect("finalize");
    chain
        .execute_builder(
            tx::execute_proposal(&d, user.address(), &proposal_ref),
            &user,
        )
        .await
        .expect("execute");
    assert_eq!(
        chain
            .proposal(proposal_id.address())
            .await
            .unwrap()
            .status(),
        Some(ProposalStatus::Executed)
    );
    assert_eq!(chain.system_state().await.unwrap().params.penalty_bps, 250);
    let epoch = advance_epoch(&localnet, &chain, &user).await;
    assert_eq!(epoch, 3);

    // Restart on the same directory: same state, and the chain keeps working.
    let checkpoint = localnet.store().latest_checkpoint();
    let system_before = chain.system_state().await.unwrap();
    drop(chain);
    localnet.shutdown().await.unwrap();
    let localnet = start(dir.path()).await;
    assert!(localnet.restored());
    assert!(localnet.store().latest_checkpoint() >= checkpoint);
    let chain = SuiChain::new(&localnet.client_config()).unwrap();
    assert_eq!(chain.system_state().await.unwrap(), system_before);
    assert_eq!(
        chain
            .blob(blob_object.address())
            .await
            .unwrap()
            .certified_epoch,
        Some(1)
    );
    assert_eq!(
        chain
            .proposal(proposal_id.address())
            .await
            .unwrap()
            .status(),
        Some(ProposalStatus::Executed)
    );
    let cp = chain.get_checkpoint(checkpoint).await.unwrap();
    assert_eq!(cp.sequence_number, checkpoint);
    assert_eq!(advance_epoch(&localnet, &chain, &user).await, 4);
    localnet.shutdown().await.unwrap();
}
