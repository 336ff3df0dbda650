// MediaPipe pose exports as JSON, as people write them from the Python or Tasks API.
//
// Accepted shapes:
// - a list of frames: `[{"pose_landmarks": [...]}, ...]`, or a list of landmark lists;
// - an object whose member holds the list of frames (`"frames"`, or any name: the list is
//   recognised by its frames), beside metadata: `image_width`, `image_height`, `fps` are read,
//   anything else (`format`, `tool`, `label`, a `landmark_names` list) is skipped and listed;
// - JSON Lines: one frame object per line (or a single frame object), after an optional
//   metadata line (one without landmarks or frame keys).
// A frame holds 33 landmarks `{x, y, z, visibility[, presence]}` (or lists `[x, y, z, visibility, presence]`,
// all after y optional) under `pose_landmarks` or
// `landmarks` (Tasks: a list per pose, `[[...]]`; protobuf dicts: `{"landmark": [...]}`),
// optional world landmarks under `pose_world_landmarks` / `world_landmarks` / `worldLandmarks`,
// optional `timestamp_ms` / `time_s`, `frame`, `image_width` / `image_height`.
// Undetected frames hold an empty list or null, or are null: they are flagged `no_person`.
// Unknown keys at any level (a landmark's `name`, `id`, `index`; a frame's `detected`,
// `person_id`, `bbox`) are skipped and listed once in the notes.
//
// Frames are read on demand (each frame's first token as an event, which names its line; its
// members through `nextMember`, landmarks through `readNumberMembers`) into fixed buffers: no
// JSON tree, no per-frame allocation beyond the frame itself, the same code for any key order,
// whitespace or unknown keys. A landmark written as the one before it (the same keys and
// whitespace, in any order: what every exporter writes) is read by matching the layout the
// scanner learnt from that one (`nextElementAsLearnt`), comparing bytes and converting numbers.
import PoseModel
import PoseScanning

