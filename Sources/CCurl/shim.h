// libcurl (OpenSSL flavour) for Swift: curl_easy_setopt and curl_easy_getinfo
// are variadic, so each argument type gets a typed wrapper.
#ifndef BORNE_CCURL_SHIM_H
#define BORNE_CCURL_SHIM_H
#include <curl/curl.h>
static inline CURLcode borne_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode borne_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode borne_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode borne_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode borne_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode borne_curl_setopt_write(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode borne_curl_setopt_read(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode borne_curl_setopt_header(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode borne_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode borne_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
/// CURL_ERROR_SIZE is a macro; Swift sizes the error buffer from this.
static inline size_t borne_curl_error_size(void) { return CURL_ERROR_SIZE; }
/// Return value of a read callback that aborts the transfer (a macro in curl.h).
static inline size_t borne_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
/// curl_global_init(CURL_GLOBAL_DEFAULT): the flags are a macro expression.
static inline CURLcode borne_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
#endif
