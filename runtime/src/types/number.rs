//! [`BigInteger`] and [`BigDecimal`], Smithy's arbitrary-precision numbers.

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Whether `text` is `-?(0|[1-9][0-9]*)`: JSON's integer grammar. Returns
/// the rest after the integer, or `None`.
fn integer_part(text: &str) -> Option<&str> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let rest = digits.trim_start_matches(|c: char| c.is_ascii_digit());
    let integer = digits.get(..digits.len() - rest.len())?;
    match integer.as_bytes() {
        [] => None,
        [b'0', _, ..] => None,
        _ => Some(rest),
    }
}

/// One or more ASCII digits, then the rest.
fn digits(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    (rest.len() < text.len()).then_some(rest)
}

fn is_integer(text: &str) -> bool {
    integer_part(text) == Some("")
}

/// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_decimal(text: &str) -> bool {
    let Some(mut rest) = integer_part(text) else {
        return false;
    };
    if let Some(fraction) = rest.strip_prefix('.') {
        let Some(after) = digits(fraction) else {
            return false;
        };
        rest = after;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let Some(after) = digits(exponent) else {
            return false;
        };
        rest = after;
    }
    rest.is_empty()
}

/// A JSON number token, or a string holding one.
fn deserialize_number<'de, D: Deserializer<'de>>(
    deserializer: D,
    what: &str,
    valid: fn(&str) -> bool,
) -> Result<String, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let token = raw.get();
    let text = if token.starts_with('"') {
        serde_json::from_str::<String>(token).map_err(D::Error::custom)?
    } else {
        token.to_owned()
    };
    if valid(&text) {
        Ok(text)
    } else {
        let shown: String = token.chars().take(64).collect();
        let ellipsis = if shown.len() < token.len() { "…" } else { "" };
        Err(D::Error::custom(format!(
            "invalid {what}: expected a number or a string of one, found {shown}{ellipsis}"
        )))
    }
}

/// Writes `text`, a valid JSON number, as a number token.
fn serialize_number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let raw: &RawValue = serde_json::from_str(text).map_err(S::Error::custom)?;
    raw.serialize(serializer)
}

/// Text that is not a [`BigInteger`] or [`BigDecimal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseBigNumberError {
    what: &'static str,
}

impl fmt::Display for ParseBigNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: not a JSON number", self.what)
    }
}

impl std::error::Error for ParseBigNumberError {}

