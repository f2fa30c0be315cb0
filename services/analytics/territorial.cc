#include "services/analytics/territorial.h"

#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::monitoring::analytics {
namespace {

// Shares of one predecessor may add up to 1 plus rounding from the source tables.
constexpr double kShareSumSlack = 1e-9;

struct Input {
  std::string unit_key;
  std::optional<double> share;
};

}  // namespace

absl::StatusOr<std::vector<ConvertedValue>> ConvertToBoundaries(
    const CrossSection& old_values, const std::vector<BoundaryChange>& changes,
    AggregationKind aggregation) {
  std::unordered_map<std::string, std::optional<double>> old;
  old.reserve(old_values.size());
  for (const PeerValue& p : old_values) {
    if (p.unit_key.empty()) return absl::InvalidArgumentError("old value with an empty unit key");
    if (p.value && !std::isfinite(*p.value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit '", p.unit_key, "': value is not finite"));
    }
    if (!old.emplace(p.unit_key, p.value).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit '", p.unit_key, "' appears twice in the old values"));
    }
  }

  std::map<std::string, std::vector<Input>> inputs_of;  // successor -> inputs; sorted output
  std::map<std::string, double> share_sum;              // predecessor -> sum of known shares
  std::set<std::pair<std::string, std::string>> pairs;
  for (const BoundaryChange& c : changes) {
    if (c.predecessor.empty() || c.successor.empty()) {
      return absl::InvalidArgumentError("boundary change with an empty unit key");
    }
    if (!pairs.emplace(c.predecessor, c.successor).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("boundary change ", c.predecessor, " -> ", c.successor, " is listed twice"));
    }
    if (c.share && !(std::isfinite(*c.share) && *c.share >= 0 && *c.share <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "share of ", c.predecessor, " -> ", c.successor, " must be in [0, 1], got ", *c.share));
    }
    double& sum = share_sum[c.predecessor];
    sum += c.share.value_or(0);
    if (sum > 1 + kShareSumSlack) {
      return absl::InvalidArgumentError(
          absl::StrCat("shares of predecessor ", c.predecessor, " add up to ", sum, " (> 1)"));
    }
    inputs_of[c.successor].push_back(Input{c.predecessor, c.share});
  }
  // A successor that existed before and is not itself a predecessor keeps its own territory.
  for (auto& [successor, inputs] : inputs_of) {
    if (old.contains(successor) && !share_sum.contains(successor)) {
      inputs.insert(inputs.begin(), Input{successor, 1.0});
    }
  }

  std::map<std::string, ConvertedValue> out;
  for (const auto& [successor, inputs] : inputs_of) {
    ConvertedValue cv{.unit_key = successor, .changed = true};
    std::vector<std::string> problems;
    double sum = 0;
    for (const Input& in : inputs) {
      cv.inputs.push_back(in.unit_key);
      const auto it = old.find(in.unit_key);
      if (!in.share) {
        problems.push_back(absl::StrCat("share of ", in.unit_key, " in ", successor, " unknown"));
      } else if (it == old.end()) {
        problems.push_back(absl::StrCat(in.unit_key, " is absent from the old values"));
      } else if (!it->second) {
        problems.push_back(absl::StrCat(in.unit_key, " has no value"));
      } else {
        sum += *in.share * *it->second;
      }
    }
    if (aggregation != AggregationKind::kSum) {
      cv.value = Figure::Undefined(
          absl::StrCat("aggregation '", AggregationKindName(aggregation),
                       "' is not additive: only sum indicators convert across boundary changes"));
    } else if (!problems.empty()) {
      cv.value =
          Figure::Undefined(absl::StrCat("not convertible: ", absl::StrJoin(problems, "; ")));
    } else {
      cv.value = FiniteOr(sum, "converted value overflows");
    }
    out.emplace(successor, std::move(cv));
  }
  for (const PeerValue& p : old_values) {
    if (share_sum.contains(p.unit_key) || inputs_of.contains(p.unit_key)) continue;
    ConvertedValue cv{.unit_key = p.unit_key, .changed = false, .inputs = {p.unit_key}};
    cv.value = p.value ? Figure::Of(*p.value) : Figure::Undefined("no value");
    out.emplace(p.unit_key, std::move(cv));
  }
  std::vector<ConvertedValue> result;
  result.reserve(out.size());
  for (auto& [key, cv] : out) result.push_back(std::move(cv));
  return result;
}

}  // namespace integra::monitoring::analytics
