// Schema migrations of the observation families (storage/store.h kSchemaVersion).
//
// 1 -> 2: the per-cell latest values of obs_cross become packed cross-sections (obs_sections and
// obs_section_state, packed_section.h), and obs_batches is built from the change feed (recorded
// time -> last sequence, for as-of reads). obs_cross is emptied in the last batch, which also
// records schema version 2, so an interrupted migration leaves a version-1 data dir that the
// next open migrates again from the start (every step before the last rewrites the same keys).
//
// 2 -> 3: every packed section of schema 2 (one value per level, key without chunk byte) moves
// to the keys of its chunks (monitoring_keys.h SectionKey, SectionChunkOf): a Gemeinde section is
// split by Land (values and state re-packed per chunk; a format-1 values part stays format 1, so
// it still reads as "without sources"), a section of any other level is copied byte for byte to
// chunk 0. Each section moves atomically (its chunks put and its old key deleted in one batch);
// batches are written every ~8 MB, between sections; the last one records schema version 3. An
// interrupted run leaves a schema-2 dir holding both layouts, which only this code reads
// correctly: the next open migrates the sections still in the old layout (keys with a chunk byte
// are skipped).
//
// Called by ObservationStore::Open (1 -> 2 -> 3 in turn), before anything else reads the
// observation families.
#pragma once

#include "absl/status/status.h"
#include "storage/store.h"

namespace integra::monitoring {

// Migrates a schema-1 data dir to schema 2. FailedPrecondition if the store is not at schema 1;
// DataLoss if a stored record does not decode (nothing is then marked migrated).
absl::Status MigrateObservationsToSchema2(storage::Store* store);

// Migrates a schema-2 data dir to schema 3. FailedPrecondition if the store is not at schema 2;
// DataLoss if a section does not decode or lacks its state part (sections moved before stay
// moved; the version stays 2).
absl::Status MigrateObservationsToSchema3(storage::Store* store);

}  // namespace integra::monitoring
