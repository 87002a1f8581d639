//! Wire protocols driven by a [`Schema`](crate::schema::Schema) rather than
//! by the generated types' serde alone.

pub mod query;
