// An independent check of an SDMX-CSV file against the SDMX-ML 2.1 structure message written
// beside it, for tests: the XML is parsed with expat (not with anything of integra's), the CSV
// with integra's CSV reader (RFC 4180 only, no SDMX logic).
#pragma once

#include <string>
#include <vector>

namespace integra::testing {

// Problems found, empty when the pair is consistent:
//  * the structure is well-formed XML with root {SDMX 2.1 message}Structure;
//  * its Dataflow references a DataStructure of the message (URN, agency, id, version);
//  * every component's concept is in a concept scheme of the message and every code list it
//    enumerates is a Codelist of the message;
//  * the CSV header is DATAFLOW, the dimensions in position order, OBS_VALUE, the attributes
//    in order (SDMX-CSV 1.0: one column per component);
//  * in every row, DATAFLOW is AGENCY:ID(VERSION) of the Dataflow, every dimension cell is set
//    and every non-empty cell of an enumerated component is a code of its code list.
std::vector<std::string> CheckSdmxCsvAgainstStructure(const std::string& structure_xml,
                                                      const std::string& csv);

}  // namespace integra::testing
