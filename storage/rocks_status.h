// RocksDB statuses as absl statuses (internal to integra_storage).
//
// Corruption -> DataLoss; NotFound -> NotFound; InvalidArgument -> InvalidArgument;
// Busy/TryAgain -> Unavailable; NoSpace (the disk is full) -> ResourceExhausted; anything else
// -> Internal. The message is "<context>: <RocksDB's text>".
#pragma once

#include <string>

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace integra::storage {

absl::Status FromRocks(const rocksdb::Status& s, const std::string& context);

}  // namespace integra::storage
