//! Settings and credentials resolved from real files on disk, with the
//! environment supplied as a map (the process environment is never read or
//! changed).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use smithy_runtime::credentials::{
    Credentials, CredentialsError, DefaultChain, EnvironmentProvider, ProfileProvider,
    ProvideCredentials, SharedCredentials,
};
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::settings::{SettingOrigin, Settings};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKCANARY1";
const FILE_SECRET: &str = "fileSECRETcanaryFILEsecretCANARY2";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLETOKENCANARY3";

/// A unique temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "smithy-runtime-config-{}-{}-{name}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn home(&self) -> String {
        self.0.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn env(vars: &[(&str, &str)]) -> Env {
    Env::from_map(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

#[test]
fn default_locations_under_home() {
    let home = TempDir::new("default-locations");
    home.write(
        ".aws/config",
        "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n",
    );
    home.write(
        ".aws/credentials",
        format!(
            "[default]\naws_access_key_id = AKID_DEFAULT\naws_secret_access_key = {FILE_SECRET}\n"
        ),
    );
    let env = env(&[("HOME", &home.home())]);
    let set = ProfileSet::load(&env);
    assert_eq!(set.selected(), "default");
    assert_eq!(
        set.config_path(),
        Some(home.path().join(".aws/config").as_path())
    );
    assert_eq!(
        set.credentials_path(),
        Some(home.path().join(".aws/credentials").as_path())
    );
    assert_eq!(set.get("default", "region"), Some("us-east-1"));
    assert_eq!(set.get("dev", "region"), Some("eu-west-1"));
    assert!(set.warnings().is_empty(), "{:?}", set.warnings());
    let settings = Settings::load(env);
    assert_eq!(settings.region().as_deref(), Some("us-east-1"));
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(Credentials::from_keys("AKID_DEFAULT", FILE_SECRET))
    );
}

#[test]
fn userprofile_is_the_home_when_home_is_unset() {
    let home = TempDir::new("userprofile");
    home.write(".aws/config", "[default]\nregion = from-userprofile\n");
    let settings = Settings::load(env(&[("USERPROFILE", &home.home())]));
    assert_eq!(settings.region().as_deref(), Some("from-userprofile"));
}

#[test]
fn file_locations_from_environment_with_tilde() {
    let home = TempDir::new("tilde");
    home.write("custom/cfg", "[profile x]\nregion = custom-region\n");
    let creds = home.write(
        "elsewhere/creds",
        format!("[x]\naws_access_key_id = AKID_X\naws_secret_access_key = {FILE_SECRET}\n"),
    );
    // Files at the default location must not be read.
    home.write(".aws/config", "[profile x]\nregion = wrong\n");
    let env = env(&[
        ("HOME", &home.home()),
        ("AWS_CONFIG_FILE", "~/custom/cfg"),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ("AWS_PROFILE", "x"),
    ]);
    let settings = Settings::load(env);
    assert_eq!(settings.profile_name(), "x");
    assert_eq!(settings.region().as_deref(), Some("custom-region"));
    assert_eq!(
        settings.profiles().config_path(),
        Some(home.path().join("custom/cfg").as_path())
    );
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(Credentials::from_keys("AKID_X", FILE_SECRET))
    );
}

#[test]
fn missing_files_are_empty() {
    let home = TempDir::new("missing");
    for vars in [
        vec![("HOME", home.home())],
        vec![
            ("HOME", home.home()),
            (
                "AWS_CONFIG_FILE",
                home.path().join("nope/config").display().to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                home.path().join("nope/credentials").display().to_string(),
            ),
        ],
        // No home at all: `~` cannot be expanded, nothing is read.
        vec![("AWS_REGION", "r".to_owned())],
    ] {
        let env = Env::from_map(vars);
        let set = ProfileSet::load(&env);
        assert!(set.profile_names().next().is_none());
        assert!(set.warnings().is_empty(), "{:?}", set.warnings());
        let settings = Settings::load(env);
        assert_eq!(settings.max_attempts(), Ok(None));
        let err = pollster::block_on(settings.credentials().provide_credentials()).unwrap_err();
        assert!(matches!(err, CredentialsError::NoneFound { .. }), "{err:?}");
    }
}

#[test]
fn unreadable_or_non_utf8_files_are_empty_with_a_warning() {
    let home = TempDir::new("unreadable");
    // A directory where the config file should be, and a non-UTF-8 credentials file.
    std::fs::create_dir_all(home.path().join(".aws/config")).unwrap();
    home.write(".aws/credentials", [b'[', 0xff, 0xfe, b']', b'\n']);
    let set = ProfileSet::load(&env(&[("HOME", &home.home())]));
    assert!(set.profile_names().next().is_none());
    assert_eq!(set.warnings().len(), 2, "{:?}", set.warnings());
}

