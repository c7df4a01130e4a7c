// A signed suite's hash on a native thread of its own: the calling thread copies the bytes into a
// small ring of blocks and a std::thread hashes full blocks with EVP_DigestUpdate. No V8 isolate,
// no messages: a copy costs a fraction of hashing the same bytes, so the calling thread is free for
// the ciphers meanwhile. The thread starts with the first full block, so a message smaller than one
// block never starts one (it is hashed on the calling thread at the end).
#pragma once

#include <openssl/evp.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pthread.h>

namespace envelope {

class HashJob {
 public:
  static constexpr size_t kBlocks = 4;
  static constexpr size_t kBlockSize = 256u << 10;

  // ok() is false when OpenSSL could not start the digest.
  explicit HashJob(const EVP_MD* md);
  ~HashJob();
  HashJob(const HashJob&) = delete;
  HashJob& operator=(const HashJob&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  // Ended: finished, stopped, or failed (no more updates).
  bool ended() const { return ended_; }
  size_t digest_length() const { return static_cast<size_t>(EVP_MD_get_size(md_)); }
  const EVP_MD* md() const { return md_; }

  // Copies `length` bytes into the ring, waiting for the thread to free a block when it is full.
  // false when the digest failed (the job is ended then).
  bool Update(const uint8_t* data, size_t length);
  // Hashes what is left, joins the thread and writes the digest (digest_length() bytes). Ends the job.
  bool Finish(uint8_t* digest);
  // Stops the thread (it ends after the block it is hashing) and joins it; frees the blocks. Idempotent.
  void Stop();

 private:
  bool Commit();
  bool HashInline();
  void Run();
  void FreeBlocks();
  void Join();
  static void* Main(void* self);

  const EVP_MD* md_;
  EVP_MD_CTX* ctx_ = nullptr;
  std::unique_ptr<uint8_t[]> blocks_[kBlocks];
  size_t lengths_[kBlocks] = {};
  // Blocks handed to the thread and blocks it hashed (both only grow); bytes in the block being filled.
  uint64_t written_ = 0;
  uint64_t read_ = 0;
  size_t filling_ = 0;
  // Set by Finish: the thread hashes what was handed over, then ends. Set by Stop: it ends now.
  bool closing_ = false;
  bool stopping_ = false;
  bool failed_ = false;
  // The thread could not be started: blocks are hashed on the calling thread as they fill.
  bool inline_ = false;
  bool ended_ = false;
  // pthread, not std::thread: the addon is built without C++ exceptions, and a thread that cannot
  // start is an error code here (the job hashes on the calling thread then), not an abort.
  pthread_t thread_{};
  bool started_ = false;
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable room_;
};

}  // namespace envelope
