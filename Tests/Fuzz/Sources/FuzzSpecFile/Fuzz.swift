// Spec files: load or a located error; a loaded spec evaluates without crashing.
import PoseCheck

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let spec = try SpecFile.load(.memory(bytes), path: "fuzz.json")
        let empty = Recording(
            info: RecordingInfo(format: "x", space: .imagePixels), frames: [PoseFrame(index: 0, time: 0)])
        _ = Evaluator.evaluate(empty, spec: spec)
    } catch {
        precondition(error.location != nil || error.code == "empty_input", "error without a location: \(error)")
    }
    return 0
}
