import Foundation
import ReinDomain
import ReinStore

/// Reading an input file and writing the small JSON documents audit entries carry.
enum ImportFile {
  /// Files larger than this are refused rather than read into memory.
  static let maximumBytes = 256 * 1024 * 1024

  static func read(_ path: String) throws(ImportError) -> Data {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes else { throw ImportError("cannot read the file (does it exist?)") }
    if let size = attributes[.size] as? Int, size > maximumBytes {
      throw ImportError("the file is \(size) bytes; files over \(maximumBytes) bytes are refused")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImportError("cannot read the file (check its permissions)")
    }
    return data
  }

  static func name(_ path: String) -> String { (path as NSString).lastPathComponent }

  static func json(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
