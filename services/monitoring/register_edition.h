// Import of an official register EDITION: the whole territorial register of one or more Länder
// on one Gebietsstand, as Destatis publishes it (the fixed-width GV100AD file, the
// Gemeindeverzeichnis-Auszug). The client reads the file (client/io/register_editions.h:
// encodings, layouts, number formats, reference dates) and sends its records; this turns them
// into units and writes them, with the validity the edition ends and, optionally, the
// populations as observations, in ONE WriteBatch.
//
// Records (EditionRecord.satzart):
//   10 Land              key LL         -> a Land unit (name; seat where the product has it)
//   20 Regierungsbezirk  key LLR        -> a Regierungsbezirk unit
//   40 Kreis             key LLRKK      -> a Kreis unit; Textkennzeichen 41-45 gives its type.
//                                          Area and population: as stated, else the sums of the
//                                          edition's Gemeinden of the Kreis (GV100AD states them
//                                          for Gemeinden only; the shipped kreise file holds the
//                                          same sums)
//   50 Gemeindeverband   key LLRKKVVVV  -> no unit: integra keeps no Verband level; its name and
//                                          type (50-58) go on its Gemeinden (units.h)
//   60 Gemeinde          key LLRKKGGG   -> a Gemeinde unit; Textkennzeichen 60-67 gives its type;
//                                          `verband` names its Satzart-50 record, which the
//                                          edition must hold
//   (30 Region, Baden-Württemberg's planning regions, is no level of integra's register: the
//   client leaves such records out and says so; the service refuses them.)
//
// What a product states replaces the stored unit's fields; the rest is kept (KeepUncarried in
// register_import.h): GV100AD states seats but no DEGURBA, the Auszug states DEGURBA but no
// seats; Länder and Regierungsbezirke get no area or population from either. Populations are
// those of 31 December of the edition's population year. A Kreis or Gemeinde without population
// whose stored unit has one is refused (or, with keep_population, keeps it), as in register
// files.
//
// Later editions, by Land: an edition that lists a Land (Satzart 10) lists all of its units.
//  * A stored Regierungsbezirk, Kreis or Gemeinde of such a Land that the edition does not list
//    ends its validity: valid_to = the day before the edition's Gebietsstand (the last day it
//    can have existed; it keeps its key and data).
//  * A unit the store did not hold, in a Land whose units the store holds from an earlier
//    Gebietsstand P, becomes valid from the day after P (the first day it can have existed).
//  * NO territorial reform is recorded: an edition states the territory on its Gebietsstand,
//    not the changes that led there. It names neither which units merged into which nor the
//    day, not even when exactly one unit vanished and one appeared in a Kreis (that may be a
//    merger into an existing Gemeinde plus an unrelated new one). The result lists the ended
//    and the new units; `integra reform add` records the reform from Destatis' list of
//    territorial changes and narrows both dates (reform_store.h), which the wide dates above
//    always allow.
//  * An edition older than a stored unit's Gebietsstand is refused for that unit: it would roll
//    the register back. A unit whose validity ended before the edition's Gebietsstand but which
//    the edition lists is refused too (the register and the edition disagree).
//
// All or nothing: any rejected record or observation writes nothing; the units, the validity
// changes and the observations (with their change-feed entries) are one WriteBatch, so a failed
// write leaves the store as it was.
//
// Thread-safety: thread-safe (the stores are; the write holds the Store's write lock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

// Sent over the API: never renumber.
enum class RegisterProduct : uint8_t {
  kGv100ad = 1,   // Gemeindeverzeichnis GV100AD (fixed-width)
  kGvAuszug = 2,  // Gemeindeverzeichnis-Auszug (XLSX, or CSV saved from it)
};
std::string RegisterProductName(
    RegisterProduct product);  // "GV100AD", "Gemeindeverzeichnis-Auszug"

struct EditionRecord {
  int line = 0;         // file line (rejections name it)
  int satzart = 0;      // 10, 20, 40, 50, 60
  std::string key;      // 10: LL, 20: LLR, 40: LLRKK, 50: LLRKKVVVV, 60: LLRKKGGG
  std::string verband;  // 60: VVVV of its Gemeindeverband ("" = not stated)
  std::string name;
  std::string seat;       // where the product states it
  std::string type_code;  // Textkennzeichen (40, 50, 60)
  std::optional<double> area_km2;
  std::optional<int64_t> population;
  std::string territory_date;  // Gebietsstand, YYYY-MM-DD
  Degurba degurba = Degurba::kUnknown;
};

struct RegisterEdition {
  RegisterProduct product = RegisterProduct::kGv100ad;
  std::vector<EditionRecord> records;
  // "YYYY-MM-DD", a 31 December: the date of every population; needed when a record has one.
  std::string population_date;
  // Write the populations of the edition's Kreise and Gemeinden as observations of this
  // indicator (an annual count indicator) for the population date's year ("" = none).
  std::string population_indicator;
  std::string source;  // the observations' source
  bool keep_population = false;
};

struct EditionImportResult {
  int rows = 0;                    // records in the edition
  UnitBatchResult batch;           // rejections indexed by file line (0: a unit not in the file)
  std::vector<std::string> notes;  // to show the user
  std::vector<std::string> ended;  // "KEY name" of units whose validity the edition ended
  std::vector<std::string> added;  // "KEY name" of units new since the stored edition
  IngestResult observations;       // the population observations (accepted = written)
};

class RegisterEditionImporter {
 public:
  // Every pointer must outlive the importer.
  RegisterEditionImporter(storage::Store* store, UnitStore* units, const IndicatorCatalog* catalog,
                          ObservationStore* observations)
      : store_(store), units_(units), catalog_(catalog), observations_(observations) {}

  // Imports `edition` (see the header comment). Rejected records come back in batch.rejected
  // with nothing written (batch.applied = false). Error status: InvalidArgument for an edition
  // that cannot be read as a whole (no records, an unknown product, a population date that is
  // no 31 December, populations without a population date, an indicator that is not an annual
  // count), NotFound for an unknown population indicator (the message names the options),
  // storage errors.
  absl::StatusOr<EditionImportResult> Import(const RegisterEdition& edition,
                                             const std::string& actor);

 private:
  storage::Store* store_;
  UnitStore* units_;
  const IndicatorCatalog* catalog_;
  ObservationStore* observations_;
};

}  // namespace integra::monitoring
