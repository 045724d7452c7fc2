import Testing
@testable import TakoCEL

@Test func smoke() {
    #expect(Environment().compile("1 + 2").program?.evaluate().value.map { "\($0)" } == "int(3)")
}
