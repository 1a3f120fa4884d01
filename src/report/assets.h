/* assets.h - the report page's inline stylesheet and script (assets.c). */
#ifndef MITSUKE_ASSETS_H
#define MITSUKE_ASSETS_H

extern const char report_css[];
extern const char report_js[];

#endif
