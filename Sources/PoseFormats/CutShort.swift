// A JSON export cut short: the recorder stopped before it wrote the end (a crash, Ctrl-C, a full
// disk), so the file ends inside the list of frames. The frames before the cut are read as
// usual, as a CSV's whole rows are; the frame the end cuts through appears once, flagged
// `cut_short` (nothing of it is graded), and a note says where the input ends. A stream read a
// line at a time (`FrameFeed`) keeps its own rule, each line a whole frame, but for a last line
// cut short by the end of the stream (a tracker stopped mid-line), which it flags the same way.
import PoseModel
import PoseScanning

/// Where a JSON export ends early, as a reader met it.
package struct CutShort {
    /// The scanner's error where the input ended.
    package var error: FormatError
    /// True when the end cut through a frame, false when it fell between two.
    package var insideFrame: Bool

    /// The cut `error` says, through a frame or between two.
    package init(_ error: FormatError, insideFrame: Bool) {
        self.error = error
        self.insideFrame = insideFrame
    }

    /// The cut, when `error` says the input ended where more was expected in a whole file.
    init?(_ error: FormatError, insideFrame: Bool, options: ReadOptions) {
        guard error.code == "unexpected_eof", options.stream == nil else { return nil }
        self.init(error, insideFrame: insideFrame)
    }

    /// True when a value began after the last frame read, which ended at `lastEnd`, before the
    /// scanner's `error` at the end of the input: the error is placed before the end, at the
    /// start of the token the end cuts (`nul`), or the value the scanner last began starts
    /// after that frame and before the end (`1.`, `-`). An end met where a value or a `,` or a
    /// bracket was due is between frames.
    static func valueBegan(_ error: FormatError, _ scanner: inout JSONScanner, after lastEnd: Int) -> Bool {
        let end = scanner.location.offset
        let began = scanner.eventOffset
        return (error.location?.offset ?? end) < end || (began >= lastEnd && began < end)
    }

    private var place: String { error.location.map { " at \($0.place)" } ?? "" }

    /// The recording's note.
    package var note: String {
        let flagged = insideFrame ? "; the frame it cuts through is flagged cut_short" : ""
        return
            "the input ends\(place) before its JSON closes (\(error.message)): the export was cut short, as when a recording stops before writing its end; the frames before the cut are graded\(flagged), and nothing the file held after its frames (a frame rate, an image size, joint names) is read"
    }

    /// The frame the end cuts through, at `index` (after the frame before it: a number read
    /// from it may itself be cut) and `line`, flagged.
    package func frame(index: Int, line: Int? = nil) -> PoseFrame {
        PoseFrame(
            index: index, line: line,
            issues: [
                FrameIssue(code: "cut_short", message: "the input ends inside this frame\(place): \(error.message)")
            ])
    }
}
