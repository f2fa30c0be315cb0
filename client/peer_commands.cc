// integra peers ...: custom peer groups and the peer sets comparisons use.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/analytics_format.h"
#include "client/monitoring_format.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

void PrintGroups(const Context& ctx, const std::vector<const v1::PeerGroup*>& groups) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(groups.begin(), groups.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"name", "title", "level", "members", "created_by"});
  for (const auto* g : groups) {
    table.AddRow({g->name(), g->title(), Name(g->level()), std::to_string(g->member_keys_size()),
                  g->created_by()});
  }
  PrintTable(ctx, table);
}

int List(Context& ctx, const Args&) {
  v1::ListPeerGroupsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ListPeerGroups(call, {}, &resp);
      })) {
    return *failed;
  }
  std::vector<const v1::PeerGroup*> groups;
  for (const auto& g : resp.groups()) groups.push_back(&g);
  PrintGroups(ctx, groups);
  return kExitOk;
}

int Show(Context& ctx, const Args& a) {
  v1::GetPeerGroupRequest req;
  req.set_name(a.positional()[0]);
  v1::PeerGroup g;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetPeerGroup(call, req, &g);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(g) << "\n";
    return kExitOk;
  }
  if (ctx.format == Format::kTable) {
    *ctx.out << g.name() << " - " << g.title() << " (" << g.member_keys_size() << " "
             << Name(g.level()) << " units)\n";
    if (!g.description().empty()) *ctx.out << g.description() << "\n";
  }
  Table table({"member"});
  for (const auto& m : g.member_keys()) table.AddRow({m});
  PrintTable(ctx, table);
  return kExitOk;
}

int Create(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"members"}); !s.ok()) return ReportUsage(ctx, s);
  v1::CreatePeerGroupRequest req;
  auto* g = req.mutable_group();
  g->set_name(a.positional()[0]);
  g->set_title(a.GetOr("title", ""));
  g->set_description(a.GetOr("description", ""));
  for (absl::string_view m : absl::StrSplit(*a.Get("members"), ',', absl::SkipWhitespace())) {
    g->add_member_keys(std::string(absl::StripAsciiWhitespace(m)));
  }
  v1::PeerGroup resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->CreatePeerGroup(call, req, &resp);
      })) {
    return *failed;
  }
  PrintGroups(ctx, {&resp});
  return kExitOk;
}

int Delete(Context& ctx, const Args& a) {
  v1::DeletePeerGroupRequest req;
  req.set_name(a.positional()[0]);
  v1::DeletePeerGroupResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->DeletePeerGroup(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << "{\"deleted\":\"" << req.name() << "\"}\n";
  } else if (ctx.format == Format::kTable) {
    *ctx.out << "deleted peer group " << req.name() << "\n";
  }
  return kExitOk;
}

int Of(Context& ctx, const Args& a) {
  v1::ResolvePeersRequest req;
  req.set_unit_key(a.positional()[0]);
  ParsePeersFlag(a.GetOr("peers", "default"), req.mutable_peers());
  req.set_period(a.GetOr("period", ""));
  v1::ResolvePeersResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ResolvePeers(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  if (ctx.format == Format::kTable) {
    *ctx.out << r.description() << ": " << r.unit_keys_size() << " units\n";
  }
  Table table({"unit", "name"});
  for (int i = 0; i < r.unit_keys_size(); ++i) {
    table.AddRow({r.unit_keys(i), i < r.unit_names_size() ? r.unit_names(i) : ""});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"list", {"integra peers list", {}, {}, 0, List}},
      {"show", {"integra peers show NAME", {}, {}, 1, Show}},
      {"create",
       {"integra peers create NAME --members KEY,KEY,... [--title TITLE] [--description TEXT]",
        {"members", "title", "description"},
        {},
        1,
        Create}},
      {"delete", {"integra peers delete NAME", {}, {}, 1, Delete}},
      {"of",
       {"integra peers of KEY [--peers default|land|degurba|land+degurba|GROUP] [--period P]   "
        "(the peer set a "
        "comparison uses; with a period only units valid then)",
        {"peers", "period"},
        {},
        1,
        Of}},
  };
  return *commands;
}

}  // namespace

int RunPeersCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "peers", Commands(), argv);
}

}  // namespace integra::cli
