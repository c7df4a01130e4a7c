// Memory for output that JavaScript hands on to a consumer (a stream's sealed frames), given back to
// a pool of this thread when the garbage collector frees its Buffer rather than to malloc.
#pragma once

#include <napi.h>

namespace envelope {

// Adds takeOutput(length) and releaseOutputs() to `exports`.
void InitOutputPool(Napi::Env env, Napi::Object exports);

}  // namespace envelope
