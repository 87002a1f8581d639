//! Large modules of large services become a folder: `types/mod.rs`
//! re-exports one file per initial letter of the shapes (`types/a.rs`, …)
//! and the builders get `types/builders.rs`. Paths stay `types::Name`;
//! files stay small enough to read and to open in an editor.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::format;
use crate::error::{Error, Result};

/// Modules longer than this many formatted lines are split.
pub const SPLIT_LINES: usize = 10_000;

/// The files of module `name` (paths relative to `src/`), its doc and body
/// given as tokens.
pub fn split(name: &str, doc: &TokenStream, body: TokenStream) -> Result<Vec<(String, String)>> {
    let file = syn::parse2::<syn::File>(body).map_err(|e| Error::Emit {
        what: format!("{name} module"),
        message: e.to_string(),
    })?;
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
        let code = format(&path, quote! { #(#items)* })?;
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
        let docs = module.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let inner_docs: Vec<TokenStream> = docs
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(doc) => {
                    let value = &doc.value;
                    quote! { #![doc = #value] }
                }
                _ => TokenStream::new(),
            })
            .collect();
        let items = module.content.map(|(_, items)| items).unwrap_or_default();
        let path = format!("{name}/builders.rs");
        files.push((
            path.clone(),
            format(&path, quote! { #(#inner_docs)* #(#items)* })?,
        ));
        declarations.push(quote! {
            #[rustfmt::skip]
            pub mod builders;
        });
    }
    let index = format!("{name}/mod.rs");
    files.push((
        index.clone(),
        format(&index, quote! { #doc #(#declarations)* })?,
    ));
    Ok(files)
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
