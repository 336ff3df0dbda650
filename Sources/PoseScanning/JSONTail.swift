// The members at the end of a document's top-level object, read from its last bytes, so that a
// reader finds metadata written after a long array without reading the array twice.

/// The top-level members after the document's last container value (`[…]` or `{…}`), read
/// from the document's last bytes only.
///
/// The start of those members is found backward: from the document's closing `}`, every `"`
/// met closes a string, whose opening quote is the nearest `"` before it that is not escaped
/// (preceded by an even number of backslashes), and the first `]` or `}` met outside strings
/// ends the last container. For a valid document this is exact. The members are then read
/// forward by `JSONScanner`, with the same grammar and rules as the document (numbers, strings,
/// duplicate keys, `NaN` only when allowed). A reader that uses them must still read the
/// document's end in order and check it holds these members (`JSONTail.Member` is
/// `Equatable`): an invalid document can mislead the backward step, and only the forward read
/// finds where it is invalid.
public enum JSONTail {
    /// A member: its key, and its value (a string, a number, `true`, `false`, `null`, or a
    /// non-finite number where allowed).
    public struct Member: Equatable, Sendable {
        /// The member's key.
        public var key: String
        /// The member's value, as the scanner gives it.
        public var value: JSONEvent
        /// The value when it is a finite number.
        public var number: Double? { if case .number(let n) = value { n } else { nil } }

        /// A member with its key and value.
        public init(key: String, value: JSONEvent) {
            self.key = key
            self.value = value
        }
    }

    /// Bytes read from the end, at most: members that need more are not read this way.
    public static let reach = 1 << 16

    /// The members after the last container value of the top-level object, in document order;
    /// nil when the document does not end with an object's `}`, when they reach further back
    /// than `reach` bytes, or when they do not read as members.
    public static func trailingMembers(of input: ByteInput, allowNonFinite: Bool) -> [Member]? {
        let tail = lastBytes(of: input)
        guard let start = membersStart(in: tail) else { return nil }
        var members: [Member] = []
        var scanner = JSONScanner(.memory([UInt8(ascii: "{")] + tail[start...]), allowNonFinite: allowNonFinite)
        do {
            guard try scanner.next() == .beginObject else { return nil }
            while let e = try scanner.next(), e != .endObject {
                guard case .key(let key) = e, let value = try scanner.next() else { return nil }
                if value == .beginArray || value == .beginObject { return nil }
                members.append(Member(key: key, value: value))
            }
            guard try scanner.next() == nil else { return nil }
        } catch {
            return nil
        }
        return members
    }

    /// The last `reach` bytes of the input (all of a shorter one).
    private static func lastBytes(of input: ByteInput) -> [UInt8] {
        switch input {
        case .memory(let bytes, _):
            return Array(bytes.suffix(reach))
        case .file(let file):
            let size = file.size
            guard size > 0 else { return [] }
            let count = min(size, reach)
            var bytes = [UInt8](repeating: 0, count: count)
            let read = bytes.withUnsafeMutableBufferPointer { file.read(into: $0, at: size - count) }
            return read == count ? bytes : []
        }
    }

    /// In `tail`, the index after the `,` that follows the last container value (of its `}`
    /// when no member follows it), or after the object's `{` when it holds none; nil when the tail does not end with `}` or does not
    /// reach that far back.
    private static func membersStart(in tail: [UInt8]) -> Int? {
        var i = tail.count - 1
        while i >= 0, isSpace(tail[i]) { i -= 1 }
        guard i >= 0, tail[i] == UInt8(ascii: "}") else { return nil }
        i -= 1
        while i >= 0 {
            switch tail[i] {
            case UInt8(ascii: "\""):
                guard let open = openingQuote(before: i, in: tail) else { return nil }
                i = open - 1
            case UInt8(ascii: "{"):
                return i + 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                var k = i + 1
                while k < tail.count, isSpace(tail[k]) { k += 1 }
                guard k < tail.count else { return nil }
                // No member after the container: the object's `}` alone.
                if tail[k] == UInt8(ascii: "}") { return k }
                guard tail[k] == UInt8(ascii: ",") else { return nil }
                return k + 1
            default:
                i -= 1
            }
        }
        return nil
    }

    /// The index of the quote that opens the string closed at `close`: the nearest quote
    /// before it that an even number of backslashes precede; nil when the tail ends first.
    private static func openingQuote(before close: Int, in tail: [UInt8]) -> Int? {
        var i = close - 1
        while i >= 0 {
            if tail[i] == UInt8(ascii: "\"") {
                var backslashes = 0
                var k = i - 1
                while k >= 0, tail[k] == UInt8(ascii: "\\") {
                    backslashes += 1
                    k -= 1
                }
                guard k >= 0 else { return nil }
                if backslashes % 2 == 0 { return i }
            }
            i -= 1
        }
        return nil
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }
}