/// Defines the parts the two types share.
macro_rules! big_number {
    ($name:ident, $what:literal, $valid:ident) => {
        impl $name {
            /// The number's decimal text, a valid JSON number.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The number's decimal text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = ParseBigNumberError;

            /// Takes `text` as is if it is a valid JSON number of this kind;
            /// no sign `+`, leading zero or surrounding space.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                if $valid(text) {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(ParseBigNumberError { what: $what })
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = ParseBigNumberError;

            /// As [`FromStr`], keeping the allocation.
            fn try_from(text: String) -> Result<Self, Self::Error> {
                if $valid(&text) {
                    Ok(Self(text))
                } else {
                    Err(ParseBigNumberError { what: $what })
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(number: $name) -> Self {
                number.0
            }
        }

        big_number!(@from_int $name, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

        impl Serialize for $name {
            /// A JSON number token of any length.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_number(&self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// From a JSON number of any length, or a string holding one.
            /// Needs serde_json's deserializer (or `serde_json::Value`'s).
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_number(deserializer, $what, $valid).map(Self)
            }
        }
    };
    (@from_int $name:ident, $($int:ty),*) => {
        $(
            impl From<$int> for $name {
                fn from(value: $int) -> Self {
                    Self(value.to_string())
                }
            }
        )*
    };
}

/// An integer of any size: Smithy's `bigInteger`.
///
/// Held as its exact decimal text and written to JSON as a number token of
/// any length, so nothing is lost to `i64` or `f64`. Reading accepts a JSON
/// number or a string holding one. Equality is on the text.
///
/// ```
/// use smithy_runtime::types::BigInteger;
///
/// let n: BigInteger = "123456789012345678901234567890".parse().unwrap();
/// let json = smithy_runtime::serde_json::to_string(&n).unwrap();
/// assert_eq!(json, "123456789012345678901234567890");
/// assert_eq!(smithy_runtime::serde_json::from_str::<BigInteger>(&json).unwrap(), n);
/// assert_eq!(BigInteger::from(-5_i64).as_str(), "-5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

big_number!(BigInteger, "bigInteger", is_integer);

/// A decimal number of any size and precision: Smithy's `bigDecimal`.
///
/// Held as its exact decimal text (JSON's number grammar, exponent
/// allowed) and written to JSON as a number token, so nothing is lost to
/// `f64`. Reading accepts a JSON number or a string holding one. Equality
/// is on the text: `1.0` and `1.00` differ.
///
/// ```
/// use smithy_runtime::types::BigDecimal;
///
/// let d: BigDecimal = "0.1000000000000000000000000001".parse().unwrap();
/// let json = smithy_runtime::serde_json::to_string(&d).unwrap();
/// assert_eq!(json, "0.1000000000000000000000000001");
/// assert_eq!(smithy_runtime::serde_json::from_str::<BigDecimal>(&json).unwrap(), d);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

big_number!(BigDecimal, "bigDecimal", is_decimal);

impl From<BigInteger> for BigDecimal {
    fn from(integer: BigInteger) -> Self {
        Self(integer.0)
    }
}

impl TryFrom<f64> for BigDecimal {
    type Error = ParseBigNumberError;

    /// The exact decimal `value` prints as (its shortest round-trip form);
    /// an error for NaN and the infinities.
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        // `Display` for a finite f64 is digits, a `-` and a `.`: no exponent.
        value.to_string().try_into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn grammar() {
        for valid in ["0", "-0", "7", "-7", "10", "123456789012345678901234567890"] {
            assert!(is_integer(valid) && is_decimal(valid), "{valid}");
        }
        for decimal in [
            "0.5", "-0.5", "1.25e10", "1E+2", "1e-2", "-0.0e0", "3.14159",
        ] {
            assert!(is_decimal(decimal) && !is_integer(decimal), "{decimal}");
        }
        for invalid in [
            "", "-", "+1", "01", "-01", "00", " 1", "1 ", "1.", ".5", "1e", "1e+", "1.e5", "0x10",
            "NaN", "Infinity", "1_000", "١", "1.5.5", "--1", "1e5.5",
        ] {
            assert!(!is_decimal(invalid) && !is_integer(invalid), "{invalid:?}");
        }
    }

    #[test]
    fn big_values_round_trip_exactly() {
        let int = "-98765432109876543210987654321098765432109876543210";
        let dec = "12345678901234567890.000000000000000000001e-300";
        let body = format!(r#"{{"i":{int},"d":{dec},"l":[{int},"7"]}}"#);
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Numbers {
            i: BigInteger,
            d: BigDecimal,
            l: Vec<BigInteger>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            o: Option<BigDecimal>,
        }
        let parsed: Numbers = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed.i.as_str(), int);
        assert_eq!(parsed.d.as_str(), dec);
        assert_eq!(parsed.l[1], BigInteger::from(7_u8));
        assert_eq!(parsed.o, None);
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            format!(r#"{{"i":{int},"d":{dec},"l":[{int},7]}}"#)
        );
        let with_option: Numbers =
            serde_json::from_str(&body.replace(r#""l""#, r#""o":"1.50","l""#)).unwrap();
        assert_eq!(with_option.o.unwrap().as_str(), "1.50");
        let null_option: Numbers =
            serde_json::from_str(&body.replace(r#""l""#, r#""o":null,"l""#)).unwrap();
        assert_eq!(null_option.o, None);
        // Also through serde_json::Value, and from a reader.
        let value = serde_json::to_value(BigDecimal::from(5_i32)).unwrap();
        assert_eq!(value, json!(5));
        assert_eq!(
            serde_json::from_value::<BigDecimal>(json!(2.5))
                .unwrap()
                .as_str(),
            "2.5"
        );
        let from_reader: Numbers = serde_json::from_reader(body.as_bytes()).unwrap();
        assert_eq!(from_reader, parsed);
    }

    #[test]
    fn strings_are_accepted_and_checked() {
        let from = |json: &str| serde_json::from_str::<BigDecimal>(json);
        assert_eq!(from(r#""-1.5e3""#).unwrap().as_str(), "-1.5e3");
        assert_eq!(from(r#" "\u0031" "#).unwrap().as_str(), "1");
        assert_eq!(
            serde_json::from_str::<BigInteger>(r#""18446744073709551616""#)
                .unwrap()
                .as_str(),
            "18446744073709551616"
        );
        for bad in [
            r#""1.5x""#,
            r#""NaN""#,
            r#""""#,
            "true",
            "null",
            "[1]",
            r#"{"a":1}"#,
        ] {
            let err = from(bad).unwrap_err().to_string();
            assert!(err.contains("invalid bigDecimal"), "{bad}: {err}");
        }
        let err = serde_json::from_str::<BigInteger>("1.5")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid bigInteger: expected a number or a string of one, found 1.5"),
            "{err}"
        );
        assert!(serde_json::from_str::<BigInteger>("1e3").is_err());
        let long = format!(r#""{}""#, "x".repeat(500));
        let err = from(&long).unwrap_err().to_string();
        assert!(err.len() < 200 && err.contains('…'), "{err}");
        // Syntax errors stay serde_json's.
        assert!(from("01").is_err() && from("1.").is_err());
    }

    #[test]
    fn constructors() {
        assert_eq!("-12".parse::<BigInteger>().unwrap().to_string(), "-12");
        assert_eq!(
            "+12".parse::<BigInteger>().unwrap_err().to_string(),
            "invalid bigInteger: not a JSON number"
        );
        assert!("1.5".parse::<BigInteger>().is_err());
        assert!(BigInteger::try_from(String::from("1 ")).is_err());
        assert_eq!(BigInteger::from(u128::MAX).as_str(), u128::MAX.to_string());
        assert_eq!(
            BigInteger::from(i128::MIN).into_string(),
            i128::MIN.to_string()
        );
        assert_eq!(BigDecimal::from(BigInteger::from(3_u64)).as_ref(), "3");
        assert_eq!(BigDecimal::try_from(0.1).unwrap().as_str(), "0.1");
        assert_eq!(
            BigDecimal::try_from(-1e21).unwrap().as_str(),
            "-1000000000000000000000"
        );
        assert_eq!(BigDecimal::try_from(1e-7).unwrap().as_str(), "0.0000001");
        assert!(BigDecimal::try_from(f64::NAN).is_err());
        assert!(BigDecimal::try_from(f64::NEG_INFINITY).is_err());
        assert_eq!(String::from(BigDecimal::try_from(2.0).unwrap()), "2");
    }

    /// The generated command-line programs re-key their input
    /// (`cli::schema`) before deserializing it: the raw token must pass
    /// through whole.
    #[cfg(feature = "cli")]
    #[test]
    fn through_the_cli_input() {
        use crate::cli::{Member, Schema};
        #[derive(Debug, Deserialize)]
        struct Input {
            n: BigInteger,
            d: Option<BigDecimal>,
        }
        static INPUT: Schema = Schema::Structure(&[
            Member {
                name: "n",
                required: true,
                schema: &Schema::Value,
            },
            Member {
                name: "d",
                required: false,
                schema: &Schema::Value,
            },
        ]);
        let text = r#"{"n": 123456789012345678901234567890, "d": "1.5"}"#;
        let input: Input = crate::cli::parse_input(text, &INPUT).unwrap();
        assert_eq!(input.n.as_str(), "123456789012345678901234567890");
        assert_eq!(input.d.unwrap().as_str(), "1.5");

        let error = crate::cli::parse_input::<Input>(r#"{"n": 1.5}"#, &INPUT).unwrap_err();
        assert!(error.starts_with("invalid input at n: "), "{error}");
    }
}
