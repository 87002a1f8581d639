//! Generates the DynamoDB (awsJson1_0), SQS (awsJson1_0, `@awsQueryCompatible`)
//! and KMS (awsJson1_1) clients from AWS's published models in the shared
//! reference folder, each with only the operations the tests call, so the
//! crate compiles in seconds; and, for the waiter tests, the operations
//! with waiters of EKS (restJson1) and AWS Private CA (awsJson1_1), and
//! the repository's `tests/fixtures/waiters.json` (what no published
//! waiter uses: `inputOutput`, a deprecated waiter). Without that folder
//! nothing is generated (`cfg(aws_json_models)` is unset) and the tests
//! say so.

use std::path::PathBuf;

/// Each client: its file in `models-other` (or `models/...`, or
/// `fixtures/...` for this repository's), the file it is written to, and
/// the operations generated (every one when none are named).
const CLIENTS: &[(&str, &str, &[&str])] = &[
    (
        "dynamodb-2012-08-10.json",
        "dynamodb.rs",
        // `TransactWriteItems` has an optional `@idempotencyToken`; the
        // model's `endpointTests` call `DescribeTable` (`@contextParam`),
        // `BatchGetItem` (`operationContextParams`) and `ListTables`.
        &[
            "PutItem",
            "Query",
            "TransactWriteItems",
            "DescribeTable",
            "BatchGetItem",
            "ListTables",
        ],
    ),
    ("sqs-2012-11-05.json", "sqs.rs", &["SendMessage"]),
    ("kms-2014-11-01.json", "kms.rs", &["Encrypt", "Decrypt"]),
    // Waiters: `ClusterActive` (output paths, failure states) and
    // `ClusterDeleted` (an errorType success).
    ("models/eks-2017-11-01.json", "eks.rs", &["DescribeCluster"]),
    // Waiters: `CertificateIssued` (`success: true`, errorType retry and failure).
    ("acm-pca-2017-08-22.json", "acm_pca.rs", &["GetCertificate"]),
    ("fixtures/waiters.json", "widgets.rs", &[]),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rustc-check-cfg=cfg(aws_json_models)");
    println!("cargo:rerun-if-env-changed=SMITHY_SHARED_DIR");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../../../shared"));
    let models = shared.join("models-other");
    let paths: Vec<PathBuf> = CLIENTS
        .iter()
        .map(|(file, _, _)| {
            if let Some(fixture) = file.strip_prefix("fixtures/") {
                PathBuf::from("../fixtures").join(fixture)
            } else if let Some(model) = file.strip_prefix("models/") {
                shared.join("models").join(model)
            } else {
                models.join(file)
            }
        })
        .collect();
    if !paths.iter().all(|path| path.is_file()) {
        for path in &paths {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        return Ok(());
    }
    for ((_, out, operations), path) in CLIENTS.iter().zip(&paths) {
        let mut config = smithy_codegen::Config::new();
        config.model(path);
        for operation in *operations {
            config.operation(*operation);
        }
        config.generate_to_out_dir(out)?;
    }
    println!("cargo:rustc-cfg=aws_json_models");
    Ok(())
}
