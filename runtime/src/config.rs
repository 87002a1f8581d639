//! Where a client sends its requests.

use crate::error::RequestError;

/// Settings shared by every operation of a client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    region: Option<String>,
    endpoint_url: Option<String>,
}

impl Config {
    /// An empty configuration: set a region or an endpoint URL before use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the AWS region, e.g. `us-east-1`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this URL instead of the service's endpoint
    /// (a local server in tests, a proxy, a VPC endpoint).
    #[must_use]
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL override, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The base URL for a service whose classic endpoint host starts with
    /// `endpoint_prefix`: the override if set, else
    /// `https://{endpoint_prefix}.{region}.amazonaws.com`.
    pub fn endpoint(&self, endpoint_prefix: &str) -> Result<String, RequestError> {
        if let Some(url) = &self.endpoint_url {
            return Ok(url.clone());
        }
        match &self.region {
            Some(region) => Ok(format!("https://{endpoint_prefix}.{region}.amazonaws.com")),
            None => Err(RequestError::new(
                "no region and no endpoint URL configured",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_wins_over_the_region() {
        let config = Config::new()
            .with_region("eu-west-1")
            .with_endpoint_url("http://127.0.0.1:9000");
        assert_eq!(
            config.endpoint("imagebuilder").unwrap(),
            "http://127.0.0.1:9000"
        );
    }

    #[test]
    fn the_region_gives_the_classic_endpoint() {
        let config = Config::new().with_region("eu-west-1");
        assert_eq!(
            config.endpoint("imagebuilder").unwrap(),
            "https://imagebuilder.eu-west-1.amazonaws.com"
        );
    }

    #[test]
    fn nothing_configured_is_an_error() {
        assert!(Config::new().endpoint("imagebuilder").is_err());
    }
}
