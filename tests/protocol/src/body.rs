//! Comparing bodies as the case's `bodyMediaType` says: JSON by value,
//! forms (`application/x-www-form-urlencoded`) as pairs in any order,
//! anything else byte for byte.

use serde_json::Value;

/// `Ok` when `actual` is the body `expected` describes.
///
/// For JSON media types (`application/json`, `*+json`) an empty expected
/// body means no body at all; otherwise both must parse and be equal as
/// values, numbers compared by value (`1` and `1.0` are the same).
pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let shown = String::from_utf8_lossy(actual);
    if is_json(media_type) && !expected.is_empty() {
        let want: Value = serde_json::from_str(expected)
            .map_err(|e| format!("the case's JSON body does not parse: {e}"))?;
        let got: Value = serde_json::from_slice(actual)
            .map_err(|e| format!("body {shown:?} is not JSON ({e}); expected {expected}"))?;
        return if same(&got, &want) {
            Ok(())
        } else {
            Err(format!("body {got} instead of {want}"))
        };
    }
    if is_form(media_type) {
        let got = pairs(&shown);
        let want = pairs(expected);
        return if got == want {
            Ok(())
        } else {
            Err(format!("form body {shown:?} instead of {expected:?}"))
        };
    }
    if actual == expected.as_bytes() {
        Ok(())
    } else {
        Err(format!("body {shown:?} instead of {expected:?}"))
    }
}

fn is_json(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|m| {
        let m = m.split(';').next().unwrap_or(m).trim();
        m == "application/json" || m.ends_with("+json")
    })
}

fn is_form(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|m| {
        m.split(';').next().unwrap_or(m).trim() == "application/x-www-form-urlencoded"
    })
}

/// A form's `name=value` pairs, sorted: the order of a query body's keys
/// carries no meaning (Smithy's protocol tests compare them so).
fn pairs(form: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = form.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_by_value() {
        let json = Some("application/json");
        assert!(
            check_body(
                br#"{"b":1.0,"a":[1,"x"]}"#,
                r#"{"a": [1, "x"], "b": 1}"#,
                json
            )
            .is_ok()
        );
        assert!(check_body(br#"{"a":[1]}"#, r#"{"a": [1], "b": null}"#, json).is_err());
        assert!(check_body(b"{}", "", json).is_err());
        assert!(check_body(b"", "", json).is_ok());
        assert!(check_body(b"not json", "{}", json).is_err());
    }

    #[test]
    fn forms_as_pairs_in_any_order() {
        let form = Some("application/x-www-form-urlencoded");
        assert!(check_body(b"Action=A&B.1=x&B.2=y", "B.2=y&Action=A&B.1=x", form).is_ok());
        assert!(check_body(b"Action=A&B.1=x", "Action=A&B.1=y", form).is_err());
        assert!(check_body(b"Action=A&B.1=x&B.1=x", "Action=A&B.1=x", form).is_err());
        assert!(check_body(b"Action=A&B.1=x", "Action=A&B.1=x", None).is_ok());
        assert!(check_body(b"B.1=x&Action=A", "Action=A&B.1=x", None).is_err());
    }

    #[test]
    fn other_media_types_byte_for_byte() {
        assert!(check_body(b"abc", "abc", Some("text/plain")).is_ok());
        assert!(check_body(b"abc ", "abc", Some("application/octet-stream")).is_err());
        assert!(check_body(b"{ }", "{}", None).is_err());
    }
}
