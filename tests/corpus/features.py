#!/usr/bin/env python3
"""Which generator features each model of the corpus uses, and a small subset
of models that together use all of them.

    python3 tests/corpus/features.py [MODELS_DIR] table    # coverage table (Markdown)
    python3 tests/corpus/features.py [MODELS_DIR] subset   # the subset, as in subset.txt
    python3 tests/corpus/features.py [MODELS_DIR] MODEL    # the features of one model
    python3 tests/corpus/features.py other table           # the same for models-other
    python3 tests/corpus/features.py other subset          # ... as in subset-other.txt

MODELS_DIR defaults to ../shared/models (or $SMITHY_SHARED_DIR/models);
`other` means ../shared/models-other, the models of the other protocols,
with that corpus's subset settings. Only models whose protocol the generator
supports (SUPPORTED) count; the others are listed at the end of the table.
Only the shapes the service's operations reach are scanned, as the generator
generates only those. The subset is chosen by weighted greedy set cover,
where a model's cost is the number of shapes and members it reaches (a proxy
for the size of its generated code): every feature once, then a second model
for each feature where one costing at most the second-cover cap exists, then
the cheapest remaining models until there are the minimum count.
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

MIN_SUBSET = 40
# A second model for a feature only when it costs at most this much.
SECOND_COVER_CAP = 600
# The same for models-other: no padding and a lower cap, as CI compiles
# these besides the restJson1 subset; and a fixed cost per model added to
# its size when comparing models, for the time each crate costs whatever its
# size (without it, the cover takes many tiny models of one feature each).
MIN_SUBSET_OTHER = 0
SECOND_COVER_CAP_OTHER = 150
COST_PER_MODEL_OTHER = 300
# Protocol traits (aws.protocols#<name>) in the order the generator prefers
# them when a service declares several.
PROTOCOLS = ["restJson1", "awsJson1_0", "awsJson1_1", "restXml", "awsQuery", "ec2Query"]
# The protocols the generator emits (or that issue 12 adds); models of the
# others are listed as not supported.
SUPPORTED = ["restJson1", "awsJson1_0", "awsJson1_1", "awsQuery", "ec2Query"]
# Protocols that bind members with the http* traits (the others send every
# member in the body, ignoring those traits).
HTTP_BOUND = ("restJson1", "restXml")
QUERY = ("awsQuery", "ec2Query")
XML_TRAITS = ("xmlName", "xmlFlattened", "xmlAttribute", "xmlNamespace")
PRELUDE = {
    "Blob": "blob", "Boolean": "boolean", "String": "string", "Byte": "byte",
    "Short": "short", "Integer": "integer", "Long": "long", "Float": "float",
    "Double": "double", "BigInteger": "bigInteger", "BigDecimal": "bigDecimal",
    "Timestamp": "timestamp", "Document": "document", "PrimitiveBoolean": "boolean",
    "PrimitiveByte": "byte", "PrimitiveShort": "short", "PrimitiveInteger": "integer",
    "PrimitiveLong": "long", "PrimitiveFloat": "float", "PrimitiveDouble": "double",
    "Unit": "unit",
}
BINDINGS = ("httpLabel", "httpQuery", "httpQueryParams", "httpHeader",
            "httpPrefixHeaders", "httpPayload", "httpResponseCode")
# Features the generator handles that no model of the corpus uses: listed in
# the table so that it says so.
NOT_IN_CORPUS = [
    "type: byte", "type: short", "type: bigInteger", "type: bigDecimal", "type: intEnum",
    "timestamp: body http-date", "timestamp: label default (date-time)",
    "header (request): timestamp", "header (request): list of string",
    "header (response): list of string", "prefix headers (request)",
    "prefix headers (response)", "payload (request): string", "payload (response): string",
    "payload (request): document", "payload (response): union",
    "event stream: eventHeader", "method: HEAD", "query params map: of list",
    "endpoint: hostPrefix with a label", "endpoint: staticContextParams",
    "endpoint: operationContextParams", "endpoint: clientContextParams",
]
# The same for models-other (features of the other protocols).
NOT_IN_OTHER = [
    "protocol: ec2Query", "ec2QueryName", "xmlAttribute", "query: xmlFlattened list",
    "query: xmlFlattened map", "query: xmlNamespace on a member", "type: bigInteger",
    "type: bigDecimal", "type: byte", "type: short", "type: intEnum",
    "timestamp: body http-date",
]


def declared_protocols(shapes):
    """The protocols the service declares, in PROTOCOLS' order."""
    found = []
    for shape in shapes.values():
        if shape["type"] == "service":
            found += [p for p in PROTOCOLS if "aws.protocols#" + p in shape.get("traits", {})]
    return sorted(set(found), key=PROTOCOLS.index)


