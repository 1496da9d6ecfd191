//! Move abort codes to names and messages.
//!
//! Every Move error constant of this project is declared as
//!
//! ```move
//! #[error(code = 3)]
//! /// Doc comment.
//! const EBlobNotExpired: vector<u8> = b"blob not expired: ...";
//! ```
//!
//! The [`AbortCatalog`] maps `(module, error code)` to the constant's name and message. The
//! built-in catalog ([`AbortCatalog::builtin`]) is generated at build time by `build.rs` from
//! `move/*/sources/*.move`, so it always matches the Move code the crate was built with; nothing
//! is written by hand.
//!
//! Sui "clever errors" encode the error code (and the source line) into the `u64` abort code. The
//! compiler of this project's toolchain (Sui 1.71) emits the second version of the layout:
//!
//! ```text
//! | version (4 bits) | reserved (4) | error code (8) | line number (16) | identifier index (16) | constant index (16) |
//! ```
//!
//! The version nibble is `0b1100` (so an abort from `#[error(code = 0)]` at line 98 starts
//! `0xC000_0062_...`, as measured on the compiled `wal` module); the older version `0b1000` has no
//! error code (its bits are reserved and zero). An error code, identifier or constant index of all
//! ones means "not present". The top bit set means the code is a clever error;
//! [`CleverAbortCode::decode`] takes it apart. An untagged abort code (`abort 7`) is its own error
//! code.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::abort_parse::parse_move_errors;

/// One row of the generated catalog (static data, see `build.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbortEntry {
    /// The module's address name in the source (`walrus`).
    pub address: &'static str,
    /// The module's name (`blob`).
    pub module: &'static str,
    /// The `code = N` of the constant's `#[error]` attribute.
    pub code: u64,
    /// The constant's name (`EBlobNotExpired`).
    pub constant: &'static str,
    /// The constant's value, the message shown to users.
    pub message: &'static str,
    /// The source file, relative to the repository root.
    pub source: &'static str,
    /// The line of the `const` declaration.
    pub line: u32,
}

mod generated {
    use super::AbortEntry;
    include!(concat!(env!("OUT_DIR"), "/abort_catalog.rs"));
}

/// A Move error constant: what an abort code means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorConstant {
    /// The module's address name in the source (`walrus`, `wal`).
    pub address: String,
    /// The module's name.
    pub module: String,
    /// The error code of the constant.
    pub code: u64,
    /// The constant's name, e.g. `EZeroBurn`.
    pub constant: String,
    /// The constant's message.
    pub message: String,
    /// Where it is declared (`move/wal/sources/wal.move:31`), when known.
    pub source: Option<String>,
}

impl fmt::Display for ErrorConstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}::{} (code {}): {}",
            self.module, self.constant, self.code, self.message
        )
    }
}

/// A catalog of Move error constants, looked up by `(module, error code)`.
///
/// ```
/// use walrus_chain::abort::AbortCatalog;
///
/// let catalog = AbortCatalog::builtin();
/// let e = catalog.lookup("wal", 0).expect("wal::EZeroBurn is in the catalog");
/// assert_eq!(e.constant, "EZeroBurn");
///
/// let mut custom = AbortCatalog::empty();
/// custom.add_source(
///     "demo.move",
///     "module demo::m;\n#[error(code = 4)]\nconst EBad: vector<u8> = b\"bad input\";",
/// );
/// assert_eq!(custom.lookup("m", 4).unwrap().message, "bad input");
/// ```
#[derive(Debug, Clone, Default)]
pub struct AbortCatalog {
    by_code: BTreeMap<(String, u64), Vec<ErrorConstant>>,
}

