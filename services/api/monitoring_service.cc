#include "services/api/monitoring_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/api/call_guard.h"
#include "services/api/monitoring_convert.h"
#include "services/api/status.h"
#include "services/monitoring/register_import.h"

namespace integra::api {

using monitoring::CellRef;

void MonitoringServiceImpl::Fill(const monitoring::Observation& o,
                                 const security::Principal& caller, v1::Observation* out) const {
  ToProto(o, caller, out);
  if (!o.breakdown.empty()) {
    if (auto ind = catalog_->Find(o.indicator_code)) {
      out->set_breakdown_text(monitoring::BreakdownText(*ind, o.breakdown));
    }
  }
}

// ---------------------------------------------------------------------------- units

grpc::Status MonitoringServiceImpl::UpsertUnit(grpc::ServerContext* ctx,
                                               const v1::UpsertUnitRequest* req, v1::Unit* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, KeysOf(req->unit().key()), req->unit().name());
  GRPC_ASSIGN_OR_RETURN(auto unit, FromProto(req->unit()));
  GRPC_ASSIGN_OR_RETURN(auto stored, units_->Upsert(unit));
  ToProto(stored, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req,
                                            v1::Unit* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto unit, units_->Get(req->key()));
  ToProto(unit, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ListUnits(grpc::ServerContext* ctx,
                                              const v1::ListUnitsRequest* req,
                                              v1::ListUnitsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  monitoring::UnitFilter filter;
  filter.parent_key = req->parent_key();
  if (req->type() != v1::UNIT_TYPE_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto t, FromProto(req->type()));
    filter.type = t;
  }
  if (req->size_class() != v1::SIZE_CLASS_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto s, FromProto(req->size_class()));
    filter.size_class = s;
  }
  if (req->level() != v1::UNIT_LEVEL_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto l, FromProto(req->level()));
    filter.level = l;
  }
  if (req->degurba() != v1::DEGURBA_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto d, FromProto(req->degurba()));
    filter.degurba = d;
  }
  GRPC_ASSIGN_OR_RETURN(auto page, units_->List(filter, req->page_size(), req->page_token()));
  for (const auto& u : page.units) ToProto(u, resp->add_units());
  resp->set_next_page_token(page.next_page_token);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::SearchUnits(grpc::ServerContext* ctx,
                                                const v1::SearchUnitsRequest* req,
                                                v1::SearchUnitsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  monitoring::UnitSearchQuery query{
      .query = req->query(), .limit = req->limit(), .valid_on = req->valid_on()};
  if (req->level() != v1::UNIT_LEVEL_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto l, FromProto(req->level()));
    query.level = l;
  }
  GRPC_ASSIGN_OR_RETURN(auto found, unit_search_.Search(query));
  for (const auto& u : found.units) ToProto(u, resp->add_units());
  resp->set_total(found.total);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ImportUnits(grpc::ServerContext* ctx,
                                                const v1::ImportUnitsRequest* req,
                                                v1::ImportUnitsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit = AuditWrite(
      ctx, {},
      req->source_case() == v1::ImportUnitsRequest::kRegisterCsv ? "register file"
      : req->source_case() == v1::ImportUnitsRequest::kEdition
          ? absl::StrCat("register edition (", req->edition().records_size(), " records)")
          : absl::StrCat(req->units().units_size(), " unit(s)"));
  monitoring::UnitBatchResult batch;
  if (req->source_case() == v1::ImportUnitsRequest::kEdition) {
    GRPC_ASSIGN_OR_RETURN(monitoring::RegisterEdition edition, FromProto(req->edition()));
    edition.keep_population = req->keep_population();
    GRPC_ASSIGN_OR_RETURN(auto result, register_editions_->Import(edition, caller.Actor()));
    resp->set_register_kind(
        absl::AsciiStrToLower(monitoring::RegisterProductName(edition.product)));
    for (const std::string& note : result.notes) resp->add_notes(note);
    for (const std::string& u : result.ended) resp->add_ended_units(u);
    for (const std::string& u : result.added) resp->add_new_units(u);
    resp->set_observations_written(result.observations.accepted);
    resp->set_observations_unchanged(result.observations.unchanged);
    resp->set_rows(result.rows);
    batch = std::move(result.batch);
  } else if (req->source_case() == v1::ImportUnitsRequest::kRegisterCsv) {
    GRPC_ASSIGN_OR_RETURN(auto result,
                          monitoring::ImportRegister(*units_, req->register_csv(),
                                                     {.population_date = req->population_date(),
                                                      .keep_population = req->keep_population(),
                                                      .gebietsstand = req->gebietsstand()}));
    resp->set_register_kind(monitoring::RegisterKindName(result.kind));
    for (const std::string& note : result.notes) resp->add_notes(note);
    resp->set_rows(result.rows);
    batch = std::move(result.batch);
  } else if (req->source_case() == v1::ImportUnitsRequest::kUnits) {
    std::vector<monitoring::Unit> units;
    std::vector<monitoring::RowRejection> malformed;
    for (int i = 0; i < req->units().units_size(); ++i) {
      auto u = FromProto(req->units().units(i));
      if (u.ok()) {
        units.push_back(std::move(*u));
      } else {
        malformed.push_back({i, u.status()});
      }
    }
    resp->set_rows(req->units().units_size());
    if (!malformed.empty()) {
      batch.rejected = std::move(malformed);
    } else {
      GRPC_ASSIGN_OR_RETURN(auto result, units_->UpsertBatch(std::move(units)));
      batch = std::move(result);
    }
  } else {
    return ToGrpc(absl::InvalidArgumentError("give units, register_csv or an edition"));
  }
  resp->set_applied(batch.applied);
  resp->set_upserted(batch.upserted);
  resp->set_unchanged(batch.unchanged);
  resp->set_rejected_total(ToProto(batch.rejected, resp->mutable_rejected()));
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------- indicators

grpc::Status MonitoringServiceImpl::CreateIndicator(grpc::ServerContext* ctx,
                                                    const v1::CreateIndicatorRequest* req,
                                                    v1::Indicator* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, {}, "indicator " + req->indicator().code());
  GRPC_ASSIGN_OR_RETURN(auto ind, FromProto(req->indicator()));
  std::vector<std::string> targets(req->action_field_ids().begin(), req->action_field_ids().end());
  GRPC_ASSIGN_OR_RETURN(auto created, catalog_->Create(ind, targets, caller.Actor()));
  ToProto(created, resp);
  for (const auto& t : targets) resp->add_action_field_ids(t);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetIndicator(grpc::ServerContext* ctx,
                                                 const v1::GetIndicatorRequest* req,
                                                 v1::Indicator* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto info, catalog_->Get(req->code()));
  ToProto(info.indicator, resp);
  for (const auto& id : info.measured_node_ids) resp->add_action_field_ids(id);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ListIndicators(grpc::ServerContext* ctx,
                                                   const v1::ListIndicatorsRequest* req,
                                                   v1::ListIndicatorsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto page, catalog_->List(req->page_size(), req->page_token()));
  for (const auto& ind : page.indicators) ToProto(ind, resp->add_indicators());
  resp->set_next_page_token(page.next_page_token);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::DeleteIndicator(grpc::ServerContext* ctx,
                                                    const v1::DeleteIndicatorRequest* req,
                                                    v1::DeleteIndicatorResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit = AuditWrite(
      ctx, {}, absl::StrCat("delete indicator ", req->code(), req->force() ? " (force)" : ""));
  GRPC_ASSIGN_OR_RETURN(auto removed,
                        observations_->DeleteIndicator(req->code(), req->force(), caller.Actor()));
  resp->set_observations_deleted(removed);
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------- observations

grpc::Status MonitoringServiceImpl::PutObservation(grpc::ServerContext* ctx,
                                                   const v1::PutObservationRequest* req,
                                                   v1::PutObservationResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller,
                        Authorize(ctx, KeysOf(req->observation().unit_key())));
  const storage::AuditScope audit =
      AuditWrite(ctx, KeysOf(req->observation().unit_key()), AuditText(req->observation()));
  GRPC_ASSIGN_OR_RETURN(auto row, FromProto(req->observation()));
  GRPC_ASSIGN_OR_RETURN(auto put, observations_->Put(row, caller.Actor()));
  resp->set_changed(put.changed);
  Fill(put.stored, caller, resp->mutable_observation());
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetObservation(grpc::ServerContext* ctx,
                                                   const v1::GetObservationRequest* req,
                                                   v1::Observation* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  CellRef cell{req->indicator_code(), req->unit_key(), req->period(), FromProto(req->breakdown())};
  std::optional<int64_t> as_of;
  if (req->has_as_of_micros()) as_of = req->as_of_micros();
  GRPC_ASSIGN_OR_RETURN(auto o, observations_->Get(cell, as_of));
  Fill(o, caller, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetObservationHistory(
    grpc::ServerContext* ctx, const v1::GetObservationHistoryRequest* req,
    v1::GetObservationHistoryResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  CellRef cell{req->indicator_code(), req->unit_key(), req->period(), FromProto(req->breakdown())};
  GRPC_ASSIGN_OR_RETURN(auto revisions, observations_->History(cell));
  for (const auto& o : revisions) Fill(o, caller, resp->add_revisions());
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetSeries(grpc::ServerContext* ctx,
                                              const v1::GetSeriesRequest* req,
                                              v1::GetSeriesResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  monitoring::SeriesQuery q;
  q.indicator_code = req->indicator_code();
  q.unit_keys.assign(req->unit_keys().begin(), req->unit_keys().end());
  q.breakdown = FromProto(req->breakdown());
  q.from_period = req->from_period();
  q.to_period = req->to_period();
  if (req->has_as_of_micros()) q.as_of_micros = req->as_of_micros();
  q.with_twins = !req->own_key_only() && req->territory_date().empty();
  GRPC_ASSIGN_OR_RETURN(auto series, ReadSeries(q, req->territory_date()));
  const std::shared_ptr<const monitoring::RegisterSnapshot> names = units_->Register();
  for (const auto& s : series) {
    auto* out = resp->add_series();
    out->set_unit_key(s.unit_key);
    if (const auto* entry = names->Find(monitoring::UnitCodeOf(s.unit_key))) {
      out->set_unit_name(entry->name);
    }
    for (const auto& p : s.points) Fill(p, caller, out->add_points());
    out->set_twin_key(s.twin_key);
    for (const monitoring::TwinDifference& d : s.twin_differences) {
      v1::TwinDifference* t = out->add_twin_differences();
      t->set_period(d.period);
      t->set_value(d.value);
      t->set_twin_value(d.twin_value);
      t->set_twin_source(d.twin_source);
    }
  }
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::IngestObservations(
    grpc::ServerContext* ctx, grpc::ServerReader<v1::IngestObservationsRequest>* reader,
    v1::IngestObservationsResponse* resp) {
  // The role now; each batch's units before it is written (a batch with one unit outside
  // the scope is refused whole and ends the stream).
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const std::string actor = caller.Actor();
  v1::IngestObservationsRequest batch;
  int index = 0;
  while (reader->Read(&batch)) {
    v1::BatchResult* out = resp->add_batches();
    out->set_batch_index(index++);
    std::vector<monitoring::Observation> rows;
    std::vector<monitoring::RowRejection> malformed;
    rows.reserve(batch.rows_size());
    for (int i = 0; i < batch.rows_size(); ++i) {
      auto row = FromProto(batch.rows(i));
      if (row.ok()) {
        rows.push_back(std::move(*row));
      } else {
        malformed.push_back({i, row.status()});
      }
    }
    std::vector<std::string> units;
    for (const v1::Observation& o : batch.rows()) units.push_back(o.unit_key());
    GRPC_RETURN_IF_ERROR(Authorize(ctx, KeysOf(units)).status());
    std::vector<std::string> what;
    for (const v1::Observation& o : batch.rows()) what.push_back(AuditText(o));
    const storage::AuditScope audit = AuditWrite(ctx, KeysOf(units), AuditList(what));
    absl::StatusOr<monitoring::IngestResult> result =
        malformed.empty() ? observations_->Ingest(rows, actor)
                          : monitoring::IngestResult{.rejected = std::move(malformed)};
    if (!result.ok()) {
      out->set_error(absl::StrCat(absl::StatusCodeToString(result.status().code()), ": ",
                                  result.status().message()));
      resp->set_batches_failed(resp->batches_failed() + 1);
      continue;
    }
    out->set_applied(result->applied);
    out->set_accepted(result->accepted);
    out->set_unchanged(result->unchanged);
    out->set_recorded_micros(result->recorded_micros);
    out->set_last_sequence(result->last_sequence);
    out->set_rejected_total(ToProto(result->rejected, out->mutable_rejected()));
    resp->set_rows_accepted(resp->rows_accepted() + result->accepted);
    resp->set_rows_unchanged(resp->rows_unchanged() + result->unchanged);
    resp->set_rows_rejected(resp->rows_rejected() + out->rejected_total());
    if (result->applied) {
      resp->set_batches_applied(resp->batches_applied() + 1);
    } else {
      resp->set_batches_failed(resp->batches_failed() + 1);
    }
  }
  return grpc::Status::OK;
}

}  // namespace integra::api
