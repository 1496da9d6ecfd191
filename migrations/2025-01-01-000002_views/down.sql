DROP VIEW IF EXISTS v_governance, v_node_reliability, v_epoch_fees, v_network_overview;
