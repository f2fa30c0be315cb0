#include "services/monitoring/indicator_catalog.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/page_token.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_keys.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;
using storage::RecordReader;
using storage::RecordWriter;

constexpr uint8_t kIndicatorRecordVersion = 3;

// Indicator record, version 3: U8 version, U32 id, I64 created_micros, Str name_de,
// Str definition, Str relevance, Str interpretation, Str data_source, Str methodological_notes,
// U8 unit, Str unit_label, U8 polarity, U8 periodicity, U8 aggregation kind, Str numerator,
// Str denominator, F64 scale, Str weight, U32 dimension count, per dimension Str name and
// StrList values, Bool ranking_allowed, Bool is_gap, Str gap base, Str gap dimension,
// Str gap focus, Str gap reference, U8 gap kind, Bool has_min, F64 min, Bool has_max, F64 max
// (the value domain; an absent bound is written as 0.0). Version 1 (still read) ends after
// ranking_allowed: no gap definition; version 2 (still read) ends after the gap kind: no explicit
// value domain.
std::string EncodeIndicator(const Indicator& ind) {
  RecordWriter w;
  w.U8(kIndicatorRecordVersion)
      .U32(ind.id)
      .I64(ind.created_micros)
      .Str(ind.name_de)
      .Str(ind.sheet.definition)
      .Str(ind.sheet.relevance)
      .Str(ind.sheet.interpretation)
      .Str(ind.sheet.data_source)
      .Str(ind.sheet.methodological_notes)
      .U8(static_cast<uint8_t>(ind.unit))
      .Str(ind.unit_label)
      .U8(static_cast<uint8_t>(ind.polarity))
      .U8(static_cast<uint8_t>(ind.periodicity))
      .U8(static_cast<uint8_t>(ind.aggregation.kind))
      .Str(ind.aggregation.numerator)
      .Str(ind.aggregation.denominator)
      .F64(ind.aggregation.scale)
      .Str(ind.aggregation.weight)
      .U32(static_cast<uint32_t>(ind.dimensions.size()));
  for (const Dimension& d : ind.dimensions) w.Str(d.name).StrList(d.values);
  w.Bool(ind.ranking_allowed);
  const GapDefinition gap = ind.gap.value_or(GapDefinition{});
  w.Bool(ind.gap.has_value())
      .Str(gap.base)
      .Str(gap.dimension)
      .Str(gap.focus)
      .Str(gap.reference)
      .U8(static_cast<uint8_t>(gap.kind));
  w.Bool(ind.min_value.has_value())
      .F64(ind.min_value.value_or(0))
      .Bool(ind.max_value.has_value())
      .F64(ind.max_value.value_or(0));
  return w.Take();
}

template <typename E>
absl::StatusOr<E> CheckedEnum(uint8_t raw, uint8_t lo, uint8_t hi, const std::string& what,
                              const std::string& code) {
  if (raw < lo || raw > hi) {
    return absl::DataLossError(absl::StrCat("indicator ", code, " has unknown ", what, " ", raw));
  }
  return static_cast<E>(raw);
}

