/* fuzz_zeek_json.c - libFuzzer harness for the "zeek-json" parser (see fuzz_format.h). */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_format("zeek-json", NULL, data, size); }
