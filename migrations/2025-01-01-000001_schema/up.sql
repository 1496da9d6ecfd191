-- walrus-indexer schema. IDs and addresses are 0x-prefixed lowercase hex text; u64 amounts are
-- NUMERIC(20,0) (they may exceed BIGINT); epochs and small integers are BIGINT/INTEGER;
-- times are milliseconds since the Unix epoch. Every history row is keyed by the position of
-- the event that produced it (checkpoint, tx_digest, event_index).

CREATE TABLE watermarks (
    pipeline TEXT PRIMARY KEY,
    next_checkpoint BIGINT NOT NULL,
    checkpoint_timestamp_ms BIGINT,
    events_total BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE events (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sender TEXT NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    bcs BYTEA NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX events_type_idx ON events (event_type, checkpoint);
CREATE INDEX events_tx_idx ON events (tx_digest);

CREATE TABLE quarantine (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    bcs BYTEA NOT NULL,
    error TEXT NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);

CREATE TABLE system (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    system_id TEXT NOT NULL,
    current_epoch BIGINT NOT NULL,
    n_shards INTEGER NOT NULL,
    epoch_duration_ms BIGINT NOT NULL,
    max_epochs_ahead BIGINT NOT NULL,
    max_committee_size INTEGER NOT NULL,
    total_capacity NUMERIC(20,0) NOT NULL,
    storage_price NUMERIC(20,0) NOT NULL,
    write_price NUMERIC(20,0) NOT NULL
);

CREATE TABLE epochs (
    epoch BIGINT PRIMARY KEY,
    start_ms BIGINT NOT NULL,
    committee_stake NUMERIC(20,0),
    total_active_stake NUMERIC(20,0),
    storage_price NUMERIC(20,0),
    write_price NUMERIC(20,0),
    total_capacity NUMERIC(20,0),
    checkpoint BIGINT NOT NULL
);

CREATE TABLE nodes (
    node_id TEXT PRIMARY KEY,
    cap_id TEXT NOT NULL,
    operator TEXT NOT NULL,
    name TEXT NOT NULL,
    network_address TEXT NOT NULL,
    public_key BYTEA NOT NULL,
    commission_bps INTEGER NOT NULL,
    pending_commission_bps INTEGER,
    commission_effective_epoch BIGINT,
    storage_price_vote NUMERIC(20,0) NOT NULL,
    write_price_vote NUMERIC(20,0) NOT NULL,
    capacity_vote NUMERIC(20,0) NOT NULL,
    registered_epoch BIGINT NOT NULL,
    active_stake NUMERIC(20,0) NOT NULL DEFAULT 0,
    total_shares NUMERIC(40,0) NOT NULL DEFAULT 0,
    commission_collected NUMERIC(20,0) NOT NULL DEFAULT 0,
    consecutive_penalties BIGINT NOT NULL DEFAULT 0,
    excluded BOOLEAN NOT NULL DEFAULT false,
    excluded_epoch BIGINT
);

CREATE TABLE committee_members (
    epoch BIGINT NOT NULL REFERENCES epochs (epoch),
    node_id TEXT NOT NULL,
    shards INTEGER[] NOT NULL,
    n_shards INTEGER NOT NULL,
    stake NUMERIC(20,0) NOT NULL,
    PRIMARY KEY (epoch, node_id)
);
CREATE INDEX committee_members_node_idx ON committee_members (node_id, epoch);

CREATE TABLE node_votes (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    node_id TEXT NOT NULL REFERENCES nodes (node_id),
    epoch BIGINT NOT NULL,
    storage_price_vote NUMERIC(20,0) NOT NULL,
    write_price_vote NUMERIC(20,0) NOT NULL,
    capacity_vote NUMERIC(20,0) NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX node_votes_node_idx ON node_votes (node_id, epoch);

CREATE TABLE staking_pool_updates (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    active_stake NUMERIC(20,0) NOT NULL,
    total_shares NUMERIC(40,0) NOT NULL,
    rate_wal NUMERIC(20,0) NOT NULL,
    rate_shares NUMERIC(40,0) NOT NULL,
    stake_activated NUMERIC(20,0) NOT NULL,
    shares_withdrawn NUMERIC(40,0) NOT NULL,
    wal_withdrawn NUMERIC(20,0) NOT NULL,
    commission_bps INTEGER NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX staking_pool_updates_node_idx ON staking_pool_updates (node_id, epoch);

-- Each StakedWal's lifecycle: staked -> withdrawing -> withdrawn, or consumed by a join.
CREATE TABLE stakes (
    staked_wal_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    staker TEXT,
    principal NUMERIC(20,0) NOT NULL,
    activation_epoch BIGINT,
    created_epoch BIGINT,
    split_from TEXT,
    state TEXT NOT NULL,
    shares NUMERIC(40,0),
    withdraw_epoch BIGINT,
    withdrawn_amount NUMERIC(20,0),
    joined_into TEXT,
    updated_checkpoint BIGINT NOT NULL
);
CREATE INDEX stakes_node_idx ON stakes (node_id, state);
CREATE INDEX stakes_staker_idx ON stakes (staker);

CREATE TABLE storage_resources (
    storage_id TEXT PRIMARY KEY,
    start_epoch BIGINT NOT NULL,
    end_epoch BIGINT NOT NULL,
    size NUMERIC(20,0) NOT NULL,
    state TEXT NOT NULL,
    payer TEXT,
    cost NUMERIC(20,0),
    parent_id TEXT,
    created_checkpoint BIGINT NOT NULL,
    updated_checkpoint BIGINT NOT NULL
);

CREATE TABLE blobs (
    blob_object_id TEXT PRIMARY KEY,
    blob_id TEXT NOT NULL,
    state TEXT NOT NULL,
    size NUMERIC(20,0) NOT NULL,
    encoding_type INTEGER NOT NULL,
    encoded_size NUMERIC(20,0) NOT NULL,
    storage_id TEXT NOT NULL,
    storage_size NUMERIC(20,0) NOT NULL,
    registered_epoch BIGINT NOT NULL,
    certified_epoch BIGINT,
    end_epoch BIGINT NOT NULL,
    deletable BOOLEAN NOT NULL,
    owner TEXT NOT NULL,
    write_cost NUMERIC(20,0) NOT NULL,
    extension_cost NUMERIC(20,0) NOT NULL DEFAULT 0,
    signer_shards BIGINT,
    registered_checkpoint BIGINT NOT NULL,
    updated_checkpoint BIGINT NOT NULL
);
CREATE INDEX blobs_blob_id_idx ON blobs (blob_id);
CREATE INDEX blobs_state_idx ON blobs (state, end_epoch);
CREATE INDEX blobs_owner_idx ON blobs (owner);

CREATE TABLE blob_history (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    blob_object_id TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    transition TEXT NOT NULL,
    end_epoch BIGINT NOT NULL,
    timestamp_ms BIGINT NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX blob_history_blob_idx ON blob_history (blob_object_id, checkpoint);

CREATE TABLE blob_attributes (
    blob_object_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (blob_object_id, key)
);

-- WAL paid into the system (storage reservations, writes, extensions), per event.
CREATE TABLE fees (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    epoch BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount NUMERIC(20,0) NOT NULL,
    payer TEXT NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX fees_epoch_idx ON fees (epoch, kind);

CREATE TABLE wal_burns (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    epoch BIGINT,
    amount NUMERIC(20,0) NOT NULL,
    total_supply NUMERIC(20,0) NOT NULL,
    burner TEXT NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);
CREATE INDEX wal_burns_epoch_idx ON wal_burns (epoch);

CREATE TABLE reward_distributions (
    epoch BIGINT PRIMARY KEY,
    total NUMERIC(20,0) NOT NULL,
    forfeited NUMERIC(20,0) NOT NULL,
    carried_over NUMERIC(20,0) NOT NULL,
    checkpoint BIGINT NOT NULL
);

CREATE TABLE rewards (
    epoch BIGINT NOT NULL REFERENCES reward_distributions (epoch),
    node_id TEXT NOT NULL,
    reward NUMERIC(20,0) NOT NULL,
    commission NUMERIC(20,0) NOT NULL,
    PRIMARY KEY (epoch, node_id)
);
CREATE INDEX rewards_node_idx ON rewards (node_id, epoch);

CREATE TABLE commission_collections (
    checkpoint BIGINT NOT NULL,
    tx_digest TEXT NOT NULL,
    event_index INTEGER NOT NULL,
    epoch BIGINT NOT NULL,
    node_id TEXT NOT NULL,
    amount NUMERIC(20,0) NOT NULL,
    recipient TEXT NOT NULL,
    PRIMARY KEY (checkpoint, tx_digest, event_index)
);

CREATE TABLE proposals (
    proposal_id TEXT PRIMARY KEY,
    created_epoch BIGINT NOT NULL,
    proposer TEXT NOT NULL,
    staked_wal_id TEXT NOT NULL,
    proposer_stake NUMERIC(20,0) NOT NULL,
    kind INTEGER NOT NULL,
    param INTEGER NOT NULL,
    value NUMERIC(20,0) NOT NULL,
    auditor TEXT NOT NULL,
    description TEXT NOT NULL,
    voting_end_ms BIGINT NOT NULL,
    executable_from_ms BIGINT NOT NULL,
    total_stake NUMERIC(20,0) NOT NULL,
    quorum_bps INTEGER NOT NULL,
    approval_threshold_bps INTEGER NOT NULL,
    status INTEGER,
    votes_for NUMERIC(20,0) NOT NULL DEFAULT 0,
    votes_against NUMERIC(20,0) NOT NULL DEFAULT 0,
    votes_abstain NUMERIC(20,0) NOT NULL DEFAULT 0,
    finalized_epoch BIGINT,
    executed_epoch BIGINT,
    old_value NUMERIC(20,0),
    new_value NUMERIC(20,0),
    auditor_cap_id TEXT
);

CREATE TABLE votes (
    proposal_id TEXT NOT NULL REFERENCES proposals (proposal_id),
    staked_wal_id TEXT NOT NULL,
    voter TEXT NOT NULL,
    node_id TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    choice INTEGER NOT NULL,
    weight NUMERIC(20,0) NOT NULL,
    checkpoint BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, staked_wal_id)
);

CREATE TABLE auditors (
    cap_id TEXT PRIMARY KEY,
    auditor TEXT NOT NULL,
    added_epoch BIGINT NOT NULL,
    added_by_proposal TEXT,
    removed_epoch BIGINT,
    removed_by_proposal TEXT
);

CREATE TABLE audit_rounds (
    round_id TEXT PRIMARY KEY,
    round NUMERIC(20,0) NOT NULL,
    epoch BIGINT NOT NULL,
    seed BYTEA NOT NULL,
    opened_ms BIGINT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    challenged_symbols NUMERIC(20,0) NOT NULL,
    failure_threshold_bps INTEGER NOT NULL,
    auditor_quorum_bps INTEGER NOT NULL,
    penalty_bps INTEGER NOT NULL,
    n_auditors BIGINT NOT NULL,
    node_ids TEXT[] NOT NULL,
    finalized_epoch BIGINT,
    reports BIGINT,
    total_slashed NUMERIC(20,0)
);

CREATE TABLE audit_reports (
    round_id TEXT NOT NULL REFERENCES audit_rounds (round_id),
    cap_id TEXT NOT NULL,
    auditor TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    submitted_ms BIGINT NOT NULL,
    evidence_digest BYTEA NOT NULL,
    PRIMARY KEY (round_id, cap_id)
);

CREATE TABLE audit_report_nodes (
    round_id TEXT NOT NULL,
    cap_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    challenged NUMERIC(20,0) NOT NULL,
    failed NUMERIC(20,0) NOT NULL,
    failing BOOLEAN NOT NULL,
    PRIMARY KEY (round_id, cap_id, node_id),
    FOREIGN KEY (round_id, cap_id) REFERENCES audit_reports (round_id, cap_id)
);
CREATE INDEX audit_report_nodes_node_idx ON audit_report_nodes (node_id);

CREATE TABLE audit_round_results (
    round_id TEXT NOT NULL REFERENCES audit_rounds (round_id),
    node_id TEXT NOT NULL,
    failing_reports NUMERIC(20,0) NOT NULL,
    penalized BOOLEAN NOT NULL,
    slashed NUMERIC(20,0) NOT NULL,
    PRIMARY KEY (round_id, node_id)
);

CREATE TABLE penalties (
    round_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    round NUMERIC(20,0) NOT NULL,
    round_epoch BIGINT NOT NULL,
    epoch BIGINT NOT NULL,
    failing_reports NUMERIC(20,0) NOT NULL,
    n_auditors NUMERIC(20,0) NOT NULL,
    slashed NUMERIC(20,0) NOT NULL,
    active_stake_before NUMERIC(20,0) NOT NULL,
    active_stake_after NUMERIC(20,0) NOT NULL,
    total_shares NUMERIC(40,0) NOT NULL,
    rewards_forfeited_epoch BIGINT NOT NULL,
    consecutive_penalties NUMERIC(20,0) NOT NULL,
    excluded BOOLEAN NOT NULL,
    PRIMARY KEY (round_id, node_id)
);
CREATE INDEX penalties_node_idx ON penalties (node_id, epoch);