impl AbortCatalog {
    /// A catalog with no entries.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The catalog generated from this repository's Move sources at build time.
    pub fn builtin() -> &'static AbortCatalog {
        static BUILTIN: OnceLock<AbortCatalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut catalog = AbortCatalog::empty();
            for e in generated::GENERATED {
                catalog.insert(ErrorConstant {
                    address: e.address.to_string(),
                    module: e.module.to_string(),
                    code: e.code,
                    constant: e.constant.to_string(),
                    message: e.message.to_string(),
                    source: Some(format!("{}:{}", e.source, e.line)),
                });
            }
            catalog
        })
    }

    /// The raw generated rows, in source order.
    pub fn generated_entries() -> &'static [AbortEntry] {
        generated::GENERATED
    }

    /// Adds every `#[error(code = N)]` constant of one Move source file. `name` is used for the
    /// `source` of the entries. Constants without an explicit code are ignored (they have no
    /// stable code to look up).
    pub fn add_source(&mut self, name: &str, text: &str) -> usize {
        let mut added = 0;
        for e in parse_move_errors(text) {
            let Some(code) = e.code else { continue };
            self.insert(ErrorConstant {
                address: e.address,
                module: e.module,
                code,
                constant: e.constant,
                message: e.message,
                source: Some(format!("{name}:{}", e.line)),
            });
            added += 1;
        }
        added
    }

    /// Adds one constant.
    pub fn insert(&mut self, constant: ErrorConstant) {
        self.by_code
            .entry((constant.module.clone(), constant.code))
            .or_default()
            .push(constant);
    }

    /// The constant of `module` with error code `code`. When several packages declare a module
    /// of that name, the first one added wins; use [`AbortCatalog::lookup_in`] to disambiguate.
    pub fn lookup(&self, module: &str, code: u64) -> Option<&ErrorConstant> {
        self.by_code
            .get(&(module.to_string(), code))
            .and_then(|v| v.first())
    }

    /// Like [`AbortCatalog::lookup`], restricted to the package whose source address name is
    /// `address` (`wal`, `walrus`).
    pub fn lookup_in(&self, address: &str, module: &str, code: u64) -> Option<&ErrorConstant> {
        self.by_code
            .get(&(module.to_string(), code))
            .and_then(|v| v.iter().find(|e| e.address == address))
    }

    /// Resolves a raw abort code raised in `module`: decodes a clever abort code to its error
    /// code first.
    pub fn resolve_abort(&self, module: &str, abort_code: u64) -> Option<&ErrorConstant> {
        self.lookup(module, error_code_of(abort_code))
    }

    /// The constant named `constant` in `module`.
    pub fn by_name(&self, module: &str, constant: &str) -> Option<&ErrorConstant> {
        self.by_code
            .iter()
            .filter(|((m, _), _)| m == module)
            .flat_map(|(_, v)| v.iter())
            .find(|e| e.constant == constant)
    }

    /// Every constant, ordered by module and code.
    pub fn iter(&self) -> impl Iterator<Item = &ErrorConstant> {
        self.by_code.values().flatten()
    }

    /// Number of constants.
    pub fn len(&self) -> usize {
        self.by_code.values().map(Vec::len).sum()
    }

    /// Whether the catalog has no constants.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
}

/// The parts of a Sui clever abort code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleverAbortCode {
    /// The `code = N` of the error constant (8 bits), or [`CleverAbortCode::NO_ERROR_CODE`] when
    /// the abort code carries none (version-0 layout, or a constant without `code = N`).
    pub error_code: u16,
    /// The source line of the abort.
    pub line_number: u16,
    /// Index of the constant's name in the module's identifier pool, if encoded.
    pub identifier_index: Option<u16>,
    /// Index of the constant's value in the module's constant pool, if encoded.
    pub constant_index: Option<u16>,
}

const TAG_MASK: u64 = 0x8000_0000_0000_0000;
const VERSION_MASK: u64 = 0xF000_0000_0000_0000;
/// Version nibble of the layout with an error code (`0b1100`), in place.
const VERSION_1: u64 = 0xC000_0000_0000_0000;
const ERROR_CODE_MASK: u64 = 0x00FF_0000_0000_0000;
const ERROR_CODE_ABSENT: u8 = u8::MAX;
const LINE_NUMBER_MASK: u64 = 0x0000_ffff_0000_0000;
const IDENTIFIER_INDEX_MASK: u64 = 0x0000_0000_ffff_0000;
const CONSTANT_INDEX_MASK: u64 = 0x0000_0000_0000_ffff;

impl CleverAbortCode {
    /// Takes a tagged abort code apart; `None` when the tag bit is clear (a plain abort code).
    ///
    /// ```
    /// use walrus_chain::abort::CleverAbortCode;
    /// let code = CleverAbortCode { error_code: 3, line_number: 120, identifier_index: Some(7), constant_index: Some(2) };
    /// assert_eq!(CleverAbortCode::decode(code.encode()), Some(code));
    /// assert_eq!(CleverAbortCode::decode(3), None);
    /// ```
    pub fn decode(abort_code: u64) -> Option<Self> {
        if abort_code & TAG_MASK == 0 {
            return None;
        }
        let field = |mask: u64, shift: u32| -> u16 { ((abort_code & mask) >> shift) as u16 };
        let optional = |v: u16| (v != u16::MAX).then_some(v);
        let code_byte = field(ERROR_CODE_MASK, 48);
        let error_code = if abort_code & VERSION_MASK == VERSION_1
            && code_byte != u16::from(ERROR_CODE_ABSENT)
        {
            code_byte
        } else {
            Self::NO_ERROR_CODE
        };
        Some(Self {
            error_code,
            line_number: field(LINE_NUMBER_MASK, 32),
            identifier_index: optional(field(IDENTIFIER_INDEX_MASK, 16)),
            constant_index: optional(field(CONSTANT_INDEX_MASK, 0)),
        })
    }

