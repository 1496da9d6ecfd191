-- Dashboard views (see docs/dashboards.md, to be written).
CREATE VIEW v_network_overview AS
SELECT
    (SELECT current_epoch FROM system) AS epoch,
    (SELECT coalesce(sum(size), 0) FROM blobs WHERE state = 'certified') AS stored_bytes,
    (SELECT coalesce(sum(encoded_size), 0) FROM blobs WHERE state IN ('registered', 'certified')) AS encoded_bytes,
    (SELECT count(*) FROM blobs WHERE state = 'registered') AS blobs_registered,
    (SELECT count(*) FROM blobs WHERE state = 'certified') AS blobs_certified,
    (SELECT count(*) FROM blobs WHERE state = 'deleted') AS blobs_deleted,
    (SELECT count(*) FROM blobs WHERE state = 'burned') AS blobs_burned,
    (SELECT total_capacity FROM system) AS total_capacity,
    (SELECT coalesce(sum(size), 0) FROM storage_resources WHERE state IN ('active', 'in_blob')) AS capacity_reserved,
    (SELECT storage_price FROM system) AS storage_price,
    (SELECT write_price FROM system) AS write_price;

CREATE VIEW v_epoch_fees AS
SELECT e.epoch,
       coalesce((SELECT sum(amount) FROM fees f WHERE f.epoch = e.epoch AND kind = 'reserve'), 0) AS reserve_fees,
       coalesce((SELECT sum(amount) FROM fees f WHERE f.epoch = e.epoch AND kind = 'write'), 0) AS write_fees,
       coalesce((SELECT sum(amount) FROM fees f WHERE f.epoch = e.epoch AND kind = 'extend'), 0) AS extend_fees,
       coalesce((SELECT sum(amount) FROM wal_burns b WHERE b.epoch = e.epoch), 0) AS burned,
       (SELECT total FROM reward_distributions r WHERE r.epoch = e.epoch) AS rewards
FROM epochs e;

CREATE VIEW v_node_reliability AS
SELECT n.node_id, n.name,
       count(DISTINCT rn.round_id) AS rounds_reported,
       coalesce(sum(rn.challenged), 0) AS challenged,
       coalesce(sum(rn.failed), 0) AS failed,
       (SELECT count(*) FROM penalties p WHERE p.node_id = n.node_id) AS penalties,
       (SELECT coalesce(sum(slashed), 0) FROM penalties p WHERE p.node_id = n.node_id) AS slashed,
       n.excluded
FROM nodes n LEFT JOIN audit_report_nodes rn ON rn.node_id = n.node_id
GROUP BY n.node_id, n.name, n.excluded;

CREATE VIEW v_governance AS
SELECT proposal_id, kind, param, value, description, status, created_epoch, total_stake,
       votes_for, votes_against, votes_abstain,
       CASE WHEN total_stake > 0 THEN (votes_for + votes_against + votes_abstain) / total_stake END AS turnout
FROM proposals;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'walrus_dashboard') THEN
        CREATE ROLE walrus_dashboard NOLOGIN;
    END IF;
END $$;
GRANT SELECT ON v_network_overview, v_epoch_fees, v_node_reliability, v_governance TO walrus_dashboard;
