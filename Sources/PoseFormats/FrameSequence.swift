// Frame numbers judged over the stream: order, duplicates, outlying numbers and gaps.
import PoseModel
import PoseScanning

/// Judges the frame numbers a reader gives, with a short look ahead, and makes gaps visible.
///
/// - A number not after the last in-order one is flagged `duplicate_frame` or `out_of_order`;
///   the frame keeps its number, and the frames after it are judged against the last in-order one.
///   A number that goes back to the start (0, or the first frame's number) and is continued by
///   the next numbered frame is a restart (sessions appended to one export): flagged
///   `frame_restart`, informational, and the numbers are judged from it on; the time model keeps
///   a hold from spanning it.
/// - A number that does not fit its neighbours is an outlier (a corrupt cell): the next numbered
///   frame carries the previous number + 2, or the number jumps far ahead while the next one comes
///   back between. It is flagged `invalid_frame_number` and the frame is placed by its row, so one
///   bad cell never disturbs the frames after it. A frame whose number cell was unusable (flagged
///   by the reader), or that could not be read at all, is placed by its row the same way.
/// - A real jump ahead makes the missing numbers come out first as frames flagged
///   `frame_missing` (not assessable, so a hold cannot run through them). Numbers that turn up
///   within the next `lookahead` frames are out of order, not missing, and are not filled. A jump
///   of more than `maxFill` frames, or one that no numbered frame follows, is not filled; the frame
///   after it is flagged `frame_gap` instead, so a corrupt number cannot make millions of frames.
/// - A recording that writes every k-th frame of its video (a tracker run with a stride) numbers
///   its frames k apart: when at the first jump of the numbers the frames after it step by k
///   too (at least four steps forward, most of them k and every one a multiple of it; k at
///   most 16, and, timed by a frame rate, k frames at most 0.5 s), frames k apart follow each
///   other, only numbers on the stride can be missing, and a note says so. A later step off
///   the stride (the tracker writing every frame from there) ends it.
/// Memory is bounded by the look-ahead.
package struct FrameSequence<Source: PoseFrameSource>: PoseFrameSource {
    static var maxFill: Int { 10_000 }
    static var lookahead: Int { 32 }
    /// Where the frames come from: a reader, or the frames a `FrameFeed` has read so far.
    package var source: Source
    private var ahead: [PoseFrame] = []  // read from the source, not yet examined
    private var out: [PoseFrame] = []  // examined, ready to return
    private var last: (index: Int, time: Double?)?
    /// The first frame's number, where a session appended after it restarts.
    private var first = 0
    /// The last frame was one the input held nothing readable of: its index is a guess, and a
    /// frame that comes with that number is the frame the unreadable line was a piece of (a
    /// writer that started again wrote it whole), not a repeat.
    private var lastNotRead = false

    /// True when the numbers come from file names, which a corrupt cell cannot touch: a jump to
    /// the last frame is then filled like any other.
    private let numbersFromNames: Bool
    /// The step between the numbers of frames that follow each other: 1, or a stride k decided
    /// at the first jump of the numbers (`decideStride`).
    private var stride = 1
    private var strideDecided = false
    /// The frame rate the recording is timed by when it has no timestamps (its numbers ÷ the
    /// rate); nil otherwise. A stride is then one only when its frames are at most
    /// `maxStrideSeconds` apart: further apart, the time model would take each step for a jump
    /// (its limit is the dip tolerance, 0.5 s by default), and the numbers between are read as
    /// missing frames, as before strides were recognised.
    package var numberRate: Double?
    static var maxStride: Int { 16 }
    static var maxStrideSeconds: Double { 0.5 }

    package init(_ source: Source, numbersFromNames: Bool = false) {
        self.source = source
        self.numbersFromNames = numbersFromNames
        let timed = source.info.timeSource != "timestamps"
        numberRate = timed ? source.info.frameRate : nil
    }

    /// The note on a stride, once one was decided (kept after a step off it ends it).
    package private(set) var strideNote: String?

    package var info: RecordingInfo {
        var info = source.info
        if let note = strideNote { info.notes.append(note) }
        return info
    }

    private mutating func pull() throws(FormatError) -> PoseFrame? {
        if !ahead.isEmpty { return ahead.removeFirst() }
        return try source.nextFrame()
    }

    /// Reads ahead until a frame with a usable number is waiting (or the look-ahead is full).
    private mutating func nextNumbered() throws(FormatError) -> PoseFrame? {
        if let f = ahead.first(where: { !$0.placedByRow }) { return f }
        while ahead.count < Self.lookahead, let f = try source.nextFrame() {
            ahead.append(f)
            if !f.placedByRow { return f }
        }
        return nil
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if !out.isEmpty { return out.removeFirst() }
        guard var frame = try pull() else { return nil }
        guard let l = last else {
            try placeFirst(&frame)
            first = frame.index
            last = (frame.index, frame.time)
            return take(consume frame)
        }
        if stride > 1, !frame.placedByRow, frame.index > l.index, (frame.index - l.index) % stride != 0 {
            stride = 1  // off the stride: the tracker writes every frame from here (or a number is off)
        }
        if frame.placedByRow {
            frame.index = l.index + stride
        } else if frame.index == l.index, lastNotRead {
            // The frame the line not read was a piece of: judged from here on.
        } else if frame.index != l.index + stride, try isOutlier(frame.index, after: l.index) {
            frame.issues.append(
                FrameIssue(
                    code: "invalid_frame_number",
                    message:
                        "frame number \(frame.index) does not fit between its neighbours\(Self.at(frame)): the frame is placed by its row",
                    informational: true))
            frame.index = l.index + stride
        } else if frame.index < l.index, frame.index == 0 || frame.index == first,
            try nextNumbered()?.index == frame.index + stride
        {
            // The numbers go back to the start and the next frame continues from there: a
            // second session appended (concatenated exports restart at 0). Its frames are judged
            // from here on, as the time model judges a restart of the times. A run repeated or
            // swapped in the middle is not a restart: its frames stay out of order.
            frame.issues.append(
                FrameIssue(
                    code: "frame_restart",
                    message:
                        "frame numbers restart from \(l.index) back to \(frame.index) and continue from there\(Self.at(frame))",
                    informational: true))
        } else if frame.index <= l.index {
            let code = frame.index == l.index ? "duplicate_frame" : "out_of_order"
            let what = frame.index == l.index ? "repeats" : "comes after"
            frame.issues.append(
                FrameIssue(code: code, message: "frame number \(frame.index) \(what) \(l.index)\(Self.at(frame))"))
            return take(consume frame)
        } else if frame.index > l.index + stride {
            try decideStride(after: l.index, then: frame.index)
            if frame.index > l.index + stride { try fill(before: &frame, after: l) }
        }
        last = (frame.index, frame.time)
        lastNotRead = frame.isNotRead
        return take(consume frame)
    }

    /// The first frame has no previous number to be judged against, so it is judged against the
    /// next: a first frame placed by its row goes just before the next numbered frame, and a first
    /// number above the next one (which is not 0) is an outlier placed the same way.
    private mutating func placeFirst(_ frame: inout PoseFrame) throws(FormatError) {
        guard let next = try nextNumbered()?.index, next > 0 else { return }
        if frame.placedByRow {
            frame.index = max(0, next - stride)
        } else if frame.index > next {
            frame.issues.append(
                FrameIssue(
                    code: "invalid_frame_number",
                    message:
                        "frame number \(frame.index) does not fit before the next, \(next)\(Self.at(frame)): the frame is placed by its row",
                    informational: true))
            frame.index = max(0, next - stride)
        }
    }

    /// At the first jump of the numbers, from `last` to `next`, once: the stride, from those
    /// and the numbered frames of the look-ahead (see the type's notes); it stays 1 when they
    /// show none.
    private mutating func decideStride(after last: Int, then next: Int) throws(FormatError) {
        guard !strideDecided else { return }
        strideDecided = true
        while ahead.count < Self.lookahead, let f = try source.nextFrame() { ahead.append(f) }
        let numbers = [last, next] + ahead.filter { !$0.placedByRow }.map(\.index)
        // Steps back or in place (a repeated frame, a restart) say nothing of the stride.
        let steps = zip(numbers, numbers.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
        guard steps.count >= 4, let k = steps.min(), k > 1, k <= Self.maxStride,
            steps.allSatisfy({ $0 % k == 0 }), 4 * steps.filter({ $0 == k }).count >= 3 * steps.count,
            numberRate.map({ Double(k) / $0 <= Self.maxStrideSeconds }) ?? true
        else { return }
        stride = k
        let ordinal = k == 2 ? "2nd" : k == 3 ? "3rd" : "\(k)th"
        strideNote =
            "frame numbers step by \(k) (every \(ordinal) frame of the video written): the frames between are not missing"
    }

    /// True when `number`, following `last`, is a corrupt cell rather than a gap, a swap or a
    /// repeated frame: the next numbered frame carries `last + 2` (not `number` again), so this
    /// frame holds the place of `last + 1`; or the number jumps beyond the look-ahead while the
    /// next one comes back between.
    private mutating func isOutlier(_ number: Int, after last: Int) throws(FormatError) -> Bool {
        guard let next = try nextNumbered()?.index, next != number else { return false }
        if next == last + 2 * stride { return true }
        return number > last + Self.lookahead * stride && next > last && next < number
    }

    /// Returns the frame, behind any missing frames queued before it.
    private mutating func take(_ frame: consuming PoseFrame) -> PoseFrame {
        if out.isEmpty { return frame }  // the common case: no copy through the queue
        out.append(frame)
        return out.removeFirst()
    }

    /// Queues `frame_missing` frames for the numbers between `l` and `frame` (or flags the frame
    /// `frame_gap` when there are too many).
    private mutating func fill(before frame: inout PoseFrame, after l: (index: Int, time: Double?)) throws(FormatError)
    {
        let gap = (frame.index - l.index - 1) / stride
        while ahead.count < Self.lookahead, let f = try source.nextFrame() { ahead.append(f) }
        // Too many to make, or nothing after them to show the numbers go on from there (a last
        // frame's number may as well be corrupt): flagged, not filled. The time model sees the jump.
        if gap > Self.maxFill || (!numbersFromNames && ahead.allSatisfy(\.placedByRow)) {
            frame.issues.append(
                FrameIssue(
                    code: "frame_gap",
                    message: "frame numbers jump from \(l.index) to \(frame.index): \(gap) frames missing",
                    informational: true))
            return
        }
        let later = Set(ahead.filter { !$0.placedByRow }.map(\.index))
        for i in Swift.stride(from: l.index + stride, to: frame.index, by: stride) where !later.contains(i) {
            var time: Double?
            if let ta = l.time, let tb = frame.time {
                time = ta + (tb - ta) * Double(i - l.index) / Double(frame.index - l.index)
            }
            out.append(
                PoseFrame(
                    index: i, time: time,
                    issues: [
                        FrameIssue(
                            code: "frame_missing",
                            message:
                                "frame \(i) is missing from the input (numbers jump from \(l.index) to \(frame.index))")
                    ]))
        }
    }

    private static func at(_ frame: PoseFrame) -> String { frame.place.map { " (\($0))" } ?? "" }
}

extension FrameSequence: Sendable where Source: Sendable {}

extension PoseFrame {
    /// True when the reader placed the frame by its row because its number cell was unusable,
    /// or because the input holds nothing readable of it (`isNotRead`: a line not valid JSON, a
    /// frame the end cuts through): its index is a guess, which judges no other frame's number.
    var placedByRow: Bool { isNotRead || issues.contains { $0.code == "invalid_frame_number" } }
}

/// Frames a stream has delivered so far (`FrameFeed`), for a `FrameSequence` to judge as it
/// judges a file's. Asked for a frame that has not arrived, before the stream has ended, it
/// throws `needsMore`: the caller then goes on from a copy of the sequence made before the
/// call (a value, so the copy is the state as it was), once more frames have arrived.
package struct ArrivedFrames: PoseFrameSource, Sendable {
    /// The code of the error that asks for more frames.
    package static let needsMore = "needs_more"
    /// The frames not yet taken, in arrival order.
    package var frames: [PoseFrame] = []
    /// No frame will arrive after `frames`.
    package var ended = false
    /// Nothing: the stream's info is its first frame's, which the caller keeps.
    package var info: RecordingInfo { RecordingInfo(format: "", space: .imagePixels) }

    package init() {}

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if !frames.isEmpty { return frames.removeFirst() }
        if ended { return nil }
        throw FormatError(.unreadable, code: Self.needsMore, message: "the stream has not delivered the next frame yet")
    }
}
