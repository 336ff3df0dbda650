// MediaPipe pose exports as JSON, as people write them from the Python or Tasks API.
//
// Accepted shapes:
// - a list of frames: `[{"pose_landmarks": [...]}, ...]`, or a list of landmark lists;
// - an object whose member holds the list of frames (`"frames"`, or any name: the list is
//   recognised by its frames), beside metadata: `image_width`, `image_height`, `fps` are read,
//   anything else (`format`, `tool`, `label`, a `landmark_names` list) is skipped and listed;
// - JSON Lines: one frame object per line (or a single frame object), after an optional
//   metadata line (one without landmarks or frame keys).
// A frame holds 33 landmarks `{x, y, z, visibility[, presence]}` (or lists `[x, y, z, visibility]`,
// z and visibility optional) under `pose_landmarks` or
// `landmarks` (Tasks: a list per pose, `[[...]]`; protobuf dicts: `{"landmark": [...]}`),
// optional world landmarks under `pose_world_landmarks` / `world_landmarks` / `worldLandmarks`,
// optional `timestamp_ms` / `time_s`, `frame`, `image_width` / `image_height`.
// Undetected frames hold an empty list or null, or are null: they are flagged `no_person`.
// Unknown keys at any level (a landmark's `name`, `id`, `index`; a frame's `detected`,
// `person_id`, `bbox`) are skipped and listed once in the notes.
//
// Frames are read from scanner events into fixed buffers: no JSON tree, no per-frame allocation
// beyond the frame itself.
import PoseModel
import PoseScanning

