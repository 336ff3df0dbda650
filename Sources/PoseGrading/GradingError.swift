// The one error type of grading: an input that cannot be opened, or bytes that are not a
// recording.
import PoseFormats
import PoseScanning

/// Why a recording could not be graded.
public enum GradingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path cannot be opened or read (missing, a folder without frames, unreadable).
    case input(InputError)
    /// The bytes are not a recording in a known format; carries the location.
    case format(FormatError)

    init(_ error: InputOrFormatError) {
        switch error {
        case .input(let e): self = .input(e)
        case .format(let e): self = .format(e)
        }
    }

    /// The text a person reads: the message, with the location for a format error.
    public var description: String {
        switch self {
        case .input(let e): return e.message
        case .format(let e): return e.description
        }
    }
}

#if canImport(Foundation)
import Foundation

extension GradingError: LocalizedError {
    /// The same text as `description`.
    public var errorDescription: String? { description }
}
#endif
