//! Support for the command-line program generated per service (the `cli`
//! feature): argument parsing, `--cli-input-json` in the model's member
//! names, and the exit codes the AWS CLI users expect — 0 on success, 1
//! when the service or the network fails, 2 when the input is bad (in
//! which case nothing is sent).

use std::fmt::Display;
use std::future::Future;
use std::process::ExitCode;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{ProvideErrorMetadata, SdkError};
use crate::invoke::ServiceInfo;
use crate::settings::Settings;

/// One subcommand: an operation of the service.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The kebab-case name, e.g. `update-infrastructure-configuration`.
    pub name: &'static str,
    /// The operation's name in the model.
    pub operation: &'static str,
    /// The first sentence of its documentation.
    pub summary: &'static str,
}

/// A parsed command line.
#[derive(Debug, Clone)]
pub struct Invocation {
    program: String,
    command: Command,
    input_json: Option<String>,
    endpoint_url: Option<String>,
    region: Option<String>,
    profile: Option<String>,
}

/// Bad input: exit code 2.
pub const EXIT_BAD_INPUT: u8 = 2;
/// The service or the transport failed: exit code 1.
pub const EXIT_FAILED: u8 = 1;

impl Invocation {
    /// Parses `std::env::args()` for `program`; prints usage and returns the
    /// exit code when the arguments are wrong or help was asked for.
    pub fn from_args(program: &str, commands: &[Command]) -> Result<Invocation, ExitCode> {
        Self::parse(program, commands, std::env::args().skip(1))
    }

    /// Parses `args` (without the program name).
    ///
    /// The options may come before or after the subcommand, as the AWS CLI
    /// accepts global options such as `--region` on either side of it
    /// (`imagebuilder --region us-east-1 update-... --cli-input-json ...`).
    pub fn parse(
        program: &str,
        commands: &[Command],
        args: impl IntoIterator<Item = String>,
    ) -> Result<Invocation, ExitCode> {
        let mut args = args.into_iter();
        let usage = || usage(program, commands);
        let mut command: Option<Command> = None;
        let mut input_json = None;
        let mut endpoint_url = None;
        let mut region = None;
        let mut profile = None;
        while let Some(arg) = args.next() {
            if arg == "help" || arg == "--help" || arg == "-h" {
                println!("{}", usage());
                return Err(ExitCode::SUCCESS);
            }
            // What to call this invocation in messages so far.
            let context = match &command {
                Some(command) => format!("{program} {}", command.name),
                None => program.to_owned(),
            };
            if arg.starts_with('-') {
                let slot = match arg.as_str() {
                    "--cli-input-json" => &mut input_json,
                    "--endpoint-url" => &mut endpoint_url,
                    "--region" => &mut region,
                    "--profile" => &mut profile,
                    _ => {
                        eprintln!("{context}: unknown option {arg:?}\n\n{}", usage());
                        return Err(ExitCode::from(EXIT_BAD_INPUT));
                    }
                };
                let Some(value) = args.next() else {
                    eprintln!("{context}: {arg} needs a value");
                    return Err(ExitCode::from(EXIT_BAD_INPUT));
                };
                *slot = Some(value);
                continue;
            }
            if command.is_some() {
                eprintln!("{context}: unexpected argument {arg:?}\n\n{}", usage());
                return Err(ExitCode::from(EXIT_BAD_INPUT));
            }
            let Some(found) = commands.iter().find(|c| c.name == arg) else {
                eprintln!("{program}: unknown command {arg:?}\n\n{}", usage());
                return Err(ExitCode::from(EXIT_BAD_INPUT));
            };
            command = Some(*found);
        }
        let Some(command) = command else {
            eprintln!("{}", usage());
            return Err(ExitCode::from(EXIT_BAD_INPUT));
        };
        Ok(Invocation {
            program: program.to_owned(),
            command,
            input_json,
            endpoint_url,
            region,
            profile,
        })
    }

    /// The chosen subcommand.
    pub fn command(&self) -> &Command {
        &self.command
    }

    /// The client configuration: the environment and shared files (with
    /// `--profile`), overridden by `--region` and `--endpoint-url`.
    pub fn config(&self, service: &ServiceInfo) -> Result<Config, ExitCode> {
        let mut settings = Settings::from_process_env();
        if let Some(profile) = &self.profile {
            settings = settings.with_profile(profile);
        }
        let mut config = Config::from_settings(service, &settings).map_err(|e| {
            eprintln!("{}: {e}", self.program);
            ExitCode::from(EXIT_BAD_INPUT)
        })?;
        if let Some(region) = &self.region {
            config = config.with_region(region);
        }
        if let Some(url) = &self.endpoint_url {
            config = config.with_endpoint_url(url);
        }
        Ok(config)
    }

