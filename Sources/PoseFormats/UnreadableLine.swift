// A frame of JSON Lines that is not valid JSON: a writer that crashed and started again in the
// middle of a line, two writers' lines run together inside a frame, a corrupted line. As a CSV
// row of the wrong length is, it is flagged and the reading goes on, at the next line, where a
// stream read a line at a time (`FrameFeed`) goes on too, so a file and a stream of the same
// bytes give the same frames. Only where the documents are one a line: in a pretty-printed file
// the next line is not a document's start, and the error stands. The end of the input inside a
// frame on the last line is a cut (`CutShort`), not an unreadable line.
import PoseModel
import PoseScanning

/// A frame of JSON Lines that is not valid JSON, as the reader met it.
package struct UnreadableLine {
    /// The issue code of the frame.
    package static let code = "unreadable_frame"

    /// The scanner's error in the frame.
    package var error: FormatError

    /// The frame `error` makes unreadable.
    package init(_ error: FormatError) {
        self.error = error
    }

    /// The frame `error` makes unreadable, its line ending at `lineEnd`: where the scanner read
    /// on past it (the next line taken for the rest of the frame) and erred there, the frame's
    /// own line ended before the frame closed, which is said at its end, as a stream read a line
    /// at a time says it (`endingAt`).
    package init(_ error: FormatError, lineEnd: SourceLocation?) {
        guard let lineEnd, let at = error.location, at.offset >= lineEnd.offset else {
            self.init(error)
            return
        }
        self.init(endingAt: lineEnd, error)
    }

    /// A frame whose line ends at `lineEnd` before the frame closes (`error`, at the line's
    /// end or further on, is the scanner's word for it).
    package init(endingAt lineEnd: SourceLocation, _ error: FormatError) {
        var e = error
        e.message = "the line ends before the frame closes"
        e.location = lineEnd
        self.init(e)
    }

    /// The recording's note when the line holds Python's `NaN` or `Infinity` (`json.dumps`
    /// writes them), which a lenient reading reads; nil otherwise.
    package var note: String? {
        guard error.code == "invalid_token_NaN" || error.code == "invalid_token_Infinity" else { return nil }
        return
            "frames holding NaN or Infinity (Python's json.dumps writes them) are not read: ReadOptions.allowNonFiniteJSON reads them and flags those values"
    }

    /// Adds `note` to `notes`, once.
    package func addNote(to notes: inout [String]) {
        guard let note, !notes.contains(note) else { return }
        notes.append(note)
    }

    /// The frame, at `index` (after the frame before it: the number it holds, if it was read,
    /// may itself be damaged) and `line`, flagged.
    package func frame(index: Int, line: Int? = nil) -> PoseFrame {
        let place = error.location.map { " at \($0.place)" } ?? ""
        return PoseFrame(
            index: index, line: line,
            issues: [
                FrameIssue(
                    code: Self.code,
                    message:
                        "this frame is not valid JSON (\(error.message)\(place)): it is not graded, and the reading goes on after its line"
                )
            ])
    }
}
