/// Fast text helpers for the parsers' inner loops (Foundation's bridged versions cost more than
/// the parsing around them).
extension StringProtocol {
  /// Without leading and trailing spaces, tabs and line breaks.
  var trimmed: String { trimming { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }

  /// Without leading and trailing scalars for which `drop` holds.
  func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !drop($0) }),
      let last = scalars.lastIndex(where: { !drop($0) })
    else { return "" }
    return String(String.UnicodeScalarView(scalars[first...last]))
  }

  /// Every range where `needle` (ASCII) occurs, left to right, not overlapping.
  func ranges(of needle: String) -> [Range<Index>] {
    let pattern = Array(needle.utf8)
    guard let head = pattern.first else { return [] }
    var result: [Range<Index>] = []
    let view = utf8
    var index = view.startIndex
    while index < view.endIndex {
      if view[index] == head {
        var end = index
        var matched = 0
        while matched < pattern.count, end < view.endIndex, view[end] == pattern[matched] {
          end = view.index(after: end)
          matched += 1
        }
        if matched == pattern.count {
          result.append(index..<end)
          index = end
          continue
        }
      }
      index = view.index(after: index)
    }
    return result
  }
}
