//! Clients generated at build time by `build.rs` from AWS's published
//! models (when the shared reference folder is present,
//! `cfg(aws_json_models)`), for the behaviour tests in `tests/`.

// What generated code must never do on bad input (it cannot say so itself
// when it is `include!`d).
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// Amazon DynamoDB (awsJson1_0): `PutItem`, `Query`, `TransactWriteItems`,
/// `DescribeTable`, `BatchGetItem`, `ListTables`.
#[cfg(aws_json_models)]
pub mod dynamodb {
    include!(concat!(env!("OUT_DIR"), "/dynamodb.rs"));
}

/// Amazon SQS (awsJson1_0, `@awsQueryCompatible`): `SendMessage`.
#[cfg(aws_json_models)]
pub mod sqs {
    include!(concat!(env!("OUT_DIR"), "/sqs.rs"));
}

/// AWS KMS (awsJson1_1): `Encrypt`, `Decrypt`.
#[cfg(aws_json_models)]
pub mod kms {
    include!(concat!(env!("OUT_DIR"), "/kms.rs"));
}

/// Amazon EKS (restJson1): `DescribeCluster`, with its waiters.
#[cfg(aws_json_models)]
pub mod eks {
    include!(concat!(env!("OUT_DIR"), "/eks.rs"));
}

/// AWS Private CA (awsJson1_1): `GetCertificate`, with its waiter.
#[cfg(aws_json_models)]
pub mod acm_pca {
    include!(concat!(env!("OUT_DIR"), "/acm_pca.rs"));
}

/// The repository's example service with waiters (`tests/fixtures/waiters.json`, restJson1).
#[cfg(aws_json_models)]
pub mod widgets {
    include!(concat!(env!("OUT_DIR"), "/widgets.rs"));
}

/// Whether the clients were generated; when not, the tests say why and pass
/// without checking.
pub fn generated() -> bool {
    if cfg!(aws_json_models) {
        true
    } else {
        println!("../shared/models-other not found: the service clients were not generated");
        false
    }
}
