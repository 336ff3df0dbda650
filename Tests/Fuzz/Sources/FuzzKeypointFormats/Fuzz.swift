// The keypoint readers beyond MediaPipe's (OpenPose, COCO, tfjs, MoveNet, Apple Vision, Azure
// Kinect, Kinect v2 CSV, TRC, long CSV) and the evaluation on whatever they read: no crash, no hang.
import PoseCheck

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let formats: [PoseFormat] = [
        .openposeJSON, .cocoJSON, .tfjsJSON, .movenetJSON, .appleVisionJSON, .azureKinectJSON,
        .kinectV2CSV, .trc, .longCSV,
    ]
    for format in formats {
        var options = ReadOptions(format: format)
        options.allowNonFiniteJSON = size % 2 == 0
        options.person = size % 3 == 0 ? .largest : .mostConfident
        if format == .tfjsJSON || format == .appleVisionJSON, size % 5 == 0 { options.coordinates = .world }
        guard let r = try? PoseReader.readRecording(.memory(bytes), path: "fuzz", options: options) else { continue }
        for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
    }
    _ = PoseReader.detect(.memory(bytes))
    return 0
}
