// The joint-angle readers (OpenSim/Sports2D .mot, angle CSV, angle JSON) and the evaluation on
// whatever they read: no crash, no hang.
import PoseCheck

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format in [PoseFormat.opensimMot, .anglesCSV, .anglesJSON] {
        guard let r = try? PoseReader.readRecording(.memory(bytes), path: "fuzz", options: ReadOptions(format: format))
        else { continue }
        for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
    }
    _ = PoseReader.detect(.memory(bytes))
    return 0
}