    /// The operation's input from `--cli-input-json` (JSON, or
    /// `file://PATH`), in the model's member names. An unknown member, a
    /// value of the wrong type or invalid JSON is reported with its path.
    pub fn input<T: DeserializeOwned>(&self) -> Result<T, ExitCode> {
        let fail = |message: String| {
            eprintln!("{} {}: {message}", self.program, self.command.name);
            ExitCode::from(EXIT_BAD_INPUT)
        };
        let text = match self.input_json.as_deref() {
            None => "{}".to_owned(),
            Some(value) => match value.strip_prefix("file://") {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| fail(format!("cannot read {path}: {e}")))?,
                None => value.to_owned(),
            },
        };
        parse_input(&text).map_err(fail)
    }

    /// Checks that an operation without input was given none (`{}` at
    /// most).
    pub fn no_input(&self) -> Result<(), ExitCode> {
        self.input::<serde_json::Map<String, serde_json::Value>>()
            .and_then(|members| match members.keys().next() {
                None => Ok(()),
                Some(name) => {
                    eprintln!(
                        "{} {}: unknown member in input: {name} (the operation takes no input)",
                        self.program, self.command.name
                    );
                    Err(ExitCode::from(EXIT_BAD_INPUT))
                }
            })
    }

    /// Runs the call to completion on a single-threaded runtime and turns
    /// its result into output and an exit code.
    pub fn finish<O, E, F>(&self, call: F) -> ExitCode
    where
        F: Future<Output = Result<O, SdkError<E>>>,
        O: Serialize,
        E: ProvideErrorMetadata + Display,
    {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                eprintln!("{}: cannot start the async runtime: {e}", self.program);
                return ExitCode::from(EXIT_FAILED);
            }
        };
        let result = runtime.block_on(call);
        report(&self.program, self.command.operation, result)
    }
}

/// Parses input JSON, naming unknown members and mistyped values by path.
pub fn parse_input<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut unknown = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(member_path(&path));
    let ignoring = serde_ignored::Deserializer::new(&mut deserializer, &mut record);
    let value: T = serde_path_to_error::deserialize(ignoring).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            format!("invalid input: {inner}")
        } else {
            format!("invalid input at {path}: {inner}")
        }
    })?;
    deserializer
        .end()
        .map_err(|e| format!("invalid input: {e}"))?;
    if !unknown.is_empty() {
        return Err(format!("unknown member in input: {}", unknown.join(", ")));
    }
    Ok(value)
}

/// The member path of an ignored value as boto3 names it, e.g.
/// `logging.s3Logs.bogus`.
///
/// `serde_ignored::Path`'s own `Display` writes a `?` segment for every
/// `Option` (and newtype) it passes through, and every optional member of a
/// generated structure is an `Option`: it showed `logging.?.s3Logs.?.bogus`.
/// Those wrappers are not members, so they are skipped here; list indexes
/// are written `[i]`, as validation errors write them.
fn member_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", member_path(parent)),
        Path::Map { parent, key } => {
            let parent = member_path(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => member_path(parent),
    }
}

/// Prints a call's outcome: output as JSON on stdout, or the error on
/// stderr; returns the exit code.
pub fn report<O, E>(program: &str, operation: &str, result: Result<O, SdkError<E>>) -> ExitCode
where
    O: Serialize,
    E: ProvideErrorMetadata + Display,
{
    match result {
        Ok(output) => match serde_json::to_string_pretty(&output) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{program}: cannot print the output: {e}");
                ExitCode::from(EXIT_FAILED)
            }
        },
        Err(SdkError::Validation(error)) => {
            eprintln!("{program}: invalid input: {error}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(SdkError::Service(error)) => {
            let meta = error.meta();
            eprintln!(
                "An error occurred ({}) when calling the {operation} operation: {}",
                meta.code().unwrap_or("Unknown"),
                meta.message().unwrap_or("")
            );
            eprintln!(
                "HTTP status: {}, request id: {}",
                meta.status(),
                meta.request_id().unwrap_or("-")
            );
            ExitCode::from(EXIT_FAILED)
        }
        Err(other) => {
            eprintln!("{program}: {other}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

fn usage(program: &str, commands: &[Command]) -> String {
    let width = commands.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut text = format!(
        "usage: {program} [--endpoint-url URL] [--region REGION] [--profile NAME] <command> [--cli-input-json JSON|file://PATH]\n\n(the options may also follow the command)\n\ncommands:\n"
    );
    for command in commands {
        text.push_str(&format!("  {:width$}  {}\n", command.name, command.summary));
    }
    text
}
