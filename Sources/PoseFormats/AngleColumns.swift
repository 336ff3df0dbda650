// The column vocabulary of joint-angle exports, and how each column becomes a quantity in
// PoseCheck's conventions (PoseModel's `MeasuredValues`). One mechanism for every container
// (.mot/.sto, CSV, JSON): a header is mapped to channels, channels to rules, and each row's
// cells through the rules.
//
// Conventions (PoseCheck docs, "Joint-angle exports"):
// - OpenSim coordinates: `knee_angle_r/_l` flexion with a model-dependent sign (`KneeSign`);
//   `hip_flexion_*` positive = flexion; `lumbar_extension` positive = extension, or, in Pose2Sim's
//   model, the lumbar chain `L5_S1_Flex_Ext`, `L4_L5_Flex_Ext`, … `L1_T12_Flex_Ext` (assumed the
//   same sense), whose sum stands for it; `pelvis_tilt`. All rotate about the same axis, so in
//   the sagittal plane the trunk's tilt from vertical is pelvis_tilt + lumbar_extension and the
//   thigh's angle to the trunk line is hip_flexion − lumbar_extension.
//   Arm checks need the model's geometry and trunk rotation: not derived.
// - Sports2D: `right knee` 0 = straight, positive = flexed; `right hip` 0 = thigh along the
//   trunk, negative = behind it; `trunk` segment 90 = upright; `right arm` segment (shoulder→
//   elbow) anticlockwise from horizontal-forward, 90 = straight up. The arm segment stands for
//   shoulder→wrist, which is exact for a straight elbow (the raised arm of the twist is straight).
// - Generic: our own metrics by name (`front_knee_flexion`, `left_knee_flexion`, …), in degrees
//   (distances in leg lengths), in our conventions.
import PoseModel
import PoseScanning

/// How an OpenSim model signs knee flexion.
public enum KneeSign: String, Sendable, CaseIterable {
    /// Decide from the data: when most knee values are negative, the model counts flexion
    /// negative (gait2392/2354); otherwise positive (Rajagopal, Pose2Sim).
    case auto
    /// Positive = flexion (Rajagopal, LaiUhlrich, Pose2Sim models).
    case positive
    /// Negative = flexion (gait2392, gait2354).
    case negative
}

/// One column's meaning.
enum AngleChannel: Hashable {
    case openSimKnee(Side), openSimHipFlexion(Side), lumbarExtension, pelvisTilt
    /// A joint of Pose2Sim's lumbar chain above L5–S1 (1: L4–L5, … 5: L1–T12), added to
    /// `lumbarExtension` (L5–S1).
    case lumbarChain(Int)
    case sports2DKnee(Side), sports2DHip(Side), sports2DTrunk, sports2DArm(Side)
    case check(CheckID)
    case side(SideQuantity, Side)

    enum Vocabulary: String { case openSim = "OpenSim", sports2D = "Sports2D", generic = "PoseCheck" }

    var vocabulary: Vocabulary {
        switch self {
        case .openSimKnee, .openSimHipFlexion, .lumbarExtension, .lumbarChain, .pelvisTilt: return .openSim
        case .sports2DKnee, .sports2DHip, .sports2DTrunk, .sports2DArm: return .sports2D
        case .check, .side: return .generic
        }
    }

    /// Angles are range-checked and converted from radians; distances are not.
    var isAngle: Bool {
        if case .check(let c) = self { return c.unit == .degrees }
        return true
    }

    /// Joints the value stands for (a flagged cell makes the checks on them not assessable).
    var joints: [Joint] {
        switch self {
        case .openSimKnee(let s), .sports2DKnee(let s): return [.knee(s)]
        case .openSimHipFlexion(let s), .sports2DHip(let s): return [.hip(s)]
        case .sports2DArm(let s): return [.shoulder(s), .wrist(s)]
        case .lumbarExtension, .lumbarChain, .pelvisTilt, .sports2DTrunk:
            return [.leftHip, .rightHip, .leftShoulder, .rightShoulder]
        case .check(let c): return c.joints.sorted { $0.rawValue < $1.rawValue }
        case .side(let q, let s):
            switch q {
            case .kneeFlexion: return [.knee(s)]
            case .hipExtension: return [.hip(s)]
            case .armElevation, .armDirection: return [.shoulder(s), .wrist(s)]
            }
        }
    }

    /// The channel a column label names, if any. Case, spaces, `-` and `_` do not matter.
    init?(label: String) {
        if let c = Self.table[vocabularyKey(label, droppingDots: false)] { self = c } else { return nil }
    }

