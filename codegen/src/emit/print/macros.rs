//! Layout that prettyplease cannot do: it fills the arguments of a macro it
//! does not know like prose, and breaks them onto their own line even when
//! the call would fit on one. The runtime's error macros are laid out here
//! as a person would write them: `operation_error!` one variant to a line,
//! `modeled_error!` on one line when it fits.

use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

const OPERATION_ERROR: &str = "::smithy_runtime::operation_error!(";
const MODELED_ERROR: &str = "::smithy_runtime::modeled_error!(";

/// The line width prettyplease prints to.
const WIDTH: usize = 100;

/// `code` (prettyplease output) with every top-level invocation of the
/// error macros laid out. One that does not read as expected is left as
/// printed.
pub(super) fn error_macros(code: &str) -> String {
    let code = invocations(code, OPERATION_ERROR, variants);
    invocations(&code, MODELED_ERROR, one_line)
}

/// `code` with each invocation of `open` that starts a line (after its
/// indentation) replaced by what `layout` makes of its arguments (the text
/// between the parentheses) at that indentation, if anything.
fn invocations(code: &str, open: &str, layout: fn(&str, usize) -> Option<String>) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    loop {
        let Some((start, indent)) = find_at_line_start(rest, open) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let arguments = &rest[start + open.len()..];
        // Nothing in the arguments ends a line with `);`: attributes close
        // with `]`, and string literals hold no raw newline (prettyplease
        // escapes it).
        let Some(end) = arguments.find(");\n") else {
            out.push_str(&rest[start..]);
            return out;
        };
        match layout(&arguments[..end], indent) {
            Some(text) => {
                out.push_str(open);
                out.push_str(&text);
                out.push_str(");\n");
            }
            None => out.push_str(&rest[start..start + open.len() + end + 3]),
        }
        rest = &arguments[end + 3..];
    }
}

/// Where `needle` first starts a line of `haystack` after its
/// indentation, and how many spaces that is.
fn find_at_line_start(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = haystack[from..].find(needle) {
        let at = from + found;
        let line = haystack[..at].rsplit('\n').next().unwrap_or_default();
        if line.bytes().all(|b| b == b' ') {
            return Some((at, line.len()));
        }
        from = at + needle.len();
    }
    None
}

/// `[attributes] Name { Variant = "code", ... }` with a variant to a line.
fn variants(arguments: &str, indent: usize) -> Option<String> {
    let pad = " ".repeat(indent);
    // Attributes and the name, as printed; the list follows the first `{`.
    let (head, list) = arguments.split_once('{')?;
    let list = list.trim_end().strip_suffix('}')?;
    let mut text = format!("{} {{", words(head));
    let tokens: Vec<TokenTree> = TokenStream::from_str(list).ok()?.into_iter().collect();
    for entry in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match entry {
            [] => {}
            [
                TokenTree::Ident(variant),
                TokenTree::Punct(eq),
                TokenTree::Literal(code),
            ] if eq.as_char() == '=' => {
                text.push_str(&format!("\n{pad}    {variant} = {code},"));
            }
            _ => return None,
        }
    }
    // Without modeled errors `Name {}` stays on the one line.
    if text.ends_with(',') {
        text.push('\n');
        text.push_str(&pad);
    }
    text.push('}');
    Some(text)
}

/// The arguments on the invocation's line when the line fits, else each
/// on a line of its own.
fn one_line(arguments: &str, indent: usize) -> Option<String> {
    let text = words(arguments);
    if indent + MODELED_ERROR.len() + text.len() + 2 <= WIDTH {
        return Some(text);
    }
    // The arguments are a name (after attributes, whose own commas sit
    // inside brackets) and `read_body = path`: no comma but theirs.
    let (head, rest) = text.rsplit_once(", ")?;
    let pad = " ".repeat(indent);
    Some(format!("\n{pad}    {head},\n{pad}    {rest},\n{pad}"))
}

/// `text` with each run of whitespace made one space. String literals in
/// the arguments are error codes, which have none.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::error_macros;

    #[test]
    fn variants_go_one_to_a_line_and_the_rest_is_untouched() {
        let printed = "/// Doc.\n\
            pub enum E {}\n\
            ::smithy_runtime::operation_error!(\n    E { A = \"a\", LongName =\n    \"ns.Long\", }\n);\n\
            fn f() {}\n";
        assert_eq!(
            error_macros(printed),
            "/// Doc.\n\
             pub enum E {}\n\
             ::smithy_runtime::operation_error!(E {\n    A = \"a\",\n    LongName = \"ns.Long\",\n});\n\
             fn f() {}\n"
        );
    }

    #[test]
    fn attributes_stay_before_the_name_and_an_empty_list_stays_on_one_line() {
        assert_eq!(
            error_macros(
                "::smithy_runtime::operation_error!(#[allow(deprecated)] E { A = \"a\" });\n"
            ),
            "::smithy_runtime::operation_error!(#[allow(deprecated)] E {\n    A = \"a\",\n});\n"
        );
        assert_eq!(
            error_macros("::smithy_runtime::operation_error!(E {});\n"),
            "::smithy_runtime::operation_error!(E {});\n"
        );
    }

    #[test]
    fn an_invocation_of_another_shape_or_not_at_a_line_start_is_left_as_printed() {
        for code in [
            "::smithy_runtime::operation_error!(E { A = b::c });\nx\n",
            "::smithy_runtime::operation_error!(E);\n",
            "let x = ::smithy_runtime::operation_error!(E { A = \"a\" });\n",
            "x ::smithy_runtime::operation_error!(E { A = \"a\" });\n",
            "::smithy_runtime::operation_error!(E { A = \"a\" }",
        ] {
            assert_eq!(error_macros(code), code);
        }
    }

    #[test]
    fn a_modeled_error_goes_on_one_line_when_it_fits() {
        let short = "::smithy_runtime::modeled_error!(\n    Short, read_body = ::smithy_runtime::rest::from_json\n);\n";
        assert_eq!(
            error_macros(short),
            "::smithy_runtime::modeled_error!(Short, read_body = ::smithy_runtime::rest::from_json);\n"
        );
    }

    #[test]
    fn a_long_modeled_error_puts_each_argument_on_a_line() {
        // As prettyplease prints it: filled like prose.
        let long = "::smithy_runtime::modeled_error!(\n    IdpCommunicationErrorException, read_body =\n    ::smithy_runtime::protocol::query::error_body\n);\n";
        assert_eq!(
            error_macros(long),
            "::smithy_runtime::modeled_error!(\n    IdpCommunicationErrorException,\n    read_body = ::smithy_runtime::protocol::query::error_body,\n);\n"
        );
        let attributed = "    ::smithy_runtime::modeled_error!(\n        #[allow(deprecated)] OldLongNamedException, read_body = ::smithy_runtime::protocol::json::from_json\n    );\n";
        assert_eq!(
            error_macros(attributed),
            "    ::smithy_runtime::modeled_error!(\n        #[allow(deprecated)] OldLongNamedException,\n        read_body = ::smithy_runtime::protocol::json::from_json,\n    );\n"
        );
    }

    #[test]
    fn a_nested_invocation_keeps_its_indentation() {
        assert_eq!(
            error_macros(
                "mod m {\n    ::smithy_runtime::operation_error!(\n        E { A = \"a\" }\n    );\n}\n"
            ),
            "mod m {\n    ::smithy_runtime::operation_error!(E {\n        A = \"a\",\n    });\n}\n"
        );
    }
}
