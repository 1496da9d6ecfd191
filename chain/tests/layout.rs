//! The layout check against the compiled Move: builds `move/wal` and `move/walrus` with
//! `scripts/move build`, reads every struct's fields from the bytecode and checks every Rust
//! binding against it (fields added, removed, reordered or retyped, on either side), checks
//! that every struct of the two packages (in particular every event) has a binding, and checks
//! the framework mirrors against the framework's Move sources.
//!
//! This is what keeps Move and Rust from drifting: it runs in CI (`scripts/test`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use base64::Engine as _;
use walrus_chain::bindings::framework::FRAMEWORK_LAYOUTS;
use walrus_chain::bindings::{self, Storage};
use walrus_chain::events::{BindingLayout, MoveStruct, SystemEvent, SystemPackage};
use walrus_chain::layout::{check_binding, check_layout, source_struct_fields};
use walrus_chain::move_bytecode::{ModuleLayout, parse_module};
use walrus_chain::move_struct;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `scripts/move` with `args`, failing the test with its output if it fails.
fn scripts_move(args: &[&str]) -> String {
    let out = Command::new(repo_root().join("scripts/move"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/move (needs bash and Node 20): {e}"));
    assert!(
        out.status.success(),
        "scripts/move {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Builds `move/<package>` into `<out_dir>/<package>.json`.
fn build(package: &str, out_dir: &Path) {
    let out = out_dir.join(format!("{package}.json"));
    scripts_move(&[
        "build",
        &format!("move/{package}"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
}

/// The compiled modules of a build output, by module name.
fn read_build(out: &Path) -> BTreeMap<String, ModuleLayout> {
    let package = out.display();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out).expect("build output")).expect("JSON");
    let modules = json["modules"].as_array().expect("modules: an array");
    assert!(!modules.is_empty(), "{package}: no modules");
    modules
        .iter()
        .map(|m| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(m.as_str().expect("base64 string"))
                .expect("base64");
            let layout = parse_module(&bytes).expect("a readable module");
            assert_eq!(
                layout.address,
                "0".repeat(64),
                "unpublished builds are at 0x0"
            );
            (layout.name.clone(), layout)
        })
        .collect()
}

struct Compiled {
    wal: BTreeMap<String, ModuleLayout>,
    walrus: BTreeMap<String, ModuleLayout>,
}

impl Compiled {
    fn package(&self, p: SystemPackage) -> &BTreeMap<String, ModuleLayout> {
        match p {
            SystemPackage::Wal => &self.wal,
            SystemPackage::Walrus => &self.walrus,
        }
    }

    fn module(&self, p: SystemPackage, name: &str) -> &ModuleLayout {
        self.package(p)
            .get(name)
            .unwrap_or_else(|| panic!("{} has no module {name}", p.name()))
    }
}

/// A digest of everything the build depends on: the two packages' files and the builder's
/// lockfile.
fn sources_digest() -> String {
    use blake2::Digest as _;
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("readable Move package")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "build") {
                    walk(&path, files);
                }
            } else {
                files.push(path);
            }
        }
    }
    let root = repo_root();
    let mut files = vec![root.join("package-lock.json")];
    walk(&root.join("move/wal"), &mut files);
    walk(&root.join("move/walrus"), &mut files);
    files.sort();
    let mut hasher = blake2::Blake2b512::new();
    for f in files {
        hasher.update(
            f.strip_prefix(&root)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update(std::fs::read(&f).unwrap_or_default());
    }
    hex::encode(&hasher.finalize()[..16])
}

/// Both packages, built once (about 5 s each, in parallel) and cached under the target
/// directory, keyed by a digest of the sources: nextest runs each test in its own process,
/// and a file lock makes the first one build while the others wait for its result.
fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("move-layout");
        std::fs::create_dir_all(&cache).expect("cache directory");
        let lock = std::fs::File::create(cache.join("lock")).expect("lock file");
        lock.lock().expect("lock the build cache");
        let dir = cache.join(sources_digest());
        if !dir.join("walrus.json").exists() {
            let tmp = tempfile::tempdir_in(&cache).expect("temp dir");
            std::thread::scope(|s| {
                let wal = s.spawn(|| build("wal", tmp.path()));
                let walrus = s.spawn(|| build("walrus", tmp.path()));
                wal.join().expect("wal build");
                walrus.join().expect("walrus build");
            });
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::rename(tmp.keep(), &dir).expect("publish the build");
            // Builds of earlier sources are of no more use.
            for entry in std::fs::read_dir(&cache).into_iter().flatten().flatten() {
                if entry.path().is_dir() && entry.path() != dir {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let compiled = Compiled {
            wal: read_build(&dir.join("wal.json")),
            walrus: read_build(&dir.join("walrus.json")),
        };
        drop(lock);
        compiled
    })
}

#[test]
fn every_binding_matches_the_compiled_move() {
    let compiled = compiled();
    let mut failures = Vec::new();
    let all = bindings::all_layouts();
    for binding in &all {
        let module = compiled.module(binding.package, binding.module);
        if let Err(e) = check_layout(binding, module) {
            failures.push(e.to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} binding(s) disagree with the bytecode:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every binding is distinct.
    let names: BTreeSet<_> = all.iter().map(|b| (b.package, b.type_name())).collect();
    assert_eq!(names.len(), all.len(), "a binding is listed twice");
}

#[test]
fn every_struct_of_both_packages_has_a_binding() {
    let compiled = compiled();
    let bound: BTreeSet<(SystemPackage, String)> = bindings::all_layouts()
        .iter()
        .map(|b| (b.package, b.type_name()))
        .collect();
    let mut missing = Vec::new();
    let mut structs = 0;
    for package in [SystemPackage::Wal, SystemPackage::Walrus] {
        for module in compiled.package(package).values() {
            for d in &module.datatypes {
                structs += 1;
                let name = format!("{}::{}", module.name, d.name);
                if !bound.contains(&(package, name.clone())) {
                    missing.push(format!("{}::{name}", package.name()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "Move structs without a Rust binding (add a move_struct! in chain/src/bindings, and \
         for an event a variant in system_events!): {missing:?}"
    );
    assert_eq!(
        structs,
        bound.len(),
        "a binding names a struct that does not exist"
    );
}

#[test]
fn every_event_of_the_bytecode_is_a_decodable_system_event() {
    let compiled = compiled();
    let decodable: BTreeSet<(SystemPackage, String)> = SystemEvent::layouts()
        .iter()
        .map(|b| (b.package, b.type_name()))
        .collect();
    // Events: every struct of walrus::events, and the copy + drop structs of wal::wal.
    let mut events: Vec<(SystemPackage, String)> = compiled
        .module(SystemPackage::Walrus, "events")
        .datatypes
        .iter()
        .map(|d| (SystemPackage::Walrus, format!("events::{}", d.name)))
        .collect();
    events.extend(
        compiled
            .module(SystemPackage::Wal, "wal")
            .datatypes
            .iter()
            .filter(|d| d.abilities == 0x1 | 0x2)
            .map(|d| (SystemPackage::Wal, format!("wal::{}", d.name))),
    );
    assert_eq!(events.len(), 38, "37 walrus events and wal::WalBurned");
    let missing: Vec<_> = events.iter().filter(|e| !decodable.contains(e)).collect();
    assert!(
        missing.is_empty(),
        "events without a binding in SystemEvent: {missing:?}"
    );
    assert_eq!(
        decodable.len(),
        events.len(),
        "SystemEvent lists a non-event"
    );
}

// A deliberately wrong binding of `walrus::storage_resource::Storage`: `start_epoch` and
// `end_epoch` swapped. Both are u32, so BCS decodes it without complaint and silently swaps
// the values; only the layout check notices.
move_struct! {
    #[move_type(Walrus, "storage_resource", "Storage")]
    /// `Storage` with two fields swapped.
    pub struct ReorderedStorage {
        /// Object ID.
        pub id: walrus_chain::bindings::Uid => "0x2::object::UID",
        /// Swapped with `start_epoch`.
        pub end_epoch: u32 => "u32",
        /// Swapped with `end_epoch`.
        pub start_epoch: u32 => "u32",
        /// Size.
        pub size: u64 => "u64",
    }
}

#[test]
fn a_reordered_field_in_a_walrus_struct_is_caught() {
    let module = compiled().module(SystemPackage::Walrus, "storage_resource");
    check_binding::<Storage>(module).expect("the real binding matches");
    let err = check_binding::<ReorderedStorage>(module).unwrap_err();
    assert_eq!(err.type_name, "storage_resource::Storage");
    assert_eq!(
        err.problems,
        [
            "fields are in a different order: Move has [id, start_epoch, end_epoch, size], Rust has [id, end_epoch, start_epoch, size]"
        ]
    );
    // BCS alone would not notice: the values come out swapped.
    let right = Storage {
        id: walrus_chain::bindings::Uid(sui_sdk_types::Address::ZERO),
        start_epoch: 3,
        end_epoch: 9,
        size: 1,
    };
    let wrong: ReorderedStorage = bcs::from_bytes(&bcs::to_bytes(&right).unwrap()).unwrap();
    assert_eq!((wrong.start_epoch, wrong.end_epoch), (9, 3));
}

/// Copies a directory tree (without `build/` output).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if entry.file_name() != "build" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_field_reordered_in_the_move_source_fails_the_check() {
    // The drift this check exists for: someone reorders a Move struct and forgets the Rust
    // side. Build a copy of the packages with `Storage`'s epochs swapped.
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    copy_tree(&root.join("move/wal"), &dir.path().join("wal"));
    copy_tree(&root.join("move/walrus"), &dir.path().join("walrus"));
    let file = dir.path().join("walrus/sources/storage_resource.move");
    let source = std::fs::read_to_string(&file).unwrap();
    let original = "    start_epoch: u32,\n    /// First epoch no longer covered (exclusive).\n    end_epoch: u32,\n";
    let swapped = "    end_epoch: u32,\n    /// First epoch no longer covered (exclusive).\n    start_epoch: u32,\n";
    assert!(
        source.contains(original),
        "the Storage struct moved; update this test"
    );
    std::fs::write(&file, source.replacen(original, swapped, 1)).unwrap();
    let out = dir.path().join("walrus.json");
    scripts_move(&[
        "build",
        dir.path().join("walrus").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let modules = read_build(&out);
    let err = check_binding::<Storage>(&modules["storage_resource"]).unwrap_err();
    assert_eq!(
        err.problems,
        [
            "fields are in a different order: Move has [id, end_epoch, start_epoch, size], Rust has [id, start_epoch, end_epoch, size]"
        ]
    );
    // The real packages are unaffected.
    check_binding::<Storage>(compiled().module(SystemPackage::Walrus, "storage_resource")).unwrap();
}

#[test]
fn swapping_any_two_adjacent_fields_of_any_binding_is_caught() {
    let compiled = compiled();
    let mut checked = 0;
    for binding in bindings::all_layouts() {
        let module = compiled.module(binding.package, binding.module);
        for i in 1..binding.fields.len() {
            let mut fields = binding.fields.to_vec();
            fields.swap(i - 1, i);
            let mut rust_types = binding.rust_types.clone();
            rust_types.swap(i - 1, i);
            let swapped = BindingLayout {
                fields: Box::leak(fields.into_boxed_slice()),
                rust_types,
                ..binding.clone()
            };
            let err = check_layout(&swapped, module).expect_err(&format!(
                "{}: swapping fields {} and {} went unnoticed",
                binding.type_name(),
                i - 1,
                i
            ));
            assert!(
                err.problems.iter().any(|p| p.contains("different order")),
                "{err}"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} swaps checked");
}

// A binding whose declaration matches the bytecode but whose Rust field type does not encode
// the declared Move type.
move_struct! {
    #[move_type(Walrus, "storage_resource", "Storage")]
    /// `Storage` with a Rust field of the wrong width.
    pub struct MistypedStorage {
        /// Object ID.
        pub id: walrus_chain::bindings::Uid => "0x2::object::UID",
        /// Start.
        pub start_epoch: u32 => "u32",
        /// End.
        pub end_epoch: u32 => "u32",
        /// Declared u64 like in Move, but a u32 in Rust.
        pub size: u32 => "u64",
    }
}

#[test]
fn a_rust_field_type_that_disagrees_with_its_declaration_is_caught() {
    let module = compiled().module(SystemPackage::Walrus, "storage_resource");
    let err = check_binding::<MistypedStorage>(module).unwrap_err();
    assert_eq!(
        err.problems,
        ["field `size` is declared u64 but its Rust type encodes u32"]
    );
}

#[test]
fn added_removed_and_retyped_fields_are_caught_on_a_walrus_event() {
    let module = compiled().module(SystemPackage::Walrus, "events");
    let real = <bindings::NodeReregistered as MoveStruct>::layout();
    check_layout(&real, module).unwrap();
    let variant = |fields: &'static [(&'static str, &'static str)]| {
        let rust_types = fields.iter().map(|(_, t)| t.to_string()).collect();
        BindingLayout {
            fields,
            rust_types,
            ..real.clone()
        }
    };
    let problems = |b: BindingLayout| check_layout(&b, module).unwrap_err().problems;
    assert_eq!(
        problems(variant(&[("epoch", "u32"), ("node_id", "0x2::object::ID")])),
        ["field `excluded_epoch: u32` is in Move but not in the Rust binding"]
    );
    assert_eq!(
        problems(variant(&[
            ("epoch", "u32"),
            ("node_id", "0x2::object::ID"),
            ("excluded_epoch", "u32"),
            ("reason", "0x1::string::String"),
        ])),
        ["field `reason` is in the Rust binding but not in Move"]
    );
    assert_eq!(
        problems(variant(&[
            ("epoch", "u32"),
            ("node_id", "address"),
            ("excluded_epoch", "u32"),
        ])),
        ["field `node_id` has type 0x2::object::ID in Move but address in the Rust binding"]
    );
}

#[test]
fn framework_mirrors_match_the_framework_sources() {
    let dir = PathBuf::from(scripts_move(&["framework"]).trim());
    let mut failures = Vec::new();
    for mirror in FRAMEWORK_LAYOUTS {
        let file = dir.join(mirror.file);
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let Some((type_params, fields)) = source_struct_fields(&source, mirror.name) else {
            failures.push(format!("{}: no struct {}", mirror.file, mirror.name));
            continue;
        };
        let expected: Vec<(String, String)> = mirror
            .fields
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        if fields != expected || type_params != mirror.type_params {
            failures.push(format!(
                "{}::{}: source has <{}> {fields:?}, the mirror assumes <{}> {expected:?}",
                mirror.file,
                mirror.name,
                type_params.join(", "),
                mirror.type_params.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
