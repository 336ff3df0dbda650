// Smoothing: frames kept one for one, gaps never bridged, jitter reduced, means kept.
import PoseGeometry
import PoseSynth
import Testing

@testable import PoseModel

struct SmoothingTests {
    static let methods: [SmoothingMethod] = [
        .none, .median(window: 5), .median(window: 1), .oneEuro(minCutoff: 1, beta: 0.01), .butterworth(cutoff: 6),
    ]

    static func smooth(_ frames: [PoseFrame], _ m: SmoothingMethod, fps: Double? = nil) -> [PoseFrame] {
        var s = FrameSmoother(method: m, frameRate: fps)
        return frames.flatMap { s.push($0) } + s.finish()
    }

    @Test("every frame comes out once, in order; missing stays missing", arguments: methods)
    func framesPreserved(_ m: SmoothingMethod) {
        let rec = Scenarios.recording(
            "hands-down-lunge", front: .right, duration: 3, fps: 30, noisePixels: 3, dropoutRate: 0.15, seed: 9
        ).canonical()
        for n in [0, 1, 2, 3, 7, rec.frames.count] {
            let input = Array(rec.frames.prefix(n))
            let out = Self.smooth(input, m)
            #expect(out.map(\.index) == input.map(\.index), "\(m) n=\(n)")
            for (a, b) in zip(input, out) {
                #expect(a.issues == b.issues)
                for j in Joint.allCases { #expect((a[j] == nil) == (b[j] == nil)) }
            }
        }
    }

    @Test("without any time, the median combines frames with consecutive numbers, not across a jump")
    func medianWithoutTime() {
        // An outlier at frame 2 among frames at x = 1; frame 10 follows frame 4 at x = 9.
        let xs: [(Int, Double)] = [(0, 1), (1, 1), (2, 50), (3, 1), (4, 1), (10, 9), (11, 9), (12, 9)]
        let frames = xs.map { index, x in
            var f = PoseFrame(index: index, time: nil)
            f[.leftKnee] = Keypoint(Vector3(x, 0, 0))
            return f
        }
        let out = Self.smooth(frames, .median(window: 5))
        #expect(out.map(\.index) == xs.map(\.0))
        #expect(out[2][.leftKnee]?.position.x == 1)  // the outlier is smoothed away
        #expect(out[4][.leftKnee]?.position.x == 1)  // frame 10 is not its neighbour
        #expect(out[5][.leftKnee]?.position.x == 9)
        // The causal filters need the time step: without one they leave frames as they are.
        #expect(
            Self.smooth(frames, .oneEuro(minCutoff: 1, beta: 0)).map { $0[.leftKnee] } == frames.map { $0[.leftKnee] })
    }

    @Test(
        "gaps are never bridged",
        arguments: [SmoothingMethod.median(window: 9), .oneEuro(minCutoff: 1, beta: 0), .butterworth(cutoff: 2)])
    func noBridging(_ m: SmoothingMethod) {
        // The knee sits at A, disappears for 0.5 s, comes back at B: the first frame back is B.
        var frames: [PoseFrame] = []
        for i in 0..<60 {
            var f = PoseFrame(index: i, time: Double(i) / 30)
            if i < 20 { f[.leftKnee] = Keypoint(Vector3(1, 1, 0)) }
            if i >= 35 { f[.leftKnee] = Keypoint(Vector3(5, 7, 0)) }
            frames.append(f)
        }
        let out = Self.smooth(frames, m)
        #expect(out[35][.leftKnee]?.position == Vector3(5, 7, 0))
        #expect(out[19][.leftKnee]?.position == Vector3(1, 1, 0))
        #expect((20..<35).allSatisfy { out[$0][.leftKnee] == nil })
    }

    @Test func parsing() {
        #expect(SmoothingMethod(parsing: "none") == SmoothingMethod.none)
        #expect(SmoothingMethod(parsing: "median:7") == .median(window: 7))
        #expect(SmoothingMethod(parsing: "one-euro") == .oneEuro(minCutoff: 1, beta: 0.01))
        #expect(SmoothingMethod(parsing: "one-euro:0.5,0.1") == .oneEuro(minCutoff: 0.5, beta: 0.1))
        #expect(SmoothingMethod(parsing: "butterworth:6") == .butterworth(cutoff: 6))
        for bad in [
            "median", "median:4", "median:0", "median:x", "butterworth", "butterworth:-1", "butterworth:nan",
            "one-euro:1", "kalman", "",
        ] {
            #expect(SmoothingMethod(parsing: bad) == nil, "\(bad)")
        }
    }

    /// Jitter: the standard deviation of frame-to-frame changes of the front knee angle, ÷ √2
    /// (for white noise this is the noise's own deviation; slow sway barely contributes).
    static func jitterAndMean(_ frames: [PoseFrame]) -> (Double, Double) {
        let values = frames.map { f in
            FrameGeometry(frame: f, minConfidence: 0, threeD: false).kneeFlexionOrNil(.left)
        }
        let present = values.compactMap { $0 }
        var diffs: [Double] = []
        for (a, b) in zip(values, values.dropFirst()) { if let a, let b { diffs.append(b - a) } }
        let mean = present.reduce(0, +) / Double(present.count)
        let dm = diffs.reduce(0, +) / Double(diffs.count)
        let sd =
            (diffs.map { ($0 - dm) * ($0 - dm) }.reduce(0, +) / Double(diffs.count - 1)).squareRoot() / 2.0.squareRoot()
        return (sd, mean)
    }

    @Test(
        "smoothing reduces jitter and keeps the mean",
        arguments: [
            // Measured ÷3.3, ÷5.9 and ÷2.7 (PoseCheck docs, "The command line"); the bounds leave room for other seeds.
            (SmoothingMethod.median(window: 5), 2.5), (.oneEuro(minCutoff: 1, beta: 0.01), 4.0),
            (.butterworth(cutoff: 6), 2.0),
        ])
    func jitter(_ m: SmoothingMethod, _ factor: Double) {
        let rec = Scenarios.recording("scissor-stance", front: .left, duration: 20, fps: 30, noisePixels: 3, seed: 4)
            .canonical()
        let (rawJitter, rawMean) = Self.jitterAndMean(rec.frames)
        let (smoothJitter, smoothMean) = Self.jitterAndMean(Self.smooth(rec.frames, m))
        #expect(rawJitter / smoothJitter >= factor)
        #expect(abs(smoothMean - rawMean) < 1)
        // The same seed gives the same data.
        #expect(
            Self.jitterAndMean(
                Scenarios.recording("scissor-stance", front: .left, duration: 20, fps: 30, noisePixels: 3, seed: 4)
                    .canonical().frames
            ).0 == rawJitter)
    }
}

extension FrameGeometry {
    func kneeFlexionOrNil(_ s: Side) -> Double? { try? kneeFlexion(s) }
}

/// The branch-free median of five equals the median of the sorted values, ties included.
struct MedianNetworkTests {
    @Test func medianOfFiveMatchesSorting() {
        var rng = SystemRandomNumberGenerator()
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5) { buf in
            for i in 0..<40_000 {
                // Small integers give many ties; the rest are spread out.
                let values = (0..<5).map { _ in
                    i % 2 == 0 ? Double(Int.random(in: 0...3, using: &rng)) : Double.random(in: -1e3...1e3, using: &rng)
                }
                for k in 0..<5 { buf[k] = values[k] }
                let m = FrameSmoother.median(buf, from: 0, count: 5)
                #expect(m == values.sorted()[2], "\(values)")
                if m != values.sorted()[2] { return }
            }
        }
    }
}
