#include "batch.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace envelope {
namespace {

bool Fail(napi_env env, const std::string& message) { return ThrowRange(env, message.c_str()); }

bool ReadArrays(napi_env env, napi_value* argv, Batch* b) {
  return GetSize(env, argv[0], "count", 0, UINT32_MAX, &b->count) &&
         GetSize(env, argv[1], "ivLength", 1, 128, &b->iv_length) &&
         GetSize(env, argv[2], "tagLength", 4, 16, &b->tag_length) && GetBytes(env, argv[3], "ivs", &b->ivs) &&
         GetBytes(env, argv[4], "aad", &b->aad) && GetWords(env, argv[5], "aadStarts", &b->aad_starts) &&
         GetWords(env, argv[6], "aadLengths", &b->aad_lengths) && GetBytes(env, argv[7], "input", &b->input) &&
         GetWords(env, argv[8], "inputStarts", &b->input_starts) && GetWords(env, argv[9], "lengths", &b->lengths) &&
         GetBytes(env, argv[10], "output", &b->output) && GetWords(env, argv[11], "outputStarts", &b->output_starts);
}

// Operation i's ranges: all arithmetic in 64 bits, so no sum of 32-bit offsets wraps.
bool CheckOne(napi_env env, const Batch& b, bool seal, uint32_t i) {
  const uint64_t length = b.lengths.data[i];
  const uint64_t tag = b.tag_length;
  const uint64_t in_length = seal ? length : length + tag;
  const uint64_t out_length = seal ? length + tag : length;
  // The message is made only on failure: a string per operation cost as much as the checks.
  const auto at = [i] { return " of operation " + std::to_string(i); };
  if (uint64_t{b.aad_starts.data[i]} + b.aad_lengths.data[i] > b.aad.length) return Fail(env, "aad range" + at() + " is outside aad");
  if (uint64_t{b.input_starts.data[i]} + in_length > b.input.length) return Fail(env, "input range" + at() + " is outside input");
  if (uint64_t{b.output_starts.data[i]} + out_length > b.output.length) return Fail(env, "output range" + at() + " is outside output");
  const uint8_t* in = b.input.data + b.input_starts.data[i];
  const uint8_t* out = b.output.data + b.output_starts.data[i];
  if (in != out && Overlap(in, in_length, out, out_length)) {
    return Fail(env, "input and output" + at() + " partly overlap (they must be the same bytes or disjoint)");
  }
  return true;
}

bool OpenSslError(napi_env env, const char* what) {
  ERR_clear_error();
  return ThrowError(env, what);
}

}  // namespace

bool ReadBatch(napi_env env, napi_value* argv, bool seal, Batch* b) {
  if (!ReadArrays(env, argv, b)) return false;
  const uint64_t n = b->count;
  if (b->aad_starts.length < n || b->aad_lengths.length < n || b->input_starts.length < n || b->lengths.length < n ||
      b->output_starts.length < n) {
    return Fail(env, "aadStarts, aadLengths, inputStarts, lengths and outputStarts need count entries each");
  }
  if (n * b->iv_length > b->ivs.length) return Fail(env, "ivs holds fewer than count IVs");
  for (uint32_t i = 0; i < b->count; i++) {
    if (!CheckOne(env, *b, seal, i)) return false;
  }
  return true;
}

bool SealBatch(napi_env env, GcmKey* key, const Batch& b) {
  for (uint32_t i = 0; i < b.count; i++) {
    const size_t length = b.lengths.data[i];
    uint8_t* out = b.output.data + b.output_starts.data[i];
    if (!key->Start(true, b.ivs.data + size_t{i} * b.iv_length, b.iv_length) ||
        !key->Aad(b.aad.data + b.aad_starts.data[i], b.aad_lengths.data[i]) ||
        !key->Update(b.input.data + b.input_starts.data[i], out, length) || !key->FinishSeal(out + length, b.tag_length)) {
      return OpenSslError(env, "AES-GCM seal failed in OpenSSL");
    }
  }
  return true;
}

int64_t OpenBatch(napi_env env, GcmKey* key, const Batch& b, bool shared) {
  std::unique_ptr<uint8_t[]> scratch;
  size_t scratch_length = 0;
  if (shared) {
    for (uint32_t i = 0; i < b.count; i++) scratch_length = std::max<size_t>(scratch_length, b.lengths.data[i] + b.tag_length);
    scratch.reset(new uint8_t[scratch_length > 0 ? scratch_length : 1]);
  }
  int64_t result = b.count;
  for (uint32_t i = 0; i < b.count; i++) {
    const size_t length = b.lengths.data[i];
    const uint8_t* in = b.input.data + b.input_starts.data[i];
    uint8_t* out = b.output.data + b.output_starts.data[i];
    if (shared) {
      // The ciphertext and tag are read once into private memory, so what is checked is what is
      // released even if another thread writes the input meanwhile.
      std::memcpy(scratch.get(), in, length + b.tag_length);
      in = scratch.get();
    }
    uint8_t* target = shared ? scratch.get() : out;
    if (!key->Start(false, b.ivs.data + size_t{i} * b.iv_length, b.iv_length) ||
        !key->Aad(b.aad.data + b.aad_starts.data[i], b.aad_lengths.data[i]) || !key->Update(in, target, length)) {
      OPENSSL_cleanse(target, length);
      result = -1;
      OpenSslError(env, "AES-GCM open failed in OpenSSL");
      break;
    }
    if (!key->FinishOpen(in + length, b.tag_length)) {
      OPENSSL_cleanse(target, length);
      result = i;
      break;
    }
    if (shared) std::memcpy(out, target, length);
  }
  if (shared) OPENSSL_cleanse(scratch.get(), scratch_length);
  return result;
}

}  // namespace envelope
