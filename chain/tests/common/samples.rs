//! Sample values of the bindings, shared by the tests.

use sui_sdk_types::Address;
use walrus_chain::bindings::*;

/// A `System` in epoch 3 with two committee members (nodes `[1; 32]` and `[2; 32]`), the
/// pools table at 0x1001 and the penalty records at 0x1002.
pub fn sample_system() -> System {
    let member = |n: u8, stake, shards: Vec<u16>| CommitteeMember {
        node_id: Id(Address::new([n; 32])),
        public_key: vec![n; 32],
        stake,
        shards,
    };
    System {
        id: Uid(Address::from_static("0x555")),
        version: 1,
        epoch: 3,
        epoch_start_ms: 1_000,
        n_shards: 10,
        params: Params {
            epoch_duration_ms: 60_000,
            max_epochs_ahead: 10,
            max_committee_size: 5,
            min_committee_stake: 0,
            commission_delay_epochs: 2,
            min_proposal_stake: 1,
            voting_period_ms: 60_000,
            timelock_ms: 30_000,
            quorum_bps: 3334,
            approval_threshold_bps: 5000,
            challenged_symbols: 300,
            max_rounds_per_epoch: 4,
            round_duration_ms: 7_500,
            failure_threshold_bps: 0,
            auditor_quorum_bps: 5001,
            penalty_bps: 100,
            exclusion_rounds: 3,
        },
        committee: Committee {
            epoch: 3,
            members: vec![
                member(1, 70, vec![0, 2, 4, 6, 8, 9, 7]),
                member(2, 30, vec![1, 3, 5]),
            ],
        },
        previous_committee: Committee {
            epoch: 2,
            members: vec![],
        },
        total_capacity: 1 << 40,
        storage_price: 11,
        write_price: 7,
        future_accounting: FutureAccounting {
            slots: vec![EpochAccount {
                epoch: 3,
                used_capacity: 5,
                rewards: Balance::new(9),
            }],
        },
        candidates: vec![Id(Address::new([1; 32])), Id(Address::new([2; 32]))],
        pools: Table::new(Address::from_static("0x1001"), 2),
        total_active_stake: 100,
        wal_paid_in: 1,
        wal_paid_out: 0,
        wal_slashed: 0,
        auditors: AuditorRegistry { entries: vec![] },
        audit_schedule: AuditSchedule {
            next_round: 0,
            epoch: 3,
            opened_in_epoch: 0,
        },
        penalty_records: PenaltyRecords {
            records: Table::new(Address::from_static("0x1002"), 0),
        },
        extra_fields: Bag {
            id: Uid(Address::from_static("0x1003")),
            size: 0,
        },
    }
}

/// A staking pool with ID `id` and `active` FROST of active stake; its exchange rates table is
/// at `id + 1` (the last byte incremented).
pub fn sample_pool(id: Address, active: u64) -> StakingPool {
    let mut rates = id.into_inner();
    rates[31] = rates[31].wrapping_add(1);
    StakingPool {
        id: Uid(id),
        node_info: StorageNodeInfo {
            name: "n".into(),
            network_address: "a".into(),
            public_key: vec![0; 32],
        },
        registered_epoch: 0,
        commission_bps: 0,
        pending_commission: None,
        storage_price_vote: 0,
        write_price_vote: 0,
        capacity_vote: 0,
        active_stake: Balance::new(active),
        total_shares: u128::from(active),
        pending_stake: Balance::new(0),
        pending_withdraw_shares: 0,
        withdrawable: Balance::new(0),
        commission: Balance::new(0),
        exchange_rates: Table::new(Address::new(rates), 0),
        rewards_forfeited_epoch: None,
        excluded: false,
    }
}