def t(traits, name):
    return traits.get("smithy.api#" + name)


class Model:
    def __init__(self, path):
        self.path = path
        self.shapes = json.loads(Path(path).read_text())["shapes"]
        self.features = set()
        self.cost = 0
        self.seen = set()
        declared = declared_protocols(self.shapes)
        supported = [p for p in declared if p in SUPPORTED]
        # The protocol the generator uses (None when it supports none).
        self.protocol = supported[0] if supported else None
        self.declared = declared
        self.http_bound = self.protocol in HTTP_BOUND or self.protocol is None
        # restJson1 models keep exactly the features they always had; the
        # protocol-specific ones below are for the other protocols.
        self.other = self.protocol not in ("restJson1", None)
        self.query = self.protocol in QUERY

    def shape(self, sid):
        if sid.startswith("smithy.api#"):
            return {"type": PRELUDE[sid.split("#")[1]], "traits": {}}
        return self.shapes[sid]

    def kind(self, sid):
        shape = self.shape(sid)
        if shape["type"] == "string" and "smithy.api#enum" in shape.get("traits", {}):
            return "enum"
        return shape["type"]

    def add(self, feature):
        self.features.add(feature)

    def scan(self):
        services = [sid for sid, s in self.shapes.items() if s["type"] == "service"]
        assert len(services) == 1, self.path
        service = self.shapes[services[0]]
        straits = service.get("traits", {})
        if self.other:
            self.add(f"protocol: {self.protocol}")
            if "aws.protocols#awsQueryCompatible" in straits:
                self.add("protocol: awsQueryCompatible")
            if self.query and t(straits, "xmlNamespace") is not None:
                self.add("query: service xmlNamespace")
            if "aws.api#clientEndpointDiscovery" in straits:
                self.add("endpoint discovery (service)")
        for name in ("paginated",):
            if t(service.get("traits", {}), name):
                self.add("paginator: service defaults")
        if "smithy.rules#clientContextParams" in service.get("traits", {}):
            self.add("endpoint: clientContextParams")
        ops, pending, visited = [], [services[0]], set()
        while pending:
            sid = pending.pop()
            if sid in visited:
                continue
            visited.add(sid)
            shape = self.shapes[sid]
            if shape["type"] == "operation":
                ops.append(sid)
                continue
            if shape["type"] == "resource" and sid != services[0]:
                self.add("resource")
            for key in ("operations", "resources", "collectionOperations"):
                pending += [x["target"] for x in shape.get(key, [])]
            for key in ("create", "put", "read", "update", "delete", "list"):
                if key in shape:
                    pending.append(shape[key]["target"])
        for err in service.get("errors", []):
            self.add("errors: service-wide")
            self.structure_io(err["target"], "error")
        for op in ops:
            self.operation(op)
        self.recursion()

    def operation(self, sid):
        op = self.shapes[sid]
        traits = op.get("traits", {})
        self.cost += 1
        http = t(traits, "http")
        if self.http_bound:
            self.add("method: " + http["method"])
            uri = http["uri"]
            if "?" in uri:
                self.add("uri: constant query")
            if "+}" in uri:
                self.add("label: greedy")
            if http.get("code", 200) != 200:
                self.add("response: non-200 http code")
        elif http is not None:
            self.add("ignored by the protocol: http trait on an operation")
        if t(traits, "paginated"):
            page = t(traits, "paginated")
            self.add("paginator")
            if any("." in str(page.get(k, "")) for k in ("inputToken", "outputToken", "items")):
                self.add("paginator: nested path")
            if self.other:
                self.paginator(op, page)
        if self.other:
            if "aws.api#clientDiscoveredEndpoint" in traits:
                self.add("endpoint discovery (operation)")
            if t(traits, "requestCompression") is not None:
                self.add("requestCompression")
        if t(traits, "endpoint"):
            self.add("endpoint: hostPrefix")
            if "{" in t(traits, "endpoint").get("hostPrefix", ""):
                self.add("endpoint: hostPrefix with a label")
        if "smithy.rules#staticContextParams" in traits:
            self.add("endpoint: staticContextParams")
        if "smithy.rules#operationContextParams" in traits:
            self.add("endpoint: operationContextParams")
        if "aws.auth#unsignedPayload" in traits:
            self.add("auth: unsignedPayload")
        if t(traits, "optionalAuth") is not None or t(traits, "auth") == []:
            self.add("auth: optional or none")
        if t(traits, "idempotent") is not None:
            self.add("operation: idempotent")
        for key, role in (("input", "input"), ("output", "output")):
            target = op.get(key, {}).get("target", "smithy.api#Unit")
            if target == "smithy.api#Unit":
                self.add(f"operation: no {role}")
            else:
                self.structure_io(target, role)
        for err in op.get("errors", []):
            self.structure_io(err["target"], "error")

    def paginator(self, op, page):
        """The types of a paginator's tokens and page size (the restJson1
        corpus's are all strings and integers)."""
        service = next(s for s in self.shapes.values() if s["type"] == "service")
        defaults = t(service.get("traits", {}), "paginated") or {}
        page = {**defaults, **page}
        for key, io in (("inputToken", "input"), ("pageSize", "input")):
            name = page.get(key)
            target = op.get(io, {}).get("target")
            if not name or not target or target == "smithy.api#Unit":
                continue
            member = self.shapes[target].get("members", {}).get(name)
            if member is None:
                continue
            kind = self.kind(member["target"])
            if key == "inputToken" and kind != "string":
                self.add(f"paginator: token of type {kind}")
            if key == "pageSize" and kind != "integer":
                self.add(f"paginator: page size of type {kind}")

    def structure_io(self, sid, role):
        """A top-level input, output or error structure: bindings and body."""
        shape = self.shapes[sid]
        traits = shape.get("traits", {})
        if role == "error":
            self.add("errors: modeled")
            if t(traits, "httpError") is None:
                self.add("errors: no httpError")
            if "aws.protocols#awsQueryError" in traits:
                self.add("errors: awsQueryError code")
            if t(traits, "retryable") is not None:
                self.add("errors: retryable")
        has_body = False
        has_payload = False
        for name, member in shape.get("members", {}).items():
            mt = member.get("traits", {})
            target = member["target"]
            kind = self.kind(target)
            if role == "input" and "smithy.rules#contextParam" in mt:
                self.add("endpoint: contextParam")
            bound = [b for b in BINDINGS if ("smithy.api#" + b) in mt]
            if bound and not self.http_bound:
                self.add("ignored by the protocol: http binding traits on members")
                bound = []
            if t(mt, "idempotencyToken") is not None:
                where = bound[0] if bound else "body"
                self.add(f"idempotencyToken: {where}")
            if not bound:
                has_body = True
                side = "response" if role != "input" else "request"
                if (self.other and kind == "union"
                        and t(self.shape(target).get("traits", {}), "streaming") is not None):
                    self.add(f"event stream ({side})")
                    self.event_stream(target)
                    continue
                if self.other and kind == "blob" and t(self.shape(target).get("traits", {}), "streaming") is not None:
                    self.add(f"streaming blob ({side})")
                self.member(member, f"{role} body")
                continue
            binding = bound[0]
            side = "response" if role != "input" else "request"
            if binding == "httpLabel":
                self.add(f"label: {kind}")
                if kind == "timestamp":
                    self.timestamp(member, "label", "date-time")
            elif binding == "httpQuery":
                if kind == "list":
                    inner = self.kind(self.shape(target)["member"]["target"])
                    self.add(f"query: list of {inner}")
                else:
                    self.add(f"query: {kind}")
                if kind == "timestamp":
                    self.timestamp(member, "query", "date-time")
            elif binding == "httpQueryParams":
                value = self.shape(target)["value"]["target"]
                self.add(f"query params map: of {self.kind(value)}")
            elif binding == "httpHeader":
                if kind == "list":
                    inner = self.kind(self.shape(target)["member"]["target"])
                    self.add(f"header ({side}): list of {inner}")
                elif kind == "string" and t(self.shape(target).get("traits", {}), "mediaType"):
                    self.add(f"header ({side}): string with mediaType (base64)")
                else:
                    self.add(f"header ({side}): {kind}")
                if kind == "timestamp":
                    self.timestamp(member, "header", "http-date")
                if role == "error":
                    self.add("errors: header members")
            elif binding == "httpPrefixHeaders":
                self.add(f"prefix headers ({side})")
            elif binding == "httpResponseCode":
                self.add("response code member")
            elif binding == "httpPayload":
                has_payload = True
                streaming = t(self.shape(target).get("traits", {}), "streaming") is not None
                if kind == "union" and streaming:
                    self.add(f"event stream ({side})")
                    self.event_stream(target)
                    continue
                what = f"streaming {kind}" if streaming else kind
                self.add(f"payload ({side}): {what}")
                if kind == "blob" and t(self.shape(target).get("traits", {}), "requiresLength") is not None:
                    self.add("payload: blob requiresLength")
                if kind in ("structure", "union", "document"):
                    self.walk(target, f"{role} body")
        if has_body and has_payload:
            raise AssertionError(f"{self.path}: {sid} has a payload and body members")
        if not has_body and not has_payload and role == "input":
            self.add("input: no members" if self.other else "input: no body")

    def event_stream(self, sid):
        self.seen.add(sid)
        for name, member in self.shapes[sid].get("members", {}).items():
            event = self.shapes[member["target"]]
            if t(event.get("traits", {}), "error"):
                self.add("event stream: error events")
            for mname, m in event.get("members", {}).items():
                mt = m.get("traits", {})
                if t(mt, "eventHeader") is not None:
                    self.add("event stream: eventHeader")
                if t(mt, "eventPayload") is not None:
                    self.add(f"event stream: eventPayload {self.kind(m['target'])}")
                self.member(m, "event")

    def member(self, member, context, where="member"):
        mt = member.get("traits", {})
        if self.other:
            self.xml_traits(mt, where)
            if self.query and t(mt, "xmlFlattened") is not None:
                self.add(f"query: xmlFlattened {self.kind(member['target'])}")
        if t(mt, "jsonName") is not None and not self.other:
            self.add("jsonName")
        if t(mt, "default") is not None:
            self.add("default value")
        if t(mt, "clientOptional") is not None:
            self.add("clientOptional")
        if t(mt, "sensitive") is not None:
            self.add("sensitive")
        if self.kind(member["target"]) == "timestamp":
            self.timestamp(member, "body", "date-time" if self.query else "epoch-seconds")
        self.walk(member["target"], context)

    def xml_traits(self, traits, where):
        """The XML and query naming traits: the query protocols read them;
        awsJson ignores them (a few awsJson models have them)."""
        for name in XML_TRAITS:
            if t(traits, name) is None:
                continue
            if not self.query:
                self.add("ignored by the protocol: xml traits")
            elif name == "xmlName":
                self.add(f"query: xmlName on a {where}")
            elif name == "xmlFlattened":
                pass  # by shape kind, in walk
            elif name == "xmlNamespace":
                self.add(f"query: xmlNamespace on a {where}")
            else:
                self.add(name)
        if "aws.protocols#ec2QueryName" in traits:
            self.add("ec2QueryName")

    def timestamp(self, member, where, default):
        fmt = t(member.get("traits", {}), "timestampFormat")
        if fmt is None:
            fmt = t(self.shape(member["target"]).get("traits", {}), "timestampFormat")
        if fmt is None:
            self.add(f"timestamp: {where} default ({default})")
        else:
            self.add(f"timestamp: {where} {fmt}")

    def walk(self, sid, context):
        """A shape serialized in a JSON body (or event): its type features."""
        if sid in self.seen:
            return
        self.seen.add(sid)
        shape = self.shape(sid)
        traits = shape.get("traits", {})
        kind = self.kind(sid)
        self.cost += 1 + len(shape.get("members", {}))
        if kind not in ("structure", "string", "list", "map", "unit"):
            self.add(f"type: {kind}")
        if kind == "enum" and shape["type"] == "string":
            self.add("type: enum (1.0 trait)")
        if kind in ("enum", "intEnum"):
            values = [str(t(m.get("traits", {}), "enumValue")) for m in shape.get("members", {}).values()]
            values += [d["value"] for d in traits.get("smithy.api#enum", [])]
            if any(not v[:1].isalpha() or not v.replace("_", "").isalnum() for v in values):
                self.add("enum: values that are not identifiers")
        if kind == "blob" and t(traits, "streaming") is None:
            self.add("blob: base64 in body")
        if kind == "document":
            self.add("document: in body")
        if self.other:
            if kind == "string" and t(traits, "mediaType") is not None:
                self.add("string with mediaType in body")
            if kind in ("structure", "union") and t(traits, "xmlName") is not None:
                self.xml_traits({"smithy.api#xmlName": t(traits, "xmlName")}, "structure")
            if kind in ("list", "map"):
                self.add(f"type: {kind}")
            if kind == "map":
                self.xml_traits(shape["key"].get("traits", {}), "map key")
        for name in ("length", "pattern", "range"):
            if t(traits, name) is not None:
                base = shape["type"]
                self.add(f"constraint: {name} on {base if base in ('string', 'list', 'map', 'blob', 'enum') else 'number'}")
        if t(traits, "sensitive") is not None:
            self.add("sensitive")
        if kind == "list":
            if t(traits, "sparse") is not None:
                self.add("sparse list")
            if t(traits, "uniqueItems") is not None:
                self.add("list: uniqueItems")
            inner = self.kind(shape["member"]["target"])
            if inner in ("list", "map"):
                self.add(f"list of {inner}s")
            self.member(shape["member"], context, "list member")
        elif kind == "map":
            if t(traits, "sparse") is not None:
                self.add("sparse map")
            if self.kind(shape["key"]["target"]) == "enum":
                self.add("map: enum keys")
            inner = self.kind(shape["value"]["target"])
            if inner in ("list", "map"):
                self.add(f"map of {inner}s")
            self.walk(shape["key"]["target"], context)
            self.member(shape["value"], context, "map value")
        elif kind in ("structure", "union"):
            if kind == "union" and t(traits, "streaming") is not None:
                self.add("event stream (nested)")
            for member in shape.get("members", {}).values():
                if kind == "structure" and t(member.get("traits", {}), "required") is not None:
                    self.add("required member")
                if kind == "union" and member["target"] == "smithy.api#Unit":
                    self.add("union: unit variant")
                self.member(member, context)

    def recursion(self):
        """Cycles among the reached shapes: through structure/union members
        only (the generator must box) or through a list or map."""
        def edges(sid, direct):
            shape = self.shape(sid)
            if shape["type"] in ("structure", "union"):
                targets = [m["target"] for m in shape.get("members", {}).values()]
            elif not direct and shape["type"] == "list":
                targets = [shape["member"]["target"]]
            elif not direct and shape["type"] == "map":
                targets = [shape["value"]["target"]]
            else:
                targets = []
            return [x for x in targets if x in self.seen and
                    (not direct or self.shape(x)["type"] in ("structure", "union"))]

        for direct, feature in ((True, "recursive: through members (boxed)"),
                                (False, "recursive: through a list or map")):
            # Iterative DFS colouring.
            state = {}
            for root in sorted(self.seen):
                if root in state:
                    continue
                stack = [(root, iter(edges(root, direct)))]
                state[root] = 1
                while stack:
                    node, it = stack[-1]
                    nxt = next(it, None)
                    if nxt is None:
                        state[node] = 2
                        stack.pop()
                    elif state.get(nxt) == 1:
                        self.add(feature)
                    elif nxt not in state:
                        state[nxt] = 1
                        stack.append((nxt, iter(edges(nxt, direct))))
        if "recursive: through members (boxed)" in self.features:
            self.features.discard("recursive: through a list or map")


