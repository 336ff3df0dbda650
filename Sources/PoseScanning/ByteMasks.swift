// Eight bytes at a time: the bit tricks the scanners share. Each mask has bit 7 set in exactly
// the bytes that match (no false positives), so `trailingZeroBitCount >> 3` is the index of the
// first match in a word loaded little-endian, and `nonzeroBitCount` the number of matches.
enum ByteMasks {
    static let high: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The word at `offset`, its first byte lowest.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Bytes equal to `b`: XOR zeroes them; adding 0x7F to the low seven bits sets bit 7 of
    /// every other byte without carries between bytes.
    @inline(__always)
    static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(b))
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// Bytes that are not ASCII digits: XOR 0x30 maps '0'…'9' to 0…9, and adding 0x76 to the
    /// low seven bits sets bit 7 from 10 up.
    @inline(__always)
    static func nonDigits(_ w: UInt64) -> UInt64 {
        let x = w ^ 0x3030_3030_3030_3030
        return (((x & low7) &+ 0x7676_7676_7676_7676) | x) & high
    }

    /// The index of the first byte in `from..<end` that is not an ASCII digit (or `end`):
    /// eight bytes at a time while eight remain.
    @inline(__always)
    static func digitsEnd(_ p: UnsafeRawPointer, from: Int, to end: Int) -> Int {
        var i = from
        while i + 8 <= end {
            let other = nonDigits(load(p, i))
            if other != 0 { return i + other.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end, p.load(fromByteOffset: i, as: UInt8.self) &- 48 < 10 { i += 1 }
        return i
    }

    /// UTF-8 continuation bytes (10xxxxxx): bit 7 set and bit 6 clear.
    @inline(__always)
    static func continuations(_ w: UInt64) -> UInt64 { w & ~(w << 1) & high }

    /// True when some byte may be below `n` (≤ 128) or at or above 0x80; false means none is.
    @inline(__always)
    static func mayHaveBelow(_ n: UInt8, orHigh w: UInt64) -> Bool {
        ((w &- ones &* UInt64(n)) & ~w | w) & high != 0
    }
}

#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// A CSV line's bytes a block at a time: which bytes are the delimiter, and which stop the
/// fast split (line ends, quote, NUL, non-ASCII). Masks hold one bit per byte, byte k in bit k.
/// Sixteen bytes with SSE2 on x86-64 (every x86-64 CPU has it), eight with `ByteMasks`
/// elsewhere; both are tested against a byte-by-byte reference (ByteBlockTests).
enum ByteBlock {
    #if arch(x86_64)
    static let width = 16
    #else
    static let width = 8
    #endif

    @inline(__always)
    static func scan(_ p: UnsafeRawPointer, _ i: Int, delimiter: UInt8) -> (delimiters: UInt32, stops: UInt32) {
        #if arch(x86_64)
        return scan16(p, i, delimiter: delimiter)
        #else
        return scan8(p, i, delimiter: delimiter)
        #endif
    }

    /// The 16 bytes at `i` as masks (bit k for byte `i + k`) of quotes, backslashes, opening
    /// brackets (`[` `{`) and closing ones (`]` `}`): what a structural skip looks at.
    @inline(__always)
    static func structural16(_ p: UnsafeRawPointer, _ i: Int) -> (
        quotes: UInt32, backslashes: UInt32, opens: UInt32, closes: UInt32
    ) {
        #if arch(x86_64)
        let v = _mm_loadu_si128((p + i).assumingMemoryBound(to: __m128i.self))
        // '[' ']' '{' '}' are 0x5B 0x5D 0x7B 0x7D: with bit 5 set, 0x7B or 0x7D.
        let folded = _mm_or_si128(v, _mm_set1_epi8(0x20))
        func mask(_ m: __m128i) -> UInt32 { UInt32(truncatingIfNeeded: _mm_movemask_epi8(m)) }
        return (
            mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x22))), mask(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x5C))),
            mask(_mm_cmpeq_epi8(folded, _mm_set1_epi8(0x7B))), mask(_mm_cmpeq_epi8(folded, _mm_set1_epi8(0x7D)))
        )
        #else
        func masks(_ at: Int) -> (UInt32, UInt32, UInt32, UInt32) {
            let w = ByteMasks.load(p, at)
            let folded = w | 0x2020_2020_2020_2020
            return (
                gather(ByteMasks.equal(w, 0x22)), gather(ByteMasks.equal(w, 0x5C)),
                gather(ByteMasks.equal(folded, 0x7B)), gather(ByteMasks.equal(folded, 0x7D))
            )
        }
        let (a, b) = (masks(i), masks(i + 8))
        return (a.0 | b.0 << 8, a.1 | b.1 << 8, a.2 | b.2 << 8, a.3 | b.3 << 8)
        #endif
    }

    /// The line ends among bytes `from..<to` at `p`, and where the last LF or CR among them is
    /// (nil when there is none). LFs and CRs end lines, a CR followed by a LF ends one, and a
    /// LF at `from` right after a CR (`afterCR`) ends none. Sixteen bytes at a time
    /// (`lineEndBlocks`), the last few one at a time.
    static func lineEnds(_ p: UnsafeRawPointer, from: Int, to: Int, afterCR: Bool) -> (count: Int, last: Int?) {
        #if arch(x86_64)
        var (count, lastBlock, i) = lineEndBlocksSSE2(p, from: from, to: to)
        #else
        var (count, lastBlock, i) = lineEndBlocksSWAR(p, from: from, to: to)
        #endif
        var last: Int?
        if lastBlock >= 0 {
            let (lf, cr) = lineEnds16(p, lastBlock)
            last = lastBlock + 31 - (lf | cr).leadingZeroBitCount
        }
        while i < to {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x0A {
                count += 1
                last = i
            } else if b == 0x0D {
                if i + 1 >= to || p.load(fromByteOffset: i + 1, as: UInt8.self) != 0x0A { count += 1 }
                last = i
            }
            i += 1
        }
        if afterCR, from < to, p.load(fromByteOffset: from, as: UInt8.self) == 0x0A { count -= 1 }
        return (count, last)
    }

    /// The line ends in whole 16-byte blocks from `from` (each block also reads the byte after
    /// it, for a CR's LF, so the blocks stop short of `to`): how many, where the last block that
    /// holds a LF or a CR starts (-1: none), and where the blocks stop.
    static func lineEndBlocksSWAR(_ p: UnsafeRawPointer, from: Int, to: Int) -> (Int, Int, Int) {
        var i = from
        var count = 0
        var lastBlock = -1
        while i + 17 <= to {
            let (lf, cr) = lineEnds16(p, i)
            if lf | cr != 0 {
                let nextIsLF: UInt32 = p.load(fromByteOffset: i + 16, as: UInt8.self) == 0x0A ? 0x8000 : 0
                let pairs = cr & (lf >> 1 | nextIsLF)
                count += ((lf | cr) & ~pairs).nonzeroBitCount
                lastBlock = i
            }
            i += 16
        }
        return (count, lastBlock, i)
    }

    #if arch(x86_64)
    /// `lineEndBlocksSWAR` with SSE2: the line ends counted in byte-wide counters, added up
    /// before a counter could wrap; 64 bytes at a time, where those without a CR count their
    /// LFs alone.
    static func lineEndBlocksSSE2(_ p: UnsafeRawPointer, from: Int, to: Int) -> (Int, Int, Int) {
        var i = from
        var count = 0
        var lastBlock = -1
        // The last 64 bytes of the quick route with a LF, resolved to its block at the end.
        var lastQuick = -1
        let lfs = _mm_set1_epi8(0x0A)
        let crs = _mm_set1_epi8(0x0D)
        func load(_ at: Int) -> __m128i { _mm_loadu_si128((p + at).assumingMemoryBound(to: __m128i.self)) }
        func any(_ m: __m128i) -> Bool { _mm_movemask_epi8(m) != 0 }
        // One block: its line ends subtracted from the counters (lanes are 0 or -1), a CR
        // before a LF not counted (the LF ends the line).
        func block(_ at: Int, _ counters: inout __m128i) {
            let v = load(at)
            let cr = _mm_cmpeq_epi8(v, crs)
            let ends = _mm_or_si128(_mm_cmpeq_epi8(v, lfs), cr)
            let pairs = _mm_and_si128(cr, _mm_cmpeq_epi8(load(at + 1), lfs))
            counters = _mm_sub_epi8(counters, _mm_andnot_si128(pairs, ends))
            if any(ends) { lastBlock = at }
        }
        while i + 17 <= to {
            var counters = _mm_setzero_si128()
            // What the counters may still take before one could wrap.
            var room = 255
            // Sixty-four bytes at a time; those without a CR count their LFs alone.
            while room >= 4, i + 65 <= to {
                let (a, b, c, d) = (load(i), load(i + 16), load(i + 32), load(i + 48))
                let crs4 = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(a, crs), _mm_cmpeq_epi8(b, crs)),
                    _mm_or_si128(_mm_cmpeq_epi8(c, crs), _mm_cmpeq_epi8(d, crs)))
                if any(crs4) {
                    for k in stride(from: 0, to: 64, by: 16) { block(i + k, &counters) }
                } else {
                    let (la, lb) = (_mm_cmpeq_epi8(a, lfs), _mm_cmpeq_epi8(b, lfs))
                    let (lc, ld) = (_mm_cmpeq_epi8(c, lfs), _mm_cmpeq_epi8(d, lfs))
                    counters = _mm_sub_epi8(_mm_sub_epi8(counters, la), lb)
                    counters = _mm_sub_epi8(_mm_sub_epi8(counters, lc), ld)
                    if any(_mm_or_si128(_mm_or_si128(la, lb), _mm_or_si128(lc, ld))) { lastQuick = i }
                }
                i += 64
                room -= 4
            }
            while room >= 1, i + 17 <= to, !(room >= 4 && i + 65 <= to) {
                block(i, &counters)
                i += 16
                room -= 1
            }
            let sums = _mm_sad_epu8(counters, _mm_setzero_si128())
            count += Int(_mm_cvtsi128_si64(sums)) + Int(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)))
        }
        if lastQuick > lastBlock {
            lastBlock = lastQuick + 48
            while !any(_mm_cmpeq_epi8(load(lastBlock), lfs)) { lastBlock -= 16 }
        }
        return (count, lastBlock, i)
    }
    #endif

    /// The bytes among the 16 at `p + i` that equal those at `q + j`: bit k for byte `i + k`.
    @inline(__always)
    static func equal16(_ p: UnsafeRawPointer, _ i: Int, _ q: UnsafeRawPointer, _ j: Int) -> UInt32 {
        #if arch(x86_64)
        let a = _mm_loadu_si128((p + i).assumingMemoryBound(to: __m128i.self))
        let b = _mm_loadu_si128((q + j).assumingMemoryBound(to: __m128i.self))
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(a, b)))
        #else
        func half(_ k: Int) -> UInt32 {
            gather(ByteMasks.equal(ByteMasks.load(p, i + k) ^ ByteMasks.load(q, j + k), 0))
        }
        return half(0) | half(8) << 8
        #endif
    }

    /// The JSON whitespace (space, LF, CR, tab) among the 16 bytes at `i`: bit k for byte `i + k`.
    @inline(__always)
    static func whitespace16(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        #if arch(x86_64)
        return whitespace16SSE2(p, i)
        #else
        return whitespace16SWAR(p, i)
        #endif
    }

    @inline(__always)
    static func whitespace16SWAR(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        func half(_ w: UInt64) -> UInt32 {
            let e = ByteMasks.equal
            return gather(e(w, 0x20) | e(w, 0x09) | e(w, 0x0A) | e(w, 0x0D))
        }
        return half(ByteMasks.load(p, i)) | half(ByteMasks.load(p, i + 8)) << 8
    }

    #if arch(x86_64)
    @inline(__always)
    static func whitespace16SSE2(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        let v = _mm_loadu_si128((p + i).assumingMemoryBound(to: __m128i.self))
        let spaceOrTab = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x09)))
        let lineEnd = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D)))
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(spaceOrTab, lineEnd)))
    }
    #endif

    /// Whether the 64 bytes at `i` hold a byte above 0x7F (a byte of a multi-byte UTF-8
    /// sequence).
    @inline(__always)
    static func holdsNonASCII64(_ p: UnsafeRawPointer, _ i: Int) -> Bool {
        #if arch(x86_64)
        func load(_ at: Int) -> __m128i { _mm_loadu_si128((p + at).assumingMemoryBound(to: __m128i.self)) }
        let all = _mm_or_si128(_mm_or_si128(load(i), load(i + 16)), _mm_or_si128(load(i + 32), load(i + 48)))
        return _mm_movemask_epi8(all) != 0
        #else
        var all: UInt64 = 0
        for k in stride(from: 0, to: 64, by: 8) { all |= ByteMasks.load(p, i + k) }
        return all & ByteMasks.high != 0
        #endif
    }

    /// The line feeds and carriage returns among the 16 bytes at `i`: bit k for byte `i + k`.
    @inline(__always)
    static func lineEnds16(_ p: UnsafeRawPointer, _ i: Int) -> (lf: UInt32, cr: UInt32) {
        #if arch(x86_64)
        let v = _mm_loadu_si128((p + i).assumingMemoryBound(to: __m128i.self))
        return (
            UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A)))),
            UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D))))
        )
        #else
        let a = ByteMasks.load(p, i)
        let b = ByteMasks.load(p, i + 8)
        return (
            gather(ByteMasks.equal(a, 0x0A)) | gather(ByteMasks.equal(b, 0x0A)) << 8,
            gather(ByteMasks.equal(a, 0x0D)) | gather(ByteMasks.equal(b, 0x0D)) << 8
        )
        #endif
    }

    /// Sixty-four bytes as four or eight blocks: masks with bit k for byte `i + k`.
    static let wideWidth = 64

    @inline(__always)
    static func wideScan(_ p: UnsafeRawPointer, _ i: Int, delimiter: UInt8) -> (delimiters: UInt64, stops: UInt64) {
        var d: UInt64 = 0
        var s: UInt64 = 0
        for k in stride(from: 0, to: wideWidth, by: width) {
            let (a, b) = scan(p, i + k, delimiter: delimiter)
            d |= UInt64(a) << UInt64(k)
            s |= UInt64(b) << UInt64(k)
        }
        return (d, s)
    }

    /// Eight bytes with `ByteMasks`, the bit 7 of each byte gathered into bits 0–7.
    @inline(__always)
    static func scan8(_ p: UnsafeRawPointer, _ i: Int, delimiter: UInt8) -> (delimiters: UInt32, stops: UInt32) {
        let w = ByteMasks.load(p, i)
        let d = gather(ByteMasks.equal(w, delimiter))
        // Line ends, quote and NUL are all below 0x23: one test for "maybe a stop" (space and
        // tab pass it too), the exact masks only then.
        guard ByteMasks.mayHaveBelow(0x23, orHigh: w) else { return (d, 0) }
        let e = ByteMasks.equal
        return (d, gather(e(w, 0x0A) | e(w, 0x0D) | e(w, 0x22) | e(w, 0) | (w & ByteMasks.high)))
    }

    /// Bit 7 of byte k into bit k: the multiplication adds each byte's bit into the top byte
    /// at its own position, without carries (at most one bit per column).
    @inline(__always)
    static func gather(_ m: UInt64) -> UInt32 {
        UInt32(((m >> 7) &* 0x0102_0408_1020_4080) >> 56)
    }

    /// Bit k set when byte `i + k` is an ASCII digit, for k in 0..<32.
    @inline(__always)
    static func digits32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        #if arch(x86_64)
        return digits32SSE2(p, i)
        #else
        return digits32SWAR(p, i)
        #endif
    }

    @inline(__always)
    static func digits32SWAR(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        var mask: UInt32 = 0
        for k in 0..<4 { mask |= gather(ByteMasks.nonDigits(ByteMasks.load(p, i + 8 * k))) << (8 * UInt32(k)) }
        return ~mask
    }

    #if arch(x86_64)
    /// Subtracting '0' maps the digits to 0…9 and every other byte above 9 (unsigned): a digit
    /// is a byte the unsigned minimum with 9 leaves unchanged.
    @inline(__always)
    static func digits32SSE2(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        func half(_ at: Int) -> UInt32 {
            let v = _mm_sub_epi8(_mm_loadu_si128((p + at).assumingMemoryBound(to: __m128i.self)), _mm_set1_epi8(0x30))
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(9)), v)))
        }
        return half(i) | half(i + 16) << 16
    }

    @inline(__always)
    static func scan16(_ p: UnsafeRawPointer, _ i: Int, delimiter: UInt8) -> (delimiters: UInt32, stops: UInt32) {
        let v = _mm_loadu_si128((p + i).assumingMemoryBound(to: __m128i.self))
        let d = UInt32(
            truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(CChar(bitPattern: delimiter)))))
        // A signed compare below 0x23 also catches 0x80 and above (negative as signed bytes).
        guard _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x23))) != 0 else { return (d, 0) }
        let stop = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x22)), _mm_cmpeq_epi8(v, _mm_setzero_si128())))
        return (d, UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(stop, v))))
    }
    #endif
}
