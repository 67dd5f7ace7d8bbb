extension Schema {
  /// Bank lines of one status in id order: cash application reads the new lines a batch at a
  /// time after the last one it read, and without the id in the index every batch read and
  /// sorted every line still new, so a statement of 100,000 lines cost as much in reading as in
  /// applying.
  static let bankLinesInOrder = Migration(
    number: 12, name: "bank lines by status in id order",
    sql: """
      DROP INDEX bank_line_status;
      CREATE INDEX bank_line_status ON bank_line (status, id);
      """)
}
