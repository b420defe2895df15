// libcurl (OpenSSL flavour) for Swift: curl_easy_setopt and curl_easy_getinfo
// are variadic, so each argument type gets a typed wrapper.
//
// Loaded at run time, on first use (docs/ARCHITECTURE.md, "Libraries loaded
// on first use"): the executable does not link libcurl nor libssl, so a
// command that makes no transfer (the kiosk) maps neither them nor their
// dependencies (GnuTLS through librtmp, Kerberos, LDAP, libssh2...). Swift
// calls only the borne_* wrappers below; each resolves its function once
// through dlsym on libcurl.so.4 (Debian 12's libcurl4) or libssl.so.3
// (libssl3), the libraries the .deb depends on. The types are the headers'
// own (__typeof__ of the real function): no symbol is referenced at link
// time, and a wrapper whose signature drifted from the header does not
// compile. A library that cannot be loaded ends the command with a message
// (Sources/CCrypto/dlopen.h, the loader both share).
#ifndef BORNE_CCURL_SHIM_H
#define BORNE_CCURL_SHIM_H
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

// The loader, shared with CCrypto.
#include "../CCrypto/dlopen.h"

static inline const struct borne_dl_library *borne_curl_library(void) {
    static const struct borne_dl_library l = { "libcurl.so.4", "libcurl4", "HTTP transfers" };
    return &l;
}
/// libcurl has loaded libssl already (its dependency): this is the same copy.
static inline const struct borne_dl_library *borne_ssl_library(void) {
    static const struct borne_dl_library l = { "libssl.so.3", "libssl3", "TLS" };
    return &l;
}
static inline void *borne_curl_handle(void) { static void *h = NULL; return borne_dl_open(&h, borne_curl_library()); }
static inline void *borne_ssl_handle(void) { static void *h = NULL; return borne_dl_open(&h, borne_ssl_library()); }

/// The resolved pointer of libcurl's (BORNE_CURL_FN) or libssl's (BORNE_SSL_FN) `name`, with the header's type.
#define BORNE_CURL_FN(name) \
    ({ static void *borne_curl_cache_ = NULL; (__typeof__(&name))borne_dl_sym(&borne_curl_cache_, borne_curl_handle, borne_curl_library(), #name); })
#define BORNE_SSL_FN(name) \
    ({ static void *borne_curl_cache_ = NULL; (__typeof__(&name))borne_dl_sym(&borne_curl_cache_, borne_ssl_handle, borne_ssl_library(), #name); })

// The functions Swift calls, one wrapper each (the variadic ones, once per argument type).
static inline CURL *borne_curl_easy_init(void) { return BORNE_CURL_FN(curl_easy_init)(); }
static inline void borne_curl_easy_cleanup(CURL *h) { BORNE_CURL_FN(curl_easy_cleanup)(h); }
static inline void borne_curl_easy_reset(CURL *h) { BORNE_CURL_FN(curl_easy_reset)(h); }
static inline CURLcode borne_curl_easy_perform(CURL *h) { return BORNE_CURL_FN(curl_easy_perform)(h); }
static inline const char *borne_curl_easy_strerror(CURLcode c) { return BORNE_CURL_FN(curl_easy_strerror)(c); }
static inline struct curl_slist *borne_curl_slist_append(struct curl_slist *l, const char *s) { return BORNE_CURL_FN(curl_slist_append)(l, s); }
static inline void borne_curl_slist_free_all(struct curl_slist *l) { BORNE_CURL_FN(curl_slist_free_all)(l); }
static inline CURLcode borne_curl_setopt_long(CURL *h, CURLoption o, long v) { return BORNE_CURL_FN(curl_easy_setopt)(h, o, v); }
static inline CURLcode borne_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return BORNE_CURL_FN(curl_easy_setopt)(h, o, v); }
static inline CURLcode borne_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return BORNE_CURL_FN(curl_easy_setopt)(h, o, v); }
static inline CURLcode borne_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return BORNE_CURL_FN(curl_easy_setopt)(h, o, v); }
static inline CURLcode borne_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return BORNE_CURL_FN(curl_easy_setopt)(h, o, v); }
static inline CURLcode borne_curl_setopt_write(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode borne_curl_setopt_read(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode borne_curl_setopt_header(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode borne_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return BORNE_CURL_FN(curl_easy_getinfo)(h, i, v); }
static inline CURLcode borne_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return BORNE_CURL_FN(curl_easy_getinfo)(h, i, v); }
/// CURL_ERROR_SIZE is a macro; Swift sizes the error buffer from this.
static inline size_t borne_curl_error_size(void) { return CURL_ERROR_SIZE; }
/// Return value of a read callback that aborts the transfer (a macro in curl.h).
static inline size_t borne_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
/// curl_global_init(CURL_GLOBAL_DEFAULT): the flags are a macro expression.
static inline CURLcode borne_curl_global_init(void) { return BORNE_CURL_FN(curl_global_init)(CURL_GLOBAL_DEFAULT); }
/// CURLOPT_HTTP_VERSION's values: HTTP/2 over TLS (HTTP/1.1 in clear), or HTTP/1.1.
static inline long borne_curl_http_version_2tls(void) { return CURL_HTTP_VERSION_2TLS; }
static inline long borne_curl_http_version_1_1(void) { return CURL_HTTP_VERSION_1_1; }
static inline CURLcode borne_curl_setopt_sockopt(CURL *h, int (*f)(void *, curl_socket_t, curlsocktype)) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_SOCKOPTFUNCTION, f); }
/// Signature algorithms the ClientHello offers: ECDSA, RSA-PSS and RSA
/// PKCS#1 with SHA-2, Ed25519 (what certificates and servers use; the
/// browsers' own lists are as short). OpenSSL 3.0 offers twice as many,
/// which also pushes a ClientHello with a host name past 256 bytes, where
/// OpenSSL pads it to 512.
#define BORNE_TLS_SIGALGS "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512"
static inline const char *borne_tls_sigalgs(void) { return BORNE_TLS_SIGALGS; }
/// The SSL_CTX of each new TLS connection (CURLOPT_SSL_CTX_FUNCTION):
/// - quiet shutdown, so that closing the connection after a complete HTTP
///   response sends no close_notify alert (a TLS record and its segment,
///   ~76 bytes on the link, for a message the server does not need: HTTP/1.1
///   frames every response and request);
/// - the signature algorithms above. A list OpenSSL refuses fails the
///   transfer (CURLE_SSL_CIPHER) rather than running with another.
static CURLcode borne_ssl_ctx_setup(CURL *h, void *ssl_ctx, void *data) {
    (void)h; (void)data;
    BORNE_SSL_FN(SSL_CTX_set_quiet_shutdown)((SSL_CTX *)ssl_ctx, 1);
    // SSL_CTX_set1_sigalgs_list is a macro over SSL_CTX_ctrl.
    if (BORNE_SSL_FN(SSL_CTX_ctrl)((SSL_CTX *)ssl_ctx, SSL_CTRL_SET_SIGALGS_LIST, 0, (char *)BORNE_TLS_SIGALGS) != 1) return CURLE_SSL_CIPHER;
    return CURLE_OK;
}
static inline CURLcode borne_curl_setopt_ssl_ctx_setup(CURL *h) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_SSL_CTX_FUNCTION, borne_ssl_ctx_setup); }
static inline CURLcode borne_curl_setopt_closesocket(CURL *h, int (*f)(void *, curl_socket_t)) { return BORNE_CURL_FN(curl_easy_setopt)(h, CURLOPT_CLOSESOCKETFUNCTION, f); }

