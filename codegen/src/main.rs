//! The `smithy-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: smithy-codegen generate --model PATH --out DIR [options]

Generates a Rust crate (Cargo.toml and src/) from a Smithy 2.0 model: JSON AST
(.json) or IDL (.smithy) files, or folders of them.

options:
  --model PATH          a model file or folder to read (required; repeatable:
                        the files are merged into one model)
  --out DIR             where to write the crate (required)
  --operation NAME      generate only this operation and the shapes it reaches
                        (repeatable; default: every operation)
  --service ID          the service, when the model defines several
  --runtime-path DIR    where the generated Cargo.toml finds smithy-runtime,
                        relative to DIR, for development (default: this
                        repository's runtime/ when run from a checkout, else
                        the runtime of this generator's version on crates.io)
  --runtime-version REQ the generated Cargo.toml depends on smithy-runtime
                        REQ (e.g. 0.1) from crates.io; smithy-config is not
                        published, so also give --config-path or
                        --no-smithy-config
  --crate-name NAME     the generated crate's name (default: from the sdkId)
  --runtime-crate PATH  the path generated code names the runtime by
                        (default ::smithy_runtime; `::NAME` makes Cargo.toml
                        depend on smithy-runtime as NAME)
  --no-smithy-config    Client::from_env and the program use the runtime's
                        settings alone (environment and static profile keys),
                        not smithy-config's default chain, and the crate does
                        not depend on smithy-config
  --config-path DIR     where the generated Cargo.toml finds smithy-config,
                        relative to DIR (default: config/ beside the runtime)

usage: smithy-codegen diff OLD NEW [options]

Reports what changed between two versions of a model, each change breaking
or compatible for code using the generated Rust API, and which change the
wire (the client must be regenerated).

options:
  --format text|json    the report's format (default: text)
  --operation NAME      only this operation and the shapes it reaches
                        (repeatable; default: every operation)
  --service ID          the service, when the models define several
  --docs                also list documentation-only changes (always counted)

OLD and NEW are each a model file (.json or .smithy) or a folder of them.

exit codes: 0 nothing breaking, 3 something breaking, 1 a model does not
load, 2 usage error.

usage: smithy-codegen convert PATH... --out FILE [--flatten]

Writes the model made of PATH... (files or folders, merged) as one Smithy JSON
AST, shapes and traits sorted, to FILE (`-` for standard output). With
--flatten, mixins are flattened into the shapes that use them.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Breaking) => ExitCode::from(3),
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Generate(error)) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

enum Outcome {
    Done,
    /// `diff` found a breaking change.
    Breaking,
}

enum Failure {
    Usage(String),
    Generate(smithy_codegen::Error),
}

fn run(args: &[String]) -> Result<Outcome, Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".to_owned()));
    };
    if command == "--help" || command == "-h" || command == "help" {
        print!("{USAGE}");
        return Ok(Outcome::Done);
    }
    match command.as_str() {
        "generate" => generate(rest).map(|()| Outcome::Done),
        "diff" => diff(rest),
        "convert" => convert(rest).map(|()| Outcome::Done),
        _ => Err(Failure::Usage(format!("unknown command {command:?}"))),
    }
}

fn diff(args: &[String]) -> Result<Outcome, Failure> {
    let mut options = smithy_codegen::diff::Options::new();
    let mut json = false;
    let mut files = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--format" => match value()?.as_str() {
                "text" => json = false,
                "json" => json = true,
                other => {
                    return Err(Failure::Usage(format!(
                        "unknown format {other:?} (expected text or json)"
                    )));
                }
            },
            "--operation" => options.operations.push(value()?),
            "--service" => options.service = Some(value()?),
            "--docs" => options.docs = true,
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option {flag:?}")));
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(Failure::Usage(format!(
            "diff takes two models, OLD and NEW ({} given)",
            files.len()
        )));
    };
    let report = smithy_codegen::diff::diff(old, new, &options).map_err(Failure::Generate)?;
    if json {
        print!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    Ok(if report.is_breaking() {
        Outcome::Breaking
    } else {
        Outcome::Done
    })
}

fn convert(args: &[String]) -> Result<(), Failure> {
    let mut inputs = Vec::new();
    let mut out = None;
    let mut flatten = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => {
                let value = iter
                    .next()
                    .ok_or_else(|| Failure::Usage("--out needs a value".to_owned()))?;
                out = Some(PathBuf::from(value));
            }
            "--flatten" => flatten = true,
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option {flag:?}")));
            }
            input => inputs.push(PathBuf::from(input)),
        }
    }
    if inputs.is_empty() {
        return Err(Failure::Usage(
            "convert needs a model file or folder".to_owned(),
        ));
    }
    let out = out.ok_or_else(|| Failure::Usage("--out is required".to_owned()))?;
    let json = smithy_codegen::model::convert(&inputs, flatten).map_err(Failure::Generate)?;
    if out.as_os_str() == "-" {
        print!("{json}");
        return Ok(());
    }
    std::fs::write(&out, json)
        .map_err(|source| Failure::Generate(smithy_codegen::Error::Write { path: out, source }))
}

fn generate(rest: &[String]) -> Result<(), Failure> {
    let mut config = smithy_codegen::Config::new();
    let mut out = None;
    let mut has_model = false;
    let mut iter = rest.iter();
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--model" => {
                config.model(value()?);
                has_model = true;
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--operation" => {
                config.operation(value()?);
            }
            "--service" => {
                config.service(value()?);
            }
            "--runtime-path" => {
                config.runtime_path(value()?);
            }
            "--runtime-version" => {
                config.runtime_version(value()?);
            }
            "--crate-name" => {
                config.crate_name(value()?);
            }
            "--runtime-crate" => {
                config.runtime_crate(value()?);
            }
            "--no-smithy-config" => {
                config.smithy_config(false);
            }
            "--config-path" => {
                config.config_path(value()?);
            }
            other => return Err(Failure::Usage(format!("unknown option {other:?}"))),
        }
    }
    if !has_model {
        return Err(Failure::Usage("--model is required".to_owned()));
    }
    let out = out.ok_or_else(|| Failure::Usage("--out is required".to_owned()))?;
    config.write_crate(&out).map_err(Failure::Generate)
}
