/// The version of the compiler: what `takoc --version` prints and the SARIF tool's version.
/// The interpreter has its own (`tako --version`), as the two programs are released apart
/// from each other in principle: a plan says its format version, not a compiler version.
public enum TakocVersion {
    public static let string = "0.1.0"
}
