#include "bench/integra_workload.h"

#include <signal.h>

#include <chrono>
#include <map>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/token_channel.h"
#include "common/status_macros.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/grpcpp.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "integra/v1/scorecard.grpc.pb.h"
#include "services/security/token_store.h"
#include "storage/store.h"

namespace integra::bench {
namespace {

constexpr auto kQueryDeadline = std::chrono::seconds(30);

absl::Status FromGrpc(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

void SetDeadline(grpc::ClientContext& ctx) {
  ctx.set_deadline(std::chrono::system_clock::now() + kQueryDeadline);
}

}  // namespace

struct IntegraWorkload::Rpc {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::MonitoringService::Stub> monitoring;
  std::unique_ptr<v1::KnowledgeService::Stub> knowledge;
  std::unique_ptr<v1::ScorecardService::Stub> scorecard;
};

absl::StatusOr<std::unique_ptr<IntegraWorkload>> IntegraWorkload::Start(const Options& options,
                                                                        const Dataset* data) {
  std::unique_ptr<IntegraWorkload> w(new IntegraWorkload());
  w->data_ = data;
  if (options.transport != "unix" && options.transport != "tcp") {
    return absl::InvalidArgumentError(
        absl::StrCat("transport must be unix or tcp, got '", options.transport, "'"));
  }
  const std::string socket = options.data_dir + ".sock";
  std::vector<std::string> argv = {
      options.integrad_path, "--data-dir", options.data_dir, "--listen", "127.0.0.1:0",
      "--unix-socket",       socket};
  if (options.sync_writes) argv.push_back("--sync");
  if (options.cross_section_cache_mb >= 0) {
    argv.push_back("--cross-section-cache-mb");
    argv.push_back(absl::StrCat(options.cross_section_cache_mb));
  }
  // An ADMIN token for the driver, made in the data dir before integrad holds it.
  std::string token;
  {
    ASSIGN_OR_RETURN(auto store, storage::Store::Open({.path = options.data_dir}));
    security::TokenStore tokens(store.get());
    ASSIGN_OR_RETURN(auto created, tokens.Create({.name = "bench", .role = security::Role::kAdmin}));
    token = created.secret;
  }
  auto process = ServerProcess::Start(argv, options.log_prefix);
  if (!process.ok()) return process.status();
  w->process_ = std::move(*process);
  const pid_t pid = w->process_->pid();
  w->cleanup_ = RegisterCleanup([pid] { kill(pid, SIGKILL); });
  // "integrad: serving on 127.0.0.1:PORT, data dir ..."
  auto line = w->process_->WaitForLine("serving on ", std::chrono::seconds(60));
  if (!line.ok()) return line.status();
  const std::string tcp_address = line->substr(0, line->find(','));
  w->address_ = options.transport == "unix" ? absl::StrCat("unix:", socket) : tcp_address;
  ASSIGN_OR_RETURN(w->rpc_, Connect(w->address_, token));
  ASSIGN_OR_RETURN(w->tcp_, Connect(tcp_address, token));
  return w;
}

absl::StatusOr<std::unique_ptr<IntegraWorkload::Rpc>> IntegraWorkload::Connect(
    const std::string& target, const std::string& token) {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  args.SetMaxReceiveMessageSize(64 << 20);
  auto rpc = std::make_unique<Rpc>();
  rpc->channel = cli::TokenChannel(target, token, args);
  if (!rpc->channel->WaitForConnected(std::chrono::system_clock::now() +
                                      std::chrono::seconds(30))) {
    return absl::UnavailableError(absl::StrCat("cannot connect to integrad at ", target));
  }
  rpc->monitoring = v1::MonitoringService::NewStub(rpc->channel);
  rpc->knowledge = v1::KnowledgeService::NewStub(rpc->channel);
  rpc->scorecard = v1::ScorecardService::NewStub(rpc->channel);
  return rpc;
}

IntegraWorkload::~IntegraWorkload() {
  if (process_) Stop();
  UnregisterCleanup(cleanup_);
}

pid_t IntegraWorkload::pid() const { return process_->pid(); }

int IntegraWorkload::Stop() {
  rpc_.reset();
  tcp_.reset();
  const int code = process_->Stop(std::chrono::seconds(60));
  UnregisterCleanup(cleanup_);
  cleanup_ = 0;
  return code;
}

absl::Status IntegraWorkload::LoadKnowledge(const std::string& seed_path) {
  std::ifstream in(seed_path);
  if (!in) return absl::NotFoundError(absl::StrCat("no knowledge seed at ", seed_path));
  std::stringstream text;
  text << in.rdbuf();
  v1::ApplyKnowledgeRequest req;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), req.mutable_document())) {
    return absl::InvalidArgumentError(absl::StrCat(seed_path, " is not a KnowledgeDocument"));
  }
  v1::ApplyKnowledgeResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->knowledge->ApplyKnowledge(&ctx, req, &resp), "ApplyKnowledge");
      !s.ok()) {
    return s;
  }
  for (const auto& node : req.document().nodes()) {
    knowledge_.node_ids.push_back(node.id());
    if (node.type() == v1::NODE_TYPE_ACTION_FIELD) knowledge_.action_fields.push_back(node.id());
  }
  knowledge_.edges = req.document().edges_size();
  return absl::OkStatus();
}

