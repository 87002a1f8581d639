//! The `smithy-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: smithy-codegen generate --model FILE --out DIR [options]

Generates a Rust crate (Cargo.toml and src/) from a Smithy 2.0 JSON AST model.

options:
  --model FILE          the model to read (required)
  --out DIR             where to write the crate (required)
  --operation NAME      generate only this operation and the shapes it reaches
                        (repeatable; default: every operation)
  --service ID          the service, when the model defines several
  --runtime-path DIR    where the generated Cargo.toml finds smithy-runtime,
                        relative to DIR (default: this repository's runtime/)
  --crate-name NAME     the generated crate's name (default: from the sdkId)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
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

enum Failure {
    Usage(String),
    Generate(smithy_codegen::Error),
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".to_owned()));
    };
    if command == "--help" || command == "-h" || command == "help" {
        print!("{USAGE}");
        return Ok(());
    }
    if command != "generate" {
        return Err(Failure::Usage(format!("unknown command {command:?}")));
    }
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
            "--crate-name" => {
                config.crate_name(value()?);
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
