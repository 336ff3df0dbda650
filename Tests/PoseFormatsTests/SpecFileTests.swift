// Custom spec files: the built-ins round-trip, and every mistake names its key path.
import PoseFormats
import PoseModel
import PoseScanning
import Testing

struct SpecFileTests {
    static func load(_ text: String) throws(FormatError) -> StretchSpec {
        try SpecFile.load(.memory(Array(text.utf8)), path: "spec.json")
    }

    @Test("built-ins round-trip through the file format", arguments: StretchSpec.builtins)
    func roundTrip(_ spec: StretchSpec) throws {
        var w = JSONWriter(pretty: true)
        SpecFile.write(spec, to: &w)
        #expect(try Self.load(w.output) == spec)
    }

    @Test func extendsOverridesByCheckID() throws {
        let s = try Self.load(
            #"""
            {"schemaVersion": 1, "id": "gentle", "extends": "1", "holdSeconds": 10,
             "checks": [{"check": "frontKneeFlexion", "target": 90, "tolerance": 25, "falloff": 20},
                        {"check": "gaze", "max": 60, "falloff": 30, "required": false}]}
            """#)
        #expect(s.id == "gentle" && s.holdSeconds == 10)
        #expect(s.check(.frontKneeFlexion)?.band == .around(90, tolerance: 25))
        #expect(s.check(.backKneeFlexion) == StretchSpec.scissorStance.check(.backKneeFlexion))
        #expect(s.checks.last?.id == .gaze && s.checks.last?.required == false)
    }

    @Test(
        "errors name the key path and the location",
        arguments: [
            (#"[]"#, "(top level): must be an object, found an array", 1, 1),
            (#"{"id": "x", "checks": []}"#, "schemaVersion: missing (this reader knows version 1)", 1, 1),
            (
                #"{"schemaVersion": 2, "id": "x"}"#,
                "schemaVersion: unsupported version 2; this reader knows version 1", 1, 19
            ),
            (#"{"schemaVersion": 1, "id": "x", "chekcs": []}"#, #"chekcs: unknown key; did you mean "checks"?"#, 1, 43),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "frontKneeFlexion", "target": 90, "tolerance": 15, "falloff": 20}, {"check": "armLine", "max": 20, "falloff": 25}, {"check": "gaze", "target": 0, "tolerance": "wide", "falloff": 1}]}"#,
                "checks[2].tolerance: must be a number, found a string", 1, 213
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "frontKneFlexion", "max": 1, "falloff": 1}]}"#,
                #"checks[0].check: unknown check "frontKneFlexion"; did you mean "frontKneeFlexion"?"#, 1, 54
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "gaze", "max": 1}]}"#,
                "checks[0].falloff: missing", 1, 44
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "gaze", "max": 1, "min": 5, "falloff": 1}]}"#,
                "checks[0].max: is below min", 1, 69
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "gaze", "max": 1, "falloff": 0}]}"#,
                "checks[0].falloff: must be greater than 0", 1, 83
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "gaze", "max": 1, "falloff": 1}, {"check": "gaze", "max": 2, "falloff": 1}]}"#,
                #"checks[1].check: "gaze" appears twice"#, 1, 97
            ),
            (
                #"{"schemaVersion": 1, "id": "x", "checks": [{"check": "gaze", "max": 1, "falloff": 1, "hands": "both"}]}"#,
                "checks[0].hands: only applies to handsOnFloor", 1, 95
            ),
            (#"{"schemaVersion": 1, "id": "x", "extends": "4"}"#, #"extends: unknown stretch "4""#, 1, 44),
        ])
    func errors(_ text: String, _ message: String, _ line: Int, _ column: Int) throws {
        let e = try #require(throws: FormatError.self) { try Self.load(text) }
        #expect(e.message == "invalid spec: " + message)
        #expect(e.location?.line == line && e.location?.column == column, "\(String(describing: e.location))")
        #expect(e.code == "invalid_spec")
    }

    @Test func malformedJSONIsAJSONError() throws {
        let e = try #require(throws: FormatError.self) { try Self.load(#"{"schemaVersion": 1,}"#) }
        #expect(e.kind == .invalidJSON && e.code == "trailing_comma")
    }
}
