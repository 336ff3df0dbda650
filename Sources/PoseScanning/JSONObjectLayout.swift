// Objects written the same way as the one before: read by comparing bytes.
//
// A recording repeats one object thousands of times (a landmark: `{"x": …, "y": …, "z": …,
// "visibility": …}`), each written by the same code: the same keys with the same whitespace,
// only the values differ. Once the general steps have read one such object (every rule
// checked: the grammar, the keys, duplicates), the bytes around its values are learnt: its
// opening (`{` and the whitespace after it), each key with its `:` and the whitespace around
// it, the separator between members (`, `), and its closing (`}` and the whitespace before
// it). An object made of those same pieces, its keys in any order and each at most once, its
// values numbers of the usual shape or plain strings as the learnt ones were, is read by
// comparing the pieces and converting the numbers. Nothing is parsed twice: the bytes compared
// are ones the scanner has checked, so the grammar stays the scanner's, and an object that
// differs anywhere (another key or space, a value of another kind, an error) is read by the
// general steps, which then learn it.
//
// A list of numbers (a landmark written `[0.48, 0.25, 0.0, 0.95]`) is learnt the same way: its
// opening (`[` and the whitespace after it), the separator between its numbers and its
// closing; a later list of as many numbers between the same pieces is read by comparing them.

