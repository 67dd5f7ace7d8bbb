import ReinDomain

extension JSON {
  /// A reasoning trace as JSON, byte for byte what `JSONEncoder` writes with sorted keys and
  /// unescaped slashes, without its generic machinery: the agent writes one per action.
  public static func encode(_ trace: Trace) -> String {
    var writer = JSONWriter(capacity: 512)
    write(trace, into: &writer)
    return writer.text
  }

  static func write(_ trace: Trace, into writer: inout JSONWriter) {
    writer.raw("{\"choice\":")
    writer.quoted(trace.choice)
    writer.raw(",\"read\":")
    write(trace.read, into: &writer)
    writer.raw(",\"steps\":[")
    for (index, step) in trace.steps.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.raw("{\"detail\":")
      writer.quoted(step.detail)
      writer.raw(",\"outcome\":")
      writer.quoted(step.outcome)
      writer.raw(",\"rule\":")
      writer.quoted(step.rule)
      writer.byte(UInt8(ascii: "}"))
    }
    writer.raw("]}")
  }

  /// What the agent read, as the audit trail stores it.
  public static func encode(_ items: [ReadItem]) -> String {
    var writer = JSONWriter()
    write(items, into: &writer)
    return writer.text
  }

  static func write(_ items: [ReadItem], into writer: inout JSONWriter) {
    writer.byte(UInt8(ascii: "["))
    for (index, item) in items.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.raw("{\"subject\":")
      writer.quoted(item.subject)
      writer.raw(",\"value\":")
      writer.quoted(item.value)
      writer.byte(UInt8(ascii: "}"))
    }
    writer.byte(UInt8(ascii: "]"))
  }

  /// A JSON string literal, escaped as `JSONEncoder` escapes it, appended to `text`.
  public static func appendQuoted(_ value: String, to text: inout String) {
    var writer = JSONWriter(capacity: value.utf8.count + 2)
    writer.quoted(value)
    text += writer.text
  }
}

extension JSON {
  /// A flat map of strings (parameters, context sections) as JSON with sorted keys, as
  /// `JSONEncoder` writes it.
  public static func encode(_ map: [String: String]) -> String {
    var writer = JSONWriter()
    writer.byte(UInt8(ascii: "{"))
    for (index, key) in map.keys.sorted().enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.quoted(key)
      writer.byte(UInt8(ascii: ":"))
      writer.quoted(map[key] ?? "")
    }
    writer.byte(UInt8(ascii: "}"))
    return writer.text
  }
}
