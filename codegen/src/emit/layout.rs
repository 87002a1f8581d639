//! Placing the modules in files: a crate's `lib.rs` declaring a file per
//! module, or everything in one file for `include!`.
//!
//! Large modules of large services become a folder: `types/mod.rs`
//! re-exports one file per initial letter of the shapes (`types/a.rs`, …)
//! and the builders get `types/builders.rs`. Paths stay `types::Name`;
//! files stay small enough to read and to open in an editor. The folder is
//! cut from the module's items as they were parsed for printing, not
//! parsed again.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Module;
use super::print::{self, format};
use super::rust::{inner_doc, visibility};

use crate::error::Result;

/// Modules longer than this many formatted lines are split.
pub const SPLIT_LINES: usize = 10_000;

/// The modules that may become a folder.
const SPLITTABLE: &[&str] = &["types", "error"];

/// A crate's files (paths relative to `src/`): `lib.rs` with `crate_doc`,
/// `main.rs`, and the modules.
pub(super) fn crate_files(
    modules: &[Module],
    crate_doc: TokenStream,
    main_rs: TokenStream,
) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    files.insert("main.rs".to_owned(), format("main.rs", main_rs)?);
    let declarations = modules.iter().map(declaration);
    let lib = quote! {
        #crate_doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![deny(
            clippy::unwrap_used,
            clippy::expect_used,
            clippy::panic,
            clippy::indexing_slicing
        )]
        #(#declarations)*
        pub use client::Client;
    };
    files.insert("lib.rs".to_owned(), format("lib.rs", lib)?);
    for module in modules {
        let doc = inner_doc(&module.doc);
        let body = &module.body;
        let name = format!("{}.rs", module.name);
        let file = print::parse(&name, quote! { #doc #body })?;
        let text = print::unparse(&file);
        if text.lines().count() > SPLIT_LINES && SPLITTABLE.contains(&module.name) {
            files.extend(split(module.name, file)?);
        } else {
            files.insert(name, text);
        }
    }
    Ok(files)
}

/// Everything in `generated.rs`, each module inline.
pub(super) fn single_file(modules: &[Module]) -> Result<BTreeMap<String, String>> {
    let inline = modules.iter().map(|module| {
        let name = format_ident!("{}", module.name);
        let visibility = visibility(module.public);
        let doc = inner_doc(&module.doc);
        let body = &module.body;
        quote! { #visibility mod #name { #doc #body } }
    });
    let file = quote! {
        #(#inline)*
        pub use client::Client;
    };
    Ok(BTreeMap::from([(
        "generated.rs".to_owned(),
        format("generated.rs", file)?,
    )]))
}

/// `mod name;` in `lib.rs`.
fn declaration(module: &Module) -> TokenStream {
    let name = format_ident!("{}", module.name);
    let visibility = visibility(module.public);
    // The files are formatted by prettyplease; `cargo fmt` in a workspace
    // that holds the generated crate must not rewrite them.
    let cfg = if module.cli_only {
        quote! { #[cfg(feature = "cli")] }
    } else {
        TokenStream::new()
    };
    quote! {
        #cfg
        #[rustfmt::skip]
        #visibility mod #name;
    }
}

/// The files of module `name` (paths relative to `src/`), from its parsed
/// file: its inner doc and its items.
fn split(name: &str, file: syn::File) -> Result<Vec<(String, String)>> {
    let mut groups: BTreeMap<String, Vec<syn::Item>> = BTreeMap::new();
    let mut builders = None;
    for item in file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "builders" => builders = Some(module),
            item => groups.entry(group_of(&item)).or_default().push(item),
        }
    }
    let mut files = Vec::new();
    let mut declarations = Vec::new();
    for (group, items) in groups {
        let part = format_ident!("{}", group);
        declarations.push(quote! {
            #[rustfmt::skip]
            mod #part;
            pub use #part::*;
        });
        let path = format!("{name}/{group}.rs");
        let code = print::unparse(&items_file(Vec::new(), items));
        // One level deeper than the module the code was written for.
        let code = code.replace("super::", "super::super::");
        // Shapes refer to each other by bare name; the other files' shapes
        // come through the module's re-exports. A file whose shapes refer
        // to none of them leaves the import unused, which is fine.
        files.push((
            path,
            format!("#[allow(unused_imports)]\nuse super::*;\n\n{code}"),
        ));
    }
    if let Some(module) = builders {
        // The module's outer doc becomes the file's inner doc.
        let docs = module
            .attrs
            .into_iter()
            .filter(|a| a.path().is_ident("doc"))
            .map(|mut attr| {
                attr.style = syn::AttrStyle::Inner(Default::default());
                attr
            })
            .collect();
        let items = module.content.map(|(_, items)| items).unwrap_or_default();
        files.push((
            format!("{name}/builders.rs"),
            print::unparse(&items_file(docs, items)),
        ));
        declarations.push(quote! {
            #[rustfmt::skip]
            pub mod builders;
        });
    }
    let index = format!("{name}/mod.rs");
    let doc = file.attrs;
    files.push((
        index.clone(),
        format(&index, quote! { #(#doc)* #(#declarations)* })?,
    ));
    Ok(files)
}

/// A file of already parsed attributes and items.
fn items_file(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::File {
    let mut file: syn::File = syn::parse_quote! {};
    file.attrs = attrs;
    file.items = items;
    file
}

/// The file an item goes to: the initial of the type it defines or
/// implements.
fn group_of(item: &syn::Item) -> String {
    let owner = match item {
        syn::Item::Struct(s) => s.ident.to_string(),
        syn::Item::Enum(e) => e.ident.to_string(),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    match owner.trim_start_matches("r#").chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_module_puts_each_item_in_its_initials_file() {
        let file: syn::File = syn::parse_quote! {
            #![doc = " Types."]
            #[doc = " An apple."]
            pub struct Apple;
            impl Apple {
                fn f() {}
            }
            pub struct Banana(super::error::E);
            #[doc = " The builders."]
            pub mod builders {
                pub struct AppleBuilder;
            }
        };
        let files: BTreeMap<String, String> = split("types", file).unwrap().into_iter().collect();
        assert_eq!(
            files.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "types/a.rs",
                "types/b.rs",
                "types/builders.rs",
                "types/mod.rs"
            ]
        );
        let apples = &files["types/a.rs"];
        assert!(
            apples.contains("/// An apple.\npub struct Apple;"),
            "{apples}"
        );
        assert!(apples.contains("impl Apple {"), "{apples}");
        assert!(!apples.contains("Banana"), "{apples}");
        // One level deeper than the module the code was written for.
        assert!(files["types/b.rs"].contains("(super::super::error::E)"));
        let builders = &files["types/builders.rs"];
        assert!(builders.starts_with("//! The builders.\n"), "{builders}");
        assert!(builders.contains("pub struct AppleBuilder;"), "{builders}");
        let index = &files["types/mod.rs"];
        assert!(index.starts_with("//! Types.\n"), "{index}");
        for line in ["mod a;", "pub use a::*;", "mod b;", "pub mod builders;"] {
            assert!(index.contains(line), "{line}: {index}");
        }
    }
}
