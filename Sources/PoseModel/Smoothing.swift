import PoseGeometry

// Smoothing of keypoints over time, before any metric is measured.
//
// Rules every method keeps:
// - A frame's missing keypoint stays missing: nothing is interpolated, no frame is invented.
// - No value is combined across a gap: a joint missing on a frame, or two samples further apart
//   than `maxGapSeconds` (0.25 s, about 7 frames at 30 fps), starts the joint afresh. Without
//   any time (no timestamps, no frame rate) the median combines frames with consecutive
//   numbers; the causal filters, which need the time step, leave such frames as they are.
// - Every input frame comes out exactly once, in order (the median delays output by K/2 frames).
//
// The default, median:5, suits pose trackers: their noise has single-frame outliers (a wrist
// that jumps, left and right swapped for a frame), which a median removes without the
// overshoot or lag of a linear filter. Five frames are 0.17 s at 30 fps, well inside the 0.5 s
// dip tolerance of a hold. On synthetic side-view data at 30 fps with 3 px noise it divides
// the frame-to-frame spread of the front knee angle by 3.3 (one-euro:1,0.01 by 5.9 but with lag
// on movement, butterworth:6 by 2.7) and moves its mean by under 0.02° (see SmoothingTests).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How keypoints are smoothed over time before measuring (see the top of this file for the
/// rules every method keeps and why `median:5` is the default).
public enum SmoothingMethod: Hashable, Sendable, CustomStringConvertible {
    case none
    /// Centred running median over K frames (K odd).
    case median(window: Int)
    /// The 1€ filter (Casiez et al. 2012): an adaptive low-pass, causal. Cutoff in Hz, beta per unit of speed.
    case oneEuro(minCutoff: Double, beta: Double)
    /// A second-order Butterworth low-pass at this cutoff (Hz), causal. Sports2D uses 6 Hz.
    case butterworth(cutoff: Double)

    /// `median:5`: a centred running median over five frames, what `posecheck check` uses unless
    /// told otherwise.
    public static let `default` = SmoothingMethod.median(window: 5)

    /// Parses `none`, `median:K`, `one-euro[:MINCUTOFF,BETA]`, `butterworth:HZ`.
    public init?(parsing s: String) {
        let parts = s.split(separator: ":", maxSplits: 1).map(String.init)
        func positive(_ t: String) -> Double? {
            guard let v = Double(t), v.isFinite, v > 0, t.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            return v
        }
        switch (parts.first ?? "", parts.count) {
        case ("none", 1): self = .none
        case ("median", 2):
            guard let k = Int(parts[1]), k >= 1, k <= 99, k % 2 == 1 else { return nil }
            self = .median(window: k)
        case ("one-euro", 1): self = .oneEuro(minCutoff: 1.0, beta: 0.01)
        case ("one-euro", 2):
            let v = parts[1].split(separator: ",").map(String.init)
            guard v.count == 2, let c = positive(v[0]), let b = Double(v[1]), b >= 0, b.isFinite else { return nil }
            self = .oneEuro(minCutoff: c, beta: b)
        case ("butterworth", 2):
            guard let hz = positive(parts[1]) else { return nil }
            self = .butterworth(cutoff: hz)
        default: return nil
        }
    }

    /// The method in the syntax `init(parsing:)` reads: `none`, `median:5`, `one-euro:1.0,0.01`,
    /// `butterworth:6.0`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .median(let k): return "median:\(k)"
        case .oneEuro(let c, let b): return "one-euro:\(c),\(b)"
        case .butterworth(let hz): return "butterworth:\(hz)"
        }
    }
}

/// Smooths a stream of frames. Push frames in order; each call returns the frames that are
/// ready; `finish()` returns the rest.
public struct FrameSmoother: Sendable {
    /// The smoothing applied.
    public let method: SmoothingMethod
    /// Samples of a joint further apart than this (seconds) are never combined: the joint starts
    /// afresh. 0.25 s by default, about 7 frames at 30 fps.
    public let maxGapSeconds: Double
    /// Used when frames carry no time.
    public let frameRate: Double?

    private var pending: [PoseFrame] = []  // median: frames waiting for their window
    private var state: [FilterState]  // per joint, for the causal filters
    private var seen = 0

