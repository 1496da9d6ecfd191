//! Every abort of the Move packages resolves to its error constant and message: the generated
//! catalog has one entry per `#[error]` constant of `move/wal` and `move/walrus`, each decodes
//! from a clever abort code to its constant and message, and the walrus entries agree with the
//! error tables of docs/contracts.md (module, code, constant, message), in both directions.

use std::collections::BTreeSet;
use std::path::Path;

use walrus_chain::AbortCatalog;
use walrus_chain::abort::CleverAbortCode;
use walrus_chain::error::MoveAbort;
use walrus_chain::sdk::sui_rpc::proto::sui::rpc::v2 as proto;

/// `(module, code, constant, message)` rows of the "Error codes" tables of docs/contracts.md.
fn documented() -> Vec<(String, u64, String, String)> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/contracts.md"))
            .expect("docs/contracts.md");
    let section = &doc[doc.find("## Error codes").expect("an Error codes section")..];
    let mut module = None;
    let mut rows = Vec::new();
    for line in section.lines() {
        if let Some(m) = line.strip_prefix("### `") {
            module = m
                .trim_end_matches('`')
                .split("::")
                .nth(1)
                .map(str::to_string);
            continue;
        }
        if line.starts_with("## ") && !line.starts_with("## Error codes") {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let code = cells.get(1).and_then(|c| c.parse::<u64>().ok());
        if let (5, Some(m), Some(code)) = (cells.len(), &module, code) {
            rows.push((
                m.clone(),
                code,
                cells[2].trim_matches('`').to_string(),
                cells[3].to_string(),
            ));
        }
    }
    rows
}

#[test]
fn the_catalog_covers_every_documented_abort_and_nothing_else() {
    let catalog = AbortCatalog::builtin();
    let rows = documented();
    assert!(rows.len() > 90, "{} documented error codes", rows.len());
    for (module, code, constant, message) in &rows {
        let entry = catalog
            .lookup(module, *code)
            .unwrap_or_else(|| panic!("{module} code {code} ({constant}) is not in the catalog"));
        assert_eq!(&entry.constant, constant, "{module} code {code}");
        assert_eq!(&entry.message, message, "{module}::{constant}");
    }
    let documented: BTreeSet<(String, u64)> =
        rows.iter().map(|(m, c, _, _)| (m.clone(), *c)).collect();
    // docs/contracts.md documents the walrus package (wal's one error is in its source).
    let generated: BTreeSet<(String, u64)> = AbortCatalog::generated_entries()
        .iter()
        .filter(|e| e.address == "walrus")
        .map(|e| (e.module.to_string(), e.code))
        .collect();
    assert_eq!(
        generated, documented,
        "the catalog and docs/contracts.md list the same walrus aborts"
    );
    assert_eq!(catalog.lookup("wal", 0).unwrap().constant, "EZeroBurn");
}

#[test]
fn every_abort_of_every_module_decodes_to_its_constant() {
    for e in AbortCatalog::generated_entries() {
        let mut location = proto::MoveLocation::default();
        location.module = Some(e.module.to_string());
        let mut abort = proto::MoveAbort::default();
        abort.abort_code = Some(
            CleverAbortCode {
                error_code: e.code as u16,
                line_number: 1,
                identifier_index: Some(0),
                constant_index: Some(0),
            }
            .encode(),
        );
        abort.location = Some(location);
        let decoded = MoveAbort::from_proto(None, Some(0), &abort, AbortCatalog::builtin());
        assert_eq!(
            decoded.constant.as_deref(),
            Some(e.constant),
            "{}::{}",
            e.module,
            e.constant
        );
        assert_eq!(decoded.message.as_deref(), Some(e.message));
        let text = decoded.to_string();
        assert!(
            text.contains(&format!("{} (error code {})", e.constant, e.code)),
            "{text}"
        );
    }
}
