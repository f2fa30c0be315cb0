// Schema migrations of the observation families (storage/store.h kSchemaVersion).
//
// 1 -> 2: the per-cell latest values of obs_cross become packed cross-sections (obs_sections and
// obs_section_state, packed_section.h), and obs_batches is built from the change feed (recorded
// time -> last sequence, for as-of reads). obs_cross is emptied in the last batch, which also
// records schema version 2, so an interrupted migration leaves a version-1 data dir that the
// next open migrates again from the start (every step before the last rewrites the same keys).
//
// Called by ObservationStore::Open, before anything else reads the observation families.
#pragma once

#include "absl/status/status.h"
#include "storage/store.h"

namespace integra::monitoring {

// Migrates a schema-1 data dir to schema 2. FailedPrecondition if the store is not at schema 1;
// DataLoss if a stored record does not decode (nothing is then marked migrated).
absl::Status MigrateObservationsToSchema2(storage::Store* store);

}  // namespace integra::monitoring
