//! JSON bodies, shared by the JSON protocols (restJson1, awsJson1_0,
//! awsJson1_1): the generated types' serde writes and reads them, with the
//! model's member names as keys. restJson1 keys members with a `@jsonName`
//! by it: a service that has any writes and reads its bodies through
//! [`to_json_renamed`] and [`from_json_renamed`], which rename the keys as
//! the structures' [`Schema`] says.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::tree::Json;
use crate::error::{RequestError, ResponseError, ResponseErrorKind};
use crate::schema::{HasSchema, Schema};
use crate::transport::HttpResponse;

/// Serializes a body as JSON. Members that are not set are skipped by the
/// generated `Serialize` impls, so the body holds exactly what was set.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, RequestError> {
    // Room for a typical body up front (serde_json starts at 128 bytes and
    // doubles): growing the buffer was a good part of serializing.
    let mut out = Vec::with_capacity(1024);
    serde_json::to_writer(&mut out, value)
        .map_err(|e| RequestError::new(format!("cannot serialize the body: {e}")))?;
    Ok(out)
}

/// Parses a JSON body; an empty body reads as `{}`. Unknown members are
/// ignored by the generated `Deserialize` impls.
///
/// # Errors
///
/// A [`ResponseError`] of kind [`ResponseErrorKind::InvalidJson`] for a body
/// that is not JSON (or nests more than 128 arrays and objects deep: the
/// parser's limit, which keeps a hostile body from overflowing the stack),
/// and [`ResponseErrorKind::InvalidValue`] for a value that does not fit its
/// member, with the member's JSON [`path`](ResponseError::path). The message
/// says `invalid JSON body`, then the path (`at logging.s3Logs`) and the
/// parser's explanation with line and column.
pub fn from_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, ResponseError> {
    let body = response.body();
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    // Tracked from the start: reading untracked first and again, tracked,
    // only when that fails saves about 1.5 k instructions of a call but
    // instantiates every response type's deserializer twice (about 100 KB
    // of a program).
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = member_path(error.path());
        json_error(response, error.into_inner(), &path)
    })?;
    // Trailing characters after the value, as `serde_json::from_slice` checks.
    deserializer
        .end()
        .map_err(|error| json_error(response, error, "."))?;
    Ok(value)
}

/// Serializes a body as JSON, as [`to_json`] does, with each member of
/// the structures `schema` describes keyed by its `@jsonName`.
///
/// # Errors
///
/// A value that does not serialize, or that nests more than 128 deep.
pub fn to_json_renamed<T: Serialize + ?Sized>(
    value: &T,
    schema: &Schema,
) -> Result<Vec<u8>, RequestError> {
    let tree = Json::from_serialize(value)
        .map_err(|e| RequestError::new(format!("cannot serialize the body: {e}")))?;
    let mut out = String::new();
    tree.rename(schema, true).write(&mut out);
    Ok(out.into_bytes())
}

/// Parses a JSON body, as [`from_json`] does, whose structures (as
/// `schema` describes them) key members by their `@jsonName`.
///
/// # Errors
///
/// As [`from_json`]; a path names members by their model names.
pub fn from_json_renamed<T: DeserializeOwned>(
    response: &HttpResponse,
    schema: &Schema,
) -> Result<T, ResponseError> {
    let body = response.body();
    if body.iter().all(u8::is_ascii_whitespace) {
        return from_json(response);
    }
    let tree = std::str::from_utf8(body)
        .map_err(|e| {
            ResponseError::with_kind(
                response,
                ResponseErrorKind::InvalidJson,
                format!("invalid JSON body: not UTF-8: {e}"),
            )
        })
        .and_then(|text| Json::from_text(text).map_err(|error| json_error(response, error, ".")))?;
    let mut renamed = String::with_capacity(body.len());
    tree.rename(schema, false).write(&mut renamed);
    let mut deserializer = serde_json::Deserializer::from_str(&renamed);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = member_path(error.path());
        json_error(response, error.into_inner(), &path)
    })
}

/// Reads a modeled error's members from the body, as [`from_json_renamed`]
/// does, with the schema of `T` (a generated error): the body reader of
/// the errors of a restJson1 service with `@jsonName`s.
///
/// # Errors
///
/// Those of [`from_json_renamed`].
pub fn error_body_renamed<T: DeserializeOwned + HasSchema>(
    response: &HttpResponse,
) -> Result<T, ResponseError> {
    from_json_renamed(response, T::SCHEMA)
}

/// `path` in the form [`ResponseError::path`] shows (`nested.values[1]`,
/// `.` for the root), without the `?` that serde_path_to_error gives a key
/// not read yet (a body that breaks off, or goes wrong, where a member name
/// belongs): the error is then in the object around it.
pub(crate) fn member_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    if out.is_empty() { ".".to_owned() } else { out }
}