    private static let table: [String: AngleChannel] = {
        var t: [String: AngleChannel] = [
            "lumbarextension": .lumbarExtension, "l5s1flexext": .lumbarExtension, "pelvistilt": .pelvisTilt,
            "trunk": .sports2DTrunk,
        ]
        for (k, joint) in ["l4l5", "l3l4", "l2l3", "l1l2", "l1t12"].enumerated() {
            t[joint + "flexext"] = .lumbarChain(k + 1)
        }
        for s in Side.allCases {
            let r = s == .left ? "l" : "r"
            let w = s.rawValue
            t["kneeangle" + r] = .openSimKnee(s)
            t["hipflexion" + r] = .openSimHipFlexion(s)
            t[w + "knee"] = .sports2DKnee(s)
            t[w + "hip"] = .sports2DHip(s)
            t[w + "arm"] = .sports2DArm(s)
            t[w + "kneeflexion"] = .side(.kneeFlexion, s)
            t[w + "hipextension"] = .side(.hipExtension, s)
            t[w + "armelevation"] = .side(.armElevation, s)
        }
        for c in CheckID.allCases { t[c.rawValue.lowercased()] = .check(c) }
        return t
    }()
}

/// A header mapped to channels, and the rules that turn one row's channel values into
/// measured quantities.
struct AngleMapping {
    struct Rule {
        enum Target { case check(CheckID), side(SideQuantity, Side) }
        var target: Target
        var inputs: [Int]  // channel slots
        var combine: ([Double]) -> Double
    }

    /// Channel of each slot, and its label.
    private(set) var channels: [(channel: AngleChannel, label: String)] = []
    private var slotOf: [AngleChannel: Int] = [:]
    private(set) var rules: [Rule] = []
    private(set) var notes: [String] = []
    /// Labels that named a channel another column already gave.
    private(set) var duplicates: [String] = []

    /// Adds a column; returns its slot, or nil when the label is not an angle column.
    mutating func add(label: String) -> Int? {
        guard let c = AngleChannel(label: label) else { return nil }
        if slotOf[c] != nil {
            duplicates.append(label)
            return nil
        }
        slotOf[c] = channels.count
        channels.append((c, label))
        return channels.count - 1
    }

    var isEmpty: Bool { channels.isEmpty }

