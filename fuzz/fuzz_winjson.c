/* fuzz_winjson.c - libFuzzer harness for the winjson parser (see fuzz_lines.h). */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_format("winjson", data, size); }
