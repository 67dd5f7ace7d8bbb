import Foundation
import Testing

@testable import ReinConsole

/// The README's key list is the keymap itself, so the two cannot drift apart.
struct ReadmeKeysTests {
  @Test func theReadmeListsEveryKeyAsTheKeymapDefinesIt() throws {
    let readme = (#filePath as NSString).deletingLastPathComponent + "/../../README.md"
    let text = try String(contentsOfFile: readme, encoding: .utf8)
    let keys = Keymap.markdown()
    #expect(text.contains(keys), "README.md should carry this key list:\n\(keys)")
  }
}
