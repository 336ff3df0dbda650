// Strict decimal number grammar and correctly rounded conversion, without Foundation.
//
// Conversion, every path giving the same Double as `strtod` (correctly rounded):
// 1. Clinger's fast path: a significand ≤ 2^53 and a decimal exponent within ±22 are both exact
//    doubles, so one IEEE multiplication or division rounds correctly.
// 2. On x86-64, significands of up to 19 digits (full-precision exports write 16–18) with an
//    exponent within ±27: the significand and 10^k are exact in the 64-bit significand of
//    Float80, so one Float80 operation rounds once to 64 bits; rounding that to 53 bits can
//    differ from rounding the exact value only when the 64-bit result lies exactly halfway
//    between two doubles (its 11 extra bits are 100 0000 0000). That case goes to step 3.
// 3. Everything else: the C library's `strtod`.
// Readers take the one-step route first (`parse(_:count:readable:grammar:)`): a number of the
// usual shape (sign, digits, point, digits, at most 19 digits) is recognised from one 32-byte
// digit mask and converted on paths 1 and 2 without a byte-by-byte pass; anything else, valid
// or not, goes through `parse`, which every result must match (NumberPropertyTests).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which spellings of a number are accepted.
public enum NumberGrammar: Sendable {
    /// RFC 8259: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    case json
    /// Decimal CSV cells: optional sign, digits with an optional point (`.5` and `5.` allowed,
    /// leading zeros allowed), optional exponent. No spaces, hex, commas or words.
    case decimal
}

/// A number read from text, or why it is not one.
public enum ParsedNumber: Equatable, Sendable {
    case value(Double)
    /// `nan`, `inf`, `Infinity` and similar words (CSV), or a valid number too large for a Double.
    case nonFinite
    /// Not a number under the grammar; `offset` is where it went wrong.
    case invalid(offset: Int)
}