/// How an object of number members was written (the pieces above), and what each key's value
/// was (a number, or a plain string) and for which slot; or how a list of numbers was written
/// (each number's slot is its position). Learnt by `JSONScanner.learnLayout`, used by
/// `JSONScanner.nextElementAsLearnt`. A reference: the reader that holds it learns into it in
/// place.
package final class JSONObjectLayout {
    /// The longest piece that is learnt, and the most keys.
    static let maxPiece = 64
    static let maxKeys = 16
    /// The slots a number can be read into (`JSONNumberMembers.values`).
    static let slotCount = 8
    private static let pieceWords = maxPiece / 8
    /// The pieces: the opening, the separator, the closing, then one per key, then one per key
    /// with what leads to it in the learnt order (the opening before the first key, the
    /// separator before the others): an object in that order is read a piece a member.
    fileprivate static let opening = 0
    fileprivate static let separator = 1
    fileprivate static let closing = 2
    fileprivate static let firstKey = 3
    fileprivate static let firstLead = firstKey + maxKeys

    /// Each piece's bytes, `pieceWords` words a piece (what follows a piece's length in them is
    /// never compared).
    private let words: UnsafeMutablePointer<UInt64>
    fileprivate let lengths: UnsafeMutablePointer<Int>
    /// Each piece's last block of 16 bytes (its index among the piece's blocks), and the bits
    /// of the piece's bytes in it (bit k for its byte k).
    private let lastBlocks: UnsafeMutablePointer<Int>
    private let lastBlockMasks: UnsafeMutablePointer<UInt32>
    /// Each key's slot among the keys asked for (-1: a key of another name), and the slot as a
    /// bit (0: a key of another name).
    fileprivate let slots: UnsafeMutablePointer<Int8>
    fileprivate let slotBits: UnsafeMutablePointer<UInt8>
    /// The keys whose values are plain strings, a bit each (the others' are numbers).
    fileprivate var strings: UInt16 = 0
    /// The number of keys of a learnt object; 0 when no object is learnt. The separator is
    /// learnt with a second key.
    fileprivate var keyCount = 0
    /// The number of numbers of a learnt list; 0 when no list is learnt. One of `keyCount` and
    /// `listCount` at most is not 0.
    fileprivate var listCount = 0
    /// Whether the layout holds a list of numbers (else an object, or nothing): what an
    /// element it matched was.
    package var holdsList: Bool { listCount > 0 }

    package init() {
        let pieces = Self.firstLead + Self.maxKeys
        words = .allocate(capacity: pieces * Self.pieceWords)
        lengths = .allocate(capacity: pieces)
        lastBlocks = .allocate(capacity: pieces)
        lastBlockMasks = .allocate(capacity: pieces)
        slots = .allocate(capacity: Self.maxKeys)
        slotBits = .allocate(capacity: Self.maxKeys)
    }

    deinit {
        words.deallocate()
        lengths.deallocate()
        lastBlocks.deallocate()
        lastBlockMasks.deallocate()
        slots.deallocate()
        slotBits.deallocate()
    }

    /// Whether bytes `p[i...]` begin with piece `piece` (the caller has made 64 bytes
    /// readable): its blocks of 16 bytes compared, the last one to the piece's length.
    @inline(__always)
    fileprivate func matches(_ piece: Int, _ p: UnsafeRawPointer, at i: Int) -> Bool {
        let expected = UnsafeRawPointer(words + piece &* Self.pieceWords)
        let last = lastBlocks[piece]
        var k = 0
        while k < last {
            guard ByteBlock.equal16(p, i &+ 16 &* k, expected, 16 &* k) == 0xFFFF else { return false }
            k &+= 1
        }
        let mask = lastBlockMasks[piece]
        return ByteBlock.equal16(p, i &+ 16 &* last, expected, 16 &* last) & mask == mask
    }

    /// Records `p[range]` as piece `piece` (`p` has 16 readable bytes past the range's end);
    /// false when it is empty or too long.
    fileprivate func setPiece(_ piece: Int, _ p: UnsafeRawPointer, _ range: Range<Int>) -> Bool {
        let n = range.count
        guard n > 0, n <= Self.maxPiece else { return false }
        let last = (n - 1) / 16
        let lastBytes = n - 16 * last
        UnsafeMutableRawPointer(words + piece * Self.pieceWords).copyMemory(
            from: p + range.lowerBound, byteCount: 16 * (last + 1))
        lengths[piece] = n
        lastBlocks[piece] = last
        lastBlockMasks[piece] = lastBytes == 16 ? 0xFFFF : (1 << UInt32(lastBytes)) - 1
        return true
    }

    /// Whether `p[range]` is piece `piece`'s bytes.
    fileprivate func isPiece(_ piece: Int, _ p: UnsafeRawPointer, _ range: Range<Int>) -> Bool {
        range.count == lengths[piece] && matches(piece, p, at: range.lowerBound)
    }

    /// Learning waits: after an object that could not be learnt, or a layout that no object
    /// matched, the next `wait` objects the general steps read are not learnt from, the wait
    /// doubling (up to `maxWait`) until a layout is matched again. Objects that vary then cost
    /// little more than the general steps.
    fileprivate var wait = 0
    fileprivate var backoff = 0
    fileprivate var matched = false
    /// Whether an object was met that the layout did not match: only then is one learnt again.
    fileprivate var missed = false
    private static let maxWait = 1024

    fileprivate func pause() {
        keyCount = 0
        listCount = 0
        backoff = min(max(1, 2 * backoff), Self.maxWait)
        wait = backoff
    }

    /// Whether an element opening with `opener`, just read by the general steps, is to be
    /// learnt from (the layout then emptied for it): not while learning waits; not when the
    /// layout holds one of its kind that no element missed since (an element read by the
    /// general steps that was not tried, the first of a list say, is no reason to learn again);
    /// and not, learning then pausing, when that layout was never matched.
    fileprivate func learns(_ opener: UInt8) -> Bool {
        if wait > 0 {
            wait -= 1
            return false
        }
        if (opener == UInt8(ascii: "{") ? keyCount : listCount) > 0 {
            guard missed else { return false }
            if !matched {
                pause()
                return false
            }
        }
        if matched { backoff = 0 }
        keyCount = 0
        listCount = 0
        return true
    }

    /// Records a layout just learnt: `count` keys of an object (opening with `{`), or numbers
    /// of a list (`[`).
    fileprivate func learnt(_ count: Int, opener: UInt8, strings: UInt16) {
        self.strings = strings
        if opener == UInt8(ascii: "{") { keyCount = count } else { listCount = count }
        matched = false
        missed = false
    }
}

