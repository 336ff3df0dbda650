// Batches: the recordings under some paths in a stable order, a stable split into shards for
// job arrays, and grading on several threads with results in input order.
import Dispatch
import Foundation
import PoseFormats
import Synchronization

/// One recording of a batch: its path, and the key that decides its shard (the path relative to
/// the folder argument, so every machine of a job array agrees).
public struct BatchItem: Sendable, Hashable {
    /// The file or OpenPose frame folder to grade.
    public var path: String
    /// The stable key of the recording within its folder argument.
    public var key: String
}

/// Which part of a batch one job of an array grades: shard `index` of `count`, 1-based.
public struct Shard: Sendable, Hashable {
    /// The shard, from 1 to `count`.
    public var index: Int
    /// How many shards the batch is split into.
    public var count: Int

    /// A shard, or nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// Whether the item belongs to this shard (a hash of its key that every machine computes
    /// alike).
    public func contains(_ item: BatchItem) -> Bool {
        Int(Batch.stableHash(item.key) % UInt64(count)) == index - 1
    }
}

/// Collecting and grading many recordings.
public enum Batch {
    /// The extensions a folder is searched for.
    public static let extensions: Set<String> = ["json", "jsonl", "csv", "mot", "sto", "trc"]

    /// The recordings to grade, in a stable order: files as given (a missing path is kept, to get
    /// an error row), folders searched recursively (hidden files and folders left out); a folder
    /// of numbered OpenPose frame files is one recording (its other files are graded on their
    /// own). A recording named twice, in any spelling of its path, is graded once.
    public static func collect(_ paths: [String]) -> [BatchItem] {
        var out: [BatchItem] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue else {
                out.append(BatchItem(path: p, key: p))
                continue
            }
            out += recordings(inFolder: p.hasSuffix("/") ? String(p.dropLast()) : p)
        }
        var seen: Set<String> = []
        return out.filter { seen.insert(Self.canonicalPath($0.path)).inserted }
    }

    /// The path with symbolic links, `.` and `..` resolved (as given when it does not exist).
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func recordings(inFolder base: String) -> [BatchItem] {
        let fm = FileManager.default
        var found: [String] = []
        if let e = fm.enumerator(atPath: base) {
            while let rel = e.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    // Hidden: a hidden folder (.git, .venv) is not searched either.
                    e.skipDescendants()
                    continue
                }
                if extensions.contains((rel as NSString).pathExtension.lowercased()) { found.append(rel) }
            }
        }
        var frameFiles: [String: Set<String>] = [:]
        var recordings: [BatchItem] = []
        for rel in found.sorted() {
            var d: ObjCBool = false
            guard fm.fileExists(atPath: base + "/" + rel, isDirectory: &d), !d.boolValue else { continue }
            let folder = (rel as NSString).deletingLastPathComponent
            let folderPath = folder.isEmpty ? base : base + "/" + folder
            if frameFiles[folder] == nil {
                // Two frame files at least: a lone numbered file (`openpose-74-numbers_keypoints.json`
                // beside other exports) is graded as the file it is.
                let frames = PoseReader.openPoseFrameFiles(inFolder: folderPath) ?? []
                let isRecording = frames.count >= 2
                frameFiles[folder] = isRecording ? Set(frames) : []
                if isRecording {
                    recordings.append(BatchItem(path: folderPath, key: folder.isEmpty ? "." : folder))
                }
            }
            if frameFiles[folder]?.contains((rel as NSString).lastPathComponent) != true {
                recordings.append(BatchItem(path: base + "/" + rel, key: rel))
            }
        }
        return recordings.sorted { $0.key < $1.key }
    }

    /// FNV-1a: a hash that is the same on every machine and every run.
    public static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Runs `work` for every index on `jobs` threads and hands the results to `emit` in index
    /// order, each as soon as it and every one before it are done.
    public static func run<Result: Sendable>(
        count n: Int, jobs: Int, work: @escaping @Sendable (Int) -> Result,
        emit: (Int, Result) -> Void
    ) {
        guard n > 0 else { return }
        let results = Mutex<[Result?]>(Array(repeating: nil, count: n))
        let ready = (0..<n).map { _ in DispatchSemaphore(value: 0) }
        let next = Atomic<Int>(0)
        let workers = min(max(jobs, 1), n)
        let group = DispatchGroup()
        for _ in 0..<workers {
            DispatchQueue.global(qos: .userInitiated).async(group: group) {
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < n else { return }
                    let result = work(i)
                    results.withLock { $0[i] = result }
                    ready[i].signal()
                }
            }
        }
        for i in 0..<n {
            ready[i].wait()
            let result = results.withLock { r -> Result? in
                defer { r[i] = nil }
                return r[i]
            }
            if let result { emit(i, result) }
        }
        group.wait()
    }
}
