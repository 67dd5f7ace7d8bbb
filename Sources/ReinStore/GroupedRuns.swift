extension Array {
  /// The elements by account, for rows read in account order: each run of one account becomes
  /// its entry, so an account's id is hashed once rather than once per row. Rows out of order
  /// still land under their account, after the ones already there.
  func byAccount(_ account: (Element) -> String) -> [String: [Element]] {
    var grouped: [String: [Element]] = [:]
    var start = startIndex
    while start < endIndex {
      let key = account(self[start])
      var end = start + 1
      while end < endIndex, account(self[end]) == key { end += 1 }
      grouped[key, default: []].append(contentsOf: self[start..<end])
      start = end
    }
    return grouped
  }
}
