// Custom stretch specs as versioned JSON files, so a physiotherapist can change tolerances
// without code. Every error names the key path (`checks[2].tolerance`) and the location.
//
// {
//   "schemaVersion": 1,
//   "id": "gentle-lunge", "name": "Gentle lunge",
//   "extends": "scissor-stance",          // optional: start from a built-in, override by check id
//   "holdSeconds": 10, "dipToleranceSeconds": 0.5,
//   "checks": [
//     {"check": "frontKneeFlexion", "target": 90, "tolerance": 20, "falloff": 20},
//     {"check": "backKneeFlexion", "max": 20, "falloff": 20, "weight": 2, "required": true},
//     {"check": "handsOnFloor", "max": 0.15, "falloff": 0.25, "hands": "both"}
//   ]
// }
// A band is either `target` ± `tolerance`, or `min` and/or `max`. `falloff` is how far beyond
// the band the check's score reaches 0. `weight` defaults to 1, `required` to true.
import PoseModel
import PoseScanning

/// Custom stretch specs: JSON files that define checks, bands and the hold.
public enum SpecFile {
    /// The spec file version this build reads.
    public static let schemaVersion = 1

    /// Reads and validates a spec file; errors name the line.
    public static func load(_ input: ByteInput, path: String) throws(FormatError) -> StretchSpec {
        let doc = try JSONScanner.parseDocument(input, path: path)
        return try decode(doc, path: path)
    }

    static func fail(_ keyPath: String, _ message: String, _ v: JSONValue, _ path: String) -> FormatError {
        FormatError(
            .invalidContent, code: "invalid_spec", message: "invalid spec: \(keyPath): \(message)", path: path,
            location: v.location)
    }

    /// Validates a parsed spec document.
    public static func decode(_ doc: JSONValue, path: String) throws(FormatError) -> StretchSpec {
        guard let members = doc.members else {
            throw fail("(top level)", "must be an object, found \(doc.typeName)", doc, path)
        }
        let allowed: Set<String> = [
            "schemaVersion", "id", "aliases", "name", "description", "extends", "holdSeconds", "dipToleranceSeconds",
            "checks",
        ]
        for member in members where !allowed.contains(member.key) {
            throw fail(member.key, "unknown key\(suggestion(member.key, among: allowed))", member.value, path)
        }
        guard let version = doc["schemaVersion"] else {
            throw fail("schemaVersion", "missing (this reader knows version \(schemaVersion))", doc, path)
        }
        guard version.number == Double(schemaVersion) else {
            throw fail(
                "schemaVersion",
                "unsupported version \(JSONWriter.format(version.number)); this reader knows version \(schemaVersion)",
                version, path)
        }
        var spec: StretchSpec
        if let ext = doc["extends"] {
            guard let name = ext.string else {
                throw fail("extends", "must be a string, found \(ext.typeName)", ext, path)
            }
            guard let base = StretchSpec.builtin(named: name) else {
                throw fail(
                    "extends",
                    "unknown stretch \"\(name)\"\(suggestion(name, among: Set(StretchSpec.builtins.map(\.id))))", ext,
                    path)
            }
            spec = base
        } else {
            spec = StretchSpec(id: "", name: "", checks: [], holdSeconds: 1)
        }
        guard let id = doc["id"] else { throw fail("id", "missing", doc, path) }
        guard let idString = id.string, !idString.isEmpty else {
            throw fail("id", "must be a non-empty string", id, path)
        }
        spec.id = idString
        spec.aliases = []
        if let a = doc["aliases"] {
            guard let list = a.array, list.allSatisfy({ $0.string != nil }) else {
                throw fail("aliases", "must be a list of strings", a, path)
            }
            spec.aliases = list.compactMap(\.string)
        }
        spec.name = try optionalString(doc, "name", path) ?? idString
        spec.description = try optionalString(doc, "description", path) ?? spec.description
        if let h = doc["holdSeconds"] { spec.holdSeconds = try nonNegative(h, "holdSeconds", path) }
        if let d = doc["dipToleranceSeconds"] {
            spec.dipToleranceSeconds = try nonNegative(d, "dipToleranceSeconds", path)
        }
        guard let checks = doc["checks"] else {
            if doc["extends"] != nil { return spec }
            throw fail("checks", "missing", doc, path)
        }
        guard let list = checks.array else {
            throw fail("checks", "must be a list, found \(checks.typeName)", checks, path)
        }
        var seen: Set<CheckID> = []
        for (i, c) in list.enumerated() {
            let check = try decodeCheck(c, keyPath: "checks[\(i)]", base: spec, path: path)
            guard seen.insert(check.id).inserted else {
                throw fail("checks[\(i)].check", "\"\(check.id)\" appears twice", c["check"] ?? c, path)
            }
            if let j = spec.checks.firstIndex(where: { $0.id == check.id }) {
                spec.checks[j] = check
            } else {
                spec.checks.append(check)
            }
        }
        if spec.checks.isEmpty { throw fail("checks", "must hold at least one check", checks, path) }
        return spec
    }