    struct FilterState: Sendable {
        var last: Vector3?
        var lastTime: Double?
        var dx = Vector3.zero  // one-euro: filtered derivative
        var x1 = Vector3.zero, x2 = Vector3.zero, y1 = Vector3.zero, y2 = Vector3.zero  // biquad history
    }

    /// A smoother using `method`. `frameRate` times frames that carry no time; `maxGapSeconds`
    /// (0.25 s by default) is the longest step across which a joint's samples are combined.
    public init(method: SmoothingMethod, frameRate: Double?, maxGapSeconds: Double = 0.25) {
        self.method = method
        self.frameRate = frameRate
        self.maxGapSeconds = maxGapSeconds
        state = Array(repeating: FilterState(), count: Joint.count)
    }

    private func time(_ f: PoseFrame) -> Double? { f.time ?? frameRate.map { Double(f.index) / $0 } }

    /// Adds the next frame; returns the frames it completes, in order (none or one: the median
    /// holds frames until their window is full).
    public mutating func push(_ frame: PoseFrame) -> [PoseFrame] {
        var out: [PoseFrame] = []
        push(frame) { out.append($0) }
        return out
    }

    /// Adds the next frame and hands the frame it completes, if any, to `emit`: no array per
    /// frame, for pipelines.
    public mutating func push(_ frame: consuming PoseFrame, emit: (PoseFrame) -> Void) {
        seen += 1
        switch method {
        case .none: emit(frame)
        case .median(let k):
            pending.append(consume frame)
            let half = k / 2
            // pending holds frames [i - half, i + half]; emit the centre once it is complete.
            guard pending.count > half else { return }
            let centre = pending.count - 1 - half
            let out = median(at: centre, half: half)
            if centre >= half { pending.removeFirst() }
            emit(out)
        case .oneEuro, .butterworth:
            emit(causal(frame))
        }
    }

    /// Ends the stream: returns the frames still held (the median's last K/2), in order. Every
    /// frame pushed has then come out exactly once.
    public mutating func finish() -> [PoseFrame] {
        guard case .median(let k) = method else { return [] }
        let half = k / 2
        var out: [PoseFrame] = []
        // The frames not yet emitted are the last `half` of `pending` (or all of them if fewer).
        let emitted = max(0, seen - half)
        let firstUnemitted = pending.count - (seen - emitted)
        for i in max(0, firstUnemitted)..<pending.count { out.append(median(at: i, half: half)) }
        pending.removeAll()
        return out
    }

