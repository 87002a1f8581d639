//! `generated/imagebuilder` must be exactly what the README's generate
//! command writes today: regenerate into a temporary folder and compare.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIX: &str = "cargo run -p smithy-codegen -- generate --model model/imagebuilder.json --out generated/imagebuilder";

fn read_tree(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_owned();
                files.insert(relative, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn checked_in_crate_matches_a_fresh_generation() {
    let repo = smithy_tests::repo_root();
    let scratch = std::env::temp_dir().join(format!("smithy-fresh-{}", std::process::id()));
    let out = scratch.join("generated/imagebuilder");
    let _ = std::fs::remove_dir_all(&scratch);
    // The default runtime path is computed from where the crate is written;
    // give the one it has inside the repository.
    smithy_codegen::Config::new()
        .model(repo.join("model/imagebuilder.json"))
        .runtime_path("../../runtime")
        .write_crate(&out)
        .expect("the shipped model generates");
    let fresh = read_tree(&out);
    let checked_in = read_tree(&repo.join("generated/imagebuilder"));
    let _ = std::fs::remove_dir_all(&scratch);

    let mut problems = Vec::new();
    for (path, content) in &fresh {
        match checked_in.get(path) {
            None => problems.push(format!("missing: {}", path.display())),
            Some(old) if old != content => problems.push(format!("differs: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in checked_in.keys().filter(|p| !fresh.contains_key(*p)) {
        problems.push(format!("not generated any more: {}", path.display()));
    }
    assert!(
        problems.is_empty(),
        "generated/imagebuilder is stale:\n  {}\nrun: {FIX}",
        problems.join("\n  ")
    );
}

#[test]
fn default_runtime_path_from_the_repository_is_the_relative_one() {
    let repo = smithy_tests::repo_root();
    let files = smithy_codegen::Config::new()
        .model(repo.join("model/imagebuilder.json"))
        .generate_crate(&repo.join("generated/imagebuilder"))
        .unwrap();
    let manifest = &files[Path::new("Cargo.toml")];
    assert!(
        manifest
            .contains(r#"smithy-runtime = { path = "../../runtime", default-features = false }"#),
        "{manifest}"
    );
}
