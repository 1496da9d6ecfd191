//! A small reader of compiled Move modules: just enough of the binary format to list each
//! datatype (struct or enum) a module declares, with its abilities, type parameters and the
//! names and types of its fields, in declaration order.
//!
//! It exists for the layout check: the Rust bindings of this crate must agree field by field
//! with the Move structs they mirror, and the compiled bytecode is the ground truth for that.
//!
//! The format (Sui flavour, bytecode version 7) is: the magic `A1 1C EB 0B`; a little-endian u32
//! version (the high byte carries the flavour, 0x05 for Sui); a ULEB128 table count; that many
//! table headers `(kind: u8, offset: uleb, length: uleb)` whose offsets are relative to the end
//! of the headers; the tables; and finally the index of the module's own handle. Only the
//! tables needed here are decoded; the others are skipped.

use std::fmt;

use thiserror::Error;

/// Why a module could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BytecodeError {
    /// The bytes do not start with the Move magic number.
    #[error("not a compiled Move module: bad magic number (expected A1 1C EB 0B)")]
    BadMagic,
    /// The input ended in the middle of a structure.
    #[error("truncated Move module: unexpected end of input while reading {0}")]
    Truncated(&'static str),
    /// A ULEB128 value was longer than 64 bits or exceeded its bound.
    #[error("malformed Move module: bad ULEB128 value while reading {0}")]
    BadUleb(&'static str),
    /// A table lies outside the module's bytes.
    #[error("malformed Move module: table {kind:#x} at {offset}+{len} lies outside the module")]
    BadTable {
        /// Table kind byte.
        kind: u8,
        /// Offset relative to the table region.
        offset: u64,
        /// Length in bytes.
        len: u64,
    },
    /// An index pointed past the end of its table.
    #[error("malformed Move module: {what} index {index} out of range ({len} entries)")]
    BadIndex {
        /// Which table.
        what: &'static str,
        /// The index found.
        index: u64,
        /// The table's length.
        len: usize,
    },
    /// An identifier was not UTF-8.
    #[error("malformed Move module: identifier is not UTF-8")]
    BadIdentifier,
    /// An unknown type tag or flag byte.
    #[error("malformed Move module: unknown {what} byte {byte:#x}")]
    UnknownByte {
        /// What was being decoded.
        what: &'static str,
        /// The byte.
        byte: u8,
    },
    /// Types nested deeper than the Move limit.
    #[error("malformed Move module: type nesting deeper than 256")]
    TooDeep,
}

/// A Move type as written in a field declaration, with datatype names resolved to
/// `address::module::Name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveType {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `u256`
    U256,
    /// `address`
    Address,
    /// `signer`
    Signer,
    /// `vector<T>`
    Vector(Box<MoveType>),
    /// `&T`
    Reference(Box<MoveType>),
    /// `&mut T`
    MutableReference(Box<MoveType>),
    /// A struct or enum, possibly instantiated.
    Datatype {
        /// Defining package address (hex, 64 digits, no `0x`).
        address: String,
        /// Module name.
        module: String,
        /// Datatype name.
        name: String,
        /// Type arguments.
        type_args: Vec<MoveType>,
    },
    /// The `n`-th type parameter of the enclosing datatype.
    TypeParameter(u16),
}

impl MoveType {
    /// The type in Move syntax with short addresses (`0x2::balance::Balance<0x0::wal::WAL>`).
    pub fn display(&self) -> String {
        self.to_string()
    }
}

fn short_address(hex: &str) -> String {
    let trimmed = hex.trim_start_matches('0');
    format!("0x{}", if trimmed.is_empty() { "0" } else { trimmed })
}

impl fmt::Display for MoveType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoveType::Bool => write!(f, "bool"),
            MoveType::U8 => write!(f, "u8"),
            MoveType::U16 => write!(f, "u16"),
            MoveType::U32 => write!(f, "u32"),
            MoveType::U64 => write!(f, "u64"),
            MoveType::U128 => write!(f, "u128"),
            MoveType::U256 => write!(f, "u256"),
            MoveType::Address => write!(f, "address"),
            MoveType::Signer => write!(f, "signer"),
            MoveType::Vector(t) => write!(f, "vector<{t}>"),
            MoveType::Reference(t) => write!(f, "&{t}"),
            MoveType::MutableReference(t) => write!(f, "&mut {t}"),
            MoveType::TypeParameter(i) => write!(f, "T{i}"),
            MoveType::Datatype {
                address,
                module,
                name,
                type_args,
            } => {
                write!(f, "{}::{module}::{name}", short_address(address))?;
                if !type_args.is_empty() {
                    write!(f, "<")?;
                    for (i, t) in type_args.iter().enumerate() {
                        if i > 0 {
                            write!(f, ", ")?;
                        }
                        write!(f, "{t}")?;
                    }
                    write!(f, ">")?;
                }
                Ok(())
            }
        }
    }
}

