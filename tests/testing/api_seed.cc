#include "tests/testing/api_seed.h"

#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/testing/reference_data.h"

namespace integra::testing {

void ImportLaenderAndKreise(v1::MonitoringService::Stub& monitoring) {
  for (const char* file : {"laender.csv", "kreise_gv100ad_2023-11-30.csv"}) {
    v1::ImportUnitsRequest req;
    req.set_register_csv(ReadReference(file));
    v1::ImportUnitsResponse resp;
    grpc::ClientContext ctx;
    const grpc::Status s = monitoring.ImportUnits(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << file << ": " << s.error_message();
  }
}

void CreateAuslAnteil(v1::MonitoringService::Stub& monitoring) {
  v1::CreateIndicatorRequest req;
  req.mutable_indicator()->set_code("AUSL_ANTEIL");
  req.mutable_indicator()->set_name_de("Ausländeranteil");
  req.mutable_indicator()->set_unit(v1::MEASURE_UNIT_PERCENT);
  req.mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
  v1::Indicator created;
  grpc::ClientContext ctx;
  const grpc::Status s = monitoring.CreateIndicator(&ctx, req, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

}  // namespace integra::testing
