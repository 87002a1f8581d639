//! What each wire protocol adds to the shared call loop: how a request is
//! built, a response read and an error's code found. Generated code calls
//! the module of its service's protocol; nothing else here knows one. The
//! JSON protocols write and read bodies through the generated types' serde;
//! the query protocols are driven by a [`Schema`](crate::schema::Schema).

pub mod aws_json;
pub mod json;
pub mod query;
pub mod rest_json;
pub(crate) mod tree;
