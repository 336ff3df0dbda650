// Where the CLI writes: real streams for the executable, strings for in-process tests.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// stdout (buffered, flushed by `flush()` and before anything goes to stderr) and stderr.
    public static let standard: Console = {
        let out = FDWriter(fd: 1)
        return Console(out: { out.write($0) }, err: { s in out.flush(); FDWriter.writeAll(2, Array(s.utf8)) }, flush: { out.flush() })
    }()

    public var flush: @Sendable () -> Void = {}

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                flush: @escaping @Sendable () -> Void) {
        self.init(out: out, err: err)
        self.flush = flush
    }
}

/// A buffered writer on a file descriptor.
final class FDWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = Mutex<[UInt8]>([])

    init(fd: Int32) { self.fd = fd }

    func write(_ s: String) {
        lock.withLock { buf in
            buf.append(contentsOf: s.utf8)
            if buf.count >= 1 << 16 {
                Self.writeAll(fd, buf)
                buf.removeAll(keepingCapacity: true)
            }
        }
    }

    func flush() {
        lock.withLock { buf in
            Self.writeAll(fd, buf)
            buf.removeAll(keepingCapacity: true)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return }
            var off = 0
            while off < p.count {
                let n = Glibc.write(fd, base + off, p.count - off)
                if n <= 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }
}

/// Exit codes (BSD sysexits where they apply).
public enum ExitCode {
    public static let pass: Int32 = 0
    /// The verdict is fail or not assessable.
    public static let notPassed: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
}
