// zlib: deflateInit2 and inflateInit2 are macros over the *_ functions.
#ifndef BORNE_CZLIB_SHIM_H
#define BORNE_CZLIB_SHIM_H
#include <zlib.h>
static inline int borne_inflate_init2(z_stream *s, int windowBits) { return inflateInit2(s, windowBits); }
static inline int borne_deflate_init2(z_stream *s, int level, int windowBits) {
    return deflateInit2(s, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
