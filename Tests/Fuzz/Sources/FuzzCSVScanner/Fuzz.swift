// Every input either scans or throws a located FormatError; fields are always readable.
import PoseCheck

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        var s = CSVScanner(bytes: bytes, delimiter: delimiter)
        do {
            while try s.nextRecord() {
                for i in 0..<s.fieldCount {
                    _ = s.string(i)
                    _ = s.number(i)
                    _ = s.fieldLocation(i)
                }
            }
        } catch {
            precondition(error.location != nil, "error without a location: \(error)")
        }
    }
    return 0
}
