#include "hash_thread.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>

#include "args.h"
#include "hash_job.h"

namespace envelope {
namespace {

constexpr napi_type_tag kHashTag = {0x2d7c5e19a4b3f068ULL, 0xc1f84a6e0b9d2573ULL};

// The jobs of one environment (the main thread or a worker) not yet freed, so that the environment's
// end stops and joins their threads even when no finalizer ran for them.
struct Jobs {
  std::unordered_set<HashJob*> live;
};

struct HashHandle {
  std::unique_ptr<HashJob> job;
  std::shared_ptr<Jobs> jobs;
  ~HashHandle() { jobs->live.erase(job.get()); }
};

// The signed suites' curves: OpenSSL's group name, and SPKI DER up to a compressed point (an EC
// public key on the curve, the bit string's head), through which d2i_PUBKEY decompresses the point.
struct Curve {
  const char* name;
  const char* group;
  std::basic_string<uint8_t> spki_prefix;
  size_t point_length;
};

const Curve* CurveOf(const std::string& name) {
  static const Curve kCurves[] = {
      {"P-256", "prime256v1", {0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x22, 0x00}, 33},
      {"P-384", "secp384r1", {0x30, 0x46, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x32, 0x00}, 49},
  };
  for (const Curve& c : kCurves) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

const EVP_MD* DigestOf(const std::string& name) {
  if (name == "sha256") return EVP_sha256();
  if (name == "sha384") return EVP_sha384();
  if (name == "sha512") return EVP_sha512();
  return nullptr;
}

HashJob* JobOf(napi_env env, napi_value value) {
  Napi::Value v(env, value);
  if (!v.IsExternal() || !v.As<Napi::External<HashHandle>>().CheckTypeTag(&kHashTag)) {
    ThrowType(env, "not a hash of @envelope/crypto-native");
    return nullptr;
  }
  HashJob* job = v.As<Napi::External<HashHandle>>().Data()->job.get();
  if (job->ended()) {
    ThrowError(env, "the hash has ended");
    return nullptr;
  }
  return job;
}

bool GetString(napi_env env, napi_value value, const char* what, std::string* out) {
  Napi::Value v(env, value);
  if (!v.IsString()) return ThrowType(env, (std::string(what) + " must be a string").c_str());
  *out = v.As<Napi::String>().Utf8Value();
  return true;
}

// A curve name argument, or nullptr with a pending exception.
const Curve* GetCurve(napi_env env, napi_value value) {
  std::string name;
  if (!GetString(env, value, "curve", &name)) return nullptr;
  const Curve* c = CurveOf(name);
  if (c == nullptr) ThrowRange(env, "curve must be P-256 or P-384");
  return c;
}

bool OnCurve(EVP_PKEY* key, const Curve* curve) {
  char group[64] = {0};
  size_t length = 0;
  return EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1 && std::strcmp(group, curve->group) == 0;
}

// hashStart(hash, first): handle; `first` (the header) is hashed first
Napi::Value Start(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 2) return ThrowType(env, "hashStart takes 2 arguments"), Napi::Value();
  std::string name;
  Bytes first;
  if (!GetString(env, info[0], "hash", &name) || !GetBytes(env, info[1], "first", &first)) return Napi::Value();
  const EVP_MD* md = DigestOf(name);
  if (md == nullptr) return ThrowRange(env, "hash must be sha256, sha384 or sha512"), Napi::Value();
  auto* jobs = static_cast<std::shared_ptr<Jobs>*>(info.Data());
  auto* h = new HashHandle{std::make_unique<HashJob>(md), *jobs};
  if (!h->job->ok() || !h->job->Update(first.data, first.length)) {
    delete h;
    ERR_clear_error();
    return ThrowError(env, "OpenSSL could not start the hash"), Napi::Value();
  }
  h->jobs->live.insert(h->job.get());
  auto handle = Napi::External<HashHandle>::New(info.Env(), h, [](Napi::Env, HashHandle* p) { delete p; });
  handle.TypeTag(&kHashTag);
  return handle;
}

// hashUpdate(handle, bytes): copied (the caller may reuse them); waits while the ring is full
Napi::Value Update(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 2) return ThrowType(env, "hashUpdate takes 2 arguments"), Napi::Value();
  HashJob* job = JobOf(env, info[0]);
  Bytes data;
  if (job == nullptr || !GetBytes(env, info[1], "data", &data)) return Napi::Value();
  if (!job->Update(data.data, data.length)) {
    ERR_clear_error();
    return ThrowError(env, "the hash failed in OpenSSL"), Napi::Value();
  }
  return info.Env().Undefined();
}

// The digest of everything hashed (ends the job), or false with a pending exception.
bool Finish(napi_env env, HashJob* job, uint8_t* digest) {
  if (job->Finish(digest)) return true;
  ERR_clear_error();
  return ThrowError(env, "the hash failed in OpenSSL");
}

// hashDigest(handle): Buffer; ends the hash
Napi::Value Digest(const Napi::CallbackInfo& info) {
  HashJob* job = info.Length() < 1 ? nullptr : JobOf(info.Env(), info[0]);
  if (job == nullptr) return info.Length() < 1 ? (ThrowType(info.Env(), "hashDigest takes 1 argument"), Napi::Value()) : Napi::Value();
  uint8_t digest[EVP_MAX_MD_SIZE];
  if (!Finish(info.Env(), job, digest)) return Napi::Value();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), digest, job->digest_length());
}

// The finished digest, or false with a pending exception; the job has ended either way.
bool FinishJob(napi_env env, napi_value handle, uint8_t* digest, HashJob** job) {
  *job = JobOf(env, handle);
  return *job != nullptr && Finish(env, *job, digest);
}

