//! Support for the command-line program generated per service (the `cli`
//! feature): argument parsing, `--cli-input-json` and the printed output in
//! the model's member names whatever the wire says ([`schema`]), and the
//! exit codes the AWS CLI users expect — 0 on success, 1
//! when the service or the network fails, 2 when the input is bad (in
//! which case nothing is sent).

use std::fmt::Display;
use std::future::Future;
use std::process::ExitCode;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod schema;

pub use schema::{Member, Schema};

use crate::config::Config;
use crate::credentials::SharedCredentials;
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
    /// `--profile`), overridden by `--region` and `--endpoint-url`, signing
    /// with the runtime's own chain (environment, then static profile keys).
    pub fn config(&self, service: &ServiceInfo) -> Result<Config, ExitCode> {
        self.config_with(service, Settings::credentials)
    }

    /// [`config`](Self::config), signing with the credentials `credentials`
    /// makes of the settings (e.g. `smithy-config`'s default chain).
    pub fn config_with(
        &self,
        service: &ServiceInfo,
        credentials: impl FnOnce(&Settings) -> SharedCredentials,
    ) -> Result<Config, ExitCode> {
        let settings = self.settings();
        let chain = credentials(&settings);
        let settings = settings.with_credentials(chain);
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

    /// The environment and shared files, with `--profile`.
    fn settings(&self) -> Settings {
        let settings = Settings::from_process_env();
        match &self.profile {
            Some(profile) => settings.with_profile(profile),
            None => settings,
        }
    }

    /// The HTTPS transport, with the proxies of the environment and the CA
    /// bundle of the environment or the profile (`AWS_CA_BUNDLE`,
    /// `ca_bundle`). A setting it cannot use is reported, and the program
    /// exits with [`EXIT_BAD_INPUT`].
    pub fn transport(&self) -> Result<crate::https::HttpsTransport, ExitCode> {
        crate::https::HttpsTransport::builder()
            .settings(&self.settings())
            .build()
            .map_err(|e| {
                eprintln!("{}: {e}", self.program);
                ExitCode::from(EXIT_BAD_INPUT)
            })
    }

    /// The operation's input from `--cli-input-json` (JSON, or
    /// `file://PATH`), in the model's member names as `schema` (the input
    /// structure's) gives them. An unknown member, a value of the wrong type
    /// or invalid JSON is reported with its member path.
    pub fn input<T: DeserializeOwned>(&self, schema: &Schema) -> Result<T, ExitCode> {
        let fail = |message: String| {
            eprintln!("{} {}: {message}", self.program, self.command.name);
            ExitCode::from(EXIT_BAD_INPUT)
        };
        parse_input(&self.input_text().map_err(fail)?, schema).map_err(fail)
    }

    /// The text of `--cli-input-json`, `{}` when it is absent.
    fn input_text(&self) -> Result<String, String> {
        match self.input_json.as_deref() {
            None => Ok("{}".to_owned()),
            Some(value) => match value.strip_prefix("file://") {
                Some(path) => {
                    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
                }
                None => Ok(value.to_owned()),
            },
        }
    }

    /// Checks that an operation without input was given none (`{}` at
    /// most).
    pub fn no_input(&self) -> Result<(), ExitCode> {
        let fail = |message: String| {
            eprintln!("{} {}: {message}", self.program, self.command.name);
            ExitCode::from(EXIT_BAD_INPUT)
        };
        let text = self.input_text().map_err(fail)?;
        let members: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| fail(format!("invalid input: {e}")))?;
        match members.keys().next() {
            None => Ok(()),
            Some(name) => Err(fail(format!(
                "unknown member in input: {name} (the operation takes no input)"
            ))),
        }
    }

    /// Runs the call to completion on a single-threaded runtime and turns
    /// its result into output (in member names, as `schema`, the output
    /// structure's, gives them) and an exit code.
    pub fn finish<O, E, F>(&self, schema: Option<&Schema>, call: F) -> ExitCode
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
        report(&self.program, self.command.operation, schema, result)
    }
}

/// Parses command-line input JSON for `schema` (see [`schema::to_serde`]),
/// naming unknown members and mistyped values by member path.
pub fn parse_input<T: DeserializeOwned>(text: &str, schema: &Schema) -> Result<T, String> {
    let text = schema::to_serde(text, schema)?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = crate::protocol::json::member_path(e.path());
        // Its line and column would point into the re-keyed text, not the
        // user's: the member path says where.
        let inner = e.into_inner().to_string();
        let inner = inner
            .rfind(" at line ")
            .and_then(|at| inner.get(..at))
            .unwrap_or(&inner);
        if path == "." {
            format!("invalid input: {inner}")
        } else {
            format!("invalid input at {path}: {inner}")
        }
    })
}

/// Prints a call's outcome: output as JSON on stdout, or the error on
/// stderr; returns the exit code.
pub fn report<O, E>(
    program: &str,
    operation: &str,
    schema: Option<&Schema>,
    result: Result<O, SdkError<E>>,
) -> ExitCode
where
    O: Serialize,
    E: ProvideErrorMetadata + Display,
{
    let printable = |output: O| match schema {
        Some(schema) => serde_json::to_string(&output)
            .map_err(|e| e.to_string())
            .and_then(|text| schema::from_serde(&text, schema)),
        None => serde_json::to_string_pretty(&output).map_err(|e| e.to_string()),
    };
    match result {
        Ok(output) => match printable(output) {
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
