//! AWS partitions: `aws.partition` and the data behind it.
//!
//! The data embedded in the runtime is `botocore/data/partitions.json` from
//! the PyPI package `botocore` version 1.38.0 (Apache License 2.0,
//! Copyright Amazon.com, Inc. or its affiliates), committed unchanged as
//! `partitions.json` beside this file. That version matches the April 2025
//! snapshot of the service models whose `smithy.rules#endpointTests` the
//! runtime is tested against (later versions, e.g. 1.44, turn on dual-stack
//! for the ISO partitions, which those tests expect to be off); update it
//! together with the models. Callers that need other data can load their
//! own with [`Partitions::from_json_str`] and pass it to
//! [`RuleSet::resolve_with`](super::RuleSet::resolve_with).

use super::EndpointError;
use super::value::Value;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// botocore 1.38.0's `partitions.json` (Apache-2.0), see the module docs.
const BUILTIN_PARTITIONS_JSON: &str = include_str!("partitions.json");

/// The outputs of one partition for one region: what `aws.partition`
/// returns, as a record with the fields `name`, `dnsSuffix`,
/// `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`,
/// `implicitGlobalRegion` (and any other output the data defines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOutputs {
    fields: BTreeMap<String, Value>,
}

impl PartitionOutputs {
    fn str_field(&self, name: &str) -> &str {
        self.fields.get(name).and_then(Value::as_str).unwrap_or("")
    }

    fn bool_field(&self, name: &str) -> bool {
        self.fields
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `name`, e.g. `aws`, `aws-cn`, `aws-us-gov`.
    pub fn name(&self) -> &str {
        self.str_field("name")
    }

    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub fn dns_suffix(&self) -> &str {
        self.str_field("dnsSuffix")
    }

    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub fn dual_stack_dns_suffix(&self) -> &str {
        self.str_field("dualStackDnsSuffix")
    }

    /// `supportsFIPS`.
    pub fn supports_fips(&self) -> bool {
        self.bool_field("supportsFIPS")
    }

    /// `supportsDualStack`.
    pub fn supports_dual_stack(&self) -> bool {
        self.bool_field("supportsDualStack")
    }

    /// `implicitGlobalRegion`, e.g. `us-east-1`.
    pub fn implicit_global_region(&self) -> &str {
        self.str_field("implicitGlobalRegion")
    }

    /// All outputs as the record that `aws.partition` returns.
    pub fn to_value(&self) -> Value {
        Value::Record(self.fields.clone())
    }
}

#[derive(Debug, Clone)]
struct Partition {
    id: String,
    region_regex: Option<RegionPattern>,
    outputs: PartitionOutputs,
    /// Regions listed by the partition, with their outputs (the partition's,
    /// overridden by any output the region entry sets).
    regions: BTreeMap<String, PartitionOutputs>,
}

/// A partition's `regionRegex`. The partitions' patterns are plain
/// (alternation, `\w`, `\d`, escaped `-`), so a build without `@pattern`
/// validation (the `patterns` feature) matches them with `regex-lite`
/// instead of linking the ECMAScript engine for them alone (about 0.7 MB
/// of code and Unicode tables in a program).
#[derive(Debug, Clone)]
struct RegionPattern {
    #[cfg(feature = "patterns")]
    regex: regress::Regex,
    #[cfg(not(feature = "patterns"))]
    regex: regex_lite::Regex,
}

impl RegionPattern {
    fn new(source: &str) -> Result<Self, String> {
        #[cfg(feature = "patterns")]
        let regex = regress::Regex::new(source).map_err(|e| e.to_string())?;
        #[cfg(not(feature = "patterns"))]
        let regex = regex_lite::Regex::new(source).map_err(|e| e.to_string())?;
        Ok(RegionPattern { regex })
    }