#[test]
fn credentials_file_wins_over_config_file() {
    let home = TempDir::new("precedence");
    home.write(
        ".aws/config",
        "[profile dev]\naws_access_key_id = AKID_CONFIG\naws_secret_access_key = config-secret\n\
         region = config-region\n",
    );
    home.write(
        ".aws/credentials",
        format!(
            "[dev]\naws_access_key_id = AKID_CREDENTIALS\naws_secret_access_key = {FILE_SECRET}\n\
             region = credentials-region\n"
        ),
    );
    let settings = Settings::load(env(&[("HOME", &home.home()), ("AWS_PROFILE", "dev")]));
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(Credentials::from_keys("AKID_CREDENTIALS", FILE_SECRET))
    );
    // Same rule for any key, as the files merge property by property.
    assert_eq!(settings.region().as_deref(), Some("credentials-region"));
}

#[test]
fn credentials_only_in_config_file_are_used() {
    let home = TempDir::new("config-only");
    home.write(
        ".aws/config",
        format!(
            "[default]\naws_access_key_id = AKID_CONFIG\naws_secret_access_key = {FILE_SECRET}\n"
        ),
    );
    let chain = DefaultChain::new(&env(&[("HOME", &home.home())]));
    assert_eq!(
        pollster::block_on(chain.provide_credentials()),
        Ok(Credentials::from_keys("AKID_CONFIG", FILE_SECRET))
    );
}

#[test]
fn section_names_per_file() {
    let home = TempDir::new("sections");
    // In the config file `[x]` is ignored (only `[default]` may omit the prefix) ...
    home.write(
        ".aws/config",
        "[plain]\nregion = ignored\n[profile prefixed]\nregion = config-prefixed\n",
    );
    // ... and in the credentials file `[profile x]` is ignored.
    home.write(
        ".aws/credentials",
        "[profile prefixed]\nregion = ignored-too\n[plain]\nregion = credentials-plain\n",
    );
    let set = ProfileSet::load(&env(&[("HOME", &home.home())]));
    assert_eq!(set.get("plain", "region"), Some("credentials-plain"));
    assert_eq!(set.get("prefixed", "region"), Some("config-prefixed"));
    assert!(!set.has_profile("profile prefixed"));
    assert_eq!(set.warnings().len(), 2, "{:?}", set.warnings());
}

#[test]
fn comments_whitespace_and_crlf_in_files() {
    let home = TempDir::new("comments");
    home.write(
        ".aws/config",
        "# leading comment\r\n; another\r\n\r\n[profile dev] # header comment\r\n\
         \tregion_is_continuation_here = no\r\n\
         region   =   eu-central-1   ; trailing comment\r\n\
         endpoint_url = http://localhost:4566#not-a-comment\r\n\
         s3 =\r\n  max_concurrent_requests = 10\r\n\r\n  addressing_style = path\r\n\
         MAX_ATTEMPTS = 4\r\n",
    );
    let settings = Settings::load(env(&[("HOME", &home.home()), ("AWS_PROFILE", "dev")]));
    assert_eq!(settings.region().as_deref(), Some("eu-central-1"));
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://localhost:4566#not-a-comment".into()))
    );
    assert_eq!(settings.max_attempts(), Ok(Some(4)));
    let set = settings.profiles();
    assert_eq!(
        set.get_sub("dev", "s3", "max_concurrent_requests"),
        Some("10")
    );
    assert_eq!(set.get_sub("dev", "s3", "addressing_style"), Some("path"));
    // The indented line before any property is skipped with a warning.
    assert_eq!(set.warnings().len(), 1, "{:?}", set.warnings());
}

