// Every input either scans or throws a located FormatError; fields are always readable; the
// fast record path and the byte-by-byte reader give the same records, locations and errors;
// a field's number is the general parse of its text.
import PoseCheck

func records(_ bytes: [UInt8], delimiter: UInt8, fast: Bool) -> String {
    var s = CSVScanner(bytes: bytes, delimiter: delimiter)
    s.usesFastPath = fast
    var out = ""
    do {
        while try s.nextRecord() {
            for i in 0..<s.fieldCount { out += "\(s.string(i))|\(s.fieldLocation(i))," }
            out += "\n"
        }
        out += "end \(s.location)"
    } catch {
        out += "error \(error)"
    }
    return out
}

/// libFuzzer's entry point: checks one input of `size` bytes at `data`. A broken property
/// traps (`precondition`), so the return value is always 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
        precondition(
            records(bytes, delimiter: delimiter, fast: true) == records(bytes, delimiter: delimiter, fast: false),
            "fast path differs")
        var s = CSVScanner(bytes: bytes, delimiter: delimiter)
        do {
            while try s.nextRecord() {
                for i in 0..<s.fieldCount {
                    // The field's number (read in place, with the bytes after it at hand) is
                    // the general parse of its text, bit for bit.
                    let text = s.string(i)
                    let n = s.number(i)
                    let general = DecimalNumber.parse(text, grammar: .decimal)
                    if case .value(let a) = n, case .value(let b) = general {
                        precondition(a.bitPattern == b.bitPattern, "number differs: \(text)")
                    } else {
                        precondition(n == general, "number differs: \(text)")
                    }
                    _ = s.fieldLocation(i)
                }
            }
        } catch {
            precondition(error.location != nil, "error without a location: \(error)")
        }
    }
    return 0
}
