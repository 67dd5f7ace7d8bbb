import ReinDomain

extension Console {
  /// Fills the document screen that asked for these lines, or says the record is gone.
  static func showDocument(_ title: String, _ lines: [DocumentLine]?, _ state: inout ConsoleState) {
    guard case .document(var screen) = state.screen, screen.title == title else { return }
    guard let lines else {
      state.stack.removeLast()
      state.say("\(title) is not in the database", error: true)
      return
    }
    screen.lines = lines
    state.replaceTop(.document(screen))
  }

  /// An audit entry whole: who, when, what, why, and what it read and changed, in words.
  static func auditLines(_ entry: AuditEntry, _ currency: Currency?) -> [DocumentLine] {
    var lines = [
      DocumentLine("entry", "\(entry.seq) · \(Format.time(entry.at)) · by \(entry.actor)"),
      DocumentLine("kind", entry.kind),
    ]
    if let account = entry.account { lines.append(DocumentLine("account", account)) }
    if let subject = entry.subject { lines.append(DocumentLine("subject", subject)) }
    lines.append(DocumentLine("reason", entry.reason.isEmpty ? "—" : entry.reason))
    for (title, json) in [("Read", entry.read), ("Before", entry.before), ("After", entry.after)] {
      lines.append(DocumentLine("", title, heading: true))
      lines += readable(json, currency)
    }
    lines.append(DocumentLine("", "Chain", heading: true))
    lines.append(DocumentLine("previous hash", entry.prevHash))
    lines.append(DocumentLine("hash", entry.hash))
    return lines
  }

  /// Stored JSON as labelled lines; text that is not JSON as it is.
  static func readable(_ json: String?, _ currency: Currency?) -> [DocumentLine] {
    guard let json, !json.isEmpty else { return [DocumentLine("", "nothing recorded")] }
    guard let node = JSONNode.parse(json) else { return [DocumentLine("", json)] }
    let lines = ReadableJSON.lines("", node, currency: currency)
    return lines.isEmpty
      ? [DocumentLine("", "nothing recorded")] : lines.map { DocumentLine($0.0, $0.1) }
  }

  /// A message with its body, for reading: the body is customer text and is shown inert.
  static func messageLines(_ message: Message) -> [DocumentLine] {
    var lines = [
      DocumentLine(
        message.direction == .inbound ? "from" : "to",
        "\(message.customerID) · \(message.channel) · \(message.state.rawValue)"),
      DocumentLine("when", Format.time(message.at)),
    ]
    if let tone = message.tone { lines.append(DocumentLine("tone", tone.rawValue)) }
    lines.append(DocumentLine("subject", message.subject))
    lines.append(DocumentLine("", "Body", heading: true))
    lines.append(DocumentLine("", message.body.isEmpty ? "(empty)" : message.body))
    return lines
  }
}
