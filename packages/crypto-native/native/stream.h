// One AES-GCM operation that runs across calls (a frame whose content arrives in pieces), on its
// own copy of the key's context so batches under the same key go on meanwhile.
#pragma once

#include <napi.h>

#include <functional>

#include "gcm_key.h"

namespace envelope {

// The key a handle holds, or nullptr with a pending exception (addon.cc).
GcmKey* KeyOf(napi_env env, napi_value value);

// Adds streamStart, streamUpdate, streamSealFinal, streamOpenFinal and streamFree to `exports`.
void InitStreams(Napi::Env env, Napi::Object exports);

}  // namespace envelope
