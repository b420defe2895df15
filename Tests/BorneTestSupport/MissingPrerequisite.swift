/// What a test needs and does not find (a tool, root, the built binary).
/// Thrown, it fails the test — never a skip: `make test` installs every
/// prerequisite, so a missing one is a broken machine or Makefile.
public struct MissingPrerequisite: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
