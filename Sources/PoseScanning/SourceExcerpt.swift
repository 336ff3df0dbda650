// The source text under an error, for compiler-style diagnostics with a caret.

/// Reads the text around an error's location for a diagnostic's excerpt.
public enum SourceExcerpt {
    /// Characters shown on each side of the column, at most.
    static let reach = 50

    /// At most `2 × reach` characters (Unicode scalars, as columns count them) of line `line`
    /// of a file around `column` (from 1), "…" where the line goes on, and the caret's column
    /// in that text; nil when the file or the line cannot be read. Only the bytes up to the
    /// excerpt's end are read, so an error deep in a one-line export shows the text at the
    /// error, not the line's start. Tabs and NUL bytes show as spaces, other control
    /// characters (a terminal would act on them) as U+FFFD; a byte-order mark at the file's
    /// start is left out.
    public static func excerpt(line: Int, column: Int, ofFile path: String) -> (text: String, caret: Int)? {
        guard !path.isEmpty, line >= 1, let f = try? FileInput(path: path) else { return nil }
        var w = ByteWindow(.file(f))
        // Up to the line.
        var current = 1
        while current < line {
            guard let b = w.peek() else { return nil }
            w.pos += 1
            if b == 0x0A || (b == 0x0D && w.peek() != 0x0A) { current += 1 }
        }
        // A byte-order mark at the file's start is no column.
        if line == 1, w.peek() == 0xEF, w.peek(at: 1) == 0xBB, w.peek(at: 2) == 0xBF { w.pos += 3 }
        // The line's scalars from `first` (from 1) up to `column + 2 × reach`, each as bytes:
        // enough for the caret `reach` characters in, or further in near the line's end.
        let first = max(1, column - 2 * reach)
        let last = max(column, 1) + 2 * reach
        var bytes: [UInt8] = []
        var scalar = 0
        var goesOn = false
        while let b = w.peek(), b != 0x0A, b != 0x0D {
            if b & 0xC0 != 0x80 { scalar += 1 }
            if scalar > last {
                goesOn = true
                break
            }
            if scalar >= first { bytes.append(b) }
            w.pos += 1
        }
        let shown = String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.value {
            case 0x09, 0: " "
            case 0..<0x20, 0x7F...0x9F: "\u{FFFD}"
            default: scalar
            }
        }
        // `reach` characters each side of the caret, shifted where the line ends first.
        let caretIndex = column - first
        let start = max(0, min(caretIndex - reach, shown.count - 2 * reach))
        let end = min(shown.count, start + 2 * reach)
        let prefix = first > 1 || start > 0 ? "…" : ""
        let suffix = end < shown.count || goesOn ? "…" : ""
        var text = prefix
        text.unicodeScalars.append(contentsOf: shown[start..<end])
        return (text + suffix, caretIndex - start + 1 + (prefix.isEmpty ? 0 : 1))
    }
}
