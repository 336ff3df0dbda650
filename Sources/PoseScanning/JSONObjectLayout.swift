// Objects written the same way as the one before: read by comparing bytes.
//
// A recording repeats one object thousands of times (a landmark: `{"x": …, "y": …, "z": …,
// "visibility": …}`), each written by the same code: the same keys in the same order with the
// same whitespace, only the values differ. Once the general steps have read one such object
// (every rule checked: the grammar, the keys, duplicates), its bytes around the values are
// learnt; the next object whose bytes around its values are the same, and whose values are
// numbers of the usual shape or plain strings, is read by comparing those bytes and converting
// the numbers. Nothing is parsed twice: the bytes compared are ones the scanner has checked,
// so the grammar stays the scanner's, and an object that differs anywhere (a key, a space, a
// value of another kind, an error) is read by the general steps, which then learn it.

/// How an object of number members was written: the bytes before each value (from the
/// object's `{` or the value before it, its key and `:` among them), the bytes after the last
/// value through the `}`, and what each value was (a number, or a plain string) and for which
/// slot. Learnt by `JSONScanner.learnLayout`, used by `JSONScanner.nextElementAsLearnt`.
/// A reference: the reader that holds it learns into it in place.
package final class JSONObjectLayout {
    /// The longest run of bytes between two values that is learnt, and the most values.
    static let maxGap = 64
    static let maxValues = 16
    private static let gapWords = maxGap / 8

    /// Each gap's bytes as words, first byte lowest, zero past its length: `gapWords` words a
    /// gap, the gap before value `k` at `k`, the closing one at `valueCount`.
    fileprivate let words: UnsafeMutablePointer<UInt64>
    fileprivate let lengths: UnsafeMutablePointer<Int>
    /// Each gap's last word (its index among the gap's words), and the mask of the gap's
    /// bytes in it.
    fileprivate let lastWords: UnsafeMutablePointer<Int>
    fileprivate let lastMasks: UnsafeMutablePointer<UInt64>
    /// Each value's slot among the keys asked for (-1: a key of another name).
    fileprivate let slots: UnsafeMutablePointer<Int8>
    /// The values that are plain strings, a bit each (the others are numbers).
    fileprivate var strings: UInt16 = 0
    /// The number of values; 0 when nothing is learnt.
    fileprivate var valueCount = 0
    /// The slots the keys name.
    fileprivate var met: UInt8 = 0

    package init() {
        let gaps = Self.maxValues + 1
        words = .allocate(capacity: gaps * Self.gapWords)
        lengths = .allocate(capacity: gaps)
        lastWords = .allocate(capacity: gaps)
        lastMasks = .allocate(capacity: gaps)
        slots = .allocate(capacity: Self.maxValues)
    }

    deinit {
        words.deallocate()
        lengths.deallocate()
        lastWords.deallocate()
        lastMasks.deallocate()
        slots.deallocate()
    }

    /// Whether bytes `p[i...]` begin with gap `gap` (the caller has made 64 bytes readable):
    /// its words compared, the last one masked to the gap's length.
    @inline(__always)
    fileprivate func matches(gap: Int, _ p: UnsafeRawPointer, at i: Int) -> Bool {
        let expected = words + gap &* Self.gapWords
        let last = lastWords[gap]
        var diff = (ByteMasks.load(p, i &+ 8 &* last) & lastMasks[gap]) ^ expected[last]
        var k = 0
        while k < last {
            diff |= ByteMasks.load(p, i &+ 8 &* k) ^ expected[k]
            k &+= 1
        }
        return diff == 0
    }

    /// Records `bytes[range]` as gap `gap` (`p` has 8 readable bytes past the range's end);
    /// false when it is too long.
    fileprivate func setGap(_ gap: Int, _ p: UnsafeRawPointer, _ range: Range<Int>) -> Bool {
        let n = range.count
        guard n <= Self.maxGap else { return false }
        let gapWords = words + gap * Self.gapWords
        for w in 0..<Self.gapWords {
            let bytes = n - 8 * w
            let word = bytes > 0 ? ByteMasks.load(p, range.lowerBound + 8 * w) : 0
            gapWords[w] = bytes >= 8 ? word : word & ((1 << UInt64(8 * max(bytes, 0))) - 1)
        }
        lengths[gap] = n
        // A gap is never empty: it holds at least a `:` or a `}`.
        lastWords[gap] = (n - 1) / 8
        let lastBytes = n - 8 * lastWords[gap]
        lastMasks[gap] = lastBytes == 8 ? ~0 : (1 << UInt64(8 * lastBytes)) - 1
        return true
    }

    /// Learning waits: after an object that could not be learnt, or a layout that no object
    /// matched, the next `wait` objects the general steps read are not learnt from, the wait
    /// doubling (up to `maxWait`) until a layout is matched again. Objects that vary then cost
    /// little more than the general steps.
    fileprivate var wait = 0
    fileprivate var backoff = 0
    fileprivate var matched = false
    private static let maxWait = 1024

    fileprivate func pause() {
        valueCount = 0
        backoff = min(max(1, 2 * backoff), Self.maxWait)
        wait = backoff
    }
}