absl::Status IntegraWorkload::Setup(const Workload& workload) {
  for (int y = 0; y < Dataset::kYears; ++y) years_.push_back(absl::StrCat(Dataset::kFirstYear + y));
  const RegisterFiles& reg = data_->register_files();
  for (const std::string* file : {&reg.laender, &reg.kreise, &reg.gemeinden}) {
    v1::ImportUnitsRequest req;
    req.set_register_csv(*file);
    v1::ImportUnitsResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(rpc_->monitoring->ImportUnits(&ctx, req, &resp), "ImportUnits");
        !s.ok()) {
      return s;
    }
    if (!resp.applied()) {
      return absl::InternalError(absl::StrCat(
          "integrad rejected ", resp.rejected_total(), " rows of the ", resp.register_kind(),
          " register, e.g. line ", resp.rejected(0).index(), ": ", resp.rejected(0).reason()));
    }
  }
  for (const BenchIndicator& ind : data_->indicators()) {
    v1::CreateIndicatorRequest req;
    v1::Indicator* i = req.mutable_indicator();
    i->set_code(ind.code);
    i->set_name_de(ind.name);
    i->set_unit(ind.aggregation == BenchAggregation::kSum ? v1::MEASURE_UNIT_COUNT
                                                          : v1::MEASURE_UNIT_PERCENT);
    i->set_polarity(ind.higher_is_better ? v1::POLARITY_HIGHER_IS_BETTER
                                         : v1::POLARITY_LOWER_IS_BETTER);
    i->set_periodicity(v1::PERIODICITY_YEAR);
    i->mutable_aggregation()->set_kind(ind.aggregation == BenchAggregation::kSum
                                           ? v1::AGGREGATION_KIND_SUM
                                           : v1::AGGREGATION_KIND_NONE);
    if (!knowledge_.action_fields.empty()) {
      const size_t n = static_cast<size_t>(&ind - data_->indicators().data());
      req.add_action_field_ids(knowledge_.action_fields[n % knowledge_.action_fields.size()]);
    }
    v1::Indicator resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(rpc_->monitoring->CreateIndicator(&ctx, req, &resp), "CreateIndicator");
        !s.ok()) {
      return s;
    }
    if (!knowledge_.node_ids.empty()) {
      knowledge_.node_ids.push_back(resp.node_id());
      knowledge_.edges += resp.action_field_ids_size();
    }
  }
  for (const std::string& land : workload.peer_lands) {
    v1::CreatePeerGroupRequest req;
    v1::PeerGroup* group = req.mutable_group();
    group->set_name(PeerGroupName(land));
    group->set_title(absl::StrCat("Gemeinden of Land ", land));
    for (size_t unit : data_->GemeindenOfLand(land)) {
      group->add_member_keys(data_->units()[unit].key);
    }
    v1::PeerGroup resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto s = FromGrpc(rpc_->monitoring->CreatePeerGroup(&ctx, req, &resp), "CreatePeerGroup");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> IntegraWorkload::Ingest(int batch_rows) {
  const int64_t per_indicator = static_cast<int64_t>(data_->units().size()) * Dataset::kYears;
  int64_t accepted = 0;
  for (size_t ind = 0; ind < data_->indicators().size(); ++ind) {
    grpc::ClientContext ctx;
    v1::IngestObservationsResponse resp;
    auto writer = rpc_->monitoring->IngestObservations(&ctx, &resp);
    const int64_t begin = static_cast<int64_t>(ind) * per_indicator;
    const int64_t end = begin + per_indicator;
    v1::IngestObservationsRequest batch;
    bool write_ok = true;
    for (int64_t i = begin; i < end && write_ok;) {
      batch.clear_rows();
      for (int r = 0; r < batch_rows && i < end; ++r, ++i) {
        const Dataset::Cell c = data_->CellAt(i);
        v1::Observation* o = batch.add_rows();
        o->set_indicator_code(data_->indicators()[c.indicator].code);
        o->set_unit_key(data_->units()[c.unit].key);
        o->set_period(years_[c.year - Dataset::kFirstYear]);
        o->set_value(data_->ValueAt(c.indicator, c.unit, c.year));
      }
      write_ok = writer->Write(batch);
    }
    writer->WritesDone();
    if (auto s = FromGrpc(writer->Finish(), "IngestObservations"); !s.ok()) return s;
    if (resp.batches_failed() > 0 || resp.rows_rejected() > 0) {
      std::string why;
      for (const auto& b : resp.batches()) {
        if (!b.error().empty()) why = b.error();
        if (why.empty() && b.rejected_size() > 0) why = b.rejected(0).reason();
        if (!why.empty()) break;
      }
      return absl::InternalError(absl::StrCat("integrad rejected ", resp.rows_rejected(),
                                              " rows of indicator ", data_->indicators()[ind].code,
                                              ": ", why));
    }
    accepted += resp.rows_accepted();
  }
  return accepted;
}

absl::StatusOr<PointAnswer> IntegraWorkload::Point(const PointQuery& q) {
  return PointVia(*rpc_, q);
}

absl::StatusOr<PointAnswer> IntegraWorkload::PointOverTcp(const PointQuery& q) {
  return PointVia(*tcp_, q);
}

absl::StatusOr<PointAnswer> IntegraWorkload::PointVia(Rpc& rpc, const PointQuery& q) {
  v1::GetUnitRequest req;
  req.set_key(data_->units()[q.unit].key);
  v1::Unit resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc.monitoring->GetUnit(&ctx, req, &resp), "GetUnit"); !s.ok()) {
    return s;
  }
  return PointAnswer{resp.key()};
}

