//! The corpus test: every AWS model in `../shared/models/` (161, all
//! restJson1) and every model in `../shared/models-other/` (114 of the other
//! protocols: awsJson1_0, awsJson1_1, awsQuery, restXml) whose protocol this
//! generator covers generates, and the generated crates compile without a
//! warning.
//!
//! 1. Every model's crate is generated into `target/corpus/<model file
//!    stem>/` (a stable folder, so that builds are incremental from run to
//!    run; files whose content did not change are not touched). Any model
//!    that fails to generate (or makes the generator panic) fails the test,
//!    listed with its error; except a model whose every protocol is in
//!    [`NOT_COVERED`] (restXml), which the generator is expected to refuse
//!    with its "not supported yet" error: it is listed as not supported
//!    yet, not counted as a failure (and a model of those protocols that
//!    does generate fails the test, so that the list does not go stale).
//! 2. The selected crates that generated are made into one workspace,
//!    `target/corpus/Cargo.toml`, with the repository's `Cargo.lock`, and
//!    `cargo clippy --offline --workspace --lib --bins --all-features
//!    --keep-going -- -D warnings` runs on it (which type-checks too, with
//!    the default `https` feature and the `cli` program; a generated crate
//!    has no other targets) into `target/generated-crates/`. Any error or
//!    warning fails the test, with a summary of the diagnostics by kind and
//!    by crate and the first of each kind; the full compiler output is in
//!    `target/corpus/clippy.log`.
//!
//! Which crates are compiled is chosen by `SMITHY_CORPUS`:
//! - unset or `subset` (what CI runs): the fixed subsets of
//!   `tests/corpus/subset.txt` (40 restJson1 models) and
//!   `tests/corpus/subset-other.txt` (models of the other protocols), which
//!   together use every feature their corpus uses (see
//!   `tests/corpus/README.md`);
//! - `all`: every model that generated;
//! - a comma-separated list of model file stems and protocol names (e.g.
//!   `awsJson1_0,awsJson1_1` or `dynamodb-2012-08-10`): those models.
//!
//! Generation always covers every model of both folders. The test prints,
//! for each protocol, `N of N models generated` and `N of N models
//! generated and compiled`.
//!
//! Time budget, measured on the 2 shared cores of the development machine
//! with other builds running (load 2 to 9): generating all 161 restJson1
//! models takes 60–255 s in the test's debug build (2 threads; the release
//! CLI does them in 66 s on one; 122 s at load 4), all 275 of both
//! folders 248 s at load 4 and 490 s at load 8; the restJson1 subset's clippy 104 s from scratch
//! (the state of a fresh CI clone, `smithy-runtime`'s dependencies
//! included) at load 2–3, up to 9 min at load 5–6, and under a second when
//! nothing changed; the 20 crates of `subset-other.txt` add 350 s at load
//! 5–9 (142 s of CPU), and the whole CI run of this test (both subsets,
//! dependencies built) took 528 s at load 4. CI (`.ci/run`, about 4 min
//! without this test) stays under 40 minutes: the clippy run is killed,
//! and the test fails, after [`SUBSET_DEADLINE`] (20 min). Every restJson1
//! model (`SMITHY_CORPUS=all`, 157 crates, 113 MB of source) took 86 s to
//! generate and 20 min to compile from scratch; the 111 awsJson and
//! awsQuery models of `models-other` (76 MB of source) 34 min at load 7,
//! dependencies built. A run other than the CI subsets' is bounded by
//! [`ALL_DEADLINE`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use smithy_codegen::Config;

