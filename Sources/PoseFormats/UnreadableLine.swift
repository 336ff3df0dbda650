// A frame of JSON Lines that is not valid JSON: a writer that crashed and started again in the
// middle of a line, two writers' lines run together, a corrupted line. As a CSV row of the wrong
// length is, it is flagged and the reading goes on, at the next line, where a stream read a line
// at a time (`FrameFeed`) goes on too, so a file and a stream of the same bytes give the same
// frames. Only where the documents are one a line: in a pretty-printed file the next line is
// not a document's start, and the error stands. The end of the input inside a frame is a cut
// (`CutShort`), not an unreadable line.
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
                        "this frame is not valid JSON (\(error.message)\(place)): it is not graded, and the reading goes on at the next line"
                )
            ])
    }
}
