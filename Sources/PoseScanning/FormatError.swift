// The one error type of the formats layer: a stable code, words, and where.

/// A 1-based position in a text file. `column` counts Unicode scalars, not bytes.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int
    /// 0-based byte offset.
    public var offset: Int
    /// A location from its line, column and byte offset.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
    /// `line:column`.
    public var description: String { "\(line):\(column)" }
    /// The location in words, for messages: "line 3, column 17".
    public var place: String { "line \(line), column \(column)" }
}

/// An input that cannot be read. `description` is the compiler-style line the CLI prints:
/// `path:line:column: error: invalid JSON: expected ',' or ']' after an array element`.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure: syntax, content, or unreadable bytes.
    public enum Kind: String, Hashable, Sendable {
        /// Not valid JSON at all.
        case invalidJSON
        /// Not valid CSV at all.
        case invalidCSV
        /// Syntactically fine, but not what was expected (not a pose export, a bad spec file).
        case invalidContent
        /// The input is empty, or uses an encoding we do not read.
        case unreadable
    }

    /// The kind of failure.
    public var kind: Kind
    /// A stable machine-readable code: `trailing_comma`, `unexpected_eof`, `duplicate_key`, …
    public var code: String
    /// What is wrong, in words a person acts on.
    public var message: String
    /// The file the error is in.
    public var path: String
    /// Where in the file, when a place can be named.
    public var location: SourceLocation?

    /// An error of `kind`, with its stable code, message and place.
    public init(_ kind: Kind, code: String, message: String, path: String = "", location: SourceLocation? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.path = path
        self.location = location
    }

    /// The compiler-style line: `path:line:column: error: message`.
    public var description: String {
        let loc = location.map { ":\($0.line):\($0.column)" } ?? ""
        let prefix: String
        switch kind {
        case .invalidJSON: prefix = "invalid JSON: "
        case .invalidCSV: prefix = "invalid CSV: "
        case .invalidContent, .unreadable: prefix = ""
        }
        return "\(path)\(loc): error: \(prefix)\(message)"
    }

    /// The same error in another file (readers that read parts of a folder).
    public func at(path: String) -> FormatError {
        var e = self
        e.path = path
        return e
    }
}
