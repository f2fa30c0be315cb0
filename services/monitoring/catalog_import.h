// Importing a batch of indicator catalog entries (a catalog file): check everything first, then
// create, so a file with one bad entry creates nothing.
//
// The catalog creates one indicator per write (each with its knowledge-graph node and edges), so
// a batch is not one storage transaction: all checks run before the first creation, and only a
// storage failure (or a concurrent catalog change) part-way can leave the earlier entries
// created. Entries identical to the stored indicator count as unchanged, so re-running the
// import completes it and re-importing a file changes nothing.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/row_rejection.h"

namespace integra::monitoring {

struct CatalogEntry {
  Indicator indicator;
  std::vector<std::string> measured_node_ids;  // action fields (or recommendations) it measures
};

struct CatalogImportResult {
  bool applied = false;  // false: validate_only, or rows were rejected and nothing was created
  int created = 0;       // (would be) created
  int unchanged = 0;     // identical to the stored entry
  std::vector<RowRejection> rejected;  // index = position in the batch
};

// Checks every entry: ValidateIndicator; a code twice in the batch; an existing code whose
// stored entry differs (AlreadyExists naming the differing fields: the catalog is not edited by
// import); aggregation inputs and gap bases that are neither in the catalog nor in the batch
// (InvalidArgument); measured nodes that do not exist (NotFound) or cannot be measured
// (InvalidArgument). Then, unless `validate_only` or something was rejected, creates the new
// entries. Entries are checked and created in dependency order (an entry after the entries of
// the batch it refers to, else in batch order), so the batch may list them in any order; a
// reference cycle is reported as an input not yet defined. Rejections come in batch order. Error
// status only for storage failures and for creations that fail although the checks passed (a
// concurrent change).
absl::StatusOr<CatalogImportResult> ImportCatalogEntries(IndicatorCatalog& catalog,
                                                         const knowledge::KnowledgeStore& kb,
                                                         std::vector<CatalogEntry> entries,
                                                         bool validate_only,
                                                         const std::string& actor);

}  // namespace integra::monitoring