def scan_all(models_dir):
    """The models whose protocol the generator supports, scanned, by stem;
    and the others, as (stem, declared protocols)."""
    models, unsupported = {}, []
    for path in sorted(Path(models_dir).glob("*.json")):
        model = Model(path)
        if model.protocol is None:
            unsupported.append((path.stem, model.declared))
            continue
        model.scan()
        models[path.stem] = model
    return models, unsupported


def choose(models, second_cover_cap, min_subset, per_model=0):
    by_feature = defaultdict(set)
    for name, model in models.items():
        for feature in model.features:
            by_feature[feature].add(name)
    chosen = []

    def cover(need, cap=None):
        while any(need.values()):
            def gain(name):
                return sum(1 for f in models[name].features if need.get(f, 0) > 0)
            candidates = [n for n in models if n not in chosen and gain(n) > 0
                          and (cap is None or models[n].cost <= cap)]
            if not candidates:
                return
            best = min(candidates, key=lambda n: ((models[n].cost + per_model) / gain(n), n))
            chosen.append(best)
            for f in models[best].features:
                if need.get(f, 0) > 0:
                    need[f] -= 1

    cover({f: 1 for f in by_feature})
    twice = {f: 2 - sum(1 for n in chosen if f in models[n].features) for f in by_feature}
    cover(twice, second_cover_cap)
    for name in sorted(models, key=lambda n: (models[n].cost, n)):
        if len(chosen) >= min_subset:
            break
        if name not in chosen:
            chosen.append(name)
    return sorted(chosen), by_feature


