// The committed fixtures as files: names and contents, generated from `Scenarios.fixtures`.
import PoseFormats

/// The committed fixtures in `Fixtures/`, regenerated from `Scenarios.fixtures`; a test fails when
/// the committed files differ.
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
            for (suffix, o) in variants {
                out.append(("angles/\(f.name).\(suffix)", AngleExport.openSim(f.recording, name: f.name, options: o)))
            }
        }
        return out + formatFixtures()
    }

    /// One recording (the scissor stance in form, 1 s at 10 fps, left leg in front) in every
    /// keypoint format and layout, under `formats/`: the cross-format tests compare them with
    /// its MediaPipe JSON, `formats/mediapipe.json`.
    public static func formatFixtures() -> [(path: String, contents: String)] {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1, fps: 10)
        var out: [(String, String)] = [
            ("mediapipe.json", MediaPipeExport.json(r)),
            ("mediapipe.jsonl", MediaPipeExport.json(r, options: .init(shape: .lines))),
            ("mediapipe-long.csv", KeypointExport.longCSV(r, byName: false)),
            ("coco-dataset.json", KeypointExport.coco(r, results: false)),
            ("coco-results.json", KeypointExport.coco(r, results: true)),
            ("tfjs.json", KeypointExport.tfjs(r)),
            ("movenet.json", KeypointExport.moveNet(r)),
            ("apple-vision.json", KeypointExport.appleVision(r)),
            ("azure-kinect.json", KeypointExport.azureKinect(r)),
            ("kinect-v2.csv", KeypointExport.kinectV2CSV(r)),
            ("markers.trc", KeypointExport.trc(r, pixels: false)),
            ("markers_px.trc", KeypointExport.trc(r, pixels: true)),
        ]
        for layout in KeypointExport.MediaPipeCSVLayout.allCases {
            out.append(
                (
                    "mediapipe-\(String(layout.rawValue.map { $0 == "_" ? "-" : $0 })).csv",
                    KeypointExport.mediaPipeCSV(r, layout: layout)
                ))
        }
        for layout in [KeypointLayout.body25, .body25B, .coco18, .halpe26, .mediapipe33, .coco17] {
            for f in KeypointExport.openPose(r, layout: layout) {
                out.append(("openpose-\(layout.id)/\(f.name)", f.contents))
            }
        }
        return out.map { ("formats/" + $0.0, $0.1) }
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
