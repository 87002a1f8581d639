//! One protocol's run of the suite: the cases counted straight from the
//! suite's JSON AST (read with serde_json, not the generator), the
//! generated cases run, and the outcome held against the protocol's skip
//! list, which may only shrink.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::{Case, Kind, skip};

/// The shared reference folder.
pub fn shared() -> PathBuf {
    std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The suite's JSON AST, or `None` (said on a line of its own) when the
/// shared folder is absent.
pub fn model() -> Option<serde_json::Value> {
    let path = shared().join("smithy/protocol-tests/aws-protocol-tests.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "{} is absent: the protocol tests were not run",
            path.display()
        );
        return None;
    };
    serde_json::from_str(&text).ok()
}

/// The client cases of `protocol` (a trait id) in the suite's model.
pub fn cases_in_model(
    model: &serde_json::Value,
    protocol: &str,
) -> BTreeSet<(String, &'static str)> {
    let mut cases = BTreeSet::new();
    let shapes = model["shapes"].as_object().into_iter().flatten();
    for (_, shape) in shapes {
        for (trait_id, kind) in [
            ("smithy.test#httpRequestTests", "request"),
            ("smithy.test#httpResponseTests", "response"),
        ] {
            let list = shape["traits"][trait_id].as_array().into_iter().flatten();
            for case in list {
                if case["protocol"] == protocol && case["appliesTo"] != "server" {
                    let id = case["id"].as_str().unwrap_or_default().to_owned();
                    cases.insert((id, kind));
                }
            }
        }
    }
    cases
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Request => "request",
        Kind::Response => "response",
    }
}

/// Runs `cases` of the protocol called `name` against the cases the model
/// has (`in_model`), prints the pass count, and panics when a case fails
/// that `skip_list` (the text of its skip file, `skip_file`) does not
/// name, or one it names passes.
pub fn check(
    name: &str,
    cases: &[Case],
    in_model: &BTreeSet<(String, &'static str)>,
    skip_file: &str,
    skip_list: &str,
) {
    let outcome = crate::run(cases);
    let mut failed: Vec<(String, String)> = outcome
        .failed
        .iter()
        .map(|(id, kind, why)| (format!("{id} ({})", kind_name(*kind)), why.clone()))
        .collect();
    let generated: BTreeSet<(String, &'static str)> = cases
        .iter()
        .map(|c| (c.id.to_owned(), kind_name(c.kind)))
        .collect();
    for (id, kind) in in_model.difference(&generated) {
        failed.push((format!("{id} ({kind})"), "no case was generated".to_owned()));
    }
    let extra: Vec<_> = generated.difference(in_model).collect();
    assert!(
        extra.is_empty(),
        "cases generated that the model does not have: {extra:?}"
    );

    let skips = skip::parse(skip_list).unwrap_or_else(|e| panic!("{skip_file}: {e}"));
    let listed: BTreeSet<&str> = skips.iter().map(|s| s.id.as_str()).collect();
    let failed_ids: BTreeSet<&str> = failed
        .iter()
        .map(|(id, _)| id.split(" (").next().unwrap_or(id))
        .collect();
    let total = in_model.len();
    let passed = total - failed.len();
    for (id, why) in &failed {
        println!("FAIL {id}: {}", why.replace('\n', "\n    "));
    }
    let requests = in_model.iter().filter(|(_, k)| *k == "request").count();
    println!(
        "{passed} of {total} {name} client cases pass ({requests} request and {} response cases in the suite; {} listed as expected to fail)",
        total - requests,
        skips.len()
    );
    let unlisted: Vec<&&str> = failed_ids.difference(&listed).collect();
    let fixed: Vec<&&str> = listed.difference(&failed_ids).collect();
    assert!(
        unlisted.is_empty(),
        "{name}: cases failed that {skip_file} does not list: {unlisted:?}"
    );
    assert!(
        fixed.is_empty(),
        "{name}: cases listed in {skip_file} pass now (or are gone): take them off the list: {fixed:?}"
    );
}