extension JSONScanner {
    /// In an array, where `nextElement` would step to the next element: when that element is
    /// an object made of the pieces `layout` learnt (its keys in any order, each at most once)
    /// around values that are numbers of the usual shape (`DecimalNumber.shape`) or plain
    /// strings as there, reads it into `members` as `readNumberMembers` would (`converting` as
    /// there) and returns true; likewise a list of as many numbers of the usual shape as the
    /// learnt list, between its pieces, each number's slot its position (every slot `met`).
    /// Otherwise returns false, the cursor where it was: the general steps read the element (a
    /// failed match may have written some of `members.values`, which count only where
    /// `members.numbers` has their bit).
    @inline(__always)
    package mutating func nextElementAsLearnt(
        _ layout: JSONObjectLayout, converting: UInt8, into members: inout JSONNumberMembers
    ) -> Bool {
        let keyCount = layout.keyCount
        // A layout is learnt from an element the general steps read: the document has started.
        guard keyCount > 0, depth < Self.maxDepth else {
            return layout.listCount > 0 && depth < Self.maxDepth
                && nextListAsLearnt(layout, converting: converting, into: &members)
        }
        let p = window.start
        let end = window.count
        var i = window.pos
        guard nextElementFirstByte(p, &i) == UInt8(ascii: "{") else { return false }
        let objectEnd = Self.readObject(like: layout, p, from: i, to: end, converting: converting, into: &members)
        return tookElement(like: layout, from: i, to: objectEnd)
    }

    /// Where `nextElement` would step, the next element's first byte, `i` moved to it (a
    /// comma and whitespace stepped over after an element).
    @inline(__always)
    private func nextElementFirstByte(_ p: UnsafeMutablePointer<UInt8>, _ i: inout Int) -> UInt8 {
        elementReadBefore ? Self.byteAfterComma(p, &i) : Self.skipSpaceInPlace(p, &i)
    }

    /// After trying the element at `start` against `layout`: when it was read (it ends at
    /// `end`), the cursor after it and true; else the miss counted and false.
    @inline(__always)
    private mutating func tookElement(like layout: JSONObjectLayout, from start: Int, to end: Int?) -> Bool {
        guard let end else {
            layout.missed = true
            return false
        }
        layout.matched = true
        steppedOverElement(from: start, to: end)
        return true
    }

    /// `nextElementAsLearnt` for a list layout. Out of line, and apart from the objects' way
    /// in: beside it, the object reading (the hot one) took 3% more instructions.
    @inline(never)
    private mutating func nextListAsLearnt(
        _ layout: JSONObjectLayout, converting: UInt8, into members: inout JSONNumberMembers
    ) -> Bool {
        let p = window.start
        var start = window.pos
        // Another element (the `]` after a list's last landmark, say) is no miss.
        guard nextElementFirstByte(p, &start) == UInt8(ascii: "[") else { return false }
        let listEnd = Self.readList(
            like: layout, p, from: start, to: window.count, converting: converting, into: &members)
        return tookElement(like: layout, from: start, to: listEnd)
    }

    /// `nextElementAsLearnt`'s reading of the list at `p[start]` (its `[`), the window's bytes
    /// ending at `end`: where the list ends, or nil where it is not made as `layout`.
    @inline(__always)
    private static func readList(
        like layout: JSONObjectLayout, _ p: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int,
        converting: UInt8, into members: inout JSONNumberMembers
    ) -> Int? {
        var i = start
        var numbers: UInt8 = 0
        var piece = JSONObjectLayout.opening
        for slot in 0..<layout.listCount {
            // As for objects: one piece, then a number's lookahead, stay in the window and its
            // zero padding, and the piece after a number cannot continue it.
            guard end &- i >= JSONObjectLayout.maxPiece &+ DecimalNumber.lookahead, layout.matches(piece, p, at: i)
            else { return nil }
            i &+= layout.lengths[piece]
            piece = JSONObjectLayout.separator
            let at = UnsafePointer(p + i)
            guard let shape = DecimalNumber.shape(at, grammar: .json) else { return nil }
            let slotBit: UInt8 = 1 &<< UInt8(truncatingIfNeeded: slot)
            if converting & slotBit != 0 {
                guard let number = DecimalNumber.value(at, shape) else { return nil }
                members.values[slot] = number
                numbers |= slotBit
            }
            i &+= shape.end
        }
        guard end &- i >= JSONObjectLayout.maxPiece, layout.matches(JSONObjectLayout.closing, p, at: i) else {
            return nil
        }
        members.met = UInt8(truncatingIfNeeded: (1 << layout.listCount) - 1)
        members.numbers = numbers
        return i &+ layout.lengths[JSONObjectLayout.closing]
    }

