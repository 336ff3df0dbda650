// When a recording was made, for progress across sessions: from the export's own time
// fields, else from a date in its name, else from the file's modification time, saying which.
import Foundation
import PoseFormats
import PoseScanning

/// Where a session's date came from, most trustworthy first.
public enum SessionDateSource: String, Sendable, Hashable, CaseIterable {
    /// A time field the export carries (`recorded_at`, `creation_time`, an OpenSim header line, …).
    case metadata
    /// A date written in the file or folder name (`2026-11-10_…`, `20261110T0830…`).
    case fileName
    /// The file system's modification time: the last resort, changed by copying.
    case modificationTime
}

/// A session's date: an instant, and how it was found.
public struct SessionDate: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z. A date or time without a zone is read as UTC, so the
    /// same files date the same on every machine.
    public var secondsSince1970: Double
    /// Where the date came from.
    public var source: SessionDateSource
    /// What was read: the metadata key (`recorded_at`), the part of the name (`2026-11-10`), or `mtime`.
    public var evidence: String

    /// A date and its source.
    public init(secondsSince1970: Double, source: SessionDateSource, evidence: String) {
        self.secondsSince1970 = secondsSince1970
        self.source = source
        self.evidence = evidence
    }

    /// ISO 8601 in UTC to the second, e.g. `2026-11-10T08:30:00Z`.
    public var iso8601: String { SessionDating.iso8601(secondsSince1970) }

    /// The UTC calendar day (days since 1970-01-01): sessions on one day give no trend.
    public var day: Int { Int((secondsSince1970 / 86_400).rounded(.down)) }
}

/// Dates recordings. Each step can be called alone; `date(ofRecordingAt:)` tries them in order.
public enum SessionDating {
    /// Metadata keys read as the recording's date, compared without case, `_`, `-` or spaces.
    /// They are the names capture tools and scripts commonly write: ffmpeg/MP4 `creation_time`,
    /// `recorded_at`/`recordedAt`, `created_at`, `start_time`, `date`, `datetime`, and a top-level
    /// `timestamp` when it is a Unix time (seconds or milliseconds after 2001).
    public static let metadataKeys: Set<String> = [
        "recordedat", "recordingdate", "recordingtime", "recorded", "recordingstart", "capturedat", "capturedate",
        "capturetime", "createdat", "creationtime", "creationdate", "created", "startedat", "starttime", "startdate",
        "date", "datetime", "timestamp", "unixtime", "epoch",
    ]

    /// Objects at the top of a JSON export whose members are searched too (one level down).
    public static let metadataObjects: Set<String> = ["metadata", "meta", "info", "header", "recording", "session"]

    /// The date of a recording (a file, or an OpenPose frame folder): metadata, else the name,
    /// else the modification time; nil only when the path cannot be examined at all.
    public static func date(ofRecordingAt path: String) -> SessionDate? {
        if let d = dateFromMetadata(ofFileAt: path) { return d }
        if let d = dateFromName(ofPath: path) { return d }
        return dateFromModificationTime(ofPath: path)
    }

    // MARK: metadata

