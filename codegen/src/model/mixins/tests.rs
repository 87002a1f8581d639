use serde_json::json;

use super::*;

fn flat(text: &str) -> serde_json::Value {
    let mut doc = Node::from_json(text, Path::new("t.json")).unwrap();
    flatten(&mut doc, Path::new("t.json")).unwrap();
    doc.get("shapes").unwrap().to_value()
}

/// Member names of `id` in the order the flattened document lists them.
fn order(text: &str, id: &str) -> Vec<String> {
    let mut doc = Node::from_json(text, Path::new("t.json")).unwrap();
    flatten(&mut doc, Path::new("t.json")).unwrap();
    doc.get("shapes")
        .and_then(|s| s.get(id))
        .and_then(|s| s.get("members"))
        .and_then(Node::as_object)
        .unwrap()
        .iter()
        .map(|(name, _)| name.clone())
        .collect()
}

const S: &str = "smithy.api#String";

/// The `mixins-with-members-and-traits` case of Smithy's loader tests:
/// nested mixins, applies on inherited members, trait inheritance.
const NESTED: &str = r#"{"smithy":"2.0","shapes":{
    "ex#A": {"type":"structure",
        "members":{"a":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"A.a"}}},
        "traits":{"smithy.api#documentation":"A","smithy.api#mixin":{},"smithy.api#sensitive":{}}},
    "ex#B": {"type":"structure","mixins":[{"target":"ex#A"}],
        "members":{"b":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"B.b"}}},
        "traits":{"smithy.api#documentation":"B","smithy.api#deprecated":{},"smithy.api#mixin":{}}},
    "ex#C": {"type":"structure",
        "members":{"c":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"C.c"}}},
        "traits":{"smithy.api#documentation":"C","smithy.api#mixin":{},"smithy.api#tags":["a"]}},
    "ex#D": {"type":"structure","mixins":[{"target":"ex#C"}],
        "members":{"d":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"D.d"}}},
        "traits":{"smithy.api#documentation":"D","smithy.api#mixin":{},
                  "smithy.api#externalDocumentation":{"web":"http://example.com"}}},
    "ex#D$c": {"type":"apply","traits":{"smithy.api#documentation":"I've changed","smithy.api#internal":{}}},
    "ex#E": {"type":"structure","mixins":[{"target":"ex#D"}],
        "members":{"e":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"E.e"}}},
        "traits":{"smithy.api#documentation":"E","smithy.api#mixin":{},"smithy.api#since":"X"}},
    "ex#F": {"type":"structure","mixins":[{"target":"ex#B"},{"target":"ex#E"}],
        "members":{"f":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"F.f"}}},
        "traits":{"smithy.api#documentation":"F","smithy.api#internal":{}}},
    "ex#F$a": {"type":"apply","traits":{"smithy.api#documentation":"I've changed"}}
}}"#;

#[test]
fn nested_mixins_members_in_mixin_order_then_local() {
    assert_eq!(order(NESTED, "ex#F"), ["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn nested_mixins_inherit_traits_and_applies_and_are_removed() {
    let shapes = flat(NESTED);
    assert_eq!(
        shapes,
        json!({"ex#F": {
            "type": "structure",
            "members": {
                "a": {"target": S, "traits": {"smithy.api#documentation": "I've changed"}},
                "b": {"target": S, "traits": {"smithy.api#documentation": "B.b"}},
                "c": {"target": S, "traits": {"smithy.api#documentation": "I've changed",
                                              "smithy.api#internal": {}}},
                "d": {"target": S, "traits": {"smithy.api#documentation": "D.d"}},
                "e": {"target": S, "traits": {"smithy.api#documentation": "E.e"}},
                "f": {"target": S, "traits": {"smithy.api#documentation": "F.f"}}
            },
            "traits": {
                "smithy.api#documentation": "F",
                "smithy.api#internal": {},
                "smithy.api#deprecated": {},
                "smithy.api#externalDocumentation": {"web": "http://example.com"},
                "smithy.api#sensitive": {},
                "smithy.api#since": "X",
                "smithy.api#tags": ["a"]
            }
        }})
    );
}

#[test]
fn member_traits_merge_later_mixins_and_local_ones_winning() {
    // mixins-with-member-override-3 and -4.
    let mixins = r#"
        "ex#A1": {"type":"structure","traits":{"smithy.api#mixin":{}},
            "members":{"a":{"target":"smithy.api#String",
                "traits":{"smithy.api#private":{},"smithy.api#tags":["a"]}}}},
        "ex#A2": {"type":"structure","traits":{"smithy.api#mixin":{}},
            "members":{"a":{"target":"smithy.api#String",
                "traits":{"smithy.api#required":{},"smithy.api#tags":["b"]}}}}"#;
    let local_tags = format!(
        r#"{{"smithy":"2.0","shapes":{{{mixins},
        "ex#Valid": {{"type":"structure","mixins":[{{"target":"ex#A1"}},{{"target":"ex#A2"}}],
            "members":{{"a":{{"target":"smithy.api#String","traits":{{"smithy.api#tags":["c"]}}}},
                       "c":{{"target":"smithy.api#Integer"}}}}}}}}}}"#
    );
    let expected = |tag: &str| {
        json!({"ex#Valid": {"type": "structure", "members": {
            "a": {"target": S, "traits": {"smithy.api#private": {}, "smithy.api#required": {},
                                          "smithy.api#tags": [tag]}},
            "c": {"target": "smithy.api#Integer"}
        }}})
    };
    assert_eq!(flat(&local_tags), expected("c"));
    let no_local = local_tags.replace(r#","traits":{"smithy.api#tags":["c"]}"#, "");
    assert_eq!(flat(&no_local), expected("b"));
    assert_eq!(order(&no_local, "ex#Valid"), ["a", "c"]);
}

