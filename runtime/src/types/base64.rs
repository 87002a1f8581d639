//! Base64 (RFC 4648 section 4: the standard alphabet, `=` padding), as
//! Smithy uses it for blobs in JSON bodies and for `@mediaType` strings in
//! HTTP headers.
//!
//! [`encode`] always writes padding. [`decode`] is strict about the
//! alphabet (no whitespace, no URL-safe `-` and `_`) but, like the AWS SDKs
//! for Java and JavaScript, lenient where no information is lost: padding may
//! be left off, and non-zero bits after the last byte are ignored.

use std::fmt;

/// Encodes `bytes` as base64 with the standard alphabet and `=` padding.
///
/// ```
/// use smithy_runtime::types::base64;
///
/// assert_eq!(base64::encode(b"foobar"), "Zm9vYmFy");
/// assert_eq!(base64::encode(b"fo"), "Zm8=");
/// ```
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let (b0, b1, b2, len) = match *chunk {
            [a, b, c] => (a, b, c, 3),
            [a, b] => (a, b, 0, 2),
            [a] => (a, 0, 0, 1),
            _ => continue,
        };
        let group = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for i in 0..4 {
            if i <= len {
                // Truncation is the point: the low six bits are the digit.
                let sextet = ((group >> (18 - 6 * i)) & 0x3f) as u8;
                out.push(char::from(digit(sextet)));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base64 text in the standard alphabet.
///
/// Padding is optional, but where present it must be right (`Zg==`, not
/// `Zg=`). Any other character, including whitespace and the URL-safe
/// alphabet's `-` and `_`, is an error.
///
/// ```
/// use smithy_runtime::types::base64;
///
/// assert_eq!(base64::decode("Zm9vYg==").unwrap(), b"foob");
/// assert_eq!(base64::decode("Zm9vYg").unwrap(), b"foob");
/// assert!(base64::decode("Zm9v Yg==").is_err());
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let input = text.as_bytes();
    let padding = input.iter().rev().take_while(|&&b| b == b'=').count();
    let (data, _) = input.split_at(input.len() - padding);
    // Characters first: a stray one is the likelier fault than the length.
    if let Some(offset) = data.iter().position(|&b| sextet(b).is_none()) {
        let character = text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        return Err(Base64Error::InvalidCharacter { offset, character });
    }
    if padding > 2 || (padding > 0 && input.len() % 4 != 0) {
        return Err(Base64Error::InvalidPadding);
    }
    if data.len() % 4 == 1 {
        return Err(Base64Error::InvalidLength {
            length: input.len(),
        });
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for chunk in data.chunks(4) {
        let mut group = 0u32;
        for (i, &byte) in chunk.iter().enumerate() {
            group |= u32::from(sextet(byte).unwrap_or(0)) << (18 - 6 * i);
        }
        // A chunk of n digits carries n - 1 whole bytes of the 24-bit group.
        let [_, b0, b1, b2] = group.to_be_bytes();
        out.extend([b0, b1, b2].iter().take(chunk.len() - 1));
    }
    Ok(out)
}

/// Why [`decode`] rejected its input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base64Error {
    /// A character outside the standard alphabet (or `=` before the end).
    InvalidCharacter {
        /// Byte offset of the character in the input.
        offset: usize,
        /// The character.
        character: char,
    },
    /// The input, without padding, is one more than a multiple of four
    /// characters long, which no byte sequence encodes to.
    InvalidLength {
        /// The input's length in bytes.
        length: usize,
    },
    /// More than two `=`, or padding that does not make the length a
    /// multiple of four.
    InvalidPadding,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCharacter { offset, character } => write!(
                f,
                "invalid base64: unexpected character {character:?} at offset {offset}"
            ),
            Self::InvalidLength { length } => write!(
                f,
                "invalid base64: a length of {length} characters encodes no byte sequence"
            ),
            Self::InvalidPadding => f.write_str("invalid base64: incorrect `=` padding"),
        }
    }
}

impl std::error::Error for Base64Error {}

/// The character of a six-bit value.
fn digit(sextet: u8) -> u8 {
    match sextet {
        0..=25 => b'A' + sextet,
        26..=51 => b'a' + (sextet - 26),
        52..=61 => b'0' + (sextet - 52),
        62 => b'+',
        _ => b'/',
    }
}

/// The six-bit value of a character, if it is in the alphabet.
fn sextet(character: u8) -> Option<u8> {
    match character {
        b'A'..=b'Z' => Some(character - b'A'),
        b'a'..=b'z' => Some(character - b'a' + 26),
        b'0'..=b'9' => Some(character - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_vectors() {
        for (plain, encoded) in RFC_4648 {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes(), "{encoded}");
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded).unwrap(), plain.as_bytes(), "{unpadded}");
        }
    }

    #[test]
    fn every_byte_value_and_length_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        let encoded = encode(&bytes);
        assert!(encoded.contains('+') && encoded.contains('/'));
        assert_eq!(decode(&encoded).unwrap(), bytes);
        for len in 0..bytes.len() {
            let prefix = &bytes[..len];
            let encoded = encode(prefix);
            assert_eq!(encoded.len() % 4, 0);
            assert_eq!(decode(&encoded).unwrap(), prefix, "length {len}");
        }
    }

    #[test]
    fn known_binary_values() {
        assert_eq!(encode([0xff, 0xfe, 0xfd]), "//79");
        assert_eq!(encode([0xfb, 0xef, 0xbe]), "++++");
        assert_eq!(decode("AAECAw==").unwrap(), [0, 1, 2, 3]);
        // AWS's protocol tests: blobs in JSON bodies.
        assert_eq!(encode("value"), "dmFsdWU=");
        assert_eq!(decode("dmFsdWU=").unwrap(), b"value");
    }

    #[test]
    fn trailing_bits_are_ignored() {
        assert_eq!(decode("Zh==").unwrap(), b"f");
        assert_eq!(decode("Zm9=").unwrap(), b"fo");
    }

    #[test]
    fn invalid_input_is_an_error() {
        let bad = |text: &str| decode(text).unwrap_err();
        assert_eq!(
            bad("Zm9v Yg=="),
            Base64Error::InvalidCharacter {
                offset: 4,
                character: ' '
            }
        );
        assert_eq!(
            bad("Zm9-"),
            Base64Error::InvalidCharacter {
                offset: 3,
                character: '-'
            }
        );
        assert_eq!(
            bad("Zm9vé"),
            Base64Error::InvalidCharacter {
                offset: 4,
                character: 'é'
            }
        );
        assert_eq!(
            bad("Zg=a"),
            Base64Error::InvalidCharacter {
                offset: 2,
                character: '='
            }
        );
        assert_eq!(bad("Zm9vY"), Base64Error::InvalidLength { length: 5 });
        assert_eq!(bad("Z"), Base64Error::InvalidLength { length: 1 });
        assert_eq!(bad("Zg="), Base64Error::InvalidPadding);
        assert_eq!(bad("Zm8=="), Base64Error::InvalidPadding);
        assert_eq!(bad("Zg==="), Base64Error::InvalidPadding);
        assert_eq!(bad("===="), Base64Error::InvalidPadding);
        assert_eq!(bad("Z==="), Base64Error::InvalidPadding);
        assert_eq!(bad("="), Base64Error::InvalidPadding);
        assert!(bad("Zm9v\n").to_string().contains("offset 4"));
    }
}
