// Reference lengths over long recordings: the robust longest length is the 95th percentile
// however long the recording runs (it was held at the 64th longest value from 1,280 frames
// on, so a long recording's references crept toward its longest glitches and the same pose was
// judged more foreshortened the longer it ran).
import PoseGeometry
import PoseModel
import PoseSynth
import Testing

struct SegmentLengthsTests {
    /// The same 10 s of noisy sway repeated 20 times (6,000 frames): after the second copy
    /// the thigh's reference stays put, at the 95th percentile of its lengths.
    @Test func aLongRecordingKeepsItsReferences() throws {
        let copy = Scenarios.recording("scissor-stance", front: .left, duration: 10, fps: 30, noisePixels: 3)
            .canonical().frames
        var lengths = SegmentLengths()
        var thighs: [Double] = []
        var afterCopy: [Double] = []
        for _ in 0..<20 {
            for frame in copy {
                let g = FrameGeometry(frame: frame, minConfidence: 0.5, threeD: false)
                lengths.add(g)
                if let v = try? g.segment(.thigh(.left)) { thighs.append(v.length) }
            }
            afterCopy.append(try #require(lengths.longestSeen(.thigh(.left))))
        }
        let settled = afterCopy[1]
        for (k, v) in afterCopy.enumerated().dropFirst(2) {
            #expect(abs(v / settled - 1) < 0.005, "copy \(k + 1): \(v) against \(settled)")
        }
        let sorted = thighs.sorted(by: >)
        let percentile95 = sorted[thighs.count / 20]
        #expect(abs(afterCopy.last! / percentile95 - 1) < 0.005, "\(afterCopy.last!) against \(percentile95)")
        // Held at the 64th longest value, the reference was the longest 1% by now.
        #expect(afterCopy.last! < sorted[63])
    }
}
