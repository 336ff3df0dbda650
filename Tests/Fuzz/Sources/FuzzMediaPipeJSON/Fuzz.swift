// The MediaPipe JSON reader and the evaluation on whatever it reads: no crash, no hang.
import PoseCheck

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for coordinates in [CoordinateChoice.image, .world] {
        var options = ReadOptions(format: .mediapipeJSON)
        options.coordinates = coordinates
        options.allowNonFiniteJSON = coordinates == .world
        guard let r = try? PoseReader.readRecording(.memory(bytes), path: "fuzz.json", options: options) else { continue }
        for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
    }
    return 0
}
