// The MediaPipe CSV reader and the evaluation on whatever it reads: no crash, no hang; and the
// fast record path gives exactly what the byte-by-byte reader gives.
import PoseCheck

func transcript(_ bytes: [UInt8], _ options: ReadOptions) -> (String, Recording?) {
    do {
        let r = try PoseReader.readRecording(.memory(bytes), path: "fuzz.csv", options: options)
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
    for size in [nil, ImageSize(width: 1920, height: 1080)] {
        var options = ReadOptions(imageSize: size, format: .mediapipeCSV)
        let (fast, recording) = transcript(bytes, options)
        options.fastPaths = false
        let (careful, _) = transcript(bytes, options)
        precondition(fast == careful, "fast path differs:\n\(fast)\n---\n\(careful)")
        guard let r = recording else { continue }
        for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
    }
    return 0
}
