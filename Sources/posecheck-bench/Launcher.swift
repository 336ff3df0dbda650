// The benchmark's child processes, started by a small process forked before anything is
// generated.
//
// A forked child holds its parent's resident pages until it calls exec, and Linux counts them
// in the child's peak (`ru_maxrss`). Forked from the benchmark once it has generated its files,
// every child's peak would read at least the benchmark's own: 76 MB at 100,000 frames, against
// posecheck's 24 MB. (glibc's posix_spawn is no way out: it shares the parent's memory until the
// exec, which Linux also counts.) The launcher is forked first, while the benchmark is a few
// megabytes and has no other thread, and forks every measured child from there.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One child process's wall time, peak resident memory and output.
struct Run {
    var seconds: Double
    var peakMB: Double
    var status: Int32
    var output: String
}

/// Runs commands in child processes of a launcher forked when it is made; make it before the
/// benchmark allocates anything large.
final class Launcher {
    private let requests: Int32
    private let replies: Int32

    init() {
        var toLauncher: [Int32] = [0, 0]
        var fromLauncher: [Int32] = [0, 0]
        guard pipe(&toLauncher) == 0, pipe(&fromLauncher) == 0 else { fatalError("pipe: errno \(errno)") }
        let pid = fork()
        guard pid >= 0 else { fatalError("fork: errno \(errno)") }
        if pid == 0 {
            close(toLauncher[1])
            close(fromLauncher[0])
            Self.serve(requests: toLauncher[0], replies: fromLauncher[1])
        }
        close(toLauncher[0])
        close(fromLauncher[1])
        requests = toLauncher[1]
        replies = fromLauncher[0]
    }

    deinit {
        close(requests)
        close(replies)
    }

    /// Runs `argv` to completion, its standard output and error in one file, and measures it.
    func run(_ argv: [String]) throws -> Run {
        let outPath = NSTemporaryDirectory() + "posecheck-bench-out-\(getpid())"
        var request: [UInt8] = []
        for text in [outPath] + argv {
            request += Array(text.utf8) + [0]
        }
        let length = UInt32(request.count)
        guard
            withUnsafeBytes(of: length, { Self.write(requests, $0) }),
            request.withUnsafeBytes({ Self.write(requests, $0) })
        else { throw NSError(domain: "launcher", code: Int(errno)) }
        var reply = Reply()
        guard withUnsafeMutableBytes(of: &reply, { Self.read(replies, $0) }) else {
            throw NSError(domain: "launcher", code: Int(errno))
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outPath)
        return Run(
            seconds: reply.seconds, peakMB: Double(reply.peakKB) / 1024, status: Int32(reply.status), output: output)
    }

    /// What the launcher sends back for a run.
    private struct Reply {
        var seconds = 0.0
        var peakKB: Int64 = 0
        var status: Int64 = 0
    }

    /// The launcher's loop: a request is a length and NUL-terminated strings (the output file,
    /// then the arguments); the reply is the wall time, the peak in KB and the exit status (128 +
    /// the signal for a signalled child). Ends when the benchmark closes its end.
    private static func serve(requests: Int32, replies: Int32) -> Never {
        while true {
            var length: UInt32 = 0
            guard withUnsafeMutableBytes(of: &length, { read(requests, $0) }) else { _exit(0) }
            var request = [UInt8](repeating: 0, count: Int(length))
            guard request.withUnsafeMutableBytes({ read(requests, $0) }) else { _exit(0) }
            // Made before the fork: between fork and exec the child only calls open, dup2,
            // execv and _exit.
            var strings = request.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
                strdup(String(decoding: $0, as: UTF8.self))
            }
            let outPath = strings.removeFirst()
            var argv = strings + [nil]
            let start = ContinuousClock.now
            let pid = fork()
            if pid == 0 {
                let fd = open(outPath!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if fd < 0 { _exit(127) }
                dup2(fd, 1)
                dup2(fd, 2)
                execv(argv[0]!, &argv)
                _exit(127)
            }
            var status: Int32 = 0
            var usage = rusage()
            if pid > 0 {
                while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
            } else {
                status = 127 << 8
            }
            let d = ContinuousClock.now - start
            free(outPath)
            for s in argv { free(s) }
            let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let reply = Reply(
                seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
                peakKB: Int64(usage.ru_maxrss), status: Int64(exit))
            guard withUnsafeBytes(of: reply, { write(replies, $0) }) else { _exit(0) }
        }
    }

    /// Writes all of `bytes`; false on an error.
    private static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        moveAll(bytes.count) { done in Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done) }
    }

    /// Reads exactly `bytes.count` bytes; false at the end of input or on an error.
    private static func read(_ fd: Int32, _ bytes: UnsafeMutableRawBufferPointer) -> Bool {
        moveAll(bytes.count) { done in Glibc.read(fd, bytes.baseAddress! + done, bytes.count - done) }
    }

    /// Calls `step` (a read or a write of the bytes from `done` on, giving how many it moved)
    /// until `count` bytes have moved, again after an interrupted call; false at the end of
    /// input or on an error.
    private static func moveAll(_ count: Int, _ step: (_ done: Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let n = step(done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
