// libcrypto (OpenSSL 3): SHA-256 and Ed25519 through the EVP interface.
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
static inline int borne_evp_pkey_ed25519(void) { return EVP_PKEY_ED25519; }
#endif
