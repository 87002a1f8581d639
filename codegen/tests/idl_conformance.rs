//! Smithy's own IDL loader tests (`$SMITHY_SHARED_DIR/smithy/idl-tests`):
//! every valid `X.smithy` loads to the document its `X.json` loads to (and,
//! flattened, to what `X.flattened.smithy` gives), and every invalid file
//! is refused with an error naming the file, line and column.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::smithy_dir;

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

/// The model as a JSON value, as Smithy's semantic model sees it: every
/// shape with what its mixins give (mixin shapes kept, unless `flatten`),
/// and what the JSON AST may write either way made one way: empty
/// `members`, `traits` and `errors` left out, operation input and output
/// `smithy.api#Unit` when absent, the version aside.
fn document(paths: &[PathBuf], flatten: bool) -> Result<Value, String> {
    let mut doc = smithy_codegen::model::load_document(paths).map_err(|e| e.to_string())?;
    let file = paths.first().cloned().unwrap_or_default();
    smithy_codegen::model::flatten_document(&mut doc, &file, !flatten)
        .map_err(|e| e.to_string())?;
    let mut value = doc.to_value();
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
    let is_operation = shape.get("type").and_then(Value::as_str) == Some("operation");
    let Some(object) = shape.as_object_mut() else {
        return;
    };
    for key in ["members", "traits"] {
        if object
            .get(key)
            .and_then(Value::as_object)
            .is_some_and(|o| o.is_empty())
        {
            object.remove(key);
        }
    }
    if object
        .get("errors")
        .and_then(Value::as_array)
        .is_some_and(|a| a.is_empty())
    {
        object.remove("errors");
    }
    if is_operation {
        for key in ["input", "output"] {
            object
                .entry(key)
                .or_insert_with(|| serde_json::json!({"target": "smithy.api#Unit"}));
        }
    }
}

/// Valid cases that do not load to their JSON, and why.
const VALID_EXCEPTIONS: &[(&str, &str)] = &[(
    "traits.smithy",
    "its trait values 1.7976931348623157E+309 and 2E+308 are beyond a 64-bit float: neither \
     its JSON nor its IDL can be held in a serde_json number without `arbitrary_precision` \
     (both are refused with the position of the number); the rest of the file loads to its \
     JSON",
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
                document(std::slice::from_ref(smithy), false),
                document(std::slice::from_ref(&json), false),
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
                document(std::slice::from_ref(smithy), true),
                document(std::slice::from_ref(&flattened), true),
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
const INVALID_EXCEPTIONS: &[(&str, &str)] = &[
    ("elided-property-type-conflicts.smithy", MIXIN_CONFLICT),
    ("elided-type-conflicts.smithy", MIXIN_CONFLICT),
    ("member-mixin-conflict-1.smithy", MIXIN_CONFLICT),
    ("member-mixin-conflict-2.smithy", MIXIN_CONFLICT),
    (
        "mix-types.smithy",
        "a mixin of another shape type is found when mixins are flattened, on the merged \
         JSON AST (the error names the file, the shape and the JSON path of the mixin)",
    ),
    (
        "properties-v2-only.json",
        "a JSON AST file of Smithy 1.0: the generator refuses 1.0 models outright; reading \
         one anyway (as this test does) does not check 1.0's rules",
    ),
];

const MIXIN_CONFLICT: &str = "a member whose target differs from the mixin member it \
    redefines is found when mixins are flattened, on the merged JSON AST, which has no \
    positions: the error names the file, the shape and both members";

/// Loads `file` as the generator would, except that Smithy 1.0 files are
/// read too (the generator refuses them outright, which would hide the
/// error each case is about).
fn load_any_version(file: &Path) -> Result<(), smithy_codegen::Error> {
    let paths = [file.to_owned()];
    let mut doc = smithy_codegen::model::load_document(&paths)?;
    smithy_codegen::model::flatten_document(&mut doc, file, false)?;
    doc.insert(
        "smithy",
        smithy_codegen::model::Node::String("2.0".to_owned()),
    );
    smithy_codegen::model::parse(&doc.to_json(), file).map(|_| ())
}

/// The line of `Syntax error at line N` in the case's first comment.
fn expected_line(file: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    let rest = text.lines().next()?.split("at line ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn invalid_idl_files_are_refused_with_a_position() {
    let Some(dir) = smithy_dir() else { return };
    let mut all = Vec::new();
    files(&dir.join("idl-tests/invalid"), &mut all);
    let mut cases = 0;
    let mut passed = 0;
    let (mut with_line, mut same_line) = (0, 0);
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
        let prefix = format!("{}:", file.display());
        let problem = match load_any_version(file) {
            Ok(()) => Some("is accepted".to_owned()),
            Err(e) => {
                let message = e.to_string();
                let rest = message.strip_prefix(&prefix).unwrap_or("");
                let mut parts = rest.splitn(3, ':');
                let line = parts.next().and_then(|l| l.parse::<usize>().ok());
                let column = parts.next().and_then(|c| c.parse::<usize>().ok());
                if let (Some(line), Some(expected)) = (line, expected_line(file)) {
                    with_line += 1;
                    if line == expected {
                        same_line += 1;
                    } else {
                        failures.push(format!(
                            "{}: the error is on line {line}, Smithy's on line {expected}: {message}",
                            file.display()
                        ));
                    }
                }
                match (line, column) {
                    (Some(_), Some(_)) => None,
                    _ => Some(format!("is refused without a line and column: {message}")),
                }
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
         checks beyond loading); {same_line} of {with_line} syntax errors on Smithy's line",
        INVALID_EXCEPTIONS.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A cheap stand-in for the `idl` fuzz target, run on every test run: each
/// valid case cut short and with bytes replaced (at positions from a fixed
/// pseudo-random sequence) is read without a panic.
#[test]
fn damaged_idl_files_are_errors_not_panics() {
    let Some(dir) = smithy_dir() else { return };
    let mut all = Vec::new();
    files(&dir.join("idl-tests/valid"), &mut all);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let replacements: &[&str] = &[
        "", "{", "}", "\"", "\"\"\"", "\\u", "$", "@", ":=", "\n", "with [", "#", "//", "=",
        "9e999",
    ];
    let mut runs = 0;
    for file in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "smithy"))
    {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for _ in 0..20 {
            let mut damaged = text.clone();
            let at = (next() as usize) % (damaged.len() + 1);
            let at = (0..=at)
                .rev()
                .find(|i| damaged.is_char_boundary(*i))
                .unwrap_or(0);
            let end = (at + (next() as usize) % 8).min(damaged.len());
            let end = (end..=damaged.len())
                .find(|i| damaged.is_char_boundary(*i))
                .unwrap_or(at);
            let with = replacements[(next() as usize) % replacements.len()];
            damaged.replace_range(at..end, with);
            let _ = smithy_codegen::model::parse_idl(&damaged, file);
            let _ = smithy_codegen::model::parse_idl(&damaged[..at], file);
            runs += 2;
        }
    }
    println!("{runs} damaged IDL files read without a panic");
}
