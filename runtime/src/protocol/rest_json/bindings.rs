//! HTTP bindings of restJson1 (`httpLabel`, `httpQuery`, `httpQueryParams`,
//! `httpHeader`, `httpPrefixHeaders`, `httpPayload`): building a request
//! piece by piece, and reading bound members back out of a response.

use std::collections::HashMap;

use crate::error::{RequestError, ResponseError, ResponseErrorKind};
use crate::transport::{HttpRequest, HttpResponse};
use crate::types::{DateTime, TimestampFormat, base64};

/// A request under construction: the generated serializer adds the path's
/// literal parts and labels, query parameters, headers and the body.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    uri: String,
    /// `name=value` pairs as sent (encoded).
    query: Vec<String>,
    headers: Vec<(String, String)>,
    body: Option<(Vec<u8>, &'static str)>,
}

impl RequestBuilder {
    /// A `method` request to `endpoint` (which may carry a base path).
    pub fn new(method: &'static str, endpoint: &str) -> Self {
        Self {
            method,
            uri: endpoint.trim_end_matches('/').to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Appends a literal part of the URI pattern's path, as the model has it.
    pub fn path(&mut self, literal: &str) -> &mut Self {
        self.uri.push_str(literal);
        self
    }

    /// Appends a label's value, percent-encoded; a greedy label (`{key+}`)
    /// keeps its slashes. An empty value is an error: the URI would change
    /// meaning.
    pub fn label(
        &mut self,
        name: &str,
        value: &str,
        greedy: bool,
    ) -> Result<&mut Self, RequestError> {
        if value.is_empty() {
            return Err(RequestError::new(format!("the label {name} is empty")));
        }
        if greedy {
            let encoded: Vec<String> = value.split('/').map(percent_encode).collect();
            self.uri.push_str(&encoded.join("/"));
        } else {
            self.uri.push_str(&percent_encode(value));
        }
        Ok(self)
    }

    /// Adds a query parameter; call again with the same name for each item
    /// of a list.
    pub fn query(&mut self, name: &str, value: &str) -> &mut Self {
        self.query.push(format!(
            "{}={}",
            percent_encode(name),
            percent_encode(value)
        ));
        self
    }

    /// Adds the constant query string of the URI pattern (`?key=value&flag`),
    /// as the model writes it: a `flag` without a value stays one.
    pub fn query_literal(&mut self, literal: &str) -> &mut Self {
        for part in literal.split('&').filter(|p| !p.is_empty()) {
            let encoded = match part.split_once('=') {
                Some((name, value)) => format!("{}={}", encode_kept(name), encode_kept(value)),
                None => encode_kept(part),
            };
            self.query.push(encoded);
        }
        self
    }

    /// Adds the entries of an `httpQueryParams` map, in key order, except
    /// the names that members bound with `httpQuery` use: explicit members
    /// win.
    pub fn query_params<V: QueryValues>(
        &mut self,
        entries: &HashMap<String, V>,
        explicit: &[&str],
    ) -> &mut Self {
        let mut entries: Vec<_> = entries
            .iter()
            .filter(|(name, _)| !explicit.contains(&name.as_str()))
            .collect();
        // Maps iterate in no particular order; the wire should not depend on it.
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (name, values) in entries {
            for value in values.values() {
                self.query(name, value);
            }
        }
        self
    }

    /// Sets a header, replacing one of the same name that an
    /// `httpPrefixHeaders` map set: a member bound to the header wins.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Sets a header per entry of an `httpPrefixHeaders` map, in key order,
    /// except those a member bound to the header sets.
    pub fn prefix_headers(&mut self, prefix: &str, entries: &HashMap<String, String>) -> &mut Self {
        let mut entries: Vec<_> = entries.iter().collect();
        entries.sort();
        for (name, value) in entries {
            let name = format!("{prefix}{name}");
            if !self
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                self.headers.push((name, value.clone()));
            }
        }
        self
    }

    /// Sets a JSON body.
    pub fn json_body(&mut self, body: Vec<u8>) -> &mut Self {
        self.body = Some((body, "application/json"));
        self
    }

    /// Sets a payload body with its media type.
    pub fn payload(&mut self, body: Vec<u8>, content_type: &'static str) -> &mut Self {
        self.body = Some((body, content_type));
        self
    }

    /// The request.
    pub fn build(self) -> Result<HttpRequest, RequestError> {
        let mut uri = self.uri;
        for (index, pair) in self.query.iter().enumerate() {
            uri.push(if index == 0 { '?' } else { '&' });
            uri.push_str(pair);
        }
        let mut builder = http::Request::builder().method(self.method).uri(&uri);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = match self.body {
            Some((body, content_type)) => {
                // A content type bound to a member wins over the default.
                if !self
                    .headers
                    .iter()
                    .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                {
                    builder = builder.header(http::header::CONTENT_TYPE, content_type);
                }
                body
            }
            None => Vec::new(),
        };
        builder
            .body(body)
            .map_err(|e| RequestError::new(format!("cannot build a request for {uri:?}: {e}")))
    }
}

/// The values of an `httpQueryParams` map entry: one string or a list.
pub trait QueryValues {
    /// The values, in order.
    fn values(&self) -> &[String];
}

impl QueryValues for String {
    fn values(&self) -> &[String] {
        std::slice::from_ref(self)
    }
}

impl QueryValues for Vec<String> {
    fn values(&self) -> &[String] {
        self
    }
}

/// A constant of the URI pattern: sent as written, but what a URI cannot
/// hold (spaces, `#`, non-ASCII) encoded.
fn encode_kept(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_graphic() && c != '#' {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A list header's value: items joined with `, `, an item that holds a
/// comma or a double quote quoted (with `\"` inside).
pub fn header_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|item| {
            let item = item.as_ref();
            if item.contains([',', '"']) {
                format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                item.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A timestamp as label, query or header text in `format` (restJson1:
/// `date-time` in labels and queries, `http-date` in headers, unless the
/// member's `@timestampFormat` says otherwise).
pub fn timestamp_text(value: &DateTime, format: TimestampFormat) -> Result<String, RequestError> {
    value
        .format(format)
        .map_err(|e| RequestError::new(format!("cannot write a timestamp: {e}")))
}

/// A list header of timestamps: the items joined with `, `, never quoted,
/// `http-date`s included (whose own comma readers tell apart by splitting
/// on every second comma, see [`header_timestamps`]).
pub fn timestamp_list_header(
    values: &[DateTime],
    format: TimestampFormat,
) -> Result<String, RequestError> {
    let items = values
        .iter()
        .map(|value| timestamp_text(value, format))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items.join(", "))
}

/// A `float` or `double` as label, query or header text: as Rust writes
/// it when finite, else `NaN`, `Infinity` or `-Infinity`.
pub fn float_text<F: Into<f64> + std::fmt::Display + Copy>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// A response header as text (several occurrences joined with `, `).
pub fn header(response: &HttpResponse, name: &str) -> Result<Option<String>, ResponseError> {
    let mut values = response.headers().get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let mut joined = Vec::new();
    for value in values {
        let text = value.to_str().map_err(|_| {
            ResponseError::with_kind(
                response,
                ResponseErrorKind::InvalidHeader,
                format!("header {name} is not valid text"),
            )
        })?;
        joined.push(text.trim());
    }
    Ok(Some(joined.join(", ")))
}

/// A response header parsed as a number or boolean.
pub fn header_parse<T: std::str::FromStr>(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<T>, ResponseError> {
    match header(response, name)? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            ResponseError::with_kind(
                response,
                ResponseErrorKind::InvalidHeader,
                format!("header {name} has an invalid value {text:?}"),
            )
        }),
    }
}

/// A list header split into its items (quoted items unquoted).
pub fn header_items(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<Vec<String>>, ResponseError> {
    Ok(header(response, name)?.map(|text| split_list(&text)))
}

/// A timestamp header in `format`.
pub fn header_timestamp(
    response: &HttpResponse,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<DateTime>, ResponseError> {
    header(response, name)?
        .map(|text| parse_timestamp(response, name, &text, format))
        .transpose()
}

/// A list header of timestamps in `format`. `http-date` items hold a comma
/// of their own and are not quoted, so the list is split on every second
/// comma; other formats on every comma.
pub fn header_timestamps(
    response: &HttpResponse,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<Vec<DateTime>>, ResponseError> {
    let Some(text) = header(response, name)? else {
        return Ok(None);
    };
    let items = if format == TimestampFormat::HttpDate {
        split_http_dates(&text)
    } else {
        split_list(&text)
    };
    items
        .iter()
        .map(|item| parse_timestamp(response, name, item, format))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn parse_timestamp(
    response: &HttpResponse,
    name: &str,
    text: &str,
    format: TimestampFormat,
) -> Result<DateTime, ResponseError> {
    DateTime::parse(text, format).map_err(|e| {
        ResponseError::with_kind(
            response,
            ResponseErrorKind::InvalidHeader,
            format!("header {name}: {e}"),
        )
    })
}

/// `http-date`s joined with `, `: split on every second comma.
fn split_http_dates(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut commas = 0;
    for (index, c) in text.char_indices() {
        if c == ',' {
            commas += 1;
            if commas % 2 == 0 {
                items.push(text.get(start..index).unwrap_or_default().trim().to_owned());
                start = index + 1;
            }
        }
    }
    items.push(text.get(start..).unwrap_or_default().trim().to_owned());
    items
}

/// A string header with a `@mediaType`, which travels base64-encoded
/// (write it with [`base64::encode`]).
pub fn header_base64_text(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<String>, ResponseError> {
    let Some(text) = header(response, name)? else {
        return Ok(None);
    };
    let bad = |what: &str| {
        ResponseError::with_kind(
            response,
            ResponseErrorKind::InvalidHeader,
            format!("header {name} {what}"),
        )
    };
    let bytes = base64::decode(&text).map_err(|e| bad(&format!("is not base64: {e}")))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| bad("does not decode to UTF-8 text"))
}

/// The headers starting with `prefix` (case-insensitive), by the rest of
/// their name.
pub fn prefix_headers(
    response: &HttpResponse,
    prefix: &str,
) -> Result<Option<HashMap<String, String>>, ResponseError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = HashMap::new();
    for name in response.headers().keys() {
        if let Some(rest) = name.as_str().strip_prefix(&prefix) {
            if let Some(value) = header(response, name.as_str())? {
                map.insert(rest.to_owned(), value);
            }
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                items.push(current.trim().to_owned());
                current.clear();
            }
            _ => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_paths_labels_and_queries() {
        let mut request = RequestBuilder::new("DELETE", "https://example.com/base/");
        request.path("/tags/");
        request
            .label("resourceArn", "arn:aws:x:y/z w", false)
            .unwrap();
        request
            .query("tagKeys", "a b")
            .query("tagKeys", "c&d")
            .query_literal("flag&x=1");
        let request = request.build().unwrap();
        assert_eq!(
            request.uri(),
            "https://example.com/base/tags/arn%3Aaws%3Ax%3Ay%2Fz%20w?tagKeys=a%20b&tagKeys=c%26d&flag&x=1"
        );
        assert_eq!(request.method(), "DELETE");
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn a_header_member_wins_over_a_prefix_header_in_either_order() {
        let map = HashMap::from([
            ("hello".to_owned(), "from map".to_owned()),
            ("x-a".to_owned(), "a".to_owned()),
        ]);
        let mut first = RequestBuilder::new("GET", "https://h");
        first.prefix_headers("", &map).header("Hello", "member");
        let mut second = RequestBuilder::new("GET", "https://h");
        second.header("Hello", "member").prefix_headers("", &map);
        for request in [first.build().unwrap(), second.build().unwrap()] {
            let values: Vec<_> = request.headers().get_all("hello").iter().collect();
            assert_eq!(values, ["member"]);
            assert_eq!(request.headers()["x-a"], "a");
        }
    }

    #[test]
    fn greedy_labels_keep_slashes_and_empty_labels_fail() {
        let mut request = RequestBuilder::new("GET", "https://example.com");
        request.path("/objects/");
        request.label("key", "a/b c/d", true).unwrap();
        assert_eq!(
            request.build().unwrap().uri(),
            "https://example.com/objects/a/b%20c/d"
        );
        let mut request = RequestBuilder::new("GET", "https://example.com");
        let error = request.label("name", "", false).unwrap_err();
        assert!(error.message().contains("name"), "{error}");
    }

    #[test]
    fn explicit_query_members_win_over_query_params() {
        let params: HashMap<String, Vec<String>> = [
            ("b".to_owned(), vec!["2".to_owned()]),
            ("a".to_owned(), vec!["1".to_owned(), "3".to_owned()]),
            ("token".to_owned(), vec!["map".to_owned()]),
        ]
        .into_iter()
        .collect();
        let mut request = RequestBuilder::new("GET", "https://example.com");
        request
            .path("/x")
            .query("token", "member")
            .query_params(&params, &["token"]);
        assert_eq!(
            request.build().unwrap().uri(),
            "https://example.com/x?token=member&a=1&a=3&b=2"
        );
    }

    #[test]
    fn headers_and_bodies() {
        let mut request = RequestBuilder::new("POST", "https://example.com");
        request
            .path("/x")
            .header("X-List", header_list(&["a", "b,c", "d\"e"]))
            .json_body(b"{}".to_vec());
        let request = request.build().unwrap();
        assert_eq!(request.headers()["x-list"], r#"a, "b,c", "d\"e""#);
        assert_eq!(request.headers()["content-type"], "application/json");
        let mut request = RequestBuilder::new("PUT", "https://example.com");
        request
            .header("Content-Type", "image/png")
            .payload(vec![1, 2], "application/octet-stream");
        let request = request.build().unwrap();
        assert_eq!(request.headers()["content-type"], "image/png");
        assert_eq!(request.body(), &[1, 2]);
    }

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        let mut builder = http::Response::builder().status(200);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Vec::new()).unwrap()
    }

    #[test]
    fn timestamps_and_floats_as_text() {
        let t = DateTime::from_millis(1_576_540_098_500);
        assert_eq!(
            timestamp_text(&t, TimestampFormat::DateTime).unwrap(),
            "2019-12-16T23:48:18.5Z"
        );
        let list = timestamp_list_header(
            &[DateTime::from_secs(1_576_540_098), DateTime::from_secs(0)],
            TimestampFormat::HttpDate,
        )
        .unwrap();
        assert_eq!(
            list,
            "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(float_text(1.5_f32), "1.5");
        assert_eq!(float_text(0.1_f32), "0.1");
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f32::INFINITY), "Infinity");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn reads_timestamp_and_base64_headers() {
        let response = response(&[
            ("x-when", "Mon, 16 Dec 2019 23:48:18 GMT"),
            (
                "x-whens",
                "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT",
            ),
            ("x-epochs", "1576540098, 0.5"),
            ("x-text", "aGkgdGhlcmU="),
            ("x-bad", "Mon, 16 Dec"),
        ]);
        let t = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            header_timestamp(&response, "x-when", TimestampFormat::HttpDate).unwrap(),
            Some(t)
        );
        assert_eq!(
            header_timestamps(&response, "x-whens", TimestampFormat::HttpDate).unwrap(),
            Some(vec![t, DateTime::from_secs(0)])
        );
        assert_eq!(
            header_timestamps(&response, "x-epochs", TimestampFormat::EpochSeconds).unwrap(),
            Some(vec![t, DateTime::from_millis(500)])
        );
        assert!(header_timestamp(&response, "x-bad", TimestampFormat::HttpDate).is_err());
        assert_eq!(
            header_timestamp(&response, "x-none", TimestampFormat::HttpDate).unwrap(),
            None
        );
        assert_eq!(
            header_base64_text(&response, "x-text").unwrap().as_deref(),
            Some("hi there")
        );
        assert!(header_base64_text(&response, "x-bad").is_err());
    }

    #[test]
    fn reads_headers_back() {
        let response = response(&[
            ("x-count", "42"),
            ("x-list", r#"a, "b,c", "d\"e""#),
            ("x-meta-one", "1"),
            ("X-Meta-Two", "2"),
            ("x-bad", "nope"),
        ]);
        assert_eq!(header_parse::<i32>(&response, "X-Count").unwrap(), Some(42));
        assert_eq!(header_parse::<i32>(&response, "X-Missing").unwrap(), None);
        assert!(header_parse::<i32>(&response, "x-bad").is_err());
        assert_eq!(
            header_items(&response, "x-list").unwrap().unwrap(),
            ["a", "b,c", "d\"e"]
        );
        let meta = prefix_headers(&response, "X-Meta-").unwrap().unwrap();
        assert_eq!(meta.len(), 2);
        assert_eq!(meta["one"], "1");
        assert_eq!(meta["two"], "2");
    }
}
