import PoseFormats
// Where the CLI writes: real streams for the executable, strings for in-process tests.
import PoseScanning
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the command line writes: `standard` for the executable, closures that collect strings
/// for in-process tests.
public struct Console: Sendable {
    /// Writes standard output text (reports, help); may buffer until `flush`.
    public var out: @Sendable (String) -> Void
    /// Writes standard error text (errors, warnings, progress); unbuffered.
    public var err: @Sendable (String) -> Void
    /// Whether stdout and stderr are terminals (colour, progress lines).
    public var isTerminal = false
    /// Whether stderr is a terminal (`grade` then shows its progress there).
    public var errIsTerminal = false
    /// A console writing through `out` and `err`, neither a terminal, with nothing to flush.
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// stdout (buffered, flushed by `flush()` and before anything goes to stderr) and stderr.
    public static let standard: Console = {
        let out = FDWriter(fd: 1)
        var c = Console(
            out: { out.write($0) },
            err: { s in
                out.flush()
                FDWriter.writeAll(2, Array(s.utf8))
            }, flush: { out.flush() })
        c.isTerminal = isatty(1) == 1
        c.errIsTerminal = isatty(2) == 1
        return c
    }()

    /// The same console writing its output to `path` instead of stdout (`-o FILE`). The file
    /// is opened at once (an unwritable path fails before any work, and a run that writes
    /// nothing, such as an empty shard, leaves an empty file) but emptied only when the first
    /// output comes: a run that fails before writing (a missing or malformed input) leaves an
    /// existing file as it was.
    func redirected(to path: String) throws(InputError) -> (console: Console, close: @Sendable () -> Void) {
        let fd = try openForWriting(path, truncating: false)
        let w = FDWriter(fd: fd, emptiesFileAtFirstWrite: true)
        var c = self
        c.out = { w.write($0) }
        c.isTerminal = false
        return (
            c,
            {
                w.flush()
                close(fd)
            }
        )
    }

    /// Writes out whatever `out` has buffered; called before exiting.
    public var flush: @Sendable () -> Void = {}

    /// A console writing through `out` and `err`, flushing buffered output with `flush`.
    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        flush: @escaping @Sendable () -> Void
    ) {
        self.init(out: out, err: err)
        self.flush = flush
    }
}

/// Opens (creating, and unless told otherwise truncating) a file to write; the error says why
/// it cannot be written.
func openForWriting(_ path: String, truncating: Bool = true) throws(InputError) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | (truncating ? O_TRUNC : 0), 0o644)
    guard fd >= 0 else {
        throw InputError(path: path, message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    return fd
}

/// Writes a whole file (report pages).
func writeFile(_ path: String, _ text: String) throws(InputError) {
    let fd = try openForWriting(path)
    FDWriter.writeAll(fd, Array(text.utf8))
    close(fd)
}

/// A buffered writer on a file descriptor.
final class FDWriter: @unchecked Sendable {
    private let fd: Int32
    /// Whether the file is emptied before the first bytes are written to it.
    private let emptiesFileAtFirstWrite: Bool
    private let state = Mutex<(buffer: [UInt8], wrote: Bool)>(([], false))

    init(fd: Int32, emptiesFileAtFirstWrite: Bool = false) {
        self.fd = fd
        self.emptiesFileAtFirstWrite = emptiesFileAtFirstWrite
    }

    func write(_ s: String) {
        state.withLock { state in
            state.buffer.append(contentsOf: s.utf8)
            if state.buffer.count >= 1 << 16 { drain(&state) }
        }
    }

    func flush() {
        state.withLock { drain(&$0) }
    }

    private func drain(_ state: inout (buffer: [UInt8], wrote: Bool)) {
        guard !state.buffer.isEmpty else { return }
        if emptiesFileAtFirstWrite && !state.wrote { _ = ftruncate(fd, 0) }
        state.wrote = true
        Self.writeAll(fd, state.buffer)
        state.buffer.removeAll(keepingCapacity: true)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return }
            var off = 0
            while off < p.count {
                let n = Glibc.write(fd, base + off, p.count - off)
                if n <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                off += n
            }
        }
    }
}

/// Exit codes (BSD sysexits where they apply).
public enum ExitCode {
    /// The recording passed, or the command succeeded.
    public static let pass: Int32 = 0
    /// The verdict is fail or not assessable.
    public static let notPassed: Int32 = 1
    /// Wrong arguments: an unknown option or subcommand, a missing or bad value (sysexits EX_USAGE).
    public static let usage: Int32 = 64
    /// The input could not be read as any supported format, or is malformed (sysexits EX_DATAERR).
    public static let dataError: Int32 = 65
    /// The input file does not exist or cannot be opened (sysexits EX_NOINPUT).
    public static let noInput: Int32 = 66
    /// The output file cannot be created.
    public static let cannotCreate: Int32 = 73
}
