// A small JSON writer: deterministic, streaming into a String buffer, never writes NaN.

/// Writes JSON as a stream of calls (objects, arrays, fields) with commas placed for you; `flush()` hands over what is written.
public struct JSONWriter {
    /// What has been written since the last `flush()`.
    public private(set) var output = ""
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var afterKey = false

    /// A writer; `pretty` indents nested values.
    public init(pretty: Bool = false) { self.pretty = pretty }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { output += "," }
        if pretty && needsComma.count > 1 { output += "\n" + String(repeating: "  ", count: needsComma.count - 1) }
        needsComma[needsComma.count - 1] = true
    }

    /// Opens an object (`{`).
    public mutating func beginObject() {
        separate()
        output += "{"
        needsComma.append(false)
    }
    /// Closes the open object.
    public mutating func endObject() { close("}") }
    /// Opens an array (`[`).
    public mutating func beginArray() {
        separate()
        output += "["
        needsComma.append(false)
    }
    /// Closes the open array.
    public mutating func endArray() { close("]") }

    private mutating func close(_ c: String) {
        let had = needsComma.removeLast()
        if pretty && had { output += "\n" + String(repeating: "  ", count: needsComma.count - 1) }
        output += c
    }

    /// Writes a member's key; its value follows.
    public mutating func key(_ k: String) {
        separate()
        Self.appendString(k, to: &output)
        output += pretty ? ": " : ":"
        afterKey = true
    }

    /// Writes a string, escaped, or `null`.
    public mutating func string(_ s: String?) {
        separate()
        if let s { Self.appendString(s, to: &output) } else { output += "null" }
    }

    /// A number; non-finite values and nil are written as null.
    public mutating func number(_ d: Double?) {
        separate()
        output += Self.format(d)
    }

    /// Writes an integer, or `null`.
    public mutating func int(_ i: Int?) {
        separate()
        output += i.map(String.init) ?? "null"
    }
    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        separate()
        output += b ? "true" : "false"
    }
    /// Writes `null`.
    public mutating func null() {
        separate()
        output += "null"
    }

    /// Appends pre-serialised JSON as one value.
    public mutating func raw(_ json: String) {
        separate()
        output += json
    }

    /// Writes a member with a string value.
    public mutating func field(_ k: String, _ s: String?) {
        key(k)
        string(s)
    }
    /// Writes a member with a number value.
    public mutating func field(_ k: String, _ d: Double?) {
        key(k)
        number(d)
    }
    /// Writes a member with an integer value.
    public mutating func field(_ k: String, _ i: Int?) {
        key(k)
        int(i)
    }
    /// Writes a member with a Boolean value.
    public mutating func field(_ k: String, _ b: Bool) {
        key(k)
        bool(b)
    }

    /// Takes what was written so far (for streaming output in pieces).
    public mutating func flush() -> String {
        defer { output = "" }
        return output
    }

    /// A number as JSON: shortest round-trip digits; `null` for nil and non-finite values.
    public static func format(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    /// Appends `s` as a quoted, escaped JSON string.
    public static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
