//! Behaviour some services need that their Smithy model does not express,
//! which the AWS SDKs add by hand: a small table, keyed by service, of
//! what a service's requests get (constant headers, a label's default,
//! payload checksums). [`apply`] writes the table's verdict into the
//! resolved service; the emitters then call `smithy_runtime::customize`
//! from the generated serializers, so no emitter names a service.
//!
//! The restJson1 customizations of smithy-rs (the AWS SDK for Rust's
//! `customize` decorators) and botocore (`handlers.py`), and what this
//! table does with them:
//!
//! Taken:
//! - **Amazon Glacier** (`com.amazonaws.glacier#Glacier`, sdkId `Glacier`;
//!   both SDKs): `x-amz-glacier-version` with the service's version on
//!   every request; an `accountId` label that is unset or empty is sent as
//!   `-` (the caller's account), and the input builder fills it; on
//!   `UploadArchive` and `UploadMultipartPart`, `x-amz-content-sha256` and
//!   `x-amz-sha256-tree-hash` computed from the body unless the caller set
//!   them (Smithy's `GlacierVersionHeader`, `GlacierAccountId`,
//!   `GlacierChecksums` and `GlacierMultipartChecksums` cases).
//! - **Amazon API Gateway** (`com.amazonaws.apigateway#BackplaneControlService`,
//!   sdkId `API Gateway`; both SDKs): `Accept: application/json` on every
//!   request (Smithy's `ApiGatewayAccept` case).
//! - **Amazon Machine Learning** (`com.amazonaws.machinelearning#AmazonML_20141212`,
//!   sdkId `Machine Learning`; awsJson1_1; both SDKs: botocore's
//!   `switch_host_machinelearning`, smithy-rs's endpoint override):
//!   `Predict` is sent to the URL its `PredictEndpoint` member holds (the
//!   model's `Predict` endpoint of the ML model), over the resolved
//!   endpoint; a value that is not an `http(s)://host` URL is a validation
//!   error, nothing sent (Smithy's `MachinelearningPredictEndpoint` case).
//!
//! Left out:
//! - Other protocols' services: S3, S3 Control and Route 53 (restXml:
//!   bucket and ARN handling, `/hostedzone/` id prefixes, MD5s, `Expect`),
//!   EC2, RDS, Neptune, DocumentDB and STS (query: presigned URLs, unsigned
//!   operations), DynamoDB and Timestream (awsJson: endpoint discovery and
//!   its `x-amz-api-version`), Cognito Identity (unsigned operations):
//!   not taken yet.
//! - Operations botocore removes from Lex V2, Q Business and Bedrock
//!   Runtime because they need HTTP/2 event streams: the generator leaves
//!   out every event-stream operation already.
//! - CloudSearch Domain's `Search` sent as a POST form (botocore only,
//!   against long query strings); smithy-rs sends the modeled GET, and so
//!   does this client.
//! - Bedrock AgentCore's millisecond timestamps (botocore only): botocore
//!   otherwise drops fractions of seconds; this client always keeps them.
//! - Bedrock's bearer token from `AWS_BEARER_TOKEN_BEDROCK`, DSQL's and
//!   RDS's auth-token helpers, presigning (Polly): other authentication
//!   schemes and helpers, not requests the model describes wrongly.
//! - smithy-rs's `RemoveDefaults`: backwards compatibility of the SDK's own
//!   Rust API; members with a default that are not required are `Option`s
//!   here anyway.
//! - IoT Data's TLS 1.2 check: rustls never offers less.
//! - Headers for every service (recursion detection, retry information,
//!   user agent): not per-service behaviour.

use super::{Binding, DefaultValue, FieldStep, Service, TypeKind};

/// What a request of a customized service or operation gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// This header, with the service's version as its value, on every
    /// request.
    VersionHeader(&'static str),
    /// This header and value on every request.
    Header(&'static str, &'static str),
    /// A string label bound to this member, when unset or empty, is sent
    /// as this value (and the builder fills it).
    LabelDefault {
        member: &'static str,
        value: &'static str,
    },
    /// Glacier's payload checksums on these operations.
    GlacierChecksums(&'static [&'static str]),
    /// `operation` is sent to the URL its string input member `member`
    /// holds, when set, instead of the resolved endpoint.
    EndpointFromMember {
        operation: &'static str,
        member: &'static str,
    },
}