absl::StatusOr<Indicator> DecodeIndicator(const std::string& code, std::string_view data) {
  RecordReader r(data);
  Indicator ind;
  ind.code = code;
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version < 1 || version > kIndicatorRecordVersion) {
    return absl::DataLossError(absl::StrCat("indicator ", code, " has record version ", version));
  }
  ASSIGN_OR_RETURN(ind.id, r.U32());
  ASSIGN_OR_RETURN(ind.created_micros, r.I64());
  ASSIGN_OR_RETURN(ind.name_de, r.Str());
  ASSIGN_OR_RETURN(ind.sheet.definition, r.Str());
  ASSIGN_OR_RETURN(ind.sheet.relevance, r.Str());
  ASSIGN_OR_RETURN(ind.sheet.interpretation, r.Str());
  ASSIGN_OR_RETURN(ind.sheet.data_source, r.Str());
  ASSIGN_OR_RETURN(ind.sheet.methodological_notes, r.Str());
  ASSIGN_OR_RETURN(uint8_t unit, r.U8());
  ASSIGN_OR_RETURN(ind.unit, CheckedEnum<MeasureUnit>(unit, 1, 9, "unit of measure", code));
  ASSIGN_OR_RETURN(ind.unit_label, r.Str());
  ASSIGN_OR_RETURN(uint8_t polarity, r.U8());
  ASSIGN_OR_RETURN(ind.polarity, CheckedEnum<Polarity>(polarity, 1, 3, "polarity", code));
  ASSIGN_OR_RETURN(uint8_t periodicity, r.U8());
  ASSIGN_OR_RETURN(ind.periodicity,
                   CheckedEnum<Periodicity>(periodicity, 1, 3, "periodicity", code));
  ASSIGN_OR_RETURN(uint8_t kind, r.U8());
  ASSIGN_OR_RETURN(ind.aggregation.kind,
                   CheckedEnum<AggregationKind>(kind, 1, 4, "aggregation", code));
  ASSIGN_OR_RETURN(ind.aggregation.numerator, r.Str());
  ASSIGN_OR_RETURN(ind.aggregation.denominator, r.Str());
  ASSIGN_OR_RETURN(ind.aggregation.scale, r.F64());
  ASSIGN_OR_RETURN(ind.aggregation.weight, r.Str());
  ASSIGN_OR_RETURN(uint32_t dims, r.U32());
  if (dims > kMaxDimensions) {
    return absl::DataLossError(absl::StrCat("indicator ", code, " has ", dims, " dimensions"));
  }
  for (uint32_t i = 0; i < dims; ++i) {
    Dimension d;
    ASSIGN_OR_RETURN(d.name, r.Str());
    ASSIGN_OR_RETURN(d.values, r.StrList());
    ind.dimensions.push_back(std::move(d));
  }
  ASSIGN_OR_RETURN(ind.ranking_allowed, r.Bool());
  if (version >= 2) {
    ASSIGN_OR_RETURN(bool is_gap, r.Bool());
    GapDefinition gap;
    ASSIGN_OR_RETURN(gap.base, r.Str());
    ASSIGN_OR_RETURN(gap.dimension, r.Str());
    ASSIGN_OR_RETURN(gap.focus, r.Str());
    ASSIGN_OR_RETURN(gap.reference, r.Str());
    ASSIGN_OR_RETURN(uint8_t kind, r.U8());
    ASSIGN_OR_RETURN(gap.kind, CheckedEnum<analytics::GapKind>(kind, 1, 2, "gap kind", code));
    if (is_gap) ind.gap = std::move(gap);
  }
  if (version >= 3) {
    ASSIGN_OR_RETURN(bool has_min, r.Bool());
    ASSIGN_OR_RETURN(double min, r.F64());
    ASSIGN_OR_RETURN(bool has_max, r.Bool());
    ASSIGN_OR_RETURN(double max, r.F64());
    if (has_min) ind.min_value = min;
    if (has_max) ind.max_value = max;
  }
  return ind;
}

knowledge::Node NodeFor(const Indicator& ind) {
  knowledge::Node node;
  node.id = IndicatorNodeId(ind.code);
  node.type = knowledge::NodeType::kIndicator;
  node.title_de = ind.name_de;
  node.description = ind.sheet.definition;
  node.tags = {"indicator"};
  return node;
}

}  // namespace

absl::Status CheckStoredIndicator(std::string_view key, std::string_view value) {
  storage::KeyReader k(key);
  ASSIGN_OR_RETURN(std::string code, k.Str());
  return DecodeIndicator(code, value).status();
}

// ---------------------------------------------------------------------------- staged deletion

StagedCatalogDeletion::StagedCatalogDeletion(IndicatorCatalog* catalog, std::string code,
                                             std::optional<knowledge::StagedGraphChange> graph)
    : catalog_(catalog), code_(std::move(code)), graph_(std::move(graph)) {}

StagedCatalogDeletion::StagedCatalogDeletion(StagedCatalogDeletion&& other) noexcept
    : catalog_(other.catalog_),
      code_(std::move(other.code_)),
      graph_(std::move(other.graph_)),
      finished_(other.finished_) {
  other.finished_ = true;
}

StagedCatalogDeletion::~StagedCatalogDeletion() {
  if (!finished_) Finish(absl::AbortedError("staged catalog deletion abandoned"));
}

void StagedCatalogDeletion::Finish(const absl::Status& write_status) {
  if (finished_) return;
  finished_ = true;
  if (write_status.ok()) {
    // Update the catalog's view while the caller still holds the write lock, so the deletion
    // guard and lookups never see a state the database does not hold.
    {
      std::unique_lock lock(catalog_->mu_);
      auto it = catalog_->by_code_.find(code_);
      if (it != catalog_->by_code_.end()) {
        catalog_->by_id_.erase(it->second->id);
        catalog_->by_code_.erase(it);
      }
    }
    std::lock_guard ids(catalog_->node_ids_mu_);
    catalog_->node_ids_.erase(IndicatorNodeId(code_));
  }
  if (graph_.has_value()) graph_->Finish(write_status);
}

// ---------------------------------------------------------------------------- catalog

