//! Comparison of Rust bindings with compiled Move structs.
//!
//! The layout check reads each struct's fields from the bytecode
//! ([`crate::move_bytecode`]) and compares them, in order, with a binding's
//! [`MoveStruct::FIELDS`]. Any field added, removed, reordered or retyped on either side is a
//! [`LayoutMismatch`] that says which.
//!
//! Move types are compared as [`MoveType`](crate::move_bytecode::MoveType) prints them, with
//! short addresses; the system's own packages are compiled unpublished, at address `0x0`.

use crate::events::{BindingLayout, MoveStruct};
use crate::move_bytecode::{Field, ModuleLayout};

/// How a binding disagrees with the compiled Move struct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{type_name}: the Rust binding disagrees with the compiled Move struct: {}", .problems.join("; "))]
pub struct LayoutMismatch {
    /// `module::Name`.
    pub type_name: String,
    /// Each disagreement, in words.
    pub problems: Vec<String>,
}

/// Compares `expected` (a binding's `(name, Move type)` list) with the compiled fields.
pub fn compare_fields(
    type_name: &str,
    expected: &[(&str, &str)],
    compiled: &[Field],
) -> Result<(), LayoutMismatch> {
    let compiled: Vec<(String, String)> = compiled
        .iter()
        .map(|f| (f.name.clone(), f.ty.to_string()))
        .collect();
    let mut problems = Vec::new();
    for (name, ty) in &compiled {
        match expected.iter().find(|(n, _)| n == name) {
            None => problems.push(format!(
                "field `{name}: {ty}` is in Move but not in the Rust binding"
            )),
            Some((_, rust_ty)) if rust_ty != ty => problems.push(format!(
                "field `{name}` has type {ty} in Move but {rust_ty} in the Rust binding"
            )),
            Some(_) => {}
        }
    }
    for (name, _) in expected {
        if !compiled.iter().any(|(n, _)| n == name) {
            problems.push(format!(
                "field `{name}` is in the Rust binding but not in Move"
            ));
        }
    }
    if problems.is_empty() {
        let move_order: Vec<&str> = compiled.iter().map(|(n, _)| n.as_str()).collect();
        let rust_order: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
        if move_order != rust_order {
            problems.push(format!(
                "fields are in a different order: Move has [{}], Rust has [{}]",
                move_order.join(", "),
                rust_order.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LayoutMismatch {
            type_name: type_name.to_string(),
            problems,
        })
    }
}

/// Checks the binding `T` against the compiled module that declares it (see [`check_layout`]).
pub fn check_binding<T: MoveStruct>(module: &ModuleLayout) -> Result<(), LayoutMismatch> {
    check_layout(&T::layout(), module)
}

/// Checks a binding against the compiled module that declares it: the struct exists and is a
/// struct, its fields agree with the declared ones in name, order and Move type
/// ([`compare_fields`]), and every declared Move type is the one the Rust field's type stands
/// for ([`BindingLayout::rust_types`]).
pub fn check_layout(binding: &BindingLayout, module: &ModuleLayout) -> Result<(), LayoutMismatch> {
    let type_name = binding.type_name();
    let mismatch = |problem: String| LayoutMismatch {
        type_name: type_name.clone(),
        problems: vec![problem],
    };
    if module.name != binding.module {
        return Err(mismatch(format!(
            "the binding belongs to module {}, the compiled module is {}",
            binding.module, module.name
        )));
    }
    let datatype = module
        .datatype(binding.name)
        .ok_or_else(|| mismatch("the compiled module has no such struct".to_string()))?;
    if !datatype.type_params.is_empty() {
        return Err(mismatch(format!(
            "it is generic in Move ({} type parameters); bindings of generic structs are \
             framework mirrors",
            datatype.type_params.len()
        )));
    }
    let fields = datatype
        .fields()
        .ok_or_else(|| mismatch("it is an enum in Move".to_string()))?;
    let mut problems = match compare_fields(&type_name, binding.fields, fields) {
        Ok(()) => Vec::new(),
        Err(e) => e.problems,
    };
    problems.extend(rust_type_problems(binding));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LayoutMismatch {
            type_name,
            problems,
        })
    }
}

/// Fields whose Rust type does not stand for the declared Move type.
pub fn rust_type_problems(binding: &BindingLayout) -> Vec<String> {
    if binding.rust_types.len() != binding.fields.len() {
        return vec![format!(
            "the binding declares {} fields but has {} Rust field types",
            binding.fields.len(),
            binding.rust_types.len()
        )];
    }
    binding
        .fields
        .iter()
        .zip(&binding.rust_types)
        .filter(|((_, declared), rust)| declared != rust)
        .map(|((name, declared), rust)| {
            format!("field `{name}` is declared {declared} but its Rust type encodes {rust}")
        })
        .collect()
}

/// A framework struct's fields as its Move source declares them: `(name, type as written)`,
/// whitespace normalized. `None` if the source does not declare `public struct name`.
///
/// A minimal reader for the layout test's check of the framework mirrors
/// ([`crate::bindings::framework::FRAMEWORK_LAYOUTS`]): it finds the declaration, skips
/// comments and attributes, and splits the fields at top-level commas.
///
/// ```
/// use walrus_chain::layout::source_struct_fields;
/// let src = "module x::y;\n/// doc\npublic struct Pair<phantom K, V: store> has store {\n    /// a\n    key: K,\n    value: vector<Option<V>>,\n}";
/// assert_eq!(
///     source_struct_fields(src, "Pair").unwrap(),
///     (vec!["K".to_string(), "V".to_string()],
///      vec![("key".to_string(), "K".to_string()), ("value".to_string(), "vector<Option<V>>".to_string())]),
/// );
/// ```
#[allow(clippy::type_complexity)]
pub fn source_struct_fields(
    source: &str,
    name: &str,
) -> Option<(Vec<String>, Vec<(String, String)>)> {
    let text: String = source
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let needle = format!("struct {name}");
    let mut at = 0;
    let start = loop {
        let i = text[at..].find(&needle)? + at;
        let after = text[i + needle.len()..].chars().next()?;
        if !(after.is_alphanumeric() || after == '_') {
            break i + needle.len();
        }
        at = i + needle.len();
    };
    let rest = &text[start..];
    let open = rest.find('{')?;
    let header = &rest[..open];
    let type_params = match (header.find('<'), header.rfind('>')) {
        (Some(a), Some(b)) if a < b && !header[..a].contains("has") => split_top(&header[a + 1..b])
            .into_iter()
            .map(|p| {
                let p = p.trim().trim_start_matches("phantom ").trim();
                p.split(':').next().unwrap_or("").trim().to_string()
            })
            .collect(),
        _ => Vec::new(),
    };
    let close = rest[open..].find('}')? + open;
    let body = &rest[open + 1..close];
    let fields = split_top(body)
        .into_iter()
        .filter(|f| !f.trim().is_empty())
        .filter_map(|f| {
            let (n, t) = f.split_once(':')?;
            let ty: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
            Some((
                n.trim().to_string(),
                ty.replace("< ", "<").replace(" >", ">"),
            ))
        })
        .collect();
    Some((type_params, fields))
}

fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}
