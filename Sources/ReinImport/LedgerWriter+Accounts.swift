import ReinDomain
import ReinStore

/// Customer rows: new accounts are created and audited under their own account; an account
/// already on the ledger keeps its owner, flags, segment, currency and contact address, which
/// decide who may decide its escalations and where its dunning goes, and only its name and
/// autopay follow the file.
extension LedgerWriter {
  /// Refuses the whole file when it would create accounts with an owner or flags and the
  /// importing user may not name them (see `ImportStore.accountSetupRefusal`).
  func checkAccountSetup(_ rows: [CustomerRow]) throws {
    var naming: [CustomerRow] = []
    for row in rows where row.customer.owner != nil || !row.customer.flags.isEmpty {
      if try connection.customer(row.customer.id) == nil { naming.append(row) }
    }
    guard let first = naming.first, let refusal = try connection.accountSetupRefusal(for: actor)
    else { return }
    let others = naming.count - 1
    let also =
      others == 0 ? "" : " (and \(counted(others, "other new account")) in the file)"
    throw ImportError(
      "account \(TextInput.quoted(first.customer.id))\(also) would be created with "
        + Self.governance(of: first.customer) + ", but " + refusal
        + "; leave the owner and flags empty for new accounts and have an administrator name "
        + "them with `rein policy set`, or have an administrator import the file",
      at: "line \(first.line)")
  }

  /// Writes one customer row; true when it created the account.
  mutating func write(_ row: CustomerRow) throws -> Bool {
    guard let held = try connection.customer(row.customer.id) else {
      try create(row.customer, contact: row.contact, line: row.line)
      return true
    }
    try keep(held, against: row)
    try correct(held, from: row)
    return false
  }

  /// Creates an account with its billing contact, audited under the account.
  mutating func create(_ customer: Customer, contact: Contact?, line: Int) throws {
    guard try connection.insert(customer) else { return }
    var added: Contact?
    if let contact, try connection.insert(contact) { added = contact }
    newCustomers += 1
    createdAccounts.append(customer.id)
    var facts = [
      "segment \(Self.segment(customer))",
      "currency \(customer.currency.code)", Self.governance(of: customer),
      "autopay \(customer.autopay ? "yes" : "no")",
    ]
    if let added { facts.append("billing contact \(added.email)") }
    try connection.appendAudit(
      AuditRecord(
        actor: actor, kind: "import.account_created", account: customer.id, subject: source,
        reason: "created account \(customer.id) (\(customer.name)) from ledger file \(source), "
          + "line \(line): " + facts.joined(separator: ", "),
        after: ImportFile.json(Self.fields(of: customer, contact: added))), at: time)
  }

  /// Reports, without changing anything, where the file gives an existing account another
  /// owner, flags, segment, currency or contact address than the ledger holds.
  private mutating func keep(_ held: Customer, against row: CustomerRow) throws {
    let file = row.customer
    let id = held.id
    var kept: [String] = []
    var remedies: [String] = []
    if held.owner != file.owner {
      kept.append("owner \(held.owner ?? "none") (the file says \(file.owner ?? "none"))")
      remedies.append("`rein policy set owner.\(id) USER --reason TEXT`")
    }
    if held.flags != file.flags {
      kept.append("flags \(Self.flags(held)) (the file says \(Self.flags(file)))")
      remedies.append("`rein policy set flag.\(id) strategic|sensitive|none --reason TEXT`")
    }
    if held.segment != file.segment {
      kept.append("segment \(Self.segment(held)) (the file says \(Self.segment(file)))")
    }
    if held.currency != file.currency {
      kept.append("currency \(held.currency.code) (the file says \(file.currency.code))")
    }
    if let contact = row.contact, let stored = try connection.contact(contact.id) {
      if stored.email != contact.email {
        kept.append("billing contact address \(stored.email) (the file says \(contact.email))")
      } else if stored.name != contact.name {
        kept.append("billing contact name \(stored.name) (the file says \(contact.name))")
      }
    }
    guard !kept.isEmpty else { return }
    keptAccounts.append(id)
    var how =
      "an import never changes who owns an account, its flags, segment, currency or "
      + "contact address"
    if !remedies.isEmpty {
      how += "; an administrator changes them with " + remedies.joined(separator: " and ")
    }
    accountWarnings.append(
      "line \(row.line): account \(TextInput.quoted(id)) is already on the ledger and kept its "
        + kept.joined(separator: ", ") + "; " + how)
  }

  /// Takes the name and autopay the file gives, and a billing contact where the account has
  /// none; audited under the account with what it was before.
  private mutating func correct(_ held: Customer, from row: CustomerRow) throws {
    let file = row.customer
    var changes: [String] = []
    if held.name != file.name { changes.append("name \(held.name) to \(file.name)") }
    if held.autopay != file.autopay {
      changes.append("autopay \(held.autopay ? "yes" : "no") to \(file.autopay ? "yes" : "no")")
    }
    if !changes.isEmpty {
      try connection.updateDetails(ofCustomer: held.id, name: file.name, autopay: file.autopay)
    }
    var added: Contact?
    if let contact = row.contact, try connection.contact(contact.id) == nil,
      try connection.insert(contact)
    {
      added = contact
      changes.append("billing contact \(contact.email) added")
    }
    guard !changes.isEmpty else { return }
    updatedAccounts.append(held.id)
    var after = held
    after.name = file.name
    after.autopay = file.autopay
    try connection.appendAudit(
      AuditRecord(
        actor: actor, kind: "import.account_updated", account: held.id, subject: source,
        reason: "ledger file \(source), line \(row.line), corrected account \(held.id): "
          + changes.joined(separator: ", "),
        before: ImportFile.json(Self.fields(of: held, contact: nil)),
        after: ImportFile.json(Self.fields(of: after, contact: added))), at: time)
  }

  /// `owner maria and flags sensitive, strategic`, as an audit entry or an error names them.
  static func governance(of customer: Customer) -> String {
    "owner \(customer.owner ?? "none") and flags \(flags(customer))"
  }

  static func segment(_ customer: Customer) -> String {
    customer.segment.isEmpty ? "none" : customer.segment
  }

  static func flags(_ customer: Customer) -> String {
    customer.flags.isEmpty
      ? "none" : customer.flags.map(\.rawValue).sorted().joined(separator: ", ")
  }

  static func fields(of customer: Customer, contact: Contact?) -> [String: Any] {
    var fields: [String: Any] = [
      "id": customer.id, "name": customer.name, "segment": customer.segment,
      "flags": customer.flags.map(\.rawValue).sorted(), "autopay": customer.autopay,
      "currency": customer.currency.code,
    ]
    if let owner = customer.owner { fields["owner"] = owner }
    if let contact {
      fields["contact"] = ["id": contact.id, "name": contact.name, "email": contact.email]
    }
    return fields
  }
}
