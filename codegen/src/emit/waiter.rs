//! A `wait_until_{waiter}` method per waiter (`smithy.waiters#waitable`),
//! inside the client's `impl`.
//!
//! Each method is the waiter's table, a `smithy_runtime::waiter::Waiter`
//! constant (its delays and acceptors, the JMESPath paths compiled to
//! `Expr` constants), and one call to its `wait`, which runs the loop.

use proc_macro2::{Literal as TokenLiteral, TokenStream};
use quote::quote;

use super::attrs;
use super::rust::{Scope, ident, outer_doc, type_path};
use crate::ir::jmespath::{Comparison, Expr, Function, Literal};
use crate::ir::{
    Acceptor, AcceptorState, Matcher, Operation, PathComparator, PathMatcher, Service, Waiter,
};

/// The waiter methods of every operation.
pub fn emit(service: &Service) -> TokenStream {
    service
        .operations
        .values()
        .flat_map(|op| {
            op.waiters
                .iter()
                .map(move |waiter| method(service, op, waiter))
        })
        .collect()
}

fn method(service: &Service, op: &Operation, waiter: &Waiter) -> TokenStream {
    let name = ident(&waiter.fn_name);
    let operation = ident(&op.fn_name);
    let error = ident(&op.error_name);
    let (param, input, call) = match &op.input {
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            (
                quote! { input: #ty, },
                quote! { input },
                quote! { |input| ::std::boxed::Box::pin(self.#operation(input)) },
            )
        }
        None => (
            TokenStream::new(),
            quote! { () },
            quote! { |()| ::std::boxed::Box::pin(self.#operation()) },
        ),
    };
    let output = match &op.output {
        Some(output) => type_path(service, output, Scope::Sibling),
        None => quote! { () },
    };
    let waiter_name = &waiter.name;
    let min_delay = TokenLiteral::u64_unsuffixed(waiter.min_delay);
    let max_delay = TokenLiteral::u64_unsuffixed(waiter.max_delay);
    let acceptors = waiter.acceptors.iter().map(acceptor);
    let docs = outer_doc(&docs(op, waiter));
    let deprecated = if waiter.deprecated {
        quote! { #[deprecated(note = "the model deprecates this waiter")] }
    } else {
        attrs::deprecated(op.deprecated.as_ref())
    };
    let allow = attrs::allow_deprecated(
        op.deprecated.is_some()
            || op
                .input
                .iter()
                .chain(op.output.iter())
                .any(|name| service.is_deprecated_type(name)),
    );
    quote! {
        #docs
        #deprecated
        #allow
        pub async fn #name(
            &self,
            #param
            max_wait: ::std::time::Duration,
        ) -> ::std::result::Result<
            ::std::option::Option<#output>,
            ::smithy_runtime::waiter::WaiterError<super::error::#error>,
        > {
            use ::smithy_runtime::waiter;
            const WAITER: waiter::Waiter = waiter::Waiter {
                name: #waiter_name,
                min_delay: #min_delay,
                max_delay: #max_delay,
                acceptors: &[#(#acceptors),*],
            };
            WAITER.wait(self.config.sleep().as_ref(), max_wait, #input, #call).await
        }
    }
}

fn acceptor(acceptor: &Acceptor) -> TokenStream {
    let state = match acceptor.state {
        AcceptorState::Success => quote! { waiter::State::Success },
        AcceptorState::Failure => quote! { waiter::State::Failure },
        AcceptorState::Retry => quote! { waiter::State::Retry },
    };
    let matcher = match &acceptor.matcher {
        Matcher::Output(path) => {
            let path = path_matcher(path);
            quote! { waiter::Matcher::Output(#path) }
        }
        Matcher::InputOutput(path) => {
            let path = path_matcher(path);
            quote! { waiter::Matcher::InputOutput(#path) }
        }
        Matcher::Success(success) => quote! { waiter::Matcher::Success(#success) },
        Matcher::ErrorType(codes) => quote! { waiter::Matcher::ErrorType(&[#(#codes),*]) },
    };
    quote! { waiter::Acceptor { state: #state, matcher: #matcher } }
}

fn path_matcher(matcher: &PathMatcher) -> TokenStream {
    let text = &matcher.text;
    let path = expr(&matcher.path);
    let comparator = match &matcher.comparator {
        PathComparator::StringEquals(s) => quote! { waiter::Comparator::StringEquals(#s) },
        PathComparator::BooleanEquals(b) => quote! { waiter::Comparator::BooleanEquals(#b) },
        PathComparator::AllStringEquals(s) => {
            quote! { waiter::Comparator::AllStringEquals(#s) }
        }
        PathComparator::AnyStringEquals(s) => {
            quote! { waiter::Comparator::AnyStringEquals(#s) }
        }
    };
    quote! {
        waiter::PathMatcher { text: #text, path: #path, comparator: #comparator }
    }
}

/// The expression as a constant of `smithy_runtime::waiter::Expr`.
fn expr(e: &Expr) -> TokenStream {
    let pair = |a: &Expr, b: &Expr| {
        let (a, b) = (expr(a), expr(b));
        quote! { &#a, &#b }
    };
    match e {
        Expr::Current => quote! { waiter::Expr::Current },
        Expr::Field(name) => quote! { waiter::Expr::Field(#name) },
        Expr::Sub(a, b) => {
            let ab = pair(a, b);
            quote! { waiter::Expr::Sub(#ab) }
        }
        Expr::Index(i) => {
            let i = TokenLiteral::i64_unsuffixed(*i);
            quote! { waiter::Expr::Index(#i) }
        }
        Expr::Flatten(list) => {
            let list = expr(list);
            quote! { waiter::Expr::Flatten(&#list) }
        }
        Expr::Project(a, b) => {
            let ab = pair(a, b);
            quote! { waiter::Expr::Project(#ab) }
        }
        Expr::ProjectValues(a, b) => {
            let ab = pair(a, b);
            quote! { waiter::Expr::ProjectValues(#ab) }
        }
        Expr::Filter {
            list,
            condition,
            then,
        } => {
            let (list, condition, then) = (expr(list), expr(condition), expr(then));
            quote! { waiter::Expr::Filter { list: &#list, condition: &#condition, then: &#then } }
        }
        Expr::Compare(op, a, b) => {
            let op = match op {
                Comparison::Eq => quote! { Eq },
                Comparison::Ne => quote! { Ne },
                Comparison::Lt => quote! { Lt },
                Comparison::Le => quote! { Le },
                Comparison::Gt => quote! { Gt },
                Comparison::Ge => quote! { Ge },
            };
            let ab = pair(a, b);
            quote! { waiter::Expr::Compare(waiter::path::Comparison::#op, #ab) }
        }
        Expr::Or(a, b) => {
            let ab = pair(a, b);
            quote! { waiter::Expr::Or(#ab) }
        }
        Expr::And(a, b) => {
            let ab = pair(a, b);
            quote! { waiter::Expr::And(#ab) }
        }
        Expr::Not(inner) => {
            let inner = expr(inner);
            quote! { waiter::Expr::Not(&#inner) }
        }
        Expr::Literal(literal) => {
            let literal = match literal {
                Literal::Null => quote! { Null },
                Literal::Bool(b) => quote! { Bool(#b) },
                Literal::Number(n) => {
                    let n = TokenLiteral::f64_unsuffixed(*n);
                    quote! { Number(#n) }
                }
                Literal::String(s) => quote! { String(#s) },
            };
            quote! { waiter::Expr::Literal(waiter::path::Literal::#literal) }
        }
        Expr::Call(function, args) => {
            let function = match function {
                Function::Length => quote! { Length },
                Function::Contains => quote! { Contains },
            };
            let args = args.iter().map(expr);
            quote! { waiter::Expr::Call(waiter::path::Function::#function, &[#(#args),*]) }
        }
    }
}

/// `text` as a Markdown code span, whatever backticks it holds.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn docs(op: &Operation, waiter: &Waiter) -> String {
    let mut text = String::new();
    if let Some(docs) = &waiter.docs {
        text.push_str(docs.trim());
        text.push_str("\n\n");
    }
    let input = if op.input.is_some() {
        " with `input`"
    } else {
        ""
    };
    text.push_str(&format!(
        "The `{}` waiter: calls [`{}`](Self::{}){input} until one of these, \
         checked in order, ends the wait:\n",
        waiter.name, op.fn_name, op.fn_name
    ));
    for acceptor in &waiter.acceptors {
        let state = match acceptor.state {
            AcceptorState::Success => "success",
            AcceptorState::Failure => "failure",
            AcceptorState::Retry => "retry",
        };
        let when = match &acceptor.matcher {
            Matcher::Output(path) => format!("{} {}", code(&path.text), expected(path)),
            Matcher::InputOutput(path) => format!(
                "{} (over `input` and `output`) {}",
                code(&path.text),
                expected(path)
            ),
            Matcher::Success(true) => "the call succeeds".to_owned(),
            Matcher::Success(false) => "the call fails".to_owned(),
            Matcher::ErrorType(codes) => format!(
                "the service answers with {}",
                codes
                    .iter()
                    .map(|c| code(c))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        text.push_str(&format!("- {state} when {when}\n"));
    }
    text.push_str(&format!(
        "\nA call that matches none is retried if it succeeded, and ends the wait \
         with its error if it failed. Between calls \
         it waits from {} to {} seconds (exponential backoff with jitter, \
         through the config's sleep), for at most `max_wait` in all.\n\n\
         Returns the output of the call that succeeded, or `None` when an \
         error was the success.\n\n\
         # Errors\n\n\
         [`WaiterError::Failure`](::smithy_runtime::waiter::WaiterError::Failure) \
         when a failure state matched, \
         [`WaiterError::Operation`](::smithy_runtime::waiter::WaiterError::Operation) \
         with the error of a call that failed in a way no acceptor matched, \
         [`WaiterError::Timeout`](::smithy_runtime::waiter::WaiterError::Timeout) \
         when `max_wait` ran out.",
        waiter.min_delay, waiter.max_delay
    ));
    text
}

fn expected(path: &PathMatcher) -> String {
    match &path.comparator {
        PathComparator::StringEquals(s) => format!("is {}", code(&format!("{s:?}"))),
        PathComparator::BooleanEquals(b) => format!("is `{b}`"),
        PathComparator::AllStringEquals(s) => {
            format!("gives only {}", code(&format!("{s:?}")))
        }
        PathComparator::AnyStringEquals(s) => {
            format!("gives some {}", code(&format!("{s:?}")))
        }
    }
}
