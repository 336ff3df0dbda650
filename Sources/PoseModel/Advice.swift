// Deviations in words a person can act on (PoseCheck docs, "What is measured, and what 0 means").

extension CheckID {
    /// What to do when the value is above the band (`tooHigh`) or below it.
    public func correction(tooHigh: Bool) -> String {
        switch (self, tooHigh) {
        case (.frontKneeFlexion, true): return "bend the front knee less: step the front foot further forward"
        case (.frontKneeFlexion, false): return "bend the front knee more"
        case (.backKneeFlexion, _): return "straighten the back leg"
        case (.trunkInclination, _): return "lift the chest and bring the torso upright"
        case (.backHipExtension, _):
            return "let the pelvis sink forward and keep the back leg straight behind you, not out to the side"
        case (.feetGrounded, _): return "plant both feet on the floor"
        case (.handsOnFloor, _): return "bring the palms down to the floor"
        case (.handOrder, _): return "place the front-side hand between the front foot and the other hand"
        case (.raisedArmElevation, _): return "reach the raised arm straight up"
        case (.armLine, _): return "line the raised arm up with the arm on the floor"
        case (.gaze, _): return "look up at the fingers of the raised hand"
        }
    }

    /// The measured quantity in words, for a value: "front knee flexed 68° (interior 112°)".
    public func describe(value v: Double) -> String {
        switch self {
        case .frontKneeFlexion:
            // The interior angle exists only for a flexion in [0°, 180°]: never "interior 219°".
            guard (0...180).contains(v) else { return "front knee flexed \(unit.format(v))" }
            return "front knee flexed \(unit.format(v)) (interior \(unit.format(180 - v)))"
        case .backKneeFlexion: return "back knee flexed \(unit.format(v))"
        case .trunkInclination: return "trunk leans \(unit.format(v)) from vertical"
        case .backHipExtension: return "back hip extended \(unit.format(v)) behind the trunk line"
        case .feetGrounded: return "feet \(unit.format(v)) apart in height"
        case .handsOnFloor: return "hand \(unit.format(v)) above the floor"
        case .handOrder: return "hand order margin \(unit.format(v))"
        case .raisedArmElevation: return "raised arm \(unit.format(v)) from vertical"
        case .armLine: return "arms \(unit.format(v)) out of line"
        case .gaze: return "gaze \(unit.format(v)) away from the raised hand"
        }
    }
}

extension CheckResult {
    /// "front knee flexed 68° (interior 112°), 7° short of 90 ± 15°: bend the front knee more";
    /// nil unless the check failed.
    public func advice(band: Band) -> String? {
        guard status == .fail, let v = value, let d = deviation else { return nil }
        let unit = check.unit
        let amount = unit == .degrees ? unit.format(abs(d)) : unit.format(abs(d))
        let side = d > 0 ? "past" : "short of"
        return
            "\(check.describe(value: v)), \(amount) \(side) \(band.describe(unit: unit)): \(check.correction(tooHigh: d > 0))"
    }
}

extension CheckSummary {
    /// "Front knee bend (0° = straight, 90° = right angle): 412 of 600 measured frames outside
    /// 90 ± 15° (median 68°): bend the front knee more".
    public func advice(band: Band) -> String {
        let assessed = passed + failed
        let med = median.map { " (median \(check.unit.format($0)))" } ?? ""
        let tooHigh = failedAbove * 2 >= failed
        return
            "\(check.plainName) (\(check.zeroMeaning)): \(failed) of \(assessed) measured frames outside \(band.describe(unit: check.unit))\(med): \(check.correction(tooHigh: tooHigh))"
    }
}

extension CheckID {
    /// The check in plain words, for people: "Front knee bend".
    public var plainName: String {
        switch self {
        case .frontKneeFlexion: return "Front knee bend"
        case .backKneeFlexion: return "Back knee bend"
        case .trunkInclination: return "Trunk lean"
        case .backHipExtension: return "Back hip stretch"
        case .feetGrounded: return "Feet height difference"
        case .handsOnFloor: return "Hands above the floor"
        case .handOrder: return "Hand order"
        case .raisedArmElevation: return "Raised arm off vertical"
        case .armLine: return "Arms off one line"
        case .gaze: return "Gaze off the hand"
        }
    }
}