#[test]
fn every_setting_env_beats_profile_and_explicit_beats_env() {
    let home = TempDir::new("all-settings");
    home.write(
        ".aws/config",
        "[profile p]\nregion = profile-region\nendpoint_url = http://profile\n\
         use_fips_endpoint = false\nuse_dualstack_endpoint = false\nmax_attempts = 2\n\
         retry_mode = adaptive\ndisable_request_compression = true\n\
         request_min_compression_size_bytes = 100\n",
    );
    home.write(
        ".aws/credentials",
        format!("[p]\naws_access_key_id = AKID_PROFILE\naws_secret_access_key = {FILE_SECRET}\n"),
    );
    let base = vec![("HOME", home.home()), ("AWS_PROFILE", "p".to_owned())];

    // Profile only.
    let settings = Settings::load(Env::from_map(base.clone()));
    assert_eq!(settings.region().as_deref(), Some("profile-region"));
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://profile".into()))
    );
    assert_eq!(settings.use_fips(), Ok(false));
    assert_eq!(settings.use_dual_stack(), Ok(false));
    assert_eq!(settings.max_attempts(), Ok(Some(2)));
    assert_eq!(settings.retry_mode(), Ok(Some("adaptive")));
    assert_eq!(settings.disable_request_compression(), Ok(true));
    assert_eq!(settings.request_min_compression_size_bytes(), Ok(100));
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(Credentials::from_keys("AKID_PROFILE", FILE_SECRET))
    );

    // Environment over profile.
    let mut vars = base.clone();
    vars.extend(
        [
            ("AWS_REGION", "env-region"),
            ("AWS_ENDPOINT_URL", "http://env"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"),
            ("AWS_MAX_ATTEMPTS", "6"),
            ("AWS_RETRY_MODE", "standard"),
            ("AWS_DISABLE_REQUEST_COMPRESSION", "false"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0"),
            ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ]
        .map(|(k, v)| (k, v.to_owned())),
    );
    let settings = Settings::load(Env::from_map(vars.clone()));
    assert_eq!(settings.region().as_deref(), Some("env-region"));
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://env".into()))
    );
    assert_eq!(settings.use_fips(), Ok(true));
    assert_eq!(settings.use_dual_stack(), Ok(true));
    assert_eq!(settings.max_attempts(), Ok(Some(6)));
    assert_eq!(settings.retry_mode(), Ok(Some("standard")));
    assert_eq!(settings.disable_request_compression(), Ok(false));
    assert_eq!(settings.request_min_compression_size_bytes(), Ok(0));
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(Credentials::new("AKID_ENV", SECRET, Some(TOKEN.to_owned())))
    );

    // Explicit over environment.
    let explicit_creds = Credentials::from_keys("AKID_EXPLICIT", "explicit-secret");
    let settings = settings
        .with_region("explicit-region")
        .with_endpoint_url("http://explicit")
        .with_use_fips(false)
        .with_use_dual_stack(false)
        .with_max_attempts(1)
        .with_retry_mode("adaptive")
        .with_disable_request_compression(true)
        .with_request_min_compression_size_bytes(10_485_760)
        .with_credentials(Arc::new(explicit_creds.clone()));
    assert_eq!(settings.region().as_deref(), Some("explicit-region"));
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://explicit".into()))
    );
    assert_eq!(settings.use_fips(), Ok(false));
    assert_eq!(settings.use_dual_stack(), Ok(false));
    assert_eq!(settings.max_attempts(), Ok(Some(1)));
    assert_eq!(settings.retry_mode(), Ok(Some("adaptive")));
    assert_eq!(settings.disable_request_compression(), Ok(true));
    assert_eq!(
        settings.request_min_compression_size_bytes(),
        Ok(10_485_760)
    );
    assert_eq!(
        pollster::block_on(settings.credentials().provide_credentials()),
        Ok(explicit_creds)
    );
}

#[test]
fn services_section_from_file() {
    let home = TempDir::new("services");
    home.write(
        ".aws/config",
        "[default]\nendpoint_url = http://global\nservices = local\n\
         [services local]\nimagebuilder =\n  endpoint_url = http://localhost:1234\n\
         dynamodb =\n  endpoint_url = http://localhost:8000\n",
    );
    let settings = Settings::load(env(&[("HOME", &home.home())]));
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://localhost:1234".into()))
    );
    assert_eq!(
        settings.endpoint_url("DynamoDB"),
        Ok(Some("http://localhost:8000".into()))
    );
    assert_eq!(
        settings.endpoint_url("EC2"),
        Ok(Some("http://global".into()))
    );
    let settings = Settings::load(env(&[
        ("HOME", &home.home()),
        ("AWS_ENDPOINT_URL", "http://env-global"),
    ]));
    // The global variable beats the file's service-specific value.
    assert_eq!(
        settings.endpoint_url("IMAGEBUILDER"),
        Ok(Some("http://env-global".into()))
    );
}

#[test]
fn invalid_values_name_their_source() {
    let home = TempDir::new("invalid");
    home.write(".aws/config", "[default]\nmax_attempts = lots\n");
    let settings = Settings::load(env(&[("HOME", &home.home())]));
    let err = settings.max_attempts().unwrap_err();
    assert_eq!(err.setting(), "max_attempts");
    assert_eq!(
        err.origin(),
        &SettingOrigin::Profile {
            profile: "default".into()
        }
    );
    let settings = Settings::load(env(&[("HOME", &home.home()), ("AWS_MAX_ATTEMPTS", "abc")]));
    let err = settings.max_attempts().unwrap_err();
    assert_eq!(err.setting(), "AWS_MAX_ATTEMPTS");
    assert_eq!(
        err.to_string(),
        "invalid value `abc` for environment variable AWS_MAX_ATTEMPTS: expected an integer of at least 1"
    );
}

