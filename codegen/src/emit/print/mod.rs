//! The one pretty-printing pass: tokens are parsed once with `syn`,
//! printed by `prettyplease`, then given the layout it cannot do (the
//! runtime's error macros, blank lines between items).

mod macros;

use proc_macro2::TokenStream;

use crate::error::{Error, Result};

/// Parses and pretty-prints one file.
pub(super) fn format(what: &str, tokens: TokenStream) -> Result<String> {
    parse(what, tokens).map(|file| unparse(&file))
}

/// Parses one file's tokens; `what` names it in the error.
pub(super) fn parse(what: &str, tokens: TokenStream) -> Result<syn::File> {
    syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
        what: what.to_owned(),
        message: e.to_string(),
    })
}

/// Pretty-prints a parsed file, with the layout prettyplease cannot do.
pub(super) fn unparse(file: &syn::File) -> String {
    space_items(&macros::error_macros(&prettyplease::unparse(file)))
}

/// Puts a blank line between items, as a person would; prettyplease packs
/// them. Only lines that start an item after the end of one at the same
/// indentation are touched, so statements and fields stay as printed.
fn space_items(code: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(crate) ",
        "fn ",
        "impl",
        "static ",
        "const ",
        "mod ",
        "struct ",
        "enum ",
        "type ",
        "use ",
        // Item macros; other paths may start statements, which stay put.
        "::smithy_runtime::modeled_error!",
        "::smithy_runtime::operation_error!",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        if let Some(prev) = previous {
            let indent = line.len() - line.trim_start().len();
            let prev_indent = prev.len() - prev.trim_start().len();
            let prev_trimmed = prev.trim_start();
            // A comment ends no item, whatever it ends with (a doc line
            // quoting `{}` is followed by more of the same doc).
            let ends_item = !prev_trimmed.starts_with("//")
                && (prev_trimmed == "}"
                    || prev_trimmed.ends_with("{}")
                    || prev_trimmed.ends_with(';'));
            let ends_module_doc =
                prev_trimmed.starts_with("//!") && !line.trim_start().starts_with("//!");
            let starts_item = ITEM_STARTS.iter().any(|s| line.trim_start().starts_with(s));
            if (ends_item && starts_item && indent == prev_indent) || ends_module_doc {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_are_spaced_but_doc_comments_are_not_split() {
        let code = "struct A {}\nstruct B;\n/// Returns:\n/// {}\n/// ```\nfn f() {}\n";
        assert_eq!(
            space_items(code),
            "struct A {}\n\nstruct B;\n\n/// Returns:\n/// {}\n/// ```\nfn f() {}\n"
        );
        let code = "    /// ends with;\n    /// }\n    fn g() {}\n";
        assert_eq!(space_items(code), code);
    }
}
