// Notes and errors name a reading setting by its Swift name ("ReadOptions.skeleton = body-25
// overrides it"), so that a library user knows what to set; a front end rewords them as its own
// options (the command line: "--skeleton body-25 overrides it").

import PoseScanning

extension ReadOptions {
    /// `RecordingInfo.timeSource` when frame times come from `frameRate`, not from the file.
    public static let frameRateSource = "ReadOptions.frameRate"
    /// `RecordingInfo.timeSource` when frame times come from the file's frame rate.
    public static let fileFrameRateSource = "fps from the file"

    /// The frame rate a reader uses and where it comes from: `frameRate` when given (noted
    /// when it replaces another in the file), else the file's.
    func frameRate(fromFile file: Double?, notes: inout [String]) -> (rate: Double?, source: String?) {
        guard let given = frameRate else { return (file, file.map { _ in Self.fileFrameRateSource }) }
        if let file, file != given {
            notes.append(
                "the file's \(JSONWriter.format(file)) fps replaced by \(Self.frameRateSource) = \(JSONWriter.format(given))"
            )
        }
        return (given, Self.frameRateSource)
    }
}