/// The restJson1 models CI compiles, one file stem a line (`#` starts a
/// comment).
const SUBSET: &str = include_str!("../corpus/subset.txt");
/// The models of the other protocols CI compiles, in the same format.
const SUBSET_OTHER: &str = include_str!("../corpus/subset-other.txt");
/// The fewest models `subset.txt` may hold.
const MIN_SUBSET: usize = 40;
/// The corpus folders under `../shared`: the restJson1 models, then the
/// models of the other protocols.
const CORPORA: &[&str] = &["models", "models-other"];
/// The protocol traits the test knows (`aws.protocols#<name>`), in the
/// order the generator prefers them when a service declares several.
const PROTOCOLS: &[&str] = &[
    "restJson1",
    "awsJson1_0",
    "awsJson1_1",
    "restXml",
    "awsQuery",
    "ec2Query",
];
/// Protocols this issue does not cover: a model whose every protocol is
/// one of these is expected to be refused ("not supported yet"), is listed
/// as such, and is not a failure.
const NOT_COVERED: &[&str] = &["restXml"];
/// The longest the CI subset's clippy run may take.
const SUBSET_DEADLINE: Duration = Duration::from_secs(20 * 60);
/// The longest any other clippy run (every model, a protocol, a list) may
/// take.
const ALL_DEADLINE: Duration = Duration::from_secs(3 * 60 * 60);
/// At most this many diagnostic kinds are shown in full in a failure.
const SHOWN_KINDS: usize = 25;
/// At most this many distinct messages listed for each kind.
const MESSAGES_PER_KIND: usize = 5;
/// At most this many lines of each diagnostic shown in full.
const SHOWN_LINES: usize = 40;

/// One model of the corpus.
struct Model {
    /// The file name without `.json`, e.g. `accessanalyzer-2019-11-01`.
    stem: String,
    path: PathBuf,
    /// The generated crate's package name (and folder under `target/corpus`).
    package: String,
    /// The protocols its service declares, in [`PROTOCOLS`]' order.
    protocols: Vec<&'static str>,
    /// The folder under `../shared` it is in (one of [`CORPORA`]).
    corpus: &'static str,
}

impl Model {
    /// The protocol the model is counted under: the first it declares that
    /// the generator is expected to support, else the first it declares,
    /// else `(none)`.
    fn protocol(&self) -> &'static str {
        self.protocols
            .iter()
            .copied()
            .find(|p| !expected_unsupported(p))
            .or_else(|| self.protocols.first().copied())
            .unwrap_or("(none)")
    }

    /// Whether every protocol the model declares is one the generator is
    /// expected to refuse (so a refusal is not a failure).
    fn expected_unsupported(&self) -> bool {
        !self.protocols.is_empty() && self.protocols.iter().all(|p| expected_unsupported(p))
    }
}

/// Whether `protocol` is in [`NOT_COVERED`].
fn expected_unsupported(protocol: &str) -> bool {
    NOT_COVERED.contains(&protocol)
}

/// The protocol traits the service of the model at `path` declares, in
/// [`PROTOCOLS`]' order.
fn declared_protocols(path: &Path) -> Result<Vec<&'static str>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let shapes = json["shapes"]
        .as_object()
        .ok_or_else(|| format!("{}: no shapes", path.display()))?;
    let mut found = Vec::new();
    for shape in shapes.values().filter(|s| s["type"] == "service") {
        for &protocol in PROTOCOLS {
            if shape["traits"]
                .get(format!("aws.protocols#{protocol}"))
                .is_some()
                && !found.contains(&protocol)
            {
                found.push(protocol);
            }
        }
    }
    found.sort_by_key(|p| PROTOCOLS.iter().position(|q| q == p));
    Ok(found)
}

/// A valid, unique Cargo package name for a model file stem: ASCII letters,
/// digits, `-` and `_` kept (lower-cased), anything else becomes `-`, and a
/// name that does not start with a letter gets an `m-` prefix.
fn package_name(stem: &str) -> String {
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("m-{name}")
    }
}

