// A C interface to Debian's RE2 (libre2-dev), the regular-expression engine cel-go and
// cel-cpp use for CEL's `matches`. RE2 matches in time linear in the text, whatever the
// pattern. Only Sources/TakoCEL/Library/RE2.swift imports this module.
#ifndef TAKO_CRE2_H
#define TAKO_CRE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled pattern; immutable once made, so any number of threads may match with it.
typedef struct tako_re2 tako_re2;

/// Compiles `pattern` (`length` bytes of UTF-8) with RE2's default syntax and no
/// capturing. On failure returns NULL and writes RE2's reason, NUL-terminated and cut
/// to `error_capacity` bytes, into `error`.
tako_re2 *tako_re2_compile(const void *pattern, size_t length, char *error, size_t error_capacity);

/// 1 when the pattern matches anywhere in `text` (`length` bytes of UTF-8), else 0.
int tako_re2_partial_match(const tako_re2 *re, const void *text, size_t length);

/// Releases a compiled pattern.
void tako_re2_free(tako_re2 *re);

#ifdef __cplusplus
}
#endif

#endif
