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
    /// The first write to standard output or to the `-o` file that failed (a full disk, a
    /// device that refuses bytes), shared by the copies of this console: the command then
    /// ends with exit 73 instead of reporting success over lost output.
    public var writeFailures = WriteFailures()
    /// A console writing through `out` and `err`, neither a terminal, with nothing to flush.
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// stdout (buffered, flushed by `flush()` and before anything goes to stderr) and stderr.
    public static let standard: Console = {
        let failures = WriteFailures()
        let out = FDWriter(fd: 1, name: "standard output", failures: failures)
        var c = Console(
            out: { out.write($0) },
            err: { s in
                out.flush()
                _ = FDWriter.writeAll(2, Array(s.utf8))
            }, flush: { out.flush() })
        c.writeFailures = failures
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
        let w = FDWriter(fd: fd, name: "'\(path)'", emptiesFileAtFirstWrite: true, failures: writeFailures)
        var c = self
        c.out = { w.write($0) }
        c.isTerminal = false
        return (
            c,
            {
                w.flush()
                w.close()
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

/// Writes a whole file (report pages); the error says why it could not be written.
func writeFile(_ path: String, _ text: String) throws(InputError) {
    let fd = try openForWriting(path)
    let writeFailure = FDWriter.writeAll(fd, Array(text.utf8))
    let closeFailure = close(fd) == 0 ? nil : errno
    if let failure = writeFailure ?? closeFailure {
        throw InputError(path: path, message: "cannot write '\(path)': \(String(cString: strerror(failure)))")
    }
}

/// The first failed write of a command's output, said at its end.
public final class WriteFailures: Sendable {
    private let first = Mutex<String?>(nil)

    /// No failure yet.
    public init() {}

    /// Keeps `message` unless a failure came before it.
    func record(_ message: String) {
        first.withLock { if $0 == nil { $0 = message } }
    }

    /// What failed first ("cannot write standard output: No space left on device"), or nil.
    public var message: String? { first.withLock { $0 } }
}

/// A buffered writer on a file descriptor; a write that fails is recorded in `failures`,
/// the bytes after it dropped.
final class FDWriter: @unchecked Sendable {
    private let fd: Int32
    /// What the descriptor is, as a message names it ("standard output", "'out.json'").
    private let name: String
    /// Whether the file is emptied before the first bytes are written to it.
    private let emptiesFileAtFirstWrite: Bool
    private let failures: WriteFailures
    private let state = Mutex<(buffer: [UInt8], wrote: Bool)>(([], false))

    init(fd: Int32, name: String, emptiesFileAtFirstWrite: Bool = false, failures: WriteFailures) {
        self.fd = fd
        self.name = name
        self.emptiesFileAtFirstWrite = emptiesFileAtFirstWrite
        self.failures = failures
    }

    /// Closes the descriptor; a file whose last bytes the system could not store says so here.
    func close() {
        if Glibc.close(fd) != 0 { failed(errno) }
    }

    private func failed(_ code: Int32) {
        failures.record("cannot write \(name): \(String(cString: strerror(code)))")
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
        if let code = Self.writeAll(fd, state.buffer) { failed(code) }
        state.buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte; the error number of a write that failed, or nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { p -> Int32? in
            guard let base = p.baseAddress else { return nil }
            var off = 0
            while off < p.count {
                let n = Glibc.write(fd, base + off, p.count - off)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return n < 0 ? errno : EIO }
                off += n
            }
            return nil
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