package struct MediaPipeJSONReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var scanner: JSONScanner
    private let options: ReadOptions
    private let path: String
    private var numbering = FrameNumbering()
    private var pending: PoseFrame?
    private var finished = false
    private var fileSize: ImageSize?
    private var fileFrameRate: Double?
    private var multiPoseNoted = false
    private var skippedKeys: [String] = []
    private var raw = RawFrame()
    /// Landmarks the checks need (the others are validated, not converted).
    private let wanted: [Bool]
    private static let blank = RawFrame()

    /// What a frame key holds.
    enum FrameKey { case number, timeMilliseconds, timeSeconds, image, world }
    /// The frame keys the reader knows, each spelling once: the event reader and the fast path
    /// both read this table.
    static let frameKeys: [(name: StaticString, key: FrameKey)] = [
        ("frame", .number), ("frame_index", .number), ("frame_number", .number), ("frameIndex", .number),
        ("index", .number),
        ("timestamp_ms", .timeMilliseconds), ("timestampMs", .timeMilliseconds), ("time_ms", .timeMilliseconds),
        ("time_s", .timeSeconds), ("time", .timeSeconds), ("timestamp_s", .timeSeconds), ("t", .timeSeconds),
        ("pose_landmarks", .image), ("landmarks", .image), ("poseLandmarks", .image),
        ("pose_world_landmarks", .world), ("world_landmarks", .world), ("worldLandmarks", .world),
        ("poseWorldLandmarks", .world),
    ]
    static let frameKeysByName: [String: FrameKey] = Dictionary(
        uniqueKeysWithValues: frameKeys.map { ($0.name.description, $0.key) })
    static let landmarkKeys = Set(frameKeys.filter { $0.key == .image }.map(\.name.description))
    static let worldKeys = Set(frameKeys.filter { $0.key == .world }.map(\.name.description))

    private enum Shape { case list, wrapped, lines }

    /// One landmark as read: numbers or what was wrong with them.
    struct RawLandmark {
        var x: Double?, y: Double?, z: Double?
        var visibility: Double?, presence: Double?
        var nonFinite = false
        var notAnObject = false
    }

    /// One pose's landmarks as read.
    struct RawPose {
        var present = false  // the key was there and held a list
        var count = 0  // landmarks in the list
        var landmarks = Array(repeating: RawLandmark(), count: 33)
        var wrongType: String?  // the value was not a list
        var extraPoses = 0  // Tasks API: further non-empty poses

        mutating func reset() {
            present = false
            count = 0
            wrongType = nil
            extraPoses = 0
        }
    }

    /// One frame as read, before conversion to canonical coordinates.
    struct RawFrame {
        var line = 1
        var number: Int?
        var numberIssue: FrameIssue?
        var time: Double?
        var timeIssue: FrameIssue?
        var size: ImageSize?
        var sawLandmarkKey = false
        /// `null` in place of a frame: nothing detected.
        var undetected = false
        var notAFrame: String?
        var image = RawPose()
        var world = RawPose()

        mutating func reset(line: Int) {
            self.line = line
            number = nil
            numberIssue = nil
            time = nil
            timeIssue = nil
            size = nil
            sawLandmarkKey = false
            undetected = false
            notAFrame = nil
            image.reset()
            world.reset()
        }
    }

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        self.path = path
        let joints = options.joints
        wanted = (0..<33).map { i in Joint(rawValue: i).map { joints?.contains($0) ?? true } ?? false }
        // Prescan: the shape, and document-level metadata, which may come before or after the
        // frames. The frames are the member whose list holds frames (by shape, whatever its
        // name); other members are metadata, read when they give a size or a rate, else listed.
        var pre = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        pre.allowsMultipleDocuments = true
        guard let first = try pre.next() else { throw pre.error("empty_input", "the file is empty") }
        var shape: Shape = .list
        var framesKey: String?
        var skipsFirstLine = false
        var skipped: [String] = []
        if first == .beginObject {
            shape = .lines
            var metadata: [String] = []
            var isFrame = false
            while let e = try pre.next(), e != .endObject {
                guard case .key(let k) = e, let v = try pre.next() else { break }
                if let key = Self.frameKeysByName[k] {
                    isFrame = true
                    if key == .image || key == .world { break }  // a frame object: JSON Lines
                }
                if v == .beginArray, framesKey == nil {
                    let (holdsFrames, ended) = try Self.holdsFrames(&pre, named: k)
                    if holdsFrames {
                        framesKey = k
                        shape = .wrapped
                        // Metadata may follow the frames; when size and rate came first, stop here.
                        if Self.complete(fileSize) && fileFrameRate != nil { break }
                    } else {
                        metadata.append(k)
                    }
                    if !ended { try pre.skipStructurally(after: .beginArray) }
                    continue
                }
                let value = try pre.readValue(after: v)
                if !Self.readMetadata(k, value.number, size: &fileSize, fps: &fileFrameRate) { metadata.append(k) }
            }
            // JSON Lines whose first line describes the recording instead of holding a frame.
            skipsFirstLine = shape == .lines && !isFrame
            if shape == .wrapped || skipsFirstLine { skipped = metadata }
        } else if first != .beginArray {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this JSON is not a MediaPipe pose export: expected a list of frames or an object with \"frames\"",
                path: path, location: pre.eventLocation)
        }
        scanner = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        scanner.allowsMultipleDocuments = shape == .lines
        info = RecordingInfo(format: PoseFormat.mediapipeJSON.rawValue, space: .imagePixels)
        switch shape {
        case .list: _ = try scanner.next()
        case .lines:
            if skipsFirstLine, let e = try scanner.next() { try scanner.skip(after: e) }
        case .wrapped:
            _ = try scanner.next()
            while let e = try scanner.next() {
                guard case .key(let k) = e, let v = try scanner.next() else { break }
                if k == framesKey {
                    guard v == .beginArray else {
                        throw FormatError(
                            .invalidContent, code: "not_pose_export", message: "\"\(k)\" must be a list of frames",
                            path: path, location: scanner.eventLocation)
                    }
                    break
                }
                try scanner.skip(after: v)
            }
        }
        for key in skipped { noteSkipped(key) }
        // The first frame may carry the image size, which the coordinate space needs, and
        // tells whether this is a pose export at all.
        if try readRawFrame() {
            if raw.notAFrame != nil || !(raw.sawLandmarkKey || raw.image.present || raw.undetected) {
                throw FormatError(
                    .invalidContent, code: "not_pose_export",
                    message:
                        "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (found \(raw.notAFrame ?? "no landmarks"))",
                    path: path, location: SourceLocation(line: raw.line, column: 1, offset: 0))
            }
            if options.coordinates == .image && !raw.image.present && raw.world.count > 0 {
                throw FormatError(
                    .invalidContent, code: "no_image_landmarks",
                    message:
                        "this export holds world landmarks only (no pose_landmarks or landmarks): grade them with ReadOptions.coordinates = world",
                    path: path, location: SourceLocation(line: raw.line, column: 1, offset: 0))
            }
            if fileSize == nil, Self.complete(raw.size) { fileSize = raw.size }
            finishInfo(firstFrameHasTime: raw.time != nil)
            pending = convert()
        } else if skipsFirstLine {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (found only \(skippedKeysNote(skipped)?.dropFirst(skippedKeysPrefix.count) ?? ""))",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        } else {
            finishInfo(firstFrameHasTime: false)
        }
    }

    private mutating func finishInfo(firstFrameHasTime: Bool) {
        var notes: [String] = []
        let space: CoordinateSpace
        switch options.coordinates {
        case .world:
            space = .world(unitsPerMetre: 1, yDown: true)
            notes.append(
                "world landmarks in metres (MediaPipe's y points down; flipped to y up); the back-knee band is widened by 15° for world coordinates"
            )
        case .image:
            space = normalizedSpace(
                option: options.imageSize, file: Self.complete(fileSize) ? fileSize : nil, notes: &notes)
        }
        var rate = options.frameRate
        var timeSource: String? = options.frameRate.map { _ in ReadOptions.frameRateSource }
        if rate == nil, let r = fileFrameRate {
            rate = r
            timeSource = "fps from the file"
        }
        if firstFrameHasTime { timeSource = "timestamps" }
        info = RecordingInfo(
            format: PoseFormat.mediapipeJSON.rawValue, space: space, frameRate: rate,
            timeSource: timeSource, notes: notes + info.notes, skeleton: "mediapipe-33")
    }

    /// A size with both a width and a height (a file may give only one).
    static func complete(_ s: ImageSize?) -> Bool { s.map { $0.width > 0 && $0.height > 0 } ?? false }

    /// Reads an image size or frame rate member; false when the key is neither (a null or
    /// non-positive value of a known key is simply absent).
    @discardableResult
    static func readMetadata(_ key: String, _ v: Double?, size: inout ImageSize?, fps: inout Double?) -> Bool {
        switch key {
        case "image_width", "imageWidth", "width":
            if let v, v > 0, v.isFinite { size = ImageSize(width: v, height: size?.height ?? 0) }
        case "image_height", "imageHeight", "height":
            if let v, v > 0, v.isFinite { size = ImageSize(width: size?.width ?? 0, height: v) }
        case "fps", "frame_rate", "frameRate":
            if let v, v > 0, v.isFinite { fps = v }
        default: return false
        }
        return true
    }

    /// After a member's `[`: whether the list holds frames (frame objects, landmark lists, or
    /// only undetected frames under the name `frames`), from its first elements, and whether
    /// the list ended among them.
    private static func holdsFrames(_ scanner: inout JSONScanner, named key: String) throws(FormatError) -> (
        Bool, ended: Bool
    ) {
        var examined = 0
        while examined < JSONShape.examined, let e = try scanner.next() {
            if e == .endArray { return (key == "frames", true) }
            examined += 1
            let element = try scanner.readValue(after: e)
            if element.isNull || element.array?.isEmpty == true { continue }
            let isFrame =
                JSONShape.format(ofFrame: element) == .mediapipeJSON
                || (element.members?.contains { landmarkKeys.contains($0.key) || worldKeys.contains($0.key) } ?? false)
            return (isFrame, false)
        }
        return (key == "frames", false)
    }

    /// Lists a key the reader does not use, once, in the notes (`inspect` shows them).
    private mutating func noteSkipped(_ key: String) {
        guard skippedKeys.count <= maxListedKeys, !skippedKeys.contains(key) else { return }
        skippedKeys.append(key)
        guard let note = skippedKeysNote(skippedKeys) else { return }
        if let i = info.notes.firstIndex(where: { $0.hasPrefix(skippedKeysPrefix) }) {
            info.notes[i] = note
        } else {
            info.notes.append(note)
        }
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if let p = pending {
            pending = nil
            return p
        }
        guard try readRawFrame() else { return nil }
        return convert()
    }

    // MARK: reading events

    /// Reads the next frame into `raw`; false at the end of the frames.
    private mutating func readRawFrame() throws(FormatError) -> Bool {
        if !finished && options.fastPaths {
            // The common shape straight from the bytes; anything else through the events.
            var r = Self.blank
            swap(&r, &raw)
            let wanted = self.wanted
            let world = options.coordinates == .world
            let fast = scanner.fastElement(maxDepth: 3) { c -> Bool? in
                r.reset(line: 0)
                return Self.fastFrame(&c, &r, wanted, world: world) ? true : nil
            }
            swap(&r, &raw)
            if fast != nil {
                raw.line = scanner.eventLine
                return true
            }
        }
        guard !finished, let e = try scanner.next() else {
            finished = true
            return false
        }
        if e == .endArray {
            finished = true
            // Drain the rest of a wrapped document (its metadata was read in the prescan).
            while try scanner.next() != nil {}
            return false
        }
        raw.reset(line: scanner.eventLine)
        switch e {
        case .beginArray: try readPoseList(into: \.image)
        case .beginObject:
            while let k = try scanner.next(), k != .endObject {
                guard case .key(let key) = k, let v = try scanner.next() else { break }
                switch Self.frameKeysByName[key] {
                case .image?:
                    raw.sawLandmarkKey = true
                    try readPose(v, into: \.image)
                case .world?:
                    raw.sawLandmarkKey = true
                    try readPose(v, into: \.world)
                case let other:
                    let n: Double? = {
                        if case .number(let d) = v { return d }
                        return nil
                    }()
                    try scanner.skip(after: v)
                    // Built only for a message: the autoclosures below call these on a bad cell alone.
                    func shown() -> String { FrameCells.shown(v) }
                    func place() -> String { "line \(raw.line), \"\(key)\"" }
                    switch other {
                    case .number?:
                        (raw.number, raw.numberIssue) = FrameCells.frameNumber(n, shown: shown(), place: place())
                    case .timeMilliseconds?:
                        (raw.time, raw.timeIssue) = FrameCells.time(
                            n, unitsPerSecond: 1000, shown: shown(), place: place())
                    case .timeSeconds?:
                        (raw.time, raw.timeIssue) = FrameCells.time(
                            n, unitsPerSecond: 1, shown: shown(), place: place())
                    default:
                        var ignoredRate: Double?  // a per-frame rate means nothing
                        if !Self.readMetadata(key, n, size: &raw.size, fps: &ignoredRate) { noteSkipped(key) }
                    }
                }
            }
        case .null:
            raw.undetected = true
        default:
            raw.notAFrame = Self.typeName(e)
            try scanner.skip(after: e)
        }
        return true
    }

    static func typeName(_ e: JSONEvent) -> String {
        switch e {
        case .beginObject: return "an object"
        case .beginArray: return "a list"
        case .string: return "a string"
        case .number, .nonFinite: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .key, .endObject, .endArray: return "punctuation"
        }
    }

    /// A landmark container: null, a list (of landmarks, or of poses), or `{"landmark": [...]}`.
    private mutating func readPose(_ first: JSONEvent, into pose: WritableKeyPath<RawFrame, RawPose>)
        throws(FormatError)
    {
        switch first {
        case .null: return
        case .beginArray: try readPoseList(into: pose)
        case .beginObject:
            while let k = try scanner.next(), k != .endObject {
                guard case .key(let key) = k, let v = try scanner.next() else { break }
                if key == "landmark" || key == "landmarks" {
                    try readPose(v, into: pose)
                } else {
                    noteSkipped(key)
                    try scanner.skip(after: v)
                }
            }
        default:
            raw[keyPath: pose].wrongType = Self.typeName(first)
            try scanner.skip(after: first)
        }
    }

    /// After `[`: landmarks (objects, or lists of numbers), or (Tasks API) one list per pose, of
    /// which the first is read. `first` is the list's first event when the caller read it.
    private mutating func readPoseList(into pose: WritableKeyPath<RawFrame, RawPose>, first: JSONEvent? = nil)
        throws(FormatError)
    {
        raw[keyPath: pose].present = true
        var index = 0
        var poses = 0
        var pending = first
        while true {
            let e: JSONEvent
            if let p = pending {
                e = p
                pending = nil
            } else {
                guard let next = try scanner.next() else { break }
                e = next
            }
            if e == .endArray { break }
            switch e {
            case .beginArray:
                guard let inner = try scanner.next() else { break }
                if case .number = inner {
                    // A landmark written as a list: [x, y, z, visibility].
                    let lm = try readLandmarkList(first: inner)
                    if index < 33 { raw[keyPath: pose].landmarks[index] = lm }
                    index += 1
                    raw[keyPath: pose].count = index
                } else if poses == 0 {
                    // Tasks: a list per pose.
                    try readPoseList(into: pose, first: inner)
                    if raw[keyPath: pose].count > 0 { poses = 1 }
                } else {
                    // Further poses: counted when not empty, not read.
                    if inner != .endArray {
                        try scanner.skip(after: inner)
                        while let element = try scanner.next(), element != .endArray {
                            try scanner.skip(after: element)
                        }
                        raw[keyPath: pose].extraPoses += 1
                    }
                }
            case .beginObject:
                if index < 33 { try readLandmark(into: pose, at: index) } else { try scanner.skip(after: e) }
                index += 1
                raw[keyPath: pose].count = index
            default:
                if index < 33 { raw[keyPath: pose].landmarks[index] = RawLandmark(notAnObject: true) }
                index += 1
                raw[keyPath: pose].count = index
                try scanner.skip(after: e)
            }
        }
    }

    /// A landmark written as a list of numbers, after its first number: x, y, then optional z
    /// and visibility. Any other length, or a value that is not a number, is not a landmark.
    private mutating func readLandmarkList(first: JSONEvent) throws(FormatError) -> RawLandmark {
        var lm = RawLandmark()
        var slot = 0
        var event = first
        while event != .endArray {
            switch event {
            case .number(let d):
                switch slot {
                case 0: lm.x = d
                case 1: lm.y = d
                case 2: lm.z = d
                case 3: lm.visibility = d
                default: break
                }
            case .nonFinite: lm.nonFinite = true
            default:
                lm.notAnObject = true
                try scanner.skip(after: event)
            }
            slot += 1
            guard let next = try scanner.next() else { break }
            event = next
        }
        if slot < 2 || slot > 4 { lm.notAnObject = true }
        return lm
    }

    private mutating func readLandmark(into pose: WritableKeyPath<RawFrame, RawPose>, at i: Int) throws(FormatError) {
        var lm = RawLandmark()
        while let k = try scanner.next(), k != .endObject {
            guard case .key(let key) = k, let v = try scanner.next() else { break }
            var value: Double?
            switch v {
            case .number(let d): value = d
            case .nonFinite: lm.nonFinite = true
            default: try scanner.skip(after: v)
            }
            switch key {
            case "x": lm.x = value
            case "y": lm.y = value
            case "z": lm.z = value
            case "visibility": lm.visibility = value
            case "presence": lm.presence = value
            default: noteSkipped(key)
            }
        }
        raw[keyPath: pose].landmarks[i] = lm
    }

    // MARK: fast path

    /// The known frame key at `k` and its bit (each spelling has its own: a key may appear once
    /// per object).
    private static func frameKey(_ c: JSONFastCursor, _ k: Range<Int>) -> (FrameKey, UInt32)? {
        for (n, entry) in frameKeys.enumerated() where c.equals(k, entry.name) { return (entry.key, 1 << UInt32(n)) }
        return nil
    }

    /// One frame object of the common shape: number, time and landmark-list keys only, each
    /// landmark an object of `x`, `y`, `z`, `visibility`, `presence` numbers. Fills `raw` as
    /// the event reader would; false gives the frame to the event reader.
    static func fastFrame(_ c: inout JSONFastCursor, _ raw: inout RawFrame, _ wanted: [Bool], world: Bool) -> Bool {
        guard c.take(UInt8(ascii: "{")) else { return false }
        if c.take(UInt8(ascii: "}")) { return true }
        var seen: UInt32 = 0
        repeat {
            guard let k = c.key(), let (key, bit) = frameKey(c, k), seen & bit == 0 else { return false }
            seen |= bit
            switch key {
            case .number:
                guard let n = c.number(), n >= 0, n == n.rounded(), n < FrameCells.largestFrameNumber else {
                    return false
                }
                raw.number = Int(n)
            case .timeMilliseconds:
                guard let n = c.number() else { return false }
                raw.time = n / 1000
            case .timeSeconds:
                guard let n = c.number() else { return false }
                raw.time = n
            case .image:
                raw.sawLandmarkKey = true
                guard fastLandmarks(&c, &raw.image, wanted, used: !world, depth: false) else { return false }
            case .world:
                raw.sawLandmarkKey = true
                guard fastLandmarks(&c, &raw.world, wanted, used: world, depth: true) else { return false }
            }
        } while c.take(UInt8(ascii: ","))
        return c.take(UInt8(ascii: "}"))
    }

    /// A landmark key with its quotes and colon, as MediaPipe writes it.
    @inline(__always)
    private static func landmarkKey(_ slot: UInt8) -> StaticString {
        switch slot {
        case 0: return "\"x\":"
        case 1: return "\"y\":"
        case 2: return "\"z\":"
        case 3: return "\"visibility\":"
        default: return "\"presence\":"
        }
    }

    /// A list of landmark objects (one pose).
    /// `used`: this is the pose the frame is graded on (image or world landmarks), whose
    /// values are converted; the other's are checked, not converted. `depth`: z is used.
    private static func fastLandmarks(
        _ c: inout JSONFastCursor, _ pose: inout RawPose, _ wanted: [Bool], used: Bool, depth: Bool
    ) -> Bool {
        guard c.take(UInt8(ascii: "[")) else { return false }
        pose.present = true
        var index = 0
        if !c.take(UInt8(ascii: "]")) {
            repeat {
                c.skipSpace()
                let convert = used && index < 33 && wanted[index]
                if let lm = writtenLandmark(&c, convert: convert, depth: depth) {
                    if index < 33 { pose.landmarks[index] = lm }
                    index += 1
                    continue
                }
                guard c.take(UInt8(ascii: "{")) else { return false }
                var lm = RawLandmark()
                var ranges = InlineArray<5, Range<Int>>(repeating: 0..<0)
                if !c.take(UInt8(ascii: "}")) {
                    var seen: UInt8 = 0
                    var expected: UInt8 = 0
                    repeat {
                        // Keys usually come in MediaPipe's order: try the next one as it is
                        // written, then any key.
                        var slot: UInt8
                        if expected < 5, c.literal(landmarkKey(expected)) {
                            slot = expected
                        } else {
                            guard let k = c.key() else { return false }
                            switch (k.count, c.byte(at: k.lowerBound)) {
                            case (1, UInt8(ascii: "x")): slot = 0
                            case (1, UInt8(ascii: "y")): slot = 1
                            case (1, UInt8(ascii: "z")): slot = 2
                            case (10, UInt8(ascii: "v")) where c.equals(k, "visibility"): slot = 3
                            case (8, UInt8(ascii: "p")) where c.equals(k, "presence"): slot = 4
                            default: return false
                            }
                        }
                        expected = slot + 1
                        guard seen & (1 << slot) == 0 else { return false }
                        seen |= 1 << slot
                        guard let r = c.skipNumber() else { return false }
                        ranges[Int(slot)] = r
                    } while c.take(UInt8(ascii: ","))
                    guard c.take(UInt8(ascii: "}")) else { return false }
                    // Convert what the frame will use, as the event reader would have read it:
                    // x, y and visibility; z for world coordinates; presence when there is no
                    // visibility; everything when x or y is missing (a non-finite value then
                    // names the reason).
                    if convert {
                        let incomplete = seen & 0b11 != 0b11
                        for slot in 0..<5 where seen & (1 << slot) != 0 {
                            guard slot != 2 || depth || incomplete, slot != 4 || seen & 0b1000 == 0 || incomplete else {
                                continue
                            }
                            guard let v = c.number(in: ranges[slot]) else { return false }
                            switch slot {
                            case 0: lm.x = v
                            case 1: lm.y = v
                            case 2: lm.z = v
                            case 3: lm.visibility = v
                            default: lm.presence = v
                            }
                        }
                    }
                }
                if index < 33 { pose.landmarks[index] = lm }
                index += 1
            } while c.take(UInt8(ascii: ","))
            guard c.take(UInt8(ascii: "]")) else { return false }
        }
        pose.count = index
        return true
    }

    /// The bytes around a landmark's numbers as Python's `json.dumps` writes them, by default
    /// (`{"x": 0.5, "y": …`) and compact (`{"x":0.5,"y":…`): x, y, z, visibility, presence.
    /// Five separators per layout, one after the other.
    private static let writtenLayouts: [JSONFastCursor.Separator] = [
        .init("{\"x\": "), .init(", \"y\": "), .init(", \"z\": "), .init(", \"visibility\": "),
        .init(", \"presence\": "),
        .init("{\"x\":"), .init(",\"y\":"), .init(",\"z\":"), .init(",\"visibility\":"), .init(",\"presence\":"),
    ]

    /// A landmark object byte for byte as MediaPipe's exporters write it (all five keys in
    /// order, or the four without presence, in one of `writtenLayouts`), read as the general
    /// loop would read it; nil, with the cursor where it was, for anything else.
    @inline(__always)
    private static func writtenLandmark(_ c: inout JSONFastCursor, convert: Bool, depth: Bool) -> RawLandmark? {
        let mark = c
        let layouts = writtenLayouts
        for layout in stride(from: 0, to: layouts.count, by: 5) {
            var lm = RawLandmark()
            var slot = 0
            while slot < 5, c.take(layouts[layout + slot]) {
                // x, y and visibility; z for world coordinates (presence is not read when
                // there is visibility).
                if convert && slot != 4 && (slot != 2 || depth) {
                    guard let v = c.numberHere() else { break }
                    switch slot {
                    case 0: lm.x = v
                    case 1: lm.y = v
                    case 2: lm.z = v
                    default: lm.visibility = v
                    }
                } else {
                    guard c.stepOverNumber() else { break }
                }
                slot += 1
                if slot >= 4, c.take(UInt8(ascii: "}")) { return lm }
            }
            c = mark
        }
        return nil
    }

    // MARK: conversion

    /// Converts `raw` into a canonical frame, flagging what cannot be used.
    private mutating func convert() -> PoseFrame {
        var frame = PoseFrame(index: numbering.index(for: raw.number), time: raw.time, line: raw.line)
        for issue in [raw.numberIssue, raw.timeIssue] {
            if let issue { frame.issues.append(issue) }
        }
        if let what = raw.notAFrame {
            frame.issues.append(
                FrameIssue(code: "layout_mismatch", message: "frame at line \(raw.line) is \(what), not a frame object")
            )
            return frame
        }
        let useWorld = options.coordinates == .world
        let pose = useWorld ? raw.world : raw.image
        if let t = pose.wrongType {
            frame.issues.append(
                FrameIssue(code: "layout_mismatch", message: "landmarks at line \(raw.line) are \(t), not a list"))
            return frame
        }
        guard pose.count > 0 else {
            frame.issues.append(
                useWorld && raw.image.count > 0 && !raw.world.present
                    ? FrameIssue(code: "no_world_landmarks", message: "no world landmarks in this frame")
                    : FrameIssue(code: "no_person", message: "no person detected in this frame"))
            return frame
        }
        if pose.extraPoses > 0 {
            frame.issues.append(
                FrameIssue(
                    code: "multiple_people", message: "\(pose.extraPoses + 1) poses in this frame; the first is graded",
                    informational: true))
            if !multiPoseNoted {
                multiPoseNoted = true
                info.notes.append("some frames hold several poses; the first pose of each is graded")
            }
        }
        guard pose.count == 33 else {
            frame.issues.append(
                FrameIssue(code: "layout_mismatch", message: "expected 33 landmarks, found \(pose.count)"))
            return frame
        }
        let space = info.space
        for i in 0..<33 {
            guard wanted[i], let joint = Joint(rawValue: i) else { continue }
            let lm = pose.landmarks[i]
            if lm.notAnObject {
                frame.issues.append(
                    FrameIssue(
                        code: "layout_mismatch", joints: [joint],
                        message: "\(joint) is not a landmark: an object {x, y, …} or a list [x, y, z, visibility]"))
                continue
            }
            guard let x = lm.x, let y = lm.y else {
                frame.issues.append(
                    lm.nonFinite
                        ? FrameIssue(code: "non_finite", joints: [joint], message: "\(joint) coordinate is not finite")
                        : FrameIssue(code: "missing_value", joints: [joint], message: "\(joint) has no x or y"))
                continue
            }
            if !useWorld && (x < 0 || x > 1 || y < 0 || y > 1) {
                frame.issues.append(
                    FrameIssue(code: "out_of_frame", joints: [joint], message: "\(joint) is outside the image"))
                continue
            }
            let confidence = lm.visibility ?? lm.presence
            if let c = confidence, c < 0 || c > 1 {
                frame.issues.append(
                    FrameIssue(
                        code: "visibility_out_of_range", joints: [joint],
                        message: "\(joint) visibility \(c) is outside [0, 1] (raw logits?)"))
                continue
            }
            frame[joint] = Keypoint(space.canonical(x: x, y: y, z: lm.z ?? 0), confidence: confidence)
        }
        return frame
    }
}
