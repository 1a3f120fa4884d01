/* stub.c - the harmless stand-in for the malware the 2015 mails carried.
 *
 * A drill needs an attachment that looks like what attackers send - an
 * archive holding an executable with a document-like name - without being
 * one. This writes a 1024-byte Portable Executable image that a parser
 * recognises (an "MZ" DOS header whose e_lfanew points at a "PE\0\0" COFF
 * header for i386 and a PE32 optional header) but that contains no code at
 * all: zero sections, entry point 0, and subsystem 0 (unknown), for which
 * Windows refuses to start the file ("not a valid Win32 application"). The
 * DOS stub area holds only a text that says what the file is. `variant`
 * changes the time stamp and a serial in the text, so each campaign's file
 * has its own hash, as real samples do. */
#include "sim/mail/mail.h"

#include <stdio.h>
#include <string.h>

static void put16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

void stub_exe(buf *out, uint64_t variant) {
    uint8_t img[1024];
    memset(img, 0, sizeof img);
    /* DOS header */
    img[0] = 'M', img[1] = 'Z';
    put16(img + 0x02, 0x90);        /* bytes on last page */
    put16(img + 0x04, 2);           /* pages */
    put16(img + 0x08, 4);           /* header paragraphs */
    put16(img + 0x0c, 0xffff);      /* max alloc */
    put16(img + 0x10, 0xb8);        /* sp */
    put16(img + 0x18, 0x40);        /* relocation table offset */
    put32(img + 0x3c, 0x100);       /* e_lfanew */
    char text[160];
    snprintf(text, sizeof text,
             "MITSUKE DRILL SAMPLE %016llx - harmless stand-in, no code. This is not malware.\r\n",
             (unsigned long long)variant);
    memcpy(img + 0x40, text, strlen(text));
    /* PE signature and COFF file header */
    uint8_t *pe = img + 0x100;
    memcpy(pe, "PE\0\0", 4);
    put16(pe + 4, 0x014c);          /* i386 */
    put16(pe + 6, 0);               /* no sections */
    put32(pe + 8, 0x55400000u + (uint32_t)(variant & 0xfffff)); /* 2015 */
    put16(pe + 20, 0xe0);           /* size of optional header */
    put16(pe + 22, 0x0102);         /* executable image, 32-bit */
    /* PE32 optional header */
    uint8_t *opt = pe + 24;
    put16(opt + 0, 0x10b);
    opt[2] = 10;                    /* linker 10.0 */
    put32(opt + 16, 0);             /* AddressOfEntryPoint */
    put32(opt + 28, 0x400000);      /* ImageBase */
    put32(opt + 32, 0x1000);        /* SectionAlignment */
    put32(opt + 36, 0x200);         /* FileAlignment */
    put16(opt + 40, 5);             /* OS version 5.1 */
    put16(opt + 42, 1);
    put16(opt + 48, 5);             /* subsystem version 5.1 */
    put16(opt + 50, 1);
    put32(opt + 56, 0x1000);        /* SizeOfImage */
    put32(opt + 60, 0x400);         /* SizeOfHeaders */
    put16(opt + 68, 0);             /* Subsystem: unknown - will not run */
    put32(opt + 72, 0x100000);      /* stack reserve */
    put32(opt + 76, 0x1000);        /* stack commit */
    put32(opt + 80, 0x100000);      /* heap reserve */
    put32(opt + 84, 0x1000);        /* heap commit */
    put32(opt + 92, 16);            /* NumberOfRvaAndSizes, all empty */
    buf_put(out, img, sizeof img);
}
