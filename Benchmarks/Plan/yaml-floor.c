/* The floor of `make bench-plan`: parses every blob of a `git cat-file --batch` stream
 * with libyaml's event parser (what TakoSyntax drives), and nothing else.
 *
 *   git --git-dir=ORG/floor.git cat-file --batch < ORG/blobs.txt | yaml-floor
 *
 * Prints "blobs=N bytes=B events=E errors=X". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static unsigned char *read_all(FILE *in, size_t *length) {
    size_t cap = 1 << 20, len = 0;
    unsigned char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, in)) > 0) {
        len += n;
        if (len == cap) { cap *= 2; buf = realloc(buf, cap); }
    }
    *length = len;
    return buf;
}

int main(void) {
    size_t length;
    unsigned char *data = read_all(stdin, &length);
    size_t pos = 0, blobs = 0, bytes = 0, events = 0, errors = 0;
    while (pos < length) {
        unsigned char *eol = memchr(data + pos, '\n', length - pos);
        if (!eol) break;
        char header[200];
        size_t hlen = (size_t)(eol - (data + pos));
        if (hlen >= sizeof header) hlen = sizeof header - 1;
        memcpy(header, data + pos, hlen);
        header[hlen] = 0;
        pos = (size_t)(eol - data) + 1;
        char oid[65], type[16];
        size_t size;
        if (sscanf(header, "%64s %15s %zu", oid, type, &size) != 3) {
            fprintf(stderr, "yaml-floor: unexpected line: %s\n", header);
            return 2;
        }
        yaml_parser_t parser;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, data + pos, size);
        for (;;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) { errors++; break; }
            events++;
            int done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            if (done) break;
        }
        yaml_parser_delete(&parser);
        blobs++;
        bytes += size;
        pos += size + 1;
    }
    printf("blobs=%zu bytes=%zu events=%zu errors=%zu\n", blobs, bytes, events, errors);
    return errors ? 1 : 0;
}
