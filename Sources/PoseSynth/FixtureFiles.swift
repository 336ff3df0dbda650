// The committed fixtures as files: names and contents, generated from `Scenarios.fixtures`.

public enum FixtureFiles {
    /// Coordinates with 6 decimals (about a thousandth of a pixel), as real exports round.
    static let options = MediaPipeExport.Options(shape: .wrapped, decimals: 6)

    /// Relative path (under `Fixtures/`) → file contents.
    public static func all() -> [(path: String, contents: String)] {
        var out: [(String, String)] = []
        for f in Scenarios.fixtures {
            out.append(("mediapipe/\(f.name).json", MediaPipeExport.json(f.recording, options: options)))
            var csvOptions = options
            csvOptions.includeWorld = false
            out.append(("mediapipe/\(f.name).csv", MediaPipeExport.csv(f.recording, options: csvOptions)))
        }
        return out
    }
}