/// The `*.json` files of `dir`, sorted by name, with their protocols.
fn list_models(dir: &Path, corpus: &'static str) -> Result<Vec<Model>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut models: Vec<Model> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            Some((stem, path))
        })
        .map(|(stem, path)| {
            Ok(Model {
                package: package_name(&stem),
                protocols: declared_protocols(&path)?,
                corpus,
                stem,
                path,
            })
        })
        .collect::<Result<_, String>>()?;
    models.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(models)
}

/// The model stems of a subset file's text.
fn subset(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Which models to compile.
enum Selection {
    /// The CI subsets, `subset.txt` and `subset-other.txt`.
    Subset,
    /// Every model.
    All,
    /// The named models (file stems) and every model of the named
    /// protocols.
    Named(Vec<String>),
}

impl Selection {
    /// From `SMITHY_CORPUS`.
    fn from_env() -> Selection {
        let wanted = std::env::var("SMITHY_CORPUS").unwrap_or_default();
        match wanted.trim() {
            "" | "subset" => Selection::Subset,
            "all" => Selection::All,
            list => Selection::Named(
                list.split(',')
                    .map(|s| s.trim().trim_end_matches(".json").to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        }
    }

    fn describe(&self) -> String {
        match self {
            Selection::Subset => {
                "the subsets of tests/corpus/subset.txt and subset-other.txt".to_owned()
            }
            Selection::All => "every model".to_owned(),
            Selection::Named(names) => format!("SMITHY_CORPUS={}", names.join(",")),
        }
    }

    /// Whether `model` is selected.
    fn selects(&self, model: &Model) -> bool {
        match self {
            Selection::Subset => {
                subset(SUBSET).contains(&model.stem.as_str())
                    || subset(SUBSET_OTHER).contains(&model.stem.as_str())
            }
            Selection::All => true,
            Selection::Named(names) => names
                .iter()
                .any(|n| *n == model.stem || model.protocols.contains(&n.as_str())),
        }
    }

    /// The names it lists that are neither a model of `models` nor a
    /// protocol.
    fn unknown(&self, models: &[Model]) -> Vec<String> {
        let other_present = models.iter().any(|m| m.corpus == CORPORA[1]);
        let names: Vec<&str> = match self {
            // `subset-other.txt` is checked only when its folder is there.
            Selection::Subset => subset(SUBSET)
                .into_iter()
                .chain(subset(SUBSET_OTHER).into_iter().filter(|_| other_present))
                .collect(),
            Selection::All => Vec::new(),
            Selection::Named(names) => names.iter().map(String::as_str).collect(),
        };
        names
            .into_iter()
            .filter(|n| !PROTOCOLS.contains(n) && !models.iter().any(|m| m.stem == *n))
            .map(str::to_owned)
            .collect()
    }
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

/// Generates every model's crate into `out/<package>`, on as many threads
/// as there are cores. Returns each model's error, by index.
fn generate_all(models: &[Model], out: &Path, runtime: &str) -> BTreeMap<usize, String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(BTreeMap::new());
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(models.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(model) = models.get(i) else { break };
                    let dir = out.join(&model.package);
                    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        Config::new()
                            .model(&model.path)
                            .crate_name(&model.package)
                            .runtime_path(runtime)
                            .write_crate(&dir)
                    }));
                    let error = match result {
                        Ok(Ok(())) => continue,
                        // The message starts with the model's path: shown
                        // once per model already.
                        Ok(Err(e)) => {
                            let message = e.to_string();
                            let path = model.path.display().to_string();
                            match message.strip_prefix(&path) {
                                Some(rest) => rest.trim_start().to_owned(),
                                None => message,
                            }
                        }
                        Err(panic) => format!("the generator panicked: {}", panic_message(&*panic)),
                    };
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(i, error);
                }
            });
        }
    });
    failures.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Writes `content` to `path` unless it already holds exactly that.