/// One field: its name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Field type.
    pub ty: MoveType,
}

/// The shape of a datatype's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatatypeKind {
    /// A struct with its fields in declaration order (empty for a native struct).
    Struct(Vec<Field>),
    /// An enum with its variants (name and fields) in declaration order.
    Enum(Vec<(String, Vec<Field>)>),
}

/// A datatype declared by a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datatype {
    /// Name of the struct or enum.
    pub name: String,
    /// Ability bits: copy = 1, drop = 2, store = 4, key = 8.
    pub abilities: u8,
    /// Type parameters: (ability constraints, is phantom).
    pub type_params: Vec<(u8, bool)>,
    /// Fields or variants.
    pub kind: DatatypeKind,
}

impl Datatype {
    /// The struct's fields, or `None` for an enum.
    pub fn fields(&self) -> Option<&[Field]> {
        match &self.kind {
            DatatypeKind::Struct(f) => Some(f),
            DatatypeKind::Enum(_) => None,
        }
    }
}

/// The datatypes of one compiled module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleLayout {
    /// The module's address (hex, 64 digits).
    pub address: String,
    /// The module's name.
    pub name: String,
    /// Bytecode version (without the flavour byte).
    pub version: u32,
    /// Every struct and enum, in definition order.
    pub datatypes: Vec<Datatype>,
}

