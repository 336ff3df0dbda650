// Notes and errors name a reading setting by its Swift name ("ReadOptions.skeleton = body-25
// overrides it"), so that a library user knows what to set; a front end rewords them as its own
// options (the command line: "--skeleton body-25 overrides it").

extension ReadOptions {
    /// `RecordingInfo.timeSource` when frame times come from `frameRate`, not from the file.
    public static let frameRateSource = "ReadOptions.frameRate"
}
