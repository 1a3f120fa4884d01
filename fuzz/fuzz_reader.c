/* fuzz_reader.c - libFuzzer harness for the input path every log goes
 * through: codec sniffing, gzip/zstd decoding (truncated, corrupt, multi-
 * member), the line reader with a small line limit (long lines across
 * buffer refills), and blank splitting. The input is served as a file
 * through memfd, as stream_open reads paths. Checks that every line lies
 * inside the decoded data at the offset it claims. */
#include "core/sv.h"
#include "io/linereader.h"
#include "io/stream.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz", 0);
    if (fd < 0) return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64], err[200];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    stream *s = stream_open(path, err, sizeof err);
    if (s) {
        linereader r;
        lr_init(&r, s, 300);
        sv line, tok[12];
        uint64_t off, next = 0;
        int rc;
        while ((rc = lr_next(&r, &line, &off)) == LR_LINE || rc == LR_TOO_LONG) {
            if (off < next) abort(); /* offsets only grow */
            if (rc == LR_LINE) {
                if (line.n > 300) abort();
                next = off + line.n;
                sv rest = line;
                size_t n = sv_split_blanks(&rest, tok, 12);
                for (size_t i = 0; i < n; i++)
                    if (tok[i].p < line.p || tok[i].p + tok[i].n > line.p + line.n) abort();
            } else {
                if (r.long_len <= 300) abort();
                next = off + r.long_len;
            }
        }
        if (rc == LR_ERROR && !stream_error(s)[0]) abort(); /* an error always says why */
        lr_free(&r);
        stream_close(s);
    }
    close(fd);
    return 0;
}