impl ModuleLayout {
    /// The datatype called `name`, if the module declares it.
    pub fn datatype(&self, name: &str) -> Option<&Datatype> {
        self.datatypes.iter().find(|d| d.name == name)
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, BytecodeError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or(BytecodeError::Truncated(what))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], BytecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or(BytecodeError::Truncated(what))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn uleb(&mut self, what: &'static str) -> Result<u64, BytecodeError> {
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let byte = self.u8(what)?;
            let low = u64::from(byte & 0x7f);
            if shift >= 64 || (shift == 63 && low > 1) {
                return Err(BytecodeError::BadUleb(what));
            }
            value |= low << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    fn index(&mut self, what: &'static str, len: usize) -> Result<usize, BytecodeError> {
        let i = self.uleb(what)?;
        usize::try_from(i)
            .ok()
            .filter(|i| *i < len)
            .ok_or(BytecodeError::BadIndex {
                what,
                index: i,
                len,
            })
    }
}

const MAGIC: [u8; 4] = [0xA1, 0x1C, 0xEB, 0x0B];
const MODULE_HANDLES: u8 = 0x1;
const DATATYPE_HANDLES: u8 = 0x2;
const IDENTIFIERS: u8 = 0x7;
const ADDRESS_IDENTIFIERS: u8 = 0x8;
const STRUCT_DEFS: u8 = 0xA;
const ENUM_DEFS: u8 = 0x11;
const ADDRESS_LENGTH: usize = 32;
const MAX_TYPE_DEPTH: usize = 256;

struct DatatypeHandle {
    module: usize,
    name: usize,
    abilities: u8,
    type_params: Vec<(u8, bool)>,
}

/// Reads the datatypes declared by one compiled module.
///
/// ```
/// # use walrus_chain::move_bytecode::{parse_module, BytecodeError};
/// assert_eq!(parse_module(b"not move"), Err(BytecodeError::BadMagic));
/// ```
pub fn parse_module(bytes: &[u8]) -> Result<ModuleLayout, BytecodeError> {
    let mut c = Cursor::new(bytes);
    if c.take(4, "magic")? != MAGIC {
        return Err(BytecodeError::BadMagic);
    }
    let raw_version = u32::from_le_bytes(
        c.take(4, "version")?
            .try_into()
            .map_err(|_| BytecodeError::Truncated("version"))?,
    );
    let version = if raw_version <= 6 {
        raw_version
    } else {
        raw_version & 0x00FF_FFFF
    };
    let table_count = c.uleb("table count")?;
    let mut headers = Vec::new();
    for _ in 0..table_count {
        let kind = c.u8("table header")?;
        let offset = c.uleb("table offset")?;
        let len = c.uleb("table length")?;
        headers.push((kind, offset, len));
    }
    let base = c.pos;
    let mut region_end = base;
    let table = |kind: u8| -> Result<Option<&[u8]>, BytecodeError> {
        let Some(&(_, offset, len)) = headers.iter().find(|h| h.0 == kind) else {
            return Ok(None);
        };
        let start = usize::try_from(offset)
            .ok()
            .and_then(|o| base.checked_add(o));
        let end = start.and_then(|s| usize::try_from(len).ok().and_then(|l| s.checked_add(l)));
        match (start, end) {
            (Some(s), Some(e)) if e <= bytes.len() => Ok(Some(&bytes[s..e])),
            _ => Err(BytecodeError::BadTable { kind, offset, len }),
        }
    };
    for &(kind, offset, len) in &headers {
        let end = usize::try_from(offset.saturating_add(len))
            .ok()
            .and_then(|e| base.checked_add(e))
            .filter(|e| *e <= bytes.len())
            .ok_or(BytecodeError::BadTable { kind, offset, len })?;
        region_end = region_end.max(end);
    }

    // Identifiers.
    let mut identifiers = Vec::new();
    if let Some(t) = table(IDENTIFIERS)? {
        let mut tc = Cursor::new(t);
        while !tc.at_end() {
            let n = usize::try_from(tc.uleb("identifier length")?)
                .map_err(|_| BytecodeError::BadUleb("identifier length"))?;
            let raw = tc.take(n, "identifier")?;
            identifiers.push(
                std::str::from_utf8(raw)
                    .map_err(|_| BytecodeError::BadIdentifier)?
                    .to_string(),
            );
        }
    }
    // Addresses.
    let mut addresses = Vec::new();
    if let Some(t) = table(ADDRESS_IDENTIFIERS)? {
        if t.len() % ADDRESS_LENGTH != 0 {
            return Err(BytecodeError::Truncated("address identifiers"));
        }
        addresses = t.chunks(ADDRESS_LENGTH).map(hex::encode).collect();
    }
    // Module handles: (address index, name index).
    let mut modules = Vec::new();
    if let Some(t) = table(MODULE_HANDLES)? {
        let mut tc = Cursor::new(t);
        while !tc.at_end() {
            let a = tc.index("address", addresses.len())?;
            let n = tc.index("identifier", identifiers.len())?;
            modules.push((a, n));
        }
    }
    // Datatype handles.
    let mut handles = Vec::new();
    if let Some(t) = table(DATATYPE_HANDLES)? {
        let mut tc = Cursor::new(t);
        while !tc.at_end() {
            let module = tc.index("module handle", modules.len())?;
            let name = tc.index("identifier", identifiers.len())?;
            let abilities = ability_byte(&mut tc)?;
            let n = tc.uleb("type parameter count")?;
            let mut type_params = Vec::new();
            for _ in 0..n {
                let constraints = ability_byte(&mut tc)?;
                let phantom = tc.uleb("phantom flag")? != 0;
                type_params.push((constraints, phantom));
            }
            handles.push(DatatypeHandle {
                module,
                name,
                abilities,
                type_params,
            });
        }
    }

    let ctx = Ctx {
        identifiers: &identifiers,
        addresses: &addresses,
        modules: &modules,
        handles: &handles,
    };
    let mut datatypes = Vec::new();
    if let Some(t) = table(STRUCT_DEFS)? {
        let mut tc = Cursor::new(t);
        while !tc.at_end() {
            let h = tc.index("datatype handle", handles.len())?;
            let flag = tc.u8("struct flag")?;
            let fields = match flag {
                0x1 => Vec::new(),
                0x2 => ctx.fields(&mut tc)?,
                byte => {
                    return Err(BytecodeError::UnknownByte {
                        what: "struct flag",
                        byte,
                    });
                }
            };
            datatypes.push(ctx.datatype(h, DatatypeKind::Struct(fields)));
        }
    }
    if let Some(t) = table(ENUM_DEFS)? {
        let mut tc = Cursor::new(t);
        while !tc.at_end() {
            let h = tc.index("datatype handle", handles.len())?;
            let flag = tc.u8("enum flag")?;
            if flag != 0x2 {
                return Err(BytecodeError::UnknownByte {
                    what: "enum flag",
                    byte: flag,
                });
            }
            let n = tc.uleb("variant count")?;
            let mut variants = Vec::new();
            for _ in 0..n {
                let name = identifiers[tc.index("identifier", identifiers.len())?].clone();
                variants.push((name, ctx.fields(&mut tc)?));
            }
            datatypes.push(ctx.datatype(h, DatatypeKind::Enum(variants)));
        }
    }

    // The module's own handle index follows the tables.
    let mut tail = Cursor::new(&bytes[region_end.min(bytes.len())..]);
    let self_handle = tail.index("self module handle", modules.len())?;
    let (addr, name) = modules[self_handle];
    Ok(ModuleLayout {
        address: addresses[addr].clone(),
        name: identifiers[name].clone(),
        version,
        datatypes,
    })
}

fn ability_byte(c: &mut Cursor<'_>) -> Result<u8, BytecodeError> {
    let v = c.uleb("ability set")?;
    u8::try_from(v)
        .ok()
        .filter(|v| *v <= 0xF)
        .ok_or(BytecodeError::BadUleb("ability set"))
}

struct Ctx<'a> {
    identifiers: &'a [String],
    addresses: &'a [String],
    modules: &'a [(usize, usize)],
    handles: &'a [DatatypeHandle],
}

