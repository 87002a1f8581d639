//! `aws.parseArn`.

use super::value::Value;
use std::collections::BTreeMap;

/// A parsed ARN, `arn:partition:service:region:account-id:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// The partition (`aws`, `aws-cn`, ...).
    pub partition: String,
    /// The service namespace.
    pub service: String,
    /// The region (may be empty).
    pub region: String,
    /// The account ID (may be empty).
    pub account_id: String,
    /// The resource, split on `:` and `/`.
    pub resource_id: Vec<String>,
}

impl Arn {
    /// The record `aws.parseArn` returns: `partition`, `service`, `region`,
    /// `accountId`, `resourceId` (an array of strings).
    pub fn to_value(&self) -> Value {
        let s = |v: &str| Value::String(v.to_owned());
        Value::Record(BTreeMap::from([
            ("partition".to_owned(), s(&self.partition)),
            ("service".to_owned(), s(&self.service)),
            ("region".to_owned(), s(&self.region)),
            ("accountId".to_owned(), s(&self.account_id)),
            (
                "resourceId".to_owned(),
                Value::Array(self.resource_id.iter().map(|r| s(r)).collect()),
            ),
        ]))
    }
}

/// `aws.parseArn(value)`: splits an ARN into its parts. Returns `None`
/// unless it has six `:`-separated components, the first being `arn`, with
/// non-empty partition, service and resource. The resource (everything after
/// the fifth `:`) is split on `:` and `/`.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    let (prefix, partition, service, region, account_id, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}
