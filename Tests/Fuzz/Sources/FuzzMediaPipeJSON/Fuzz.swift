// The MediaPipe JSON reader and the evaluation on whatever it reads: no crash, no hang, in
// image and world coordinates, with every joint and with a stretch's joints. The same bytes
// followed by 100 spaces read the same (the landmark members' one pass reads only members 64
// bytes or more from the end of the input, so the padding moves members from the general steps
// to the one pass): the same frames and notes, or the same error at the same place; an input
// cut off by its end (`unexpected_eof`, `empty_input`) is an error either way.
import PoseCheck

func transcript(_ bytes: [UInt8], _ options: ReadOptions) -> (text: String, error: FormatError?, recording: Recording?)
{
    do {
        let r = try PoseReader.readRecording(.memory(bytes), path: "fuzz.json", options: options)
        let text =
            "\(r.info)"
            + r.frames.map { "\($0.index) \(String(describing: $0.time)) \($0.keypoints) \($0.issues)" }.joined()
        return (text, nil, r)
    } catch {
        return ("error \(error)", error, nil)
    }
}

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let padded = bytes + [UInt8](repeating: 0x20, count: 100)
    for coordinates in [CoordinateChoice.image, .world] {
        var options = ReadOptions(format: .mediapipeJSON)
        options.coordinates = coordinates
        options.allowNonFiniteJSON = coordinates == .world
        for joints in [nil, StretchSpec.scissorStance.joints] {
            options.joints = joints
            let read = transcript(bytes, options)
            let readPadded = transcript(padded, options)
            if let e = read.error, e.code == "unexpected_eof" || e.code == "empty_input" {
                // Cut off by the end of the input: the spaces come where more was due.
                precondition(readPadded.error != nil, "padding mended a cut-off input:\n\(e)")
            } else {
                precondition(
                    read.text == readPadded.text, "padding changed the reading:\n\(read.text)\n---\n\(readPadded.text)")
            }
            guard let r = read.recording else { continue }
            for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
        }
    }
    return 0
}
