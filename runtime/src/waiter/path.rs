//! The JMESPath expressions of waiters' acceptors, compiled by the
//! generator into [`Expr`] constants and evaluated here against the JSON
//! of an operation's output (or of `{"input": ..., "output": ...}`).
//!
//! The generator parses every `path` when it generates a client, so an
//! expression the published models use that it could not read is an error
//! then, never at run time. What it reads is the part of JMESPath the AWS
//! models' waiters use, and a little more: identifiers (bare and quoted),
//! subexpressions (`a.b`), pipes (`a | b`), indexes (`a[0]`, `a[-1]`),
//! flatten (`a[]`), list and object projections (`a[*].b`, `a.*.b`),
//! filters (`a[?b == 'c']`), comparisons (`==`, `!=`, `<`, `<=`, `>`,
//! `>=`), `||`, `&&`, `!`, parentheses, `@`, literals (`` `0` ``,
//! `'raw'`) and the functions `length` and `contains`.
//!
//! Evaluation follows the JMESPath specification: a missing member is
//! `null`, a projection drops `null` results, and `||`, `&&` and `!` use
//! JMESPath truthiness (`null`, `false`, `""`, `[]` and `{}` are false).
//! Where the specification raises an error (a function given a value of
//! the wrong type, ordering something that is not a number), the result
//! here is `null`, which no comparator matches: for a waiter, an
//! expression that cannot be evaluated is an acceptor that does not match.

use serde_json::Value;

/// A compiled JMESPath expression. Every reference is `'static`: the
/// generator writes these as constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expr {
    /// `@`: the current value.
    Current,
    /// An identifier: the member of an object, else `null`.
    Field(&'static str),
    /// `left.right`, and `left | right`: `right` applied to the value of
    /// `left`.
    Sub(&'static Expr, &'static Expr),
    /// `[n]`: the element of a list (negative from the end), else `null`.
    Index(i64),
    /// `left[]`: the list `left` with lists among its elements spliced in,
    /// one level deep; `null` if `left` is not a list.
    Flatten(&'static Expr),
    /// `left[*].right` (and the projection after `[]`): `right` applied to
    /// each element of the list `left`, `null` results dropped; `null` if
    /// `left` is not a list.
    Project(&'static Expr, &'static Expr),
    /// `left.*.right`: as [`Expr::Project`], over the values of the object
    /// `left`.
    ProjectValues(&'static Expr, &'static Expr),
    /// `left[?condition].right`: as [`Expr::Project`], over the elements
    /// for which `condition` is true.
    Filter {
        /// The list.
        list: &'static Expr,
        /// The condition each element must meet.
        condition: &'static Expr,
        /// What is taken of each element that meets it.
        then: &'static Expr,
    },
    /// A comparison.
    Compare(Comparison, &'static Expr, &'static Expr),
    /// `left || right`.
    Or(&'static Expr, &'static Expr),
    /// `left && right`.
    And(&'static Expr, &'static Expr),
    /// `!value`.
    Not(&'static Expr),
    /// A literal.
    Literal(Literal),
    /// A function call.
    Call(Function, &'static [Expr]),
}

/// A JMESPath comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `==`: equal values (numbers by value, lists and objects deeply).
    Eq,
    /// `!=`.
    Ne,
    /// `<`, numbers only.
    Lt,
    /// `<=`, numbers only.
    Le,
    /// `>`, numbers only.
    Gt,
    /// `>=`, numbers only.
    Ge,
}

/// A literal value (`` `...` `` holding a JSON scalar, or `'raw string'`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(&'static str),
}

/// A JMESPath built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `length(value)`: characters of a string, elements of a list, members
    /// of an object.
    Length,
    /// `contains(subject, search)`: whether the list `subject` has an
    /// element equal to `search`, or the string `subject` contains the
    /// string `search`.
    Contains,
}

