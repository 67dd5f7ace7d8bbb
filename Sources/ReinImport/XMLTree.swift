import Foundation
import FoundationXML

/// An XML element read into memory: local name, namespace, attributes, children and text.
final class XMLNode {
  let localName: String
  let uri: String?
  let attributes: [String: String]
  private(set) var elementChildren: [XMLNode] = []
  fileprivate var characters = ""

  init(localName: String, uri: String?, attributes: [String: String]) {
    self.localName = localName
    self.uri = uri
    self.attributes = attributes
  }

  /// Child elements with this local name, whatever their namespace prefix.
  func children(_ name: String) -> [XMLNode] { elementChildren.filter { $0.localName == name } }

  /// The first element down a path of local names.
  func first(_ path: String...) -> XMLNode? {
    var current: XMLNode? = self
    for name in path { current = current?.elementChildren.first { $0.localName == name } }
    return current
  }

  /// The element's own text, trimmed.
  var text: String { characters.trimmed }

  func attributeValue(_ name: String) -> String? { attributes[name] }

  /// ISO 20022 messages are UTF-8. Bytes that are not (or that hold control characters XML
  /// forbids) are refused here, before the platform's parser sees them: it does not survive
  /// every malformed name.
  private static func checkBytes(_ data: Data) throws(ImportError) {
    var bytes = [UInt8](data)[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      // A broken byte makes an XML document malformed, whatever its text says.
      throw ImportError("not UTF-8 text, which an ISO 20022 message must be")
    }
    if !String(decoding: bytes, as: UTF8.self).ranges(of: "<!DOCTYPE").isEmpty {
      // ISO 20022 messages have no document type; refusing one keeps entity expansion out.
      throw ImportError("a DOCTYPE declaration is not allowed in an ISO 20022 message")
    }
    if let offset = bytes.firstIndex(where: { $0 < 32 && $0 != 9 && $0 != 10 && $0 != 13 }) {
      let line = bytes[..<offset].filter { $0 == 10 }.count + 1
      throw ImportError(
        "control character \(bytes[offset]) is not allowed in XML", at: "line \(line)")
    }
  }

  fileprivate func append(_ child: XMLNode) { elementChildren.append(child) }

  /// Parses a document with `XMLParser` (event-driven; `XMLDocument` crashes on some damaged
  /// input on Linux). External entities are never resolved. The document must close every element
  /// it opens.
  static func parse(_ data: Data) throws(ImportError) -> XMLNode {
    try checkBytes(data)
    let builder = TreeBuilder()
    let parser = XMLParser(data: data)
    parser.delegate = builder
    parser.shouldProcessNamespaces = true
    parser.shouldResolveExternalEntities = false
    let finished = parser.parse()
    if !finished || parser.parserError != nil || builder.failure != nil {
      let reason = builder.failure ?? parser.parserError.map { "\(($0 as NSError).code)" } ?? "?"
      throw ImportError(
        "not well-formed XML (parser error \(reason))", at: "line \(parser.lineNumber)")
    }
    guard let root = builder.root, builder.stack.isEmpty else {
      throw ImportError(
        builder.root == nil ? "no XML element found" : "the XML ends before its elements close")
    }
    return root
  }
}

/// Collects parser events into a tree of `XMLNode`s.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: XMLNode?
  var stack: [XMLNode] = []
  var failure: String?

  /// Deeper nesting than any camt message needs is refused rather than followed.
  static let maximumDepth = 64

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    guard failure == nil else { return }
    guard stack.count < Self.maximumDepth else {
      failure = "elements nested deeper than \(Self.maximumDepth)"
      parser.abortParsing()
      return
    }
    if root != nil && stack.isEmpty {
      failure = "a second root element"
      parser.abortParsing()
      return
    }
    let node = XMLNode(localName: elementName, uri: namespaceURI, attributes: attributeDict)
    if let parent = stack.last { parent.append(node) } else { root = node }
    stack.append(node)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    guard failure == nil else { return }
    guard stack.last?.localName == elementName else {
      failure = "closing \(elementName) that is not open"
      parser.abortParsing()
      return
    }
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.characters += string
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    stack.last?.characters += String(decoding: block, as: UTF8.self)
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    if failure == nil { failure = "\((parseError as NSError).code)" }
  }
}
