//! Extraction of `#[error]` constants from Move source files.
//!
//! Shared by the build script (which generates the crate's built-in abort catalog from
//! `move/*/sources/*.move`) and by [`crate::abort::AbortCatalog::parse_source`]. Self-contained on
//! purpose: the build script includes this file with `#[path]`, so it may use only `std`.
//!
//! The parser is a small tokenizer, not a Move compiler: it recognises module headers
//! (`module addr::name;` or `module addr::name {`), attributes (`#[...]`, several per item, with
//! doc comments in between) and `const` declarations whose value is a byte string (`b"..."`, with
//! Move's escapes), a hex string (`x"..."`) or anything else (then the message is empty). It never
//! panics, whatever the input.

/// One `#[error]` constant found in a Move source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedError {
    /// The module's address name as written in the header (`walrus` in `module walrus::blob;`).
    pub address: String,
    /// The module's name (`blob`).
    pub module: String,
    /// The explicit `code = N` of the attribute; `None` for a bare `#[error]`.
    pub code: Option<u64>,
    /// The constant's name (`EAlreadyCertified`).
    pub constant: String,
    /// The constant's value decoded as UTF-8 (lossy), the message shown to users.
    pub message: String,
    /// 1-based line of the `const` keyword.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Number(u64),
    /// A number that does not fit or has a suffix we do not care about.
    OtherNumber,
    Bytes(Vec<u8>),
    Punct(char),
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    line: u32,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            chars: src.char_indices().peekable(),
            line: 1,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|(_, c)| *c)
    }

    /// Next token and the line it starts on; `None` at end of input.
    fn next_token(&mut self) -> Option<(Tok, u32)> {
        loop {
            let c = self.peek()?;
            if c.is_whitespace() {
                self.bump();
                continue;
            }
            if c == '/' {
                let mut ahead = self.chars.clone();
                ahead.next();
                match ahead.peek().map(|(_, c)| *c) {
                    Some('/') => {
                        while let Some(c) = self.bump() {
                            if c == '\n' {
                                break;
                            }
                        }
                        continue;
                    }
                    Some('*') => {
                        self.bump();
                        self.bump();
                        let mut depth = 1u32;
                        let mut prev = '\0';
                        while let Some(c) = self.bump() {
                            if prev == '/' && c == '*' {
                                depth += 1;
                                prev = '\0';
                                continue;
                            }
                            if prev == '*' && c == '/' {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                                prev = '\0';
                                continue;
                            }
                            prev = c;
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            let line = self.line;
            if (c == 'b' || c == 'x') && self.string_follows() {
                self.bump();
                self.bump();
                let raw = self.string_body();
                let bytes = if c == 'b' {
                    unescape_byte_string(&raw)
                } else {
                    decode_hex_string(&raw)
                };
                return Some((Tok::Bytes(bytes), line));
            }
            if c.is_ascii_alphabetic() || c == '_' {
                let mut ident = String::new();
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        ident.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                return Some((Tok::Ident(ident), line));
            }
            if c.is_ascii_digit() {
                let mut text = String::new();
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        text.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                return Some((parse_number(&text), line));
            }
            if c == '"' {
                // A plain string (not valid Move in a const, but never fatal).
                self.bump();
                let raw = self.string_body();
                return Some((Tok::Bytes(raw.into_bytes()), line));
            }
            self.bump();
            return Some((Tok::Punct(c), line));
        }
    }

    fn string_follows(&mut self) -> bool {
        let mut ahead = self.chars.clone();
        ahead.next();
        matches!(ahead.peek(), Some((_, '"')))
    }

    /// Reads up to the closing quote (the opening one is consumed), keeping escapes as written.
    fn string_body(&mut self) -> String {
        let mut raw = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    raw.push('\\');
                    if let Some(next) = self.bump() {
                        raw.push(next);
                    }
                }
                c => raw.push(c),
            }
        }
        raw
    }
}

fn parse_number(text: &str) -> Tok {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let (digits, radix) = match clean.strip_prefix("0x") {
        Some(hex) => (hex.to_string(), 16),
        None => {
            // Strip a type suffix such as `u64`.
            let end = clean
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(clean.len());
            (clean[..end].to_string(), 10)
        }
    };
    u64::from_str_radix(&digits, radix)
        .map(Tok::Number)
        .unwrap_or(Tok::OtherNumber)
}

