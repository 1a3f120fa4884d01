/* fuzz_stix_pattern.c - libFuzzer harness for the STIX 2.1 pattern parser:
 * any bytes must parse or be refused with a reason, within the nesting and
 * size limits, without reading past the input. */
#include "ioc/stix_pattern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *copy = malloc(size ? size : 1); /* exact size, so ASan sees any over-read */
    if (size) memcpy(copy, data, size);
    arena a;
    arena_init(&a, 4096);
    stix_pattern p;
    const char *err;
    if (stix_pattern_parse(copy, size, &a, &p, &err)) {
        for (size_t i = 0; i < p.n; i++)
            for (size_t k = 0; k < p.any[i].n; k++)
                if (p.any[i].cmp[k].path[0] == 1) abort(); /* touch every comparison */
    }
    arena_free(&a);
    free(copy);
    return 0;
}
