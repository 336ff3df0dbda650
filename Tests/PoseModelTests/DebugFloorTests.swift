import PoseGeometry
@testable import PoseModel
import PoseSynth
import Testing

struct DebugFloorTests {
    @Test(.enabled(if: Environment.sweep)) func knee() throws {
        for yaw in [30.0, 60] {
            let p = Scenarios.parameters("reach-up-twist", violated: .backKneeFlexion, front: .left)
            let body = Kinematics.pose(p)
            let frames = CameraSweepTests.frames([body], camera: Camera(yaw: yaw, pitch: 0), noise: 0, seed: 1)
            let g = FrameGeometry(frame: frames[0], minConfidence: 0.5, threeD: false)
            var lengths = SegmentLengths()
            lengths.add(g)
            let heel = try g.point(.heel(.left)), toe = try g.point(.footIndex(.left))
            let l = try g.legLength(.right, lengths: lengths)
            let thigh = try g.segment(.thigh(.left)), shank = try g.segment(.shank(.left))
            print("yaw \(yaw): foot x \(toe.x - heel.x) L \(l) c \(abs(toe.x - heel.x) / (0.25 * l)) thigh \(thigh) shank \(shank) knee2D \(FrameGeometry.kneeFlexion(thigh: thigh, shank: shank)!) truth \(p.frontKneeFlexion)")
            for c in [0.3, 0.4, 0.5, 0.6, 0.7] {
                print("   c \(c): \(FrameGeometry.kneeFlexion(thigh: Vector3(thigh.x / c, thigh.y, 0), shank: Vector3(shank.x / c, shank.y, 0))!)")
            }
            let spec = StretchSpec.reachUpTwist.checks.first { $0.id == .frontKneeFlexion }!
            print(Result { () throws(Unassessable) in try g.measure(spec, front: .left, lengths: lengths) })
        }
    }
}