package struct MediaPipeJSONReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var scanner: JSONScanner
    private let options: ReadOptions
    private let path: String
    private var numbering: FrameNumbering
    private var pending: PoseFrame?
    private var finished = false
    private var fileSize: ImageSize?
    private var fileFrameRate: Double?
    /// The members after the frames, when the prescan read them from the file's end.
    private var trailingMembers: [JSONTail.Member]?
    /// Whether a frame with landmarks has been read (`checkCoordinatesAsked`), here or, for a
    /// stream read a line at a time, before (`ReadOptions.stream`).
    private var landmarksSeen: Bool
    private var multiPoseNoted = false
    private var skippedKeys: [String] = []
    /// A time key without a unit (`timestamp`) was met, and said in the notes.
    private var saidUnitlessTime = false
    /// The skipped keys of up to 16 bytes already listed, as the scanner holds keys.
    private var listedKeys: [JSONKeyText] = []
    private var raw = RawFrame()
    /// Where the last frame read starts and ends (absolute offsets, the end after its last
    /// byte): whether it was one line tells whether a damaged frame after it can be skipped
    /// to the next line (`unreadableLine`).
    private var lastFrame: (start: Int, end: Int)?
    /// The numbers of a landmark written as a list, as `readNumberElements` reads them.
    private var listNumbers: [Double] = []
    /// Landmarks the checks need, landmark i at bit i (the others are validated, not
    /// converted).
    private let wanted: UInt64
    /// Lines and columns of the input, counted when a frame or a message is placed.
    private let places: InputPlaces
    /// What frames hold to be placed: `places`, through a handle made anew for every run of
    /// frames (`FramePlacesHandle`).
    private var framePlaces: FramePlacesHandle
    private var framesOnHandle = 0
    /// `landmarkSlots` and an empty `JSONNumberMembers`, held by the reader: read per landmark
    /// without a global's lazy initialisation check or a call across modules.
    private let slots = Self.landmarkSlots
    private let noMembers = JSONNumberMembers()
    /// How the landmarks are written (objects, or lists of numbers), learnt from the last one
    /// the general steps read: the landmarks after it written the same way are read by
    /// comparing bytes.
    private let landmarkLayout = JSONObjectLayout()
    /// The slots whose numbers a landmark object's reading uses (a bit each, in `landmarkSlots`
    /// order): all, except image-space depth for a spec (canonical image coordinates are flat;
    /// skipped unconverted like any value no check needs, as the CSV reader does).
    private let convertedSlots: UInt8

    /// What a frame key holds.
    enum FrameKey: Equatable {
        /// `keypoints`: the image landmarks when the frame has no other landmark key before it
        /// (a script's dump of MediaPipe's landmarks, unnamed; `JSONShape` sends such files
        /// here); beside `pose_landmarks`, something else (a hand's points), skipped.
        case number, time(unitsPerSecond: Double), unitlessTime, image, world, keypoints
        init(_ column: TimeColumn) {
            switch column {
            case .frame: self = .number
            case .time(let unitsPerSecond): self = .time(unitsPerSecond: unitsPerSecond)
            case .unitless: self = .unitlessTime
            }
        }
    }
    /// The frame keys the reader knows, each spelling once, tried in this order for each
    /// member of a frame: the landmarks, then the frame's number and time (`TimeColumn`).
    static let frameKeys: [(name: StaticString, key: FrameKey)] =
        [
            ("pose_landmarks", .image), ("landmarks", .image), ("poseLandmarks", .image),
            ("pose_world_landmarks", .world), ("world_landmarks", .world), ("worldLandmarks", .world),
            ("poseWorldLandmarks", .world),
        ] + TimeColumn.names.map { ($0.name, FrameKey($0.column)) } + [("index", .number), ("keypoints", .keypoints)]
    static let frameKeysByName: [String: FrameKey] = Dictionary(
        uniqueKeysWithValues: frameKeys.map { ($0.name.description, $0.key) })
    static let landmarkKeys = Set(frameKeys.filter { $0.key == .image }.map(\.name.description))
    static let worldKeys = Set(frameKeys.filter { $0.key == .world }.map(\.name.description))

    private enum Shape { case list, wrapped, lines }

    /// One landmark as read: its numbers by slot (`landmarkSlots`: x, y, z, visibility,
    /// presence), as `readNumberMembers` leaves them, or what was wrong with them.
    struct RawLandmark {
        var members = JSONNumberMembers()
        var notAnObject = false

        var x: Double? { number(0) }
        var y: Double? { number(1) }
        var z: Double? { number(2) }
        var visibility: Double? { number(3) }
        var presence: Double? { number(4) }
        var nonFinite: Bool { members.nonFinite }

        /// Slot `slot`'s number, if one was read there.
        func number(_ slot: Int) -> Double? { members.numbers >> slot & 1 != 0 ? members.values[slot] : nil }
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
        /// Where the frame starts: its first byte's offset (`places` finds its line).
        var start = 0
        var number: Int?
        var numberIssue: FrameIssue?
        var time: Double?
        var timeIssue: FrameIssue?
        var size: ImageSize?
        var sawLandmarkKey = false
        /// The frame object's members, and those the reader does not know.
        var members = 0
        var unknownMembers = 0
        /// `null` in place of a frame: nothing detected.
        var undetected = false
        var notAFrame: String?
        var image = RawPose()
        var world = RawPose()

        /// A frame object of its number, time or image size alone: nobody detected (scripts
        /// leave the landmarks out of such frames, as they write `null` or `[]` for them).
        var holdsFrameKeysOnly: Bool { !sawLandmarkKey && members > 0 && unknownMembers == 0 }

        /// Whether the frame holds landmarks of the other kind only: world landmarks and no
        /// image key when image coordinates are asked for (`world` false), or the reverse.
        func holdsOnlyOtherCoordinates(world asksWorld: Bool) -> Bool {
            let (asked, other) = asksWorld ? (world, image) : (image, world)
            return !asked.present && other.count > 0
        }

        mutating func reset(at start: Int) {
            self.start = start
            number = nil
            numberIssue = nil
            time = nil
            timeIssue = nil
            size = nil
            sawLandmarkKey = false
            members = 0
            unknownMembers = 0
            undetected = false
            notAFrame = nil
            image.reset()
            world.reset()
        }
    }

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        places = InputPlaces(input)
        framePlaces = FramePlacesHandle(places)
        numbering = FrameNumbering(continuing: options)
        self.path = path
        landmarksSeen = options.stream?.landmarksSeen ?? false
        let joints = options.joints
        wanted = (0..<33).reduce(0) { bits, i in
            let needed = Joint(rawValue: i).map { joints?.contains($0) ?? true } ?? false
            return needed ? bits | 1 << UInt64(i) : bits
        }
        convertedSlots = options.coordinates == .world || joints == nil ? 0b1_1111 : 0b1_1011
        // Prescan: the shape, and document-level metadata, which may come before or after the
        // frames. The frames are the member whose list holds frames (by shape, whatever its
        // name); other members are metadata, read when they give a size or a rate, else listed.
        // A line of a stream that has given frames (`FrameFeed`) is the stream's next frame,
        // whatever it holds, as the same line in the whole file is; read alone, or after the
        // stream's metadata line.
        let continuesAStream = options.stream?.lastIndex != nil
        let frameLineAlone = continuesAStream && options.stream?.opensWithHeader == false
        var pre = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        pre.allowsMultipleDocuments = true
        guard let first = try pre.next() else { throw pre.error("empty_input", "the file is empty") }
        var shape: Shape = .list
        var framesKey: String?
        var skipsFirstLine = false
        var skipped: [String] = []
        // The first member whose list holds data that is no frame, and its first element.
        var listOfOthers: (key: String, element: JSONValue)?
        // Size and rate keys whose values cannot be used, said in notes.
        var unusable: [String] = []
        if first == .beginObject && !frameLineAlone {
            shape = .lines
            var metadata: [String] = []
            var isFrame = false
            // What the members before the frames gave: all a file cut short can be trusted for.
            var beforeFrames: (size: ImageSize?, rate: Double?, metadata: [String], unusable: [String])?
            do throws(FormatError) {
                while let e = try pre.next(), e != .endObject {
                    guard case .key(let k) = e, let v = try pre.next() else { break }
                    if let key = Self.frameKeysByName[k] {
                        isFrame = true
                        if key == .image || key == .world || key == .keypoints { break }  // a frame object: JSON Lines
                    }
                    if v == .beginArray, framesKey == nil {
                        let (holdsFrames, ended, other) = try Self.holdsFrames(&pre, named: k)
                        if let other, listOfOthers == nil { listOfOthers = (k, other) }
                        if holdsFrames {
                            framesKey = k
                            shape = .wrapped
                            beforeFrames = (fileSize, fileFrameRate, metadata, unusable)
                            // Metadata may follow the frames; when size and rate came first, stop here.
                            if Self.complete(fileSize) && fileFrameRate != nil { break }
                            // Else with the members after the last list, read from the file's end,
                            // when with those before the frames they give the size and the rate:
                            // the frames are not read twice. The members at the end come last, so
                            // they override those before. Members between the frames and a later
                            // list are read only after the frames (`readRestOfDocument`): one
                            // that would have changed a value taken from before the frames is said.
                            if !ended,
                                let tail = JSONTail.trailingMembers(
                                    of: input, allowNonFinite: options.allowNonFiniteJSON)
                            {
                                var size = fileSize
                                var rate = fileFrameRate
                                let others = tail.filter {
                                    !Self.readMetadata($0.key, $0.number, size: &size, fps: &rate)
                                }
                                if Self.complete(size) && rate != nil {
                                    fileSize = size
                                    fileFrameRate = rate
                                    metadata += others.map(\.key)
                                    unusable += tail.compactMap { Self.unusableMetadata($0.key, $0.value) }
                                    trailingMembers = tail
                                    break
                                }
                            }
                        } else {
                            metadata.append(k)
                        }
                        // The frames are stepped over unchecked (the reading checks them); a list of
                        // metadata is checked, so that an error in it is said where it is (a first
                        // line cut short among joint names took the lines after it to the end).
                        if !ended {
                            if holdsFrames {
                                try pre.skipStructurally(after: .beginArray)
                            } else {
                                try pre.skip(after: .beginArray)
                            }
                        }
                        continue
                    }
                    // Stepped over, not read into a tree: a tree would ask for its locations, and
                    // counting lines up to metadata after the frames would read them all again.
                    let number: Double? =
                        if case .number(let n) = v { n } else { nil }
                    try pre.skip(after: v)
                    if !Self.readMetadata(k, number, size: &fileSize, fps: &fileFrameRate) { metadata.append(k) }
                    if let note = Self.unusableMetadata(k, v) { unusable.append(note) }
                }
            } catch {
                // An error in the frames or after them (`holdsFrames` has read a whole frame) is
                // the reading's to meet, in the document's order: where the file is cut short,
                // the frames say so; any other, where the reading reaches it or an earlier one
                // (the prescan steps over the frames without checking them). Only the members
                // before the frames are kept: one read after them may itself be cut
                // (`"fps": 3` of 30).
                guard let before = beforeFrames else { throw error }
                (fileSize, fileFrameRate, metadata, unusable) = before
            }
            // JSON Lines whose first line describes the recording instead of holding a frame.
            skipsFirstLine = shape == .lines && !isFrame
            if shape == .wrapped || skipsFirstLine { skipped = metadata }
        } else if continuesAStream {
            shape = .lines
        } else if first != .beginArray {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this JSON is not a MediaPipe pose export: expected a list of frames or an object with \"frames\"",
                path: path, location: pre.eventLocation)
        } else {
            // A list of landmarks is one frame: JSON Lines of such lists (or that one frame); so
            // is `[]`, a frame without anyone, as a line of a stream. An error in it is the
            // reading's to meet, where it is.
            var element: JSONValue?
            do throws(FormatError) {
                if let e = try pre.next(), e != .endArray { element = try pre.readValue(after: e) }
                let emptyLine = element == nil && options.stream != nil
                if emptyLine || JSONFrameStream.listIsOneFrame(firstElement: element, &pre) { shape = .lines }
            } catch {}
        }
        scanner = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        scanner.allowsMultipleDocuments = shape == .lines
        info = RecordingInfo(format: PoseFormat.mediapipeJSON.rawValue, space: .imagePixels)
        switch shape {
        case .list: _ = try scanner.next()
        case .lines:
            if skipsFirstLine, let e = try scanner.next() {
                try scanner.skip(after: e)
                try scanner.checkAfterDocument()
            }
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
        info.notes += unusable
        // The first frame may carry the image size, which the coordinate space needs, and
        // tells whether this is a pose export at all; a stream's later line is read as in the
        // whole file (without landmarks, no one in view; not an object, `layout_mismatch`).
        if try readRawFrame() {
            if !continuesAStream,
                raw.notAFrame != nil
                    || !(raw.sawLandmarkKey || raw.image.present || raw.undetected || raw.holdsFrameKeysOnly)
            {
                throw FormatError(
                    .invalidContent, code: "not_pose_export",
                    message:
                        "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (found \(raw.notAFrame ?? "no landmarks"))",
                    path: path, location: frameStart)
            }
            try checkCoordinatesAsked()
            if fileSize == nil, Self.complete(raw.size) { fileSize = raw.size }
            // Frames without anyone open many recordings, and may leave the size out with the
            // landmarks: the first frame with landmarks gives it then (as live mode takes it).
            if fileSize == nil, raw.image.count == 0, raw.world.count == 0 { fileSize = sizeAhead() }
            finishInfo(firstFrameHasTime: raw.time != nil)
            pending = convert()
        } else if let (key, element) = listOfOthers {
            // Frames this reader does not know (another tool's keypoints, say) are no
            // recording of no frames.
            let kind =
                element.members.map { "objects with " + $0.prefix(6).map(\.key).joined(separator: ", ") } ?? "lists"
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (\"\(key)\" holds \(kind))",
                path: path, location: element.location)
        } else if skipsFirstLine && !Self.complete(fileSize) && fileFrameRate == nil {
            // A metadata line that gives an image size or a frame rate, and no frame after it, is
            // a recording of no frames, as `{"fps": 30, "frames": []}` is; an object that gives
            // neither is no pose export.
            let found = skippedKeysNote(skipped).map { "only " + $0.dropFirst(skippedKeysPrefix.count) }
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (found \(found ?? "no landmarks"))",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        } else {
            finishInfo(firstFrameHasTime: false)
        }
    }

    /// The image size of the first frame after the current one that holds data, read by a copy
    /// of the scanner (its window reads on its own) over at most `MediaPipeCSVReader.unitsLookahead`
    /// frames without anyone; nil when that frame gives none, or when a frame cannot be read
    /// (the reading says so at its place).
    private func sizeAhead() -> ImageSize? {
        var probe = scanner
        do throws(FormatError) {
            for _ in 0..<MediaPipeCSVReader.unitsLookahead {
                guard let e = try probe.next(), e != .endArray else { return nil }
                let frame = try probe.readValue(after: e)
                if JSONShape.holdsNothing(frame) { continue }
                var size: ImageSize?
                var rate: Double?
                for member in frame.members ?? [] {
                    Self.readMetadata(member.key, member.value.number, size: &size, fps: &rate)
                }
                return Self.complete(size) ? size : nil
            }
        } catch {}
        return nil
    }

    private mutating func finishInfo(firstFrameHasTime: Bool) {
        var notes: [String] = []
        let space: CoordinateSpace
        if let decided = options.stream?.space {
            space = decided
        } else if options.coordinates == .world {
            space = .world(unitsPerMetre: 1, yDown: true)
            notes.append(
                "world landmarks in metres (MediaPipe's y points down; flipped to y up); the back-knee band is widened by 15° for world coordinates"
            )
        } else {
            space = normalizedSpace(
                option: options.imageSize, file: Self.complete(fileSize) ? fileSize : nil, notes: &notes)
        }
        var (rate, timeSource) = options.frameRate(fromFile: fileFrameRate, notes: &notes)
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
        guard let quantity = metadataKeys[key] else { return false }
        guard let v, v > 0, v.isFinite else { return true }
        switch quantity {
        case .width: size = ImageSize(width: v, height: size?.height ?? 0)
        case .height: size = ImageSize(width: size?.width ?? 0, height: v)
        case .frameRate: fps = v
        }
        return true
    }

    /// The note for an image size or frame rate key whose value cannot be used (anything but a
    /// positive finite number; `null` is simply absent); nil for any other member.
    static func unusableMetadata(_ key: String, _ value: JSONEvent) -> String? {
        guard metadataKeys[key] != nil, value != .null else { return nil }
        let shown: String
        switch value {
        case .number(let n):
            if n > 0 && n.isFinite { return nil }
            shown = JSONWriter.format(n)
        case .string(let s): shown = "\"\(s.count > 24 ? s.prefix(24) + "…" : s)\""
        case .bool(let b): shown = b ? "true" : "false"
        case .beginArray: shown = "a list"
        case .beginObject: shown = "an object"
        default: shown = "not a finite number"
        }
        return "\(key) is \(shown), not a positive number: not used"
    }

    /// What a metadata member gives.
    enum MetadataQuantity { case width, height, frameRate }

    /// The keys `readMetadata` reads, and what each gives.
    static let metadataKeys: [String: MetadataQuantity] = [
        "image_width": .width, "imageWidth": .width, "width": .width,
        "image_height": .height, "imageHeight": .height, "height": .height,
        "fps": .frameRate, "frame_rate": .frameRate, "frameRate": .frameRate,
    ]

    /// After a member's `[`: whether the list holds frames (frame objects, landmark lists, or
    /// only undetected frames under the name `frames`), from its first `JSONShape.examined`
    /// elements that are not `null` or `[]`, whether the list ended among them, and the first
    /// such element when it holds data (an object or a list) but is no frame.
    private static func holdsFrames(_ scanner: inout JSONScanner, named key: String) throws(FormatError) -> (
        Bool, ended: Bool, other: JSONValue?
    ) {
        var examined = 0
        while examined < JSONShape.examined, let e = try scanner.next() {
            if e == .endArray { return (key == "frames", true, nil) }
            let element = try scanner.readValue(after: e)
            // Undetected frames open many recordings: they are not counted.
            if element.isNull || element.array?.isEmpty == true || JSONShape.holdsFrameKeysOnly(element) { continue }
            examined += 1
            let isFrame =
                JSONShape.format(ofFrame: element) == .mediapipeJSON
                || (element.members?.contains { landmarkKeys.contains($0.key) || worldKeys.contains($0.key) } ?? false)
            let holdsData = element.array != nil || element.members != nil
            return (isFrame, false, isFrame || !holdsData ? nil : element)
        }
        return (key == "frames", false, nil)
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
        let previousStart = raw.start
        do throws(FormatError) {
            guard try readRawFrame() else { return nil }
        } catch {
            // A frame begun since the last one (its start moved, or a value's token before the
            // list of frames ended), is the one the end cut through.
            let began =
                raw.start != previousStart
                || (!finished && CutShort.valueBegan(error, &scanner, after: lastFrame?.end ?? 0))
            if let frame = unreadableLine(
                error, startingAt: raw.start != previousStart ? raw.start : error.location?.offset)
            {
                return frame
            }
            guard let cut = CutShort(error, insideFrame: began, options: options) else { throw error }
            // The size and rate came from the file's last bytes, as members after the frames:
            // a cut file's last bytes are a frame's, so the frames were read with values it
            // never gave.
            if trailingMembers != nil {
                var e = error
                e.message =
                    "the export was cut short (\(error.message)), and its image size and frame rate were read from its last bytes as if they followed the frames, which a cut file cannot show: nothing is graded"
                throw e
            }
            finished = true
            info.notes.append(cut.note)
            guard cut.insideFrame else { return nil }
            var frame = cut.frame(index: numbering.index(for: nil))
            frame.start = (raw.start, nextFramePlaces())
            return frame
        }
        try checkCoordinatesAsked()
        return convert()
    }

    /// JSON Lines whose frames are one a line: a frame that is not valid JSON (`error`, in the
    /// document starting at `start`), flagged, the reading going on at the next line; nil for
    /// any other error. The end of the input inside a frame on the last line is a cut (the
    /// caller's, or, for a stream read a line at a time, `FrameFeed`'s); inside a frame whose
    /// line ended before, it is that line's damage.
    private mutating func unreadableLine(_ error: FormatError, startingAt start: Int?) -> PoseFrame? {
        guard scanner.allowsMultipleDocuments, error.kind == .invalidJSON, let start, let last = lastFrame,
            places.location(ofAbsolute: last.start).line == places.location(ofAbsolute: last.end - 1).line
        else { return nil }
        let line = scanner.resumeAtNextLine(after: start)
        guard error.code != "unexpected_eof" || line.ended else { return nil }
        let unreadable = UnreadableLine(error, lineEnd: line.end)
        unreadable.addNote(to: &info.notes)
        var frame = unreadable.frame(index: numbering.index(for: nil))
        frame.start = (start, nextFramePlaces())
        return frame
    }

    /// At the first frame with landmarks (frames before it may be empty: no one in view yet),
    /// an export without the coordinates asked for is refused: world landmarks only for image
    /// coordinates, image landmarks only for world coordinates.
    private mutating func checkCoordinatesAsked() throws(FormatError) {
        guard !landmarksSeen, raw.image.count > 0 || raw.world.count > 0 else { return }
        landmarksSeen = true
        let image = options.coordinates == .image
        guard raw.holdsOnlyOtherCoordinates(world: !image) else { return }
        let message =
            image
            ? "this export holds world landmarks only (no pose_landmarks or landmarks): grade them with ReadOptions.coordinates = world"
            : "this export holds image landmarks only (no pose_world_landmarks or world_landmarks): grade them with ReadOptions.coordinates = image, the default"
        throw FormatError(
            .invalidContent, code: image ? "no_image_landmarks" : "no_world_landmarks", message: message, path: path,
            location: frameStart)
    }

    // MARK: reading

    /// Where the frame being read starts, in lines and columns.
    private var frameStart: SourceLocation { places.location(ofAbsolute: raw.start) }

    /// The frame keys as the scanner compares them.
    private static let frameKeyNames = frameKeys.map { (name: JSONKeyName($0.name), key: $0.key) }
    /// A landmark's keys, by slot: x, y, z, visibility, presence (each up to 16 bytes, so
    /// its words and length are the whole key).
    private static let landmarkSlots = JSONNumberKeys(
        ["x", "y", "z", "visibility", "presence"].map { JSONKeyName($0).text })
    private static let poseListKeys = [JSONKeyName("landmark"), JSONKeyName("landmarks")]

    /// The rest of the document after the frames, read to its end; its metadata was read in
    /// the prescan. When the prescan took it from the file's end (`trailingMembers`), the
    /// members read here must end with those, and the others are noted as skipped.
    private mutating func readRestOfDocument() throws(FormatError) {
        guard let expected = trailingMembers else {
            while try scanner.next() != nil {}
            return
        }
        var members: [JSONTail.Member] = []
        while let e = try scanner.next() {
            guard case .key(let key) = e, let value = try scanner.next() else { continue }
            try scanner.skip(after: value)
            members.append(JSONTail.Member(key: key, value: value))
        }
        guard members.count >= expected.count, Array(members.suffix(expected.count)) == expected else {
            throw FormatError(
                .invalidContent, code: "internal",
                message: "the members after the frames differ from those read at the file's end",
                path: path, location: scanner.eventLocation)
        }
        // Read after the frames, so they are only said: one that would have changed a size or
        // rate the frames were read with (one from before the frames, as the members at the
        // end override these members anyway) is said with the value used.
        for m in members.dropLast(expected.count) {
            if Self.metadataKeys[m.key] == nil { noteSkipped(m.key) }
            if let note = Self.unusableMetadata(m.key, m.value) { info.notes.append(note) }
            if let note = overriddenMetadata(m, endMembers: expected) { info.notes.append(note) }
        }
    }

    /// The note for a size or rate member `m` between the frames and a later list that differs
    /// from the value the frames were read with, unless a member at the end gives the same
    /// quantity (which overrides both); nil otherwise.
    private func overriddenMetadata(_ m: JSONTail.Member, endMembers: [JSONTail.Member]) -> String? {
        guard let quantity = Self.metadataKeys[m.key], case .number(let v) = m.value, v > 0, v.isFinite,
            !endMembers.contains(where: { Self.metadataKeys[$0.key] == quantity })
        else { return nil }
        let (used, name): (Double?, String) =
            switch quantity {
            case .width: (fileSize?.width, "image width")
            case .height: (fileSize?.height, "image height")
            case .frameRate: (fileFrameRate, "frame rate")
            }
        guard let used, used != v else { return nil }
        return
            "\(m.key) \(JSONWriter.format(v)) after the frames (before a later list) was not used: the frames were read with the \(name) before them, \(JSONWriter.format(used))"
    }

    /// Reads the next frame into `raw`; false at the end of the frames. The frame's first
    /// token is an event (it names the frame's line); inside it, the reader walks on demand.
    private mutating func readRawFrame() throws(FormatError) -> Bool {
        guard !finished, let e = try scanner.next() else {
            finished = true
            return false
        }
        if e == .endArray {
            finished = true
            try readRestOfDocument()
            return false
        }
        raw.reset(at: scanner.eventOffset)
        switch e {
        case .beginArray:
            raw.image.present = true
            try readPoseList(world: false)
        case .beginObject:
            while try scanner.nextMember() {
                raw.members += 1
                guard let key = Self.frameKeyNames.first(where: { scanner.keyIs($0.name) })?.key else {
                    let v = try scanner.nextValue()
                    try readFrameMember(scanner.keyString(), v, nil)
                    continue
                }
                switch key {
                case .image:
                    raw.sawLandmarkKey = true
                    try readPose(world: false)
                case .world:
                    raw.sawLandmarkKey = true
                    try readPose(world: true)
                case .keypoints where !raw.sawLandmarkKey:
                    raw.sawLandmarkKey = true
                    try readPose(world: false)
                default:
                    try readFrameMember(scanner.keyString(), try scanner.nextValue(), key)
                }
            }
        case .null:
            raw.undetected = true
        default:
            raw.notAFrame = Self.typeName(e)
            try scanner.skip(after: e)
        }
        // Damage after the frame on its line makes the line unreadable: from the second frame on
        // (`unreadableLine` asks that the frame before be one line), as any damage.
        let end = scanner.offset
        if scanner.allowsMultipleDocuments { try scanner.checkAfterDocument() }
        lastFrame = (raw.start, end)
        return true
    }

    /// A frame member other than landmarks: its number, its time, an image size, or a key
    /// listed as skipped. `v` is the value's first event.
    private mutating func readFrameMember(_ key: String, _ v: JSONEvent, _ known: FrameKey?) throws(FormatError) {
        let n: Double? = {
            if case .number(let d) = v { return d }
            return nil
        }()
        try scanner.skip(after: v)
        // Built only for a message: the autoclosures below call these on a bad cell alone.
        func shown() -> String { FrameCells.shown(v) }
        func place() -> String { "\(frameStart.place), \"\(key)\"" }
        switch known {
        case .number?:
            (raw.number, raw.numberIssue) = FrameCells.frameNumber(n, shown: shown(), place: place())
        case .time(let unitsPerSecond)?:
            (raw.time, raw.timeIssue) = FrameCells.time(
                n, unitsPerSecond: unitsPerSecond, shown: shown(), place: place())
        case .unitlessTime?:
            // Read in the unit the caller gives, else not read; said at the first frame.
            if !saidUnitlessTime {
                saidUnitlessTime = true
                info.notes.append(TimeColumn.unitlessNote(key, unit: options.timeUnit, what: "key"))
            }
            if let unitsPerSecond = options.timeUnit?.unitsPerSecond {
                (raw.time, raw.timeIssue) = FrameCells.time(
                    n, unitsPerSecond: unitsPerSecond, shown: shown(), place: place())
            }
        default:
            var ignoredRate: Double?  // a per-frame rate means nothing
            if !Self.readMetadata(key, n, size: &raw.size, fps: &ignoredRate) {
                raw.unknownMembers += 1
                noteSkipped(key)
            }
        }
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
    /// `world`: the frame's world landmarks, else its image landmarks.
    private mutating func readPose(world: Bool) throws(FormatError) {
        let kind = try scanner.peekKind()
        switch kind {
        case .null: try scanner.skipValue()
        case .array:
            try scanner.enter()
            updatePose(world: world) { $0.present = true }
            try readPoseList(world: world)
        case .object:
            try scanner.enter()
            var holdsList = false
            var otherKeys = false
            while try scanner.nextMember() {
                if Self.poseListKeys.contains(where: { scanner.keyIs($0) }) {
                    holdsList = true
                    try readPose(world: world)
                } else {
                    otherKeys = true
                    noteSkippedKey()
                    try scanner.skipValue()
                }
            }
            // `{}` is an empty protobuf list (nobody); landmarks keyed by name, say, are no layout
            // MediaPipe writes: flagged, not read as nobody.
            if otherKeys && !holdsList {
                updatePose(world: world) { $0.wrongType = "an object without a \"landmark\" list" }
            }
        default:
            updatePose(world: world) { $0.wrongType = kind.name }
            try scanner.skipValue()
        }
    }

    /// Stores a landmark of the frame's world or image landmarks, in place.
    @inline(__always)
    private mutating func store(_ lm: RawLandmark, at index: Int, world: Bool) {
        if world {
            raw.world.landmarks[index] = lm
        } else {
            raw.image.landmarks[index] = lm
        }
    }

    /// Changes the frame's world or image landmarks in place.
    @inline(__always)
    private mutating func updatePose(world: Bool, _ change: (inout RawPose) -> Void) {
        if world {
            change(&raw.world)
        } else {
            change(&raw.image)
        }
    }

    /// Whether landmark `index` is one the checks need (none past the 33rd).
    private func isWanted(_ index: Int) -> Bool { wanted >> UInt64(index) & 1 != 0 }

    /// The next element, when it is a landmark written as `landmarkLayout` learnt, read and
    /// stored as landmark `index`: true; else false, the cursor where it was and the landmark
    /// untouched (the general steps read the element; a landmark read before at `index`, as
    /// a Tasks API pose's first, stays).
    @inline(__always)
    private mutating func readLandmarkAsLearnt(at index: Int, world: Bool, converting: UInt8) -> Bool {
        var members = noMembers
        guard scanner.nextElementAsLearnt(landmarkLayout, converting: converting, into: &members) else { return false }
        store(RawLandmark(members: members), at: index, world: world)
        return true
    }

    /// Inside a list: landmarks (objects, or lists of numbers), or (Tasks API) one list per
    /// pose, of which the first is read. `stepped`: the cursor is already at the first element.
    private mutating func readPoseList(world: Bool, stepped: Bool = false) throws(FormatError) {
        let converting = world == (options.coordinates == .world) ? convertedSlots : 0
        var index = 0
        var poses = 0
        var atElement = stepped
        while true {
            let kind: JSONKind
            if atElement {
                atElement = false
                kind = try scanner.kindEnteringObject()
            } else {
                if index < 33 {
                    if readLandmarkAsLearnt(at: index, world: world, converting: isWanted(index) ? converting : 0) {
                        index += 1
                        updatePose(world: world) { $0.count = index }
                        continue
                    }
                }
                guard let next = try scanner.nextElementEnteringObject() else { break }
                kind = next
            }
            switch kind {
            case .array:
                let start = scanner.elementStart
                try scanner.enter()
                let inner = try scanner.nextElement()
                if inner, case .number = try scanner.peekKind() {
                    // A landmark written as a list: [x, y, z, visibility].
                    let lm = try readLandmarkList(converting: isWanted(index) ? converting : 0)
                    if index < 33 {
                        store(lm, at: index, world: world)
                        scanner.learnLayout(landmarkLayout, ofListAt: start, elements: Self.landmarkListLengths)
                    }
                    index += 1
                    updatePose(world: world) { $0.count = index }
                } else if poses == 0 {
                    // Tasks: a list per pose.
                    if inner { try readPoseList(world: world, stepped: true) }
                    if (world ? raw.world.count : raw.image.count) > 0 { poses = 1 }
                } else if inner {
                    // Further poses: counted when not empty, not read.
                    try scanner.skipValue()
                    while try scanner.nextElement() { try scanner.skipValue() }
                    updatePose(world: world) { $0.extraPoses += 1 }
                }
            case .object:
                if index < 33 {
                    let start = scanner.elementStart
                    store(try readLandmark(converting: isWanted(index) ? converting : 0), at: index, world: world)
                    scanner.learnLayout(landmarkLayout, ofObjectAt: start, keys: slots, skipping: listedKeys)
                } else {
                    try scanner.skipRestOfObject()
                }
                index += 1
                updatePose(world: world) { $0.count = index }
            default:
                if index < 33 { store(RawLandmark(notAnObject: true), at: index, world: world) }
                index += 1
                updatePose(world: world) { $0.count = index }
                try scanner.skipValue()
            }
        }
    }

    /// How many numbers a landmark written as a list holds.
    static let landmarkListLengths = 2...5

    /// A landmark written as a list of numbers, at its first number: x, y, then optional z,
    /// visibility and presence (a Tasks API dump). Any other length, or a value that is not a
    /// number, is not a landmark. `converting`: the slots whose numbers are used; the others
    /// are checked, not converted.
    private mutating func readLandmarkList(converting: UInt8) throws(FormatError) -> RawLandmark {
        var lm = RawLandmark()
        listNumbers.removeAll(keepingCapacity: true)
        let others = try scanner.readNumberElements(converting: UInt64(converting), into: &listNumbers)
        let count = listNumbers.count
        lm.notAnObject = others > 0 || !Self.landmarkListLengths.contains(count)
        for slot in 0..<min(count, 5) where converting >> slot & 1 != 0 {
            let value = listNumbers[slot]
            if value.isNaN {
                lm.members.nonFinite = true
            } else {
                lm.members.values[slot] = value
                lm.members.numbers |= 1 << slot
            }
        }
        return lm
    }

    /// A landmark object's members (the object entered). `converting`: the slots whose numbers
    /// are used; the others are checked, not converted.
    private mutating func readLandmark(converting: UInt8) throws(FormatError) -> RawLandmark {
        var members = noMembers
        while try !scanner.readNumberMembers(slots, skipping: listedKeys, converting: converting, into: &members) {
            noteSkippedKey()
            try scanner.skipValue()
        }
        return RawLandmark(members: members)
    }

    /// Lists the last key read as skipped (`noteSkipped`), comparing it as bytes with the keys
    /// already listed first (a pose object's other keys come back every frame). A key of up to
    /// 16 bytes joins `listedKeys`, which `readNumberMembers` then skips without returning it:
    /// a landmark's `name` is met 33 times a frame.
    private mutating func noteSkippedKey() {
        let key = scanner.key
        if key.count <= 16 {
            if listedKeys.contains(key) { return }
            if listedKeys.count <= maxListedKeys { listedKeys.append(key) }
        }
        noteSkipped(scanner.keyString())
    }

    // MARK: conversion

    /// The places handle for the next frame.
    private mutating func nextFramePlaces() -> FramePlacesHandle {
        if framesOnHandle == FramePlacesHandle.framesPerHandle {
            framePlaces = FramePlacesHandle(places)
            framesOnHandle = 0
        }
        framesOnHandle += 1
        return framePlaces
    }

    /// Converts `raw` into a canonical frame, flagging what cannot be used.
    private mutating func convert() -> PoseFrame {
        var frame = PoseFrame(index: numbering.index(for: raw.number), time: raw.time)
        frame.start = (raw.start, nextFramePlaces())
        convert(into: &frame)
        // Returned from one place, the frame is moved out (returned from each of the steps
        // below, it was copied and the original freed, every frame).
        return frame
    }

    /// `convert()`'s issues and keypoints, into the frame made for them.
    private mutating func convert(into frame: inout PoseFrame) {
        if let issue = raw.numberIssue { frame.issues.append(issue) }
        if let issue = raw.timeIssue { frame.issues.append(issue) }
        if let what = raw.notAFrame {
            frame.issues.append(
                FrameIssue(
                    code: "layout_mismatch", message: "frame at \(frameStart.place) is \(what), not a frame object")
            )
            return
        }
        let useWorld = options.coordinates == .world
        let pose = useWorld ? raw.world : raw.image
        if let t = pose.wrongType {
            frame.issues.append(
                FrameIssue(code: "layout_mismatch", message: "landmarks at \(frameStart.place) are \(t), not a list"))
            return
        }
        guard pose.count > 0 else {
            // After a first frame with both kinds of landmarks, a frame with one kind only.
            let issue =
                if !raw.holdsOnlyOtherCoordinates(world: useWorld) {
                    FrameIssue(code: "no_person", message: "no person detected in this frame")
                } else if useWorld {
                    FrameIssue(code: "no_world_landmarks", message: "no world landmarks in this frame")
                } else {
                    FrameIssue(
                        code: "no_image_landmarks",
                        message: "only world landmarks in this frame; grade them as world coordinates")
                }
            frame.issues.append(issue)
            return
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
            return
        }
        let space = info.space
        for i in 0..<33 {
            guard isWanted(i), let joint = Joint(rawValue: i) else { continue }
            let lm = pose.landmarks[i]
            if lm.notAnObject {
                frame.issues.append(
                    FrameIssue(
                        code: "layout_mismatch", joints: [joint],
                        message:
                            "\(joint) is not a landmark: an object {x, y, …} or a list [x, y, z, visibility, presence] (z and what follows optional)"
                    ))
                continue
            }
            // `NaN` or an infinity (read with allowNonFiniteJSON) in a value the reading uses: a
            // coordinate, or the visibility that says how far to trust them.
            if lm.nonFinite {
                let coordinate = lm.x == nil || lm.y == nil || (useWorld && lm.z == nil)
                let what = coordinate ? "coordinate" : "visibility or presence"
                frame.issues.append(
                    FrameIssue(code: "non_finite", joints: [joint], message: "\(joint) \(what) is not finite"))
                continue
            }
            guard let x = lm.x, let y = lm.y else {
                frame.issues.append(
                    FrameIssue(code: "missing_value", joints: [joint], message: "\(joint) has no x or y"))
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
    }
}
