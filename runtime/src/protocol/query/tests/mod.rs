//! Unit tests of the query protocols, by part.

mod errors;
mod form;
mod output;
