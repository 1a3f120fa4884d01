/* fuzz_config.c - the config file parser on arbitrary text. */
#include "config/config.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    config c;
    config_defaults(&c);
    char err[600];
    config_load_text(&c, "fuzz.conf", (const char *)data, size, err, sizeof err);
    config_free(&c);
    return 0;
}
