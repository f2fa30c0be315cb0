// The register and indicator most service tests start from, loaded through the public API
// (so the calls pass the same permission check as a client's).
#pragma once

#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::testing {

// Imports the 16 Länder and 400 Kreise of data/reference/ (Destatis GV100AD). Fails the test if
// an import fails.
void ImportLaenderAndKreise(v1::MonitoringService::Stub& monitoring);

// Creates the indicator AUSL_ANTEIL (Ausländeranteil, percent, neutral). Fails the test if the
// call fails.
void CreateAuslAnteil(v1::MonitoringService::Stub& monitoring);

}  // namespace integra::testing
