//! SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) in plain, safe Rust.
//!
//! SigV4 needs exactly these two primitives. Hand-writing them keeps the
//! runtime free of a crypto dependency tree (see the module docs of
//! [`super`] for the measured build cost of the alternatives). The code is
//! checked against the NIST example vectors and the RFC 4231 HMAC vectors in
//! the unit tests below, and end to end by the SigV4 test suite.
//!
//! The compression function is fully unrolled with constant array indices, so
//! it needs neither `unsafe` nor run-time bounds checks.

/// Round constants: the first 32 bits of the fractional parts of the cube
/// roots of the first 64 primes, grouped by 16 rounds.
const K: [[u32; 16]; 4] = [
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174,
    ],
    [
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc,
        0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967,
    ],
    [
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
        0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624,
        0xf40e3585, 0x106aa070,
    ],
    [
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
        0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
        0xbef9a3f7, 0xc67178f2,
    ],
];

/// Initial hash value: the first 32 bits of the fractional parts of the square
/// roots of the first 8 primes.
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const BLOCK_LEN: usize = 64;

/// Message padding: a single 1 bit, then zeros (at most one block's worth).
const PADDING: [u8; BLOCK_LEN] = {
    let mut p = [0u8; BLOCK_LEN];
    p[0] = 0x80;
    p
};

/// Incremental SHA-256 hasher.
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    buffer: [u8; BLOCK_LEN],
    buffered: usize,
    /// Total message length in bytes (mod 2^64).
    length: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// A hasher with nothing absorbed yet.
    pub(crate) fn new() -> Self {
        Sha256 {
            state: H0,
            buffer: [0; BLOCK_LEN],
            buffered: 0,
            length: 0,
        }
    }

    /// Absorbs `data`.
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let free = self.buffer.get_mut(self.buffered..).unwrap_or_default();
            let take = free.len().min(data.len());
            let (head, rest) = data.split_at(take);
            if let Some(dst) = free.get_mut(..take) {
                dst.copy_from_slice(head);
            }
            self.buffered += take;
            data = rest;
            if self.buffered < BLOCK_LEN {
                return;
            }
            compress(&mut self.state, &self.buffer);
            self.buffered = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK_LEN);
        for block in &mut blocks {
            if let Ok(block) = <&[u8; BLOCK_LEN]>::try_from(block) {
                compress(&mut self.state, block);
            }
        }
        let tail = blocks.remainder();
        if let Some(dst) = self.buffer.get_mut(..tail.len()) {
            dst.copy_from_slice(tail);
        }
        self.buffered = tail.len();
    }

    /// Pads the message and returns the 32-byte digest.
    pub(crate) fn finalize(mut self) -> [u8; 32] {
        let bit_length = self.length.wrapping_mul(8);
        // Pad to 56 bytes mod 64, leaving room for the 8-byte length.
        let pad = if self.buffered < 56 {
            56 - self.buffered
        } else {
            120 - self.buffered
        };
        self.update(PADDING.get(..pad).unwrap_or_default());
        self.update(&bit_length.to_be_bytes());
        let mut out = [0u8; 32];
        for (dst, word) in out.chunks_exact_mut(4).zip(self.state) {
            dst.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// SHA-256 of `data` in one call.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(data);
    hasher.finalize()
}

/// HMAC-SHA-256 of `message` under `key` (RFC 2104).
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block_key = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        let digest = sha256(key);
        if let Some(dst) = block_key.get_mut(..digest.len()) {
            dst.copy_from_slice(&digest);
        }
    } else if let Some(dst) = block_key.get_mut(..key.len()) {
        dst.copy_from_slice(key);
    }
    let mut inner_pad = [0u8; BLOCK_LEN];
    let mut outer_pad = [0u8; BLOCK_LEN];
    for ((i, o), k) in inner_pad
        .iter_mut()
        .zip(outer_pad.iter_mut())
        .zip(block_key)
    {
        *i = k ^ 0x36;
        *o = k ^ 0x5c;
    }
    let mut inner = Sha256::new();
    inner.update(&inner_pad);
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(&outer_pad);
    outer.update(&inner);
    outer.finalize()
}

/// Lower-case hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

#[inline(always)]
fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}

#[inline(always)]
fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}

#[inline(always)]
fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

#[inline(always)]
fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

/// One round. Instead of shifting eight variables every round, the callers
/// rotate the names: this round's `d` becomes the next `e` and its `h` the
/// next `a`.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $k:expr, $w:expr) => {
        let t1 = $h
            .wrapping_add(big_sigma1($e))
            .wrapping_add(($e & $f) ^ (!$e & $g))
            .wrapping_add($k)
            .wrapping_add($w);
        let t2 = big_sigma0($a).wrapping_add(($a & $b) ^ ($a & $c) ^ ($b & $c));
        $d = $d.wrapping_add(t1);
        $h = t1.wrapping_add(t2);
    };
}

