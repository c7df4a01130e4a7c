#include "output_pool.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <vector>

#include "args.h"

// Why a pool: a stream hands each write's output to its consumer as a fresh Buffer, and the garbage
// collector frees tens of MiB of them at once. glibc then returns the top of its heap to the system
// (the freed blocks join its top chunk), so the next outputs fault in every page anew, which on a
// virtual machine costs more than sealing the bytes. Blocks kept here skip both.
//
// A block is handed out only as the whole memory of one external Buffer; it comes back through
// that Buffer's finalizer, which Node runs on this thread once no view of the ArrayBuffer is left,
// so no byte in use is ever handed out again. Nothing here is wiped: callers put only what they
// would put in Buffer.allocUnsafe memory (ciphertext), never keys or plaintext.

namespace envelope {
namespace {

// Outputs up to this size come from the pool; the caller allocates larger ones (a write of MiBs).
constexpr size_t kLargestPooled = 1u << 20;
// Bytes of free blocks a thread keeps at most: about what one collection of the young generation
// frees of a fast stream's outputs, so that a stream in its stride allocates nothing new.
constexpr size_t kMostKept = 32u << 20;
// Bytes lent and not yet back at most. A block comes back only when the thread's event loop runs
// the finalizer Node queued for it, so dead blocks wait while JavaScript keeps the loop from
// turning; past this the caller allocates for itself, whose memory the collector frees at once.
constexpr size_t kMostLent = 64u << 20;

// Block sizes: 4 KiB up to 16 KiB, then four sizes per power of two (a block wastes under 25 %).
size_t SizeClass(size_t length) {
  size_t c = 4096;
  while (c < length && c < 16384) c += 4096;
  if (c >= length) return c;
  size_t p = 16384;
  while (p * 2 < length) p *= 2;
  const size_t step = p / 4;
  return (length + step - 1) / step * step;
}

struct Pool {
  std::unordered_map<size_t, std::vector<void*>> free;
  size_t kept = 0;
  size_t lent = 0;
  // Set by releaseOutputs (nobody took memory for a while) until the next take: blocks coming back
  // meanwhile go to malloc, so an idle thread keeps nothing. Also set when the environment ends.
  bool idle = false;

  void Release() {
    for (auto& [size, blocks] : free) {
      for (void* b : blocks) std::free(b);
    }
    free.clear();
    kept = 0;
  }
  ~Pool() { Release(); }
};

// The environment's handle on its pool; blocks in use hold the pool too, so it outlives both.
struct PoolOwner {
  std::shared_ptr<Pool> pool = std::make_shared<Pool>();
  ~PoolOwner() {
    pool->idle = true;
    pool->Release();
  }
};

struct Lent {
  std::shared_ptr<Pool> pool;
  size_t size;
};

void GiveBack(napi_env, void* data, void* hint) {
  std::unique_ptr<Lent> lent(static_cast<Lent*>(hint));
  Pool& p = *lent->pool;
  p.lent -= lent->size;
  if (p.idle || p.kept + lent->size > kMostKept) {
    std::free(data);
    return;
  }
  p.free[lent->size].push_back(data);
  p.kept += lent->size;
}

// takeOutput(length): Buffer (length bytes, contents unspecified as Buffer.allocUnsafe's), or
// undefined when too much is lent or this Node does not take external memory (the caller
// allocates for itself then)
Napi::Value TakeOutput(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  uint32_t length = 0;
  if (info.Length() < 1 || !GetSize(env, info[0], "length", 1, 0x7fffffff, &length)) return Napi::Value();
  auto* owner = info.Env().GetInstanceData<PoolOwner>();
  std::shared_ptr<Pool> pool = owner->pool;
  pool->idle = false;
  const size_t size = length <= kLargestPooled ? SizeClass(length) : 0;
  if (size == 0 || pool->lent + size > kMostLent) return info.Env().Undefined();
  void* data = nullptr;
  auto it = pool->free.find(size);
  if (it != pool->free.end() && !it->second.empty()) {
    data = it->second.back();
    it->second.pop_back();
    pool->kept -= size;
  }
  if (data == nullptr) data = std::malloc(size);
  if (data == nullptr) {
    ThrowError(env, "out of memory for an output buffer");
    return Napi::Value();
  }
  Pool& p = *pool;
  auto* lent = new Lent{std::move(pool), size};
  napi_value result;
  if (napi_create_external_buffer(env, length, data, GiveBack, lent, &result) != napi_ok) {
    // Node builds that refuse external memory: nothing was handed out.
    std::free(data);
    delete lent;
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    return info.Env().Undefined();
  }
  p.lent += size;
  return Napi::Value(env, result);
}

// releaseOutputs(): frees the kept blocks, and those that come back until the next takeOutput
Napi::Value ReleaseOutputs(const Napi::CallbackInfo& info) {
  auto* owner = info.Env().GetInstanceData<PoolOwner>();
  owner->pool->idle = true;
  owner->pool->Release();
  return info.Env().Undefined();
}

}  // namespace

void InitOutputPool(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<PoolOwner>(new PoolOwner());
  exports.Set("takeOutput", Napi::Function::New(env, TakeOutput, "takeOutput"));
  exports.Set("releaseOutputs", Napi::Function::New(env, ReleaseOutputs, "releaseOutputs"));
}

}  // namespace envelope