absl::StatusOr<SeriesAnswer> IntegraWorkload::Series(const SeriesQuery& q) {
  v1::GetSeriesRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.add_unit_keys(data_->units()[q.unit].key);
  v1::GetSeriesResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->monitoring->GetSeries(&ctx, req, &resp), "GetSeries"); !s.ok()) {
    return s;
  }
  SeriesAnswer a;
  for (const auto& series : resp.series()) {
    for (const auto& p : series.points()) {
      ++a.points;
      a.sum += p.value();
    }
  }
  return a;
}

absl::StatusOr<PeerAnswer> IntegraWorkload::Peer(const PeerQuery& q) {
  v1::ComparePeersRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.set_unit_key(data_->units()[q.unit].key);
  req.set_period(years_[q.year - Dataset::kFirstYear]);
  req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  req.mutable_peers()->set_group(PeerGroupName(q.land));
  v1::ComparePeersResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->monitoring->ComparePeers(&ctx, req, &resp), "ComparePeers");
      !s.ok()) {
    return s;
  }
  // A group of one has no percentile; the PostgreSQL side reports 50 then (answers.h).
  return PeerAnswer{resp.n(), resp.median(), resp.has_percentile() ? resp.percentile() : 50};
}

absl::StatusOr<RollupAnswer> IntegraWorkload::Rollup(const RollupQuery& q) {
  v1::RollUpRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.set_period(years_[q.year - Dataset::kFirstYear]);
  req.set_level(v1::UNIT_LEVEL_KREIS);
  v1::RollUpResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->monitoring->RollUp(&ctx, req, &resp), "RollUp"); !s.ok()) return s;
  RollupAnswer a;
  for (const auto& row : resp.rows()) {
    if (!row.has_computed()) continue;
    ++a.kreise;
    a.sum += row.computed();
  }
  return a;
}

absl::StatusOr<BandAnswer> IntegraWorkload::Band(const BandQuery& q) {
  v1::GetPeerBandRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.set_unit_key(data_->units()[q.unit].key);
  req.set_from_period(years_.front());
  req.set_to_period(years_.back());
  req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  req.mutable_peers()->set_group(PeerGroupName(q.land));
  v1::GetPeerBandResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->monitoring->GetPeerBand(&ctx, req, &resp), "GetPeerBand");
      !s.ok()) {
    return s;
  }
  BandAnswer a;
  for (const auto& p : resp.points()) {
    a.points.push_back({std::stoi(p.period()), p.has_value(), p.value(), p.n(), p.q1(),
                        p.median(), p.q3()});
  }
  return a;
}