impl Rule {
    /// What the rule does, for the crate's documentation.
    fn describe(&self) -> String {
        match self {
            Rule::VersionHeader(name) => {
                format!("every request carries `{name}` with the service's version")
            }
            Rule::Header(name, value) => format!("every request carries `{name}: {value}`"),
            Rule::LabelDefault { member, value } => format!(
                "an unset or empty `{member}` is sent as `{value}` (and the builder fills it in)"
            ),
            Rule::GlacierChecksums(operations) => format!(
                "{} send `x-amz-content-sha256` and `x-amz-sha256-tree-hash` of their body, \
                 computed unless set",
                operations
                    .iter()
                    .map(|op| format!("`{op}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Rule::EndpointFromMember { operation, member } => format!(
                "`{operation}` is sent to the URL its `{member}` member holds, instead of the \
                 resolved endpoint (a value that is not an `http(s)://` URL with a host is a \
                 validation error)"
            ),
        }
    }
}

/// A service the table matches: by shape id, or by `aws.api#service`
/// sdkId (so a model that moves the service to another namespace keeps
/// its customizations).
struct Entry {
    shape_id: &'static str,
    sdk_id: &'static str,
    rules: &'static [Rule],
}

const TABLE: &[Entry] = &[
    Entry {
        shape_id: "com.amazonaws.glacier#Glacier",
        sdk_id: "Glacier",
        rules: &[
            Rule::VersionHeader("x-amz-glacier-version"),
            Rule::LabelDefault {
                member: "accountId",
                value: "-",
            },
            Rule::GlacierChecksums(&["UploadArchive", "UploadMultipartPart"]),
        ],
    },
    Entry {
        shape_id: "com.amazonaws.apigateway#BackplaneControlService",
        sdk_id: "API Gateway",
        rules: &[Rule::Header("Accept", "application/json")],
    },
    Entry {
        shape_id: "com.amazonaws.machinelearning#AmazonML_20141212",
        sdk_id: "Machine Learning",
        rules: &[Rule::EndpointFromMember {
            operation: "Predict",
            member: "PredictEndpoint",
        }],
    },
];

/// Writes the table's customizations of `service` into it.
pub(crate) fn apply(service: &mut Service) {
    let Some(entry) = TABLE
        .iter()
        .find(|e| service.id.as_str() == e.shape_id || service.sdk_id == e.sdk_id)
    else {
        return;
    };
    for rule in entry.rules {
        service.customizations.push(rule.describe());
        match *rule {
            Rule::VersionHeader(name) => service
                .request_headers
                .push((name.to_owned(), service.version.clone())),
            Rule::Header(name, value) => service
                .request_headers
                .push((name.to_owned(), value.to_owned())),
            Rule::LabelDefault { member, value } => label_default(service, member, value),
            Rule::GlacierChecksums(operations) => {
                for op in service.operations.values_mut() {
                    if operations.contains(&op.name.as_str()) {
                        op.glacier_checksums = true;
                    }
                }
            }
            Rule::EndpointFromMember { operation, member } => {
                endpoint_from_member(service, operation, member)
            }
        }
    }
}

/// Sends `operation` (when generated) to the URL its string input member
/// `member` holds.
fn endpoint_from_member(service: &mut Service, operation: &str, member: &str) {
    let Some(op) = service
        .operations
        .values_mut()
        .find(|op| op.name == operation)
    else {
        return;
    };
    let Some(field) = op
        .input
        .as_ref()
        .and_then(|i| service.structures.get(i))
        .and_then(|input| {
            input
                .members
                .iter()
                .find(|f| f.wire_name == member && matches!(f.ty.kind, TypeKind::String))
        })
    else {
        return;
    };
    op.endpoint.url_member = Some(FieldStep {
        wire_name: field.wire_name.clone(),
        rust_name: field.rust_name.clone(),
        optional: field.optional,
        boxed: field.boxed,
    });
}

/// Gives every operation whose input binds a string label to `member` the
/// label's default, and the member the default its builder fills in.
fn label_default(service: &mut Service, member: &str, value: &str) {
    for op in service.operations.values_mut() {
        let Some(input) = op
            .input
            .as_ref()
            .and_then(|i| service.structures.get_mut(i))
        else {
            continue;
        };
        let Some(field) = input.members.iter_mut().find(|f| {
            f.wire_name == member
                && f.binding == Binding::Label
                && matches!(f.ty.kind, TypeKind::String)
        }) else {
            continue;
        };
        if !field.optional {
            field.default = Some(DefaultValue::String(value.to_owned()));
        }
        op.label_defaults
            .insert(member.to_owned(), value.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use crate::ir::{Service, resolve};
    use crate::model;

    /// A service `id` with sdkId `sdk_id` and one operation whose input
    /// binds `accountId` (a string) and `count` (an integer) to labels.
    fn service(id: &str, sdk_id: &str) -> Service {
        let ns = id.split('#').next().unwrap_or("ex");
        let shape = |name: &str| format!("{ns}#{name}");
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                id: {
                    "type": "service",
                    "version": "2020-01-01",
                    "operations": [{"target": shape("Put")}],
                    "traits": {
                        "aws.protocols#restJson1": {},
                        "aws.api#service": {"sdkId": sdk_id}
                    }
                },
                shape("Put"): {
                    "type": "operation",
                    "input": {"target": shape("PutInput")},
                    "traits": {"smithy.api#http": {"method": "PUT", "uri": "/{accountId}/{count}"}}
                },
                shape("PutInput"): {
                    "type": "structure",
                    "members": {
                        "accountId": {
                            "target": "smithy.api#String",
                            "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}
                        },
                        "count": {
                            "target": "smithy.api#Integer",
                            "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}
                        }
                    }
                }
            }
        });
        let model = model::parse(&model.to_string(), Path::new("test.json")).unwrap();
        resolve(&model, None, &[]).unwrap()
    }

    #[test]
    fn services_match_by_shape_id_or_sdk_id() {
        let by_id = service("com.amazonaws.apigateway#BackplaneControlService", "Other");
        assert_eq!(
            by_id.request_headers,
            [("Accept".to_owned(), "application/json".to_owned())]
        );
        let by_sdk_id = service("ex.moved#Gateway", "API Gateway");
        assert_eq!(by_sdk_id.request_headers, by_id.request_headers);

        let other = service("ex.other#Other", "Other");
        assert!(other.request_headers.is_empty());
        assert!(other.customizations.is_empty());
        assert!(
            other
                .operations
                .values()
                .all(|op| op.label_defaults.is_empty())
        );
    }

    #[test]
    fn glacier_gets_its_version_header_and_account_id_default() {
        let glacier = service("com.amazonaws.glacier#Glacier", "Glacier");
        assert_eq!(
            glacier.request_headers,
            [("x-amz-glacier-version".to_owned(), "2020-01-01".to_owned())]
        );
        let op = glacier.operations.values().next().unwrap();
        assert_eq!(
            op.label_defaults.get("accountId").map(String::as_str),
            Some("-")
        );
        // Only a string label is defaulted.
        assert!(!op.label_defaults.contains_key("count"));
        // `Put` is not an upload.
        assert!(!op.glacier_checksums);
        let input = &glacier.structures["PutInput"];
        let account = input
            .members
            .iter()
            .find(|f| f.wire_name == "accountId")
            .unwrap();
        assert!(account.default.is_some());
        assert_eq!(glacier.customizations.len(), 3);
    }

    #[test]
    fn machine_learning_predict_goes_to_its_predict_endpoint() {
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                "com.amazonaws.machinelearning#AmazonML_20141212": {
                    "type": "service",
                    "version": "2014-12-12",
                    "operations": [
                        {"target": "com.amazonaws.machinelearning#Predict"},
                        {"target": "com.amazonaws.machinelearning#Other"}
                    ],
                    "traits": {
                        "aws.protocols#awsJson1_1": {},
                        "aws.api#service": {"sdkId": "Machine Learning"}
                    }
                },
                "com.amazonaws.machinelearning#Predict": {
                    "type": "operation",
                    "input": {"target": "com.amazonaws.machinelearning#PredictInput"}
                },
                "com.amazonaws.machinelearning#Other": {
                    "type": "operation",
                    "input": {"target": "com.amazonaws.machinelearning#PredictInput"}
                },
                "com.amazonaws.machinelearning#PredictInput": {
                    "type": "structure",
                    "members": {
                        "PredictEndpoint": {
                            "target": "smithy.api#String",
                            "traits": {"smithy.api#required": {}}
                        }
                    }
                }
            }
        });
        let model = model::parse(&model.to_string(), Path::new("ml.json")).unwrap();
        let service = resolve(&model, None, &[]).unwrap();
        let by_name = |name: &str| {
            service
                .operations
                .values()
                .find(|op| op.name == name)
                .unwrap()
        };
        let url = by_name("Predict").endpoint.url_member.as_ref().unwrap();
        assert_eq!(url.wire_name, "PredictEndpoint");
        assert_eq!(url.rust_name, "predict_endpoint");
        assert!(!url.optional);
        assert!(!by_name("Predict").endpoint.is_empty());
        // Only `Predict`, though another operation has the same input.
        assert!(by_name("Other").endpoint.url_member.is_none());
        assert_eq!(service.customizations.len(), 1);
    }
}
