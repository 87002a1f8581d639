//! Clients generated at build time by `build.rs`.

/// The EC2 Image Builder client, with `UpdateInfrastructureConfiguration`.
pub mod imagebuilder {
    include!(concat!(env!("OUT_DIR"), "/imagebuilder.rs"));
}

/// The client of the test model with one of each kind of shape.
pub mod kinds {
    include!(concat!(env!("OUT_DIR"), "/kinds.rs"));
}
