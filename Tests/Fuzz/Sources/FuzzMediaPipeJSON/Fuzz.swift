// The MediaPipe JSON reader and the evaluation on whatever it reads: no crash, no hang, in
// image and world coordinates, with every joint and with a stretch's joints.
import PoseCheck

func transcript(_ bytes: [UInt8], _ options: ReadOptions) -> (String, Recording?) {
    do {
        let r = try PoseReader.readRecording(.memory(bytes), path: "fuzz.json", options: options)
        return (
            "\(r.info)"
                + r.frames.map { "\($0.index) \(String(describing: $0.time)) \($0.keypoints) \($0.issues)" }.joined(), r
        )
    } catch {
        return ("error \(error)", nil)
    }
}

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for coordinates in [CoordinateChoice.image, .world] {
        var options = ReadOptions(format: .mediapipeJSON)
        options.coordinates = coordinates
        options.allowNonFiniteJSON = coordinates == .world
        for joints in [nil, StretchSpec.scissorStance.joints] {
            options.joints = joints
            guard let r = transcript(bytes, options).1 else { continue }
            for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
        }
    }
    return 0
}
