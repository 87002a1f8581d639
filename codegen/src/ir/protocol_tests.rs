//! Which of Smithy's protocol compliance cases a resolved service runs, and
//! through which operation: request cases of its operations, response
//! cases of its operations and of the errors they return.

use super::Service;
use crate::error::{Error, Location, Result};
use crate::model::test_cases::{HttpRequestTest, HttpResponseTest};
use crate::model::{Model, ShapeId};

/// The client-side cases of one protocol for a service.
#[derive(Debug, Clone, Default)]
pub struct ProtocolTests {
    /// The protocol's trait id, e.g. `aws.protocols#restJson1`.
    pub protocol: String,
    /// In operation order, then the model's order.
    pub requests: Vec<RequestTest>,
    /// Operation cases, then error cases, each in model order.
    pub responses: Vec<ResponseTest>,
}

/// A request case and the operation that sends it.
#[derive(Debug, Clone)]
pub struct RequestTest {
    /// The client method.
    pub operation: String,
    pub case: HttpRequestTest,
}

/// A response case and the operation that reads it.
#[derive(Debug, Clone)]
pub struct ResponseTest {
    /// The client method whose response parser reads it.
    pub operation: String,
    /// For a case on an error shape, the error structure's Rust name.
    pub error: Option<String>,
    pub case: HttpResponseTest,
}

impl ProtocolTests {
    /// How many cases there are.
    pub fn len(&self) -> usize {
        self.requests.len() + self.responses.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cases of `protocol` that apply to clients, for the operations and
/// errors `service` has. An error's cases run through the first operation
/// (by method name) that returns it.
pub fn protocol_tests(model: &Model, service: &Service, protocol: &str) -> Result<ProtocolTests> {
    let wanted = |p: &str, for_clients: bool| for_clients && p == protocol;
    let mut tests = ProtocolTests {
        protocol: protocol.to_owned(),
        ..ProtocolTests::default()
    };
    for (fn_name, op) in &service.operations {
        let shape = model.shape(&op.id).ok_or_else(|| missing(model, &op.id))?;
        for case in shape.traits.request_tests.iter().cloned() {
            if wanted(&case.message.protocol, case.message.for_clients()) {
                tests.requests.push(RequestTest {
                    operation: fn_name.clone(),
                    case,
                });
            }
        }
        for case in shape.traits.response_tests.iter().cloned() {
            if wanted(&case.message.protocol, case.message.for_clients()) {
                tests.responses.push(ResponseTest {
                    operation: fn_name.clone(),
                    error: None,
                    case,
                });
            }
        }
    }
    for (name, error) in &service.errors {
        let Some((fn_name, _)) = service
            .operations
            .iter()
            .find(|(_, op)| op.errors.contains(name))
        else {
            continue;
        };
        let shape = model
            .shape(&error.id)
            .ok_or_else(|| missing(model, &error.id))?;
        for case in shape.traits.response_tests.iter().cloned() {
            if wanted(&case.message.protocol, case.message.for_clients()) {
                tests.responses.push(ResponseTest {
                    operation: fn_name.clone(),
                    error: Some(name.clone()),
                    case,
                });
            }
        }
    }
    Ok(tests)
}

fn missing(model: &Model, id: &ShapeId) -> Error {
    let message = format!("{id} does not exist");
    Error::Invalid {
        location: Location {
            file: model.file.clone(),
            shape: Some(id.to_string()),
            json_path: Some(format!("shapes[{:?}]", id.as_str())),
        },
        message,
    }
}