    fn is_match(&self, region: &str) -> bool {
        #[cfg(feature = "patterns")]
        return self.regex.find(region).is_some();
        #[cfg(not(feature = "patterns"))]
        return self.regex.is_match(region);
    }
}

/// A set of AWS partitions (the `partitions.json` format: `partitions`, each
/// with `id`, `outputs`, `regionRegex` and `regions`).
#[derive(Debug, Clone)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

impl Partitions {
    /// The partitions embedded in the runtime (parsed once).
    pub fn builtin() -> Result<&'static Partitions, EndpointError> {
        static BUILTIN: OnceLock<Result<Partitions, EndpointError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Partitions::from_json_str(BUILTIN_PARTITIONS_JSON))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses partition data in the `partitions.json` format.
    pub fn from_json_str(json: &str) -> Result<Partitions, EndpointError> {
        let bad = |why: String| EndpointError::invalid_rule_set(format!("partition data: {why}"));
        let root: Json = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let list = root
            .get("partitions")
            .and_then(Json::as_array)
            .ok_or_else(|| bad("no `partitions` array".to_owned()))?;
        let mut partitions = Vec::with_capacity(list.len());
        for p in list {
            let id = p
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| bad("a partition has no `id`".to_owned()))?
                .to_owned();
            let outputs = p
                .get("outputs")
                .and_then(Json::as_object)
                .ok_or_else(|| bad(format!("partition {id} has no `outputs`")))?;
            let mut fields = BTreeMap::new();
            merge_outputs(&mut fields, outputs);
            fields
                .entry("name".to_owned())
                .or_insert_with(|| Value::String(id.clone()));
            let outputs = PartitionOutputs { fields };
            let region_regex = match p.get("regionRegex").and_then(Json::as_str) {
                Some(re) => Some(
                    RegionPattern::new(re)
                        .map_err(|e| bad(format!("partition {id}: bad regionRegex: {e}")))?,
                ),
                None => None,
            };
            let mut regions = BTreeMap::new();
            if let Some(list) = p.get("regions").and_then(Json::as_object) {
                for (region, entry) in list {
                    let mut fields = outputs.fields.clone();
                    if let Some(overrides) = entry.as_object() {
                        merge_outputs(&mut fields, overrides);
                    }
                    regions.insert(region.clone(), PartitionOutputs { fields });
                }
            }
            partitions.push(Partition {
                id,
                region_regex,
                outputs,
                regions,
            });
        }
        Ok(Partitions { partitions })
    }

    /// `aws.partition(region)`: the partition that lists `region`, else the
    /// first whose `regionRegex` matches it, else the `aws` partition.
    /// `None` only when the data has no `aws` partition.
    pub fn resolve(&self, region: &str) -> Option<&PartitionOutputs> {
        if let Some(outputs) = self.partitions.iter().find_map(|p| p.regions.get(region)) {
            return Some(outputs);
        }
        let by_regex = self.partitions.iter().find(|p| {
            p.region_regex
                .as_ref()
                .is_some_and(|re| re.is_match(region))
        });
        by_regex
            .or_else(|| self.partitions.iter().find(|p| p.id == "aws"))
            .map(|p| &p.outputs)
    }

    /// The partition with the given `id` (`aws`, `aws-cn`, ...).
    pub fn by_id(&self, id: &str) -> Option<&PartitionOutputs> {
        self.partitions
            .iter()
            .find(|p| p.id == id)
            .map(|p| &p.outputs)
    }
}

/// Copies the string and boolean members of `from` (outputs) into `into`;
/// other members (a region's `description`) are not outputs.
fn merge_outputs(into: &mut BTreeMap<String, Value>, from: &serde_json::Map<String, Json>) {
    for (key, value) in from {
        if key == "description" {
            continue;
        }
        match value {
            Json::String(s) => {
                into.insert(key.clone(), Value::String(s.clone()));
            }
            Json::Bool(b) => {
                into.insert(key.clone(), Value::Bool(*b));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regions the data does not list are placed by `regionRegex`, with
    /// either engine (`regress` with `patterns`, `regex-lite` without).
    #[test]
    fn unlisted_regions_are_placed_by_region_pattern() {
        let partitions = Partitions::builtin().unwrap();
        let name = |region: &str| {
            partitions
                .resolve(region)
                .unwrap()
                .str_field("name")
                .to_owned()
        };
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("eu-north-9"), "aws");
        assert_eq!(name("cn-northwest-7"), "aws-cn");
        assert_eq!(name("us-gov-east-5"), "aws-us-gov");
        assert_eq!(name("us-isob-east-4"), "aws-iso-b");
        // Matching no pattern falls back to `aws`.
        assert_eq!(name("mars-1"), "aws");
        let bad = r#"{"partitions": [{"id": "x", "outputs": {}, "regionRegex": "^(unclosed"}]}"#;
        assert!(Partitions::from_json_str(bad).is_err());
    }
}
