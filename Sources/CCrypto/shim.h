// libcrypto (OpenSSL 3): SHA-256, HMAC-SHA256, Ed25519, RAND_bytes through
// the EVP interface. Macros and variadic functions Swift cannot import are
// wrapped here.
//
// Loaded at run time, on first use (docs/ARCHITECTURE.md, "Libraries loaded
// on first use"): the executable does not link libcrypto, so a command that
// never hashes or signs (the kiosk) never maps it. Swift calls only the
// borne_* wrappers below; each resolves its function once through dlsym on
// libcrypto.so.3 (Debian 12's libssl3, which the .deb depends on; dlopen.h). The
// declarations and types are the headers' own (__typeof__ of the real
// function): no symbol of libcrypto is referenced at link time, and a
// wrapper whose signature drifted from the header does not compile.
// A library that cannot be loaded ends the command with a message (dlopen.h).
#ifndef BORNE_CCRYPTO_SHIM_H
#define BORNE_CCRYPTO_SHIM_H
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include "dlopen.h"

static inline const struct borne_dl_library *borne_crypto_library(void) {
    static const struct borne_dl_library l = { "libcrypto.so.3", "libssl3", "hashing and signatures" };
    return &l;
}
static inline void *borne_crypto_handle(void) { static void *h = NULL; return borne_dl_open(&h, borne_crypto_library()); }