impl Expr {
    /// The value of the expression for `value`.
    pub fn evaluate(&self, value: &Value) -> Value {
        match self {
            Expr::Current => value.clone(),
            Expr::Field(name) => value.get(*name).cloned().unwrap_or(Value::Null),
            Expr::Sub(left, right) => right.evaluate(&left.evaluate(value)),
            Expr::Index(index) => match value {
                Value::Array(items) => {
                    let position = if *index < 0 {
                        usize::try_from(index.unsigned_abs())
                            .ok()
                            .and_then(|back| items.len().checked_sub(back))
                    } else {
                        usize::try_from(*index).ok()
                    };
                    position
                        .and_then(|i| items.get(i))
                        .cloned()
                        .unwrap_or(Value::Null)
                }
                _ => Value::Null,
            },
            Expr::Flatten(list) => match list.evaluate(value) {
                Value::Array(items) => {
                    let mut flat = Vec::with_capacity(items.len());
                    for item in items {
                        match item {
                            Value::Array(inner) => flat.extend(inner),
                            other => flat.push(other),
                        }
                    }
                    Value::Array(flat)
                }
                _ => Value::Null,
            },
            Expr::Project(list, then) => match list.evaluate(value) {
                Value::Array(items) => project(items.iter(), then),
                _ => Value::Null,
            },
            Expr::ProjectValues(object, then) => match object.evaluate(value) {
                Value::Object(entries) => project(entries.values(), then),
                _ => Value::Null,
            },
            Expr::Filter {
                list,
                condition,
                then,
            } => match list.evaluate(value) {
                Value::Array(items) => project(
                    items
                        .iter()
                        .filter(|item| truthy(&condition.evaluate(item))),
                    then,
                ),
                _ => Value::Null,
            },
            Expr::Compare(op, left, right) => {
                compare(*op, &left.evaluate(value), &right.evaluate(value))
            }
            Expr::Or(left, right) => {
                let left = left.evaluate(value);
                if truthy(&left) {
                    left
                } else {
                    right.evaluate(value)
                }
            }
            Expr::And(left, right) => {
                let left = left.evaluate(value);
                if truthy(&left) {
                    right.evaluate(value)
                } else {
                    left
                }
            }
            Expr::Not(inner) => Value::Bool(!truthy(&inner.evaluate(value))),
            Expr::Literal(literal) => match literal {
                Literal::Null => Value::Null,
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Number(n) => serde_json::Number::from_f64(*n)
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
                Literal::String(s) => Value::String((*s).to_owned()),
            },
            Expr::Call(function, args) => {
                let args: Vec<Value> = args.iter().map(|arg| arg.evaluate(value)).collect();
                call(*function, &args)
            }
        }
    }
}

fn project<'v>(items: impl Iterator<Item = &'v Value>, then: &Expr) -> Value {
    Value::Array(
        items
            .map(|item| then.evaluate(item))
            .filter(|result| !result.is_null())
            .collect(),
    )
}

/// JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(entries) => !entries.is_empty(),
        Value::Number(_) => true,
    }
}

/// JMESPath equality: numbers by value (`1` equals `1.0`), lists and
/// objects member by member.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| equal(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| equal(a, b)))
        }
        (a, b) => a == b,
    }
}

fn compare(op: Comparison, a: &Value, b: &Value) -> Value {
    let ordered = |test: fn(f64, f64) -> bool| match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => Value::Bool(test(a, b)),
        _ => Value::Null,
    };
    match op {
        Comparison::Eq => Value::Bool(equal(a, b)),
        Comparison::Ne => Value::Bool(!equal(a, b)),
        Comparison::Lt => ordered(|a, b| a < b),
        Comparison::Le => ordered(|a, b| a <= b),
        Comparison::Gt => ordered(|a, b| a > b),
        Comparison::Ge => ordered(|a, b| a >= b),
    }
}

