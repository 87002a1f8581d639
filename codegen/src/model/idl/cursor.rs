//! A position in an IDL file and the lexical pieces the grammar is built
//! from: whitespace (which the grammar distinguishes: spaces, line breaks,
//! comments), identifiers, shape ids, and the errors that say where and
//! what was expected.

use std::path::Path;

use crate::error::Error;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

pub struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
    file: &'a Path,
    /// Documentation comment lines of the last run of whitespace.
    docs: Vec<String>,
    /// Where the last run of whitespace ended: documentation comments
    /// belong to what starts exactly there.
    ws_end: usize,
}

pub type Result<T> = std::result::Result<T, Error>;

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, file: &'a Path) -> Cursor<'a> {
        // A byte order mark is not content.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
            file,
            docs: Vec::new(),
            ws_end: usize::MAX,
        }
    }

    pub fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.offset..).unwrap_or("")
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn at(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    pub fn at_end(&self) -> bool {
        self.rest().is_empty()
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.offset += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Consumes `s` if the text continues with it.
    pub fn eat(&mut self, s: &str) -> bool {
        if !self.at(s) {
            return false;
        }
        for _ in s.chars() {
            self.bump();
        }
        true
    }

    pub fn error_at(&self, pos: Pos, message: impl Into<String>) -> Error {
        Error::Syntax {
            file: self.file.to_owned(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }

    pub fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.pos(), message)
    }

    /// `expected {what}, found {what is here}`.
    pub fn expected(&self, what: &str) -> Error {
        self.error(format!("expected {what}, found {}", self.found()))
    }

    /// What is at the cursor, for error messages.
    pub fn found(&self) -> String {
        match self.peek() {
            None => "the end of the file".to_owned(),
            Some('\n' | '\r') => "a line break".to_owned(),
            Some(c) if is_ident_char(c) => format!("`{}`", self.word()),
            Some('/') if self.at("//") => "a comment".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// The identifier characters at the cursor (possibly none).
    pub fn word(&self) -> &'a str {
        let rest = self.rest();
        let end = rest
            .char_indices()
            .find(|(_, c)| !is_ident_char(*c))
            .map_or(rest.len(), |(i, _)| i);
        rest.get(..end).unwrap_or("")
    }

    /// Whether the next word is exactly `keyword`.
    pub fn at_keyword(&self, keyword: &str) -> bool {
        self.word() == keyword
    }

    pub fn expect(&mut self, s: &str) -> Result<()> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{s}`")))
        }
    }

    /// `SP`: spaces and tabs; whether there were any.
    pub fn sp(&mut self) -> bool {
        let mut any = false;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
            any = true;
        }
        any
    }

    /// `SP` that must be there.
    pub fn require_sp(&mut self) -> Result<()> {
        if self.sp() {
            Ok(())
        } else {
            Err(self.expected("a space"))
        }
    }

    fn newline(&mut self) -> bool {
        self.eat("\n") || self.eat("\r\n")
    }

    /// `WS`: spaces, line breaks, commas and comments, gathering the lines
    /// of documentation comments.
    pub fn ws(&mut self) {
        if self.offset != self.ws_end {
            self.docs.clear();
        }
        loop {
            match self.peek() {
                Some(' ' | '\t' | ',') => {
                    self.bump();
                }
                Some('\n') => {
                    self.bump();
                }
                Some('\r') if self.at("\r\n") => {
                    self.newline();
                }
                Some('/') if self.at("//") => self.comment(),
                _ => break,
            }
        }
        self.ws_end = self.offset;
    }

    fn comment(&mut self) {
        let start = self.offset;
        // Only `///` that begins a line documents; after a statement on the
        // same line it is a plain comment.
        let line_start = self
            .text
            .get(..start)
            .unwrap_or("")
            .rsplit('\n')
            .next()
            .unwrap_or("");
        let doc = self.at("///") && line_start.trim_matches([' ', '\t']).is_empty();
        while !matches!(self.peek(), None | Some('\n')) && !self.at("\r\n") {
            self.bump();
        }
        let text = self.text.get(start..self.offset).unwrap_or("");
        if let Some(line) = doc.then(|| text.strip_prefix("///")).flatten() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            self.docs.push(line.to_owned());
        }
        self.newline();
    }

    /// `BR`: optional spaces, then at least one line break or comment (or
    /// the end of the file), then any whitespace.
    pub fn br(&mut self) -> Result<()> {
        self.sp();
        let broke = self.at_end() || self.at("//") || self.at("\n") || self.at("\r\n");
        if !broke {
            return Err(self.expected("a line break"));
        }
        self.ws();
        Ok(())
    }

    /// The documentation comment right before the cursor, if the last
    /// whitespace ended here.
    pub fn take_docs(&mut self) -> Option<String> {
        if self.offset != self.ws_end || self.docs.is_empty() {
            return None;
        }
        let docs = std::mem::take(&mut self.docs).join("\n");
        Some(docs)
    }

    /// `Identifier`: `_`s then a letter, or a letter; then letters, digits
    /// and `_`.
    pub fn identifier(&mut self) -> Result<String> {
        let start = self.pos();
        let mut out = String::new();
        while self.peek() == Some('_') {
            out.push('_');
            self.bump();
        }
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() => {}
            _ if !out.is_empty() => {
                return Err(self.error(format!(
                    "expected a valid identifier character, found {}",
                    self.found_char()
                )));
            }
            _ => {
                return Err(self.error_at(
                    start,
                    format!("expected an identifier, found {}", self.found()),
                ));
            }
        }
        while let Some(c) = self.peek().filter(|c| is_ident_char(*c)) {
            out.push(c);
            self.bump();
        }
        Ok(out)
    }

    fn found_char(&self) -> String {
        match self.peek() {
            None => "the end of the file".to_owned(),
            Some('\n' | '\r') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// `Namespace`: identifiers separated by dots.
    pub fn namespace(&mut self) -> Result<String> {
        let mut out = self.identifier()?;
        while self.peek() == Some('.') {
            self.bump();
            out.push('.');
            out.push_str(&self.identifier()?);
        }
        Ok(out)
    }

    /// `ShapeId`, relative or absolute, with an optional `$member`.
    pub fn shape_id(&mut self) -> Result<String> {
        let mut out = self.namespace()?;
        if self.peek() == Some('#') {
            self.bump();
            out.push('#');
            out.push_str(&self.identifier()?);
        } else if out.contains('.') {
            return Err(self.expected("`#`"));
        }
        if self.peek() == Some('$') {
            self.bump();
            out.push('$');
            out.push_str(&self.identifier()?);
        }
        Ok(out)
    }
}

pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

pub fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}
