DROP TABLE IF EXISTS penalties, audit_round_results, audit_report_nodes, audit_reports, audit_rounds,
    auditors, votes, proposals, commission_collections, rewards, reward_distributions, wal_burns,
    fees, blob_attributes, blob_history, blobs, storage_resources, stakes, staking_pool_updates,
    node_votes, committee_members, nodes, epochs, system, quarantine, events, watermarks;
