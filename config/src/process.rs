//! [`ProcessCredentialsProvider`]: credentials printed by an external
//! program, the profile setting `credential_process`.

use std::fmt;
use std::future::Future;
use std::io::{ErrorKind, Read};
use std::pin::Pin;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value};
use smithy_runtime::credentials::{
    Credentials, CredentialsError, CredentialsResult, ProvideCredentials, ProvideCredentialsFuture,
};
use smithy_runtime::types::DateTime;

/// How often the worker thread looks whether the program has exited.
const POLL: Duration = Duration::from_millis(10);

/// Credentials from an external program (AWS SDKs and Tools Reference
/// Guide, "Process credential provider" and "credential_process").
///
/// The program is run directly, without a shell, with the process's
/// environment and working directory, no standard input, its standard
/// output captured and its standard error passed through to this process's
/// (the reference guide warns that tools may log it, so it is never put
/// into an error). It must exit with status 0 within the time limit
/// ([`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), see
/// [`with_timeout`](Self::with_timeout)) and print at most
/// [`MAX_OUTPUT`](Self::MAX_OUTPUT) bytes of JSON:
///
/// ```json
/// { "Version": 1, "AccessKeyId": "AKID...", "SecretAccessKey": "...",
///   "SessionToken": "...", "Expiration": "2026-12-03T17:00:00Z", "AccountId": "111122223333" }
/// ```
///
/// `Version` must be the number 1; `AccessKeyId` and `SecretAccessKey` are
/// required non-empty strings; `SessionToken`, `Expiration` (RFC 3339) and
/// `AccountId` are optional (absent, `null` or empty count as not given).
/// The credentials expire at `Expiration`, so a
/// [`CredentialsCache`](smithy_runtime::credentials::CredentialsCache) runs
/// the program again before then; without it they never expire. Unknown
/// fields are ignored.
///
/// # The command line
///
/// It is split into the program and its arguments as the AWS CLI splits it
/// on Linux and macOS (botocore's `compat_shell_split`, Python's
/// `shlex.split`): words are separated by spaces, tabs and line breaks;
/// `'...'` quotes everything literally; `"..."` quotes too, where `\"` and
/// `\\` stand for `"` and `\` (any other backslash is kept); outside quotes
/// a backslash makes the next character literal; quoted and unquoted parts
/// next to each other form one word, and `""` is an empty argument. There
/// is no variable, `~` or glob expansion, and `|`, `>`, `;`, `&&` or `#` are
/// plain characters passed to the program. An unclosed quote or a trailing
/// backslash is an
/// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) error.
/// Windows' rules (the AWS CLI's `CommandLineToArgvW`-style splitting there)
/// are not implemented.
///
/// # Errors
///
/// A program that cannot be started, exits with another status, is killed
/// by a signal, runs past the time limit (it is then killed), prints too
/// much, prints something that is not JSON, a `Version` other than 1, or
/// leaves out a required field is a
/// [`ProviderFailed`](CredentialsError::ProviderFailed) error. Errors name
/// the program (the first word of the command line) and what was wrong;
/// never its arguments (which may hold secrets), nor anything it printed.
///
/// If the future is dropped before the program finishes, the program still
/// runs to its end or its time limit, on a thread of its own. When the time
/// limit kills the program, only the program itself is killed, not
/// processes it started.
#[derive(Clone)]
pub struct ProcessCredentialsProvider {
    command_line: String,
    timeout: Duration,
}

