//! Both models resolved as the generator resolves them, with the
//! operations to compare.

use std::collections::BTreeSet;

use super::Options;
use crate::error::{Error, Location, Result};
use crate::ir::{self, Service};
use crate::model::Model;

/// The two services, each resolved with the operations compared that it
/// has, and the names of those operations when the options narrow them.
pub(super) fn resolve(
    old: &Model,
    new: &Model,
    options: &Options,
) -> Result<(Service, Service, Vec<String>)> {
    let service = options.service.as_deref();
    let old_ir = ir::resolve(old, service, &[])?;
    let new_ir = ir::resolve(new, service, &[])?;
    if options.operations.is_empty() {
        return Ok((old_ir, new_ir, Vec::new()));
    }
    let find = |ir: &Service, wanted: &str| {
        ir.operations
            .values()
            .find(|op| op.name == wanted || op.id.as_str() == wanted)
            .map(|op| op.name.clone())
    };
    let selected = options
        .operations
        .iter()
        .map(|wanted| {
            find(&new_ir, wanted)
                .or_else(|| find(&old_ir, wanted))
                .ok_or_else(|| Error::Invalid {
                    location: Location {
                        file: new.file.clone(),
                        shape: Some(new_ir.id.to_string()),
                        json_path: None,
                    },
                    message: format!(
                        "operation {wanted} is not an operation of service {} in either model",
                        new_ir.id
                    ),
                })
        })
        .collect::<Result<BTreeSet<String>>>()?;
    let old_ir = narrow(old, service, old_ir, &selected)?;
    let new_ir = narrow(new, service, new_ir, &selected)?;
    Ok((old_ir, new_ir, selected.into_iter().collect()))
}

/// `full` resolved again with the selected operations it has; without any,
/// the service alone.
fn narrow(
    model: &Model,
    service: Option<&str>,
    mut full: Service,
    selected: &BTreeSet<String>,
) -> Result<Service> {
    let present: Vec<String> = full
        .operations
        .values()
        .filter(|op| selected.contains(&op.name))
        .map(|op| op.name.clone())
        .collect();
    if !present.is_empty() {
        return ir::resolve(model, service, &present);
    }
    // Resolving with no operations would resolve them all.
    full.operations.clear();
    full.structures.clear();
    full.errors.clear();
    full.enums.clear();
    full.inline_shapes.clear();
    Ok(full)
}
