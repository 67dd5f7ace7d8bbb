#ifndef REIN_CCRYPTO_SHIM_H
#define REIN_CCRYPTO_SHIM_H
#include <openssl/sha.h>

/// One-shot SHA-256 of a byte buffer into a 32-byte digest.
static inline void rein_sha256(const unsigned char *data, size_t length, unsigned char *digest) {
  SHA256(data, length, digest);
}
#endif
