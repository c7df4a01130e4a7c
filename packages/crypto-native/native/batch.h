// A batch of AES-GCM operations under one key, laid out by offsets into caller-owned buffers
// (core's GcmBatch). Every range is checked against its buffer before any byte is written.
#pragma once

#include <node_api.h>

#include "args.h"
#include "gcm_key.h"

namespace envelope {

struct Batch {
  uint32_t count = 0;
  uint32_t iv_length = 0;
  uint32_t tag_length = 0;
  Bytes ivs, aad, input, output;
  Words aad_starts, aad_lengths, input_starts, lengths, output_starts;
};

// Reads argv[0..11] (count, ivLength, tagLength, ivs, aad, aadStarts, aadLengths, input,
// inputStarts, lengths, output, outputStarts) and checks every operation's ranges; false with a
// pending exception when one is missing, of the wrong kind or out of bounds.
bool ReadBatch(napi_env env, napi_value* argv, bool seal, Batch* batch);

// Seals every operation; false (pending exception) on an OpenSSL failure.
bool SealBatch(napi_env env, GcmKey* key, const Batch& batch);

// Opens in order; the index of the first operation whose tag failed (its output wiped, later
// ones unwritten), or batch.count. `shared`: the output is memory another thread can read, so
// each operation is opened in private memory and copied out only after its tag verified.
// -1 (pending exception) on an OpenSSL failure.
int64_t OpenBatch(napi_env env, GcmKey* key, const Batch& batch, bool shared);

}  // namespace envelope
