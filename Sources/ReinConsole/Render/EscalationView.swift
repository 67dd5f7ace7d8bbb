import ReinDomain
import ReinStore

/// One escalation: the proposal and the context the agent assembled, beside its reasoning.
enum EscalationView {
  static func render(_ screen: EscalationScreen, _ state: ConsoleState, into grid: inout CellGrid) {
    guard let record = screen.record, let detail = screen.detail else {
      grid.put(" loading escalation #\(screen.id)…", row: 2, column: 0, role: .muted)
      return
    }
    let top = 1
    let bottom = grid.size.rows - 3
    let width = grid.size.columns
    if width >= 100 {
      let split = width / 2
      let left = proposal(record, detail, state, heldBy: screen.heldBy, width: split - 2)
      let right = reasoning(
        detail.trace, currency: record.row.amount.currency, width: width - split - 2)
      pane(
        left, "Proposal and context", focused: screen.pane == 0, scroll: screen.scroll[0],
        rows: top...bottom, columns: 0..<split, into: &grid)
      pane(
        right, "Reasoning", focused: screen.pane == 1, scroll: screen.scroll[1],
        rows: top...bottom, columns: split..<width, into: &grid)
    } else {
      let lines =
        screen.pane == 0
        ? proposal(record, detail, state, heldBy: screen.heldBy, width: width - 2)
        : reasoning(detail.trace, currency: record.row.amount.currency, width: width - 2)
      let title =
        screen.pane == 0 ? "Proposal and context (Tab: reasoning)" : "Reasoning (Tab: proposal)"
      pane(
        lines, title, focused: true, scroll: screen.scroll[screen.pane], rows: top...bottom,
        columns: 0..<width, into: &grid)
    }
  }

  static func render(trace screen: TraceScreen, _ state: ConsoleState, into grid: inout CellGrid) {
    let width = grid.size.columns
    let lines =
      screen.trace.map { reasoning($0, currency: screen.currency, width: width - 2) }
      ?? [StyledLine("loading…", .muted)]
    pane(
      lines, screen.title, focused: true, scroll: screen.scroll, rows: 1...(grid.size.rows - 3),
      columns: 0..<width, into: &grid)
  }

  /// Paints a titled pane with its lines from `scroll` on.
  static func pane(
    _ lines: [StyledLine], _ title: String, focused: Bool, scroll: Int, rows: ClosedRange<Int>,
    columns: Range<Int>, into grid: inout CellGrid
  ) {
    guard rows.count >= 2, columns.count >= 4 else { return }
    grid.put(
      String(repeating: " ", count: columns.count), row: rows.lowerBound,
      column: columns.lowerBound, role: .header)
    let marker = focused ? "▸ " : "  "
    grid.put(
      marker + title, row: rows.lowerBound, column: columns.lowerBound,
      role: focused ? .header : .muted, limit: columns.count)
    let first = min(scroll, max(0, lines.count - 1))
    for (offset, row) in ((rows.lowerBound + 1)...rows.upperBound).enumerated() {
      let index = first + offset
      guard index < lines.count else { break }
      lines[index].paint(
        row: row, column: columns.lowerBound + 1, width: columns.count - 2, into: &grid)
    }
    if columns.lowerBound > 0 {
      for row in rows { grid.put("│", row: row, column: columns.lowerBound - 1, role: .border) }
    }
  }

  static func proposal(
    _ record: EscalationRecord, _ detail: EscalationDetail, _ state: ConsoleState,
    heldBy: String?, width: Int
  ) -> [StyledLine] {
    let row = record.row
    let overdue = row.dueBy < state.now && record.status == "open"
    let dueSoon = !overdue && row.dueWarned && record.status == "open"
    let standing = detail.standing
    var headline = [
      Field(Format.label(ofKind: row.kind) + " ", .title),
      Field(Format.amount(row.amount), .amount),
    ]
    if let now = standing?.amountNow {
      headline[1].role = .muted
      headline += [
        Field(" proposed → ", .muted), Field(Format.amount(now), .warning), Field(" now", .muted),
      ]
    }
    var lines: [StyledLine] = [
      StyledLine(headline),
      StyledLine("for \(Format.name(row.customerName)) (\(row.customerID), \(row.segment))"),
      StyledLine([
        Field("status ", .muted), Field(record.status, record.status == "open" ? .warning : .ok),
        Field(" · priority \(row.priority) · owner \(row.owner ?? "none")", .muted),
      ]),
    ]
    lines += dueLines(record, overdue: overdue, dueSoon: dueSoon, now: state.now)
    if let second = row.secondApprover, record.status == "open" {
      lines.append(
        StyledLine([
          Field("second approver ", .muted), Field(second, .key),
          Field(" (asked at half the time to decide)", .muted),
        ]))
    }
    if let first = record.firstApprover ?? row.firstApprover, record.status == "open" {
      lines.append(
        StyledLine([
          Field("approved once, by ", .warning), Field(first, .key),
          Field("; a second, different person must approve the same", .warning),
        ]))
    }
    if let heldBy {
      lines.append(
        StyledLine([Field("being reviewed by ", .warning), Field(heldBy, .key)]))
    }
    lines += [
      .blank,
      StyledLine([
        Field("Stopped by ", .warning), Field(row.rule, .key), Field(" (p opens it)", .muted),
      ]),
    ]
    lines += Wrap.labelled("", row.reason, width: width)
    lines.append(.blank)
    lines.append(StyledLine("Parameters", .columnHeader))
    lines += ProposalText.parameters(
      detail.parameters, currency: row.amount.currency, width: width, standing: standing)
    if let standing, standing.differs {
      lines += noLongerAsProposed(standing, row, width: width)
    }
    lines.append(.blank)
    lines +=
      record.changes.isEmpty
      ? [StyledLine("Context the agent assembled", .columnHeader)]
      : changedSinceRaised(record, width: width)
    lines += ContextView.lines(detail.context, currency: row.amount.currency, width: width)
    return lines
  }

