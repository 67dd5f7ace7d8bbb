/// The mouse: a press on a list row selects it and a press on the selected row opens it; the
/// wheel moves three rows at a time. Overlays take no mouse input, except that help and batch
/// results close on a press and scroll with the wheel.
extension Console {
  static func mouse(_ event: MouseEvent, _ state: inout ConsoleState) -> [ConsoleEffect] {
    if let modal = state.modal {
      switch (modal, event.action) {
      case (.help, .press), (.results, .press):
        state.modal = nil
      case (.help, _), (.results, _):
        let key: Key = event.action == .wheelUp ? .up : .down
        for _ in 0..<3 { _ = handleModal(key: key, &state) }
      default: break
      }
      return []
    }
    switch event.action {
    case .wheelUp, .wheelDown:
      let step: KeyAction = event.action == .wheelUp ? .moveUp : .moveDown
      var effects: [ConsoleEffect] = []
      for _ in 0..<3 { effects += navigate(step, &state) }
      return effects
    case .press:
      let first = 3
      let last = state.size.rows - 3
      guard event.row >= first, event.row <= last, let top = listTop(state) else { return [] }
      let index = top + (event.row - first)
      guard let cursor = listCursor(state), index < listTotal(state) else { return [] }
      if index == cursor { return open(&state) }
      let steps = index - cursor
      var effects: [ConsoleEffect] = []
      for _ in 0..<abs(steps) { effects += navigate(steps > 0 ? .moveDown : .moveUp, &state) }
      return effects
    }
  }

  static func listTop(_ state: ConsoleState) -> Int? {
    switch state.screen {
    case .queue: state.queue.list.top
    case .policy: state.policy.list.top
    case .audit: state.audit.list.top
    case .outbox: state.outbox.list.top
    case .account(let screen): screen.list.top
    default: nil
    }
  }

  static func listCursor(_ state: ConsoleState) -> Int? {
    switch state.screen {
    case .queue: state.queue.list.cursor
    case .policy: state.policy.list.cursor
    case .audit: state.audit.list.cursor
    case .outbox: state.outbox.list.cursor
    case .account(let screen): screen.list.cursor
    default: nil
    }
  }

  static func listTotal(_ state: ConsoleState) -> Int {
    switch state.screen {
    case .queue: state.queue.list.total
    case .policy: state.policy.list.total
    case .audit: state.audit.list.total
    case .outbox: state.outbox.list.total
    case .account(let screen): screen.list.total
    default: 0
    }
  }
}
