//! Clients generated at build time by `build.rs`.

// What generated code must never do on bad input (it cannot say so itself
// when it is `include!`d).
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// The EC2 Image Builder client, with `UpdateInfrastructureConfiguration`.
pub mod imagebuilder {
    include!(concat!(env!("OUT_DIR"), "/imagebuilder.rs"));
}

/// The client of the test model with one of each kind of shape.
pub mod kinds {
    include!(concat!(env!("OUT_DIR"), "/kinds.rs"));
}

/// The runtime, re-exported: the path `kinds_reexported` names it by.
pub use smithy_runtime as rt;

/// The client of [`kinds`], generated with `runtime_crate("crate::rt")`:
/// every runtime path goes through [`rt`].
pub mod kinds_reexported {
    include!(concat!(env!("OUT_DIR"), "/kinds_reexported.rs"));
}

/// The client of the test model that uses every type and trait restJson1
/// can say (`tests/fixtures/types.json`).
pub mod types_service {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

/// The client of the test model with `jsonName`s, timestamps and optional
/// idempotency tokens (`tests/fixtures/guardrails.json`).
pub mod guardrails {
    include!(concat!(env!("OUT_DIR"), "/guardrails.rs"));
}

/// The client of the test model whose members have `@default`s of every
/// kind (`tests/fixtures/defaults.json`).
pub mod defaults {
    include!(concat!(env!("OUT_DIR"), "/defaults.rs"));
}

/// The whole published EC2 Image Builder service (75 operations), generated
/// when the shared reference models are present.
#[cfg(full_imagebuilder)]
pub mod imagebuilder_full {
    include!(concat!(env!("OUT_DIR"), "/imagebuilder_full.rs"));
}

/// Operations of Smithy's restJson1 protocol-test service whose cases say
/// when a request has a body (generated when the shared reference data is
/// present).
#[cfg(protocol_tests)]
pub mod restjson_bodies {
    include!(concat!(env!("OUT_DIR"), "/restjson_bodies.rs"));
}

/// Smithy's Amazon Glacier test service (`com.amazonaws.glacier#Glacier`),
/// which gets Glacier's customizations.
#[cfg(protocol_tests)]
pub mod glacier {
    include!(concat!(env!("OUT_DIR"), "/glacier.rs"));
}

/// Smithy's API Gateway test service
/// (`com.amazonaws.apigateway#BackplaneControlService`).
#[cfg(protocol_tests)]
pub mod apigateway {
    include!(concat!(env!("OUT_DIR"), "/apigateway.rs"));
}