    /// The vocabulary most columns use.
    var vocabulary: AngleChannel.Vocabulary {
        var counts: [AngleChannel.Vocabulary: Int] = [:]
        for c in channels { counts[c.channel.vocabulary, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key
            ?? .generic
    }

    var hasOpenSimKnee: Bool { slotOf[.openSimKnee(.left)] != nil || slotOf[.openSimKnee(.right)] != nil }

    func slot(_ c: AngleChannel) -> Int? { slotOf[c] }

    /// Builds the rules. `kneeFlexionSign` is +1 or −1 for OpenSim knees.
    mutating func buildRules(kneeFlexionSign: Double) {
        rules = []
        func rule(_ t: Rule.Target, _ inputs: [AngleChannel], _ f: @escaping ([Double]) -> Double) {
            let slots = inputs.compactMap { slotOf[$0] }
            guard slots.count == inputs.count else { return }
            rules.append(Rule(target: t, inputs: slots, combine: f))
        }
        // Lumbar extension: its column, with the rest of the lumbar chain when the model has one.
        let lumbarColumns: [AngleChannel] =
            slotOf[.lumbarExtension] == nil
            ? [] : [.lumbarExtension] + (1...5).map(AngleChannel.lumbarChain).filter { slotOf[$0] != nil }
        let lumbar = !lumbarColumns.isEmpty
        let lumbarName = lumbarColumns.compactMap { slotOf[$0].map { channels[$0].label } }.joined(separator: " + ")
        let lumbarTerm = lumbarColumns.count > 1 ? "(\(lumbarName))" : lumbarName
        for s in Side.allCases {
            rule(.side(.kneeFlexion, s), [.openSimKnee(s)]) { kneeFlexionSign * $0[0] }
            rule(.side(.kneeFlexion, s), [.sports2DKnee(s)]) { $0[0] }
            if lumbar {
                rule(.side(.hipExtension, s), [.openSimHipFlexion(s)] + lumbarColumns) {
                    $0.dropFirst().reduce(0, +) - $0[0]
                }
            } else {
                rule(.side(.hipExtension, s), [.openSimHipFlexion(s)]) { -$0[0] }
            }
            rule(.side(.hipExtension, s), [.sports2DHip(s)]) { -$0[0] }
            rule(.side(.armDirection, s), [.sports2DArm(s)]) { $0[0] }
            for q in [SideQuantity.kneeFlexion, .hipExtension, .armElevation] {
                rule(.side(q, s), [.side(q, s)]) { $0[0] }
            }
        }
        if lumbar { rule(.check(.trunkInclination), [.pelvisTilt] + lumbarColumns) { abs($0.reduce(0, +)) } }
        rule(.check(.trunkInclination), [.sports2DTrunk]) { angularDistance($0[0], 90) }
        for c in CheckID.allCases { rule(.check(c), [.check(c)]) { $0[0] } }

        func has(_ c: AngleChannel) -> Bool { slotOf[c] != nil }
        func either(_ c: (Side) -> AngleChannel) -> Bool { has(c(.left)) || has(c(.right)) }
        notes = []
        if either(AngleChannel.openSimKnee) {
            notes.append("knee flexion ← \(kneeFlexionSign > 0 ? "" : "−")knee_angle_*")
        }
        if either(AngleChannel.openSimHipFlexion) {
            notes.append(
                lumbar
                    ? "back hip extension ← \(lumbarTerm) − hip_flexion_* (the thigh against the trunk line)"
                    : "back hip extension ← −hip_flexion_* (against the pelvis: without a lumbar_extension column the trunk's posture is not accounted for)"
            )
        }
        if has(.pelvisTilt) && lumbar {
            notes.append(
                "trunk inclination ← |pelvis_tilt + \(lumbarName)| (sagittal plane only: pelvis list, bending and rotations are ignored)"
            )
        }
        if either(AngleChannel.sports2DArm) {
            notes.append(
                "raised arm and arm line ← the Sports2D arm segments (shoulder→elbow), exact when the elbows are straight"
            )
        }
    }

    /// The checks these columns can give, for the note on what is not in the export.
    var derivableChecks: Set<CheckID> {
        var sides: Set<String> = []
        var checks: Set<CheckID> = []
        for r in rules {
            switch r.target {
            case .check(let c): checks.insert(c)
            case .side(let q, let s): sides.insert("\(q.rawValue)\(s.rawValue)")
            }
        }
        func both(_ q: SideQuantity) -> Bool {
            sides.contains("\(q.rawValue)left") && sides.contains("\(q.rawValue)right")
        }
        if both(.kneeFlexion) { checks.formUnion([.frontKneeFlexion, .backKneeFlexion]) }
        if both(.hipExtension) { checks.insert(.backHipExtension) }
        if both(.armElevation) || both(.armDirection) { checks.insert(.raisedArmElevation) }
        if both(.armDirection) { checks.insert(.armLine) }
        return checks
    }

    /// A note naming the checks the export cannot give.
    var missingNote: String? {
        let have = derivableChecks
        let missing = CheckID.allCases.filter { !have.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "not in this export (reported as not assessable; frames are graded on the checks it carries): "
            + missing.map(\.rawValue).joined(separator: ", ")
    }
}

/// One row's channel values as read, converted to degrees, with defects flagged on the frame.
struct AngleRow {
    var entries: [MeasuredValues.Entry]

    init(count: Int) { entries = Array(repeating: .absent, count: count) }

    /// Applies the rules: a flagged input flags the result.
    func measured(_ mapping: AngleMapping) -> MeasuredValues {
        var m = MeasuredValues()
        var inputs: [Double] = []
        for r in mapping.rules {
            inputs.removeAll(keepingCapacity: true)
            var result: MeasuredValues.Entry?
            for s in r.inputs {
                switch entries[s] {
                case .value(let v): inputs.append(v)
                case .flagged(let i): result = result ?? .flagged(issue: i)
                case .absent: result = result ?? .absent
                }
            }
            let e = result ?? .value(r.combine(inputs))
            switch r.target {
            case .check(let c): if m[c] == .absent { m[c] = e }
            case .side(let q, let s): if m[q, s] == .absent { m[q, s] = e }
            }
        }
        return m
    }

    /// Records one cell: its number, or the defect as a frame issue. The cell's text and place
    /// are only made into strings for a defect.
    mutating func set(
        _ slot: Int, _ parsed: ParsedNumber?, text: @autoclosure () -> String, channel: AngleChannel,
        label: String, radians: Bool, place: @autoclosure () -> String, frame: inout PoseFrame
    ) {
        func flag(_ code: String, _ message: String) {
            frame.issues.append(FrameIssue(code: code, joints: channel.joints, message: message))
            entries[slot] = .flagged(issue: frame.issues.count - 1)
        }
        switch parsed {
        case nil: flag("missing_value", "\(label) is empty (\(place()))")
        case .nonFinite?: flag("non_finite", "\(label) is not finite (\(place()))")
        case .invalid?: flag("unparseable_number", "\(label): \"\(text())\" is not a number (\(place()))")
        case .value(var v)?:
            if radians && channel.isAngle { v *= 180 / .pi }
            if channel.isAngle && abs(v) > 180 {
                flag(
                    "angle_discontinuity",
                    "\(label) is \(formatNumber(v, digits: 1))°, beyond ±180° (an unwrapped angle; \(place()))")
            } else {
                entries[slot] = .value(v)
            }
        }
    }
}
