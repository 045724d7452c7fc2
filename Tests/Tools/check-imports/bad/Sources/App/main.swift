import Mid
internal import Lib
// import Ghost: a comment is not an import.
/* import Ghost
   neither is a block comment */
let script = """
import Hidden
"""
let raw = #"""
    import Hidden
    """#
print(shout(greeting), script, raw)
