//! The checked-in generated crates must be exactly what the README's
//! generate commands write today: regenerate each into a temporary folder
//! and compare.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIX_IMAGEBUILDER: &str = "cargo run -p smithy-codegen -- generate --model model/imagebuilder.json --out generated/imagebuilder";
const FIX_STS: &str = "cargo run -p smithy-codegen -- generate --no-smithy-config --model ../shared/models-other/sts-2011-06-15.json \\\n    --operation AssumeRole --operation AssumeRoleWithWebIdentity --operation GetCallerIdentity --out generated/sts";

const FIX_SSO: &str = "cargo run -p smithy-codegen -- generate --no-smithy-config --model ../shared/models/sso-2019-06-10.json \\\n    --operation GetRoleCredentials --out generated/sso";
const FIX_SSO_OIDC: &str = "cargo run -p smithy-codegen -- generate --no-smithy-config --model ../shared/models/sso-oidc-2019-06-10.json \\\n    --operation CreateToken --out generated/sso-oidc";

/// The STS operations the checked-in client has (those the credential
/// providers call, and `GetCallerIdentity`).
const STS_OPERATIONS: &[&str] = &[
    "AssumeRole",
    "AssumeRoleWithWebIdentity",
    "GetCallerIdentity",
];

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

/// Regenerates `generated/{name}` from `model` (with `operations`, all
/// when empty; with `smithy-config` or, for the clients it calls itself,
/// without) and fails, naming `fix`, on any difference.
fn assert_fresh(name: &str, model: &Path, operations: &[&str], smithy_config: bool, fix: &str) {
    let repo = smithy_tests::repo_root();
    let scratch = std::env::temp_dir().join(format!("smithy-fresh-{name}-{}", std::process::id()));
    let out = scratch.join("generated").join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    // The default runtime path is computed from where the crate is written;
    // give the one it has inside the repository.
    let mut config = smithy_codegen::Config::new();
    config
        .model(model)
        .runtime_path("../../runtime")
        .smithy_config(smithy_config);
    for operation in operations {
        config.operation(*operation);
    }
    config.write_crate(&out).expect("the model generates");
    let fresh = read_tree(&out);
    let checked_in = read_tree(&repo.join("generated").join(name));
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
        "generated/{name} is stale:\n  {}\nrun: {fix}",
        problems.join("\n  ")
    );
}

#[test]
fn checked_in_crate_matches_a_fresh_generation() {
    let repo = smithy_tests::repo_root();
    assert_fresh(
        "imagebuilder",
        &repo.join("model/imagebuilder.json"),
        &[],
        true,
        FIX_IMAGEBUILDER,
    );
}

#[test]
fn checked_in_sts_client_matches_a_fresh_generation() {
    let Some(model) = smithy_tests::shared_path("models-other/sts-2011-06-15.json") else {
        return;
    };
    assert_fresh("sts", &model, STS_OPERATIONS, false, FIX_STS);
}

/// The IAM Identity Center operations the credential providers call: the
/// role credentials of a signed-in user, and the refresh of an SSO token.
#[test]
fn checked_in_sso_clients_match_a_fresh_generation() {
    let (Some(sso), Some(oidc)) = (
        smithy_tests::shared_path("models/sso-2019-06-10.json"),
        smithy_tests::shared_path("models/sso-oidc-2019-06-10.json"),
    ) else {
        return;
    };
    assert_fresh("sso", &sso, &["GetRoleCredentials"], false, FIX_SSO);
    assert_fresh("sso-oidc", &oidc, &["CreateToken"], false, FIX_SSO_OIDC);
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
