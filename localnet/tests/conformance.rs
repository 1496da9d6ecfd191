//! The conformance vectors (`localnet/conformance/*.json`) against the localnet, and the
//! generated Move tests (`move/walrus/tests/conformance_tests.move`) kept up to date.
//!
//! `UPDATE_VECTORS=1 cargo test -p walrus-localnet --test conformance` records the localnet's
//! events and values into the vectors and regenerates the Move file; `scripts/move test
//! move/walrus` then checks that the Move code produces the same.

use std::path::PathBuf;
use std::sync::Arc;

use walrus_localnet::conformance::runner::{Backend, Runner, run_case, run_case_on};
use walrus_localnet::conformance::{self, Step, movegen};

fn repo(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn update() -> bool {
    std::env::var_os("UPDATE_VECTORS").is_some()
}

#[test]
fn vectors_conform_and_the_move_tests_are_up_to_date() {
    let record = update();
    let dir = repo("localnet/conformance");
    let suites = conformance::load_dir(&dir).expect("vectors load");
    let mut errors = Vec::new();
    let mut generated = Vec::new();
    let mut cases = 0;
    for (path, mut suite) in suites {
        let mut resolutions = Vec::new();
        for i in 0..suite.cases.len() {
            cases += 1;
            match run_case(&mut suite, i, Backend::InProcess, record) {
                Ok(r) => resolutions.push(r),
                Err(e) => {
                    errors.push(format!("{}::{}: {e}", suite.name, suite.cases[i].name));
                    resolutions.push((vec![], vec![]));
                }
            }
        }
        if record && errors.is_empty() {
            std::fs::write(&path, conformance::to_json(&suite)).unwrap();
        }
        generated.push((suite, resolutions));
    }
    assert!(
        errors.is_empty(),
        "{} failing cases:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let text = movegen::file(&generated);
    let move_file = repo("move/walrus/tests/conformance_tests.move");
    if record {
        std::fs::write(&move_file, &text).unwrap();
    } else {
        let committed = std::fs::read_to_string(&move_file).unwrap_or_default();
        assert!(
            committed == text,
            "{} is out of date: run UPDATE_VECTORS=1 cargo test -p walrus-localnet --test conformance",
            move_file.display()
        );
    }
    assert!(cases >= 60, "only {cases} conformance vectors");
}

#[test]
fn every_function_is_covered_by_a_vector() {
    let suites = conformance::load_dir(&repo("localnet/conformance")).unwrap();
    let mut called = std::collections::BTreeSet::new();
    let mut aborts = std::collections::BTreeSet::new();
    for (_, s) in &suites {
        for step in s
            .setup
            .iter()
            .chain(s.cases.iter().flat_map(|c| c.steps.iter()))
        {
            if let Step::Call { call, abort, .. } = step {
                called.insert(call.clone());
                if let Some(a) = abort {
                    aborts.insert(a.clone());
                }
            }
        }
        for c in &s.cases {
            if let Some(a) = &c.genesis_abort {
                aborts.insert(a.clone());
            }
        }
    }
    let missing: Vec<_> = conformance::FUNCTIONS
        .iter()
        .map(|f| f.0)
        .filter(|f| !called.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "functions without a vector: {missing:?}"
    );
    let missing: Vec<String> = walrus_localnet::contracts::errors::ALL
        .iter()
        .map(|a| a.qualified())
        .filter(|a| !aborts.contains(a) && !conformance::UNREACHABLE.contains(&a.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "abort codes without a vector: {missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suite_conforms_over_grpc() {
    let (_, mut suite) = conformance::load_dir(&repo("localnet/conformance"))
        .unwrap()
        .into_iter()
        .find(|(_, s)| s.name == "staking")
        .expect("the staking suite");
    for i in 0..suite.cases.len() {
        let mut runner = Runner::new(Backend::InProcess, suite.blobs.clone());
        runner.store.set_auto_checkpoint(true);
        let server = walrus_chain::server::serve(
            runner.store.clone(),
            runner.executor.clone() as Arc<dyn walrus_chain::server::Executor>,
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap();
        let packages = runner.packages();
        let config = walrus_chain::ClientConfig::new(
            vec![server.url()],
            walrus_chain::config::PackageConfig {
                wal: packages.wal,
                walrus: packages.walrus,
                wal_published_at: None,
                walrus_published_at: None,
            },
            walrus_chain::config::ObjectsConfig {
                system: sui_sdk_types::Address::ZERO,
                wal_treasury: sui_sdk_types::Address::ZERO,
            },
        );
        runner.set_backend(Backend::Grpc(walrus_chain::SuiChain::new(&config).unwrap()));
        run_case_on(&mut runner, &mut suite, i, false)
            .unwrap_or_else(|e| panic!("staking::{} over gRPC: {e}", suite.cases[i].name));
        server.shutdown().await;
    }
}
