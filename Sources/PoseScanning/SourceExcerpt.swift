// The source line under an error, for compiler-style diagnostics with a caret.

/// Reads one line of a file for error excerpts.
public enum SourceExcerpt {
    /// Line `n` (from 1) of a file, for showing where an error is; nil when it cannot be read.
    public static func line(_ n: Int, ofFile path: String) -> String? {
        guard !path.isEmpty, let f = try? FileInput(path: path) else { return nil }
        var w = ByteWindow(.file(f))
        var line = 1
        var bytes: [UInt8] = []
        while let b = w.peek() {
            w.pos += 1
            if b == 0x0A || b == 0x0D {
                if b == 0x0D, w.peek() == 0x0A { w.pos += 1 }
                if line == n { break }
                line += 1
                continue
            }
            if line == n {
                if bytes.count < 4096 { bytes.append(b) } else { break }
            }
        }
        guard line == n else { return nil }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) && n == 1 { bytes.removeFirst(3) }
        return String(decoding: bytes.map { $0 == 0x09 ? 0x20 : $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// At most 100 characters of the line around the column, and the caret's column in them.
    public static func window(_ line: String, column: Int) -> (String, Int) {
        let chars = Array(line)
        guard chars.count > 100 else { return (line, column) }
        let start = max(0, min(column - 50, chars.count - 100))
        let end = min(chars.count, start + 100)
        let prefix = start > 0 ? "…" : ""
        return (prefix + String(chars[start..<end]) + (end < chars.count ? "…" : ""), column - start + prefix.count)
    }
}
