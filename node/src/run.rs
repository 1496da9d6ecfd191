//! Starting a node: storage, chain view, follower, HTTP server.

use std::net::SocketAddr;

use walrus_chain::SuiChain;
use walrus_core::{NShards, ProtocolKeyPair};

use crate::config::NodeConfig;
use crate::node::StorageNode;
use crate::storage::Storage;

/// A running node.
#[derive(Debug)]
pub struct RunningNode {
    /// The node.
    pub node: StorageNode,
    /// The bound HTTP address.
    pub addr: SocketAddr,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningNode {
    /// Stops the HTTP server and the follower.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for RunningNode {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Starts a node: opens the database, loads the chain view, follows the chain and serves HTTP.
pub async fn start(
    config: &NodeConfig,
    key: ProtocolKeyPair,
    chain: SuiChain,
) -> anyhow::Result<RunningNode> {
    let storage = Storage::open(&config.data_dir)?;
    let system = chain.system_state().await?;
    let n_shards = NShards::new(system.n_shards)
        .map_err(|e| anyhow::anyhow!("invalid n_shards on chain: {e:?}"))?;
    let node = StorageNode::new(storage, key, n_shards);
    if let Some(epoch) = node.storage().state::<u32>("epoch")? {
        let mut view = node.view();
        view.epoch = epoch;
        node.set_view(view);
    }
    crate::follower::init_view(&node, &chain).await?;
    let follower = tokio::spawn(crate::follower::follow(
        node.clone(),
        chain,
        config.start_checkpoint,
        config.shard_grace_period_ms,
    ));
    let listener = tokio::net::TcpListener::bind(config.listen_address).await?;
    let addr = listener.local_addr()?;
    let app = crate::api::router(node.clone(), config.max_body_bytes);
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "HTTP server stopped");
        }
    });
    tracing::info!(%addr, "walrus-node listening");
    Ok(RunningNode {
        node,
        addr,
        tasks: vec![follower, server],
    })
}
