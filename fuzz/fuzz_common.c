/* fuzz_common.c - libFuzzer harness for the "common" parser (see fuzz_format.h). */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_format("common", NULL, data, size); }
