// COCO-17 keypoints: a dataset file (`images` + `annotations` with
// `keypoints: [x, y, v] × 17`, v = 0 not labelled, 1 labelled but hidden, 2 visible) or a
// results file (a list of `{image_id, keypoints, score}` where the third value is a
// confidence). One frame per image, in image-id order; pixels. A dataset's annotations must be
// grouped by image, so the document is read whole, on demand, into compact annotations (their
// numbers only, no JSON tree: about 0.4 KB an annotation).
//
// Visibility → confidence: v = 2 → 1, v = 1 → 0.5 (the annotator's estimate: kept at the
// default threshold), v = 0 → not detected. Defects: v = 0 with a non-zero position
// (`inconsistent_visibility`, on those joints), `num_keypoints` that disagrees with the v flags
// (`num_keypoints_mismatch`), an annotation whose image is not listed (`unknown_image`, a frame
// of its own after the listed images), a keypoint list that is not 3 × 17 long (`layout_mismatch`),
// several people on an image (the `--person` rule, reported).
import PoseModel
import PoseScanning

package struct COCOReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    /// One annotation as read: its keypoint values (nil when there is no list; NaN for one
    /// that is no finite number) and `num_keypoints`.
    struct Annotation {
        var keypoints: [Double]?
        /// How many keypoint values the list holds, and how many of them are finite numbers.
        var count: Int { keypoints?.count ?? 0 }
        var numbers: Int { keypoints?.count { !$0.isNaN } ?? 0 }
        var numKeypoints: Double?
        var hasImageID = false
    }
    private struct Image {
        var id: Double
        var annotations: [Annotation]
        var listed: Bool
    }
    private var images: [Image] = []
    private var next = 0
    private let results: Bool
    private let options: ReadOptions
    private var tracker: PersonTracker

    private static let annotationsKey = JSONKeyName("annotations")
    private static let imagesKey = JSONKeyName("images")
    private static let idKey = JSONKeyName("id")
    private static let imageIDKey = JSONKeyName("image_id")
    private static let keypointsKey = JSONKeyName("keypoints")
    private static let numKeypointsKey = JSONKeyName("num_keypoints")
    private static let topLevelKeys: Set = ["info", "licenses", "images", "annotations", "categories"]
    private static let annotationKeys: Set = [
        "id", "image_id", "category_id", "keypoints", "num_keypoints", "bbox", "area", "iscrowd", "segmentation",
        "score",
    ]

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        tracker = PersonTracker(rule: options.person)
        guard options.coordinates == .image else { throw KeypointJSONReader.noWorld(path, "COCO") }
        var scanner = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        guard let first = try scanner.next() else { throw scanner.error("empty_input", "the input is empty") }
        let start = scanner.eventLocation
        var byImage: [Double: [Annotation]] = [:]
        var listed: [Double] = []
        var unknownTop: [String] = []
        var unknownInAnnotations: [String] = []
        var isDataset = false
        var allResults = first == .beginArray
        if first == .beginObject {
            while try scanner.nextMember() {
                if scanner.keyIs(Self.annotationsKey), case .array = try scanner.peekKind() {
                    isDataset = true
                    try scanner.enter()
                    while try scanner.nextElement() {
                        let (id, a) = try Self.readAnnotation(&scanner, unknown: &unknownInAnnotations)
                        if let id { byImage[id, default: []].append(a) }
                    }
                } else if scanner.keyIs(Self.imagesKey), case .array = try scanner.peekKind() {
                    try scanner.enter()
                    while try scanner.nextElement() {
                        if let id = try Self.readImageID(&scanner) { listed.append(id) }
                    }
                } else {
                    let key = scanner.keyString()
                    if !Self.topLevelKeys.contains(key) { unknownTop.append(key) }
                    try scanner.skipValue()
                }
            }
        } else if first == .beginArray {
            while try scanner.nextElement() {
                let (id, a) = try Self.readAnnotation(&scanner, unknown: &unknownInAnnotations)
                allResults = allResults && a.hasImageID && a.keypoints != nil
                if let id { byImage[id, default: []].append(a) }
            }
        } else {
            try scanner.skip(after: first)
        }
        _ = try scanner.next()  // only the end may follow: anything else is an error
        if isDataset {
            results = false
        } else if allResults {
            results = true
            listed = byImage.keys.sorted()
        } else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this JSON is not COCO keypoints: expected \"annotations\" or a list of {image_id, keypoints}",
                path: path, location: start)
        }
        let known = Set(listed)
        images = listed.sorted().map { Image(id: $0, annotations: byImage[$0] ?? [], listed: true) }
        images += byImage.keys.filter { !known.contains($0) }.sorted().map {
            Image(id: $0, annotations: byImage[$0] ?? [], listed: false)
        }
        var notes = [
            results
                ? "COCO results: the third keypoint value is a confidence"
                : "COCO dataset: v = 2 → confidence 1, v = 1 (hidden) → 0.5, v = 0 → not detected",
            "one frame per image, in image-id order",
        ]
        if let note = skippedKeysNote(unknownTop + unknownInAnnotations) { notes.append(note) }
        info = RecordingInfo(
            format: PoseFormat.cocoJSON.rawValue, space: .imagePixels, frameRate: options.frameRate,
            timeSource: options.frameRate.map { _ in ReadOptions.frameRateSource }, notes: notes, skeleton: "coco-17")
    }

    /// An element of `images`, on demand: its `id` when that is a number.
    private static func readImageID(_ scanner: inout JSONScanner) throws(FormatError) -> Double? {
        guard case .object = try scanner.peekKind() else {
            try scanner.skipValue()
            return nil
        }
        try scanner.enter()
        var id: Double?
        while try scanner.nextMember() {
            if scanner.keyIs(idKey), case .number = try scanner.peekKind() {
                id = try scanner.number()
            } else {
                try scanner.skipValue()
            }
        }
        return id
    }

    /// An annotation (or a result), on demand: its image id when that is a finite number, and
    /// its keypoints; keys COCO does not define are added to `unknown` (each once).
    private static func readAnnotation(_ scanner: inout JSONScanner, unknown: inout [String]) throws(FormatError) -> (
        Double?, Annotation
    ) {
        var a = Annotation()
        var id: Double?
        guard case .object = try scanner.peekKind() else {
            try scanner.skipValue()
            return (nil, a)
        }
        try scanner.enter()
        while try scanner.nextMember() {
            if scanner.keyIs(imageIDKey) {
                a.hasImageID = true
                if case .number = try scanner.peekKind() {
                    id = try scanner.number()
                } else {
                    try scanner.skipValue()
                }
            } else if scanner.keyIs(keypointsKey), case .array = try scanner.peekKind() {
                try scanner.enter()
                var values: [Double] = []
                values.reserveCapacity(51)
                if try scanner.nextElement() { _ = try scanner.readNumberElements(into: &values) }
                a.keypoints = values
            } else if scanner.keyIs(numKeypointsKey), case .number = try scanner.peekKind() {
                a.numKeypoints = try scanner.number()
            } else {
                let key = scanner.keyString()
                if key == "keypoints" { a.keypoints = [] }  // present, but not a list: no values
                if !annotationKeys.contains(key), !unknown.contains(key) { unknown.append(key) }
                try scanner.skipValue()
            }
        }
        return (id, a)
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard next < images.count else { return nil }
        let image = images[next]
        var frame = PoseFrame(index: next)
        next += 1
        let imageID = formatNumber(image.id, digits: 0)
        guard image.listed else {
            frame.issues.append(
                FrameIssue(
                    code: "unknown_image", message: "annotations for image \(imageID), which is not in \"images\""))
            return frame
        }
        var people: [RawPerson] = []
        var personProblems: [[FrameIssue]] = []
        var problems: [FrameIssue] = []  // annotations that are no person at all
        for a in image.annotations {
            guard let k = a.keypoints, a.numbers == a.count, a.count == 51 else {
                let message =
                    a.count == 51
                    ? "image \(imageID): an annotation's keypoints hold a value that is not a finite number"
                    : "image \(imageID): an annotation has \(a.count) keypoint values, COCO-17 has 51"
                problems.append(FrameIssue(code: "layout_mismatch", message: message))
                continue
            }
            var pts: [RawPoint?] = []
            var inconsistent: [Joint] = []
            var labelled = 0
            for i in 0..<17 {
                let x = k[3 * i]
                let y = k[3 * i + 1]
                let v = k[3 * i + 2]
                if results {
                    pts.append(RawPoint(x: x, y: y, z: 0, confidence: v))
                    continue
                }
                if v > 0 { labelled += 1 }
                if v == 0 && (x != 0 || y != 0), let j = KeypointLayout.coco17.joints[i] { inconsistent.append(j) }
                pts.append(v == 0 ? nil : RawPoint(x: x, y: y, z: 0, confidence: v >= 2 ? 1 : 0.5))
            }
            var mine: [FrameIssue] = []
            if !inconsistent.isEmpty {
                mine.append(
                    FrameIssue(
                        code: "inconsistent_visibility", joints: inconsistent,
                        message:
                            "v = 0 (not labelled) but a position is given: \(inconsistent.map(\.description).joined(separator: ", "))"
                    ))
            }
            if !results, let n = a.numKeypoints, Int(exactly: n) != labelled {
                mine.append(
                    FrameIssue(
                        code: "num_keypoints_mismatch",
                        message:
                            "image \(imageID): num_keypoints is \(formatNumber(n, digits: 0)) but \(labelled) keypoints have v > 0"
                    ))
            }
            people.append(RawPerson(points: pts))
            personProblems.append(mine)
        }
        frame.issues += problems.map { p in
            var p = p
            if p.code == "layout_mismatch" && !people.isEmpty { p.informational = true }
            return p
        }
        guard !people.isEmpty else {
            tracker.nobody()
            if problems.isEmpty {
                frame.issues.append(FrameIssue(code: "no_person", message: "no annotation for image \(imageID)"))
            }
            return frame
        }
        guard let chosen = frame.choosePerson(people, tracker: &tracker, noun: "annotated") else { return frame }
        frame.issues += personProblems[chosen]
        frame.place(people[chosen], layout: KeypointLayout.coco17.joints, space: info.space, only: options.joints)
        return frame
    }
}
