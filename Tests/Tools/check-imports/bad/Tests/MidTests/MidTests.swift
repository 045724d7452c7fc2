@testable import Mid
import Testing

@Test func shouts() { #expect(shout("a") == "A") }
