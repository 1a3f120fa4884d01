/* fuzz_jsonl.c - libFuzzer harness for the "jsonl" parser (see fuzz_format.h). */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_format("jsonl", NULL, data, size); }
