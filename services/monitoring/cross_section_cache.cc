#include "services/monitoring/cross_section_cache.h"

namespace integra::monitoring {

std::shared_ptr<const CachedCrossSection> CrossSectionCache::Get(const std::string& key,
                                                                 uint64_t sequence) {
  if (capacity_ == 0) return nullptr;
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (it->second->sequence != sequence) {
    EraseLocked(it->second);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->values;
}

void CrossSectionCache::Put(const std::string& key, uint64_t sequence,
                            std::shared_ptr<const CachedCrossSection> values) {
  const size_t bytes = key.size() + values->size() * sizeof(CachedValue) + 64;
  if (capacity_ == 0 || bytes > capacity_) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  lru_.push_front(Entry{key, sequence, std::move(values), bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > capacity_ && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
}

bool CrossSectionCache::AdmitOnMiss(const std::string& key, size_t scanned, size_t level_keys) {
  if (capacity_ == 0) return false;
  std::lock_guard lock(mu_);
  if (auto it = ghost_index_.find(key); it != ghost_index_.end()) {
    Ghost& ghost = it->second;
    ghost.scanned += scanned;
    if (ghost.scanned >= level_keys) {
      ghosts_.erase(ghost.at);
      ghost_index_.erase(it);
      return true;
    }
    ghosts_.splice(ghosts_.begin(), ghosts_, ghost.at);
    return false;
  }
  ghosts_.push_front(key);
  ghost_index_[key] = Ghost{ghosts_.begin(), scanned};
  if (ghosts_.size() > kGhostKeys) {
    ghost_index_.erase(ghosts_.back());
    ghosts_.pop_back();
  }
  return false;
}

size_t CrossSectionCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

void CrossSectionCache::EraseLocked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

BackgroundFiller::~BackgroundFiller() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  work_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BackgroundFiller::Request(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    if (stop_ || pending_.contains(key) || pending_.size() >= max_pending_) return false;
    pending_.insert(key);
    queue_.push_back(key);
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }
  work_.notify_one();
  return true;
}

void BackgroundFiller::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return pending_.empty() || stop_; });
}

void BackgroundFiller::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    const std::string key = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    fill_(key);
    lock.lock();
    pending_.erase(key);
    if (pending_.empty()) idle_.notify_all();
  }
  pending_.clear();
  idle_.notify_all();
}

}  // namespace integra::monitoring