    /// `nextElementAsLearnt`'s reading of the object at `p[start]` (its `{`), the window's
    /// bytes ending at `end`: where the object ends, or nil where it is not made as `layout`.
    @inline(__always)
    private static func readObject(
        like layout: JSONObjectLayout, _ p: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int,
        converting: UInt8, into members: inout JSONNumberMembers
    ) -> Int? {
        let keyCount = layout.keyCount
        var i = start
        // Bits by key (`used`, `strings`) and by slot (`met`, `numbers`, `converting`); masking
        // shifts: a key is below 16 and a slot below 8. While the keys come in the learnt
        // order (`inOrder`), the keys read are those before `key`: `used` is set only when
        // the order breaks.
        var used: UInt16 = 0
        var inOrder = true
        var met: UInt8 = 0
        var numbers: UInt8 = 0
        let strings = layout.strings
        // Before each member: the learnt order's next key with what leads to it, else the
        // separator (or the opening) and any key not read yet; after the last, the closing.
        var key = 0
        var leading = JSONObjectLayout.opening
        while true {
            // Every read stays in the window and its 64 zero bytes: up to two pieces before a
            // value (the separator, then a key: 128 bytes), then a number's lookahead (48). A
            // piece never matches those zeros, so a value they cut ends a match.
            guard end &- i >= JSONObjectLayout.maxPiece &+ DecimalNumber.lookahead else { return nil }
            if key < keyCount && (inOrder || used &>> UInt16(truncatingIfNeeded: key) & 1 == 0)
                && layout.matches(JSONObjectLayout.firstLead &+ key, p, at: i)
            {
                i &+= layout.lengths[JSONObjectLayout.firstLead &+ key]
                if !inOrder { used |= 1 &<< UInt16(truncatingIfNeeded: key) }
            } else {
                if leading == JSONObjectLayout.separator && layout.matches(JSONObjectLayout.closing, p, at: i) {
                    i &+= layout.lengths[JSONObjectLayout.closing]
                    break
                }
                guard leading == JSONObjectLayout.opening || keyCount > 1, layout.matches(leading, p, at: i)
                else { return nil }
                i &+= layout.lengths[leading]
                if inOrder {
                    // The keys before `key` (all 16 when `key` is 16).
                    used = key < 16 ? (1 &<< UInt16(truncatingIfNeeded: key)) &- 1 : .max
                    inOrder = false
                }
                key = 0
                while key < keyCount
                    && (used &>> UInt16(truncatingIfNeeded: key) & 1 != 0
                        || !layout.matches(JSONObjectLayout.firstKey &+ key, p, at: i))
                {
                    key &+= 1
                }
                guard key < keyCount else { return nil }
                i &+= layout.lengths[JSONObjectLayout.firstKey &+ key]
                used |= 1 &<< UInt16(truncatingIfNeeded: key)
            }
            let at = UnsafePointer(p + i)
            let slotBit = layout.slotBits[key]
            met |= slotBit
            if strings &>> UInt16(truncatingIfNeeded: key) & 1 != 0 {
                guard let after = Self.afterPlainString(p, at: i) else { return nil }
                i = after
            } else {
                // The piece after the number (a separator or the closing, which begin with
                // whitespace, `,` or `}`) begins with a byte that cannot continue it.
                guard let shape = DecimalNumber.shape(at, grammar: .json) else { return nil }
                if converting & slotBit != 0 {
                    guard let number = DecimalNumber.value(at, shape) else { return nil }
                    members.values[Int(layout.slots[key])] = number
                    numbers |= slotBit
                }
                i &+= shape.end
            }
            key &+= 1
            leading = JSONObjectLayout.separator
        }
        members.met = met
        members.numbers = numbers
        return i
    }

