import Foundation

public let greeting = "hello"
