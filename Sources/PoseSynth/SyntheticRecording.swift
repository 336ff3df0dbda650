import PoseGeometry
import PoseModel

// Synthetic recordings: a timeline of poses, seen by a camera, with optional noise and dropouts.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small deterministic PRNG (SplitMix64) so generated data is identical on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A standard normal sample (Box–Muller).
    public mutating func gaussian() -> Double {
        let u1 = max(Double.leastNormalMagnitude, Double(next() >> 11) / Double(1 << 53))
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// One generated frame: its pose (nil for a dropout), time and ground truth.
public struct SyntheticFrame: Sendable {
    /// The frame's position, 0-based.
    public var index: Int
    /// Seconds from the start: `index / fps`.
    public var time: Double
    /// The pose the frame was generated from: the ground truth of its angles.
    public var parameters: PoseParameters
    /// The body's joints in world metres; `nil` for a dropped frame (no person detected).
    public var pose: BodyPose?
    /// Image-space noise added to each landmark, in pixels (already applied to `image`).
    public var image: [Joint: (x: Double, y: Double, depth: Double)]
    /// The confidence every landmark of the frame gets (0.99; 0 for a dropped frame).
    public var visibility: Double
}

/// A generated recording: poses over time, seen by a camera, with optional image noise and
/// dropped frames. Identical on every machine for the same arguments and seed.
public struct SyntheticRecording: Sendable {
    /// The camera that projected the poses into the image.
    public var camera: Camera
    /// Frames per second.
    public var fps: Double
    /// Every frame, dropped ones included, in time order.
    public var frames: [SyntheticFrame]
    /// The body's segment lengths.
    public var body: BodyDimensions

    /// A recording whose parameters come from `parameters(time)`; `noisePixels` is the standard
    /// deviation of Gaussian noise on image coordinates; `dropoutRate` the share of frames with
    /// no person detected.
    public init(
        duration: Double, fps: Double, camera: Camera = .side, body: BodyDimensions = .init(),
        noisePixels: Double = 0, dropoutRate: Double = 0, seed: UInt64 = 1,
        parameters: (Double) -> PoseParameters
    ) {
        self.camera = camera
        self.fps = fps
        self.body = body
        var rng = SplitMix64(seed: seed)
        let n = Int((duration * fps).rounded())
        frames = (0..<n).map { i in
            let t = Double(i) / fps
            let p = parameters(t)
            let dropped = dropoutRate > 0 && Double(rng.next() >> 11) / Double(1 << 53) < dropoutRate
            guard !dropped else {
                return SyntheticFrame(index: i, time: t, parameters: p, pose: nil, image: [:], visibility: 0)
            }
            let pose = Kinematics.pose(p, body: body)
            var image: [Joint: (x: Double, y: Double, depth: Double)] = [:]
            // Joint order, not dictionary order: the noise each joint gets must not depend on hashing.
            for j in Joint.allCases {
                guard let pos = pose.positions[j] else { continue }
                var q = camera.project(pos, floor: pose.floor)
                if noisePixels > 0 {
                    q.x += rng.gaussian() * noisePixels
                    q.y += rng.gaussian() * noisePixels
                }
                image[j] = q
            }
            return SyntheticFrame(index: i, time: t, parameters: p, pose: pose, image: image, visibility: 0.99)
        }
    }

    /// World landmarks as MediaPipe writes them: metres, origin at the hip midpoint, y down.
    public func world(_ f: SyntheticFrame) -> [Joint: Vector3] {
        guard let pose = f.pose else { return [:] }
        let hips = Vector3.midpoint(pose.positions[.leftHip] ?? .zero, pose.positions[.rightHip] ?? .zero)
        var out: [Joint: Vector3] = [:]
        for (j, p) in pose.positions {
            let q = camera.rotated(p - hips)
            out[j] = Vector3(q.x, -q.y, -q.z)
        }
        return out
    }
}

extension SyntheticRecording {
    /// The recording as canonical frames, without going through a file format: image pixels
    /// (y flipped up) or world metres. Dropped frames have no keypoints and a `no_person` issue.
    public func canonical(world: Bool = false, withTimes: Bool = true) -> Recording {
        let space: CoordinateSpace = world ? .world(unitsPerMetre: 1, yDown: true) : .imagePixels
        let frames = self.frames.map { f -> PoseFrame in
            var frame = PoseFrame(index: f.index, time: withTimes ? f.time : nil)
            if f.pose == nil {
                frame.issues.append(FrameIssue(code: "no_person", message: "no person detected in this frame"))
                return frame
            }
            if world {
                for (j, p) in self.world(f) {
                    frame[j] = Keypoint(space.canonical(x: p.x, y: p.y, z: p.z), confidence: f.visibility)
                }
            } else {
                for (j, q) in f.image { frame[j] = Keypoint(space.canonical(x: q.x, y: q.y), confidence: f.visibility) }
            }
            return frame
        }
        return Recording(
            info: RecordingInfo(
                format: "synthetic", space: space, frameRate: withTimes ? fps : nil,
                timeSource: withTimes ? "timestamps" : nil), frames: frames)
    }
}
