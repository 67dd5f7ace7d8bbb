import Foundation

/// A book several people work on: one database file that a group may read and write, with the
/// -wal and -shm files SQLite keeps beside it.
enum SharedBook {
  /// Gives the side files this user owns the book's own mode and group. SQLite creates them with
  /// the book's mode, but under the creating process's umask and with its user's primary group;
  /// a reader whose umask is 022, or whose primary group is not the book's, would otherwise lock
  /// the book's other users out. Files of other users are left alone; nothing here can fail the
  /// open.
  static func alignSideFiles(of path: String) {
    var book = stat()
    guard stat(path, &book) == 0 else { return }
    let mode = book.st_mode & 0o666
    for suffix in ["-wal", "-shm"] {
      var side = stat()
      let sidePath = path + suffix
      guard stat(sidePath, &side) == 0, side.st_uid == getuid() else { continue }
      if side.st_mode & 0o777 != mode { _ = chmod(sidePath, mode) }
      if side.st_gid != book.st_gid { _ = chown(sidePath, uid_t.max, book.st_gid) }
    }
  }
}
