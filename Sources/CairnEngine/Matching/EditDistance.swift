/// The optimal-string-alignment distance (Levenshtein plus adjacent swaps) between two strings,
/// counted in Unicode scalars, giving up early once it exceeds `limit`.
///
/// `editDistance("evidnce", "evidence", limit: 2)` is 1; `editDistance("abc", "xyz", limit: 1)` is 2
/// (anything over the limit is reported as `limit + 1`).
public func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if abs(x.count - y.count) > limit { return limit + 1 }
    if x.isEmpty || y.isEmpty { return min(max(x.count, y.count), limit + 1) }
    var prev2 = [Int](repeating: 0, count: y.count + 1)
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        var rowMin = cur[0]
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            var d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d = min(d, prev2[j - 2] + 1) }
            cur[j] = d
            rowMin = min(rowMin, d)
        }
        if rowMin > limit { return limit + 1 }
        (prev2, prev, cur) = (prev, cur, prev2)
    }
    return min(prev[y.count], limit + 1)
}

/// How many typos a word of this length tolerates: none up to 4 letters, 1 up to 7, else 2.
public func typoAllowance(_ length: Int) -> Int {
    length <= 4 ? 0 : (length <= 7 ? 1 : 2)
}