fn write_if_changed(path: &Path, content: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What a cargo run left: its exit status (`None` when it was killed at the
/// deadline), its stdout and stderr.
struct CargoRun {
    success: Option<bool>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `cargo args` in `dir`, killing it after `deadline`.
fn run_cargo(
    dir: &Path,
    target_dir: &Path,
    args: &[&str],
    deadline: Duration,
) -> Result<CargoRun, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let mut command = Command::new(&cargo);
    // Its own process group, so that at the deadline cargo and every rustc
    // it started can be killed together.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", cargo.to_string_lossy()))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            let _ = send.send(String::from_utf8_lossy(&bytes).into_owned());
        });
        receive
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let success = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status.success()),
            Ok(None) if start.elapsed() < deadline => {
                std::thread::sleep(Duration::from_millis(250));
            }
            Ok(None) => {
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Err(e) => return Err(format!("cannot wait for cargo: {e}")),
        }
    };
    // The pipes close when cargo and its children are gone; should a
    // straggler hold one open, what was read so far is not waited for long.
    let collect = |receive: std::sync::mpsc::Receiver<String>| {
        receive
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| "(output not collected: the pipe stayed open)".to_owned())
    };
    Ok(CargoRun {
        success,
        stdout: collect(stdout),
        stderr: collect(stderr),
        elapsed: start.elapsed(),
    })
}

/// One compiler diagnostic, from cargo's JSON messages.
struct Diagnostic {
    /// The package (folder under `target/corpus`) it is in.
    package: String,
    level: String,
    /// The lint or error code with the message, backquoted parts elided:
    /// what diagnostics are grouped by.
    kind: String,
    /// The first line of the message, as it is.
    message: String,
    rendered: String,
}

/// `message` with every `` `…` `` part elided, so that one kind of problem
/// on different names groups together.
fn elide_quoted(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
        .collect::<Vec<_>>()
        .join("`")
}

/// The package (folder under `target/corpus`) a cargo JSON message is about.
fn message_package(value: &Value) -> String {
    value["manifest_path"]
        .as_str()
        .map(Path::new)
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map_or_else(
            || "?".to_owned(),
            |name| name.to_string_lossy().into_owned(),
        )
}

/// From cargo's `--message-format=json` output: the errors and warnings,
/// without rustc's closing counts, each once per package; and the packages
/// whose library was checked (with or without errors).
fn parse_messages(stdout: &str) -> (Vec<Diagnostic>, BTreeSet<String>) {
    let mut found = Vec::new();
    let mut checked = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if value["reason"] == "compiler-artifact"
            && value["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "lib"))
        {
            checked.insert(message_package(&value));
            continue;
        }
        if value["reason"] != "compiler-message" {
            continue;
        }
        let message = &value["message"];
        let level = message["level"].as_str().unwrap_or("").to_owned();
        if level != "error" && level != "warning" {
            continue;
        }
        let text = message["message"].as_str().unwrap_or("");
        let spans = message["spans"].as_array().map_or(0, Vec::len);
        if spans == 0
            && (text.starts_with("aborting due to")
                || text.ends_with("warnings emitted")
                || text.ends_with("warning emitted"))
        {
            continue;
        }
        let package = message_package(&value);
        let code = message["code"]["code"].as_str().unwrap_or("");
        let first_line = text.lines().next().unwrap_or("");
        let kind = if code.is_empty() {
            elide_quoted(first_line)
        } else {
            format!("[{code}] {}", elide_quoted(first_line))
        };
        let rendered = message["rendered"].as_str().unwrap_or(text).to_owned();
        // A library's diagnostics come again for its test target.
        if !seen.insert((package.clone(), rendered.clone())) {
            continue;
        }
        found.push(Diagnostic {
            package,
            level,
            kind,
            message: first_line.to_owned(),
            rendered,
        });
    }
    (found, checked)
}

