//! Tests of `scripts/move`, the offline Move build-and-test runner: it must pass a passing
//! package, and exit non-zero with a clear message on a failing test, a compile error and an
//! infinite loop (the WASM runner has no gas limit, so only the timeout stops it).

use walrus_tests::{combined_output, run_move};

fn fixture(name: &str) -> String {
    format!("tests/fixtures/move/{name}")
}

#[test]
fn passing_package_exits_zero_with_per_test_lines() {
    let out = run_move(&["test", &fixture("passing")]).expect("scripts/move runs");
    let text = combined_output(&out);
    assert!(out.status.success(), "expected success:\n{text}");
    assert!(text.contains("PASS passing::m::doubles"), "{text}");
    assert!(
        text.contains("PASS passing::m::overflow_is_expected"),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "2 passed, 0 failed"), "{text}");
}

#[test]
fn failing_test_exits_non_zero_with_diagnostics() {
    let out = run_move(&["test", &fixture("failing")]).expect("scripts/move runs");
    let text = combined_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("PASS failing::m::doubles"), "{text}");
    assert!(
        text.contains("FAIL failing::m::wrong_expectation"),
        "{text}"
    );
    // The diagnostics say where and why.
    assert!(text.contains("aborted with code 7"), "{text}");
    assert!(text.contains("sources/m.move:10"), "{text}");
    assert!(text.lines().any(|l| l == "1 passed, 1 failed"), "{text}");
}

#[test]
fn compile_error_exits_non_zero_with_compiler_diagnostics() {
    let out = run_move(&["test", &fixture("compile_error")]).expect("scripts/move runs");
    let text = combined_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("COMPILE ERROR"), "{text}");
    assert!(text.contains("error[E04007]: incompatible types"), "{text}");
    assert!(text.contains("sources/m.move:4"), "{text}");
    assert!(text.lines().any(|l| l == "0 passed, 1 failed"), "{text}");
}

#[test]
fn infinite_loop_is_stopped_by_the_timeout() {
    let started = std::time::Instant::now();
    let out = run_move(&["test", "--timeout", "15", &fixture("infinite_loop")])
        .expect("scripts/move runs");
    let text = combined_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("TIMEOUT"), "{text}");
    assert!(text.contains("longer than 15 s"), "{text}");
    assert!(text.lines().any(|l| l == "0 passed, 1 failed"), "{text}");
    // Generous bound: the point is that it ends, not how fast.
    assert!(
        started.elapsed().as_secs() < 120,
        "the runner did not stop in time"
    );
}

#[test]
fn one_broken_package_fails_the_whole_run() {
    let out = run_move(&["test", &fixture("passing"), &fixture("failing")]).expect("runs");
    let text = combined_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.lines().any(|l| l == "3 passed, 1 failed"), "{text}");
}

#[test]
fn local_dependencies_resolve() {
    let out = run_move(&["test", &fixture("with_local_dep")]).expect("scripts/move runs");
    let text = combined_output(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("PASS with_local_dep::quad::quadruples"),
        "{text}"
    );
}

#[test]
fn not_a_package_is_a_clear_error() {
    let out = run_move(&["test", "tests/fixtures"]).expect("scripts/move runs");
    let text = combined_output(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("is not a Move package"), "{text}");
}

#[test]
fn build_writes_modules_dependencies_and_digest() {
    let dir = std::env::temp_dir().join(format!("walrus-move-build-{}", std::process::id()));
    let out_file = dir.join("wal.json");
    let out = run_move(&[
        "build",
        "move/wal",
        "--out",
        out_file.to_str().expect("utf-8 path"),
    ])
    .expect("scripts/move runs");
    let text = combined_output(&out);
    assert!(out.status.success(), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("output written"))
            .expect("valid JSON");
    assert_eq!(json["package"], "wal");
    let modules = json["modules"].as_array().expect("modules array");
    assert_eq!(modules.len(), 1, "move/wal has one module");
    // Move bytecode starts with the magic 0xA11CEB0B; base64 of it starts with "oRzrCw".
    assert!(modules[0].as_str().expect("base64").starts_with("oRzrCw"));
    let deps: Vec<&str> = json["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .map(|d| d.as_str().expect("string"))
        .collect();
    assert!(deps.iter().any(|d| d.ends_with("0001")), "{deps:?}");
    assert!(deps.iter().any(|d| d.ends_with("0002")), "{deps:?}");
    let digest = json["digest"].as_str().expect("digest");
    assert_eq!(digest.len(), 64, "32-byte digest in hex");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_of_a_broken_package_fails() {
    let out_file = std::env::temp_dir().join(format!("walrus-broken-{}.json", std::process::id()));
    let out = run_move(&[
        "build",
        &fixture("compile_error"),
        "--out",
        out_file.to_str().expect("utf-8 path"),
    ])
    .expect("scripts/move runs");
    let text = combined_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("COMPILE ERROR"), "{text}");
    assert!(!out_file.exists());
}
