/* fuzz_w3c.c - libFuzzer harness for the "w3c" parser (see fuzz_format.h). */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fuzz_format("w3c",
                       "#Software: SGOS 6.7.5.3\n"
                       "#Fields: date time time-taken c-ip cs-username x-exception-id sc-filter-result "
                       "sc-status s-action cs-method cs-uri-scheme cs-host cs-uri-port cs-uri-path "
                       "cs-uri-query cs-uri cs(User-Agent) cs(Referer) rs(Content-Type) s-ip r-ip sc-bytes "
                       "cs-bytes localtime gmttime\n",
                       data, size);
}