absl::StatusOr<std::unique_ptr<IndicatorCatalog>> IndicatorCatalog::Open(
    storage::Store* store, knowledge::KnowledgeStore* knowledge, const common::Clock* clock) {
  ASSIGN_OR_RETURN(std::unique_ptr<IndicatorCatalog> cat, Load(store, knowledge, clock));
  IndicatorCatalog* raw = cat.get();
  knowledge->SetDeletionGuard([raw](const knowledge::Node& node) { return raw->GuardNode(node); });
  cat->guards_knowledge_ = true;
  return cat;
}

absl::Status IndicatorCatalog::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(lock.Require(*store_, "refreshing the indicator catalog"));
  ASSIGN_OR_RETURN(std::unique_ptr<IndicatorCatalog> fresh, Load(store_, knowledge_, clock_));
  {
    std::unique_lock guard(mu_);
    by_code_ = std::move(fresh->by_code_);
    by_id_ = std::move(fresh->by_id_);
    next_id_ = fresh->next_id_;
  }
  std::lock_guard guard(node_ids_mu_);
  node_ids_ = std::move(fresh->node_ids_);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<IndicatorCatalog>> IndicatorCatalog::Load(
    storage::Store* store, knowledge::KnowledgeStore* knowledge, const common::Clock* clock) {
  std::unique_ptr<IndicatorCatalog> cat(new IndicatorCatalog(store, knowledge, clock));
  uint32_t max_id = 0;
  auto it = store->NewIterator(Family::kIndicators, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    storage::KeyReader k(it->key());
    ASSIGN_OR_RETURN(std::string code, k.Str());
    ASSIGN_OR_RETURN(Indicator ind, DecodeIndicator(code, it->value()));
    max_id = std::max(max_id, ind.id);
    auto shared = std::make_shared<const Indicator>(std::move(ind));
    cat->by_id_.emplace(shared->id, shared);
    cat->node_ids_.insert(IndicatorNodeId(code));
    cat->by_code_.emplace(code, std::move(shared));
  }
  RETURN_IF_ERROR(it->status());
  ASSIGN_OR_RETURN(auto next, store->Get(Family::kMeta, kNextIndicatorIdKey));
  cat->next_id_ = max_id + 1;
  if (next.has_value()) {
    uint32_t stored = 0;
    try {
      stored = static_cast<uint32_t>(std::stoul(*next));
    } catch (const std::exception&) {
      return absl::DataLossError(absl::StrCat("unreadable next indicator id '", *next, "'"));
    }
    cat->next_id_ = std::max(cat->next_id_, stored);
  }
  return cat;
}

IndicatorCatalog::~IndicatorCatalog() {
  if (guards_knowledge_) knowledge_->SetDeletionGuard(nullptr);
}

absl::Status IndicatorCatalog::GuardNode(const knowledge::Node& node) const {
  if (node.type != knowledge::NodeType::kIndicator) return absl::OkStatus();
  std::lock_guard lock(node_ids_mu_);
  if (!node_ids_.contains(node.id)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("node '", node.id,
                   "' mirrors an indicator of the catalog; delete the indicator instead "
                   "(integra indicator delete CODE), which removes the node with it"));
}

absl::StatusOr<Indicator> IndicatorCatalog::Create(Indicator ind,
                                                   const std::vector<std::string>& measured,
                                                   const std::string& actor) {
  if (ind.aggregation.kind == AggregationKind::kRatio && ind.aggregation.scale == 0) {
    ind.aggregation.scale = DefaultRatioScale(ind.unit);
  }
  RETURN_IF_ERROR(ValidateIndicator(ind));
  storage::WriteLock write_lock = store_->LockWrites();
  {
    std::shared_lock lock(mu_);
    if (by_code_.contains(ind.code)) {
      return absl::AlreadyExistsError(absl::StrCat("indicator ", ind.code, " already exists"));
    }
    if (ind.gap.has_value()) RETURN_IF_ERROR(CheckGapBase(ind));
    for (const std::string* ref :
         {&ind.aggregation.numerator, &ind.aggregation.denominator, &ind.aggregation.weight}) {
      if (!ref->empty() && !by_code_.contains(*ref)) {
        return absl::InvalidArgumentError(
            absl::StrCat("indicator ", ind.code, ": its ",
                         AggregationKindName(ind.aggregation.kind), " aggregation names indicator ",
                         *ref, ", which is not in the catalog; create it first"));
      }
    }
    ind.id = next_id_;
  }
  ind.created_micros = clock_->NowMicros();
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kIndicators, IndicatorStorageKey(ind.code), EncodeIndicator(ind));
  batch.Put(Family::kMeta, kNextIndicatorIdKey, std::to_string(ind.id + 1));
  ASSIGN_OR_RETURN(knowledge::StagedGraphChange graph,
                   knowledge_->StageIndicatorNode(write_lock, batch, NodeFor(ind), measured, actor));
  absl::Status written = store_->Write(batch);
  if (written.ok()) {
    auto shared = std::make_shared<const Indicator>(ind);
    {
      std::unique_lock lock(mu_);
      by_code_.emplace(ind.code, shared);
      by_id_.emplace(ind.id, shared);
      next_id_ = ind.id + 1;
    }
    std::lock_guard ids(node_ids_mu_);
    node_ids_.insert(IndicatorNodeId(ind.code));
  }
  graph.Finish(written);
  RETURN_IF_ERROR(written);
  return ind;
}

