// The names a frame's number and time go by, in every format: a CSV column's header or a JSON
// member's key. One vocabulary, so that a file's times are read the same whatever its format.

import PoseModel

/// What a frame's field holds, told by its name: the frame's number, or its time in the unit
/// the name states.
enum TimeColumn: Equatable, Sendable {
    /// The frame's number.
    case frame
    /// The frame's time, `unitsPerSecond` to the second.
    case time(unitsPerSecond: Double)
    /// A time whose name does not say its unit (`timestamp`): exports write seconds,
    /// milliseconds and microseconds under it, so it is read only in a unit the caller gives
    /// (`field(_:unit:what:)`, `ReadOptions.timeUnit`).
    case unitless

    static let seconds = TimeColumn.time(unitsPerSecond: 1)
    static let milliseconds = TimeColumn.time(unitsPerSecond: 1000)
    static let microseconds = TimeColumn.time(unitsPerSecond: 1_000_000)

    /// Every name, spelt as JSON writes it (a JSON key must match exactly; a CSV header matches
    /// with its letter case ignored). The usual ones first: a reader may try them in order.
    static let names: [(name: StaticString, column: TimeColumn)] = [
        ("frame", .frame), ("timestamp_ms", .milliseconds), ("time", .seconds), ("frame_index", .frame),
        ("frame_number", .frame), ("frameIndex", .frame), ("timestampMs", .milliseconds),
        ("time_ms", .milliseconds), ("time_s", .seconds), ("timestamp_s", .seconds), ("t", .seconds),
        ("frame_idx", .frame), ("frame#", .frame), ("frameNumber", .frame), ("frame_no", .frame),
        ("frame_num", .frame), ("frame_id", .frame), ("seconds", .seconds), ("time_sec", .seconds),
        ("time_seconds", .seconds), ("timestamp_sec", .seconds), ("t_s", .seconds), ("t_sec", .seconds),
        ("ms", .milliseconds), ("t_ms", .milliseconds), ("msec", .milliseconds), ("time_msec", .milliseconds),
        ("timestamp_msec", .milliseconds), ("timeMs", .milliseconds), ("milliseconds", .milliseconds),
        ("timestamp_us", .microseconds), ("timestamp_usec", .microseconds), ("time_us", .microseconds),
        ("time_usec", .microseconds), ("t_us", .microseconds), ("usec", .microseconds),
        ("microseconds", .microseconds), ("timestamp", .unitless), ("Timestamp", .unitless),
    ]

    private static let byLowercasedName: [String: TimeColumn] = Dictionary(
        names.map { ($0.name.description.lowercased(), $0.column) }, uniquingKeysWith: { first, _ in first })

    /// The units to the second of a time whose name says them; nil for a frame number or a
    /// unitless time.
    var unitsPerSecond: Double? {
        if case .time(let units) = self { return units }
        return nil
    }

    /// The field a header or key names (letter case ignored); nil for any other name.
    init?(label: String) {
        guard let column = Self.byLowercasedName[label.lowercased()] else { return nil }
        self = column
    }

    /// The field named `label` (letter case ignored; nil for any other name), a time whose name
    /// does not say its unit read in `unit` when given (else `.unitless`, not read), and the
    /// note that says which for such a time (`what` it is: a column, a key).
    static func field(_ label: String, unit: TimeUnit?, what: String = "column") -> (
        column: TimeColumn, note: String?
    )? {
        guard let column = TimeColumn(label: label) else { return nil }
        guard column == .unitless else { return (column, nil) }
        return (column.reading(unit), unitlessNote(label, unit: unit, what: what))
    }

    /// The field as read with `unit` for a time whose name does not say its unit (itself when
    /// there is none, or for any other field): for a frame's fields, where the note was said once.
    func reading(_ unit: TimeUnit?) -> TimeColumn {
        guard self == .unitless, let unit else { return self }
        return .time(unitsPerSecond: unit.unitsPerSecond)
    }

    /// What is said of a unitless time field named `label` (`what` it is), read in `unit` or not.
    static func unitlessNote(_ label: String, unit: TimeUnit?, what: String) -> String {
        guard let unit else {
            return "\(what) \"\(label)\"\(unreadUnitless); ReadOptions.timeUnit = s, ms or us reads it"
        }
        return "\(what) \"\(label)\" read in \(unit.name) (ReadOptions.timeUnit)"
    }

    /// What `unitlessNote` says after the name of a field it did not read.
    static let unreadUnitless = " not read: its name does not say the unit of its times"
}

extension RecordingInfo {
    /// The name of a time field that was not read because its name does not say its unit
    /// (`timestamp`: `ReadOptions.timeUnit` reads it), as the notes say; nil when there is none.
    package var unreadUnitlessTimeField: String? {
        for note in notes {
            guard let end = note.range(of: "\"" + TimeColumn.unreadUnitless)?.lowerBound,
                let open = note[..<end].lastIndex(of: "\"")
            else { continue }
            return String(note[note.index(after: open)..<end])
        }
        return nil
    }
}

/// A CSV header's frame-number and time columns (`TimeColumn`), as every CSV reader takes them.
struct FrameTimeColumns: Sendable {
    /// The frame-number column and the time column (-1 where there is none), and the time's
    /// units to the second.
    var frame = -1
    var time = -1
    var unitsPerSecond = 1.0
    /// What was said of a time column whose name does not say its unit.
    var note: String?

    /// Takes the header cell `name` at `column` when it names a frame number or a time (one
    /// whose name does not say its unit read in `unit`, else noted and not read); false for any
    /// other name.
    mutating func take(_ name: String, column: Int, unit: TimeUnit?) -> Bool {
        guard let (kind, said) = TimeColumn.field(name, unit: unit) else { return false }
        note = said ?? note
        switch kind {
        case .frame: frame = column
        case .time(let units):
            time = column
            unitsPerSecond = units
        case .unitless: break
        }
        return true
    }
}

/// The unit of a time field whose name does not say it, such as `timestamp`
/// (`ReadOptions.timeUnit`): exports write seconds, milliseconds and microseconds under it.
public enum TimeUnit: String, Sendable, CaseIterable {
    case seconds = "s", milliseconds = "ms", microseconds = "us"

    /// How many of the unit make a second.
    public var unitsPerSecond: Double {
        switch self {
        case .seconds: return 1
        case .milliseconds: return 1000
        case .microseconds: return 1_000_000
        }
    }

    /// The unit in words: seconds, milliseconds, microseconds.
    public var name: String {
        switch self {
        case .seconds: return "seconds"
        case .milliseconds: return "milliseconds"
        case .microseconds: return "microseconds"
        }
    }
}
