// Every input either parses or throws a located FormatError; never a crash or a hang. Read
// event by event and read on demand (each container skipped by `skip(after:)`, which walks
// `nextMember`/`nextElement`/`skipValue`), it gives the same outcome: the same error at the
// same place, or none.
import PoseCheck

/// How a read ended: "ok", or the error's code and location.
func outcome(_ bytes: [UInt8], lenient: Bool, onDemand: Bool) -> String {
    var s = JSONScanner(bytes: bytes, allowNonFinite: lenient)
    s.allowsMultipleDocuments = lenient
    do {
        while let e = try s.next() {
            if onDemand { try s.skip(after: e) }
        }
        return "ok"
    } catch {
        precondition(error.location != nil, "error without a location: \(error)")
        return "\(error.code) \(error.message) \(String(describing: error.location))"
    }
}

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for lenient in [false, true] {
        let events = outcome(bytes, lenient: lenient, onDemand: false)
        let onDemand = outcome(bytes, lenient: lenient, onDemand: true)
        precondition(events == onDemand, "events and on-demand reading differ:\n\(events)\n---\n\(onDemand)")
    }
    _ = try? JSONScanner.parseDocument(.memory(bytes))
    return 0
}