impl ProcessCredentialsProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "credential_process";

    /// How long the program may run unless
    /// [`with_timeout`](Self::with_timeout) says otherwise: one minute.
    ///
    /// The SDKs differ here (botocore and aws-sdk-rust wait without limit);
    /// a limit keeps a hung helper from hanging every client.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The most the program may print on its standard output: 64 KiB, the
    /// AWS SDK for Java's default `processOutputLimit`.
    pub const MAX_OUTPUT: usize = 64 * 1024;

    /// Runs `command_line` (see [the type's documentation](Self)) each time
    /// credentials are asked for.
    pub fn new(command_line: &str) -> Self {
        ProcessCredentialsProvider {
            command_line: command_line.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Kills the program and fails when it runs longer than `timeout`.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The program the command line names (its first word), for messages;
    /// `None` when the command line cannot be split or is empty.
    pub fn program(&self) -> Option<String> {
        split_command_line(&self.command_line)
            .ok()
            .and_then(|words| words.into_iter().next())
    }

    /// Runs the program and reads its output.
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn load(&self) -> CredentialsResult {
        let words = split_command_line(&self.command_line)
            .map_err(|problem| CredentialsError::invalid_configuration(Self::NAME, problem))?;
        let mut words = words.into_iter();
        let Some(program) = words.next() else {
            return Err(CredentialsError::invalid_configuration(
                Self::NAME,
                "the command line is empty",
            ));
        };
        let args: Vec<String> = words.collect();
        let timeout = self.timeout;
        let name = program.clone();
        let outcome = run_on_thread(move || run(&program, &args, timeout))
            .await
            .map_err(|problem| failed(&name, &problem))?;
        outcome
            .and_then(|stdout| parse_output(&stdout))
            .map_err(|problem| failed(&name, &problem))
    }
}

fn failed(program: &str, problem: &str) -> CredentialsError {
    CredentialsError::provider_failed(
        ProcessCredentialsProvider::NAME,
        format!("`{program}` {problem}"),
    )
}

impl ProvideCredentials for ProcessCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

impl fmt::Debug for ProcessCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The arguments may hold secrets: only the program is shown.
        f.debug_struct("ProcessCredentialsProvider")
            .field("program", &self.program())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Splits a command line as Python's `shlex.split` does in POSIX mode
/// (the AWS CLI's splitting outside Windows). The error says what is wrong
/// without quoting the line.
pub(crate) fn split_command_line(line: &str) -> Result<Vec<String>, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// Between words.
        Between,
        /// In a word, outside quotes.
        Word,
        Single,
        Double,
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut state = State::Between;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match state {
            State::Between | State::Word => match c {
                ' ' | '\t' | '\n' | '\r' => {
                    if state == State::Word {
                        words.push(std::mem::take(&mut word));
                        state = State::Between;
                    }
                }
                '\'' => state = State::Single,
                '"' => state = State::Double,
                '\\' => {
                    let next = chars
                        .next()
                        .ok_or("the command line ends with a lone backslash")?;
                    word.push(next);
                    state = State::Word;
                }
                c => {
                    word.push(c);
                    state = State::Word;
                }
            },
            State::Single => match c {
                '\'' => state = State::Word,
                c => word.push(c),
            },
            State::Double => match c {
                '"' => state = State::Word,
                '\\' => {
                    let next = chars
                        .next()
                        .ok_or("the command line has an unclosed double quote")?;
                    if next != '"' && next != '\\' {
                        word.push('\\');
                    }
                    word.push(next);
                }
                c => word.push(c),
            },
        }
    }
    match state {
        State::Single => Err("the command line has an unclosed single quote".to_owned()),
        State::Double => Err("the command line has an unclosed double quote".to_owned()),
        State::Word => {
            words.push(word);
            Ok(words)
        }
        State::Between => Ok(words),
    }
}

/// Runs `program` to its end or `timeout`; its standard output, or what
/// went wrong (worded to follow the program's name).
fn run(program: &str, args: &[String], timeout: Duration) -> Result<Vec<u8>, String> {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| match err.kind() {
            ErrorKind::NotFound => "could not be started: no such program".to_owned(),
            ErrorKind::PermissionDenied => {
                "could not be started: permission denied (is it executable?)".to_owned()
            }
            _ => format!("could not be started: {err}"),
        })?;
    let (sender, receiver) = mpsc::channel();
    if let Some(mut stdout) = child.stdout.take() {
        let reader = std::thread::Builder::new()
            .name("credential-process-stdout".to_owned())
            .spawn(move || {
                let mut output = Vec::new();
                let limit =
                    u64::try_from(ProcessCredentialsProvider::MAX_OUTPUT + 1).unwrap_or(u64::MAX);
                let result = stdout
                    .by_ref()
                    .take(limit)
                    .read_to_end(&mut output)
                    .map(|_| output);
                let _ = sender.send(result);
            });
        if let Err(err) = reader {
            kill(&mut child);
            return Err(format!("could not be watched: {err}"));
        }
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                kill(&mut child);
                return Err(format!(
                    "did not finish within {}; it was killed",
                    describe_duration(timeout)
                ));
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => {
                kill(&mut child);
                return Err(format!("could not be waited for: {err}"));
            }
        }
    };
    // The program has exited, but a process it started may still hold its
    // standard output open: wait for the end of the output only up to the
    // time limit.
    let left = timeout.saturating_sub(started.elapsed()).max(POLL);
    let output = receiver.recv_timeout(left);
    // Checked before the status: a program that printed too much was cut
    // off, and may have died of the closed pipe (SIGPIPE).
    if let Ok(Ok(output)) = &output {
        if output.len() > ProcessCredentialsProvider::MAX_OUTPUT {
            return Err(format!(
                "printed more than {} bytes",
                ProcessCredentialsProvider::MAX_OUTPUT
            ));
        }
    }
    if !status.success() {
        return Err(describe_failure(status));
    }
    match output {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(err)) => Err(format!("could not be read from: {err}")),
        Err(_) => Err(format!(
            "exited, but its standard output was not closed within {}",
            describe_duration(timeout)
        )),
    }
}