extension JSONScanner {
    /// In an array, where `nextElement` would step to the next element: when that element is
    /// an object written byte for byte as the one `layout` learnt but for its values, and its
    /// values are numbers of the usual shape (`DecimalNumber.shape`) or plain strings as there,
    /// reads it into `members` as `readNumberMembers` would (`converting` as there) and returns
    /// true. Otherwise returns false having read nothing: the general steps read the element.
    @inline(__always)
    package mutating func nextElementAsLearnt(
        _ layout: JSONObjectLayout, converting: UInt8, into members: inout JSONNumberMembers
    ) -> Bool {
        let valueCount = layout.valueCount
        guard valueCount > 0, started, depth < Self.maxDepth else { return false }
        let p = window.start
        let end = window.count
        var i = window.pos
        let first = filled & 1 != 0 ? Self.byteAfterComma(p, &i) : Self.skipSpaceInPlace(p, &i)
        guard first == UInt8(ascii: "{") else { return false }
        let objectStart = i
        var numbers: UInt8 = 0
        for value in 0..<valueCount {
            guard end &- i >= 2 * ByteWindow.padding, layout.matches(gap: value, p, at: i) else { return false }
            i &+= layout.lengths[value]
            let at = UnsafePointer(p + i)
            if layout.strings >> UInt16(value) & 1 != 0 {
                let close = Self.plainEnd(p, from: i &+ 1)
                guard at[0] == UInt8(ascii: "\""), p[close] == UInt8(ascii: "\"") else { return false }
                i = close &+ 1
                continue
            }
            // The gap after the number begins with a byte that cannot continue it.
            guard let shape = DecimalNumber.shape(at, grammar: .json) else { return false }
            let slot = layout.slots[value]
            if slot >= 0, converting >> UInt8(slot) & 1 != 0 {
                guard let number = DecimalNumber.value(at, shape) else { return false }
                members.values[Int(slot)] = number
                numbers |= 1 << UInt8(slot)
            }
            i &+= shape.end
        }
        guard end &- i >= ByteWindow.padding, layout.matches(gap: valueCount, p, at: i) else { return false }
        members.met = layout.met
        members.numbers = numbers
        layout.matched = true
        window.pos = i &+ layout.lengths[valueCount]
        filled |= 1
        tokenOffset = window.base + objectStart
        return true
    }

    /// Where the element `nextElement` or `nextElementEnteringObject` stepped to starts
    /// (absolute): for `learnLayout` once the element is read.
    package var elementStart: Int { tokenOffset }

    /// Learns into `layout` how the object that begins at absolute offset `start` and ends at
    /// the cursor was written (the general steps have just read it, through its `}`), naming
    /// each value's slot among `keys`, unless learning waits (`JSONObjectLayout.wait`). Its
    /// other keys must be among `skipping` (`readNumberMembers` would not return them either).
    /// An object that cannot be learnt leaves `layout` empty, and learning waits: another key,
    /// a value other than a number or a plain string, a key with escapes or other than
    /// printable ASCII, a gap longer than `maxGap`, more than `maxValues` values, or the
    /// object's start gone from the window. So does a layout that no object matched before
    /// this one.
    package mutating func learnLayout(
        _ layout: JSONObjectLayout, ofObjectAt start: Int, keys: JSONNumberKeys, skipping: [JSONKeyText] = []
    ) {
        if layout.wait > 0 {
            layout.wait -= 1
            return
        }
        if layout.valueCount > 0 && !layout.matched {
            layout.pause()
            return
        }
        if layout.matched { layout.backoff = 0 }
        layout.valueCount = 0
        if !readLayout(into: layout, ofObjectAt: start, keys: keys, skipping: skipping) { layout.pause() }
    }

    /// `learnLayout`'s reading of the object's bytes (checked by the general steps): true
    /// when `layout` holds them.
    private func readLayout(
        into layout: JSONObjectLayout, ofObjectAt start: Int, keys: JSONNumberKeys, skipping: [JSONKeyText]
    ) -> Bool {
        let p = window.start
        let end = window.pos
        var i = start - window.base
        guard i >= 0, p[i] == UInt8(ascii: "{") else { return false }
        var gapStart = i
        var values = 0
        var strings: UInt16 = 0
        var met: UInt8 = 0
        i += 1
        while i < end {
            var b = Self.skipSpaceInPlace(p, &i)
            if b == UInt8(ascii: "}") {
                guard layout.setGap(values, p, gapStart..<(i + 1)) else { return false }
                layout.strings = strings
                layout.met = met
                layout.valueCount = values
                layout.matched = false
                return true
            }
            if b == UInt8(ascii: ",") {
                i += 1
                b = Self.skipSpaceInPlace(p, &i)
            }
            let keyEnd = Self.plainEnd(p, from: i + 1)
            guard b == UInt8(ascii: "\""), p[keyEnd] == UInt8(ascii: "\""), values < JSONObjectLayout.maxValues else {
                return false
            }
            let count = keyEnd - i - 1
            guard count <= 16 else { return false }
            let text = JSONKeyText(plain: UnsafeRawPointer(p + i + 1), count: count)
            let slot = keys.names.firstIndex(of: text) ?? -1
            guard slot >= 0 || skipping.contains(text) else { return false }
            i = keyEnd + 1
            guard Self.skipSpaceInPlace(p, &i) == UInt8(ascii: ":") else { return false }
            i += 1
            let valueStart = Self.skipSpaceInPlace(p, &i)
            guard layout.setGap(values, p, gapStart..<i) else { return false }
            if valueStart == UInt8(ascii: "\"") {
                let close = Self.plainEnd(p, from: i + 1)
                guard p[close] == UInt8(ascii: "\"") else { return false }
                strings |= 1 << UInt16(values)
                i = close + 1
            } else if valueStart == UInt8(ascii: "-") || valueStart &- UInt8(ascii: "0") < 10 {
                i += 1
                while Self.continuesNumber(p[i]) { i += 1 }
            } else {
                return false
            }
            layout.slots[values] = Int8(slot)
            if slot >= 0 { met |= 1 << UInt8(slot) }
            values += 1
            gapStart = i
        }
        return false
    }
}
