// The excerpt under an error: the text at the error's column, however long the line (a real
// MediaPipe export is one line of megabytes), with the caret under the column.
import Foundation
import Testing

@testable import PoseScanning

struct SourceExcerptTests {
    static func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "excerpt-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
        ).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The character under the caret.
    static func underCaret(_ e: (text: String, caret: Int)) -> Character {
        Array(e.text.unicodeScalars).map(Character.init)[e.caret - 1]
    }

    @Test func deepInALongLineTheExcerptIsAroundTheColumn() throws {
        // 400,000 digits, then the one 'Q' at column 400,001, then more digits.
        let line =
            [UInt8](repeating: UInt8(ascii: "7"), count: 400_000) + [UInt8(ascii: "Q")]
            + [UInt8](repeating: UInt8(ascii: "7"), count: 10_000)
        let path = Self.write(line + [0x0A], "long")
        let e = try #require(SourceExcerpt.excerpt(line: 1, column: 400_001, ofFile: path))
        #expect(Self.underCaret(e) == "Q")
        #expect(e.text.unicodeScalars.count == 102)  // 100 characters and "…" on each side
        #expect(e.text.hasPrefix("…") && e.text.hasSuffix("…"))
        #expect(e.caret == 52)
    }

    @Test func nearALineEndTheExcerptShowsMoreBefore() throws {
        let text = String(repeating: "abcdefghij", count: 30) + "X"
        let path = Self.write(Array("first\r\n\(text)\r\nlast".utf8), "end")
        let e = try #require(SourceExcerpt.excerpt(line: 2, column: 301, ofFile: path))
        #expect(Self.underCaret(e) == "X")
        #expect(e.text == "…" + String(text.suffix(100)))
        // Past the line's last character (an error at the end of the input).
        let after = try #require(SourceExcerpt.excerpt(line: 3, column: 5, ofFile: path))
        #expect(after == ("last", 5))
    }

    @Test func shortLinesAreShownWholeAndColumnsCountCharacters() throws {
        let path = Self.write([0xEF, 0xBB, 0xBF] + Array("{\"é\":\t}\n".utf8), "short")
        // The byte-order mark is no column (as an editor shows the line), and is not shown.
        let e = try #require(SourceExcerpt.excerpt(line: 1, column: 7, ofFile: path))
        #expect(e.text == "{\"é\": }")
        #expect(Self.underCaret(e) == "}")
        #expect(SourceExcerpt.excerpt(line: 3, column: 1, ofFile: path) == nil)
        #expect(SourceExcerpt.excerpt(line: 1, column: 1, ofFile: "/no/such/file") == nil)
    }

    /// Control characters (a terminal acts on an escape sequence) are shown as U+FFFD, one
    /// column each, so the caret stays under its character.
    @Test func controlCharactersAreNotPassedToTheTerminal() throws {
        let path = Self.write([UInt8(ascii: "a"), 0x01, 0x1B] + Array("[31mQ".utf8) + [0xC2, 0x9B, 0x0A], "control")
        let e = try #require(SourceExcerpt.excerpt(line: 1, column: 8, ofFile: path))
        #expect(e.text == "a\u{FFFD}\u{FFFD}[31mQ\u{FFFD}")
        #expect(Self.underCaret(e) == "Q")
    }
}
