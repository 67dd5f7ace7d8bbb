import ReinDomain

/// The spot-check review set: the sampled actions above, the selected one's trace below.
enum ReviewView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    let review = state.review
    let checked = review.list.rows.filter { $0.verdict != nil }.count
    grid.fill(row: 1, role: .header)
    grid.put(
      " \(review.list.total) unattended action\(review.list.total == 1 ? "" : "s") drawn "
        + "(seed \(review.seed)) · \(checked) checked · a agree, d disagree",
      row: 1, column: 0, role: .header)
    let columns = [
      Column(title: "", width: 2), Column(title: "Action", width: 7),
      Column(title: "Kind", width: 13), Column(title: "Account", width: 9),
      Column(title: "Amount", width: 15, alignRight: true), Column(title: "Allowed by", width: 0),
    ]
    Table.heading(columns, row: 2, into: &grid)
    let split = Panes.split(grid)
    Table.body(
      Panes.window(review.list, rows: split - 3), columns, first: 3, last: split - 1,
      empty: "no unattended actions to check in the last 30 days", into: &grid
    ) { item, _ in
      let mark =
        switch item.verdict {
        case "agree": "✓"
        case "disagree": "✗"
        default: " "
        }
      return [
        Field(mark, item.verdict == "disagree" ? .error : .ok), Field("\(item.actionID)", .muted),
        Field(Format.label(ofKind: item.kind)), Field(item.customerID),
        Field(item.amount.map(Format.amount) ?? "—", .amount), Field(item.rule, .key),
      ]
    }
    guard let item = review.list.current else { return }
    var lines = [
      StyledLine([
        Field("\(item.subject) · \(item.category) · \(Format.time(item.at))", .muted)
      ])
    ]
    if item.verdict == "disagree" {
      lines.append(
        StyledLine([
          Field("allowed by ", .warning), Field(item.rule, .key), Field(" (p opens it)", .muted),
        ]))
    }
    lines += EscalationView.reasoning(
      item.trace, currency: item.amount?.currency, width: grid.size.columns - 2)
    EscalationView.pane(
      lines, "Trace of action \(item.actionID) (Enter opens it whole)", focused: true, scroll: 0,
      rows: split...(grid.size.rows - 3), columns: 0..<grid.size.columns, into: &grid)
  }
}

/// Proposals to loosen the dial, with their evidence, and Rein's own tightenings.
enum SuggestionsView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    let list = state.suggestions.list
    let proposals = list.rows.filter { $0.origin == .proposal }.count
    grid.fill(row: 1, role: .header)
    grid.put(
      " \(proposals) proposal\(proposals == 1 ? "" : "s") to loosen · "
        + "\(list.total - proposals) tightenings by Rein · a accepts (reason required)",
      row: 1, column: 0, role: .header)
    let columns = self.columns(list.rows, width: grid.size.columns)
    Table.heading(columns, row: 2, into: &grid)
    let split = Panes.split(grid)
    Table.body(
      Panes.window(list, rows: split - 3), columns, first: 3, last: split - 1,
      empty: "no proposals: no threshold has a clean enough record yet", into: &grid
    ) { line, _ in
      [
        Field(" " + label(line.origin), line.origin == .proposal ? .ok : .warning),
        Field(line.key, .key), Field(line.before, .muted), Field(line.after, .amount),
      ]
    }
    guard let line = list.current else { return }
    let width = grid.size.columns - 2
    var lines: [StyledLine] = []
    if !line.category.isEmpty { lines += Wrap.labelled("applies to", line.category, width: width) }
    if let when = line.when { lines.append(StyledLine("changed \(Format.time(when))", .muted)) }
    for evidence in line.evidence {
      lines += Wrap.lines("· " + evidence, width: width).map { StyledLine($0) }
    }
    if line.origin != .proposal {
      lines.append(StyledLine("done by Rein from the record; not offered for acceptance", .muted))
    }
    EscalationView.pane(
      lines, line.origin == .proposal ? "Evidence" : "Why Rein tightened", focused: true,
      scroll: 0, rows: split...(grid.size.rows - 3), columns: 0..<grid.size.columns, into: &grid)
  }

  /// The setting and its values as wide as they are, as far as the screen allows: a key is cut
  /// only when the screen cannot hold it beside the two values.
  static func columns(_ rows: [Suggestion], width: Int) -> [Column] {
    let values = max(14, (rows.map(\.before.count).max() ?? 0) + 1)
    let after = max(14, (rows.map(\.after.count).max() ?? 0))
    let longest = (rows.map(\.key.count).max() ?? 0) + 1
    let setting = max(30, min(longest, width - 15 - values - after))
    return [
      Column(title: " What", width: 15), Column(title: "Setting", width: setting),
      Column(title: "From", width: values), Column(title: "To", width: 0),
    ]
  }

  static func label(_ origin: Suggestion.Origin) -> String {
    switch origin {
    case .proposal: "proposal"
    case .tightened: "tightened"
    case .dueToTighten: "due to tighten"
    }
  }
}

/// Layout shared by the screens with a list above and a detail pane below.
enum Panes {
  /// The row where the detail pane starts: below a list of at least three rows.
  static func split(_ grid: CellGrid) -> Int {
    let body = grid.size.rows - 5
    return 3 + max(3, min(body / 2, 12))
  }

  /// The list scrolled so that the cursor shows in `rows` rows.
  static func window<Row>(_ list: ListWindow<Row>, rows: Int) -> ListWindow<Row> {
    var window = list
    if window.cursor >= window.top + rows { window.top = window.cursor - rows + 1 }
    if window.cursor < window.top { window.top = window.cursor }
    return window
  }
}
