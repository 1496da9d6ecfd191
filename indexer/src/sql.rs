//! SQL literals. The writer sends each batch as one simple-protocol script (no bind
//! parameters, hence no bind limit); every value goes through these functions.

use std::fmt::Display;

/// A text literal: quotes doubled (`standard_conforming_strings` is on), NUL (which Postgres
/// text cannot hold) replaced by U+FFFD.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A value that prints as a literal of itself (numbers, addresses, IDs printed as hex).
pub fn lit(v: impl Display) -> String {
    text(&v.to_string())
}

/// A number.
pub fn num(v: impl Display) -> String {
    v.to_string()
}

/// A boolean.
pub fn boolean(v: bool) -> String {
    if v { "true".into() } else { "false".into() }
}

/// A bytea literal.
pub fn bytes(b: &[u8]) -> String {
    format!("'\\x{}'::bytea", hex::encode(b))
}

/// A jsonb literal.
pub fn json(v: &serde_json::Value) -> String {
    // jsonb refuses \u0000.
    let s = v.to_string().replace("\\u0000", "\\ufffd");
    format!("{}::jsonb", text(&s))
}

/// A text[] literal.
pub fn text_array<T: Display>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(lit).collect();
    format!("ARRAY[{}]::text[]", parts.join(","))
}

/// An integer[] literal.
pub fn int_array<T: Display>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(|v| v.to_string()).collect();
    format!("ARRAY[{}]::integer[]", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(text("a'b\0"), "'a''b\u{FFFD}'");
        assert_eq!(bytes(&[1, 255]), "'\\x01ff'::bytea");
        assert_eq!(int_array(&[1u16, 2]), "ARRAY[1,2]::integer[]");
    }
}
