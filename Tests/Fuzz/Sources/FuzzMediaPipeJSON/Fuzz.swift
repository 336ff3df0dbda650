// The MediaPipe JSON reader and the evaluation on whatever it reads: no crash, no hang, in
// image and world coordinates, with every joint and with a stretch's joints. The same bytes
// followed by 100 spaces read the same (the landmark members' one pass reads only members 64
// bytes or more from the end of the input, so the padding moves members from the general steps
// to the one pass): the same frames and notes, or the same error at the same place; an input
// cut off by its end (`unexpected_eof`, `empty_input`) is an error either way. An input read as
// cut short after its first frame reads the same padded, but for where the end is said to be
// (the spaces move it), or is an error padded (spaces after `1.` make it an invalid number), or,
// JSON Lines, reads the same frames but for the last, which is not read either way: cut short,
// or a line that is not valid JSON (a last `-`, then spaces). UTF-16 without a byte-order mark
// is told from the first 16 bytes, which the padding completes in an input of fewer: there, an
// error either way is all that is asked.
import PoseCheck

/// `notRead`: a last frame flagged `cut_short` or `unreadable_frame`, which was not read, is
/// left out.
func transcript(_ bytes: [UInt8], _ options: ReadOptions, notRead: Bool = false) -> (
    text: String, error: FormatError?, recording: Recording?, cutShort: Bool
) {
    do {
        let r = try PoseReader.readRecording(.memory(bytes), path: "fuzz.json", options: options)
        // The place where a cut-short input ends, said in a note and on the cut frame, is left out.
        var info = r.info
        info.notes.removeAll { $0.hasPrefix("the input ends at ") }
        let cutShort = info.notes.count < r.info.notes.count
        var frames = r.frames
        if notRead, let last = frames.last,
            last.issues.contains(where: { ["cut_short", "unreadable_frame"].contains($0.code) })
        {
            frames.removeLast()
        }
        let text =
            "\(info)"
            + frames.map { f in
                let issues = f.issues.map { $0.code == "cut_short" ? "cut_short" : "\($0)" }
                return "\(f.index) \(String(describing: f.time)) \(f.keypoints) \(issues)"
            }.joined()
        return (text, nil, r, cutShort)
    } catch {
        return ("error \(error)", error, nil, false)
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
            let encoding = [read.error, readPadded.error].contains { $0?.code == "unsupported_encoding" }
            if bytes.count < 16, encoding {
                precondition(read.error != nil && readPadded.error != nil, "padding made a short input UTF-16 or not")
            } else if let e = read.error, e.code == "unexpected_eof" || e.code == "empty_input" {
                // Cut off by the end of the input: the spaces come where more was due.
                precondition(readPadded.error != nil, "padding mended a cut-off input:\n\(e)")
            } else if read.cutShort {
                let cut = transcript(bytes, options, notRead: true).text
                let paddedLine = transcript(padded, options, notRead: true).text
                precondition(
                    readPadded.error != nil || (readPadded.cutShort && read.text == readPadded.text)
                        || cut == paddedLine,
                    "padding changed a cut-short reading:\n\(read.text)\n---\n\(readPadded.text)")
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