/// Exact decimal-to-double parsing, without the locale or the C library.
public enum DecimalNumber {
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    #if arch(x86_64) && !os(Windows)
    /// 10^0 … 10^27, exact in Float80 (5^27 < 2^63).
    private static let extendedPowers: [Float80] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27,
    ]
    #endif

    /// Parses the whole string as a number by `grammar`.
    public static func parse(_ s: String, grammar: NumberGrammar) -> ParsedNumber {
        var u = Array(s.utf8)
        return u.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0), grammar: grammar) }
    }

    /// Parses the whole of `p`.
    package static func parse(_ p: UnsafeBufferPointer<UInt8>, grammar: NumberGrammar) -> ParsedNumber {
        let n = p.count
        var i = 0
        guard n > 0 else { return .invalid(offset: 0) }
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        } else if p[0] == UInt8(ascii: "+") && grammar == .decimal {
            i = 1
        }
        if grammar == .decimal, i < n, p[i] | 0x20 == UInt8(ascii: "n") || p[i] | 0x20 == UInt8(ascii: "i"),
            isNonFiniteWord(p, from: i)
        {
            return .nonFinite
        }

        var mantissa: UInt64 = 0
        var significant = 0  // significant digits accumulated (leading zeros excluded)
        var dropped = 0  // digits beyond 19 not accumulated (integer part)
        var exponent = 0
        var digitsBefore = 0
        var digitsAfter = 0
        var truncated = false

        let intStart = i
        while i < n, p[i] &- 48 < 10 {
            accumulate(p[i], &mantissa, &significant, &dropped)
            i += 1
        }
        digitsBefore = i - intStart
        if grammar == .json {
            if digitsBefore == 0 { return .invalid(offset: i) }
            if digitsBefore > 1 && p[intStart] == UInt8(ascii: "0") { return .invalid(offset: intStart + 1) }
        }
        exponent += dropped
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            // Eight digits at a time while the significand can take them.
            while significant <= 11, let v = eightDigits(p, at: i) {
                if significant == 0 {
                    // Leading zeros are not significant: count the digits of v (no branches).
                    var d = 0
                    for k in 0..<8 { d += v >= smallPowers[k] ? 1 : 0 }
                    significant = d
                } else {
                    significant += 8
                }
                mantissa = mantissa &* 100_000_000 &+ v
                exponent -= 8
                i += 8
            }
            while i < n, p[i] &- 48 < 10 {
                if significant < 19 {
                    var d = 0
                    accumulate(p[i], &mantissa, &significant, &d)
                    exponent -= 1
                } else if p[i] != UInt8(ascii: "0") {
                    truncated = true  // a digit the significand could not hold
                }
                i += 1
            }
            digitsAfter = i - fracStart
            if grammar == .json && digitsAfter == 0 { return .invalid(offset: i) }
        }
        if digitsBefore + digitsAfter == 0 { return .invalid(offset: i) }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let expStart = i
            var e = 0
            while i < n, p[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                i += 1
            }
            if i == expStart { return .invalid(offset: i) }
            exponent += expNegative ? -e : e
        }
        if i != n { return .invalid(offset: i) }

        // Fast path: exact significand and exact power of ten.
        if significant <= 19, !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= exactPowers[-exponent] } else { v *= exactPowers[exponent] }
            return .value(negative ? -v : v)
        }
        if mantissa == 0 && significant == 0 { return .value(negative ? -0.0 : 0.0) }
        #if arch(x86_64) && !os(Windows)
        if significant <= 19, !truncated, exponent >= -27, exponent <= 27 {
            let m = Float80(mantissa)
            let r = exponent < 0 ? m / extendedPowers[-exponent] : m * extendedPowers[exponent]
            if r.significandBitPattern & 0x7FF != 0x400 {
                let v = Double(r)
                return .value(negative ? -v : v)
            }
        }
        #endif
        let v = slowPath(p)
        return v.isFinite ? .value(v) : .nonFinite
    }

    // MARK: the common shape in one step

    /// Bytes the one-step route reads from a number's first byte: callers that use it
    /// guarantee that many readable bytes, whether or not they belong to the number.
    package static let lookahead = 48

    /// A number of the common shape, as `shape` found it (offsets from its first byte).
    struct Shape {
        var negative: Bool
        /// The first digit (after the sign), the digits before the point and after it.
        var digitsStart: Int, intDigits: Int, fracDigits: Int
        /// The first byte after the number.
        var end: Int
    }

    /// The common shape from one 32-byte digit mask: an optional sign, digits, an optional
    /// point and digits (under `grammar`), fewer than 32 bytes from the first digit, and no
    /// exponent. Nil for anything else, whether valid or not: the caller then takes the
    /// general route, which gives every value and every error. `p` has `lookahead` readable
    /// bytes. The byte at `end` is not checked: it is the caller's separator.
    @inline(__always)
    static func shape(_ p: UnsafePointer<UInt8>, grammar: NumberGrammar) -> Shape? {
        let b0 = p[0]
        let negative = b0 == UInt8(ascii: "-")
        let s = negative || (grammar == .decimal && b0 == UInt8(ascii: "+")) ? 1 : 0
        // Non-digits as set bits, with a non-digit past the block so every count stops.
        let other = ~UInt64(ByteBlock.digits32(UnsafeRawPointer(p), s))
        let before = other.trailingZeroBitCount
        var end = s + before
        var after = 0
        let point = p[end] == UInt8(ascii: ".")
        if point {
            after = (other >> UInt64(before + 1)).trailingZeroBitCount
            end += 1 + after
        }
        guard end - s < 32, p[end] | 0x20 != UInt8(ascii: "e") else { return nil }
        switch grammar {
        case .json:
            guard before >= 1, before == 1 || p[s] != UInt8(ascii: "0"), !point || after >= 1 else { return nil }
        case .decimal:
            guard before + after >= 1 else { return nil }
        }
        return Shape(negative: negative, digitsStart: s, intDigits: before, fracDigits: after, end: end)
    }

    /// The value of a number `shape` found, when it has at most 19 digits and converts on the
    /// exact fast paths of `parse`; nil sends it down the general route.
    @inline(__always)
    static func value(_ p: UnsafePointer<UInt8>, _ sh: Shape) -> Double? {
        let k = sh.fracDigits
        guard sh.intDigits + k <= 19 else { return nil }
        // At most 19 digits: the significand is exact in 64 bits, leading zeros and all.
        let raw = UnsafeRawPointer(p)
        let m =
            digits(raw + sh.digitsStart, count: sh.intDigits) &* integerPowers[k]
            &+ digits(raw + sh.digitsStart + sh.intDigits + 1, count: k)
        var v: Double
        if m <= 1 << 53 && k <= 22 {
            v = Double(m) / exactPowers[k]
        } else {
            guard let e = extended(m, k) else { return nil }
            v = e
        }
        return sh.negative ? -v : v
    }

    /// `m / 10^k` on the Float80 path (see the top of the file), kept out of line: inlined,
    /// its x87 register traffic spreads into every number's path.
    @inline(never)
    private static func extended(_ m: UInt64, _ k: Int) -> Double? {
        #if arch(x86_64) && !os(Windows)
        guard k <= 27 else { return nil }
        let r = Float80(m) / extendedPowers[k]
        guard r.significandBitPattern & 0x7FF != 0x400 else { return nil }
        return Double(r)
        #else
        return nil
        #endif
    }

    /// The value of `count` (≤ 19) digits at `p`: eight at a time, then the rest shifted to the
    /// top of a word (the bytes below become zeros). Reads up to eight bytes past the digits.
    @inline(__always)
    private static func digits(_ p: UnsafeRawPointer, count: Int) -> UInt64 {
        var v: UInt64 = 0
        var at = 0
        var left = count
        while left >= 8 {
            v = v &* 100_000_000 &+ eightDigitValue(ByteMasks.load(p, at))
            at += 8
            left -= 8
        }
        let rest = ByteMasks.load(p, at) << UInt64(64 - 8 * left)  // 0 when no digit is left
        return v &* integerPowers[left] &+ eightDigitValue(rest)
    }

    /// 10^0 … 10^19.
    private static let integerPowers: [UInt64] = (0...19).map { (0..<$0).reduce(1) { r, _ in r * 10 } }

    /// The one-step route, then `parse`: the number in the `count` bytes at `p`, where
    /// `readable` bytes from `p` may be read.
    @inline(__always)
    package static func parse(_ p: UnsafePointer<UInt8>, count: Int, readable: Int, grammar: NumberGrammar)
        -> ParsedNumber
    {
        if readable >= lookahead, let sh = shape(p, grammar: grammar), sh.end == count, let v = value(p, sh) {
            return .value(v)
        }
        return parse(UnsafeBufferPointer(start: p, count: count), grammar: grammar)
    }

    /// What `parse` says of `p` when only whether it is a finite number matters: `.value(0)`
    /// stands for every finite number. Numbers of the usual shape (sign, digits, point, digits:
    /// no exponent, under 300 bytes, so never too large for a Double) are checked by the
    /// grammar without being converted; anything else is `parse`'s own answer.
    package static func check(_ p: UnsafeBufferPointer<UInt8>, grammar: NumberGrammar) -> ParsedNumber {
        func parsed() -> ParsedNumber {
            let r = parse(p, grammar: grammar)
            if case .value = r { return .value(0) }
            return r
        }
        let n = p.count
        guard n > 0, n < 300, let base = p.baseAddress else { return parsed() }
        var i = 0
        if p[0] == UInt8(ascii: "-") || (p[0] == UInt8(ascii: "+") && grammar == .decimal) { i = 1 }
        func skipDigits() { i = ByteMasks.digitsEnd(UnsafeRawPointer(base), from: i, to: n) }
        let intStart = i
        skipDigits()
        let before = i - intStart
        var after = 0
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            skipDigits()
            after = i - fracStart
        }
        let shaped =
            switch grammar {
            case .json:
                before >= 1 && (before == 1 || p[intStart] != UInt8(ascii: "0"))
                    && (after >= 1 || i == intStart + before)
            case .decimal: before + after >= 1
            }
        return shaped && i == n ? .value(0) : parsed()
    }

    /// 10^0 … 10^7, to count the digits of an eight-digit block.
    private static let smallPowers: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]

    /// The value of eight ASCII digits at `i` (the first the most significant), or nil when the
    /// eight bytes are not all digits: one unaligned load and three multiplications.
    @inline(__always)
    private static func eightDigits(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64? {
        guard i + 8 <= p.count, let base = p.baseAddress else { return nil }
        let w = ByteMasks.load(UnsafeRawPointer(base), i)
        guard ByteMasks.nonDigits(w) == 0 else { return nil }
        return eightDigitValue(w)
    }

    /// Eight digit bytes (the first lowest) as a number, the first the most significant; a
    /// zero byte counts as the digit 0.
    @inline(__always)
    private static func eightDigitValue(_ w: UInt64) -> UInt64 {
        var v = w & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* 2561) >> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    }

    @inline(__always)
    private static func accumulate(_ byte: UInt8, _ m: inout UInt64, _ significant: inout Int, _ dropped: inout Int) {
        let d = UInt64(byte &- 48)
        if significant == 0 && d == 0 { return }  // leading zero: not significant
        if significant < 19 {
            m = m &* 10 &+ d
            significant += 1
        } else {
            // Past 19 digits the significand is no longer exact: mark it so the slow path runs.
            significant = 20
            dropped += 1
        }
    }

    /// `strtod` on a NUL-terminated copy. Only called for input that passed the grammar, so
    /// strtod's extra syntax (hex, `nan`, leading spaces) never applies.
    private static func slowPath(_ p: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: p.count + 1) { tmp in
            for i in 0..<p.count { tmp[i] = CChar(bitPattern: p[i]) }
            tmp[p.count] = 0
            guard let base = tmp.baseAddress else { return .nan }
            return strtod(base, nil)
        }
    }

    private static func isNonFiniteWord(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Bool {
        let rest = p.count - i
        func matches(_ word: StaticString) -> Bool {
            guard rest == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<rest where p[i + k] | 0x20 != w[k] | 0x20 { return false }
            return true
        }
        return matches("nan") || matches("inf") || matches("infinity")
    }
}
