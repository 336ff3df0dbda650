// What the visual report needs from a recording, gathered while frames stream past, in memory
// that does not grow with the recording: a timeline of at most `maxBuckets` points, and the
// best and the worst frame with their keypoints.
import PoseModel

/// What the visual report and the text summary's score line need from a recording, gathered as
/// frames stream past in memory that does not grow with the recording (see the top of this file).
public struct ReportCollector: Sendable {
    /// The most timeline points kept (600): enough for a chart as wide as a page.
    public static let maxBuckets = 600

    /// One timeline point: the mean over a run of consecutive frames.
    public struct Bucket: Sendable {
        /// The input index of the bucket's first frame.
        public var firstIndex = 0
        /// The time of the bucket's first frame in seconds, when known.
        public var time: Double?
        /// The sum of the frame scores (0–100) of the bucket's scored frames.
        public var scoreSum = 0.0
        /// The bucket's frames that have a score.
        public var scored = 0
        /// The bucket's frames in form.
        public var inForm = 0
        /// The bucket's frames.
        public var frames = 0
        /// Per check of the spec (in the spec's order): the sum of the measured values.
        public var valueSums: [Double]
        /// Per check of the spec (in the spec's order): how many frames measured the check.
        public var valueCounts: [Int]
        /// The bucket's mean frame score (0–100); `nil` when no frame in it has a score.
        public var meanScore: Double? { scored > 0 ? scoreSum / Double(scored) : nil }
        /// The mean value of check `i` (its index in the spec) over the bucket; `nil` when no frame
        /// measured it.
        public func meanValue(_ i: Int) -> Double? { valueCounts[i] > 0 ? valueSums[i] / Double(valueCounts[i]) : nil }

        /// Adds the next bucket's frames to this one.
        mutating func absorb(_ b: Bucket) {
            scoreSum += b.scoreSum
            scored += b.scored
            inForm += b.inForm
            frames += b.frames
            for k in valueSums.indices {
                valueSums[k] += b.valueSums[k]
                valueCounts[k] += b.valueCounts[k]
            }
        }
    }

    /// The stretch whose checks the buckets' values follow.
    public let spec: StretchSpec
    /// How many consecutive frames one bucket covers: 1, doubling each time the buckets merge.
    public private(set) var framesPerBucket = 1
    /// The timeline, in input order, at most `maxBuckets` long.
    public private(set) var buckets: [Bucket] = []
    /// The highest-scoring frame that has keypoints, with its result (the earlier on a tie); `nil`
    /// when no frame was scored.
    public private(set) var best: (frame: PoseFrame, result: FrameResult)?
    /// The lowest-scoring frame that has keypoints, with its result (the earlier on a tie); `nil`
    /// when no frame was scored.
    public private(set) var worst: (frame: PoseFrame, result: FrameResult)?
    /// Frames whose input the reader flagged (a damaged value, row or file, a frame number out
    /// of place), and the first of them.
    public private(set) var flaggedInput = FlagCount()
    /// Frames that show several people, and the first of them (its flag says who was graded).
    public private(set) var severalPeople = FlagCount()
    private var seen = 0

    /// How many frames carry a kind of flag, and the first frame's flag.
    public struct FlagCount: Sendable {
        /// The frames that carry it.
        public private(set) var frames = 0
        /// The first such frame's index and flag.
        public private(set) var first: (index: Int, issue: FrameIssue)?

        mutating func add(_ index: Int, _ issue: FrameIssue) {
            if first == nil { first = (index, issue) }
            frames += 1
        }
    }

    /// Reader flags about what the camera saw, not about the file: no person, a joint outside
    /// the picture or missing, who is graded among several people.
    static let sceneFlags: Set<String> = [
        "no_person", "out_of_frame", "missing_joint", "multiple_people", "person_switch", "person_lost",
    ]

    /// Buckets start one frame wide; whenever they would exceed `maxBuckets`, neighbours merge
    /// and the width doubles, so the length of the recording need not be known in advance.
    public init(spec: StretchSpec) {
        self.spec = spec
    }

    /// Adds the next frame (in input order) with its result.
    public mutating func add(_ frame: PoseFrame, _ r: FrameResult) {
        if seen % framesPerBucket == 0 && buckets.count == Self.maxBuckets {
            buckets = stride(from: 0, to: buckets.count, by: 2).map { i in
                var a = buckets[i]
                if i + 1 < buckets.count { a.absorb(buckets[i + 1]) }
                return a
            }
            framesPerBucket *= 2
        }
        if seen % framesPerBucket == 0 {
            buckets.append(
                Bucket(
                    firstIndex: r.index, time: r.time, valueSums: Array(repeating: 0, count: spec.checks.count),
                    valueCounts: Array(repeating: 0, count: spec.checks.count)))
        }
        seen += 1
        if let issue = frame.issues.first(where: { $0.code == "multiple_people" }) { severalPeople.add(r.index, issue) }
        if let issue = frame.issues.first(where: { !Self.sceneFlags.contains($0.code) }) {
            flaggedInput.add(r.index, issue)
        }
        let i = buckets.count - 1
        buckets[i].frames += 1
        if r.status == .inForm { buckets[i].inForm += 1 }
        if let s = r.score {
            buckets[i].scoreSum += s
            buckets[i].scored += 1
            // Ties keep the earlier frame, so the choice is stable.
            if s > (best?.result.score ?? -1), frame.hasAnyKeypoint { best = (frame, r) }
            if s < (worst?.result.score ?? 101), frame.hasAnyKeypoint { worst = (frame, r) }
        }
        for k in r.checks.indices {
            if let v = r.checks[k].value {
                buckets[i].valueSums[k] += v
                buckets[i].valueCounts[k] += 1
            }
        }
    }

    /// The score over time as block characters, one per group of buckets: "▁▃▆██▇".
    public func sparkline(width: Int = 60) -> String {
        guard !buckets.isEmpty else { return "" }
        let blocks = Array("▁▂▃▄▅▆▇█")
        let per = max(1, (buckets.count + width - 1) / width)
        var out = ""
        var i = 0
        while i < buckets.count {
            let group = buckets[i..<min(buckets.count, i + per)]
            let scored = group.reduce(0) { $0 + $1.scored }
            if scored == 0 {
                out += " "
            } else {
                let mean = group.reduce(0.0) { $0 + $1.scoreSum } / Double(scored)
                out.append(blocks[min(7, max(0, Int(mean / 100 * 7.999)))])
            }
            i += per
        }
        return out
    }
}
