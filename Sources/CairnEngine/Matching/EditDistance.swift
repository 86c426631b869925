/// The optimal-string-alignment distance (Levenshtein plus adjacent swaps) between two strings,
/// counted in Unicode scalars, giving up early once it exceeds `limit`.
///
/// `editDistance("evidnce", "evidence", limit: 2)` is 1; `editDistance("abc", "xyz", limit: 1)` is 2
/// (anything over the limit is reported as `limit + 1`). ASCII strings are compared byte by byte
/// with the rows on the stack, without allocating.
public func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    if let d = ASCIIText.withBytes(a, { x in ASCIIText.withBytes(b, { y in editDistance(x, y, limit: limit) }) }) ?? nil {
        return d
    }
    return editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
}

/// The same distance over any two random-access sequences of equatable elements.
func editDistance<C: RandomAccessCollection>(_ x: C, _ y: C, limit: Int) -> Int where C.Element: Equatable, C.Index == Int {
    let n = x.count, m = y.count
    if abs(n - m) > limit { return limit + 1 }
    if n == 0 || m == 0 { return min(max(n, m), limit + 1) }
    let x0 = x.startIndex, y0 = y.startIndex
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
        var prev2 = UnsafeMutableBufferPointer(rebasing: rows[0...m])
        var prev = UnsafeMutableBufferPointer(rebasing: rows[(m + 1)...(2 * m + 1)])
        var cur = UnsafeMutableBufferPointer(rebasing: rows[(2 * m + 2)...(3 * m + 2)])
        for j in 0...m { prev2[j] = 0; prev[j] = j; cur[j] = 0 }
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            let xi = x[x0 + i - 1]
            for j in 1...m {
                let yj = y[y0 + j - 1]
                let cost = xi == yj ? 0 : 1
                var d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, xi == y[y0 + j - 2], x[x0 + i - 2] == yj { d = min(d, prev2[j - 2] + 1) }
                cur[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return min(prev[m], limit + 1)
    }
}

/// How many typos a word of this length tolerates: none up to 4 letters, 1 up to 7, else 2.
public func typoAllowance(_ length: Int) -> Int {
    length <= 4 ? 0 : (length <= 7 ? 1 : 2)
}
