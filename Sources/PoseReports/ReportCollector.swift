// What the visual report needs from a recording, gathered while frames stream past, in memory
// that does not grow with the recording: a timeline of at most `maxBuckets` points, and the
// best and the worst frame with their keypoints.
import PoseModel

public struct ReportCollector: Sendable {
    public static let maxBuckets = 600

    /// One timeline point: the mean over a run of consecutive frames.
    public struct Bucket: Sendable {
        public var firstIndex = 0
        public var time: Double?
        public var scoreSum = 0.0, scored = 0
        public var inForm = 0, frames = 0
        public var valueSums: [Double]
        public var valueCounts: [Int]
        public var meanScore: Double? { scored > 0 ? scoreSum / Double(scored) : nil }
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

    public let spec: StretchSpec
    public private(set) var framesPerBucket = 1
    public private(set) var buckets: [Bucket] = []
    public private(set) var best: (frame: PoseFrame, result: FrameResult)?
    public private(set) var worst: (frame: PoseFrame, result: FrameResult)?
    private var seen = 0

    /// Buckets start one frame wide; whenever they would exceed `maxBuckets`, neighbours merge
    /// and the width doubles, so the length of the recording need not be known in advance.
    public init(spec: StretchSpec) {
        self.spec = spec
    }

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
            buckets.append(Bucket(firstIndex: r.index, time: r.time, valueSums: Array(repeating: 0, count: spec.checks.count),
                                  valueCounts: Array(repeating: 0, count: spec.checks.count)))
        }
        seen += 1
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
