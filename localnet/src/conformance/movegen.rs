//! Generates the Move unit tests of the conformance vectors
//! (`move/walrus/tests/conformance_tests.move`): one `#[test]` per case that replays the
//! suite's genesis, setup and steps with `sui::test_scenario` and asserts the recorded events
//! (constructed with the `walrus::events` constructors and compared for equality), the
//! recorded aborts (`expected_failure`) and the recorded probe values.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value as J;
use walrus_chain::SystemEvent;

use super::runner::{Resolved, move_bytes_str, move_type};
use super::{Event, Obj, Ret, Step, Suite, actor, function, parse_probe};

/// Header of the generated file.
pub const HEADER: &str = "\
// GENERATED FILE: do not edit. The conformance vectors in localnet/conformance/*.json, as Move
// unit tests (one per case). Regenerate with
//   UPDATE_VECTORS=1 cargo test -p walrus-localnet --test conformance
// The same vectors run against walrus-localnet (localnet/tests/conformance.rs); both sides
// must produce the recorded events, aborts and values.
#[test_only]
#[allow(unused_variable, unused_let_mut, unused_mut_ref, unused_use, unused_const)]
module walrus::conformance_tests;

use sui::clock;
use sui::coin::{Self, Coin};
use sui::event;
use sui::random::Random;
use sui::test_scenario::{Self as ts};
use wal::wal::{Self, WAL, Treasury};
use walrus::audit_round::AuditRound;
use walrus::auditors::AuditorCap;
use walrus::blob::Blob;
use walrus::events;
use walrus::proposal::Proposal;
use walrus::staked_wal::StakedWal;
use walrus::storage_node::StorageNodeCap;
use walrus::storage_resource::Storage;
use walrus::system;
";

