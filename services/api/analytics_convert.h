// Conversion between integra.v1 messages of the monitoring analyses (peer groups, targets,
// trends, comparisons, gaps, roll-ups, reforms) and the monitoring domain. Undefined figures
// become absent optional fields plus an entry "figure -> reason" in the message's `undefined`
// map, so JSON output never carries NaN.
#pragma once

#include "absl/status/statusor.h"
#include "integra/v1/monitoring.pb.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"

namespace integra::api {

absl::StatusOr<monitoring::PeerSelection> FromProto(const v1::PeerSelection& selection);
monitoring::PeerGroup FromProto(const v1::PeerGroup& group);
void ToProto(const monitoring::PeerGroup& group, v1::PeerGroup* out);
// `names`: the register the unit names are taken from.
void ToProto(const monitoring::PeerSet& set, const monitoring::RegisterSnapshot& names,
             v1::ResolvePeersResponse* out);

monitoring::TargetRef FromProto(const v1::TargetKey& key);
monitoring::IndicatorTarget FromProto(const v1::Target& target);
// `indicator` (may be null) supplies the canonical breakdown text.
void ToProto(const monitoring::IndicatorTarget& target, const monitoring::Indicator* indicator,
             v1::Target* out);
void ToProto(const monitoring::analytics::TargetAssessment& assessment,
             monitoring::Periodicity periodicity, v1::TargetAssessment* out);

void ToProto(const monitoring::TrendResult& trend, v1::GetTrendResponse* out);
void ToProto(const monitoring::CompareResult& compare, v1::ComparePeersResponse* out);
void ToProto(const monitoring::TrajectoryResult& trajectory, v1::GetRankTrajectoryResponse* out);
void ToProto(const monitoring::BandResult& band, v1::GetPeerBandResponse* out);
void ToProto(const monitoring::LeagueResult& league, v1::GetLeagueTableResponse* out);
void ToProto(const monitoring::GapResult& gap, monitoring::Periodicity periodicity,
             v1::GetGapSeriesResponse* out);
void ToProto(const monitoring::RollUpResultSet& rollup, v1::RollUpResponse* out);

monitoring::Reform FromProto(const v1::Reform& reform);
void ToProto(const monitoring::Reform& reform, v1::Reform* out);

}  // namespace integra::api
