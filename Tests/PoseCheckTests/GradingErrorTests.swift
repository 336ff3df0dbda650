// Errors read as a person reads them: `description` and `localizedDescription` give the message
// with its location, never `input(…)`.
import Foundation
import PoseCheck
import PoseSynth
import Testing

struct GradingErrorTests {
    @Test func missingFileReadsAsAMessage() {
        do {
            _ = try Grading.grade(path: "/nonexistent/session.json", options: GradingOptions(spec: .scissorStance))
            Issue.record("a missing file was graded")
        } catch {
            #expect(error.description == "cannot open '/nonexistent/session.json': No such file or directory")
            #expect((error as any Error).localizedDescription == error.description)
            #expect("\(error)" == error.description)
        }
    }

    @Test func malformedFileCarriesItsLocation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grading-error-\(ProcessInfo.processInfo.processIdentifier).json"
        ).path
        try "{\"frames\": [}".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Grading.grade(path: path, options: GradingOptions(spec: .scissorStance))
            Issue.record("a malformed file was graded")
        } catch {
            guard case .format(let e) = error else {
                Issue.record("expected a format error, got \(error)")
                return
            }
            #expect(e.location?.line == 1)
            #expect(error.description.hasPrefix(path + ":1:"))
            #expect(error.localizedDescription == error.description)
        }
    }
}