    /// Where the plain string (no escape, ASCII) at `p[i]` ends, after its closing quote; nil
    /// when `p[i]` opens no such string. Out of line: inlined, its constants took registers
    /// from the numbers' reading, which most members take.
    @inline(never)
    private static func afterPlainString(_ p: UnsafeMutablePointer<UInt8>, at i: Int) -> Int? {
        let close = plainEnd(p, from: i &+ 1)
        guard p[i] == UInt8(ascii: "\""), p[close] == UInt8(ascii: "\"") else { return nil }
        return close &+ 1
    }

    /// Learns into `layout` how the object that begins at absolute offset `start` and ends at
    /// the cursor was written (the general steps have just read it, through its `}`), naming
    /// each key's slot among `keys`, unless learning waits (`JSONObjectLayout.wait`). Its
    /// other keys must be among `skipping` (`readNumberMembers` would not return them either).
    /// An object that cannot be learnt leaves `layout` empty, and learning waits: another key,
    /// a value other than a number or a plain string, a key with escapes or other than
    /// printable ASCII, separators that differ, a piece longer than `maxPiece`, more than
    /// `maxKeys` keys, no key, or the object's start gone from the window. So does a layout
    /// that no object matched before this one.
    package mutating func learnLayout(
        _ layout: JSONObjectLayout, ofObjectAt start: Int, keys: JSONNumberKeys, skipping: [JSONKeyText] = []
    ) {
        guard layout.learns(UInt8(ascii: "{")) else { return }
        if !readLayout(into: layout, ofObjectAt: start, keys: keys, skipping: skipping) { layout.pause() }
    }

    /// Learns into `layout` how the list that begins at absolute offset `start` and ends at the
    /// cursor was written (the general steps have just read it, through its `]`), as
    /// `learnLayout(_:ofObjectAt:keys:skipping:)` does an object: when it holds `elements`
    /// numbers (at most 8) and nothing else, each number's slot its position.
    package mutating func learnLayout(_ layout: JSONObjectLayout, ofListAt start: Int, elements: ClosedRange<Int>) {
        guard layout.learns(UInt8(ascii: "[")) else { return }
        if !readListLayout(into: layout, ofListAt: start, elements: elements) { layout.pause() }
    }

    /// Whether a number (not `-Infinity`, read where NaN is allowed) starts at `p[i]`: a digit,
    /// or a minus sign and a digit.
    private static func startsNumber(_ p: UnsafeMutablePointer<UInt8>, at i: Int) -> Bool {
        let digit = p[i] == UInt8(ascii: "-") ? p[i + 1] : p[i]
        return digit &- UInt8(ascii: "0") < 10
    }

    /// The end of the number starting at `p[i]` (`startsNumber`), which the general steps have
    /// checked.
    private static func learntNumberEnd(_ p: UnsafeMutablePointer<UInt8>, from i: Int) -> Int {
        var end = i + 1
        while continuesNumber(p[end]) { end += 1 }
        return end
    }