// A share (CURLSH) of DNS answers and TLS sessions between easy handles,
// with one mutex per kind of shared data so handles on several threads
// may use it at once.
static pthread_mutex_t borne_curl_share_mutexes[16] = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };
static inline void borne_curl_share_lock(CURL *h, curl_lock_data d, curl_lock_access a, void *u) {
    (void)h; (void)a; (void)u; pthread_mutex_lock(&borne_curl_share_mutexes[(unsigned)d & 15u]);
}
static inline void borne_curl_share_unlock(CURL *h, curl_lock_data d, void *u) {
    (void)h; (void)u; pthread_mutex_unlock(&borne_curl_share_mutexes[(unsigned)d & 15u]);
}
/// A new share of DNS and TLS sessions, or NULL when libcurl refuses one of them.
static inline CURLSH *borne_curl_share_sessions(void) {
    CURLSH *s = BORNE_CURL_FN(curl_share_init)();
    if (!s) return NULL;
    if (BORNE_CURL_FN(curl_share_setopt)(s, CURLSHOPT_LOCKFUNC, borne_curl_share_lock) != CURLSHE_OK
        || BORNE_CURL_FN(curl_share_setopt)(s, CURLSHOPT_UNLOCKFUNC, borne_curl_share_unlock) != CURLSHE_OK
        || BORNE_CURL_FN(curl_share_setopt)(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK
        || BORNE_CURL_FN(curl_share_setopt)(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        BORNE_CURL_FN(curl_share_cleanup)(s);
        return NULL;
    }
    return s;
}

/// The kernel's struct tcp_info (linux/tcp.h) up to tcpi_bytes_sent (Linux
/// 4.19): glibc's own struct stops before the byte counters, and both
/// headers cannot be in one program. Same layout, field by field.
struct borne_tcp_info {
    uint8_t state, ca_state, retransmits, probes, backoff, options, wscale, flags;
    uint32_t rto, ato, snd_mss, rcv_mss;
    uint32_t unacked, sacked, lost, retrans, fackets;
    uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
    uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd, advmss, reordering;
    uint32_t rcv_rtt, rcv_space;
    uint32_t total_retrans;
    uint64_t pacing_rate, max_pacing_rate, bytes_acked, bytes_received;
    uint32_t segs_out, segs_in;
    uint32_t notsent_bytes, min_rtt, data_segs_in, data_segs_out;
    uint64_t delivery_rate;
    uint64_t busy_time, rwnd_limited, sndbuf_limited;
    uint32_t delivered, delivered_ce;
    uint64_t bytes_sent;
};

/// What one TCP socket has moved so far, from the kernel (TCP_INFO):
/// payload bytes both ways (retransmissions included) and segments both
/// ways (handshake, ACKs and FIN included). -1 when it is not TCP or the
/// kernel is older than 4.19.
static inline int borne_tcp_counts(int fd, unsigned long long *payload, unsigned long long *segments) {
    struct borne_tcp_info ti;
    socklen_t len = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) return -1;
    if (len < offsetof(struct borne_tcp_info, bytes_sent) + sizeof ti.bytes_sent) return -1;
    *payload = ti.bytes_sent + ti.bytes_received;
    *segments = (unsigned long long)ti.segs_out + ti.segs_in;
    return 0;
}
/// IP + TCP header bytes of one segment on this socket, timestamps option
/// included: 52 over IPv4, 72 over IPv6.
static inline int borne_tcp_header_bytes(int fd) {
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &len) == 0 && a.ss_family == AF_INET6) return 72;
    return 52;
}
#endif
