// The data structure behind integra's SDMX-CSV (sdmx_csv.h), written as an SDMX-ML 2.1
// structure message: the companion that tells an SDMX tool what every column and code means.
//
//   mes:Structure (the SDMX-ML 2.1 message, structure and common namespaces)
//     mes:Header          ID, Test, Prepared, Sender
//     mes:Structures      in the order of SDMXStructure.xsd's StructuresType:
//       str:Dataflows       the dataflow, pointing at the data structure
//       str:Codelists       CL_REF_AREA (units), CL_INDICATOR, CL_<DIMENSION> (declared
//                           values, "_T" Insgesamt, "_Z" nicht zutreffend), CL_UNIT_MEASURE,
//                           CL_OBS_STATUS, CL_CONF_STATUS
//       str:Concepts        one concept scheme CS_<X> with a concept per column
//       str:DataStructures  DSD_<X>: dimensions REF_AREA, INDICATOR, the breakdowns and
//                           TIME_PERIOD (TimeDimension, ObservationalTimePeriod); attributes
//                           (UNIT_MEASURE attached to INDICATOR, the others to the value);
//                           the primary measure OBS_VALUE
// where <X> is the dataflow id without a "DF_" prefix. Names are German (xml:lang="de"). All
// artefacts are maintained by the dataflow's agency with the dataflow's version. Codes are
// SDMX IDType ids (SdmxCodeId for breakdown values, which keeps the value as the code's name).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::io {

// "AGENCY:ID(VERSION)", e.g. "INTEGRA:DF_INTEGRATION(1.0)".
struct SdmxArtefactRef {
  std::string agency;
  std::string id;
  std::string version;
};
// InvalidArgument unless `text` is AGENCY:ID(VERSION) with agency and id of [A-Za-z0-9_@$-]
// (agency also '.'), the id starting with a letter, and a version of digits and dots.
absl::StatusOr<SdmxArtefactRef> ParseSdmxArtefactRef(std::string_view text);

// What the structure describes, from the catalog and the register.
struct SdmxDataflowSpec {
  SdmxArtefactRef dataflow;
  std::string name;      // the dataflow's German name
  std::string prepared;  // Header/Prepared, ISO 8601 (e.g. 2024-05-01T12:00:00Z)
  std::vector<std::pair<std::string, std::string>> units;       // key, name (CL_REF_AREA)
  std::vector<std::pair<std::string, std::string>> indicators;  // code, name (CL_INDICATOR)
  // The breakdown dimensions in column order (lower-case keys), with their declared values.
  std::vector<std::pair<std::string, std::vector<std::string>>> dimensions;
  // The codes the CSV used (SdmxCsvWriter::codes_used): added to their code lists when not
  // declared, so that every code of the file is in the structure.
  std::map<std::string, std::set<std::string>> codes_used;
};

// The structure message. Deterministic: the same spec gives the same bytes.
std::string SdmxStructureMessage(const SdmxDataflowSpec& spec);

}  // namespace integra::io