    /// The frame at `i` of `pending` with each joint replaced by the median of its neighbours
    /// within `half` frames, walking outwards only while the joint is present and the time
    /// steps stay within the gap limit.
    private func median(at i: Int, half: Int) -> PoseFrame {
        var frame = pending[i]
        let n = 2 * half + 1
        // How far the window reaches on each side before a time step exceeds the gap limit
        // (the same for every joint).
        var before = 0
        var after = 0
        while before < half, i - before - 1 >= 0, adjacent(pending[i - before - 1], pending[i - before]) {
            before += 1
        }
        while after < half, i + after + 1 < pending.count, adjacent(pending[i + after], pending[i + after + 1]) {
            after += 1
        }
        // A frame without keypoints keeps its shared empty table.
        guard frame.keypoints.contains(where: { $0 != nil }) else { return frame }
        // One scratch buffer per frame for the x, y and z samples: no allocation per joint. The
        // window's tables are read, and the centre's written, in place.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { buf in
            pending.withUnsafeBufferPointer { window in
                frame.keypoints.withUnsafeMutableBufferPointer { smoothed in
                    for j in 0..<smoothed.count {
                        guard let centre = smoothed[j] else { continue }
                        var count = 0
                        func add(_ p: Vector3) {
                            buf[count] = p.x
                            buf[n &+ count] = p.y
                            buf[2 &* n &+ count] = p.z
                            count &+= 1
                        }
                        add(centre.position)
                        // Outwards on each side while the joint is present.
                        var k = 1
                        while k <= before, let p = window[i &- k].keypoints[j] {
                            add(p.position)
                            k &+= 1
                        }
                        k = 1
                        while k <= after, let p = window[i &+ k].keypoints[j] {
                            add(p.position)
                            k &+= 1
                        }
                        // Flat (image) coordinates have the same z throughout (0): so has the median.
                        let z = centre.position.z.bitPattern
                        var flat = true
                        for k in 1..<count where buf[2 &* n &+ k].bitPattern != z { flat = false }
                        smoothed[j] = Keypoint(
                            Vector3(
                                Self.median(buf, from: 0, count: count), Self.median(buf, from: n, count: count),
                                flat ? centre.position.z : Self.median(buf, from: 2 &* n, count: count)),
                            confidence: centre.confidence)
                    }
                }
            }
        }
        return frame
    }

    /// Whether two frames next to each other may be combined: their times at most
    /// `maxGapSeconds` apart, or, when neither has a time (no timestamps and no frame rate),
    /// their frame numbers consecutive. A frame with a time and one without never are.
    private func adjacent(_ a: PoseFrame, _ b: PoseFrame) -> Bool {
        switch (time(a), time(b)) {
        case (let t0?, let t1?): return abs(t1 - t0) <= maxGapSeconds
        case (nil, nil): return abs(b.index - a.index) == 1
        default: return false
        }
    }

    /// The median of `count` values from `start`, sorted in place (insertion sort: a window
    /// holds a handful of samples).
    @inline(__always)
    static func median(_ b: UnsafeMutableBufferPointer<Double>, from start: Int, count n: Int) -> Double {
        if n == 5 {
            // The usual window, without branches: the median of five is the median of the
            // fifth and the middle two of the other four.
            let (a, c, d, e, x) = (b[start], b[start + 1], b[start + 2], b[start + 3], b[start + 4])
            let f = max(min(a, c), min(d, e))
            let g = min(max(a, c), max(d, e))
            return max(min(x, f), min(max(x, f), g))
        }
        for a in start + 1..<start + n {
            let v = b[a]
            var k = a
            while k > start, b[k - 1] > v {
                b[k] = b[k - 1]
                k -= 1
            }
            b[k] = v
        }
        let mid = start + n / 2
        return n % 2 == 1 ? b[mid] : (b[mid - 1] + b[mid]) / 2
    }

    private mutating func causal(_ frame: PoseFrame) -> PoseFrame {
        var out = frame
        guard let t = time(frame) else { return frame }
        for j in Joint.allCases {
            guard let k = frame[j] else {
                state[j.rawValue] = FilterState()  // a missing sample ends the run
                continue
            }
            var s = state[j.rawValue]
            let x = k.position
            guard let prev = s.last, let pt = s.lastTime, t > pt, t - pt <= maxGapSeconds else {
                // Start afresh: the filter begins at the sample itself, with no transient.
                state[j.rawValue] = FilterState(last: x, lastTime: t, dx: .zero, x1: x, x2: x, y1: x, y2: x)
                continue
            }
            let dt = t - pt
            let y: Vector3
            switch method {
            case .oneEuro(let minCutoff, let beta):
                func alpha(_ cutoff: Double) -> Double {
                    let r = 2 * .pi * cutoff * dt
                    return r / (r + 1)
                }
                let dxRaw = (x - prev) / dt
                s.dx = s.dx + (dxRaw - s.dx) * alpha(1.0)
                let cutoff = minCutoff + beta * s.dx.length
                y = prev + (x - prev) * alpha(cutoff)
            case .butterworth(let fc):
                // Bilinear-transform biquad for this step's sampling rate.
                let fs = 1 / dt
                let c = min(fc, 0.45 * fs)
                let w = tan(.pi * c / fs)
                let n = 1 / (1 + 2.0.squareRoot() * w + w * w)
                let b0 = w * w * n
                let b1 = 2 * b0
                let b2 = b0
                let a1 = 2 * (w * w - 1) * n
                let a2 = (1 - 2.0.squareRoot() * w + w * w) * n
                y = x * b0 + s.x1 * b1 + s.x2 * b2 - s.y1 * a1 - s.y2 * a2
                s.x2 = s.x1
                s.x1 = x
                s.y2 = s.y1
                s.y1 = y
            case .none, .median:
                y = x
            }
            s.last = y
            s.lastTime = t
            state[j.rawValue] = s
            out[j] = Keypoint(y, confidence: k.confidence)
        }
        return out
    }
}