absl::Status IndicatorCatalog::CheckGapBase(Indicator& ind) const {
  const GapDefinition& g = *ind.gap;
  auto it = by_code_.find(g.base);
  if (it == by_code_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("gap indicator ", ind.code, ": base indicator ",
                                                   g.base, " is not in the catalog"));
  }
  return CheckGapAgainstBase(ind, *it->second);
}

absl::StatusOr<IndicatorInfo> IndicatorCatalog::Get(const std::string& code) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(code));
  auto ind = Find(code);
  if (ind == nullptr) return absl::NotFoundError(absl::StrCat("indicator ", code, " not found"));
  IndicatorInfo info{*ind, {}};
  auto neighbors = knowledge_->Neighbors(IndicatorNodeId(code), knowledge::Direction::kOut,
                                         knowledge::EdgeType::kMeasures);
  if (!neighbors.ok()) return neighbors.status();
  for (const auto& n : *neighbors) info.measured_node_ids.push_back(n.node.id);
  std::sort(info.measured_node_ids.begin(), info.measured_node_ids.end());
  return info;
}

absl::StatusOr<IndicatorPage> IndicatorCatalog::List(int page_size,
                                                     const std::string& page_token) const {
  ASSIGN_OR_RETURN(page_size, common::PageSize(page_size, 100, 1000));
  ASSIGN_OR_RETURN(std::string start,
                   common::KeyFromPageToken(page_token, [](std::string_view code) {
                     return ValidateIndicatorCode(std::string(code)).ok();
                   }));
  IndicatorPage page;
  std::shared_lock lock(mu_);
  for (auto it = by_code_.lower_bound(start); it != by_code_.end(); ++it) {
    if (static_cast<int>(page.indicators.size()) == page_size) {
      page.next_page_token = common::KeyPageToken(it->first);
      break;
    }
    page.indicators.push_back(*it->second);
  }
  return page;
}

std::shared_ptr<const Indicator> IndicatorCatalog::Find(const std::string& code) const {
  std::shared_lock lock(mu_);
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : it->second;
}

std::shared_ptr<const Indicator> IndicatorCatalog::FindById(uint32_t id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

absl::StatusOr<StagedCatalogDeletion> IndicatorCatalog::StageDeletion(
    const storage::WriteLock& write_lock, storage::WriteBatch& batch, const std::string& code,
    const std::string& actor) {
  RETURN_IF_ERROR(ValidateIndicatorCode(code));
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("a staged catalog deletion needs the store's write lock");
  }
  {
    std::shared_lock lock(mu_);
    if (!by_code_.contains(code)) {
      return absl::NotFoundError(absl::StrCat("indicator ", code, " not found"));
    }
    for (const auto& [other_code, other] : by_code_) {
      const Aggregation& a = other->aggregation;
      if (a.numerator == code || a.denominator == code || a.weight == code) {
        return absl::FailedPreconditionError(absl::StrCat(
            "indicator ", code, " is used by the ", AggregationKindName(a.kind),
            " aggregation of indicator ", other_code, "; delete or change that one first"));
      }
      if (other->gap.has_value() && other->gap->base == code) {
        return absl::FailedPreconditionError(absl::StrCat("indicator ", code,
                                                          " is the base of gap indicator ",
                                                          other_code, "; delete that one first"));
      }
    }
  }
  batch.Delete(Family::kIndicators, IndicatorStorageKey(code));
  // A catalog entry whose node is already gone (it cannot be deleted through the knowledge API
  // while the catalog guards it, but a damaged data dir might lack it) is still deletable.
  std::optional<knowledge::StagedGraphChange> graph;
  auto staged = knowledge_->StageNodeDeletion(write_lock, batch, IndicatorNodeId(code), actor);
  if (staged.ok()) {
    graph.emplace(std::move(*staged));
  } else if (!absl::IsNotFound(staged.status())) {
    return staged.status();
  }
  return StagedCatalogDeletion(this, code, std::move(graph));
}

}  // namespace integra::monitoring
