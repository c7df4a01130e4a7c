#include "stream.h"

#include <openssl/err.h>

#include "args.h"

namespace envelope {
namespace {

constexpr napi_type_tag kStreamTag = {0x4b1e9d3a7c2f6e58ULL, 0xa7d3e1b5c9f04286ULL};

struct Stream {
  EVP_CIPHER_CTX* ctx = nullptr;
  bool encrypt = true;
  uint32_t tag_length = 16;
  ~Stream() { Close(); }
  // Frees the context (OpenSSL clears the provider state, key schedule included, as it frees it).
  void Close() {
    if (ctx != nullptr) EVP_CIPHER_CTX_free(ctx);
    ctx = nullptr;
  }
};

Stream* StreamOf(napi_env env, napi_value value) {
  Napi::Value v(env, value);
  if (!v.IsExternal() || !v.As<Napi::External<Stream>>().CheckTypeTag(&kStreamTag)) {
    ThrowType(env, "not an operation of @envelope/crypto-native");
    return nullptr;
  }
  Stream* s = v.As<Napi::External<Stream>>().Data();
  if (s->ctx == nullptr) {
    ThrowError(env, "the operation has finished");
    return nullptr;
  }
  return s;
}

bool OpenSslError(napi_env env, const char* what) {
  ERR_clear_error();
  return ThrowError(env, what);
}

// streamStart(key, iv, aad, encrypt, tagLength): handle
Napi::Value Start(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 5) return ThrowType(env, "streamStart takes 5 arguments"), Napi::Value();
  GcmKey* key = KeyOf(env, info[0]);
  Bytes iv, aad;
  bool encrypt = true;
  uint32_t tag_length = 0;
  if (key == nullptr || !GetBytes(env, info[1], "iv", &iv) || !GetBytes(env, info[2], "aad", &aad) ||
      !GetBool(env, info[3], "encrypt", &encrypt) || !GetSize(env, info[4], "tagLength", 4, 16, &tag_length)) {
    return Napi::Value();
  }
  if (iv.length < 1 || iv.length > 128) return ThrowRange(env, "an IV is 1 to 128 bytes"), Napi::Value();
  auto* s = new Stream();
  s->encrypt = encrypt;
  s->tag_length = tag_length;
  s->ctx = key->Duplicate();
  if (s->ctx == nullptr || !CtxIvLength(s->ctx, iv.length) || !CtxStart(s->ctx, encrypt, iv.data) || !CtxAad(s->ctx, aad.data, aad.length)) {
    delete s;
    return OpenSslError(env, "AES-GCM start failed in OpenSSL"), Napi::Value();
  }
  auto handle = Napi::External<Stream>::New(info.Env(), s, [](Napi::Env, Stream* p) { delete p; });
  handle.TypeTag(&kStreamTag);
  return handle;
}

// streamUpdate(handle, input, output): output.length === input.length, the same bytes or disjoint
Napi::Value Update(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 3) return ThrowType(env, "streamUpdate takes 3 arguments"), Napi::Value();
  Stream* s = StreamOf(env, info[0]);
  Bytes in, out;
  if (s == nullptr || !GetBytes(env, info[1], "input", &in) || !GetBytes(env, info[2], "output", &out)) return Napi::Value();
  if (out.length != in.length) return ThrowRange(env, "output must be as long as input"), Napi::Value();
  if (in.data != out.data && Overlap(in.data, in.length, out.data, out.length)) {
    return ThrowRange(env, "input and output partly overlap"), Napi::Value();
  }
  if (!CtxUpdate(s->ctx, in.data, out.data, in.length)) {
    s->Close();
    return OpenSslError(env, "AES-GCM update failed in OpenSSL"), Napi::Value();
  }
  return info.Env().Undefined();
}

// streamSealFinal(handle, tagOut): writes the tag (tagOut.length === tagLength), ends the operation
Napi::Value SealFinal(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 2) return ThrowType(env, "streamSealFinal takes 2 arguments"), Napi::Value();
  Stream* s = StreamOf(env, info[0]);
  Bytes tag;
  if (s == nullptr || !GetBytes(env, info[1], "tag", &tag)) return Napi::Value();
  if (!s->encrypt) return ThrowError(env, "not a sealing"), Napi::Value();
  if (tag.length != s->tag_length) return ThrowRange(env, "tag must be tagLength bytes"), Napi::Value();
  const bool ok = CtxFinishSeal(s->ctx, tag.data, tag.length);
  s->Close();
  if (!ok) return OpenSslError(env, "AES-GCM seal failed in OpenSSL"), Napi::Value();
  return info.Env().Undefined();
}

// streamOpenFinal(handle, tag): whether the tag verified; ends the operation
Napi::Value OpenFinal(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 2) return ThrowType(env, "streamOpenFinal takes 2 arguments"), Napi::Value();
  Stream* s = StreamOf(env, info[0]);
  Bytes tag;
  if (s == nullptr || !GetBytes(env, info[1], "tag", &tag)) return Napi::Value();
  if (s->encrypt) return ThrowError(env, "not an opening"), Napi::Value();
  if (tag.length != s->tag_length) return ThrowRange(env, "tag must be tagLength bytes"), Napi::Value();
  const bool verified = CtxFinishOpen(s->ctx, tag.data, tag.length);
  s->Close();
  return Napi::Boolean::New(info.Env(), verified);
}

// streamFree(handle): ends the operation now (idempotent)
Napi::Value Free(const Napi::CallbackInfo& info) {
  Napi::Value v = info.Length() < 1 ? info.Env().Undefined() : info[0];
  if (!v.IsExternal() || !v.As<Napi::External<Stream>>().CheckTypeTag(&kStreamTag)) {
    return ThrowType(info.Env(), "not an operation of @envelope/crypto-native"), Napi::Value();
  }
  v.As<Napi::External<Stream>>().Data()->Close();
  return info.Env().Undefined();
}

}  // namespace

void InitStreams(Napi::Env env, Napi::Object exports) {
  exports.Set("streamStart", Napi::Function::New(env, Start, "streamStart"));
  exports.Set("streamUpdate", Napi::Function::New(env, Update, "streamUpdate"));
  exports.Set("streamSealFinal", Napi::Function::New(env, SealFinal, "streamSealFinal"));
  exports.Set("streamOpenFinal", Napi::Function::New(env, OpenFinal, "streamOpenFinal"));
  exports.Set("streamFree", Napi::Function::New(env, Free, "streamFree"));
}

}  // namespace envelope
