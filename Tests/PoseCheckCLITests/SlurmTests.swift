// The README's cluster example, run for real: its Slurm array script is submitted over the
// fixture corpus, then `posecheck merge` of the shards must equal one `posecheck grade` run.
// Needs a running Slurm (`.ci/slurm-up` starts a single-node one); skips, saying so, without.
import Foundation
import PoseSynth
import Testing

struct SlurmTests {
    static func shell(_ command: String, in folder: String? = nil) -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        if let folder { p.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let clusterUp: Bool = {
        let states = shell("sinfo -h -o %T 2>/dev/null").out
        return ["idle", "mixed", "alloc"].contains { states.contains($0) }
    }()

    /// The README's `#SBATCH --array` script.
    static func readmeScript() throws -> String {
        let readme = try String(contentsOfFile: PackagePaths.root + "/README.md", encoding: .utf8)
        let blocks = readme.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        return try #require(blocks.first { $0.contains("#SBATCH --array") })
    }

    @Test(
        .enabled(
            if: EndToEndTests.available && clusterUp, "no Slurm cluster is running here (start one with .ci/slurm-up)"))
    func arrayScriptMergesToOneGradeRun() throws {
        let corpus = PackagePaths.fixtures + "/mediapipe"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-slurm-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = try Self.readmeScript()
            .replacingOccurrences(of: "posecheck grade /data/clinic", with: EndToEndTests.binary + " grade " + corpus)
        #expect(script.contains("--shard ${SLURM_ARRAY_TASK_ID}/8"))
        try script.write(toFile: folder + "/grade.sh", atomically: true, encoding: .utf8)

        let single = try EndToEndTests.run(["grade", corpus, "--stretch", "2", "--output", "json"])
        // `sbatch --wait` exits with the array's highest exit code: grade's, since exit codes
        // grow with how serious the worst recording is.
        let submitted = Self.shell(
            "sbatch --wait --chdir=\(folder) --output=\(folder)/slurm-%A_%a.out grade.sh", in: folder)
        #expect(submitted.status == single.0, "sbatch: \(submitted.out)")
        let shards = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasPrefix("shard-") && $0.hasSuffix(".jsonl")
        }
        #expect(shards.count == 8)

        // After the array, as the README says: posecheck merge shard-*.jsonl --output json
        let merged = try EndToEndTests.run(
            ["merge"] + shards.sorted().map { folder + "/" + $0 } + ["--output", "json"])
        #expect(merged.0 == single.0)
        #expect(!single.1.isEmpty)
        #expect(merged.1 == single.1)
    }
}
