//! An estimate of the in-memory size of a generated structure, from its
//! fields' Rust types, for the one decision that needs it: whether an
//! operation's error enum holds a modeled error inline or boxed.
//!
//! Clippy's `large_enum_variant` fires when an enum's largest variant is
//! 200 bytes or more larger than the next one. Every error enum has
//! `Unhandled` (about 112 bytes), so an error enum whose inline variants
//! are at most [`BOX_ERROR_ABOVE`] bytes is at most about 90 bytes
//! lopsided, and one larger is boxed (8 bytes). The estimate uses the
//! layouts of a 64-bit target: `String`, `Vec` and the runtime's types
//! built on them 24 bytes, `HashMap` 48, `Document` (a JSON value) 32,
//! `DateTime` 16, numbers their width; an `Option` adds nothing to a type
//! with a niche (pointers, `bool`, enums) and one alignment to the rest
//! (numbers, timestamps); fields are packed by alignment, as rustc lays
//! structures out; a union is its largest variant plus a tag. It is not
//! exact, but it errs large, and what it is compared with leaves more than
//! 100 bytes of room either way.

use crate::ir::{Field, Service, Structure, Type, TypeKind};

/// The estimated size, in bytes, above which an operation's error enum
/// boxes a modeled error (see the module documentation).
pub(crate) const BOX_ERROR_ABOVE: usize = 200;

/// The runtime's `ErrorMetadata` (three `Option<String>`s and the status),
/// a field of every error structure.
const ERROR_METADATA: Layout = Layout {
    size: 80,
    align: 8,
    niche: true,
};

/// How deep structures held inline are followed; deeper, a structure is
/// taken as large. Cycles are boxed, so this is only a guard.
const MAX_DEPTH: usize = 32;

/// Size, alignment and whether `Option` of it needs no tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    size: usize,
    align: usize,
    niche: bool,
}

impl Layout {
    const fn new(size: usize, align: usize, niche: bool) -> Self {
        Self { size, align, niche }
    }

    /// `Option<Self>`.
    fn optional(self) -> Self {
        if self.niche {
            self
        } else {
            Self::new(
                round_up(self.size + self.align, self.align),
                self.align,
                true,
            )
        }
    }
}

const POINTER: Layout = Layout::new(8, 8, true);
const VEC: Layout = Layout::new(24, 8, true);
/// Taken as large: a structure nested past [`MAX_DEPTH`] or unknown.
const LARGE: Layout = Layout::new(BOX_ERROR_ABOVE + 1, 8, true);

fn round_up(size: usize, align: usize) -> usize {
    size.div_ceil(align.max(1)) * align.max(1)
}

/// Whether an operation's error enum holds the error structure `s` in a
/// `Box`: its estimated size is above [`BOX_ERROR_ABOVE`].
pub(crate) fn boxes_error(service: &Service, s: &Structure) -> bool {
    error_size(service, s) > BOX_ERROR_ABOVE
}

/// The estimated size of error structure `s`, its metadata field included.
pub(crate) fn error_size(service: &Service, s: &Structure) -> usize {
    let fields = s.members.iter().map(|f| field(service, f, 0));
    packed(fields.chain([ERROR_METADATA])).size
}

/// Fields laid out largest alignment first, as rustc does.
fn packed(fields: impl Iterator<Item = Layout>) -> Layout {
    let mut fields: Vec<Layout> = fields.collect();
    fields.sort_by_key(|f| std::cmp::Reverse(f.align));
    let align = fields.iter().map(|f| f.align).max().unwrap_or(1);
    let mut size = 0;
    for f in &fields {
        size = round_up(size, f.align) + f.size;
    }
    Layout::new(round_up(size, align), align, fields.iter().any(|f| f.niche))
}

fn field(service: &Service, f: &Field, depth: usize) -> Layout {
    let value = if f.boxed {
        POINTER
    } else {
        of_type(service, &f.ty, depth)
    };
    if f.optional { value.optional() } else { value }
}

fn of_type(service: &Service, ty: &Type, depth: usize) -> Layout {
    match &ty.kind {
        TypeKind::String
        | TypeKind::BigInteger
        | TypeKind::BigDecimal
        | TypeKind::Blob
        | TypeKind::List { .. } => VEC,
        TypeKind::Map { .. } => Layout::new(48, 8, true),
        TypeKind::Document => Layout::new(32, 8, true),
        TypeKind::Timestamp(_) => Layout::new(16, 8, false),
        TypeKind::Bool => Layout::new(1, 1, true),
        TypeKind::Byte => Layout::new(1, 1, false),
        TypeKind::Short => Layout::new(2, 2, false),
        TypeKind::Integer | TypeKind::Float => Layout::new(4, 4, false),
        TypeKind::Long | TypeKind::Double => Layout::new(8, 8, false),
        TypeKind::Unit => Layout::new(0, 1, false),
        // Known values and `Unknown(String)`, or `Unknown(i32)`.
        TypeKind::Enum(_) => VEC,
        TypeKind::IntEnum(_) => Layout::new(8, 4, true),
        TypeKind::Structure(name) => structure(service, name, depth + 1),
    }
}

fn structure(service: &Service, name: &str, depth: usize) -> Layout {
    let Some(s) = service
        .structures
        .get(name)
        .or_else(|| service.errors.get(name))
    else {
        return LARGE;
    };
    if depth > MAX_DEPTH {
        return LARGE;
    }
    let fields = s.members.iter().map(|f| field(service, f, depth));
    if !s.is_union {
        return packed(fields);
    }
    // The largest variant, its `Unknown(String)`, and a tag.
    let largest = fields.chain([VEC]).fold(Layout::new(0, 1, false), |a, b| {
        Layout::new(a.size.max(b.size), a.align.max(b.align), true)
    });
    Layout::new(
        round_up(largest.size + largest.align, largest.align),
        largest.align,
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_of_a_number_takes_a_tag_and_of_a_pointer_does_not() {
        assert_eq!(Layout::new(4, 4, false).optional().size, 8);
        assert_eq!(Layout::new(8, 8, false).optional().size, 16);
        assert_eq!(Layout::new(1, 1, false).optional().size, 2);
        assert_eq!(Layout::new(16, 8, false).optional().size, 24);
        assert_eq!(VEC.optional(), VEC);
    }

    #[test]
    fn fields_pack_by_alignment() {
        let fields = [
            Layout::new(1, 1, true),
            Layout::new(8, 8, false),
            Layout::new(4, 4, false),
            Layout::new(1, 1, false),
        ];
        assert_eq!(packed(fields.into_iter()).size, 16);
        assert_eq!(packed([].into_iter()).size, 0);
        // The metadata alone, as an error without members is.
        assert_eq!(packed([ERROR_METADATA].into_iter()).size, 80);
    }
}