/// A [`ResponseError`] for `error`, met at JSON `path` (`.` for the root).
fn json_error(response: &HttpResponse, error: serde_json::Error, path: &str) -> ResponseError {
    let kind = match error.classify() {
        serde_json::error::Category::Data => ResponseErrorKind::InvalidValue,
        // JSON sets no bound on numbers; one too large for an f64 is a
        // value that does not fit, though the parser reports it as syntax.
        serde_json::error::Category::Syntax
            if error.to_string().starts_with("number out of range") =>
        {
            ResponseErrorKind::InvalidValue
        }
        serde_json::error::Category::Syntax
        | serde_json::error::Category::Eof
        | serde_json::error::Category::Io => ResponseErrorKind::InvalidJson,
    };
    let message = if path.is_empty() || path == "." {
        format!("invalid JSON body: {error}")
    } else {
        format!("invalid JSON body at {path}: {error}")
    };
    ResponseError::with_kind(response, kind, message).with_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ListSchema, MapSchema, Member};

    // structure Outer { Name (jsonName "name"), Items: list<Inner>, ByKey: map<string, Inner>, Raw: document }
    // structure Inner { Value (jsonName "v"), Plain }
    static INNER: Schema = Schema::Structure(&[
        Member::new("Value", &Schema::Float).json_name("v"),
        Member::new("Plain", &Schema::String),
    ]);
    static OUTER: Schema = Schema::Structure(&[
        Member::new("Name", &Schema::String).json_name("name"),
        Member::new("Items", &Schema::List(&ListSchema::new(&INNER))),
        Member::new("ByKey", &Schema::Map(&MapSchema::new(&INNER))),
        Member::new("Raw", &Schema::Document),
    ]);

    #[test]
    fn renamed_bodies_key_members_by_json_name_and_back() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Inner {
            #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
            value: Option<f32>,
            #[serde(rename = "Plain", skip_serializing_if = "Option::is_none")]
            plain: Option<String>,
        }
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Outer {
            #[serde(rename = "Name")]
            name: String,
            #[serde(rename = "Items")]
            items: Vec<Inner>,
            #[serde(rename = "ByKey")]
            by_key: std::collections::BTreeMap<String, Inner>,
            #[serde(rename = "Raw")]
            raw: serde_json::Value,
        }
        let value = Outer {
            name: "n \"quoted\"".to_owned(),
            items: vec![Inner {
                value: Some(10.8),
                plain: None,
            }],
            // Map keys are data: a key that is a member's name stays.
            by_key: [(
                "Value".to_owned(),
                Inner {
                    value: None,
                    plain: Some("p".to_owned()),
                },
            )]
            .into(),
            // Documents are not renamed.
            raw: serde_json::json!({"Name": 1}),
        };
        let wire = String::from_utf8(to_json_renamed(&value, &OUTER).unwrap()).unwrap();
        assert_eq!(
            wire,
            r#"{"name":"n \"quoted\"","Items":[{"v":10.8}],"ByKey":{"Value":{"Plain":"p"}},"Raw":{"Name":1}}"#
        );
        let read: Outer = from_json_renamed(&response(200, &wire), &OUTER).unwrap();
        assert_eq!(read, value);

        // Reading, the member name is not the wire's key: it is dropped,
        // not mistaken for the member.
        let read: serde_json::Value =
            from_json_renamed(&response(200, r#"{"Name":"x","name":"y"}"#), &OUTER).unwrap();
        assert_eq!(read, serde_json::json!({"Name": "y"}));

        let error =
            from_json_renamed::<Outer>(&response(200, r#"{"name": 5}"#), &OUTER).unwrap_err();
        assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
        assert_eq!(error.path(), Some("Name"));
        let error = from_json_renamed::<Outer>(&response(200, r#"{"name": "#), &OUTER).unwrap_err();
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
        let empty: serde_json::Value = from_json_renamed(&response(200, ""), &OUTER).unwrap();
        assert_eq!(empty, serde_json::json!({}));
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        http::Response::builder()
            .status(status)
            .header("x-amzn-requestid", "req-1")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn parses_json_and_reads_empty_bodies_as_empty_objects() {
        let value: serde_json::Value = from_json(&response(200, " ")).unwrap();
        assert_eq!(value, serde_json::json!({}));
        let error = from_json::<serde_json::Value>(&response(200, "{nope")).unwrap_err();
        assert_eq!(error.status(), 200);
        assert_eq!(error.request_id(), Some("req-1"));
        assert!(error.message().starts_with("invalid JSON body"), "{error}");
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
    }

    #[test]
    fn errors_say_what_kind_and_where() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Option<Vec<Inner>>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: Option<i32>,
        }
        let read = |body: &str| from_json::<Outer>(&response(200, body)).unwrap_err();

        let error = read(r#"{"inner": [{"n": 1}, {"n": "x"}]}"#);
        assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
        assert_eq!(error.path(), Some("inner[1].n"));
        assert_eq!(
            error.message(),
            r#"invalid JSON body at inner[1].n: invalid type: string "x", expected i32 at line 1 column 30"#
        );

        let error = read(r#"{"inner": [{"n": 1e999}]}"#);
        assert_eq!(error.kind(), ResponseErrorKind::InvalidValue, "{error}");

        let error = read(r#"{"inner": [{"n": 1}"#);
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
        assert_eq!(error.path(), Some("inner"));

        let error = read(r#"{} {}"#);
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
        assert_eq!(error.path(), None);
        assert!(error.message().contains("trailing characters"), "{error}");

        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let error = from_json::<serde_json::Value>(&response(200, &deep)).unwrap_err();
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
        assert!(
            error.message().contains("recursion limit exceeded"),
            "{error}"
        );
    }
}