#[test]
fn explicitly_selected_missing_profile_is_an_error() {
    let home = TempDir::new("missing-profile");
    home.write(".aws/config", "[default]\nregion = r\n");
    let chain = DefaultChain::new(&env(&[("HOME", &home.home()), ("AWS_PROFILE", "nope")]));
    let err = pollster::block_on(chain.provide_credentials()).unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidConfiguration { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("profile `nope` is not defined"),
        "{message}"
    );
    assert!(message.contains(".aws/config"), "{message}");
}

/// Formats every type that could hold a secret, in every way, and checks no
/// secret appears.
#[test]
fn secrets_never_appear_in_debug_or_display() {
    let home = TempDir::new("secrets");
    home.write(
        ".aws/config",
        format!(
            "[default]\naws_access_key_id = AKID_CFG\naws_secret_access_key = {FILE_SECRET}\n\
             aws_session_token = {TOKEN}\n[profile half]\naws_secret_access_key = {FILE_SECRET}\n\
             [profile role]\nrole_arn = arn:aws:iam::1:role/r\naws_secret_access_key = {FILE_SECRET}\n\
             [profile broken\naws_secret_access_key = {FILE_SECRET}\n  {FILE_SECRET}\n\
             {FILE_SECRET}\n[{FILE_SECRET}\n"
        ),
    );
    home.write(
        ".aws/credentials",
        format!(
            "[default]\naws_secret_access_key = {FILE_SECRET}\n[profile x]\nk = {FILE_SECRET}\n\
             aws_secret_access_key {FILE_SECRET}\n"
        ),
    );
    let full = env(&[
        ("HOME", &home.home()),
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", TOKEN),
    ]);
    let secret_only = env(&[("HOME", &home.home()), ("AWS_SECRET_ACCESS_KEY", SECRET)]);
    let half_profile = env(&[
        ("HOME", &home.home()),
        ("AWS_PROFILE", "half"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ]);
    let role_profile = env(&[("HOME", &home.home()), ("AWS_PROFILE", "role")]);
    let nothing = env(&[("AWS_SESSION_TOKEN", TOKEN)]);

    let mut texts: Vec<String> = Vec::new();
    let mut add = |debug: String, display: Option<String>| {
        texts.push(debug);
        texts.extend(display);
    };

    for env in [&full, &secret_only, &half_profile, &role_profile, &nothing] {
        let set = ProfileSet::load(env);
        add(format!("{env:?} {env:#?}"), None);
        add(format!("{set:?} {set:#?}"), Some(set.warnings().join("\n")));
        let settings = Settings::load(env.clone());
        add(format!("{settings:?} {settings:#?}"), None);
        let with_explicit = settings.clone().with_credentials(Arc::new(Credentials::new(
            "AKID",
            SECRET,
            Some(TOKEN.into()),
        )));
        add(format!("{with_explicit:?} {with_explicit:#?}"), None);

        let providers: Vec<SharedCredentials> = vec![
            settings.credentials(),
            with_explicit.credentials(),
            Arc::new(settings.default_chain()),
            Arc::new(DefaultChain::new(env)),
            Arc::new(EnvironmentProvider::new(env.clone())),
            Arc::new(ProfileProvider::new(env)),
            Arc::new(ProfileProvider::new(env).with_profile("half")),
            Arc::new(ProfileProvider::new(env).with_profile("role")),
            Arc::new(ProfileProvider::new(env).with_profile("missing")),
        ];
        for provider in providers {
            add(format!("{provider:?} {provider:#?}"), None);
            match pollster::block_on(provider.provide_credentials()) {
                Ok(creds) => add(format!("{creds:?} {creds:#?}"), None),
                Err(err) => add(format!("{err:?} {err:#?}"), Some(err.to_string())),
            }
        }
        for err in [
            settings.max_attempts().err(),
            settings.retry_mode().err(),
            settings.use_fips().err(),
        ]
        .into_iter()
        .flatten()
        {
            add(format!("{err:?}"), Some(err.to_string()));
        }
    }

    // Sanity: the scenarios did produce errors of every kind.
    let all = texts.join("\n");
    assert!(all.contains("NoneFound") && all.contains("no credentials found"));
    assert!(all.contains("InvalidConfiguration"));
    assert!(all.contains("role_arn"));
    assert!(all.contains("** redacted **"));
    for text in &texts {
        for secret in [SECRET, FILE_SECRET, TOKEN] {
            assert!(!text.contains(secret), "secret leaked in: {text}");
        }
    }
}
