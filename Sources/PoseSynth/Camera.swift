import PoseGeometry
import PoseModel

// An orthographic (weak-perspective) camera: a side view preserves sagittal-plane angles exactly.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An orthographic (weak-perspective) camera that turns world metres into image pixels.
public struct Camera: Sendable, Hashable {
    /// Rotation of the body about the vertical axis before projection, degrees. 0 = side view
    /// (the body faces image right), 90 = frontal view.
    public var yaw: Double
    /// The camera looks down by this many degrees (0 = level), applied after the yaw.
    public var pitch: Double
    /// Image width in pixels (written to exports that carry an image size).
    public var imageWidth: Double
    /// Image height in pixels.
    public var imageHeight: Double
    /// Scale of the projection: pixels per metre at any depth (no perspective).
    public var pixelsPerMetre: Double
    /// Where the floor point below the hips lands in the image (pixels).
    public var originX: Double
    /// Where the floor point below the hips lands in the image, pixels from the top (y down).
    public var originY: Double

    /// A camera; the defaults are a level side view on a 1280×720 image, 380 px per metre, with the
    /// floor below the hips at (560, 660).
    public init(
        yaw: Double = 0, pitch: Double = 0, imageWidth: Double = 1280, imageHeight: Double = 720,
        pixelsPerMetre: Double = 380,
        originX: Double = 560, originY: Double = 660
    ) {
        self.yaw = yaw
        self.pitch = pitch
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.pixelsPerMetre = pixelsPerMetre
        self.originX = originX
        self.originY = originY
    }

    /// A level side view (yaw 0°): sagittal-plane angles are preserved exactly.
    public static let side = Camera()
    /// The body turned 30° towards the camera.
    public static let oblique = Camera(yaw: 30)
    /// A frontal view (yaw 90°): the sagittal plane is seen edge-on.
    public static let frontal = Camera(yaw: 90)

    /// World position after the yaw and pitch rotations (metres; x right in the image, y up, z
    /// towards the viewer). Looking down, points nearer the viewer appear lower.
    public func rotated(_ p: Vector3) -> Vector3 {
        let r = yaw * .pi / 180
        let q = Vector3(p.x * cos(r) + p.z * sin(r), p.y, -p.x * sin(r) + p.z * cos(r))
        guard pitch != 0 else { return q }
        let t = pitch * .pi / 180
        return Vector3(q.x, q.y * cos(t) - q.z * sin(t), q.z * cos(t) + q.y * sin(t))
    }

    /// Image pixels, y down, relative to the floor below the hips at `originX/originY`.
    public func project(_ p: Vector3, floor: Double) -> (x: Double, y: Double, depth: Double) {
        let q = rotated(p)
        return (originX + q.x * pixelsPerMetre, originY - (q.y - floor) * pixelsPerMetre, q.z * pixelsPerMetre)
    }
}