absl::StatusOr<ScorecardAnswer> IntegraWorkload::Scorecard(const ScorecardQuery& q) {
  v1::GetScorecardRequest req;
  req.set_unit_key(data_->units()[q.unit].key);
  req.set_period(years_[q.year - Dataset::kFirstYear]);
  req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  req.mutable_peers()->set_group(PeerGroupName(q.land));
  v1::Scorecard resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->scorecard->GetScorecard(&ctx, req, &resp), "GetScorecard");
      !s.ok()) {
    return s;
  }
  std::map<std::string, ScorecardAnswer::Row> rows;  // by code: an indicator may measure 2 fields
  for (const auto& field : resp.fields()) {
    for (const auto& card : field.indicators()) {
      if (card.code().empty() || !card.value().has_value()) continue;
      ScorecardAnswer::Row row;
      row.code = card.code();
      row.value = card.value().value();
      row.n = card.position().n();
      row.median = card.position().median();
      row.percentile = card.position().has_percentile() ? card.position().percentile() : 50;
      row.has_slope = card.trend().has_slope();
      row.slope = card.trend().slope();
      rows[row.code] = row;
    }
  }
  ScorecardAnswer a;
  for (auto& [code, row] : rows) a.rows.push_back(std::move(row));
  return a;
}

absl::StatusOr<LeagueAnswer> IntegraWorkload::League(const LeagueQuery& q) {
  v1::GetLeagueTableRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.set_period(years_[q.year - Dataset::kFirstYear]);
  req.set_level(v1::UNIT_LEVEL_KREIS);
  v1::GetLeagueTableResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->monitoring->GetLeagueTable(&ctx, req, &resp), "GetLeagueTable");
      !s.ok()) {
    return s;
  }
  LeagueAnswer a;
  for (const auto& row : resp.rows()) {
    a.ranks.emplace_back(row.rank(), row.unit_key());
    a.sum += row.value();
  }
  return a;
}

absl::Status IntegraWorkload::Write(const WriteQuery& q) {
  v1::PutObservationRequest req;
  v1::Observation* o = req.mutable_observation();
  o->set_indicator_code(data_->indicators()[q.indicator].code);
  o->set_unit_key(data_->units()[q.unit].key);
  o->set_period(absl::StrCat(q.year));
  o->set_value(q.value);
  v1::PutObservationResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  RETURN_IF_ERROR(FromGrpc(rpc_->monitoring->PutObservation(&ctx, req, &resp), "PutObservation"));
  if (!resp.changed()) {
    return absl::InternalError(absl::StrCat("PutObservation of ", o->indicator_code(), " ",
                                            o->unit_key(), " ", o->period(),
                                            " wrote nothing: the value was already stored"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CellAnswer> IntegraWorkload::Cell(const CellQuery& q) {
  v1::GetObservationRequest req;
  req.set_indicator_code(data_->indicators()[q.indicator].code);
  req.set_unit_key(data_->units()[q.unit].key);
  req.set_period(absl::StrCat(q.year));
  v1::Observation resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  const grpc::Status s = rpc_->monitoring->GetObservation(&ctx, req, &resp);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) return CellAnswer{};
  RETURN_IF_ERROR(FromGrpc(s, "GetObservation"));
  return CellAnswer{resp.has_value(), resp.value(), static_cast<int>(resp.revision())};
}

absl::StatusOr<int> IntegraWorkload::KHop(const std::string& root, int depth) {
  v1::SubgraphRequest req;
  req.set_id(root);
  req.set_depth(depth);
  req.set_direction(v1::DIRECTION_BOTH);
  v1::Subgraph resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->knowledge->GetSubgraph(&ctx, req, &resp), "GetSubgraph"); !s.ok()) {
    return s;
  }
  return resp.nodes_size();
}

absl::StatusOr<int> IntegraWorkload::Path(const std::string& from, const std::string& to) {
  v1::ExplainPathRequest req;
  req.set_from(from);
  req.set_to(to);
  req.set_undirected(true);
  v1::ExplainPathResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->knowledge->ExplainPath(&ctx, req, &resp), "ExplainPath"); !s.ok()) {
    return s;
  }
  return resp.steps_size();
}

absl::StatusOr<int> IntegraWorkload::Centrality(int limit) {
  v1::CentralityRequest req;
  req.set_limit(limit);
  v1::CentralityResponse resp;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  if (auto s = FromGrpc(rpc_->knowledge->Centrality(&ctx, req, &resp), "Centrality"); !s.ok()) {
    return s;
  }
  return resp.entries_size();
}

}  // namespace integra::bench
