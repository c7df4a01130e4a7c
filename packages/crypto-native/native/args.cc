#include "args.h"

#include <cmath>
#include <string>

namespace envelope {

bool ThrowType(napi_env env, const char* message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return false;
}

bool ThrowRange(napi_env env, const char* message) {
  napi_throw_range_error(env, "ERR_OUT_OF_RANGE", message);
  return false;
}

bool ThrowError(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return false;
}

namespace {

bool GetTyped(napi_env env, napi_value value, napi_typedarray_type want, void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  size_t count = 0;
  void* base = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &count, &base, nullptr, nullptr) != napi_ok) return false;
  if (type != want) return false;
  // A detached buffer reads as no bytes at all.
  *data = base;
  *length = base == nullptr ? 0 : count;
  return true;
}

}  // namespace

bool GetBytes(napi_env env, napi_value value, const char* what, Bytes* out) {
  void* data = nullptr;
  if (!GetTyped(env, value, napi_uint8_array, &data, &out->length)) {
    return ThrowType(env, (std::string(what) + " must be a Uint8Array").c_str());
  }
  out->data = static_cast<uint8_t*>(data);
  return true;
}

bool GetWords(napi_env env, napi_value value, const char* what, Words* out) {
  void* data = nullptr;
  if (!GetTyped(env, value, napi_uint32_array, &data, &out->length)) {
    return ThrowType(env, (std::string(what) + " must be a Uint32Array").c_str());
  }
  out->data = static_cast<const uint32_t*>(data);
  return true;
}

bool GetSize(napi_env env, napi_value value, const char* what, uint32_t min, uint32_t max, uint32_t* out) {
  double d = 0;
  if (napi_get_value_double(env, value, &d) != napi_ok) {
    return ThrowType(env, (std::string(what) + " must be a number").c_str());
  }
  if (!std::isfinite(d) || std::floor(d) != d || d < min || d > max) {
    return ThrowRange(env, (std::string(what) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max)).c_str());
  }
  *out = static_cast<uint32_t>(d);
  return true;
}

bool GetBool(napi_env env, napi_value value, const char* what, bool* out) {
  if (napi_get_value_bool(env, value, out) != napi_ok) {
    return ThrowType(env, (std::string(what) + " must be a boolean").c_str());
  }
  return true;
}

bool Overlap(const uint8_t* a, size_t a_length, const uint8_t* b, size_t b_length) {
  if (a_length == 0 || b_length == 0) return false;
  const uintptr_t x = reinterpret_cast<uintptr_t>(a);
  const uintptr_t y = reinterpret_cast<uintptr_t>(b);
  return x < y + b_length && y < x + a_length;
}

}  // namespace envelope