  /// What of the proposal no longer holds on the account as it is now, so an approval is given
  /// knowing what will be done.
  static func noLongerAsProposed(_ standing: ProposalStanding, _ row: QueueRow, width: Int)
    -> [StyledLine]
  {
    var facts = standing.closed.map { "\($0) has nothing left open now; the action leaves it out" }
    if let now = standing.amountNow {
      let (then, current) = (Format.amount(row.amount), Format.amount(now))
      switch ActionKind(rawValue: row.kind) {
      case .writeOff, .creditNote, .shortPayWriteOff:
        facts.append(
          "\(then) proposed, but only \(current) is open on its invoices now: approving takes "
            + current)
      default:
        facts.append("the balance was \(then) when raised and is \(current) now")
      }
    }
    var lines = [StyledLine.blank, StyledLine("No longer as proposed", .warning)]
    for fact in facts {
      lines += Wrap.lines(fact, width: max(1, width - 2)).enumerated().map { index, text in
        StyledLine([Field(index == 0 ? "! " : "  ", .warning), Field(text, .warning)])
      }
    }
    return lines
  }

  /// When the decision is due; a deferred item's due-by does not run until it comes back.
  static func dueLines(_ record: EscalationRecord, overdue: Bool, dueSoon: Bool, now: Instant)
    -> [StyledLine]
  {
    let row = record.row
    if record.status == "deferred", let day = record.deferredUntil {
      return [
        StyledLine([
          Field("raised \(Format.time(row.raisedAt)) · deferred until ", .muted),
          Field(day, .warning),
        ]),
        StyledLine("the due-by starts afresh when it comes back", .muted),
      ]
    }
    return [
      StyledLine("raised \(Format.time(row.raisedAt))", .muted),
      StyledLine([
        Field("due ", .muted),
        Field(
          Format.dueInFull(row.dueBy, now: now), overdue ? .overdue : (dueSoon ? .warning : .muted)),
        Field(dueSoon ? " (due soon)" : "", .warning),
      ]),
    ]
  }

  /// Above the context when the account has changed since the escalation was raised: what
  /// changed, and that the context below is the account as it stands now.
  static func changedSinceRaised(_ record: EscalationRecord, width: Int) -> [StyledLine] {
    var lines = [StyledLine("Changed since it was raised", .warning)]
    for change in record.changes {
      lines += Wrap.lines(Format.moments(in: change), width: max(1, width - 2)).enumerated().map {
        index, text in
        StyledLine([Field(index == 0 ? "! " : "  ", .warning), Field(text, .warning)])
      }
    }
    lines.append(.blank)
    lines.append(StyledLine("The account as it stands now", .columnHeader))
    return lines
  }

  /// The trace step by step; with the escalation's currency, amounts the agent read are shown as
  /// money.
  static func reasoning(_ trace: TraceView, currency: Currency? = nil, width: Int) -> [StyledLine] {
    if let raw = trace.unreadable {
      return [StyledLine("stored trace (not in Rein's format):", .warning)]
        + Wrap.lines(raw, width: width).map { StyledLine($0) }
    }
    var lines: [StyledLine] = [StyledLine("What it read", .columnHeader)]
    if trace.read.isEmpty { lines.append(StyledLine("nothing recorded", .muted)) }
    for item in trace.read {
      lines += ProposalText.read(item, currency: currency, width: width)
    }
    lines.append(.blank)
    lines.append(StyledLine("Rules, in order", .columnHeader))
    for (index, step) in trace.steps.enumerated() {
      let role: StyleRole =
        ["escalate", "stop", "refuse", "ask", "fail"].contains(step.outcome) ? .warning : .ok
      lines.append(
        StyledLine([
          Field("\(index + 1). ", .muted), Field(step.rule, .key), Field(" → ", .muted),
          Field(step.outcome, role),
        ]))
      if !step.detail.isEmpty {
        lines += Wrap.lines(step.detail, width: max(1, width - 3)).map {
          StyledLine([Field("   "), Field($0, .muted)])
        }
      }
    }
    lines.append(.blank)
    lines += Wrap.labelled(
      "Choice", trace.choice.isEmpty ? "—" : trace.choice, width: width,
      labelRole: .columnHeader)
    return lines
  }
}
