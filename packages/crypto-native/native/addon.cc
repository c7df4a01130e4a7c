// The addon's functions. Keys and running operations are JavaScript externals tagged with this
// addon's type tags, so a foreign object is refused rather than read as a key; the garbage
// collector frees (and wipes) what JavaScript forgot to destroy.
#include <napi.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "args.h"
#include "batch.h"
#include "gcm_key.h"
#include "hash_thread.h"
#include "output_pool.h"
#include "stream.h"

namespace envelope {
namespace {

constexpr napi_type_tag kKeyTag = {0x8f3c5a2e61d04b7aULL, 0x9e21c4f0b7d65a13ULL};

}  // namespace

GcmKey* KeyOf(napi_env env, napi_value value) {
  Napi::Value v(env, value);
  if (!v.IsExternal() || !v.As<Napi::External<GcmKey>>().CheckTypeTag(&kKeyTag)) {
    ThrowType(env, "key must be a key handle of @envelope/crypto-native");
    return nullptr;
  }
  GcmKey* key = v.As<Napi::External<GcmKey>>().Data();
  if (key->destroyed()) {
    ThrowError(env, "the key was destroyed");
    return nullptr;
  }
  return key;
}

namespace {

// importKey(raw: Uint8Array): handle
Napi::Value ImportKey(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  Bytes raw;
  if (info.Length() < 1 || !GetBytes(env, info[0], "raw", &raw)) return Napi::Value();
  if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
    ThrowRange(env, "an AES key is 16, 24 or 32 bytes");
    return Napi::Value();
  }
  auto* key = new GcmKey(raw.data, raw.length);
  if (!key->ok()) {
    delete key;
    ThrowError(env, "OpenSSL could not make an AES-GCM context");
    return Napi::Value();
  }
  auto handle = Napi::External<GcmKey>::New(info.Env(), key, [](Napi::Env, GcmKey* k) { delete k; });
  handle.TypeTag(&kKeyTag);
  return handle;
}

// exportKey(handle): Buffer (a copy of the raw key, for a worker thread; the caller wipes it)
Napi::Value ExportKey(const Napi::CallbackInfo& info) {
  GcmKey* key = info.Length() < 1 ? nullptr : KeyOf(info.Env(), info[0]);
  if (key == nullptr) {
    if (info.Length() < 1) ThrowType(info.Env(), "key is missing");
    return Napi::Value();
  }
  return Napi::Buffer<uint8_t>::Copy(info.Env(), key->raw(), key->length());
}

// destroyKey(handle): wipes the key now (idempotent)
Napi::Value DestroyKey(const Napi::CallbackInfo& info) {
  Napi::Value v = info.Length() < 1 ? info.Env().Undefined() : info[0];
  if (!v.IsExternal() || !v.As<Napi::External<GcmKey>>().CheckTypeTag(&kKeyTag)) {
    ThrowType(info.Env(), "key must be a key handle of @envelope/crypto-native");
    return Napi::Value();
  }
  v.As<Napi::External<GcmKey>>().Data()->Destroy();
  return info.Env().Undefined();
}

constexpr size_t kBatchArgs = 13;

// sealBatch(handle, count, ivLength, tagLength, ivs, aad, aadStarts, aadLengths, input,
//           inputStarts, lengths, output, outputStarts): undefined
Napi::Value SealBatchJs(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < kBatchArgs) {
    ThrowType(env, "sealBatch takes 13 arguments");
    return Napi::Value();
  }
  napi_value argv[kBatchArgs];
  for (size_t i = 0; i < kBatchArgs; i++) argv[i] = info[i];
  GcmKey* key = KeyOf(env, argv[0]);
  Batch batch;
  if (key == nullptr || !ReadBatch(env, argv + 1, true, &batch) || !SealBatch(env, key, batch)) return Napi::Value();
  return info.Env().Undefined();
}

// openBatch(... as sealBatch, shared: boolean): number (count, or the first failing index)
Napi::Value OpenBatchJs(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < kBatchArgs + 1) {
    ThrowType(env, "openBatch takes 14 arguments");
    return Napi::Value();
  }
  napi_value argv[kBatchArgs + 1];
  for (size_t i = 0; i < kBatchArgs + 1; i++) argv[i] = info[i];
  GcmKey* key = KeyOf(env, argv[0]);
  Batch batch;
  bool shared = false;
  if (key == nullptr || !ReadBatch(env, argv + 1, false, &batch) || !GetBool(env, argv[kBatchArgs], "shared", &shared)) {
    return Napi::Value();
  }
  const int64_t r = OpenBatch(env, key, batch, shared);
  if (r < 0) return Napi::Value();
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

Napi::Value OpenSslVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), OpenSSL_version(OPENSSL_VERSION));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Built against OpenSSL 3 headers: refuse to run in a process whose OpenSSL is another major.
  if (OPENSSL_version_major() != 3) {
    Napi::Error::New(env, "@envelope/crypto-native needs the OpenSSL 3 that Node ships with").ThrowAsJavaScriptException();
    return exports;
  }
  exports.Set("importKey", Napi::Function::New(env, ImportKey, "importKey"));
  exports.Set("exportKey", Napi::Function::New(env, ExportKey, "exportKey"));
  exports.Set("destroyKey", Napi::Function::New(env, DestroyKey, "destroyKey"));
  exports.Set("sealBatch", Napi::Function::New(env, SealBatchJs, "sealBatch"));
  exports.Set("openBatch", Napi::Function::New(env, OpenBatchJs, "openBatch"));
  exports.Set("openSslVersion", Napi::Function::New(env, OpenSslVersion, "openSslVersion"));
  InitStreams(env, exports);
  InitOutputPool(env, exports);
  InitHashThreads(env, exports);
  return exports;
}

}  // namespace
}  // namespace envelope

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return envelope::Init(env, exports); }

NODE_API_MODULE(envelope_gcm, InitAddon)
