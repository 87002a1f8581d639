//! The checked-in list of cases a harness expects to fail, each with why.

/// One listed case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub id: String,
    pub reason: String,
}

/// Reads `id  reason` lines (`#` starts a comment); a line without a
/// reason is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Skip>, String> {
    let mut skips = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once(char::is_whitespace)
            .map(|(id, reason)| (id, reason.trim()))
            .unwrap_or((line, ""));
        if reason.is_empty() {
            return Err(format!("line {}: {id} has no reason", number + 1));
        }
        skips.push(Skip {
            id: id.to_owned(),
            reason: reason.to_owned(),
        });
    }
    Ok(skips)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_required() {
        let skips = parse("# comment\n\nA  needs the thing\n").unwrap();
        assert_eq!(
            skips,
            [Skip {
                id: "A".into(),
                reason: "needs the thing".into()
            }]
        );
        assert_eq!(parse("B\n").unwrap_err(), "line 1: B has no reason");
    }
}