    static func decodeCheck(_ c: JSONValue, keyPath: String, base: StretchSpec, path: String) throws(FormatError)
        -> CheckSpec
    {
        guard let members = c.members else { throw fail(keyPath, "must be an object, found \(c.typeName)", c, path) }
        let allowed: Set<String> = [
            "check", "target", "tolerance", "min", "max", "falloff", "weight", "required", "hands", "unit",
        ]
        for member in members where !allowed.contains(member.key) {
            throw fail(
                "\(keyPath).\(member.key)", "unknown key\(suggestion(member.key, among: allowed))", member.value, path)
        }
        guard let idValue = c["check"] else { throw fail("\(keyPath).check", "missing", c, path) }
        guard let idString = idValue.string else {
            throw fail("\(keyPath).check", "must be a string, found \(idValue.typeName)", idValue, path)
        }
        guard let id = CheckID(rawValue: idString) else {
            throw fail(
                "\(keyPath).check",
                "unknown check \"\(idString)\"\(suggestion(idString, among: Set(CheckID.allCases.map(\.rawValue))))",
                idValue, path)
        }
        if let u = c["unit"], u.string != id.unit.rawValue {
            throw fail("\(keyPath).unit", "\(id) is measured in \(id.unit.rawValue)", u, path)
        }
        let inherited = base.check(id)
        var band = inherited?.band
        if c["target"] != nil || c["tolerance"] != nil {
            if let m = c["min"] ?? c["max"] {
                throw fail(
                    "\(keyPath).\(c["min"] != nil ? "min" : "max")",
                    "give either target and tolerance, or min/max, not both", m, path)
            }
            guard let t = c["target"] else {
                throw fail("\(keyPath).target", "missing (tolerance needs a target)", c, path)
            }
            guard let tol = c["tolerance"] else {
                throw fail("\(keyPath).tolerance", "missing (target needs a tolerance)", c, path)
            }
            band = .around(
                try finite(t, "\(keyPath).target", path), tolerance: try nonNegative(tol, "\(keyPath).tolerance", path))
        } else if c["min"] != nil || c["max"] != nil {
            let lo = try c["min"].map { v throws(FormatError) in try finite(v, "\(keyPath).min", path) }
            let hi = try c["max"].map { v throws(FormatError) in try finite(v, "\(keyPath).max", path) }
            if let l = lo, let h = hi, l > h, let m = c["max"] { throw fail("\(keyPath).max", "is below min", m, path) }
            band = Band(lower: lo, upper: hi)
        }
        guard let band else { throw fail(keyPath, "needs a band: target and tolerance, or min and/or max", c, path) }
        var falloff = inherited?.falloff
        if let f = c["falloff"] {
            let v = try finite(f, "\(keyPath).falloff", path)
            guard v > 0 else { throw fail("\(keyPath).falloff", "must be greater than 0", f, path) }
            falloff = v
        }
        guard let falloff else { throw fail("\(keyPath).falloff", "missing", c, path) }
        var spec = CheckSpec(
            id, band: band, falloff: falloff, weight: inherited?.weight ?? 1,
            required: inherited?.required ?? true, hands: inherited?.hands ?? .both)
        if let w = c["weight"] { spec.weight = try nonNegative(w, "\(keyPath).weight", path) }
        if let r = c["required"] {
            guard let b = r.bool else {
                throw fail("\(keyPath).required", "must be true or false, found \(r.typeName)", r, path)
            }
            spec.required = b
        }
        if let h = c["hands"] {
            guard id == .handsOnFloor else { throw fail("\(keyPath).hands", "only applies to handsOnFloor", h, path) }
            guard let s = h.string, let sel = HandSelection(rawValue: s) else {
                throw fail("\(keyPath).hands", "must be \"both\" or \"back\"", h, path)
            }
            spec.hands = sel
        }
        return spec
    }

