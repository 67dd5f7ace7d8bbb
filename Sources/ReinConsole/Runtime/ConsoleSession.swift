import ReinDomain
import ReinStore

/// The loop's core without a terminal: feeds messages to update, carries out the effects it asks
/// for (and the effects their answers ask for), and renders. Tests drive it directly.
public final class ConsoleSession {
  public private(set) var state: ConsoleState
  let runner: EffectRunner

  public init(state: ConsoleState, runner: EffectRunner) {
    self.state = state
    self.runner = runner
  }

  /// Loads the first screens.
  public func start() {
    run(Console.start(&state))
  }

  /// Handles a batch of messages, then every effect they lead to.
  public func send(_ messages: [ConsoleMessage]) {
    var effects: [ConsoleEffect] = []
    for message in messages { effects += Console.update(&state, message) }
    run(effects)
  }

  public func send(_ message: ConsoleMessage) { send([message]) }

  /// Presses keys one at a time, each with its effects, as a person would.
  public func press(_ keys: [Key]) {
    for key in keys { send(.key(key)) }
  }

  /// Types text into whatever has the keyboard.
  public func type(_ text: String) {
    press(text.map { .character($0) })
  }

  public func render() -> CellGrid { ConsoleView.render(state) }

  /// Clears the one-shot redraw request once the terminal has honoured it.
  public func redrawDone() { state.fullRedraw = false }

  /// Runs effects breadth first; identical effects of one round run once. Answers can ask for
  /// more reads (a page that is still short), so this repeats, a bounded number of times.
  func run(_ initial: [ConsoleEffect]) {
    var effects = initial
    var rounds = 0
    while !effects.isEmpty && rounds < 8 {
      rounds += 1
      var seen: [ConsoleEffect] = []
      for effect in effects where !seen.contains(effect) { seen.append(effect) }
      var next: [ConsoleEffect] = []
      for effect in seen {
        for message in runner.perform(effect) { next += Console.update(&state, message) }
      }
      effects = next
    }
  }
}