impl Ctx<'_> {
    fn datatype(&self, h: usize, kind: DatatypeKind) -> Datatype {
        let handle = &self.handles[h];
        Datatype {
            name: self.identifiers[handle.name].clone(),
            abilities: handle.abilities,
            type_params: handle.type_params.clone(),
            kind,
        }
    }

    fn fields(&self, c: &mut Cursor<'_>) -> Result<Vec<Field>, BytecodeError> {
        let n = c.uleb("field count")?;
        let mut fields = Vec::new();
        for _ in 0..n {
            let name = self.identifiers[c.index("identifier", self.identifiers.len())?].clone();
            let ty = self.type_token(c, 0)?;
            fields.push(Field { name, ty });
        }
        Ok(fields)
    }

    fn type_token(&self, c: &mut Cursor<'_>, depth: usize) -> Result<MoveType, BytecodeError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(BytecodeError::TooDeep);
        }
        let byte = c.u8("type")?;
        Ok(match byte {
            0x1 => MoveType::Bool,
            0x2 => MoveType::U8,
            0x3 => MoveType::U64,
            0x4 => MoveType::U128,
            0x5 => MoveType::Address,
            0x6 => MoveType::Reference(Box::new(self.type_token(c, depth + 1)?)),
            0x7 => MoveType::MutableReference(Box::new(self.type_token(c, depth + 1)?)),
            0x8 => self.named(c.index("datatype handle", self.handles.len())?, Vec::new()),
            0x9 => MoveType::TypeParameter(
                u16::try_from(c.uleb("type parameter")?)
                    .map_err(|_| BytecodeError::BadUleb("type parameter"))?,
            ),
            0xA => MoveType::Vector(Box::new(self.type_token(c, depth + 1)?)),
            0xB => {
                let h = c.index("datatype handle", self.handles.len())?;
                let arity = c.uleb("type argument count")?;
                let mut args = Vec::new();
                for _ in 0..arity {
                    args.push(self.type_token(c, depth + 1)?);
                }
                self.named(h, args)
            }
            0xC => MoveType::Signer,
            0xD => MoveType::U16,
            0xE => MoveType::U32,
            0xF => MoveType::U256,
            byte => return Err(BytecodeError::UnknownByte { what: "type", byte }),
        })
    }

    fn named(&self, h: usize, type_args: Vec<MoveType>) -> MoveType {
        let handle = &self.handles[h];
        let (addr, module) = self.modules[handle.module];
        MoveType::Datatype {
            address: self.addresses[addr].clone(),
            module: self.identifiers[module].clone(),
            name: self.identifiers[handle.name].clone(),
            type_args,
        }
    }
}