#[test]
fn local_traits_of_a_mixin_are_not_inherited() {
    let shapes = flat(
        r#"{"smithy":"2.0","shapes":{
        "ex#PrivateMixin": {"type":"structure",
            "members":{"foo":{"target":"smithy.api#String"}},
            "traits":{"smithy.api#private":{},"smithy.api#sensitive":{},
                      "smithy.api#documentation":"doc",
                      "smithy.api#mixin":{"localTraits":["smithy.api#private","smithy.api#documentation"]}}},
        "ex#PublicShape": {"type":"structure","mixins":[{"target":"ex#PrivateMixin"}]}
    }}"#,
    );
    assert_eq!(
        shapes,
        json!({"ex#PublicShape": {"type": "structure",
            "members": {"foo": {"target": S}},
            "traits": {"smithy.api#sensitive": {}}}})
    );
}

#[test]
fn operations_inherit_errors_mixin_first_and_traits() {
    let shapes = flat(
        r#"{"smithy":"2.0","shapes":{
        "ex#ConcreteError": {"type":"structure","traits":{"smithy.api#error":"client"}},
        "ex#MixinError": {"type":"structure","traits":{"smithy.api#error":"server"}},
        "ex#InternalMixin": {"type":"operation","errors":[{"target":"ex#MixinError"}],
            "traits":{"smithy.api#mixin":{},"smithy.api#internal":{}}},
        "ex#ConcreteOperation": {"type":"operation","errors":[{"target":"ex#ConcreteError"}],
            "mixins":[{"target":"ex#InternalMixin"}]}
    }}"#,
    );
    assert_eq!(
        shapes["ex#ConcreteOperation"],
        json!({"type": "operation",
            "errors": [{"target": "ex#MixinError"}, {"target": "ex#ConcreteError"}],
            "traits": {"smithy.api#internal": {}}})
    );
    assert!(shapes.get("ex#InternalMixin").is_none());
}

#[test]
fn simple_shapes_and_lists_take_mixins_too() {
    let shapes = flat(
        r#"{"smithy":"2.0","shapes":{
        "ex#Sensitive": {"type":"string","traits":{"smithy.api#mixin":{},"smithy.api#sensitive":{}}},
        "ex#Text": {"type":"string","mixins":[{"target":"ex#Sensitive"}],
            "traits":{"smithy.api#pattern":"^a$"}},
        "ex#L": {"type":"list","member":{"target":"smithy.api#String"},"traits":{"smithy.api#mixin":{}}},
        "ex#M": {"type":"list","mixins":[{"target":"ex#L"}]}
    }}"#,
    );
    assert_eq!(
        shapes,
        json!({
            "ex#Text": {"type": "string",
                "traits": {"smithy.api#sensitive": {}, "smithy.api#pattern": "^a$"}},
            "ex#M": {"type": "list", "member": {"target": S}}
        })
    );
}

#[test]
fn bad_mixins_are_errors() {
    let error = |text: &str| {
        let mut doc = Node::from_json(text, Path::new("m.json")).unwrap();
        flatten(&mut doc, Path::new("m.json"))
            .unwrap_err()
            .to_string()
    };
    let conflict = error(
        r#"{"smithy":"2.0","shapes":{
        "ex#A1": {"type":"structure","traits":{"smithy.api#mixin":{}},
            "members":{"a":{"target":"smithy.api#String"}}},
        "ex#A2": {"type":"structure","traits":{"smithy.api#mixin":{}},
            "members":{"a":{"target":"smithy.api#Integer"}}},
        "ex#V": {"type":"structure","mixins":[{"target":"ex#A1"},{"target":"ex#A2"}]}
    }}"#,
    );
    assert!(
        conflict.contains("ex#V$a conflicts with an inherited mixin member"),
        "{conflict}"
    );
    let kinds = error(
        r#"{"smithy":"2.0","shapes":{
        "ex#U": {"type":"union","traits":{"smithy.api#mixin":{}}},
        "ex#S": {"type":"structure","mixins":[{"target":"ex#U"}]}
    }}"#,
    );
    assert!(
        kinds.contains("mixin ex#U is a union, but ex#S is a structure"),
        "{kinds}"
    );
    let cycle = error(
        r#"{"smithy":"2.0","shapes":{
        "ex#A": {"type":"structure","traits":{"smithy.api#mixin":{}},"mixins":[{"target":"ex#B"}]},
        "ex#B": {"type":"structure","traits":{"smithy.api#mixin":{}},"mixins":[{"target":"ex#A"}]}
    }}"#,
    );
    assert!(cycle.contains("cycle"), "{cycle}");
    let not_mixin = error(
        r#"{"smithy":"2.0","shapes":{
        "ex#A": {"type":"structure"},
        "ex#B": {"type":"structure","mixins":[{"target":"ex#A"}]}
    }}"#,
    );
    assert!(not_mixin.contains("has no @mixin trait"), "{not_mixin}");
    let dangling = error(
        r#"{"smithy":"2.0","shapes":{"ex#A$x": {"type":"apply","traits":{"smithy.api#internal":{}}}}}"#,
    );
    assert!(
        dangling.starts_with("m.json at shapes[\"ex#A\"]: apply targets ex#A$x"),
        "{dangling}"
    );
}
