// Reading the arguments of a call from JavaScript: typed arrays by their exact kind and numbers by
// their range. Every failure leaves a pending JavaScript exception (a TypeError or RangeError) and
// returns false, so a bad argument is an exception, never a crash.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace envelope {

struct Bytes {
  uint8_t* data = nullptr;
  size_t length = 0;
};

struct Words {
  const uint32_t* data = nullptr;
  size_t length = 0;
};

bool ThrowType(napi_env env, const char* message);
bool ThrowRange(napi_env env, const char* message);
bool ThrowError(napi_env env, const char* message);

// A Uint8Array (a Buffer is one) or a pending TypeError naming `what`.
bool GetBytes(napi_env env, napi_value value, const char* what, Bytes* out);
// A Uint32Array or a pending TypeError.
bool GetWords(napi_env env, napi_value value, const char* what, Words* out);
// An integer number in [min, max] or a pending TypeError / RangeError.
bool GetSize(napi_env env, napi_value value, const char* what, uint32_t min, uint32_t max, uint32_t* out);
bool GetBool(napi_env env, napi_value value, const char* what, bool* out);

// Whether [a, a + a_length) and [b, b + b_length) share a byte.
bool Overlap(const uint8_t* a, size_t a_length, const uint8_t* b, size_t b_length);

}  // namespace envelope