/// Eight rounds, after which the variable names are back in place.
macro_rules! eight_rounds {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $k:ident, $w:ident, $base:literal) => {
        round!($a, $b, $c, $d, $e, $f, $g, $h, $k[$base], $w[$base]);
        round!($h, $a, $b, $c, $d, $e, $f, $g, $k[$base + 1], $w[$base + 1]);
        round!($g, $h, $a, $b, $c, $d, $e, $f, $k[$base + 2], $w[$base + 2]);
        round!($f, $g, $h, $a, $b, $c, $d, $e, $k[$base + 3], $w[$base + 3]);
        round!($e, $f, $g, $h, $a, $b, $c, $d, $k[$base + 4], $w[$base + 4]);
        round!($d, $e, $f, $g, $h, $a, $b, $c, $k[$base + 5], $w[$base + 5]);
        round!($c, $d, $e, $f, $g, $h, $a, $b, $k[$base + 6], $w[$base + 6]);
        round!($b, $c, $d, $e, $f, $g, $h, $a, $k[$base + 7], $w[$base + 7]);
    };
}

/// Computes the next 16 message-schedule words in place. Word `t` lives at
/// `t % 16`, so `W[t-2]`, `W[t-7]`, `W[t-15]` and `W[t-16]` are at offsets
/// 14, 9, 1 and 0 (mod 16) from it.
macro_rules! schedule {
    ($w:ident, $($i:literal)*) => {
        $(
            $w[$i] = $w[$i]
                .wrapping_add(small_sigma1($w[($i + 14) & 15]))
                .wrapping_add($w[($i + 9) & 15])
                .wrapping_add(small_sigma0($w[($i + 1) & 15]));
        )*
    };
}

fn compress(state: &mut [u32; 8], block: &[u8; BLOCK_LEN]) {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        if let [b0, b1, b2, b3] = *bytes {
            *word = u32::from_be_bytes([b0, b1, b2, b3]);
        }
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (group, k) in K.iter().enumerate() {
        if group > 0 {
            schedule!(w, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
        }
        eight_rounds!(a, b, c, d, e, f, g, h, k, w, 0);
        eight_rounds!(a, b, c, d, e, f, g, h, k, w, 8);
    }
    for (s, x) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha_hex(data: &[u8]) -> String {
        hex(&sha256(data))
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// FIPS 180-2 / NIST CSRC "SHA256.pdf" example vectors.
    #[test]
    fn nist_vectors() {
        assert_eq!(
            sha_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            sha_hex(
                b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            ),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        );
    }

    #[test]
    fn nist_one_million_a() {
        let mut hasher = Sha256::new();
        let chunk = [b'a'; 1000];
        for _ in 0..1000 {
            hasher.update(&chunk);
        }
        assert_eq!(
            hex(&hasher.finalize()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    /// Lengths around the padding boundaries (55/56/63/64/65 bytes), checked
    /// against digests produced by an independent implementation.
    #[test]
    fn padding_boundaries() {
        let cases = [
            (
                55,
                "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            ),
            (
                56,
                "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            ),
            (
                63,
                "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            ),
            (
                64,
                "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            ),
            (
                65,
                "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            ),
        ];
        for (len, want) in cases {
            assert_eq!(sha_hex(&vec![b'a'; len]), want, "length {len}");
        }
    }

    /// Feeding the input in pieces gives the same digest as one call, for
    /// every split point.
    #[test]
    fn incremental_matches_one_shot() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        let want = sha256(&data);
        for split in 0..data.len() {
            let mut hasher = Sha256::new();
            let (a, b) = data.split_at(split);
            hasher.update(a);
            hasher.update(b);
            assert_eq!(hasher.finalize(), want, "split at {split}");
        }
        let mut hasher = Sha256::new();
        for byte in &data {
            hasher.update(std::slice::from_ref(byte));
        }
        assert_eq!(hasher.finalize(), want);
    }

    /// RFC 4231 section 4: test cases 1 to 7.
    #[test]
    fn rfc4231_vectors() {
        let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation".to_vec(),
                // RFC 4231 lists only the first 128 bits for this case.
                "a3b6167473100ee06e0c796c2955552b",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                vec![0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (n, (key, data, want)) in cases.iter().enumerate() {
            let got = hex(&hmac_sha256(key, data));
            assert!(got.starts_with(want), "RFC 4231 case {}: {got}", n + 1);
        }
    }

    #[test]
    fn hmac_key_of_exactly_one_block() {
        // Keys of exactly 64 bytes are used as-is (not hashed).
        let key = [0x42u8; 64];
        let mut inner = Sha256::new();
        inner.update(&key.map(|k| k ^ 0x36));
        inner.update(b"msg");
        let mut outer = Sha256::new();
        outer.update(&key.map(|k| k ^ 0x5c));
        outer.update(&inner.finalize());
        assert_eq!(hmac_sha256(&key, b"msg"), outer.finalize());
    }

    #[test]
    fn hex_encoding() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }
}
