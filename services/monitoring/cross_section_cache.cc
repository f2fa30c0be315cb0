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

bool CrossSectionCache::AdmitOnMiss(const std::string& key) {
  if (capacity_ == 0) return false;
  std::lock_guard lock(mu_);
  if (auto it = ghost_index_.find(key); it != ghost_index_.end()) {
    ghosts_.erase(it->second);
    ghost_index_.erase(it);
    return true;
  }
  ghosts_.push_front(key);
  ghost_index_[key] = ghosts_.begin();
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

}  // namespace integra::monitoring
