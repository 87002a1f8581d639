//! Smithy's own IDL loader tests (`$SMITHY_SHARED_DIR/smithy/idl-tests`):
//! every valid `X.smithy` loads to the document its `X.json` loads to (and,
//! flattened, to what `X.flattened.smithy` gives), and every invalid file
//! is refused with an error naming the file, line and column.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `$SMITHY_SHARED_DIR/smithy`, else `../shared/smithy` beside the
/// repository; `None` (said on a line) when absent.
fn smithy_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let dir = shared.join("smithy");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "{} not found (set SMITHY_SHARED_DIR): skipping",
            dir.display()
        );
        None
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The model as a JSON value, with what the JSON AST may write either way
/// made one way: empty `members` and `traits` objects left out, the
/// version aside.
fn document(paths: &[PathBuf], flatten: bool) -> Result<Value, String> {
    let text = smithy_codegen::model::convert(paths, flatten).map_err(|e| e.to_string())?;
    let mut value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(object) = value.as_object_mut() {
        object.remove("smithy");
    }
    if let Some(shapes) = value.get_mut("shapes").and_then(Value::as_object_mut) {
        for shape in shapes.values_mut() {
            normalize(shape);
            for member in shape
                .get_mut("members")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                normalize(member);
            }
        }
    }
    Ok(value)
}

fn normalize(shape: &mut Value) {
    if let Some(object) = shape.as_object_mut() {
        for key in ["members", "traits"] {
            if object
                .get(key)
                .and_then(Value::as_object)
                .is_some_and(|o| o.is_empty())
            {
                object.remove(key);
            }
        }
    }
}

/// Valid cases that do not load to their JSON, and why.
const VALID_EXCEPTIONS: &[(&str, &str)] = &[(
    "traits.smithy",
    "uses the number 1.7976931348623157E+309, beyond a 64-bit float: neither its JSON nor its \
     IDL can be held in a serde_json number without `arbitrary_precision`",
)];

#[test]
fn valid_idl_files_load_to_their_json() {
    let Some(dir) = smithy_dir() else { return };
    let mut all = Vec::new();
    files(&dir.join("idl-tests/valid"), &mut all);
    let mut cases = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    for smithy in all.iter().filter(|p| {
        p.extension().is_some_and(|e| e == "smithy")
            && !p.to_string_lossy().ends_with(".flattened.smithy")
    }) {
        let name = smithy
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let json = smithy.with_extension("json");
        let flattened = smithy.with_extension("flattened.smithy");
        if !json.is_file() && !flattened.is_file() {
            continue;
        }
        cases += 1;
        let mut problems = Vec::new();
        if json.is_file() {
            match (
                document(&[smithy.clone()], false),
                document(&[json.clone()], false),
            ) {
                (Ok(a), Ok(b)) if a == b => {}
                (Ok(a), Ok(b)) => problems.push(format!(
                    "loads to\n{}\nbut its JSON to\n{}",
                    serde_json::to_string(&a).unwrap_or_default(),
                    serde_json::to_string(&b).unwrap_or_default()
                )),
                (a, b) => problems.push(format!("IDL: {:?}, JSON: {:?}", a.err(), b.err())),
            }
        }
        if flattened.is_file() {
            match (
                document(&[smithy.clone()], true),
                document(&[flattened.clone()], true),
            ) {
                (Ok(a), Ok(b)) if a == b => {}
                (Ok(a), Ok(b)) => problems.push(format!(
                    "flattens to\n{}\nnot to\n{}",
                    serde_json::to_string(&a).unwrap_or_default(),
                    serde_json::to_string(&b).unwrap_or_default()
                )),
                (a, b) => {
                    problems.push(format!("flattened: {:?}, expected: {:?}", a.err(), b.err()))
                }
            }
        }
        let excepted = VALID_EXCEPTIONS.iter().any(|(n, _)| *n == name);
        match (problems.is_empty(), excepted) {
            (true, false) => passed += 1,
            (true, true) => failures.push(format!(
                "{name}: passes now; remove it from VALID_EXCEPTIONS"
            )),
            (false, true) => {}
            (false, false) => {
                failures.push(format!("{}: {}", smithy.display(), problems.join("\n")))
            }
        }
    }
    println!(
        "{passed} of {cases} valid IDL cases load to their JSON ({} known exceptions)",
        VALID_EXCEPTIONS.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases > 50, "only {cases} cases found");
}

/// Invalid cases refused without a line and column (rules the Smithy tools
/// check on the whole model, after loading), or not refused, and why.
const INVALID_EXCEPTIONS: &[(&str, &str)] = &[];

#[test]
fn invalid_idl_files_are_refused_with_a_position() {
    let Some(dir) = smithy_dir() else { return };
    let mut all = Vec::new();
    files(&dir.join("idl-tests/invalid"), &mut all);
    let mut cases = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    for file in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "smithy" || e == "json"))
    {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        cases += 1;
        let outcome = smithy_codegen::model::load_all(&[file.clone()]);
        let prefix = format!("{}:", file.display());
        let problem = match outcome {
            Ok(_) => Some("is accepted".to_owned()),
            Err(e) => {
                let message = e.to_string();
                let rest = message.strip_prefix(&prefix).unwrap_or("");
                let mut parts = rest.splitn(3, ':');
                let positioned = parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
                    && parts.next().is_some_and(|c| c.parse::<usize>().is_ok());
                (!positioned).then(|| format!("is refused without a line and column: {message}"))
            }
        };
        let excepted = INVALID_EXCEPTIONS.iter().any(|(n, _)| *n == name);
        match (problem, excepted) {
            (None, false) => passed += 1,
            (None, true) => failures.push(format!(
                "{name}: passes now; remove it from INVALID_EXCEPTIONS"
            )),
            (Some(_), true) => {}
            (Some(problem), false) => failures.push(format!("{} {problem}", file.display())),
        }
    }
    println!(
        "{passed} of {cases} invalid IDL cases refused with file:line:column ({} listed as \
         checks beyond loading)",
        INVALID_EXCEPTIONS.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
