// Every input either parses or throws a located FormatError; never a crash or a hang. Read
// event by event and read on demand (each container skipped by `skip(after:)`, which walks
// `nextMember`/`nextElement`/`skipValue`), it gives the same outcome: the same error at the
// same place, or none. For a valid top-level object, the members after its last container
// that `JSONTail` reads from the end are those the forward read finds.
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

/// The members after the last container value of a valid top-level object, read forward;
/// nil when the bytes are not one valid object.
func membersAfterLastContainer(_ bytes: [UInt8]) -> [JSONTail.Member]? {
    var s = JSONScanner(bytes: bytes)
    var members: [JSONTail.Member] = []
    do {
        guard try s.next() == .beginObject else { return nil }
        while let e = try s.next(), e != .endObject {
            guard case .key(let key) = e, let value = try s.next() else { return nil }
            if value == .beginObject || value == .beginArray {
                try s.skip(after: value)
                members = []
            } else {
                members.append(JSONTail.Member(key: key, value: value))
            }
        }
        guard try s.next() == nil else { return nil }
    } catch {
        return nil
    }
    return members
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
    let tail = JSONTail.trailingMembers(of: .memory(bytes), allowNonFinite: false)
    if let forward = membersAfterLastContainer(bytes), bytes.count <= JSONTail.reach {
        precondition(tail == forward, "read from the end: \(String(describing: tail))\nread forward: \(forward)")
    }
    return 0
}
