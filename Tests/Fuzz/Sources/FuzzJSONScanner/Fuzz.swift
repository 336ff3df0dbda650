// Every input either parses or throws a located FormatError; never a crash or a hang.
import PoseCheck

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for lenient in [false, true] {
        var s = JSONScanner(bytes: bytes, allowNonFinite: lenient)
        s.allowsMultipleDocuments = lenient
        do { while try s.next() != nil {} } catch {
            precondition(error.location != nil, "error without a location: \(error)")
        }
    }
    _ = try? JSONScanner.parseDocument(.memory(bytes))
    return 0
}
