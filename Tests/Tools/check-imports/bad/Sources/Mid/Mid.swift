#if canImport(Glibc)
import Glibc
#endif

public func shout(_ s: String) -> String { s.uppercased() }
