import PoseGeometry
@testable import PoseModel
import PoseSynth
import Testing

struct DebugFloorTests {
    @Test(.enabled(if: Environment.sweep)) func floor() throws {
        for yaw in [0.0, 30, 60] {
            let p = Scenarios.parameters("reach-up-twist", front: .left)
            let body = Kinematics.pose(p)
            let frames = CameraSweepTests.frames([body], camera: Camera(yaw: yaw, pitch: 20), noise: 0, seed: 1)
            let g = FrameGeometry(frame: frames[0], minConfidence: 0.5, threeD: false)
            let heel = try g.point(.heel(.left)), toe = try g.point(.footIndex(.left))
            let pB = try g.lowestFootPoint(.right)
            let w = try g.point(.wrist(.right))
            let foot = toe - heel
            let k = foot.y / foot.x
            print("yaw \(yaw): k \(k) wrist \(w) pB \(pB) raw \(w.y - pB.y) levelled \((w.y - pB.y) - k * (w.x - pB.x)) worldWrist \(body.positions[.wrist(.right)]!) worldToe \(body.positions[.footIndex(.right)]!) heel \(body.positions[.heel(.left)]!) toe \(body.positions[.footIndex(.left)]!)")
        }
    }
}
