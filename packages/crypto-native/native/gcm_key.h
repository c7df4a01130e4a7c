// An AES key held for AES-GCM: one OpenSSL cipher context made once (key schedule and GHASH table
// computed once), re-used for every operation under the key by setting a new IV only.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>

namespace envelope {

class GcmKey {
 public:
  // Copies `raw` (16, 24 or 32 bytes). ok() is false when OpenSSL could not make the context.
  GcmKey(const uint8_t* raw, size_t length);
  ~GcmKey();
  GcmKey(const GcmKey&) = delete;
  GcmKey& operator=(const GcmKey&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  bool destroyed() const { return destroyed_; }
  size_t length() const { return length_; }
  const uint8_t* raw() const { return raw_; }

  // Frees the context (OpenSSL's AES-GCM provider clears its state, key schedule included, with
  // OPENSSL_cleanse as it frees it) and wipes the raw copy. Idempotent.
  void Destroy();

  // Starts one operation: direction, IV (length set on the context when it changes). false on an
  // OpenSSL failure.
  bool Start(bool encrypt, const uint8_t* iv, size_t iv_length);
  bool Aad(const uint8_t* aad, size_t length);
  // Encrypts or decrypts `length` bytes from `in` to `out` (the same pointer or disjoint).
  bool Update(const uint8_t* in, uint8_t* out, size_t length);
  // Seal: finishes and writes the tag. Open: checks `tag`; false when it does not verify.
  bool FinishSeal(uint8_t* tag, size_t tag_length);
  bool FinishOpen(const uint8_t* tag, size_t tag_length);

  // A second context with the same key, for an operation that runs across calls (its own IV and
  // GHASH state) while batches keep using this one. nullptr on failure; the caller frees it.
  EVP_CIPHER_CTX* Duplicate() const;

 private:
  EVP_CIPHER_CTX* ctx_ = nullptr;
  uint8_t raw_[32] = {};
  size_t length_ = 0;
  size_t iv_length_ = 12;
  bool destroyed_ = false;
};

// The same steps on a context of Duplicate().
bool CtxIvLength(EVP_CIPHER_CTX* ctx, size_t iv_length);
bool CtxStart(EVP_CIPHER_CTX* ctx, bool encrypt, const uint8_t* iv);
bool CtxAad(EVP_CIPHER_CTX* ctx, const uint8_t* aad, size_t length);
bool CtxUpdate(EVP_CIPHER_CTX* ctx, const uint8_t* in, uint8_t* out, size_t length);
bool CtxFinishSeal(EVP_CIPHER_CTX* ctx, uint8_t* tag, size_t tag_length);
bool CtxFinishOpen(EVP_CIPHER_CTX* ctx, const uint8_t* tag, size_t tag_length);

}  // namespace envelope
