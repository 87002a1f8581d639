$version: "2"
$operationInputSuffix: "Request"

metadata tags = ["fuzz", required]

namespace fuzz.idl

use smithy.api#String

/// A service with one operation.
@aws.api#service(sdkId: "Fuzz Idl")
@aws.protocols#restJson1
service Things {
    version: "2026-01-01"
    operations: [PutThing]
    errors: [Oops]
}

@http(method: "PUT", uri: "/things/{id}")
operation PutThing with [Errors] {
    input := with [IdBearer] {
        @required
        @httpLabel
        $id
        name: Name = "n"
        kind: Kind
        tags: Tags
        counts: Counts
        shape: Shape
        when: Timestamp
    }
    output := {
        @documentation("""
            Multi-line
              text block \u00e9 \uD83D\uDE00""")
        id: String
    }
}

@mixin
operation Errors {
    errors: [Oops]
}

@mixin
structure IdBearer {
    id: String
}

@length(min: 1, max: 64)
@pattern("^[a-z]+$")
string Name

enum Kind {
    SMALL
    LARGE = "large"
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

list Tags {
    member: Name
}

map Counts {
    key: String
    value: Integer
}

union Shape {
    circle: Integer
    square: Unit
}

@error("client")
@httpError(400)
structure Oops {
    message: String
}

apply Oops$message @documentation("What went wrong.")
apply Name {
    @sensitive
    @tags(["a"])
}
