// The MediaPipe CSV reader and the evaluation on whatever it reads: no crash, no hang.
import PoseCheck

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for size in [nil, ImageSize(width: 1920, height: 1080)] {
        guard let r = try? PoseReader.readRecording(.memory(bytes), path: "fuzz.csv",
                                                    options: ReadOptions(imageSize: size, format: .mediapipeCSV)) else { continue }
        for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
    }
    return 0
}