def main():
    args = sys.argv[1:]
    shared = Path(os.environ.get("SMITHY_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
    other = bool(args) and args[0] == "other"
    if other:
        args.pop(0)
        models_dir = shared / "models-other"
        cap, min_subset, not_in = SECOND_COVER_CAP_OTHER, MIN_SUBSET_OTHER, NOT_IN_OTHER
        per_model = COST_PER_MODEL_OTHER
        command, file = "other subset", "subset-other.txt"
    else:
        models_dir = Path(args.pop(0)) if len(args) > 1 else shared / "models"
        cap, min_subset, not_in = SECOND_COVER_CAP, MIN_SUBSET, NOT_IN_CORPUS
        per_model = 0
        command, file = "subset", "subset.txt"
    what = args[0] if args else "table"
    models, unsupported = scan_all(models_dir)
    subset, by_feature = choose(models, cap, min_subset, per_model)
    if what == "subset":
        cost = sum(models[n].cost for n in subset)
        total = sum(m.cost for m in models.values())
        print(f"# {len(subset)} of {len(models)} models, chosen by `python3 tests/corpus/features.py {command}`:")
        print(f"# weighted greedy set cover of the features in tests/corpus/README.md (each once, a second")
        if min_subset:
            print(f"# model where one of cost <= {cap} exists), then the smallest models up to {min_subset};")
        else:
            print(f"# model where one of cost <= {cap} exists; {per_model} added to each model's cost);")
        print(f"# {cost} of the corpus's {total} reached shapes and members ({100 * cost / total:.0f}%).")
        if unsupported:
            print(f"# Not counted: {len(unsupported)} models of protocols the generator does not support"
                  f" ({', '.join(sorted({p for _, ps in unsupported for p in ps}))}).")
        for name in subset:
            print(name)
    elif what == "table":
        print("| feature | models using it | in the subset |")
        print("| --- | ---: | --- |")
        for feature in sorted(by_feature):
            names = by_feature[feature]
            picked = sorted(n for n in names if n in subset)
            print(f"| {feature} | {len(names)} | {', '.join(picked)} |")
        for feature in not_in:
            if feature not in by_feature:
                print(f"| {feature} | 0 | (no model uses it) |")
        for stem, protocols in unsupported:
            print(f"| (not supported: {', '.join(protocols) or 'no protocol'}) | | {stem} |")
    else:
        if what not in models:
            sys.exit(f"{what}: no model of a supported protocol in {models_dir} is named so")
        model = models[what]
        print(f"{what}: {model.protocol}, cost {model.cost}")
        for feature in sorted(model.features):
            print("  " + feature)


if __name__ == "__main__":
    main()