    /// `learnLayout`'s reading of the list's bytes (checked by the general steps): true when
    /// `layout` holds them.
    private func readListLayout(into layout: JSONObjectLayout, ofListAt start: Int, elements: ClosedRange<Int>) -> Bool
    {
        let p = window.start
        let end = window.pos
        var i = start - window.base
        guard i >= 0, p[i] == UInt8(ascii: "[") else { return false }
        var count = 0
        // Where what leads to the next number starts: the `[`, then the end of a number.
        var pieceStart = i
        i += 1
        while i < end {
            _ = Self.skipSpaceInPlace(p, &i)
            guard Self.startsNumber(p, at: i), count < min(elements.upperBound, JSONObjectLayout.slotCount)
            else { return false }
            // One separator between all numbers.
            switch count {
            case 0: guard layout.setPiece(JSONObjectLayout.opening, p, pieceStart..<i) else { return false }
            case 1: guard layout.setPiece(JSONObjectLayout.separator, p, pieceStart..<i) else { return false }
            default: guard layout.isPiece(JSONObjectLayout.separator, p, pieceStart..<i) else { return false }
            }
            i = Self.learntNumberEnd(p, from: i)
            count += 1
            pieceStart = i
            let after = Self.skipSpaceInPlace(p, &i)
            if after == UInt8(ascii: "]") {
                guard elements.contains(count), layout.setPiece(JSONObjectLayout.closing, p, pieceStart..<(i + 1))
                else { return false }
                layout.learnt(count, opener: UInt8(ascii: "["), strings: 0)
                return true
            }
            guard after == UInt8(ascii: ",") else { return false }
            i += 1
        }
        return false
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
        let objectStart = i
        i += 1
        guard Self.skipSpaceInPlace(p, &i) == UInt8(ascii: "\""),
            layout.setPiece(JSONObjectLayout.opening, p, objectStart..<i)
        else { return false }
        var count = 0
        var strings: UInt16 = 0
        // Where what leads to the next key starts: the opening, then the end of a value.
        var leadStart = objectStart
        while i < end {
            // At a key's quote.
            let keyStart = i
            let keyEnd = Self.plainEnd(p, from: i + 1)
            let length = keyEnd - i - 1
            guard p[keyEnd] == UInt8(ascii: "\""), length <= 16, count < JSONObjectLayout.maxKeys else { return false }
            let text = JSONKeyText(plain: UnsafeRawPointer(p + i + 1), count: length)
            let slot = keys.names.firstIndex(of: text) ?? -1
            guard slot >= 0 || skipping.contains(text) else { return false }
            i = keyEnd + 1
            guard Self.skipSpaceInPlace(p, &i) == UInt8(ascii: ":") else { return false }
            i += 1
            _ = Self.skipSpaceInPlace(p, &i)
            guard layout.setPiece(JSONObjectLayout.firstKey + count, p, keyStart..<i),
                layout.setPiece(JSONObjectLayout.firstLead + count, p, leadStart..<i)
            else { return false }
            if let after = Self.afterPlainString(p, at: i) {
                strings |= 1 << UInt16(count)
                i = after
            } else if Self.startsNumber(p, at: i) {
                i = Self.learntNumberEnd(p, from: i)
            } else {
                return false
            }
            layout.slots[count] = Int8(slot)
            layout.slotBits[count] = slot >= 0 ? 1 << UInt8(slot) : 0
            count += 1
            let valueEnd = i
            leadStart = valueEnd
            let b = Self.skipSpaceInPlace(p, &i)
            if b == UInt8(ascii: "}") {
                guard layout.setPiece(JSONObjectLayout.closing, p, valueEnd..<(i + 1)) else { return false }
                layout.learnt(count, opener: UInt8(ascii: "{"), strings: strings)
                return true
            }
            guard b == UInt8(ascii: ",") else { return false }
            i += 1
            guard Self.skipSpaceInPlace(p, &i) == UInt8(ascii: "\"") else { return false }
            // One separator between all members: not needed for soundness (each lead piece
            // holds its own checked bytes), but it keeps the pieces few.
            if count == 1 {
                guard layout.setPiece(JSONObjectLayout.separator, p, valueEnd..<i) else { return false }
            } else {
                guard layout.isPiece(JSONObjectLayout.separator, p, valueEnd..<i) else { return false }
            }
        }
        return false
    }
}
