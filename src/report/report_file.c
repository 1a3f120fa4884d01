/* report_file.c - writing the HTML report to a path safely (see report.h). */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int report_write_html_file(sqlite3 *db, const report_options *opts, const char *path, char *err, size_t errsz) {
    if (!strcmp(path, "-")) {
        int rc = report_write_html(db, opts, stdout, err, errsz);
        if (rc == 0 && fflush(stdout) != 0) {
            snprintf(err, errsz, "write error on stdout: %s", strerror(errno));
            rc = -2;
        }
        return rc;
    }
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, errsz, "output path too long");
        return -2;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errsz, "cannot write: %s", strerror(errno));
        return -2;
    }
    int rc = report_write_html(db, opts, f, err, errsz);
    if (fclose(f) != 0 && rc == 0) {
        snprintf(err, errsz, "write error: %s", strerror(errno));
        rc = -2;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        snprintf(err, errsz, "cannot rename the finished report into place: %s", strerror(errno));
        rc = -2;
    }
    if (rc != 0) unlink(tmp);
    return rc;
}