fn addr(name: &str) -> String {
    format!("@{}", actor(name))
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as a Move expression of type `ty`.
fn value(ty: &str, v: &J) -> String {
    match (ty, v) {
        ("bool", J::Bool(b)) => b.to_string(),
        ("u256", J::String(s)) => format!("{s}u256"),
        ("address", J::String(s)) => match s.strip_prefix('%') {
            Some(actor_name) => addr(actor_name),
            None => format!("@{s}"),
        },
        ("0x2::object::ID", J::String(s)) => format!("id_{}", s.trim_start_matches('@')),
        ("0x1::string::String", J::String(s)) => format!("{}.to_string()", move_bytes_str(s)),
        ("vector<u8>", J::String(s)) => format!("x\"{}\"", s.trim_start_matches("x:")),
        (t, J::Array(items)) if t.starts_with("vector<") => {
            let inner = &t[7..t.len() - 1];
            format!(
                "vector[{}]",
                items
                    .iter()
                    .map(|i| value(inner, i))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        (t, J::Null) if t.starts_with("0x1::option::Option<") => "option::none()".into(),
        (t, J::Object(m)) if t.starts_with("0x1::option::Option<") => {
            let inner = &t[20..t.len() - 1];
            format!("option::some({})", value(inner, &m["some"]))
        }
        (_, J::String(s)) => s.clone(),
        (t, other) => format!("/* cannot render {other} as {t} */"),
    }
}

fn fields_of(type_: &str) -> &'static [(&'static str, &'static str)] {
    SystemEvent::layouts()
        .into_iter()
        .find(|l| l.name == type_)
        .map(|l| l.fields)
        .unwrap_or(&[])
}

/// The assertions of a step's events; the `AuditRoundOpened` fields are checked on the round
/// object instead (its seed differs between the two sides), returned as `(round fields)`.
fn event_checks(out: &mut String, events: &[Event], code: &mut u64) -> Option<Event> {
    let _ = writeln!(
        out,
        "    assert!(event::num_events() == {}, {});",
        events.len(),
        next(code)
    );
    let mut by_type: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    let mut order = Vec::new();
    for e in events {
        if !by_type.contains_key(e.type_.as_str()) {
            order.push(e.type_.as_str());
        }
        by_type.entry(&e.type_).or_default().push(e);
    }
    let mut opened = None;
    for t in order {
        let list = &by_type[t];
        match t {
            "WalBurned" => {
                let _ = writeln!(
                    out,
                    "    let burned = event::events_by_type<wal::WalBurned>();"
                );
                let _ = writeln!(
                    out,
                    "    assert!(burned.length() == {}, {});",
                    list.len(),
                    next(code)
                );
                for (i, e) in list.iter().enumerate() {
                    for (f, acc) in [
                        ("amount", "burned_amount"),
                        ("total_supply", "burned_total_supply"),
                        ("burner", "burned_by"),
                    ] {
                        let ty = if f == "burner" { "address" } else { "u64" };
                        let _ = writeln!(
                            out,
                            "    assert!(burned[{i}].{acc}() == {}, {});",
                            value(ty, &e.fields[f]),
                            next(code)
                        );
                    }
                }
            }
            "AuditRoundOpened" => {
                let _ = writeln!(
                    out,
                    "    assert!(event::events_by_type<events::AuditRoundOpened>().length() == {}, {});",
                    list.len(),
                    next(code)
                );
                opened = list.last().map(|e| (*e).clone());
            }
            _ => {
                let fields = fields_of(t);
                let items: Vec<String> = list
                    .iter()
                    .map(|e| {
                        let args: Vec<String> = fields
                            .iter()
                            .map(|(f, ty)| value(ty, &e.fields[*f]))
                            .collect();
                        format!("events::{}({})", snake(t), args.join(", "))
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "    assert!(event::events_by_type<events::{t}>() == vector[\n        {},\n    ], {});",
                    items.join(",\n        "),
                    next(code)
                );
            }
        }
    }
    opened
}

fn next(code: &mut u64) -> u64 {
    *code += 1;
    *code
}

/// The Move expression of a probe.
fn probe_expr(probe: &str) -> String {
    let Some((pattern, _, arg)) = parse_probe(probe) else {
        return format!("/* unknown probe {probe} */");
    };
    let x = arg.unwrap_or_default();
    let pool = format!("system.pool(id_{x}_node)");
    match pattern {
        "system.epoch" => "system.epoch()".into(),
        "system.epoch_start_ms" => "system.epoch_start_ms()".into(),
        "system.total_capacity" => "system.total_capacity()".into(),
        "system.used_capacity" => "system.used_capacity()".into(),
        "system.storage_price" => "system.storage_price()".into(),
        "system.write_price" => "system.write_price()".into(),
        "system.total_active_stake" => "system.total_active_stake()".into(),
        "system.wal_paid_in" => "system.wal_paid_in()".into(),
        "system.wal_paid_out" => "system.wal_paid_out()".into(),
        "system.wal_slashed" => "system.wal_slashed()".into(),
        "system.committee_size" => "system.committee().size()".into(),
        "system.n_auditors" => "system.auditors().size()".into(),
        "system.invariants" => "system.check_invariants()".into(),
        "system.param(P)" => {
            let code = walrus_chain::bindings::GovernedParameter::from_name(&x)
                .map(|p| p.code())
                .unwrap_or(255);
            format!("walrus::params::parameter(system.params(), {code})")
        }
        "pool(X).active_stake" => format!("{pool}.active_stake()"),
        "pool(X).total_shares" => format!("{pool}.total_shares()"),
        "pool(X).pending_stake" => format!("{pool}.pending_stake()"),
        "pool(X).withdrawable" => format!("{pool}.withdrawable()"),
        "pool(X).commission" => format!("{pool}.commission()"),
        "pool(X).commission_bps" => format!("{pool}.commission_bps()"),
        "pool(X).excluded" => format!("{pool}.is_excluded()"),
        "pool(X).shards" => format!("system.committee().shards_of(id_{x}_node)"),
        "coin(X).value" => format!("{x}.value()"),
        "staked(X).principal" => format!("{x}.principal()"),
        "staked(X).value" => format!("system.staked_wal_value(&{x})"),
        "blob(X).certified" => format!("{x}.is_certified()"),
        "blob(X).end_epoch" => format!("{x}.end_epoch()"),
        "storage(X).start_epoch" => format!("{x}.start_epoch()"),
        "storage(X).end_epoch" => format!("{x}.end_epoch()"),
        "storage(X).size" => format!("{x}.size()"),
        "proposal(X).status" => format!("{x}.status()"),
        "proposal(X).votes_for" => format!("{x}.votes_for()"),
        "round(X).finalized" => format!("{x}.is_finalized()"),
        "round(X).reports" => format!("{x}.report_count()"),
        "treasury.burned" => "treasury.total_burned()".into(),
        other => format!("/* probe {other} */"),
    }
}

/// A live Move local: how to dispose of it at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Local {
    Owned,
    Shared,
}

/// The Move test of case `case`.
pub fn case_test(suite: &Suite, case: usize, setup: &[Resolved], steps: &[Resolved]) -> String {
    let c = &suite.cases[case];
    let g = c.genesis.as_ref().unwrap_or(&suite.genesis);
    let mut out = String::new();
    let abort = c.genesis_abort.clone().or_else(|| match c.steps.last() {
        Some(Step::Call { abort: Some(a), .. }) => Some(a.clone()),
        _ => None,
    });
    let _ = writeln!(out);
    if !c.description.is_empty() {
        for line in c.description.lines() {
            let _ = writeln!(out, "/// {line}");
        }
    }
    match &abort {
        Some(a) => {
            let path = if a.starts_with("wal::") {
                a.clone()
            } else {
                format!("walrus::{a}")
            };
            let _ = writeln!(out, "#[test, expected_failure(abort_code = {path})]");
        }
        None => {
            let _ = writeln!(out, "#[test]");
        }
    }
    let _ = writeln!(out, "fun {}__{}() {{", suite.name, c.name);
    let admin = addr("admin");
    let mut code = 0u64;
    let _ = writeln!(out, "    let mut s = ts::begin({admin});");
    let _ = writeln!(
        out,
        "    let mut clock = clock::create_for_testing(s.ctx());"
    );
    let _ = writeln!(out, "    walrus::test_utils::setup_random(&mut s);");
    let _ = writeln!(out, "    wal::init_for_testing(s.ctx());");
    let _ = writeln!(out, "    s.next_tx({admin});");
    let _ = writeln!(out, "    let mut treasury = s.take_shared<Treasury>();");
    let _ = writeln!(out, "    let random = s.take_shared<Random>();");
    let _ = writeln!(out, "    s.next_tx({admin});");
    let auditors: Vec<String> = g.auditors.iter().map(|a| addr(a)).collect();
    let _ = writeln!(
        out,
        "    let mut system = system::new_with_auditors_for_testing({}, {}, {}, {}, {}, {}, {}, {}, vector[{}], &clock, s.ctx());",
        g.n_shards,
        g.epoch_duration_ms,
        g.max_epochs_ahead,
        g.max_committee_size,
        g.min_committee_stake,
        g.initial_capacity,
        g.storage_price,
        g.write_price,
        auditors.join(", ")
    );
    let mut locals: Vec<(String, Local)> = Vec::new();
    if c.genesis_abort.is_none() {
        let _ = writeln!(out, "    let id_system = object::id(&system);");
        for a in &g.auditors {
            let _ = writeln!(
                out,
                "    let id_{a}_cap = system.auditors().cap_of({}).destroy_some();",
                addr(a)
            );
        }
        if c.genesis.is_none()
            && let Some(events) = &suite.genesis.events
        {
            event_checks(&mut out, events, &mut code);
        }
        for a in &g.auditors {
            let _ = writeln!(out, "    s.next_tx({});", addr(a));
            let _ = writeln!(
                out,
                "    let {a}_cap = s.take_from_address_by_id<AuditorCap>({}, id_{a}_cap);",
                addr(a)
            );
            locals.push((format!("{a}_cap"), Local::Owned));
        }
        let mut all: Vec<(&Step, &Resolved)> = Vec::new();
        if c.with_setup {
            all.extend(suite.setup.iter().zip(setup));
        }
        all.extend(c.steps.iter().zip(steps));
        for (step, resolved) in all {
            step_code(&mut out, step, resolved, &mut locals, &mut code);
        }
    }
    // Cleanup (also after an aborting call: never reached, but it must type-check).
    for (name, kind) in locals.iter().rev() {
        match kind {
            Local::Owned => {
                let _ = writeln!(out, "    std::unit_test::destroy({name});");
            }
            Local::Shared => {
                let _ = writeln!(out, "    ts::return_shared({name});");
            }
        }
    }
    let _ = writeln!(out, "    ts::return_shared(treasury);");
    let _ = writeln!(out, "    ts::return_shared(random);");
    let _ = writeln!(out, "    system.destroy_for_testing();");
    let _ = writeln!(out, "    clock.destroy_for_testing();");
    let _ = writeln!(out, "    s.end();");
    let _ = writeln!(out, "}}");
    out
}

fn step_code(
    out: &mut String,
    step: &Step,
    resolved: &Resolved,
    locals: &mut Vec<(String, Local)>,
    code: &mut u64,
) {
    match step {
        Step::Mint { amount, name, .. } => {
            let _ = writeln!(
                out,
                "    let mut {name} = coin::mint_for_testing<WAL>({amount}, s.ctx());"
            );
            let _ = writeln!(out, "    let id_{name} = object::id(&{name});");
            locals.push((name.clone(), Local::Owned));
        }
        Step::Clock { ms } => {
            let _ = writeln!(out, "    clock.increment_for_testing({ms});");
        }
        Step::Check { probes, values } => {
            for p in probes {
                let v = values.get(p).cloned().unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    assert!({} == {v}, {});",
                    probe_expr(p),
                    next(code)
                );
            }
        }
        Step::Call {
            call,
            sender,
            name,
            receives,
            abort,
            events,
            ..
        } => {
            let Some(spec) = function(call) else { return };
            let Resolved::Call { args } = resolved else {
                return;
            };
            let mut args = args.clone();
            if spec.3 {
                args.push("s.ctx()".into());
            }
            // By-value objects are consumed.
            for (p, a) in spec.1.iter().zip(&args) {
                if let super::Param::Val(_) = p {
                    locals.retain(|(n, _)| n != a);
                }
            }
            let _ = writeln!(out, "    s.next_tx({});", addr(sender));
            let (module, f) = call.split_once("::").unwrap_or_default();
            let path = if module == "wal" {
                format!("wal::{f}")
            } else {
                format!("walrus::{module}::{f}")
            };
            let expr = format!("{path}({})", args.join(", "));
            match (spec.2, name) {
                (Ret::Obj(o), Some(n)) => {
                    let _ = writeln!(out, "    let mut {n}: {} = {expr};", move_type(o));
                    let _ = writeln!(out, "    let id_{n} = object::id(&{n});");
                    if o == Obj::Cap {
                        let _ = writeln!(out, "    let id_{n}_node = {n}.cap_node_id();");
                    }
                    locals.push((n.clone(), Local::Owned));
                }
                (Ret::ProposalId, Some(n)) => {
                    let _ = writeln!(out, "    let id_{n} = {expr};");
                }
                (Ret::Obj(_), None) => {
                    let _ = writeln!(out, "    std::unit_test::destroy({expr});");
                }
                (Ret::Action, _) => {
                    let _ = writeln!(out, "    let _ = {expr};");
                }
                _ => {
                    let _ = writeln!(out, "    {expr};");
                }
            }
            if abort.is_some() {
                return;
            }
            if let Some((cap, owner)) = receives {
                let _ = writeln!(
                    out,
                    "    let id_{cap} = system.auditors().cap_of({}).destroy_some();",
                    addr(owner)
                );
            }
            let opened = events.as_ref().and_then(|e| event_checks(out, e, code));
            if let (Ret::ProposalId, Some(n)) = (spec.2, name) {
                let _ = writeln!(out, "    s.next_tx({});", addr(sender));
                let _ = writeln!(
                    out,
                    "    let mut {n} = s.take_shared_by_id<Proposal>(id_{n});"
                );
                locals.push((n.clone(), Local::Shared));
            }
            if let (Ret::Round, Some(n)) = (spec.2, name) {
                let _ = writeln!(out, "    s.next_tx({});", addr(sender));
                let _ = writeln!(out, "    let mut {n} = s.take_shared<AuditRound>();");
                let _ = writeln!(out, "    let id_{n} = object::id(&{n});");
                if let Some(e) = opened {
                    let f = &e.fields;
                    for (field, acc, ty) in [
                        ("round", "round", "u64"),
                        ("epoch", "epoch", "u32"),
                        ("opened_ms", "opened_ms", "u64"),
                        ("deadline_ms", "deadline_ms", "u64"),
                        ("challenged_symbols", "challenged_symbols", "u64"),
                        ("failure_threshold_bps", "failure_threshold_bps", "u16"),
                        ("auditor_quorum_bps", "auditor_quorum_bps", "u16"),
                        ("penalty_bps", "penalty_bps", "u16"),
                        ("n_auditors", "n_auditors", "u64"),
                    ] {
                        let _ = writeln!(
                            out,
                            "    assert!({n}.{acc}() == {}, {});",
                            value(ty, &f[field]),
                            next(code)
                        );
                    }
                    let _ = writeln!(
                        out,
                        "    assert!(*{n}.node_ids() == {}, {});",
                        value("vector<0x2::object::ID>", &f["node_ids"]),
                        next(code)
                    );
                    let _ = writeln!(
                        out,
                        "    assert!(id_{n} == {}, {});",
                        value("0x2::object::ID", &f["round_id"]),
                        next(code)
                    );
                    let _ = writeln!(
                        out,
                        "    assert!({n}.seed().length() == 32, {});",
                        next(code)
                    );
                }
                locals.push((n.clone(), Local::Shared));
            }
            if let Some((cap, owner)) = receives {
                let _ = writeln!(out, "    s.next_tx({});", addr(owner));
                let _ = writeln!(
                    out,
                    "    let {cap} = s.take_from_address_by_id<AuditorCap>({}, id_{cap});",
                    addr(owner)
                );
                locals.push((cap.clone(), Local::Owned));
            }
        }
    }
}

/// The whole generated file for `suites` and their resolutions per case.
pub fn file(suites: &[(Suite, Vec<super::runner::CaseResolution>)]) -> String {
    let mut out = String::from(HEADER);
    for (suite, cases) in suites {
        let _ = writeln!(out, "\n// === {}: {} ===", suite.name, suite.description);
        for (i, (setup, steps)) in cases.iter().enumerate() {
            out.push_str(&case_test(suite, i, setup, steps));
        }
    }
    out
}