// ECDSA over `digest` with `key` (sign: `sig` receives the DER signature; verify: `sig` is checked).
// 1 signed or verified, 0 did not verify, -1 an OpenSSL failure.
int Ecdsa(EVP_PKEY* key, const EVP_MD* md, const uint8_t* digest, size_t digest_length, bool sign, std::basic_string<uint8_t>* sig) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  int r = -1;
  if (ctx != nullptr && (sign ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, md) == 1) {
    if (!sign) {
      r = EVP_PKEY_verify(ctx, sig->data(), sig->size(), digest, digest_length) == 1 ? 1 : 0;
    } else {
      size_t length = 0;
      if (EVP_PKEY_sign(ctx, nullptr, &length, digest, digest_length) == 1) {
        sig->resize(length);
        if (EVP_PKEY_sign(ctx, sig->data(), &length, digest, digest_length) == 1) {
          sig->resize(length);
          r = 1;
        }
      }
    }
  }
  EVP_PKEY_CTX_free(ctx);
  ERR_clear_error();
  return r;
}

// hashSign(handle, curve, pkcs8): the DER ECDSA signature over the digest; ends the hash. The key is
// parsed from the caller's bytes (no copy here) and freed at once (OpenSSL clears an EC private key
// as it frees it); the caller wipes `pkcs8`.
Napi::Value Sign(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 3) return ThrowType(env, "hashSign takes 3 arguments"), Napi::Value();
  const Curve* curve = GetCurve(env, info[1]);
  Bytes pkcs8;
  if (curve == nullptr || !GetBytes(env, info[2], "pkcs8", &pkcs8)) return Napi::Value();
  HashJob* job = nullptr;
  uint8_t digest[EVP_MAX_MD_SIZE];
  if (!FinishJob(env, info[0], digest, &job)) return Napi::Value();
  const unsigned char* p = pkcs8.data;
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(pkcs8.length));
  if (key == nullptr || !OnCurve(key, curve)) {
    EVP_PKEY_free(key);
    ERR_clear_error();
    return ThrowError(env, (std::string("not a ") + curve->name + " private key").c_str()), Napi::Value();
  }
  std::basic_string<uint8_t> sig;
  const int r = Ecdsa(key, job->md(), digest, job->digest_length(), true, &sig);
  EVP_PKEY_free(key);
  if (r != 1) return ThrowError(env, "ECDSA signing failed in OpenSSL"), Napi::Value();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), sig.data(), sig.size());
}

// hashVerify(handle, curve, compressedPoint, signature): whether the DER signature verifies over the
// digest (false for one that is not even DER); ends the hash. Throws for a point not on the curve.
Napi::Value Verify(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 4) return ThrowType(env, "hashVerify takes 4 arguments"), Napi::Value();
  const Curve* curve = GetCurve(env, info[1]);
  Bytes point, signature;
  if (curve == nullptr || !GetBytes(env, info[2], "compressedPoint", &point) || !GetBytes(env, info[3], "signature", &signature)) return Napi::Value();
  HashJob* job = nullptr;
  uint8_t digest[EVP_MAX_MD_SIZE];
  if (!FinishJob(env, info[0], digest, &job)) return Napi::Value();
  std::basic_string<uint8_t> spki = curve->spki_prefix;
  spki.append(point.data, point.length);
  const unsigned char* p = spki.data();
  EVP_PKEY* key = point.length == curve->point_length ? d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())) : nullptr;
  if (key == nullptr || !OnCurve(key, curve)) {
    EVP_PKEY_free(key);
    ERR_clear_error();
    return ThrowError(env, (std::string("not a compressed point of ") + curve->name).c_str()), Napi::Value();
  }
  std::basic_string<uint8_t> sig(signature.data, signature.length);
  const int r = Ecdsa(key, job->md(), digest, job->digest_length(), false, &sig);
  EVP_PKEY_free(key);
  return Napi::Boolean::New(info.Env(), r == 1);
}

// hashFree(handle): stops the thread now and joins it (idempotent)
Napi::Value Free(const Napi::CallbackInfo& info) {
  Napi::Value v = info.Length() < 1 ? info.Env().Undefined() : info[0];
  if (!v.IsExternal() || !v.As<Napi::External<HashHandle>>().CheckTypeTag(&kHashTag)) {
    return ThrowType(info.Env(), "not a hash of @envelope/crypto-native"), Napi::Value();
  }
  v.As<Napi::External<HashHandle>>().Data()->job->Stop();
  return info.Env().Undefined();
}

// At the environment's end (process exit, a worker ending or terminated): jobs still live stop and
// join their threads; their handles are freed later by their finalizers, which the Jobs outlive.
void Cleanup(void* arg) {
  auto* jobs = static_cast<std::shared_ptr<Jobs>*>(arg);
  for (HashJob* job : (*jobs)->live) job->Stop();
  delete jobs;
}

}  // namespace

void InitHashThreads(Napi::Env env, Napi::Object exports) {
  auto* jobs = new std::shared_ptr<Jobs>(std::make_shared<Jobs>());
  napi_add_env_cleanup_hook(env, Cleanup, jobs);
  exports.Set("hashStart", Napi::Function::New(env, Start, "hashStart", jobs));
  exports.Set("hashUpdate", Napi::Function::New(env, Update, "hashUpdate"));
  exports.Set("hashDigest", Napi::Function::New(env, Digest, "hashDigest"));
  exports.Set("hashSign", Napi::Function::New(env, Sign, "hashSign"));
  exports.Set("hashVerify", Napi::Function::New(env, Verify, "hashVerify"));
  exports.Set("hashFree", Napi::Function::New(env, Free, "hashFree"));
}

}  // namespace envelope
