// Real exports of real people (fetched by Tests/RealData/fetch-real-data.sh, never committed):
// what share of each check the camera lets us decide, and how well the frame score separates a
// lunge-like pose (warrior II) from other poses. Skips, saying so, when the data is absent.
import Foundation
import PoseCheck
import PoseScanning
import PoseSynth
import Testing

enum RealPhotos {
    static let root = ProcessInfo.processInfo.environment["POSECHECK_REAL_DATA"] ?? PackagePaths.root + "/.real-data"
    static let kit = root + "/pose-classification-kit-1.1.5/openpose"
    static let missing = "real-data corpus absent: run Tests/RealData/fetch-real-data.sh"

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Each frame of a folder of photos graded alone, as a single image.
    static func photos(_ pose: String, spec: StretchSpec) throws -> [FrameResult] {
        let recording = try PoseReader.readRecording(path: kit + "/" + pose)
        return recording.frames.map { frame in
            let single = Recording(info: recording.info, frames: [frame])
            return Evaluator.evaluate(single, spec: spec).frames[0]
        }
    }

    /// The probability that a random positive scores above a random negative (ties count half).
    static func auc(positives: [Double], negatives: [Double]) -> Double {
        var wins = 0.0
        for p in positives {
            for n in negatives { wins += p > n ? 1 : p == n ? 0.5 : 0 }
        }
        return wins / Double(positives.count * negatives.count)
    }
}

struct RealDataTests {
    static let lungeLike = ["Yoga_Warrior2_left", "Yoga_Warrior2_right"]
    static let others = ["Stand", "Squat", "Seated", "Yoga_Tree_left", "T", "Plank", "Yoga_UpwardSalute"]

    /// Warrior II against seven other poses, photo by photo, graded as the scissor-stance lunge.
    @Test(.enabled(if: RealPhotos.exists(RealPhotos.kit), "\(RealPhotos.missing)"))
    func lungeLikePhotosAreMeasuredAndSeparated() throws {
        let spec = StretchSpec.scissorStance
        var report = "pose: frames, front knee decided, in form, median score (none = not assessable)\n"
        var positives: [Double] = []
        var negatives: [Double] = []
        var scoredPositives: [Double] = []
        var scoredNegatives: [Double] = []
        var warriorKneeDecided = 0
        var warriorFrames = 0
        var othersInForm = 0
        for pose in Self.lungeLike + Self.others {
            let results = try RealPhotos.photos(pose, spec: spec)
            let knee = results.filter { $0.checks.first { $0.check == .frontKneeFlexion }?.status != .notAssessable }
                .count
            let inForm = results.filter { $0.status == .inForm }.count
            let scores = results.map { $0.score ?? 0 }
            let scored = results.compactMap(\.score)
            let median = scores.sorted()[scores.count / 2]
            report +=
                "  \(pose): \(results.count), knee \(knee), in form \(inForm), median \(formatNumber(median, digits: 1))\n"
            if Self.lungeLike.contains(pose) {
                var reasons: [String: Int] = [:]
                for r in results {
                    if let c = r.checks.first(where: { $0.check == .frontKneeFlexion }), c.status == .notAssessable {
                        reasons[
                            c.reason.map { "\($0)" }?.replacingOccurrences(
                                of: #"[0-9]+"#, with: "N", options: .regularExpression) ?? "?", default: 0] += 1
                    }
                }
                report +=
                    "    front knee not decided: \(reasons.sorted { $0.value > $1.value }.prefix(4).map { "\($0.value)× \($0.key)" }.joined(separator: "; "))\n"
                positives += scores
                scoredPositives += scored
                warriorKneeDecided += knee
                warriorFrames += results.count
            } else {
                negatives += scores
                scoredNegatives += scored
                othersInForm += inForm
            }
        }
        let auc = RealPhotos.auc(positives: positives, negatives: negatives)
        let scoredAUC = RealPhotos.auc(positives: scoredPositives, negatives: scoredNegatives)
        report +=
            "AUC \(formatNumber(auc, digits: 3)) (not assessable as 0), \(formatNumber(scoredAUC, digits: 3)) over scored frames "
        report +=
            "(\(scoredPositives.count) and \(scoredNegatives.count)); warrior II front knee decided on \(warriorKneeDecided) of \(warriorFrames)"
        print(report)
        // Floors at the figures measured on this corpus (PoseCheck docs, "What the camera can see", "Measured on real exports"):
        // a not-assessable photo has no score, so the separation is over scored photos.
        #expect(scoredAUC >= 0.95, "\(report)")
        #expect(othersInForm == 0, "\(report)")
        // Issue 19 asks for 80% of warrior II photos; this corpus gives 83.0% (860 of 1,036).
        #expect(Double(warriorKneeDecided) >= 0.8 * Double(warriorFrames), "\(report)")
    }
}

/// The MediaPipe exports of the Pose2Sim and Sports2D demo videos (PoseCheck docs, "Measured on real
/// exports"): the share of frames with a person on which each check was decided, per stretch,
/// and each recording's mean frame score. Prints; run with `POSECHECK_SWEEP=1`.
struct RealExportShares {
    static let folder = RealPhotos.root + "/mediapipe"

    @Test(.enabled(if: RealPhotos.exists(folder) && ProcessInfo.processInfo.environment["POSECHECK_SWEEP"] == "1"))
    func decidedShares() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".world.json") && !$0.hasPrefix("skimage") }.sorted()
        for spec in StretchSpec.builtins {
            var decided: [CheckID: Int] = [:]
            var frames = 0
            var means: [String] = []
            for name in files {
                let recording = try PoseReader.readRecording(path: Self.folder + "/" + name)
                let result = Evaluator.evaluate(recording, spec: spec)
                var scores: [Double] = []
                var kneeDecided = 0
                var withPerson = 0
                for f in result.frames where !f.issues.contains(where: \.isFrameWide) {
                    withPerson += 1
                    for c in f.checks where c.status != .notAssessable { decided[c.check, default: 0] += 1 }
                    if f.checks.contains(where: { $0.check == .frontKneeFlexion && $0.status != .notAssessable }) {
                        kneeDecided += 1
                    }
                    if let s = f.score { scores.append(s) }
                }
                frames += withPerson
                let mean = scores.isEmpty ? "none" : formatNumber(scores.reduce(0, +) / Double(scores.count), digits: 0)
                means.append("\(name): \(withPerson) frames, front knee \(kneeDecided), mean score \(mean)")
            }
            print(
                "\(spec.id): \(frames) frames with a person; decided: "
                    + spec.checks.map {
                        "\($0.id) \(formatNumber(100 * Double(decided[$0.id] ?? 0) / Double(max(1, frames)), digits: 1))%"
                    }.joined(separator: ", "))
            for m in means { print("  " + m) }
        }
    }
}
