#include "hash_job.h"

#include <algorithm>
#include <cstring>

namespace envelope {

HashJob::HashJob(const EVP_MD* md) : md_(md) {
  ctx_ = EVP_MD_CTX_new();
  if (ctx_ != nullptr && EVP_DigestInit_ex(ctx_, md_, nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    ctx_ = nullptr;
  }
}

HashJob::~HashJob() {
  Stop();
  if (ctx_ != nullptr) EVP_MD_CTX_free(ctx_);
}

bool HashJob::Update(const uint8_t* data, size_t length) {
  while (length > 0) {
    if (ended_) return false;
    const size_t index = written_ % kBlocks;
    if (filling_ == 0) {
      // The block is free once the thread hashed what it held before (written_ - read_ < kBlocks).
      std::unique_lock<std::mutex> lock(mutex_);
      room_.wait(lock, [this] { return written_ - read_ < kBlocks || failed_; });
      if (failed_) {
        lock.unlock();
        Stop();
        return false;
      }
    }
    if (!blocks_[index]) blocks_[index].reset(new (std::nothrow) uint8_t[kBlockSize]);
    if (!blocks_[index]) {
      Stop();
      return false;
    }
    const size_t n = std::min(kBlockSize - filling_, length);
    std::memcpy(blocks_[index].get() + filling_, data, n);
    filling_ += n;
    data += n;
    length -= n;
    if (filling_ == kBlockSize && !Commit()) return false;
  }
  return true;
}

// Hands the block being filled to the thread (started with the first block).
bool HashJob::Commit() {
  const size_t index = written_ % kBlocks;
  lengths_[index] = filling_;
  filling_ = 0;
  if (inline_) {
    written_++;
    return HashInline();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    written_++;
  }
  if (!started_) {
    started_ = pthread_create(&thread_, nullptr, Main, this) == 0;
    if (!started_) {
      inline_ = true;
      return HashInline();
    }
  }
  work_.notify_one();
  return true;
}

// Without a thread: hashes the handed blocks here.
bool HashJob::HashInline() {
  while (read_ < written_) {
    const size_t index = read_ % kBlocks;
    if (EVP_DigestUpdate(ctx_, blocks_[index].get(), lengths_[index]) != 1) {
      failed_ = true;
      Stop();
      return false;
    }
    read_++;
  }
  return true;
}

void* HashJob::Main(void* self) {
  static_cast<HashJob*>(self)->Run();
  return nullptr;
}

void HashJob::Join() {
  if (!started_) return;
  pthread_join(thread_, nullptr);
  started_ = false;
}

void HashJob::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return read_ < written_ || closing_ || stopping_; });
    if (stopping_ || read_ == written_) return;
    const size_t index = read_ % kBlocks;
    const size_t length = lengths_[index];
    lock.unlock();
    const bool ok = EVP_DigestUpdate(ctx_, blocks_[index].get(), length) == 1;
    lock.lock();
    if (!ok) failed_ = true;
    else read_++;
    room_.notify_one();
    if (!ok) return;
  }
}

bool HashJob::Finish(uint8_t* digest) {
  if (ended_) return false;
  // No thread yet (a message under one block): the rest is hashed here, no thread started for it.
  if (!started_) inline_ = true;
  if (filling_ > 0 && !Commit()) return false;
  if (started_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    work_.notify_one();
    Join();
  }
  const bool ok = !failed_ && read_ == written_ && EVP_DigestFinal_ex(ctx_, digest, nullptr) == 1;
  Stop();
  return ok;
}

void HashJob::Stop() {
  ended_ = true;
  if (started_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_.notify_one();
    Join();
  }
  FreeBlocks();
}

void HashJob::FreeBlocks() {
  for (auto& b : blocks_) b.reset();
}

}  // namespace envelope
