#include "services/monitoring/catalog_import.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "services/knowledge/model.h"

namespace integra::monitoring {
namespace {

// Names of the fields in which `a` and `b` differ (ids and creation time aside).
std::vector<std::string> Differences(const Indicator& a, const Indicator& b) {
  std::vector<std::string> out;
  if (a.name_de != b.name_de) out.push_back("name_de");
  if (a.sheet != b.sheet) out.push_back("metadata sheet");
  if (a.unit != b.unit) out.push_back("unit");
  if (a.unit_label != b.unit_label) out.push_back("unit_label");
  if (a.polarity != b.polarity) out.push_back("polarity");
  if (a.periodicity != b.periodicity) out.push_back("periodicity");
  if (a.aggregation != b.aggregation) out.push_back("aggregation");
  if (a.dimensions != b.dimensions) out.push_back("dimensions");
  if (a.ranking_allowed != b.ranking_allowed) out.push_back("ranking_allowed");
  if (a.gap != b.gap) out.push_back("gap");
  if (a.min_value != b.min_value) out.push_back("min");
  if (a.max_value != b.max_value) out.push_back("max");
  return out;
}

// The checks the catalog makes for a gap indicator, against a base that may come from the
// catalog or from earlier in the batch; gives the gap its base's periodicity, as the catalog
// does on creation.
absl::Status CheckGap(Indicator& ind, const Indicator* base) {
  const GapDefinition& g = *ind.gap;
  if (base == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("gap indicator ", ind.code, ": base indicator ",
                                                   g.base,
                                                   " is neither in the catalog nor in the file"));
  }
  return CheckGapAgainstBase(ind, *base);
}

// The order in which to check and create `entries`: an entry after the entries of the batch
// it refers to (aggregation inputs, gap base), otherwise in batch order, so that a file need not
// list indicators in dependency order (an export lists them by code, which puts a ratio before
// its numerator when the names sort so). Entries in a reference cycle keep their batch order;
// the check then reports the reference that is not yet defined.
std::vector<size_t> DependencyOrder(const std::vector<CatalogEntry>& entries) {
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < entries.size(); ++i) position.try_emplace(entries[i].indicator.code, i);
  auto inputs = [&](size_t i) {
    std::vector<size_t> out;
    const Indicator& ind = entries[i].indicator;
    for (const std::string* ref :
         {&ind.aggregation.numerator, &ind.aggregation.denominator, &ind.aggregation.weight}) {
      auto it = position.find(*ref);
      if (!ref->empty() && it != position.end() && it->second != i) out.push_back(it->second);
    }
    if (ind.gap.has_value()) {
      auto it = position.find(ind.gap->base);
      if (it != position.end() && it->second != i) out.push_back(it->second);
    }
    return out;
  };
  std::vector<size_t> order;
  std::vector<int> state(entries.size(), 0);  // 0 new, 1 being placed, 2 placed
  // Depth-first: an entry's inputs first. A cycle (state 1 met again) is left as it is.
  std::function<void(size_t)> place = [&](size_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    for (size_t input : inputs(i)) place(input);
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < entries.size(); ++i) place(i);
  return order;
}

}  // namespace

