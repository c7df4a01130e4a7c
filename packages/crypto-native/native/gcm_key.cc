#include "gcm_key.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <climits>
#include <cstring>
#include <mutex>

namespace envelope {
namespace {

// The three ciphers, fetched once per process from the default provider: an explicit fetch, so
// that no operation pays OpenSSL's implicit lookup. Shared by every thread (fetched ciphers are
// immutable and reference-counted); never freed, like the provider itself.
const EVP_CIPHER* CipherFor(size_t key_length) {
  static std::once_flag once;
  static const EVP_CIPHER* ciphers[3] = {nullptr, nullptr, nullptr};
  std::call_once(once, [] {
    ciphers[0] = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
    ciphers[1] = EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr);
    ciphers[2] = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    ERR_clear_error();
  });
  switch (key_length) {
    case 16: return ciphers[0] != nullptr ? ciphers[0] : EVP_aes_128_gcm();
    case 24: return ciphers[1] != nullptr ? ciphers[1] : EVP_aes_192_gcm();
    case 32: return ciphers[2] != nullptr ? ciphers[2] : EVP_aes_256_gcm();
    default: return nullptr;
  }
}

// OpenSSL takes int lengths: longer runs go in pieces.
constexpr size_t kPiece = size_t{1} << 30;

}  // namespace

bool CtxIvLength(EVP_CIPHER_CTX* ctx, size_t iv_length) {
  return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv_length), nullptr) == 1;
}

bool CtxStart(EVP_CIPHER_CTX* ctx, bool encrypt, const uint8_t* iv) {
  // No cipher and no key: OpenSSL keeps the context's key schedule and only takes the IV.
  return EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv, encrypt ? 1 : 0, nullptr) == 1;
}

bool CtxAad(EVP_CIPHER_CTX* ctx, const uint8_t* aad, size_t length) {
  while (length > 0) {
    const size_t n = length < kPiece ? length : kPiece;
    int out = 0;
    if (EVP_CipherUpdate(ctx, nullptr, &out, aad, static_cast<int>(n)) != 1) return false;
    aad += n;
    length -= n;
  }
  return true;
}

bool CtxUpdate(EVP_CIPHER_CTX* ctx, const uint8_t* in, uint8_t* out, size_t length) {
  while (length > 0) {
    const size_t n = length < kPiece ? length : kPiece;
    int written = 0;
    if (EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(n)) != 1) return false;
    if (static_cast<size_t>(written) != n) return false;  // GCM is a stream mode: all of it, at once
    in += n;
    out += n;
    length -= n;
  }
  return true;
}

bool CtxFinishSeal(EVP_CIPHER_CTX* ctx, uint8_t* tag, size_t tag_length) {
  uint8_t rest[16];
  int n = 0;
  if (EVP_CipherFinal_ex(ctx, rest, &n) != 1 || n != 0) return false;
  return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag_length), tag) == 1;
}

bool CtxFinishOpen(EVP_CIPHER_CTX* ctx, const uint8_t* tag, size_t tag_length) {
  // OpenSSL takes a non-const pointer for both directions of this control; it only reads here.
  uint8_t copy[16];
  std::memcpy(copy, tag, tag_length);
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_length), copy) != 1) return false;
  uint8_t rest[16];
  int n = 0;
  const bool verified = EVP_CipherFinal_ex(ctx, rest, &n) == 1 && n == 0;
  // A tag that does not verify is an answer, not an error: nothing may stay in this thread's
  // OpenSSL error queue, which node:crypto reads after its own calls.
  if (!verified) ERR_clear_error();
  return verified;
}

GcmKey::GcmKey(const uint8_t* raw, size_t length) : length_(length) {
  const EVP_CIPHER* cipher = CipherFor(length);
  if (cipher == nullptr) return;
  std::memcpy(raw_, raw, length);
  ctx_ = EVP_CIPHER_CTX_new();
  if (ctx_ == nullptr) return;
  if (EVP_CipherInit_ex2(ctx_, cipher, raw_, nullptr, 1, nullptr) != 1) {
    EVP_CIPHER_CTX_free(ctx_);
    ctx_ = nullptr;
    ERR_clear_error();
  }
}

GcmKey::~GcmKey() { Destroy(); }

void GcmKey::Destroy() {
  if (ctx_ != nullptr) {
    EVP_CIPHER_CTX_free(ctx_);
    ctx_ = nullptr;
  }
  OPENSSL_cleanse(raw_, sizeof raw_);
  destroyed_ = true;
}

bool GcmKey::Start(bool encrypt, const uint8_t* iv, size_t iv_length) {
  if (iv_length != iv_length_) {
    if (!CtxIvLength(ctx_, iv_length)) return false;
    iv_length_ = iv_length;
  }
  return CtxStart(ctx_, encrypt, iv);
}

bool GcmKey::Aad(const uint8_t* aad, size_t length) { return CtxAad(ctx_, aad, length); }

bool GcmKey::Update(const uint8_t* in, uint8_t* out, size_t length) { return CtxUpdate(ctx_, in, out, length); }

bool GcmKey::FinishSeal(uint8_t* tag, size_t tag_length) { return CtxFinishSeal(ctx_, tag, tag_length); }

bool GcmKey::FinishOpen(const uint8_t* tag, size_t tag_length) { return CtxFinishOpen(ctx_, tag, tag_length); }

EVP_CIPHER_CTX* GcmKey::Duplicate() const {
  EVP_CIPHER_CTX* copy = EVP_CIPHER_CTX_new();
  if (copy == nullptr) return nullptr;
  if (EVP_CIPHER_CTX_copy(copy, ctx_) != 1) {
    EVP_CIPHER_CTX_free(copy);
    ERR_clear_error();
    return nullptr;
  }
  return copy;
}

}  // namespace envelope