/// A readable account of the diagnostics: counts by kind (with the crates),
/// by crate, and the first diagnostic of each kind.
fn summarize(diagnostics: &[Diagnostic]) -> String {
    struct Kind<'a> {
        count: usize,
        packages: BTreeSet<&'a str>,
        messages: BTreeMap<&'a str, usize>,
        first: &'a Diagnostic,
    }
    let mut by_kind: BTreeMap<&str, Kind> = BTreeMap::new();
    let mut by_package: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let kind = by_kind.entry(d.kind.as_str()).or_insert(Kind {
            count: 0,
            packages: BTreeSet::new(),
            messages: BTreeMap::new(),
            first: d,
        });
        kind.count += 1;
        kind.packages.insert(&d.package);
        *kind.messages.entry(&d.message).or_default() += 1;
        let counts = by_package.entry(&d.package).or_default();
        if d.level == "error" {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    let mut kinds: Vec<(&str, Kind)> = by_kind.into_iter().collect();
    kinds.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let mut out = format!(
        "{} diagnostics of {} kinds in {} crates\n\nby kind (count, crates, the commonest messages):\n",
        diagnostics.len(),
        kinds.len(),
        by_package.len()
    );
    for (name, kind) in &kinds {
        let names: Vec<&str> = kind.packages.iter().copied().collect();
        let shown = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
        let more = if names.len() > 8 {
            format!(", … ({} crates)", names.len())
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {:>6}  {name}\n          in {shown}{more}\n",
            kind.count
        ));
        if kind.messages.len() > 1 {
            let mut messages: Vec<(&&str, &usize)> = kind.messages.iter().collect();
            messages.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (message, count) in messages.iter().take(MESSAGES_PER_KIND) {
                out.push_str(&format!("          {count:>5} × {message}\n"));
            }
            if messages.len() > MESSAGES_PER_KIND {
                out.push_str(&format!(
                    "          [… {} more distinct messages]\n",
                    messages.len() - MESSAGES_PER_KIND
                ));
            }
        }
    }
    out.push_str("\nby crate (errors, warnings):\n");
    for (package, (errors, warnings)) in &by_package {
        out.push_str(&format!(
            "  {package}: {errors} errors, {warnings} warnings\n"
        ));
    }
    out.push_str("\nthe first diagnostic of each kind:\n");
    for (name, kind) in kinds.iter().take(SHOWN_KINDS) {
        out.push_str(&format!("\n--- {name} (in {})\n", kind.first.package));
        let lines: Vec<&str> = kind.first.rendered.lines().collect();
        for line in lines.iter().take(SHOWN_LINES) {
            out.push_str(line);
            out.push('\n');
        }
        if lines.len() > SHOWN_LINES {
            out.push_str(&format!("[… {} more lines]\n", lines.len() - SHOWN_LINES));
        }
    }
    if kinds.len() > SHOWN_KINDS {
        out.push_str(&format!("\n[… {} more kinds]\n", kinds.len() - SHOWN_KINDS));
    }
    out
}

/// How the models of one protocol fared.
#[derive(Default)]
struct Tally {
    total: usize,
    generated: usize,
    /// Refused as expected: the models' stems.
    unsupported: Vec<String>,
    selected: usize,
    compiled: usize,
}

