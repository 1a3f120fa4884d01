/* samba_audit.c - see samba_audit.h. */
#include "sim/fileserver/samba_audit.h"
#include "sim/textfmt.h"

void samba_audit_write(buf *b, const sim_fop *f) {
    put_iso_micro(b, f->t, 540);
    buf_puts(b, " fs01 smbd_audit: ");
    buf_puts(b, f->user);
    buf_putc(b, '|');
    put_ip4(b, f->client);
    buf_putc(b, '|');
    buf_puts(b, f->machine);
    buf_putc(b, '|');
    buf_puts(b, f->share);
    buf_putc(b, '|');
    buf_puts(b, f->op);
    buf_puts(b, f->ok ? "|ok|" : "|fail (Permission denied)|");
    if (f->flag) {
        buf_puts(b, f->flag);
        buf_putc(b, '|');
    }
    buf_puts(b, f->path ? f->path : f->share);
    if (f->path2) {
        buf_putc(b, '|');
        buf_puts(b, f->path2);
    }
    buf_putc(b, '\n');
}
