//! [`Blob`], Smithy's `blob`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::base64;

/// Bytes: Smithy's `blob`.
///
/// In a JSON body a blob is a base64 string (standard alphabet, padded);
/// serde writes and reads it so. Reading accepts what
/// [`base64::decode`] does: padding may be left off, but any character
/// outside the alphabet is an error. (A blob that is a whole HTTP payload
/// travels as raw bytes instead, which is the protocol code's business.)
///
/// ```
/// use smithy_runtime::types::Blob;
///
/// let blob = Blob::new("value");
/// assert_eq!(smithy_runtime::serde_json::to_string(&blob).unwrap(), r#""dmFsdWU=""#);
/// assert_eq!(blob.as_ref(), b"value");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Blob {
    inner: Vec<u8>,
}

impl Blob {
    /// A blob of `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            inner: bytes.into(),
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.inner
    }

    /// The bytes, owned.
    pub fn into_inner(self) -> Vec<u8> {
        self.inner
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

impl fmt::Debug for Blob {
    /// The bytes as a byte string, `Blob(b"value\x00")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob(b\"{}\")", self.inner.escape_ascii())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.inner
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl<const N: usize> From<[u8; N]> for Blob {
    fn from(bytes: [u8; N]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.inner
    }
}

impl Serialize for Blob {
    /// A base64 string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::encode(&self.inner))
    }
}

impl<'de> Deserialize<'de> for Blob {
    /// From a base64 string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64;

        impl Visitor<'_> for Base64 {
            type Value = Blob;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Blob, E> {
                base64::decode(text).map(Blob::new).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Base64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_is_base64() {
        let blob = Blob::from(&b"\x00\xffhi"[..]);
        let json = serde_json::to_string(&blob).unwrap();
        assert_eq!(json, r#""AP9oaQ==""#);
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), blob);
        assert_eq!(serde_json::from_str::<Blob>(r#""AP9oaQ""#).unwrap(), blob);
        assert_eq!(serde_json::to_string(&Blob::default()).unwrap(), r#""""#);
        assert_eq!(
            serde_json::from_str::<Blob>(r#""""#).unwrap(),
            Blob::default()
        );
        let value = serde_json::to_value(&blob).unwrap();
        assert_eq!(serde_json::from_value::<Blob>(value).unwrap(), blob);
    }

    #[test]
    fn invalid_blobs_are_errors() {
        let err = serde_json::from_str::<Blob>(r#""AP9o aQ==""#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid base64: unexpected character ' ' at offset 4 at line 1 column 11"
        );
        let err = serde_json::from_str::<Blob>("[1, 2]").unwrap_err();
        assert!(
            err.to_string().contains("expected a base64 string"),
            "{err}"
        );
        assert!(serde_json::from_str::<Blob>("null").is_err());
        assert!(serde_json::from_str::<Blob>(r#""Zg=""#).is_err());
    }

    #[test]
    fn conversions() {
        let blob = Blob::from("hi");
        assert_eq!(blob.as_bytes(), b"hi");
        assert_eq!(blob.len(), 2);
        assert!(!blob.is_empty() && Blob::new(Vec::new()).is_empty());
        assert_eq!(Blob::from([104, 105]), blob);
        assert_eq!(Blob::from(vec![104, 105]), blob);
        assert_eq!(Blob::from(String::from("hi")), blob);
        assert_eq!(Vec::from(blob.clone()), b"hi");
        assert_eq!(blob.clone().into_inner(), b"hi");
        assert_eq!(
            format!("{:?}", Blob::new(*b"a\"\x00")),
            r#"Blob(b"a\"\x00")"#
        );
    }
}
