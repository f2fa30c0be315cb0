#include "services/monitoring/row_rejection.h"

#include "absl/strings/cord.h"

namespace integra::monitoring {
namespace {

constexpr char kFieldPayloadUrl[] = "type.integra.dev/integra.RejectedField";

}  // namespace

absl::Status AtField(absl::Status status, std::string_view field) {
  if (!status.ok()) status.SetPayload(kFieldPayloadUrl, absl::Cord(std::string(field)));
  return status;
}

std::string FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayloadUrl);
  return payload.has_value() ? std::string(*payload) : std::string();
}

}  // namespace integra::monitoring