fn kill(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn describe_failure(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was terminated by signal {signal}");
        }
    }
    format!("failed: {status}")
}

fn describe_duration(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

/// Reads the program's output. Messages never contain the output's text.
fn parse_output(stdout: &[u8]) -> Result<Credentials, String> {
    let value: Value = serde_json::from_slice(stdout).map_err(|err| {
        // A syntax error's message is its position only, never the text.
        format!(
            "printed output that is not valid JSON (at line {} column {})",
            err.line(),
            err.column()
        )
    })?;
    let Value::Object(object) = value else {
        return Err("printed JSON that is not an object".to_owned());
    };
    match object.get("Version") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(Value::Number(n)) => {
            return Err(match n.as_i64() {
                Some(version) => {
                    format!("printed `Version` {version}; only version 1 is supported")
                }
                None => "printed a `Version` that is not 1; only version 1 is supported".to_owned(),
            });
        }
        Some(_) => {
            return Err(
                "printed a `Version` that is not a number; only version 1 is supported".to_owned(),
            );
        }
        None => return Err("printed no `Version`; it must be 1".to_owned()),
    }
    let access_key_id = required(&object, "AccessKeyId")?;
    let secret_access_key = required(&object, "SecretAccessKey")?;
    let session_token = optional(&object, "SessionToken")?;
    let mut credentials = Credentials::new(access_key_id, secret_access_key, session_token);
    if let Some(account_id) = optional(&object, "AccountId")? {
        credentials = credentials.with_account_id(account_id);
    }
    if let Some(expiration) = optional(&object, "Expiration")? {
        let expiry = expiration
            .parse::<DateTime>()
            .ok()
            .and_then(|at| SystemTime::try_from(at).ok())
            .ok_or("printed an `Expiration` that is not an RFC 3339 timestamp")?;
        credentials = credentials.with_expiry(expiry);
    }
    Ok(credentials)
}

fn required(object: &Map<String, Value>, key: &str) -> Result<String, String> {
    optional(object, key)?.ok_or_else(|| format!("printed no `{key}`"))
}

fn optional(object: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("printed a `{key}` that is not a string")),
    }
}

/// Runs `work` on a thread of its own; the future completes with its
/// result, under any executor.
fn run_on_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Result<T, String>> + Send {
    let slot: Arc<Mutex<Slot<T>>> = Arc::new(Mutex::new(Slot {
        value: None,
        waker: None,
        started: false,
    }));
    ThreadFuture {
        slot,
        work: Some(Box::new(work)),
    }
}

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
    started: bool,
}

type Work<T> = Box<dyn FnOnce() -> T + Send>;

struct ThreadFuture<T> {
    slot: Arc<Mutex<Slot<T>>>,
    work: Option<Work<T>>,
}

impl<T> Unpin for ThreadFuture<T> {}