    /// The value of [`CleverAbortCode::error_code`] when the abort code carries no error code.
    pub const NO_ERROR_CODE: u16 = u16::MAX;

    /// The abort code this decodes from (inverse of [`CleverAbortCode::decode`]), in the
    /// version-1 layout the compiler emits. Error codes above 254 cannot be represented and are
    /// encoded as absent.
    pub fn encode(&self) -> u64 {
        let code = u8::try_from(self.error_code)
            .ok()
            .filter(|c| *c != ERROR_CODE_ABSENT)
            .unwrap_or(ERROR_CODE_ABSENT);
        VERSION_1
            | (u64::from(code) << 48)
            | (u64::from(self.line_number) << 32)
            | (u64::from(self.identifier_index.unwrap_or(u16::MAX)) << 16)
            | u64::from(self.constant_index.unwrap_or(u16::MAX))
    }
}

/// The error code an abort code stands for: the clever error code of a tagged abort code, or
/// the abort code itself.
pub fn error_code_of(abort_code: u64) -> u64 {
    CleverAbortCode::decode(abort_code).map_or(abort_code, |c| u64::from(c.error_code))
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    /// The abort code the Sui 1.71 compiler emitted for `wal::EZeroBurn` (`code = 0`, line 98),
    /// read from the compiled `wal` module.
    const WAL_ZERO_BURN_ABORT: u64 = 0xc000_0062_0004_0005;

    #[test]
    fn decodes_the_compilers_layout() {
        let c = CleverAbortCode::decode(WAL_ZERO_BURN_ABORT).expect("tagged");
        assert_eq!(c.error_code, 0);
        assert_eq!(c.line_number, 98);
        assert_eq!(c.identifier_index, Some(4));
        assert_eq!(c.constant_index, Some(5));
        assert_eq!(c.encode(), WAL_ZERO_BURN_ABORT);
        assert_eq!(error_code_of(WAL_ZERO_BURN_ABORT), 0);
    }

    #[test]
    fn version_zero_and_absent_codes_have_no_error_code() {
        // Version 0 (0b1000): no error code field.
        let v0 = 0x8000_0062_0004_0005;
        assert_eq!(
            CleverAbortCode::decode(v0).map(|c| c.error_code),
            Some(CleverAbortCode::NO_ERROR_CODE)
        );
        // Version 1 with the code byte all ones.
        let absent = 0xc0ff_0062_0004_0005;
        assert_eq!(
            CleverAbortCode::decode(absent).map(|c| c.error_code),
            Some(CleverAbortCode::NO_ERROR_CODE)
        );
    }

    #[test]
    fn codes_up_to_254_round_trip() {
        for code in [0u16, 1, 18, 127, 254] {
            let c = CleverAbortCode {
                error_code: code,
                line_number: 7,
                identifier_index: None,
                constant_index: None,
            };
            assert_eq!(CleverAbortCode::decode(c.encode()), Some(c));
            assert_eq!(error_code_of(c.encode()), u64::from(code));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_has_wal_zero_burn() {
        let c = AbortCatalog::builtin();
        let e = c.lookup("wal", 0).expect("EZeroBurn");
        assert_eq!(e.constant, "EZeroBurn");
        assert_eq!(e.address, "wal");
        assert_eq!(
            e.message,
            "nothing to burn: the coin or balance passed to burn holds 0 FROST"
        );
        assert!(
            e.source
                .as_deref()
                .unwrap()
                .starts_with("move/wal/sources/wal.move:")
        );
        assert_eq!(c.lookup_in("wal", "wal", 0), Some(e));
        assert_eq!(c.lookup_in("walrus", "wal", 0), None);
        assert_eq!(c.by_name("wal", "EZeroBurn"), Some(e));
        // The same constant through a clever abort code.
        let clever = CleverAbortCode {
            error_code: 0,
            line_number: 99,
            identifier_index: Some(1),
            constant_index: Some(0),
        }
        .encode();
        assert_eq!(c.resolve_abort("wal", clever), Some(e));
    }

    #[test]
    fn builtin_catalog_matches_the_wal_source() {
        // The generated catalog is the parse of the source: check against a fresh parse.
        let src = include_str!("../../move/wal/sources/wal.move");
        let mut fresh = AbortCatalog::empty();
        assert_eq!(fresh.add_source("wal.move", src), 1);
        let builtin = AbortCatalog::builtin().lookup("wal", 0).unwrap();
        let parsed = fresh.lookup("wal", 0).unwrap();
        assert_eq!(builtin.message, parsed.message);
        assert_eq!(builtin.constant, parsed.constant);
    }

    #[test]
    fn every_generated_entry_is_unique_per_module_and_code() {
        let mut seen = std::collections::BTreeSet::new();
        for e in AbortCatalog::generated_entries() {
            assert!(
                seen.insert((e.address, e.module, e.code)),
                "duplicate error code {} in {}::{} ({})",
                e.code,
                e.address,
                e.module,
                e.constant
            );
            assert!(!e.message.is_empty(), "{} has an empty message", e.constant);
        }
    }

    #[test]
    fn synthetic_sources() {
        let src = r#"
/// Module docs with a fake const EFake: vector<u8> = b"no";
module demo::things {
    use sui::object;

    // === Errors ===

    #[error(code = 0)]
    /// First, with a doc comment after the attribute.
    const EFirst: vector<u8> = b"first \"quoted\" message\x21";

    /// Doc before the attribute.
    #[allow(unused_const)]
    #[error(code = 17)]
    #[allow(dead_code)]
    const ESecond: vector<u8> =
        b"a message on its own line";

    #[error(code = 0x20)] const EHex: vector<u8> = x"6869";

    #[error]
    const ENoCode: vector<u8> = b"bare";

    /* #[error(code = 99)] const ECommented: vector<u8> = b"gone"; */
    const ENotAnError: u64 = 5;

    #[test_only]
    const ETestOnly: vector<u8> = b"not an error attribute";

    #[error(code = 3)]
    /// multi
    /// line
    /// docs
    const EThird: vector<u8> = b"third"; // trailing comment
}
"#;
        let parsed = parse_move_errors(src);
        let names: Vec<_> = parsed.iter().map(|e| e.constant.as_str()).collect();
        assert_eq!(names, ["EFirst", "ESecond", "EHex", "ENoCode", "EThird"]);
        assert!(
            parsed
                .iter()
                .all(|e| e.module == "things" && e.address == "demo")
        );
        assert_eq!(parsed[0].message, "first \"quoted\" message!");
        assert_eq!(parsed[0].code, Some(0));
        assert_eq!(parsed[1].code, Some(17));
        assert_eq!(parsed[1].message, "a message on its own line");
        assert_eq!(parsed[2].code, Some(32));
        assert_eq!(parsed[2].message, "hi");
        assert_eq!(parsed[3].code, None);
        assert_eq!(parsed[4].code, Some(3));

        let mut catalog = AbortCatalog::empty();
        assert_eq!(catalog.add_source("things.move", src), 4);
        assert_eq!(catalog.lookup("things", 17).unwrap().constant, "ESecond");
        assert_eq!(
            catalog.lookup("things", 3).unwrap().source.as_deref(),
            Some("things.move:34")
        );
        assert!(catalog.lookup("things", 99).is_none());
    }

    #[test]
    fn two_modules_in_one_file_and_block_form() {
        let src = "module a::one { #[error(code = 1)] const E1: vector<u8> = b\"one\"; }\n\
                   module b::two { #[error(code = 1)] const E2: vector<u8> = b\"two\"; }";
        let mut c = AbortCatalog::empty();
        c.add_source("x.move", src);
        assert_eq!(c.lookup("one", 1).unwrap().constant, "E1");
        assert_eq!(c.lookup("two", 1).unwrap().constant, "E2");
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn parser_never_panics_on_junk() {
        for src in [
            "",
            "#[",
            "#[error(code = ",
            "const",
            "#[error(code = 1)] const",
            "#[error(code = 1)] const E: vector<u8> = b\"unterminated",
            "module",
            "module a::",
            "/* unterminated",
            "b\"\\x\"",
            "#[error(code = 99999999999999999999999)] const E: vector<u8> = b\"x\";",
        ] {
            let _ = parse_move_errors(src);
        }
    }

    #[test]
    fn clever_decoding_matches_the_sui_layout() {
        // version 0b1100 | error code 5 | line 0x0102 | identifier 0x0304 | constant 0x0506
        let code = 0xc005_0102_0304_0506u64;
        let d = CleverAbortCode::decode(code).unwrap();
        assert_eq!(d.error_code, 5);
        assert_eq!(d.line_number, 0x0102);
        assert_eq!(d.identifier_index, Some(0x0304));
        assert_eq!(d.constant_index, Some(0x0506));
        assert_eq!(d.encode(), code);
        assert_eq!(error_code_of(code), 5);
        assert_eq!(error_code_of(7), 7);
        let none = CleverAbortCode::decode(0xc000_0001_ffff_ffff).unwrap();
        assert_eq!(none.identifier_index, None);
        assert_eq!(none.constant_index, None);
    }
}
