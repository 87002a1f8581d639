//! Checking a sent request against an `httpRequestTests` case.

use smithy_runtime::HttpRequest;

use crate::body::check_body;

/// What a request case expects (the case's fields, as the generator
/// writes them).
#[derive(Debug, Clone, Copy)]
pub struct ExpectedRequest {
    pub method: &'static str,
    /// The path, without the query string.
    pub uri: &'static str,
    /// The host the request must go to, when the case says.
    pub resolved_host: Option<&'static str>,
    /// `name=value` pairs as sent (percent-encoded), each of which must be
    /// in the query string; values of a repeated name in this order.
    pub query_params: &'static [&'static str],
    /// Names that must not be in the query string.
    pub forbid_query_params: &'static [&'static str],
    /// Names that must be in the query string, with any value.
    pub require_query_params: &'static [&'static str],
    /// Headers that must be sent with these values.
    pub headers: &'static [(&'static str, &'static str)],
    pub forbid_headers: &'static [&'static str],
    pub require_headers: &'static [&'static str],
    /// The body, when the case says what it must be.
    pub body: Option<&'static str>,
    pub body_media_type: Option<&'static str>,
}

/// Every difference between `request` and `expected`, or `Ok`.
pub fn check_request(request: &HttpRequest, expected: &ExpectedRequest) -> Result<(), String> {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!(
            "method {} instead of {}",
            request.method(),
            expected.method
        ));
    }
    let uri = request.uri();
    if uri.path() != expected.uri {
        problems.push(format!(
            "path {:?} instead of {:?}",
            uri.path(),
            expected.uri
        ));
    }
    if let Some(host) = expected.resolved_host
        && uri.host() != Some(host)
    {
        problems.push(format!("host {:?} instead of {host:?}", uri.host()));
    }
    problems.extend(check_query(uri.query().unwrap_or(""), expected));
    problems.extend(check_headers(request, expected));
    if let Some(body) = expected.body
        && let Err(problem) = check_body(request.body(), body, expected.body_media_type)
    {
        problems.push(problem);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The query string's `name=value` pairs, as sent.
fn pairs(query: &str) -> Vec<&str> {
    query.split('&').filter(|pair| !pair.is_empty()).collect()
}

fn name_of(pair: &str) -> &str {
    pair.split_once('=').map_or(pair, |(name, _)| name)
}

/// Percent-escapes compare without regard to the case of their hex digits.
fn same_encoded(a: &str, b: &str) -> bool {
    normalized(a) == normalized(b)
}

fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            for _ in 0..2 {
                if let Some(hex) = chars.next() {
                    out.push(hex.to_ascii_uppercase());
                }
            }
        }
    }
    out
}

fn check_query(query: &str, expected: &ExpectedRequest) -> Vec<String> {
    let sent = pairs(query);
    let mut problems = Vec::new();
    let mut used = vec![false; sent.len()];
    // The position of the last match of each name: repeated names must be
    // sent in the case's order.
    let mut last: Vec<(&str, usize)> = Vec::new();
    for want in expected.query_params {
        let name = name_of(want);
        let after = last
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, at)| at + 1);
        let found = sent
            .iter()
            .enumerate()
            .skip(after)
            .find(|(index, pair)| {
                !used.get(*index).copied().unwrap_or(true) && same_encoded(pair, want)
            })
            .map(|(index, _)| index);
        match found {
            Some(index) => {
                if let Some(slot) = used.get_mut(index) {
                    *slot = true;
                }
                last.push((name, index));
            }
            None => problems.push(format!(
                "query parameter {want:?} not sent in order (query string {query:?})"
            )),
        }
    }
    for name in expected.forbid_query_params {
        if sent.iter().any(|pair| name_of(pair) == *name) {
            problems.push(format!(
                "forbidden query parameter {name:?} sent ({query:?})"
            ));
        }
    }
    for name in expected.require_query_params {
        if !sent.iter().any(|pair| name_of(pair) == *name) {
            problems.push(format!(
                "required query parameter {name:?} not sent ({query:?})"
            ));
        }
    }
    problems
}

fn check_headers(request: &HttpRequest, expected: &ExpectedRequest) -> Vec<String> {
    let headers = request.headers();
    let mut problems = Vec::new();
    for (name, want) in expected.headers {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not UTF-8>"))
            .collect();
        if values.is_empty() {
            problems.push(format!("header {name} not sent (expected {want:?})"));
        } else if values.join(", ") != *want {
            problems.push(format!(
                "header {name} is {:?} instead of {want:?}",
                values.join(", ")
            ));
        }
    }
    for name in expected.forbid_headers {
        if let Some(value) = headers.get(*name) {
            problems.push(format!("forbidden header {name} sent ({value:?})"));
        }
    }
    for name in expected.require_headers {
        if !headers.contains_key(*name) {
            problems.push(format!("required header {name} not sent"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> ExpectedRequest {
        ExpectedRequest {
            method: "GET",
            uri: "/a",
            resolved_host: None,
            query_params: &[],
            forbid_query_params: &[],
            require_query_params: &[],
            headers: &[],
            forbid_headers: &[],
            require_headers: &[],
            body: None,
            body_media_type: None,
        }
    }

    fn request(uri: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest {
        let mut builder = http::Request::builder().method("GET").uri(uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn query_params_present_and_repeated_names_in_order() {
        let mut e = expected();
        e.query_params = &["x=1", "x=2", "y=%2F"];
        assert!(check_request(&request("https://h/a?y=%2f&x=1&z&x=2", &[], ""), &e).is_ok());
        let error = check_request(&request("https://h/a?x=2&x=1&y=%2F", &[], ""), &e).unwrap_err();
        assert!(error.contains("\"x=2\" not sent in order"), "{error}");
        e.query_params = &["y=a"];
        assert!(check_request(&request("https://h/a?y=b", &[], ""), &e).is_err());
    }

    #[test]
    fn forbidden_and_required_query_names() {
        let mut e = expected();
        e.forbid_query_params = &["f"];
        e.require_query_params = &["r"];
        assert!(check_request(&request("https://h/a?r=1", &[], ""), &e).is_ok());
        let error = check_request(&request("https://h/a?f", &[], ""), &e).unwrap_err();
        assert!(error.contains("forbidden query parameter \"f\""), "{error}");
        assert!(error.contains("required query parameter \"r\""), "{error}");
    }

    #[test]
    fn headers_method_path_and_host() {
        let mut e = expected();
        e.headers = &[("X-A", "1, 2"), ("X-B", "b")];
        e.forbid_headers = &["X-F"];
        e.require_headers = &["X-R"];
        e.resolved_host = Some("foo.example.com");
        let ok = request(
            "https://foo.example.com/a",
            &[("x-a", "1"), ("x-a", "2"), ("x-b", "b"), ("x-r", "?")],
            "",
        );
        assert!(check_request(&ok, &e).is_ok());
        let bad = request("https://example.com/b", &[("x-a", "1"), ("x-f", "!")], "");
        let error = check_request(&bad, &e).unwrap_err();
        for part in [
            "path \"/b\"",
            "host Some(\"example.com\")",
            "header X-A is \"1\"",
            "header X-B not sent",
            "forbidden header X-F",
            "required header X-R",
        ] {
            assert!(error.contains(part), "{part} in {error}");
        }
    }
}
