// Fuzz target: loading the knowledge base's text files (data/knowledge/*.textproto), as
// `integra kb load` and ApplyKnowledge do: protobuf's text format parser into
// integra.v1.KnowledgeDocument, the API's conversion to domain values
// (services/api/knowledge_convert.h) and the graph checks (services/knowledge/document.h).
//
// Invariants: no crash or hang; conversion and validation errors are InvalidArgument (a
// REQUIRES cycle FailedPrecondition); a valid document survives dump and load unchanged:
// canonicalised, converted back, printed as text, parsed and converted again it is equal.
#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "integra/v1/knowledge.pb.h"
#include "services/api/knowledge_convert.h"
#include "services/knowledge/document.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// Silences the parser's error log (the fuzzer feeds it mostly broken text).
class NullErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

bool ParseText(const std::string& text, integra::v1::KnowledgeDocument* doc) {
  google::protobuf::TextFormat::Parser parser;
  NullErrors errors;
  parser.RecordErrorsTo(&errors);
  return parser.ParseFromString(text, doc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(integra::fuzz::AsText(data, size));
  integra::v1::KnowledgeDocument proto;
  if (!ParseText(text, &proto)) return 0;
  auto doc = integra::api::FromProto(proto);
  if (!doc.ok()) {
    FUZZ_CHECK(doc.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  const absl::Status valid = integra::knowledge::ValidateGraph(*doc);
  if (!valid.ok()) {
    FUZZ_CHECK(valid.code() == absl::StatusCode::kInvalidArgument ||
               valid.code() == absl::StatusCode::kFailedPrecondition);
    return 0;
  }
  integra::knowledge::Canonicalize(*doc);

  integra::v1::KnowledgeDocument dumped;
  integra::api::ToProto(*doc, &dumped);
  std::string printed;
  FUZZ_CHECK(google::protobuf::TextFormat::PrintToString(dumped, &printed));
  integra::v1::KnowledgeDocument reloaded;
  FUZZ_CHECK(ParseText(printed, &reloaded));
  auto again = integra::api::FromProto(reloaded);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(integra::knowledge::ValidateGraph(*again).ok());
  integra::knowledge::Canonicalize(*again);
  FUZZ_CHECK(*again == *doc);
  return 0;
}
