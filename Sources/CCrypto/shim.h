// libcrypto (OpenSSL 3): SHA-256 and Ed25519 through the EVP interface.
// Macros and variadic functions Swift cannot import are wrapped here.
#ifndef BORNE_CCRYPTO_SHIM_H
#define BORNE_CCRYPTO_SHIM_H
// HMAC-SHA256 (one-shot HMAC()), RAND_bytes and CRYPTO_memcmp: the statistics codec (BorneStats).
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
static inline int borne_evp_pkey_ed25519(void) { return EVP_PKEY_ED25519; }
/// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long borne_bio_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
/// EVP_PKEY_id is a macro in OpenSSL 3 (EVP_PKEY_get_id).
static inline int borne_evp_pkey_id(const EVP_PKEY *key) { return EVP_PKEY_get_id(key); }
#endif
