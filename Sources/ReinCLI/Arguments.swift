/// A command-line option: a flag or an option that takes a value.
public struct OptionSpec: Sendable {
  public let name: String
  public let valueName: String?
  public let repeatable: Bool
  public let summary: String
  /// Left out of `--help`: an option for Rein's own use, such as the benchmark's child probe.
  public let hidden: Bool

  public init(
    _ name: String, value: String? = nil, repeatable: Bool = false, hidden: Bool = false,
    _ summary: String
  ) {
    self.name = name
    self.valueName = value
    self.repeatable = repeatable
    self.hidden = hidden
    self.summary = summary
  }

  public var takesValue: Bool { valueName != nil }
}

/// What was given on the command line for one command, checked against its spec.
public struct ParsedArguments: Sendable {
  public var positionals: [String] = []
  var values: [String: [String]] = [:]
  var flags: Set<String> = []

  public func flag(_ name: String) -> Bool { flags.contains(name) }

  public func value(_ name: String) -> String? { values[name]?.last }

  public func all(_ name: String) -> [String] { values[name] ?? [] }

  /// A required value; missing is a usage error.
  public func require(_ name: String) throws(UsageError) -> String {
    guard let value = value(name) else { throw UsageError("missing \(name)") }
    return value
  }

  /// A positional argument by index; missing is a usage error naming what was expected.
  public func positional(_ index: Int, _ name: String) throws(UsageError) -> String {
    guard index < positionals.count else { throw UsageError("missing argument \(name)") }
    return positionals[index]
  }

  /// A value parsed as a number; anything else is a usage error.
  public func number<T: LosslessStringConvertible>(_ name: String, as type: T.Type)
    throws(UsageError)
    -> T?
  {
    guard let text = value(name) else { return nil }
    guard let number = T(text) else { throw UsageError("\(name) expects a number, got '\(text)'") }
    return number
  }
}

/// A mistake in how a command was called: exit 2 with a usage hint.
public struct UsageError: Error, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// An operation that was refused or found a problem: exit 1 with one clear line.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

enum ArgumentParser {
  /// Splits arguments by the spec: `--name value`, `--name=value`, flags, `--` ends options.
  static func parse(_ arguments: [String], options: [OptionSpec], maxPositionals: Int)
    throws(UsageError) -> ParsedArguments
  {
    var parsed = ParsedArguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      let negativeNumber = argument.count > 1 && argument.dropFirst().first?.isNumber == true
      if optionsEnded || !argument.hasPrefix("-") || argument == "-" || negativeNumber {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument
      var inline: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      guard let spec = options.first(where: { $0.name == name }) else {
        throw UsageError("unknown option \(name)")
      }
      if spec.takesValue {
        let value: String
        if let inline {
          value = inline
        } else {
          guard index < arguments.count else {
            throw UsageError("\(name) needs a value (\(spec.valueName ?? "VALUE"))")
          }
          value = arguments[index]
          // `--format --db x` is a forgotten value, not a format called "--db".
          if value.hasPrefix("--"), options.contains(where: { $0.name == value }) {
            throw UsageError("\(name) needs a value (\(spec.valueName ?? "VALUE")) before \(value)")
          }
          index += 1
        }
        if !spec.repeatable && parsed.values[name] != nil {
          throw UsageError("\(name) given twice")
        }
        parsed.values[name, default: []].append(value)
      } else {
        guard inline == nil else { throw UsageError("\(name) takes no value") }
        parsed.flags.insert(name)
      }
    }
    if parsed.positionals.count > maxPositionals {
      throw UsageError("unexpected argument '\(parsed.positionals[maxPositionals])'")
    }
    return parsed
  }
}
