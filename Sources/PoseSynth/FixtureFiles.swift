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
        for f in Scenarios.fixtures where angleFixtures.contains(f.name) {
            for (suffix, contents) in angleExports(f) { out.append(("angles/\(f.name).\(suffix)", contents)) }
        }
        if let f = Scenarios.fixtures.first(where: { $0.name == "scissor-stance-in-form" }) {
            let variants: [(String, AngleExport.OpenSimOptions)] = [
                ("legacy-gait2392.mot", .init(header: .legacySIMM, negativeKnee: true)),
                ("radians.sto", .init(radians: true)),
                ("negative-knee.mot", .init(negativeKnee: true)),
                ("trailing-tabs.mot", .init(trailingTabs: true)),
            ]
            for (suffix, o) in variants { out.append(("angles/\(f.name).\(suffix)", AngleExport.openSim(f.recording, name: f.name, options: o))) }
        }
        return out
    }

    /// The keypoint fixtures also committed as angle exports.
    static let angleFixtures: Set<String> = [
        "scissor-stance-in-form", "hands-down-lunge-in-form", "reach-up-twist-in-form",
        "scissor-stance-bad-back-hip-extension", "reach-up-twist-bad-arm-line",
    ]

    /// A fixture in every angle format: file suffix → contents.
    public static func angleExports(_ f: Scenarios.Fixture) -> [(suffix: String, contents: String)] {
        [
            ("opensim.mot", AngleExport.openSim(f.recording, name: f.name)),
            ("sports2d.mot", AngleExport.sports2D(f.recording)),
            ("angles.csv", AngleExport.genericCSV(f.recording, front: f.front)),
            ("angles.json", AngleExport.genericJSON(f.recording, front: f.front)),
        ]
    }
}
