//! A JMESPath parser for the `path` expressions of waiters' acceptors: the
//! expressions are compiled when the model is loaded, written into the
//! generated client as `smithy_runtime::waiter::Expr` constants, and
//! evaluated there.
//!
//! It reads the part of JMESPath the published AWS models use, plus
//! indexes, pipes, `[*]`, `@`, `||` and `contains`: identifiers (bare and
//! `"quoted"`), `a.b`, `a | b`, `a[0]`, `a[]`, `a[*]`, `a.*`,
//! `a[?cond]`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `||`, `&&`, `!`,
//! parentheses, `` `json` `` scalar literals, `'raw strings'` and the
//! functions `length` and `contains`. Anything else (slices, multi-select
//! lists and hashes, `&expr`, other functions) is an error that names it.
//! The parser is a Pratt parser with the binding powers of the JMESPath
//! reference implementation (`jmespath.py`), so projections end where the
//! specification says (`a[].b.c` projects `b.c`; `length(a[]) > 0`
//! compares the length).

/// A parsed expression (see the runtime's `waiter::path::Expr`, which has
/// the same variants).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Current,
    Field(String),
    Sub(Box<Expr>, Box<Expr>),
    Index(i64),
    Flatten(Box<Expr>),
    Project(Box<Expr>, Box<Expr>),
    ProjectValues(Box<Expr>, Box<Expr>),
    Filter {
        list: Box<Expr>,
        condition: Box<Expr>,
        then: Box<Expr>,
    },
    Compare(Comparison, Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Literal(Literal),
    Call(Function, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A scalar literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Length,
    Contains,
}

impl Function {
    fn named(name: &str) -> Option<(Function, usize)> {
        match name {
            "length" => Some((Function::Length, 1)),
            "contains" => Some((Function::Contains, 2)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Identifier(String),
    QuotedIdentifier(String),
    Literal(Literal),
    Number(i64),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Pipe,
    Or,
    And,
    Not,
    Compare(Comparison),
    Current,
    Eof,
}

impl Token {
    /// The binding power of the token as an infix operator (`jmespath.py`'s).
    fn binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }

    fn describe(&self) -> String {
        match self {
            Token::Identifier(name) => format!("`{name}`"),
            Token::QuotedIdentifier(name) => format!("`\"{name}\"`"),
            Token::Literal(_) => "a literal".to_owned(),
            Token::Number(n) => format!("`{n}`"),
            Token::Dot => "`.`".to_owned(),
            Token::Star => "`*`".to_owned(),
            Token::Flatten => "`[]`".to_owned(),
            Token::Filter => "`[?`".to_owned(),
            Token::LBracket => "`[`".to_owned(),
            Token::RBracket => "`]`".to_owned(),
            Token::LParen => "`(`".to_owned(),
            Token::RParen => "`)`".to_owned(),
            Token::Comma => "`,`".to_owned(),
            Token::Pipe => "`|`".to_owned(),
            Token::Or => "`||`".to_owned(),
            Token::And => "`&&`".to_owned(),
            Token::Not => "`!`".to_owned(),
            Token::Compare(_) => "a comparison".to_owned(),
            Token::Current => "`@`".to_owned(),
            Token::Eof => "the end".to_owned(),
        }
    }
}

/// A projection's right-hand side ends at a token weaker than this.
const PROJECTION_STOP: u8 = 10;

/// Parses `text`; `Err` says what is wrong (or not supported) and where.
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::Eof => Ok(expr),
        other => Err(format!(
            "unexpected {} after the expression",
            other.describe()
        )),
    }
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let next_is = |i: usize, c: char| chars.get(i + 1) == Some(&c);
    while let Some(&c) = chars.get(i) {
        let mut width = 1;
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let end = (i..chars.len())
                    .find(|&j| {
                        !chars
                            .get(j)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                    })
                    .unwrap_or(chars.len());
                width = end - i;
                Token::Identifier(chars.get(i..end).unwrap_or_default().iter().collect())
            }
            '0'..='9' | '-' => {
                let start = if c == '-' { i + 1 } else { i };
                let end = (start..chars.len())
                    .find(|&j| !chars.get(j).is_some_and(char::is_ascii_digit))
                    .unwrap_or(chars.len());
                if end == start {
                    return Err(format!("`-` at {i} is not followed by a number"));
                }
                width = end - i;
                let digits: String = chars.get(i..end).unwrap_or_default().iter().collect();
                Token::Number(
                    digits
                        .parse()
                        .map_err(|_| format!("number {digits} is too large"))?,
                )
            }
            '"' | '\'' | '`' => {
                let (body, end) = delimited(&chars, i, c)?;
                width = end + 1 - i;
                match c {
                    '"' => {
                        let name: String = serde_json::from_str(&format!("\"{body}\""))
                            .map_err(|e| format!("quoted identifier at {i}: {e}"))?;
                        Token::QuotedIdentifier(name)
                    }
                    '\'' => Token::Literal(Literal::String(body.replace("\\'", "'"))),
                    _ => Token::Literal(json_literal(&body.replace("\\`", "`"))?),
                }
            }
            '.' => Token::Dot,
            '*' => Token::Star,
            '@' => Token::Current,
            ']' => Token::RBracket,
            '(' => Token::LParen,
            ')' => Token::RParen,
            ',' => Token::Comma,
            '[' if next_is(i, ']') => {
                width = 2;
                Token::Flatten
            }
            '[' if next_is(i, '?') => {
                width = 2;
                Token::Filter
            }
            '[' => Token::LBracket,
            '|' if next_is(i, '|') => {
                width = 2;
                Token::Or
            }
            '|' => Token::Pipe,
            '&' if next_is(i, '&') => {
                width = 2;
                Token::And
            }
            '!' if next_is(i, '=') => {
                width = 2;
                Token::Compare(Comparison::Ne)
            }
            '!' => Token::Not,
            '=' if next_is(i, '=') => {
                width = 2;
                Token::Compare(Comparison::Eq)
            }
            '<' | '>' => {
                let or_equal = next_is(i, '=');
                if or_equal {
                    width = 2;
                }
                Token::Compare(match (c, or_equal) {
                    ('<', false) => Comparison::Lt,
                    ('<', true) => Comparison::Le,
                    ('>', false) => Comparison::Gt,
                    _ => Comparison::Ge,
                })
            }
            '{' | '}' | ':' | '&' => {
                return Err(format!(
                    "`{c}` at {i}: multi-select hashes, slices and expression references are not supported"
                ));
            }
            other => return Err(format!("unexpected character `{other}` at {i}")),
        };
        tokens.push(token);
        i += width;
    }
    tokens.push(Token::Eof);
    Ok(tokens)
}

