// The library grades exactly like `posecheck check`: every fixture, graded through
// `Grading.grade` and rendered with the JSON writer, equals the CLI's `--output json`.
import Foundation
import PoseCheck
import PoseSynth
import Testing

@testable import PoseCheckCLI

struct LibraryParityTests {
    /// Every fixture recording: the files of mediapipe, formats and angles, and the OpenPose
    /// frame folders of formats.
    static let fixtures: [String] = {
        let fm = FileManager.default
        var paths: [String] = []
        for folder in ["mediapipe", "formats", "angles"] {
            let base = PackagePaths.fixtures + "/" + folder
            let names = (try? fm.contentsOfDirectory(atPath: base)) ?? []
            paths += names.filter { !$0.hasPrefix(".") }.map { folder + "/" + $0 }
        }
        return paths.sorted()
    }()

    static func stretch(for path: String) -> StretchSpec {
        let name = (path as NSString).lastPathComponent
        return StretchSpec.builtins.first { name.hasPrefix($0.id) } ?? .scissorStance
    }

    /// The CLI's output without the flag hints it adds to the library's reasons (with the
    /// settings the library names by their Swift names reworded as flags, the only difference
    /// allowed).
    static func withoutCommandLineHints(_ output: String) -> String {
        output.replacingOccurrences(of: ": pass --fps N", with: "")
            .replacingOccurrences(of: ": pass --image-size WxH", with: "")
            .replacingOccurrences(of: "; pass --front left|right", with: "")
            .replacingOccurrences(of: "; pass --front to set it", with: "")
            .replacingOccurrences(of: ": pass --front left|right", with: "")
            .replacingOccurrences(of: "from --image-size", with: "from an option")
            .replacingOccurrences(of: " (--smooth none to turn off)", with: "")
    }

    @Test func everyFixtureFolderIsCovered() {
        #expect(Self.fixtures.count >= 80)
    }

    @Test("library JSON equals CLI JSON", arguments: fixtures)
    func libraryEqualsCLI(_ relative: String) throws {
        let path = PackagePaths.fixtures + "/" + relative
        let spec = Self.stretch(for: relative)
        let cli = runCLI(["check", path, "--stretch", spec.id, "--output", "json"])

        var writer = JSONResultWriter()
        var library = ""
        do {
            let graded = try Grading.grade(
                path: path, options: GradingOptions(spec: spec),
                begin: { context in
                    library += writer.begin(
                        ReportContext(
                            path: context.path, info: context.info, spec: context.spec, front: context.front,
                            frameCount: context.frameCount, includeFrames: true))
                },
                frame: { pose, result in
                    library += writer.frame(result, pose: pose)
                })
            library += writer.end(graded.summary)
        } catch {
            #expect(cli.code == 65 || cli.code == 66, "the library failed (\(error)) where the CLI did not")
            #expect(cli.err.contains(error.description))
            return
        }
        #expect(cli.code == 0 || cli.code == 1, "\(cli.err)")
        #expect(commandLineWording(library) == Self.withoutCommandLineHints(cli.out))
        #expect(library.contains("pass --f") == false && library.contains("(--smooth none") == false)
        #expect(library.contains(" --") == false, "a flag in the library's output")
    }

    @Test(
        "library summary equals the CLI's one-pass summary", arguments: fixtures.filter { $0.hasPrefix("mediapipe/") })
    func onePassSummaryEqualsCLI(_ relative: String) throws {
        let path = PackagePaths.fixtures + "/" + relative
        let spec = Self.stretch(for: relative)
        let graded = try Grading.grade(path: path, options: GradingOptions(spec: spec))
        let cli = runCLI(["check", path, "--stretch", spec.id, "--output", "json"])
        let doc = try parseJSON(cli.out)
        #expect(doc["summary"]?["verdict"]?.string == graded.summary.verdict.rawValue)
        #expect(doc["frontSide"]?.string == graded.context.front.side?.rawValue)
    }
}