impl<T: Send + 'static> Future for ThreadFuture<T> {
    type Output = Result<T, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = slot.value.take() {
            return Poll::Ready(Ok(value));
        }
        slot.waker = Some(cx.waker().clone());
        if slot.started {
            return Poll::Pending;
        }
        slot.started = true;
        drop(slot);
        let Some(work) = self.work.take() else {
            return Poll::Ready(Err("was polled after it completed".to_owned()));
        };
        let shared = Arc::clone(&self.slot);
        let spawned = std::thread::Builder::new()
            .name("credential-process".to_owned())
            .spawn(move || {
                let value = work();
                let mut slot = shared.lock().unwrap_or_else(PoisonError::into_inner);
                slot.value = Some(value);
                if let Some(waker) = slot.waker.take() {
                    waker.wake();
                }
            });
        match spawned {
            Ok(_) => Poll::Pending,
            Err(err) => Poll::Ready(Err(format!("could not be run: no thread ({err})"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        split_command_line(line).unwrap()
    }

    #[test]
    fn splits_like_shlex_in_posix_mode() {
        // Expected values are what Python's `shlex.split` gives.
        assert_eq!(
            split("/opt/bin/creds --user helen"),
            ["/opt/bin/creds", "--user", "helen"]
        );
        assert_eq!(split("  a \t b\n c  "), ["a", "b", "c"]);
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split("   "), Vec::<String>::new());
        assert_eq!(
            split(r#""/Users/Dave/path to/creds.sh" plain "with spaces""#),
            ["/Users/Dave/path to/creds.sh", "plain", "with spaces"]
        );
        assert_eq!(split("'it''s' x"), ["its", "x"]);
        assert_eq!(split(r#"'a "b" \c'"#), [r#"a "b" \c"#]);
        assert_eq!(split(r#""a \"b\" \\ \c \$""#), [r#"a "b" \ \c \$"#]);
        assert_eq!(split(r"a\ b c\\d \'e"), ["a b", r"c\d", "'e"]);
        assert_eq!(split(r#"--name="a b"c"#), ["--name=a bc"]);
        assert_eq!(split(r#"x "" '' y"#), ["x", "", "", "y"]);
        assert_eq!(
            split("a|b > c; d && e # f"),
            ["a|b", ">", "c;", "d", "&&", "e", "#", "f"]
        );
        assert_eq!(split("$HOME ~/x *.json"), ["$HOME", "~/x", "*.json"]);
        assert_eq!(split("é 'ü ß'"), ["é", "ü ß"]);
    }

    #[test]
    fn unbalanced_quotes_are_errors_that_do_not_quote_the_line() {
        for (line, problem) in [
            ("prog 'secret", "unclosed single quote"),
            ("prog \"secret", "unclosed double quote"),
            ("prog \"secret\\", "unclosed double quote"),
            ("prog secret\\", "lone backslash"),
        ] {
            let err = split_command_line(line).unwrap_err();
            assert!(err.contains(problem), "{line}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }

    #[test]
    fn output_is_read_strictly() {
        let ok = parse_output(
            br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S","SessionToken":"T",
                "Expiration":"2030-01-02T03:04:05Z","AccountId":"111122223333","Extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(ok.access_key_id(), "AKID");
        assert_eq!(ok.secret_access_key(), "S");
        assert_eq!(ok.session_token(), Some("T"));
        assert_eq!(ok.account_id(), Some("111122223333"));
        assert_eq!(
            ok.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
        let minimal = parse_output(
            br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S","SessionToken":null}"#,
        )
        .unwrap();
        assert_eq!(minimal.session_token(), None);
        assert_eq!(minimal.expiry(), None);
        assert_eq!(minimal.account_id(), None);

        for (output, problem) in [
            (&b"not json SECRET"[..], "not valid JSON (at line 1 column 2)"),
            (b"", "not valid JSON"),
            (b"\xff\xfe", "not valid JSON"),
            (b"[\"SECRET\"]", "not an object"),
            (b"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRET\"}", "no `Version`"),
            (b"{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRET\"}", "`Version` 2; only version 1"),
            (b"{\"Version\":1.5,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRET\"}", "not 1"),
            (b"{\"Version\":\"SECRET\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}", "not a number"),
            (b"{\"Version\":1,\"SecretAccessKey\":\"SECRET\"}", "no `AccessKeyId`"),
            (b"{\"Version\":1,\"AccessKeyId\":\"\",\"SecretAccessKey\":\"SECRET\"}", "no `AccessKeyId`"),
            (b"{\"Version\":1,\"AccessKeyId\":\"A\"}", "no `SecretAccessKey`"),
            (b"{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":7}", "`SecretAccessKey` that is not a string"),
            (b"{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRET\",\"Expiration\":\"SECRET-time\"}", "not an RFC 3339"),
        ] {
            let err = parse_output(output).unwrap_err();
            assert!(err.contains(problem), "{}: {err}", String::from_utf8_lossy(output));
            assert!(!err.contains("SECRET"), "{err}");
        }
    }
}
