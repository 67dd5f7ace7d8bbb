import CCrypto

/// SHA-256 through libcrypto, as lowercase hex.
public enum SHA256 {
  public static func hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    bytes.withUnsafeBufferPointer { input in
      digest.withUnsafeMutableBufferPointer { output in
        rein_sha256(input.baseAddress, input.count, output.baseAddress)
      }
    }
    let alphabet = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(64)
    for byte in digest {
      text.append(alphabet[Int(byte >> 4)])
      text.append(alphabet[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