/// The resolved pointer of libcrypto's `name`, with the header's type.
#define BORNE_CRYPTO_FN(name) \
    ({ static void *borne_crypto_cache_ = NULL; (__typeof__(&name))borne_dl_sym(&borne_crypto_cache_, borne_crypto_handle, borne_crypto_library(), #name); })

// The functions Swift calls, one wrapper each.
static inline EVP_MD_CTX *borne_EVP_MD_CTX_new(void) { return BORNE_CRYPTO_FN(EVP_MD_CTX_new)(); }
static inline void borne_EVP_MD_CTX_free(EVP_MD_CTX *c) { BORNE_CRYPTO_FN(EVP_MD_CTX_free)(c); }
static inline const EVP_MD *borne_EVP_sha256(void) { return BORNE_CRYPTO_FN(EVP_sha256)(); }
static inline int borne_EVP_DigestInit_ex(EVP_MD_CTX *c, const EVP_MD *t, ENGINE *e) { return BORNE_CRYPTO_FN(EVP_DigestInit_ex)(c, t, e); }
static inline int borne_EVP_DigestUpdate(EVP_MD_CTX *c, const void *d, size_t n) { return BORNE_CRYPTO_FN(EVP_DigestUpdate)(c, d, n); }
static inline int borne_EVP_DigestFinal_ex(EVP_MD_CTX *c, unsigned char *md, unsigned int *s) { return BORNE_CRYPTO_FN(EVP_DigestFinal_ex)(c, md, s); }
static inline int borne_EVP_Digest(const void *d, size_t n, unsigned char *md, unsigned int *s, const EVP_MD *t, ENGINE *e) {
    return BORNE_CRYPTO_FN(EVP_Digest)(d, n, md, s, t, e);
}
static inline unsigned char *borne_HMAC(const EVP_MD *md, const void *key, int keyLength, const unsigned char *d, size_t n,
                                        unsigned char *out, unsigned int *outLength) {
    return BORNE_CRYPTO_FN(HMAC)(md, key, keyLength, d, n, out, outLength);
}
static inline int borne_CRYPTO_memcmp(const void *a, const void *b, size_t n) { return BORNE_CRYPTO_FN(CRYPTO_memcmp)(a, b, n); }
static inline int borne_RAND_bytes(unsigned char *b, int n) { return BORNE_CRYPTO_FN(RAND_bytes)(b, n); }
static inline void borne_OPENSSL_cleanse(void *p, size_t n) { BORNE_CRYPTO_FN(OPENSSL_cleanse)(p, n); }
static inline void borne_ERR_clear_error(void) { BORNE_CRYPTO_FN(ERR_clear_error)(); }
static inline unsigned long borne_ERR_get_error(void) { return BORNE_CRYPTO_FN(ERR_get_error)(); }
static inline void borne_ERR_error_string_n(unsigned long e, char *b, size_t n) { BORNE_CRYPTO_FN(ERR_error_string_n)(e, b, n); }
static inline EVP_PKEY *borne_EVP_PKEY_new_raw_public_key(int type, ENGINE *e, const unsigned char *k, size_t n) {
    return BORNE_CRYPTO_FN(EVP_PKEY_new_raw_public_key)(type, e, k, n);
}
static inline EVP_PKEY *borne_EVP_PKEY_new_raw_private_key(int type, ENGINE *e, const unsigned char *k, size_t n) {
    return BORNE_CRYPTO_FN(EVP_PKEY_new_raw_private_key)(type, e, k, n);
}
static inline int borne_EVP_PKEY_get_raw_public_key(const EVP_PKEY *k, unsigned char *b, size_t *n) { return BORNE_CRYPTO_FN(EVP_PKEY_get_raw_public_key)(k, b, n); }
static inline int borne_EVP_PKEY_get_raw_private_key(const EVP_PKEY *k, unsigned char *b, size_t *n) { return BORNE_CRYPTO_FN(EVP_PKEY_get_raw_private_key)(k, b, n); }
static inline void borne_EVP_PKEY_free(EVP_PKEY *k) { BORNE_CRYPTO_FN(EVP_PKEY_free)(k); }
/// EVP_PKEY_id is a macro in OpenSSL 3 (EVP_PKEY_get_id).
static inline int borne_evp_pkey_id(const EVP_PKEY *k) { return BORNE_CRYPTO_FN(EVP_PKEY_get_id)(k); }
static inline EVP_PKEY_CTX *borne_EVP_PKEY_CTX_new_id(int id, ENGINE *e) { return BORNE_CRYPTO_FN(EVP_PKEY_CTX_new_id)(id, e); }
static inline void borne_EVP_PKEY_CTX_free(EVP_PKEY_CTX *c) { BORNE_CRYPTO_FN(EVP_PKEY_CTX_free)(c); }
static inline int borne_EVP_PKEY_keygen_init(EVP_PKEY_CTX *c) { return BORNE_CRYPTO_FN(EVP_PKEY_keygen_init)(c); }
static inline int borne_EVP_PKEY_keygen(EVP_PKEY_CTX *c, EVP_PKEY **k) { return BORNE_CRYPTO_FN(EVP_PKEY_keygen)(c, k); }
static inline int borne_EVP_DigestSignInit(EVP_MD_CTX *c, EVP_PKEY_CTX **p, const EVP_MD *t, ENGINE *e, EVP_PKEY *k) {
    return BORNE_CRYPTO_FN(EVP_DigestSignInit)(c, p, t, e, k);
}
static inline int borne_EVP_DigestSign(EVP_MD_CTX *c, unsigned char *s, size_t *sn, const unsigned char *m, size_t mn) {
    return BORNE_CRYPTO_FN(EVP_DigestSign)(c, s, sn, m, mn);
}
static inline int borne_EVP_DigestVerifyInit(EVP_MD_CTX *c, EVP_PKEY_CTX **p, const EVP_MD *t, ENGINE *e, EVP_PKEY *k) {
    return BORNE_CRYPTO_FN(EVP_DigestVerifyInit)(c, p, t, e, k);
}
static inline int borne_EVP_DigestVerify(EVP_MD_CTX *c, const unsigned char *s, size_t sn, const unsigned char *m, size_t mn) {
    return BORNE_CRYPTO_FN(EVP_DigestVerify)(c, s, sn, m, mn);
}
static inline BIO *borne_BIO_new(const BIO_METHOD *m) { return BORNE_CRYPTO_FN(BIO_new)(m); }
static inline BIO *borne_BIO_new_mem_buf(const void *b, int n) { return BORNE_CRYPTO_FN(BIO_new_mem_buf)(b, n); }
static inline const BIO_METHOD *borne_BIO_s_mem(void) { return BORNE_CRYPTO_FN(BIO_s_mem)(); }
static inline int borne_BIO_free(BIO *b) { return BORNE_CRYPTO_FN(BIO_free)(b); }
/// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long borne_bio_get_mem_data(BIO *b, char **data) { return BORNE_CRYPTO_FN(BIO_ctrl)(b, BIO_CTRL_INFO, 0, (void *)data); }
static inline EVP_PKEY *borne_PEM_read_bio_PrivateKey(BIO *b, EVP_PKEY **k, pem_password_cb *cb, void *u) {
    return BORNE_CRYPTO_FN(PEM_read_bio_PrivateKey)(b, k, cb, u);
}
static inline int borne_PEM_write_bio_PrivateKey(BIO *b, const EVP_PKEY *k, const EVP_CIPHER *enc, const unsigned char *pass, int passLength,
                                                 pem_password_cb *cb, void *u) {
    return BORNE_CRYPTO_FN(PEM_write_bio_PrivateKey)(b, k, enc, pass, passLength, cb, u);
}
static inline int borne_evp_pkey_ed25519(void) { return EVP_PKEY_ED25519; }
#endif