#[test]
fn every_model_generates_and_its_crate_compiles_without_warnings() {
    let Some(shared) = smithy_tests::shared_dir() else {
        return;
    };
    let mut models = Vec::new();
    for &corpus in CORPORA {
        let dir = shared.join(corpus);
        if !dir.is_dir() {
            println!(
                "no {corpus} folder at {}: skipping its models",
                dir.display()
            );
            continue;
        }
        let found = list_models(&dir, corpus).unwrap_or_else(|e| panic!("{e}"));
        assert!(!found.is_empty(), "{} holds no *.json model", dir.display());
        models.extend(found);
    }
    if models.is_empty() {
        return;
    }
    models.sort_by(|a, b| a.stem.cmp(&b.stem));
    let packages: BTreeSet<&str> = models.iter().map(|m| m.package.as_str()).collect();
    assert_eq!(
        packages.len(),
        models.len(),
        "two models map to one package name"
    );
    let total = models.len();

    // Which models to compile, checked before spending time on anything.
    let selection = Selection::from_env();
    let described = selection.describe();
    let unknown = selection.unknown(&models);
    assert!(
        unknown.is_empty(),
        "{described}: no model (or protocol) is named {unknown:?}"
    );
    if matches!(selection, Selection::Subset) {
        assert!(
            subset(SUBSET).len() >= MIN_SUBSET,
            "tests/corpus/subset.txt lists {} models, fewer than {MIN_SUBSET}",
            subset(SUBSET).len()
        );
    }
    let selected: Vec<usize> = (0..total)
        .filter(|&i| selection.selects(&models[i]))
        .collect();

    // (a) Generate every model.
    let root = smithy_tests::repo_root();
    let runtime = std::fs::canonicalize(root.join("runtime"))
        .unwrap_or_else(|e| panic!("the runtime folder {}: {e}", root.join("runtime").display()));
    let runtime = runtime
        .to_str()
        .expect("the runtime path is UTF-8")
        .to_owned();
    let corpus = root.join("target").join("corpus");
    std::fs::create_dir_all(&corpus)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", corpus.display()));
    let start = Instant::now();
    let outcomes = generate_all(&models, &corpus, &runtime);
    println!(
        "{} of {total} models generated in {:.1} s (into {})",
        total - outcomes.len(),
        start.elapsed().as_secs_f64(),
        corpus.display()
    );
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut not_generated = BTreeSet::new();
    let mut failures = Vec::new();
    for (i, model) in models.iter().enumerate() {
        let tally = tallies.entry(model.protocol()).or_default();
        tally.total += 1;
        match (outcomes.get(&i), model.expected_unsupported()) {
            (None, false) => tally.generated += 1,
            (None, true) => {
                tally.generated += 1;
                failures.push(format!(
                    "  {}: generated, but its protocols {:?} are listed as not supported \
                     (NOT_COVERED in tests/tests/corpus.rs): remove them\n",
                    model.stem, model.protocols
                ));
            }
            (Some(error), true)
                if model
                    .protocols
                    .iter()
                    .any(|p| error.contains(&format!("protocol {p} is not supported yet"))) =>
            {
                not_generated.insert(i);
                tally.unsupported.push(model.stem.clone());
            }
            (Some(error), _) => {
                not_generated.insert(i);
                failures.push(format!("  {}: {error}\n", model.stem));
            }
        }
    }
    let mut report = String::new();
    if !failures.is_empty() {
        report.push_str(&format!(
            "generation failed for {} of {total} models:\n",
            failures.len()
        ));
        for failure in &failures {
            report.push_str(failure);
        }
    }

    // (b) Compile the selected crates that generated as one workspace.
    let to_build: Vec<&Model> = selected
        .iter()
        .filter(|i| !not_generated.contains(i))
        .map(|&i| &models[i])
        .collect();
    // Counted: the selected models not refused as expected.
    for &i in &selected {
        let model = &models[i];
        let tally = tallies.entry(model.protocol()).or_default();
        if !tally.unsupported.contains(&model.stem) {
            tally.selected += 1;
        }
    }
    let clean: BTreeSet<&str> = if to_build.is_empty() {
        BTreeSet::new()
    } else {
        let mut manifest = String::from(
            "# Written by tests/tests/corpus.rs: the generated crates it compiles.\n\
             [workspace]\nresolver = \"3\"\nmembers = [\n",
        );
        for model in &to_build {
            manifest.push_str(&format!("    {:?},\n", model.package));
        }
        manifest.push_str("]\n");
        write_if_changed(&corpus.join("Cargo.toml"), &manifest).unwrap_or_else(|e| panic!("{e}"));
        // The repository's lock file: the versions (and the downloaded
        // crates) the repository uses.
        std::fs::copy(root.join("Cargo.lock"), corpus.join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("cannot copy Cargo.lock into {}: {e}", corpus.display()));
        let deadline = if matches!(selection, Selection::Subset) {
            SUBSET_DEADLINE
        } else {
            ALL_DEADLINE
        };
        let target_dir = smithy_tests::generated_crates_target();
        let args = [
            "clippy",
            "--offline",
            "--workspace",
            // The library and the `cli` program: a generated crate has no
            // other targets (`--all-targets` would only check both again
            // as test harnesses, doubling the time).
            "--lib",
            "--bins",
            "--all-features",
            "--keep-going",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ];
        let run =
            run_cargo(&corpus, &target_dir, &args, deadline).unwrap_or_else(|e| panic!("{e}"));
        let log = corpus.join("clippy.log");
        let _ = std::fs::write(&log, format!("{}\n{}", run.stderr, run.stdout));
        let (found, checked) = parse_messages(&run.stdout);
        println!(
            "cargo clippy over {} crates ({described}) took {:.1} s",
            to_build.len(),
            run.elapsed.as_secs_f64()
        );
        // A crate is clean when its library was checked without a
        // diagnostic.
        let flagged: BTreeSet<&str> = found.iter().map(|d| d.package.as_str()).collect();
        let clean: BTreeSet<&str> = to_build
            .iter()
            .map(|m| m.package.as_str())
            .filter(|p| checked.contains(*p) && !flagged.contains(p))
            .collect();
        if run.success != Some(true) || !found.is_empty() || clean.len() != to_build.len() {
            let failed: BTreeSet<&str> = found
                .iter()
                .filter(|d| d.level == "error")
                .map(|d| d.package.as_str())
                .collect();
            let how = match run.success {
                None => format!("was killed after {} s", deadline.as_secs()),
                Some(true) if found.is_empty() => {
                    "succeeded without checking every crate".to_owned()
                }
                Some(true) => "succeeded with warnings".to_owned(),
                Some(false) => "failed".to_owned(),
            };
            report.push_str(&format!(
                "\n`cargo {}` in {} {how}; {} of {} crates have errors; the full output is in {}\n",
                args.join(" "),
                corpus.display(),
                failed.len(),
                to_build.len(),
                log.display()
            ));
            if found.is_empty() {
                let tail: Vec<&str> = run.stderr.lines().rev().take(60).collect();
                report.push_str("cargo's output ends with:\n");
                for line in tail.into_iter().rev() {
                    report.push_str(line);
                    report.push('\n');
                }
            } else {
                report.push_str(&summarize(&found));
            }
        }
        clean
    };
    for model in &to_build {
        if clean.contains(model.package.as_str()) {
            tallies.entry(model.protocol()).or_default().compiled += 1;
        }
    }

    // Per protocol, in the generator's order of preference.
    let mut lines = String::new();
    let order = |p: &&str| {
        PROTOCOLS
            .iter()
            .position(|q| q == p)
            .unwrap_or(PROTOCOLS.len())
    };
    let mut protocols: Vec<&&str> = tallies.keys().collect();
    protocols.sort_by_key(|p| order(p));
    for protocol in protocols {
        let tally = &tallies[*protocol];
        if !tally.unsupported.is_empty() {
            lines.push_str(&format!(
                "{protocol}: not supported yet: {} models ({})\n",
                tally.unsupported.len(),
                tally.unsupported.join(", ")
            ));
        }
        let expected = tally.total - tally.unsupported.len();
        if expected > 0 {
            lines.push_str(&format!(
                "{protocol}: {} of {expected} models generated\n",
                tally.generated
            ));
            lines.push_str(&format!(
                "{protocol}: {} of {} models generated and compiled ({described})\n",
                tally.compiled, tally.selected
            ));
        }
    }
    assert!(report.is_empty(), "{lines}\n{report}");
    print!("{lines}");
}
