// Strict decimal number grammar and correctly rounded conversion, without Foundation.
//
// Conversion, every path giving the same Double as `strtod` (correctly rounded):
// 1. Clinger's fast path: a significand ≤ 2^53 and a decimal exponent within ±22 are both exact
//    doubles, so one IEEE multiplication or division rounds correctly.
// 2. Significands of up to 19 digits (full-precision exports write 16–18) with a decimal
//    exponent within ±32: Eisel–Lemire (`eiselLemire`), one 64×128-bit product with a truncated
//    power of five, as fast_float does it.
// 3. Everything else: the C library's `strtod`.
// Readers take the one-step route first (`parse(_:count:readable:grammar:)`): a number of the
// usual shape (sign, digits, point, digits, at most 19 digits, an exponent of up to three digits)
// is recognised from one 32-byte digit mask and converted on path 2 without a byte-by-byte pass;
// anything else, valid or not, goes through `parse`, which every result must match
// (NumberPropertyTests).
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

        if significant <= 19, !truncated, let v = correctlyRounded(mantissa, exponent) {
            return .value(negative ? -v : v)
        }
        if mantissa == 0 && significant == 0 { return .value(negative ? -0.0 : 0.0) }
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
        /// The digits before the point and after it (the first digit follows the sign, if any).
        var intDigits: Int, fracDigits: Int
        /// The exponent's value (0 without one).
        var exponent: Int
        /// The first byte after the number.
        var end: Int
    }

    /// The common shape from one 32-byte digit mask: an optional sign, digits, an optional
    /// point and digits (under `grammar`), fewer than 32 bytes from the first digit, then an
    /// optional exponent of one to three digits (`e-01`, `E+005`; `e0005` has four). Nil for anything
    /// else, whether valid or not: the caller then takes the general route, which gives every
    /// value and every error. `p` has `lookahead` readable bytes. The byte at `end` is not
    /// checked: it is the caller's separator.
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
        guard end - s < 32 else { return nil }
        switch grammar {
        case .json:
            guard before >= 1, before == 1 || p[s] != UInt8(ascii: "0"), !point || after >= 1 else { return nil }
        case .decimal:
            guard before + after >= 1 else { return nil }
        }
        let shape = Shape(
            negative: negative, intDigits: before, fracDigits: after, exponent: 0, end: end)
        return p[end] | 0x20 == UInt8(ascii: "e") ? withExponent(p, shape) : shape
    }

    /// `shape` with the exponent at its end: one to three digits after an optional sign (at
    /// most 37 bytes from the start, within the lookahead); nil for anything else. Out of line:
    /// inlined, it slows the numbers without one.
    @inline(never)
    static func withExponent(_ p: UnsafePointer<UInt8>, _ shape: Shape) -> Shape? {
        var i = shape.end + 1
        let negative = p[i] == UInt8(ascii: "-")
        if negative || p[i] == UInt8(ascii: "+") { i += 1 }
        let first = i
        var exponent = 0
        while i - first < 4, p[i] &- UInt8(ascii: "0") < 10 {
            exponent = exponent * 10 + Int(p[i] &- UInt8(ascii: "0"))
            i += 1
        }
        guard i - first >= 1, i - first <= 3 else { return nil }
        var withExponent = shape
        withExponent.exponent = negative ? -exponent : exponent
        withExponent.end = i
        return withExponent
    }

    /// The value of a number `shape` found, when it has at most 19 digits (and converts
    /// without `strtod`); nil sends it down the general route. Transparent: with
    /// `@inline(__always)` the compiler still called it from the learnt-layout reader, and
    /// inlined there it takes 2.7% fewer instructions on the reading thread.
    @_transparent
    static func value(_ p: UnsafePointer<UInt8>, _ sh: Shape) -> Double? {
        let k = sh.fracDigits
        guard sh.intDigits + k <= 19 else { return nil }
        // At most 19 digits: the significand is exact in 64 bits, leading zeros and all.
        let raw = UnsafeRawPointer(p)
        let digitsStart = p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") ? 1 : 0
        // One digit before the point (a normalized coordinate's `0.`) needs no word of digits.
        let integer =
            sh.intDigits == 1
            ? UInt64(p[digitsStart] &- UInt8(ascii: "0")) : digits(raw + digitsStart, count: sh.intDigits, after: 0)
        let m = digits(raw + digitsStart + sh.intDigits + 1, count: k, after: integer)
        guard let v = correctlyRounded(m, sh.exponent &- k) else { return nil }
        return sh.negative ? -v : v
    }

    /// `w × 10^q` correctly rounded, for `w` of at most 19 digits: one exact operation when `w`
    /// fits in 53 bits and 10^|q| is exact (q in -22...22; Clinger's fast path), else
    /// `eiselLemire`; nil where neither answers (the caller then asks `strtod`). Transparent,
    /// as `value`, with `eiselLemire` out of line: the fast path inlined took 2% fewer
    /// instructions on the reading thread.
    @_transparent
    static func correctlyRounded(_ w: UInt64, _ q: Int) -> Double? {
        if w <= 1 << 53, q >= -22, q <= 22 {
            let v = Double(w)
            return q < 0 ? v / exactPowers[-q] : v * exactPowers[q]
        }
        return eiselLemire(w, q)
    }

    /// `w × 10^q` correctly rounded, for `w` of at most 19 digits and `q` in -32...32; nil
    /// outside them, or for a result that is subnormal or too large (the caller then asks
    /// `strtod`). Eisel–Lemire as fast_float does it (Lemire, "Number Parsing at a Gigabyte per
    /// Second", 2021): `w`, shifted to fill 64 bits, times 5^q truncated to 128 bits; the
    /// 128-bit product is always enough (Mushtak and Lemire, "Fast Number Parsing Without
    /// Fallback", 2023). An exact tie, which can only come from a power of five that fits in
    /// 64 bits (q in -4...23), rounds to even.
    @inline(never)
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        guard w != 0 else { return 0 }
        guard let power = powerOfFive(q) else { return nil }
        let zeros = w.leadingZeroBitCount
        let v = w << UInt64(zeros)
        var (high, low) = v.multipliedFullWidth(by: power.high)
        if high & 0x1FF == 0x1FF {
            // The 64 bits below could carry into the 55 that are kept.
            let below = v.multipliedFullWidth(by: power.low).high
            low &+= below
            if below > low { high &+= 1 }
        }
        let upper = Int(high >> 63)
        let shift = UInt64(upper + 9)
        var mantissa = high >> shift
        // floor(q × log2(10)) + 63, and the double's exponent bias.
        var exponent = ((152_170 + 65_536) * q) >> 16 + 63 + upper - zeros + 1023
        guard exponent > 0 else { return nil }
        if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == high { mantissa &= ~1 }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            exponent += 1
        }
        guard exponent < 0x7FF else { return nil }
        return Double(bitPattern: UInt64(exponent) << 52 | mantissa & ~(1 << 52))
    }

    /// 5^q for q in -32...32, its first 128 bits with the top bit set (for q < 0, 2^b / 5^-q
    /// plus one, truncated): fast_float's `power_of_five_128`. A switch over constants (a
    /// table in the binary, with no lazy initialisation of a global array), kept out of line:
    /// inlined, its size keeps its callers from being inlined.
    @inline(never)
    static func powerOfFive(_ q: Int) -> (high: UInt64, low: UInt64)? {
        switch q {
        case -32: return (0xCFB1_1EAD_4539_94BA, 0x67DE_18ED_A581_4AF2)
        case -31: return (0x81CE_B32C_4B43_FCF4, 0x80EA_CF94_8770_CED7)
        case -30: return (0xA242_5FF7_5E14_FC31, 0xA125_8379_A94D_028D)
        case -29: return (0xCAD2_F7F5_359A_3B3E, 0x096E_E458_13A0_4330)
        case -28: return (0xFD87_B5F2_8300_CA0D, 0x8BCA_9D6E_1888_53FC)
        case -27: return (0x9E74_D1B7_91E0_7E48, 0x775E_A264_CF55_347E)
        case -26: return (0xC612_0625_7658_9DDA, 0x9536_4AFE_032A_819E)
        case -25: return (0xF796_87AE_D3EE_C551, 0x3A83_DDBD_83F5_2205)
        case -24: return (0x9ABE_14CD_4475_3B52, 0xC492_6A96_7279_3543)
        case -23: return (0xC16D_9A00_9592_8A27, 0x75B7_053C_0F17_8294)
        case -22: return (0xF1C9_0080_BAF7_2CB1, 0x5324_C68B_12DD_6339)
        case -21: return (0x971D_A050_74DA_7BEE, 0xD3F6_FC16_EBCA_5E04)
        case -20: return (0xBCE5_0864_9211_1AEA, 0x88F4_BB1C_A6BC_F585)
        case -19: return (0xEC1E_4A7D_B695_61A5, 0x2B31_E9E3_D06C_32E6)
        case -18: return (0x9392_EE8E_921D_5D07, 0x3AFF_322E_6243_9FD0)
        case -17: return (0xB877_AA32_36A4_B449, 0x09BE_FEB9_FAD4_87C3)
        case -16: return (0xE695_94BE_C44D_E15B, 0x4C2E_BE68_7989_A9B4)
        case -15: return (0x901D_7CF7_3AB0_ACD9, 0x0F9D_3701_4BF6_0A11)
        case -14: return (0xB424_DC35_095C_D80F, 0x5384_84C1_9EF3_8C95)
        case -13: return (0xE12E_1342_4BB4_0E13, 0x2865_A5F2_06B0_6FBA)
        case -12: return (0x8CBC_CC09_6F50_88CB, 0xF93F_87B7_442E_45D4)
        case -11: return (0xAFEB_FF0B_CB24_AAFE, 0xF78F_69A5_1539_D749)
        case -10: return (0xDBE6_FECE_BDED_D5BE, 0xB573_440E_5A88_4D1C)
        case -9: return (0x8970_5F41_36B4_A597, 0x3168_0A88_F895_3031)
        case -8: return (0xABCC_7711_8461_CEFC, 0xFDC2_0D2B_36BA_7C3E)
        case -7: return (0xD6BF_94D5_E57A_42BC, 0x3D32_9076_0469_1B4D)
        case -6: return (0x8637_BD05_AF6C_69B5, 0xA63F_9A49_C2C1_B110)
        case -5: return (0xA7C5_AC47_1B47_8423, 0x0FCF_80DC_3372_1D54)
        case -4: return (0xD1B7_1758_E219_652B, 0xD3C3_6113_404E_A4A9)
        case -3: return (0x8312_6E97_8D4F_DF3B, 0x645A_1CAC_0831_26EA)
        case -2: return (0xA3D7_0A3D_70A3_D70A, 0x3D70_A3D7_0A3D_70A4)
        case -1: return (0xCCCC_CCCC_CCCC_CCCC, 0xCCCC_CCCC_CCCC_CCCD)
        case 0: return (0x8000_0000_0000_0000, 0x0000_0000_0000_0000)
        case 1: return (0xA000_0000_0000_0000, 0x0000_0000_0000_0000)
        case 2: return (0xC800_0000_0000_0000, 0x0000_0000_0000_0000)
        case 3: return (0xFA00_0000_0000_0000, 0x0000_0000_0000_0000)
        case 4: return (0x9C40_0000_0000_0000, 0x0000_0000_0000_0000)
        case 5: return (0xC350_0000_0000_0000, 0x0000_0000_0000_0000)
        case 6: return (0xF424_0000_0000_0000, 0x0000_0000_0000_0000)
        case 7: return (0x9896_8000_0000_0000, 0x0000_0000_0000_0000)
        case 8: return (0xBEBC_2000_0000_0000, 0x0000_0000_0000_0000)
        case 9: return (0xEE6B_2800_0000_0000, 0x0000_0000_0000_0000)
        case 10: return (0x9502_F900_0000_0000, 0x0000_0000_0000_0000)
        case 11: return (0xBA43_B740_0000_0000, 0x0000_0000_0000_0000)
        case 12: return (0xE8D4_A510_0000_0000, 0x0000_0000_0000_0000)
        case 13: return (0x9184_E72A_0000_0000, 0x0000_0000_0000_0000)
        case 14: return (0xB5E6_20F4_8000_0000, 0x0000_0000_0000_0000)
        case 15: return (0xE35F_A931_A000_0000, 0x0000_0000_0000_0000)
        case 16: return (0x8E1B_C9BF_0400_0000, 0x0000_0000_0000_0000)
        case 17: return (0xB1A2_BC2E_C500_0000, 0x0000_0000_0000_0000)
        case 18: return (0xDE0B_6B3A_7640_0000, 0x0000_0000_0000_0000)
        case 19: return (0x8AC7_2304_89E8_0000, 0x0000_0000_0000_0000)
        case 20: return (0xAD78_EBC5_AC62_0000, 0x0000_0000_0000_0000)
        case 21: return (0xD8D7_26B7_177A_8000, 0x0000_0000_0000_0000)
        case 22: return (0x8786_7832_6EAC_9000, 0x0000_0000_0000_0000)
        case 23: return (0xA968_163F_0A57_B400, 0x0000_0000_0000_0000)
        case 24: return (0xD3C2_1BCE_CCED_A100, 0x0000_0000_0000_0000)
        case 25: return (0x8459_5161_4014_84A0, 0x0000_0000_0000_0000)
        case 26: return (0xA56F_A5B9_9019_A5C8, 0x0000_0000_0000_0000)
        case 27: return (0xCECB_8F27_F420_0F3A, 0x0000_0000_0000_0000)
        case 28: return (0x813F_3978_F894_0984, 0x4000_0000_0000_0000)
        case 29: return (0xA18F_07D7_36B9_0BE5, 0x5000_0000_0000_0000)
        case 30: return (0xC9F2_C9CD_0467_4EDE, 0xA400_0000_0000_0000)
        case 31: return (0xFC6F_7C40_4581_2296, 0x4D00_0000_0000_0000)
        case 32: return (0x9DC5_ADA8_2B70_B59D, 0xF020_0000_0000_0000)
        default: return nil
        }
    }

    /// `before` followed by the `count` digits at `p` (at most 19 digits in all): eight at a
    /// time, then the rest shifted to the top of a word (the bytes below become zeros). Reads
    /// up to eight bytes past the digits.
    @inline(__always)
    private static func digits(_ p: UnsafeRawPointer, count: Int, after before: UInt64) -> UInt64 {
        var v = before
        var at = 0
        var left = count
        while left >= 8 {
            v = v &* 100_000_000 &+ eightDigitValue(ByteMasks.load(p, at))
            at += 8
            left -= 8
        }
        let rest = ByteMasks.load(p, at) << UInt64(64 - 8 * left)  // 0 when no digit is left
        // 10^left (left < 8) from a vector constant: no table to initialise.
        let tens = SIMD8<UInt32>(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000)
        return v &* UInt64(tens[left]) &+ eightDigitValue(rest)
    }

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
