/* fuzz_zeek.c - libFuzzer harness for the "zeek" parser (see fuzz_format.h). */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fuzz_format("zeek",
                       "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n"
                       "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\t"
                       "referrer\tuser_agent\trequest_body_len\tresponse_body_len\tstatus_code\tusername\t"
                       "resp_mime_types\n",
                       data, size);
}