    static func optionalString(_ doc: JSONValue, _ key: String, _ path: String) throws(FormatError) -> String? {
        guard let v = doc[key] else { return nil }
        guard let s = v.string else { throw fail(key, "must be a string, found \(v.typeName)", v, path) }
        return s
    }

    static func finite(_ v: JSONValue, _ keyPath: String, _ path: String) throws(FormatError) -> Double {
        guard let d = v.number, d.isFinite else {
            throw fail(keyPath, "must be a number, found \(v.typeName)", v, path)
        }
        return d
    }

    static func nonNegative(_ v: JSONValue, _ keyPath: String, _ path: String) throws(FormatError) -> Double {
        let d = try finite(v, keyPath, path)
        guard d >= 0 else { throw fail(keyPath, "must not be negative", v, path) }
        return d
    }

    static func suggestion(_ word: String, among candidates: Set<String>) -> String {
        guard let best = closest(word, among: Array(candidates)) else { return "" }
        return "; did you mean \"\(best)\"?"
    }

    /// Writes a spec in the file format (what `posecheck specs --output json` prints).
    public static func write(_ spec: StretchSpec, to w: inout JSONWriter) {
        w.beginObject()
        w.field("schemaVersion", schemaVersion)
        w.field("id", spec.id)
        if !spec.aliases.isEmpty {
            w.key("aliases")
            w.beginArray()
            for a in spec.aliases { w.string(a) }
            w.endArray()
        }
        w.field("name", spec.name)
        w.field("description", spec.description)
        w.field("holdSeconds", spec.holdSeconds)
        w.field("dipToleranceSeconds", spec.dipToleranceSeconds)
        w.key("checks")
        w.beginArray()
        for c in spec.checks {
            w.beginObject()
            w.field("check", c.id.rawValue)
            if let t = c.band.target, let l = c.band.lower, let u = c.band.upper, abs((t - l) - (u - t)) < 1e-9 {
                w.field("target", t)
                w.field("tolerance", u - t)
            } else {
                if let l = c.band.lower { w.field("min", l) }
                if let u = c.band.upper { w.field("max", u) }
            }
            w.field("falloff", c.falloff)
            w.field("weight", c.weight)
            w.field("required", c.required)
            if c.id == .handsOnFloor { w.field("hands", c.hands.rawValue) }
            w.field("unit", c.id.unit.rawValue)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
public func closest(_ word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates.sorted() {
        let d = editDistance(w, Array(c.lowercased()))
        if d <= max(2, w.count / 3), d < (best?.1 ?? .max) { best = (c, d) }
    }
    return best?.0
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    // Optimal string alignment: insertions, deletions, substitutions and adjacent
    // transpositions each cost 1, so "fornt" is one step from "front".
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
