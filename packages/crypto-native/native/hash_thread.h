// The addon's functions for a signature hash on a native thread (hash_job.h) and ECDSA over its
// digest: node:crypto signs and verifies only over data it hashes itself, never over a prehash.
#pragma once

#include <napi.h>

namespace envelope {

// Adds hashStart, hashUpdate, hashDigest, hashSign, hashVerify and hashFree to `exports`, and an
// environment cleanup hook that stops and joins the threads of jobs nobody finished.
void InitHashThreads(Napi::Env env, Napi::Object exports);

}  // namespace envelope