fn unescape_byte_string(raw: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('n') => out.push(b'\n'),
            Some('r') => out.push(b'\r'),
            Some('t') => out.push(b'\t'),
            Some('0') => out.push(0),
            Some('\\') => out.push(b'\\'),
            Some('"') => out.push(b'"'),
            Some('x') => {
                let hi = chars.next();
                let lo = chars.next();
                let byte = match (
                    hi.and_then(|c| c.to_digit(16)),
                    lo.and_then(|c| c.to_digit(16)),
                ) {
                    (Some(h), Some(l)) => u8::try_from(h * 16 + l).ok(),
                    _ => None,
                };
                out.push(byte.unwrap_or(b'?'));
            }
            Some(other) => {
                out.push(b'\\');
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
            None => out.push(b'\\'),
        }
    }
    out
}

fn decode_hex_string(raw: &str) -> Vec<u8> {
    let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(16)).collect();
    digits
        .chunks(2)
        .filter(|pair| pair.len() == 2)
        .filter_map(|pair| u8::try_from(pair[0] * 16 + pair[1]).ok())
        .collect()
}

/// What an attribute said about errors.
enum ErrorAttr {
    None,
    Bare,
    Code(u64),
}

/// Reads the tokens of one attribute after `#[` up to the matching `]`.
fn parse_attribute(tokens: &[(Tok, u32)], mut i: usize) -> (ErrorAttr, usize) {
    let mut depth = 1usize;
    let mut found = ErrorAttr::None;
    while i < tokens.len() && depth > 0 {
        match &tokens[i].0 {
            Tok::Punct('[') => depth += 1,
            Tok::Punct(']') => depth -= 1,
            Tok::Ident(name) if name == "error" && depth == 1 => {
                found = ErrorAttr::Bare;
                // error ( code = N )
                if let (
                    Some(Tok::Punct('(')),
                    Some(Tok::Ident(key)),
                    Some(Tok::Punct('=')),
                    Some(Tok::Number(n)),
                ) = (
                    tokens.get(i + 1).map(|t| &t.0),
                    tokens.get(i + 2).map(|t| &t.0),
                    tokens.get(i + 3).map(|t| &t.0),
                    tokens.get(i + 4).map(|t| &t.0),
                ) && key == "code"
                {
                    found = ErrorAttr::Code(*n);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (found, i)
}

/// Every `#[error]` constant of one Move source file, in source order.
pub fn parse_move_errors(src: &str) -> Vec<ParsedError> {
    let mut lexer = Lexer::new(src);
    let mut tokens = Vec::new();
    while let Some(t) = lexer.next_token() {
        tokens.push(t);
    }

    let mut out = Vec::new();
    let mut address = String::new();
    let mut module = String::new();
    let mut pending: Option<Option<u64>> = None;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Tok::Punct('#') if matches!(tokens.get(i + 1), Some((Tok::Punct('['), _))) => {
                let (attr, next) = parse_attribute(&tokens, i + 2);
                match attr {
                    ErrorAttr::Code(n) => pending = Some(Some(n)),
                    ErrorAttr::Bare => pending = Some(None),
                    ErrorAttr::None => {}
                }
                i = next;
                continue;
            }
            Tok::Ident(kw) if kw == "module" => {
                if let (
                    Some((Tok::Ident(a), _)),
                    Some((Tok::Punct(':'), _)),
                    Some((Tok::Punct(':'), _)),
                    Some((Tok::Ident(m), _)),
                ) = (
                    tokens.get(i + 1),
                    tokens.get(i + 2),
                    tokens.get(i + 3),
                    tokens.get(i + 4),
                ) {
                    address = a.clone();
                    module = m.clone();
                    i += 5;
                    pending = None;
                    continue;
                }
                pending = None;
            }
            Tok::Ident(kw) if kw == "const" => {
                let line = tokens[i].1;
                let name = match tokens.get(i + 1) {
                    Some((Tok::Ident(n), _)) => n.clone(),
                    _ => {
                        pending = None;
                        i += 1;
                        continue;
                    }
                };
                // Skip to `=` then take the value up to `;`.
                let mut j = i + 2;
                while j < tokens.len() && tokens[j].0 != Tok::Punct('=') {
                    if tokens[j].0 == Tok::Punct(';') {
                        break;
                    }
                    j += 1;
                }
                let mut message = Vec::new();
                let mut k = j + 1;
                while k < tokens.len() && tokens[k].0 != Tok::Punct(';') {
                    if let Tok::Bytes(b) = &tokens[k].0 {
                        message.extend_from_slice(b);
                    }
                    k += 1;
                }
                if let Some(code) = pending.take() {
                    out.push(ParsedError {
                        address: address.clone(),
                        module: module.clone(),
                        code,
                        constant: name,
                        message: String::from_utf8_lossy(&message).into_owned(),
                        line,
                    });
                }
                i = k + 1;
                continue;
            }
            _ => {
                pending = None;
            }
        }
        i += 1;
    }
    out
}
