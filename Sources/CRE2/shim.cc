// The C functions of cre2.h over RE2's C++ API. No C++ type or exception crosses them.
#include "cre2.h"

#include <re2/re2.h>

#include <cstring>
#include <new>
#include <string>

struct tako_re2 {
    RE2 regex;
    tako_re2(const re2::StringPiece &pattern, const RE2::Options &options) : regex(pattern, options) {}
};

static void copy_error(const std::string &message, char *error, size_t capacity) {
    if (error == nullptr || capacity == 0) return;
    size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

extern "C" tako_re2 *tako_re2_compile(const void *pattern, size_t length, char *error, size_t error_capacity) {
    RE2::Options options;
    options.set_log_errors(false);   // RE2 would print to stderr; the reason is returned instead
    options.set_never_capture(true); // `matches` needs no submatches
    tako_re2 *re = new (std::nothrow) tako_re2(re2::StringPiece(static_cast<const char *>(pattern), length), options);
    if (re == nullptr) {
        copy_error("out of memory", error, error_capacity);
        return nullptr;
    }
    if (!re->regex.ok()) {
        copy_error(re->regex.error(), error, error_capacity);
        delete re;
        return nullptr;
    }
    return re;
}

extern "C" int tako_re2_partial_match(const tako_re2 *re, const void *text, size_t length) {
    return RE2::PartialMatch(re2::StringPiece(static_cast<const char *>(text), length), re->regex) ? 1 : 0;
}

extern "C" void tako_re2_free(tako_re2 *re) {
    delete re;
}