fn call(function: Function, args: &[Value]) -> Value {
    match (function, args) {
        (Function::Length, [Value::String(s)]) => Value::from(s.chars().count()),
        (Function::Length, [Value::Array(items)]) => Value::from(items.len()),
        (Function::Length, [Value::Object(entries)]) => Value::from(entries.len()),
        (Function::Contains, [Value::Array(items), search]) => {
            Value::Bool(items.iter().any(|item| equal(item, search)))
        }
        (Function::Contains, [Value::String(s), Value::String(search)]) => {
            Value::Bool(s.contains(search.as_str()))
        }
        (Function::Contains, [Value::String(_), _]) => Value::Bool(false),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TABLE_STATUS: Expr = Expr::Sub(&Expr::Field("Table"), &Expr::Field("TableStatus"));

    #[test]
    fn fields_and_subexpressions() {
        let value = json!({"Table": {"TableStatus": "ACTIVE"}});
        assert_eq!(TABLE_STATUS.evaluate(&value), json!("ACTIVE"));
        assert_eq!(TABLE_STATUS.evaluate(&json!({})), Value::Null);
        assert_eq!(TABLE_STATUS.evaluate(&json!({"Table": [1]})), Value::Null);
        assert_eq!(Expr::Current.evaluate(&json!(3)), json!(3));
    }

    #[test]
    fn projections_drop_nulls_and_flatten_one_level() {
        // `Clusters[].Status`
        const STATUSES: Expr = Expr::Project(
            &Expr::Flatten(&Expr::Field("Clusters")),
            &Expr::Field("Status"),
        );
        let value = json!({"Clusters": [{"Status": "a"}, {}, [{"Status": "b"}], {"Status": "c"}]});
        assert_eq!(STATUSES.evaluate(&value), json!(["a", "b", "c"]));
        assert_eq!(STATUSES.evaluate(&json!({"Clusters": "x"})), Value::Null);
        // `Clusters[*].Status` does not flatten.
        const LIST: Expr = Expr::Project(&Expr::Field("Clusters"), &Expr::Field("Status"));
        assert_eq!(LIST.evaluate(&value), json!(["a", "c"]));
        // `V.*.S`
        const VALUES: Expr = Expr::ProjectValues(&Expr::Field("V"), &Expr::Field("S"));
        let value = json!({"V": {"x": {"S": "ok"}, "y": {"S": "no"}, "z": {}}});
        assert_eq!(VALUES.evaluate(&value), json!(["ok", "no"]));
        assert_eq!(VALUES.evaluate(&json!({"V": []})), Value::Null);
    }

    #[test]
    fn indexes_count_from_either_end() {
        let value = json!([1, 2, 3]);
        assert_eq!(Expr::Index(0).evaluate(&value), json!(1));
        assert_eq!(Expr::Index(-1).evaluate(&value), json!(3));
        assert_eq!(Expr::Index(3).evaluate(&value), Value::Null);
        assert_eq!(Expr::Index(-4).evaluate(&value), Value::Null);
    }

    #[test]
    fn filters_comparisons_and_logic() {
        // ECS's `length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0``
        const UNSTABLE: Expr = Expr::Call(
            Function::Length,
            &[Expr::Filter {
                list: &Expr::Field("services"),
                condition: &Expr::Not(&Expr::And(
                    &Expr::Compare(
                        Comparison::Eq,
                        &Expr::Call(Function::Length, &[Expr::Field("deployments")]),
                        &Expr::Literal(Literal::Number(1.0)),
                    ),
                    &Expr::Compare(
                        Comparison::Eq,
                        &Expr::Field("runningCount"),
                        &Expr::Field("desiredCount"),
                    ),
                )),
                then: &Expr::Current,
            }],
        );
        const STABLE: Expr = Expr::Compare(
            Comparison::Eq,
            &UNSTABLE,
            &Expr::Literal(Literal::Number(0.0)),
        );
        let stable = json!({"services": [
            {"deployments": [1], "runningCount": 2, "desiredCount": 2},
            {"deployments": [1], "runningCount": 1, "desiredCount": 1.0}
        ]});
        assert_eq!(STABLE.evaluate(&stable), json!(true));
        let unstable = json!({"services": [
            {"deployments": [1], "runningCount": 2, "desiredCount": 2},
            {"deployments": [1, 2], "runningCount": 1, "desiredCount": 1}
        ]});
        assert_eq!(UNSTABLE.evaluate(&unstable), json!(1));
        assert_eq!(STABLE.evaluate(&unstable), json!(false));

        let gt = |a: Value, b: Value| compare(Comparison::Gt, &a, &b);
        assert_eq!(gt(json!(2), json!(1)), json!(true));
        assert_eq!(gt(json!("b"), json!("a")), Value::Null);
        assert!(equal(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));

        const OR: Expr = Expr::Or(&Expr::Field("a"), &Expr::Field("b"));
        assert_eq!(OR.evaluate(&json!({"a": "", "b": "x"})), json!("x"));
        assert_eq!(OR.evaluate(&json!({"a": "y", "b": "x"})), json!("y"));
        const AND: Expr = Expr::And(&Expr::Field("a"), &Expr::Field("b"));
        assert_eq!(AND.evaluate(&json!({"a": [], "b": "x"})), json!([]));
        assert_eq!(AND.evaluate(&json!({"a": 0, "b": "x"})), json!("x"));
    }

    #[test]
    fn functions() {
        let length = |v: Value| call(Function::Length, &[v]);
        assert_eq!(length(json!("héllo")), json!(5));
        assert_eq!(length(json!([1, 2])), json!(2));
        assert_eq!(length(json!({"a": 1})), json!(1));
        assert_eq!(length(json!(null)), Value::Null);
        let contains = |a: Value, b: Value| call(Function::Contains, &[a, b]);
        assert_eq!(contains(json!(["a", 1]), json!(1.0)), json!(true));
        assert_eq!(contains(json!("abc"), json!("bc")), json!(true));
        assert_eq!(contains(json!("abc"), json!(1)), json!(false));
        assert_eq!(contains(json!(3), json!(3)), Value::Null);
    }
}