    /// A time field of the export: a JSON export's top-level members (and those of a top-level
    /// `metadata` object), or an OpenSim/Sports2D `.mot`/`.sto` header line `key=value` before
    /// `endheader`. Folders and other formats carry none.
    public static func dateFromMetadata(ofFileAt path: String) -> SessionDate? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard let firstByte = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
            return nil
        }
        if firstByte == UInt8(ascii: "{") { return dateFromJSON(path: path) }
        if let text = String(data: head, encoding: .utf8) ?? String(data: head, encoding: .isoLatin1) {
            return dateFromHeaderLines(text)
        }
        return nil
    }

    /// Scans a JSON document's top-level members (and one level into metadata objects) for a
    /// date key, skipping arrays (the frames) without building them.
    static func dateFromJSON(path: String) -> SessionDate? {
        guard let input = try? ByteInput.open(path: path) else { return nil }
        var scanner = JSONScanner(input, path: path, allowNonFinite: true)
        scanner.allowsMultipleDocuments = true
        do {
            guard try scanner.next() == .beginObject else { return nil }
            return try scanMembers(&scanner, nested: true)
        } catch {
            return nil
        }
    }

    private static func scanMembers(_ scanner: inout JSONScanner, nested: Bool) throws(FormatError) -> SessionDate? {
        while let event = try scanner.next(), event != .endObject {
            guard case .key(let key) = event, let valueStart = try scanner.next() else { return nil }
            let normalised = normalisedKey(key)
            switch valueStart {
            case .beginArray:
                try scanner.skipStructurally(after: valueStart)
            case .beginObject:
                if nested && metadataObjects.contains(normalised) {
                    if let d = try scanMembers(&scanner, nested: false) { return d }
                } else {
                    try scanner.skipStructurally(after: valueStart)
                }
            default:
                let value = try scanner.readValue(after: valueStart)
                guard metadataKeys.contains(normalised) else { continue }
                if let text = value.string, let seconds = parseISO8601(text) {
                    return SessionDate(secondsSince1970: seconds, source: .metadata, evidence: key)
                }
                if let number = value.number, let seconds = unixTime(number) {
                    return SessionDate(secondsSince1970: seconds, source: .metadata, evidence: key)
                }
            }
        }
        return nil
    }

    /// `key=value` (or `key: value`) header lines before `endheader`, as OpenSim's Storage
    /// format allows any; a `#` comment prefix is ignored.
    static func dateFromHeaderLines(_ text: String) -> SessionDate? {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.lowercased() == "endheader" { return nil }
            if line.hasPrefix("#") { line = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = String(line[..<separator]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: separator)...]).trimmingCharacters(in: .whitespaces)
            guard metadataKeys.contains(normalisedKey(key)) else { continue }
            if let seconds = parseISO8601(value) {
                return SessionDate(secondsSince1970: seconds, source: .metadata, evidence: key)
            }
            if let number = Double(value), let seconds = unixTime(number) {
                return SessionDate(secondsSince1970: seconds, source: .metadata, evidence: key)
            }
        }
        return nil
    }

    static func normalisedKey(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// A number as a Unix time: seconds from 1e9 (2001-09-09) to 1e10, or milliseconds from 1e12
    /// to 1e13. Smaller numbers are times within a recording, not dates.
    public static func unixTime(_ number: Double) -> Double? {
        guard number.isFinite else { return nil }
        if number >= 1e9 && number < 1e10 { return number }
        if number >= 1e12 && number < 1e13 { return number / 1000 }
        return nil
    }

    // MARK: names

    /// A date in the file name, or failing that in the name of the folder holding it:
    /// `YYYY-MM-DD` (or `_`, `.` between), or `YYYYMMDD`, each optionally followed by a time
    /// (`T`, `_`, `-` or a space, then `HH:MM[:SS]`, `HH-MM[-SS]`, `HHMM[SS]`). Years 1970–2099;
    /// a compact date must not be part of a longer number.
    public static func dateFromName(ofPath path: String) -> SessionDate? {
        let components = path.split(separator: "/").map(String.init)
        for component in components.reversed().prefix(2) {
            if let (seconds, text) = dateInName(component) {
                return SessionDate(secondsSince1970: seconds, source: .fileName, evidence: text)
            }
        }
        return nil
    }

    /// The first date found in `name`, and the text it was read from.
    public static func dateInName(_ name: String) -> (seconds: Double, text: String)? {
        let chars = Array(name)
        var i = 0
        while i < chars.count {
            let startsRun = chars[i].isASCIIDigit && (i == 0 || !chars[i - 1].isASCIIDigit)
            if startsRun, let (seconds, end) = date(in: chars, at: i) {
                return (seconds, String(chars[i..<end]))
            }
            i += 1
        }
        return nil
    }

    /// A date starting at `start`, with the index just past it.
    private static func date(in c: [Character], at start: Int) -> (Double, Int)? {
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var value = 0
            for k in from..<(from + count) {
                guard let d = c[k].wholeNumberValue, c[k].isASCIIDigit else { return nil }
                value = value * 10 + d
            }
            return value
        }
        func isDigit(_ k: Int) -> Bool { k < c.count && c[k].isASCIIDigit }
        guard let year = digits(start, 4), (1970...2099).contains(year) else { return nil }
        var i = start + 4
        let month: Int
        let day: Int
        let compact: Bool
        if i < c.count, "-_.".contains(c[i]) {
            let separator = c[i]
            guard let m = digits(i + 1, 2), i + 3 < c.count, c[i + 3] == separator, let d = digits(i + 4, 2),
                !isDigit(i + 6)
            else { return nil }
            (month, day, compact) = (m, d, false)
            i += 6
        } else {
            guard let m = digits(i, 2), let d = digits(i + 2, 2) else { return nil }
            (month, day, compact) = (m, d, true)
            i += 4
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var seconds = Double(daysSince1970(year: year, month: month, day: day)) * 86_400
        // A compact date glued to more digits is a time (HHMM or HHMMSS) or part of a longer number.
        if compact && isDigit(i) {
            guard let (time, end) = clock(c, at: i, separators: false) else { return nil }
            return (seconds + time, end)
        }
        if i < c.count, "T_- ".contains(c[i]), isDigit(i + 1),
            let (time, end) = clock(c, at: i + 1, separators: !compact)
        {
            seconds += time
            i = end
        }
        return (seconds, i)
    }

    /// A time of day at `start`: `HHMM[SS]`, or with `separators` also `HH:MM[:SS]` (or `-`, `.`
    /// between), as seconds, with the index just past it.
    private static func clock(_ c: [Character], at start: Int, separators: Bool) -> (Double, Int)? {
        func runEnd(_ from: Int) -> Int {
            var k = from
            while k < c.count && c[k].isASCIIDigit { k += 1 }
            return k
        }
        func value(_ from: Int, _ count: Int) -> Int? { Int(String(c[from..<(from + count)])) }
        let hourEnd = runEnd(start)
        let length = hourEnd - start
        if length == 4 || length == 6 {
            guard let h = value(start, 2), let m = value(start + 2, 2) else { return nil }
            let s = length == 6 ? value(start + 4, 2) : 0
            guard let s, h < 24, m < 60, s < 60 else { return nil }
            return (Double(h * 3600 + m * 60 + s), hourEnd)
        }
        guard separators, length == 2, hourEnd < c.count, ":-.".contains(c[hourEnd]) else { return nil }
        let separator = c[hourEnd]
        let minuteEnd = runEnd(hourEnd + 1)
        guard minuteEnd - hourEnd - 1 == 2, let h = value(start, 2), let m = value(hourEnd + 1, 2) else { return nil }
        var end = minuteEnd
        var s = 0
        if end < c.count, c[end] == separator {
            let secondEnd = runEnd(end + 1)
            if secondEnd - end - 1 == 2, let second = value(end + 1, 2) {
                s = second
                end = secondEnd
            }
        }
        guard h < 24, m < 60, s < 60 else { return nil }
        return (Double(h * 3600 + m * 60 + s), end)
    }

    // MARK: modification time

    /// The file's (or folder's) modification time.
    public static func dateFromModificationTime(ofPath path: String) -> SessionDate? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return SessionDate(
            secondsSince1970: modified.timeIntervalSince1970, source: .modificationTime, evidence: "mtime")
    }

    // MARK: calendar (proleptic Gregorian, UTC; no Foundation formatters, so output never depends on the locale)

    /// Parses `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` (or a space for `T`), optionally `Z`
    /// or `±HH:MM`/`±HHMM`. Without a zone the time is read as UTC.
    public static func parseISO8601(_ text: String) -> Double? {
        let c = Array(text.trimmingCharacters(in: .whitespaces))
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var v = 0
            for k in from..<(from + count) {
                guard c[k].isASCIIDigit, let d = c[k].wholeNumberValue else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = digits(0, 4), c.count >= 10, c[4] == "-", let month = digits(5, 2), c[7] == "-",
            let day = digits(8, 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(daysSince1970(year: year, month: month, day: day)) * 86_400
        var i = 10
        if i == c.count { return seconds }
        guard c[i] == "T" || c[i] == " " || c[i] == "t", let h = digits(i + 1, 2), i + 3 < c.count, c[i + 3] == ":",
            let m = digits(i + 4, 2),
            h < 24, m < 60
        else { return nil }
        seconds += Double(h * 3600 + m * 60)
        i += 6
        if i < c.count, c[i] == ":" {
            guard let s = digits(i + 1, 2), s < 61 else { return nil }
            seconds += Double(s)
            i += 3
            if i < c.count, c[i] == "." || c[i] == "," {
                var fraction = 0.0
                var scale = 0.1
                i += 1
                while i < c.count, c[i].isASCIIDigit, let d = c[i].wholeNumberValue {
                    fraction += Double(d) * scale
                    scale /= 10
                    i += 1
                }
                seconds += fraction
            }
        }
        if i == c.count { return seconds }
        if c[i] == "Z" || c[i] == "z" { return i + 1 == c.count ? seconds : nil }
        guard c[i] == "+" || c[i] == "-", let zh = digits(i + 1, 2) else { return nil }
        var j = i + 3
        if j < c.count, c[j] == ":" { j += 1 }
        guard let zm = digits(j, 2), j + 2 == c.count else { return nil }
        let offset = Double(zh * 3600 + zm * 60)
        return c[i] == "+" ? seconds - offset : seconds + offset
    }

    /// `2026-11-10T08:30:00Z` for a time in seconds since 1970 (UTC).
    public static func iso8601(_ secondsSince1970: Double) -> String {
        let whole = Int(secondsSince1970.rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let secondOfDay = whole - days * 86_400
        let (y, m, d) = civilDate(daysSince1970: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        return
            "\(year)-\(two(m))-\(two(d))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count from 1970-01-01 (the inverse of `daysSince1970`).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