absl::StatusOr<CatalogImportResult> ImportCatalogEntries(IndicatorCatalog& catalog,
                                                         const knowledge::KnowledgeStore& kb,
                                                         std::vector<CatalogEntry> entries,
                                                         bool validate_only,
                                                         const std::string& actor) {
  CatalogImportResult result;
  std::set<std::string> in_batch;            // codes of the entries checked so far
  std::map<std::string, Indicator> earlier;  // entries that passed, for gap bases
  std::vector<bool> create(entries.size(), false);
  const std::vector<size_t> order = DependencyOrder(entries);
  for (size_t i : order) {
    Indicator& ind = entries[i].indicator;
    std::vector<std::string>& measured = entries[i].measured_node_ids;
    auto reject = [&](const absl::Status& s) {
      result.rejected.push_back({static_cast<int>(i), s});
    };
    if (ind.aggregation.kind == AggregationKind::kRatio && ind.aggregation.scale == 0) {
      ind.aggregation.scale = DefaultRatioScale(ind.unit);
    }
    if (absl::Status s = ValidateIndicator(ind); !s.ok()) {
      reject(s);
      continue;
    }
    if (!in_batch.insert(ind.code).second) {
      reject(absl::InvalidArgumentError(
          absl::StrCat("indicator ", ind.code, " appears more than once in the batch")));
      continue;
    }
    std::sort(measured.begin(), measured.end());
    if (ind.gap.has_value()) {
      auto base = catalog.Find(ind.gap->base);
      auto in_file = earlier.find(ind.gap->base);
      const Indicator* b = base != nullptr            ? base.get()
                           : in_file != earlier.end() ? &in_file->second
                                                      : nullptr;
      if (absl::Status s = CheckGap(ind, b); !s.ok()) {
        reject(s);
        continue;
      }
    }
    if (auto found = catalog.Get(ind.code); found.ok()) {
      std::vector<std::string> differ = Differences(found->indicator, ind);
      if (found->measured_node_ids != measured) differ.push_back("action_fields");
      if (differ.empty()) {
        ++result.unchanged;
      } else {
        reject(absl::AlreadyExistsError(absl::StrCat(
            "indicator ", ind.code, " exists and differs in: ", absl::StrJoin(differ, ", "),
            " (import does not change catalog entries; delete the indicator first to replace "
            "it)")));
      }
      continue;
    } else if (found.status().code() != absl::StatusCode::kNotFound) {
      return found.status();
    }
    bool ok = true;
    for (const std::string* ref :
         {&ind.aggregation.numerator, &ind.aggregation.denominator, &ind.aggregation.weight}) {
      if (ref->empty() || catalog.Find(*ref) != nullptr) continue;
      const bool defined_before = in_batch.contains(*ref) && *ref != ind.code;
      if (!defined_before) {
        reject(absl::InvalidArgumentError(
            absl::StrCat("indicator ", ind.code, ": its ",
                         AggregationKindName(ind.aggregation.kind), " aggregation names indicator ",
                         *ref, ", which is neither in the catalog nor in the file")));
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (kb.GetNode(IndicatorNodeId(ind.code)).ok()) {
      reject(absl::AlreadyExistsError(
          absl::StrCat("knowledge node '", IndicatorNodeId(ind.code), "' already exists")));
      continue;
    }
    for (size_t m = 0; m < measured.size() && ok; ++m) {
      auto node = kb.GetNode(measured[m]);
      if (!node.ok()) {
        reject(node.status().code() == absl::StatusCode::kNotFound
                   ? absl::NotFoundError(absl::StrCat("action field '", measured[m],
                                                      "' is not in the knowledge base"))
                   : node.status());
        ok = false;
      } else if (!knowledge::IsAllowedEdge(knowledge::EdgeType::kMeasures,
                                           knowledge::NodeType::kIndicator, node->type)) {
        reject(absl::InvalidArgumentError(absl::StrCat("an indicator cannot measure ",
                                                       knowledge::NodeTypeName(node->type), " '",
                                                       measured[m], "'")));
        ok = false;
      }
    }
    if (!ok) continue;
    create[i] = true;
    earlier.emplace(ind.code, ind);
    ++result.created;
  }
  // Checked in dependency order; reported in batch order.
  std::sort(result.rejected.begin(), result.rejected.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  if (!result.rejected.empty()) {
    result.created = 0;
    result.unchanged = 0;
    return result;
  }
  if (validate_only) return result;
  for (size_t i : order) {
    if (!create[i]) continue;
    RETURN_IF_ERROR(
        catalog.Create(entries[i].indicator, entries[i].measured_node_ids, actor).status());
  }
  result.applied = true;
  return result;
}

}  // namespace integra::monitoring