/// The text between the delimiter at `start` and its unescaped closing
/// twin, and where that is.
fn delimited(chars: &[char], start: usize, delimiter: char) -> Result<(String, usize), String> {
    let mut body = String::new();
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1) {
                body.push(c);
                body.push(next);
                i += 2;
                continue;
            }
        }
        if c == delimiter {
            return Ok((body, i));
        }
        body.push(c);
        i += 1;
    }
    Err(format!("`{delimiter}` at {start} is never closed"))
}

fn json_literal(text: &str) -> Result<Literal, String> {
    let value: serde_json::Value = serde_json::from_str(text.trim())
        .map_err(|e| format!("literal `{text}` is not JSON: {e}"))?;
    Ok(match value {
        serde_json::Value::Null => Literal::Null,
        serde_json::Value::Bool(b) => Literal::Bool(b),
        serde_json::Value::Number(n) => Literal::Number(
            n.as_f64()
                .ok_or_else(|| format!("literal `{text}` is not a number a waiter can hold"))?,
        ),
        serde_json::Value::String(s) => Literal::String(s),
        _ => {
            return Err(format!(
                "literal `{text}`: only null, booleans, numbers and strings are supported"
            ));
        }
    })
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.at).unwrap_or(&Token::Eof)
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        self.at += 1;
        token
    }

    fn expect(&mut self, expected: Token) -> Result<(), String> {
        let token = self.next();
        if token == expected {
            Ok(())
        } else {
            Err(format!(
                "expected {}, found {}",
                expected.describe(),
                token.describe()
            ))
        }
    }

    fn expression(&mut self, binding_power: u8) -> Result<Expr, String> {
        let token = self.next();
        let mut left = self.prefix(token)?;
        while binding_power < self.peek().binding_power() {
            let token = self.next();
            left = self.infix(token, left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self, token: Token) -> Result<Expr, String> {
        match token {
            Token::Identifier(name) | Token::QuotedIdentifier(name) => Ok(Expr::Field(name)),
            Token::Literal(literal) => Ok(Expr::Literal(literal)),
            Token::Current => Ok(Expr::Current),
            Token::Star => {
                let then = self.projection_rhs(Token::Star.binding_power())?;
                Ok(Expr::ProjectValues(Box::new(Expr::Current), Box::new(then)))
            }
            Token::Filter => self.filter(Expr::Current),
            Token::Flatten => self.flatten(Expr::Current),
            Token::LBracket => self.bracket(Expr::Current),
            Token::Not => Ok(Expr::Not(Box::new(
                self.expression(Token::Not.binding_power())?,
            ))),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RParen)?;
                Ok(inner)
            }
            other => Err(format!("unexpected {}", other.describe())),
        }
    }

    fn infix(&mut self, token: Token, left: Expr) -> Result<Expr, String> {
        let power = token.binding_power();
        let boxed = Box::new;
        match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.next();
                    let then = self.projection_rhs(power)?;
                    Ok(Expr::ProjectValues(boxed(left), boxed(then)))
                } else {
                    let right = self.dot_rhs(power)?;
                    Ok(Expr::Sub(boxed(left), boxed(right)))
                }
            }
            Token::Pipe => Ok(Expr::Sub(boxed(left), boxed(self.expression(power)?))),
            Token::Or => Ok(Expr::Or(boxed(left), boxed(self.expression(power)?))),
            Token::And => Ok(Expr::And(boxed(left), boxed(self.expression(power)?))),
            Token::Compare(op) => Ok(Expr::Compare(
                op,
                boxed(left),
                boxed(self.expression(power)?),
            )),
            Token::Flatten => self.flatten(left),
            Token::Filter => self.filter(left),
            Token::LBracket => self.bracket(left),
            Token::LParen => {
                let Expr::Field(name) = left else {
                    return Err("only a function name can be called".to_owned());
                };
                let (function, arity) = Function::named(&name)
                    .ok_or_else(|| format!("function `{name}` is not supported"))?;
                let mut args = Vec::new();
                while *self.peek() != Token::RParen {
                    if !args.is_empty() {
                        self.expect(Token::Comma)?;
                    }
                    args.push(self.expression(0)?);
                }
                self.expect(Token::RParen)?;
                if args.len() != arity {
                    return Err(format!(
                        "`{name}` takes {arity} argument(s), not {}",
                        args.len()
                    ));
                }
                Ok(Expr::Call(function, args))
            }
            other => Err(format!("unexpected {}", other.describe())),
        }
    }

    /// After `[`: an index (`[0]`) or a list projection (`[*]`).
    fn bracket(&mut self, left: Expr) -> Result<Expr, String> {
        match self.next() {
            Token::Number(index) => {
                self.expect(Token::RBracket)?;
                Ok(match left {
                    Expr::Current => Expr::Index(index),
                    left => Expr::Sub(Box::new(left), Box::new(Expr::Index(index))),
                })
            }
            Token::Star => {
                self.expect(Token::RBracket)?;
                let then = self.projection_rhs(Token::Star.binding_power())?;
                Ok(Expr::Project(Box::new(left), Box::new(then)))
            }
            other => Err(format!(
                "{} after `[`: multi-select lists are not supported",
                other.describe()
            )),
        }
    }

    fn flatten(&mut self, left: Expr) -> Result<Expr, String> {
        let then = self.projection_rhs(Token::Flatten.binding_power())?;
        Ok(Expr::Project(
            Box::new(Expr::Flatten(Box::new(left))),
            Box::new(then),
        ))
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, String> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let then = if *self.peek() == Token::Flatten {
            Expr::Current
        } else {
            self.projection_rhs(Token::Filter.binding_power())?
        };
        Ok(Expr::Filter {
            list: Box::new(left),
            condition: Box::new(condition),
            then: Box::new(then),
        })
    }

    /// What a projection applies to each element.
    fn projection_rhs(&mut self, binding_power: u8) -> Result<Expr, String> {
        match self.peek() {
            token if token.binding_power() < PROJECTION_STOP => Ok(Expr::Current),
            Token::LBracket | Token::Filter => self.expression(binding_power),
            Token::Dot => {
                self.next();
                self.dot_rhs(binding_power)
            }
            other => Err(format!(
                "unexpected {} after a projection",
                other.describe()
            )),
        }
    }

    /// What follows a `.`.
    fn dot_rhs(&mut self, binding_power: u8) -> Result<Expr, String> {
        match self.peek() {
            Token::Identifier(_) | Token::QuotedIdentifier(_) | Token::Star => {
                self.expression(binding_power)
            }
            Token::LBracket => Err("multi-select lists are not supported".to_owned()),
            other => Err(format!("unexpected {} after `.`", other.describe())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    fn number(n: f64) -> Box<Expr> {
        Box::new(Expr::Literal(Literal::Number(n)))
    }

    #[test]
    fn fields_and_subexpressions() {
        assert_eq!(parse("Status").unwrap(), Expr::Field("Status".into()));
        assert_eq!(
            parse("Table.TableStatus").unwrap(),
            Expr::Sub(field("Table"), field("TableStatus"))
        );
        assert_eq!(
            parse("service.pipeline.deploymentStatus").unwrap(),
            Expr::Sub(
                Box::new(Expr::Sub(field("service"), field("pipeline"))),
                field("deploymentStatus")
            )
        );
        assert_eq!(parse("\"a b\"").unwrap(), Expr::Field("a b".into()));
        assert_eq!(parse("a | b").unwrap(), Expr::Sub(field("a"), field("b")));
        assert_eq!(
            parse("a[-1]").unwrap(),
            Expr::Sub(field("a"), Box::new(Expr::Index(-1)))
        );
    }

    #[test]
    fn projections_end_where_jmespath_ends_them() {
        // `a[].b.c` projects `b.c`.
        assert_eq!(
            parse("Clusters[].RestoreStatus.Status").unwrap(),
            Expr::Project(
                Box::new(Expr::Flatten(field("Clusters"))),
                Box::new(Expr::Sub(field("RestoreStatus"), field("Status")))
            )
        );
        // A comparison ends the projection: the length of the list is compared.
        assert_eq!(
            parse("length(MetricAlarms[]) > `0`").unwrap(),
            Expr::Compare(
                Comparison::Gt,
                Box::new(Expr::Call(
                    Function::Length,
                    vec![Expr::Project(
                        Box::new(Expr::Flatten(field("MetricAlarms"))),
                        Box::new(Expr::Current)
                    )]
                )),
                number(0.0)
            )
        );
        assert_eq!(
            parse("VerificationAttributes.*.VerificationStatus").unwrap(),
            Expr::ProjectValues(field("VerificationAttributes"), field("VerificationStatus"))
        );
        assert_eq!(
            parse("a[*].b").unwrap(),
            Expr::Project(field("a"), field("b"))
        );
        // A second flatten flattens the first projection's results.
        assert_eq!(
            parse("a[].b[]").unwrap(),
            Expr::Project(
                Box::new(Expr::Flatten(Box::new(Expr::Project(
                    Box::new(Expr::Flatten(field("a"))),
                    field("b")
                )))),
                Box::new(Expr::Current)
            )
        );
    }

    #[test]
    fn filters_and_logic() {
        let parsed = parse(
            "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
        )
        .unwrap();
        let condition = Expr::Not(Box::new(Expr::And(
            Box::new(Expr::Compare(
                Comparison::Eq,
                Box::new(Expr::Call(
                    Function::Length,
                    vec![Expr::Field("deployments".into())],
                )),
                number(1.0),
            )),
            Box::new(Expr::Compare(
                Comparison::Eq,
                field("runningCount"),
                field("desiredCount"),
            )),
        )));
        assert_eq!(
            parsed,
            Expr::Compare(
                Comparison::Eq,
                Box::new(Expr::Call(
                    Function::Length,
                    vec![Expr::Filter {
                        list: field("services"),
                        condition: Box::new(condition),
                        then: Box::new(Expr::Current),
                    }]
                )),
                number(0.0)
            )
        );
        assert_eq!(
            parse("a[?b == 'x'].c").unwrap(),
            Expr::Filter {
                list: field("a"),
                condition: Box::new(Expr::Compare(
                    Comparison::Eq,
                    field("b"),
                    Box::new(Expr::Literal(Literal::String("x".into())))
                )),
                then: field("c"),
            }
        );
        // `&&` binds tighter than `||`.
        assert_eq!(
            parse("a || b && c").unwrap(),
            Expr::Or(field("a"), Box::new(Expr::And(field("b"), field("c"))))
        );
        assert_eq!(
            parse("contains(a, `\"x\"`)").unwrap(),
            Expr::Call(
                Function::Contains,
                vec![
                    Expr::Field("a".into()),
                    Expr::Literal(Literal::String("x".into()))
                ]
            )
        );
    }

    #[test]
    fn what_is_not_supported_or_malformed_says_so() {
        for (text, why) in [
            ("", "unexpected the end"),
            ("a.", "after `.`"),
            ("a[0:2]", "slices"),
            ("{a: b}", "multi-select"),
            ("[a, b]", "multi-select"),
            ("sort_by(a, &b)", "not supported"),
            ("abs(a)", "function `abs` is not supported"),
            ("length(a, b)", "takes 1 argument"),
            ("a == `[1]`", "only null, booleans"),
            ("a == `nope`", "not JSON"),
            ("a == 'x", "never closed"),
            ("a b", "unexpected `b`"),
            ("a # b", "unexpected character `#`"),
            ("(a", "expected `)`"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(why), "{text:?}: {error}");
        }
    }
}
