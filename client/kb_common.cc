#include "client/kb_common.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace integra::cli::kb {

absl::StatusOr<v1::NodeType> ParseNodeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("NODE_TYPE_", absl::AsciiStrToUpper(name));
  v1::NodeType t;
  if (!v1::NodeType_Parse(upper, &t) || t == v1::NODE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown node type '", name,
        "' (action_field, success_factor, recommendation, finding, challenge, resource, "
        "support_need, indicator, measure, source)"));
  }
  return t;
}

absl::StatusOr<v1::EdgeType> ParseEdgeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("EDGE_TYPE_", absl::AsciiStrToUpper(name));
  v1::EdgeType t;
  if (!v1::EdgeType_Parse(upper, &t) || t == v1::EDGE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown edge type '", name,
                     "' (addresses, enables, evidences, measures, implements, requires, cites)"));
  }
  return t;
}

std::string TypeName(v1::NodeType t) {
  return absl::AsciiStrToLower(v1::NodeType_Name(t).substr(std::string("NODE_TYPE_").size()));
}
std::string TypeName(v1::EdgeType t) {
  return absl::AsciiStrToLower(v1::EdgeType_Name(t).substr(std::string("EDGE_TYPE_").size()));
}

void PrintNodes(const Context& ctx, const std::vector<const v1::Node*>& nodes) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(nodes.begin(), nodes.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"id", "type", "title_de", "tags"});
  for (const auto* n : nodes) {
    table.AddRow({n->id(), TypeName(n->type()), n->title_de(), absl::StrJoin(n->tags(), ",")});
  }
  PrintTable(ctx, table);
}

void PrintNode(const Context& ctx, const v1::Node& n) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(n) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    PrintNodes(ctx, {&n});
    return;
  }
  auto& o = *ctx.out;
  o << "id:          " << n.id() << "\n"
    << "type:        " << TypeName(n.type()) << "\n"
    << "title_de:    " << n.title_de() << "\n";
  if (!n.title_en().empty()) o << "title_en:    " << n.title_en() << "\n";
  if (!n.description().empty()) o << "description: " << n.description() << "\n";
  if (n.tags_size() > 0) o << "tags:        " << absl::StrJoin(n.tags(), ", ") << "\n";
  const auto& p = n.provenance();
  if (!p.source_id().empty() || p.year() != 0) {
    o << "provenance:  " << p.source_id();
    if (p.year() != 0) o << ", " << p.year();
    if (p.sample_size() != 0) o << ", N=" << p.sample_size();
    if (!p.locator().empty()) o << ", " << p.locator();
    o << "\n";
  }
}

void PrintEdge(const Context& ctx, const v1::Edge& e) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(e) << "\n";
    return;
  }
  *ctx.out << e.from() << " -" << TypeName(e.type()) << "-> " << e.to();
  if (e.has_weight()) *ctx.out << " (weight " << e.weight() << ")";
  if (!e.note().empty()) *ctx.out << ": " << e.note();
  *ctx.out << "\n";
}

absl::StatusOr<std::vector<v1::EdgeType>> ParseEdgeTypesFlag(const std::string& list) {
  std::vector<v1::EdgeType> out;
  for (auto part : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    std::string name(absl::StripAsciiWhitespace(part));
    if (name == "all") {
      for (int t = v1::EdgeType_MIN; t <= v1::EdgeType_MAX; ++t) {
        if (t != v1::EDGE_TYPE_UNSPECIFIED && v1::EdgeType_IsValid(t)) {
          out.push_back(static_cast<v1::EdgeType>(t));
        }
      }
      continue;
    }
    ASSIGN_OR_RETURN(auto t, ParseEdgeTypeFlag(name));
    out.push_back(t);
  }
  return out;
}

absl::StatusOr<v1::Direction> ParseDirectionFlag(const std::string& name) {
  if (name == "out") return v1::DIRECTION_OUT;
  if (name == "in") return v1::DIRECTION_IN;
  if (name == "both") return v1::DIRECTION_BOTH;
  return absl::InvalidArgumentError("--direction must be out, in or both");
}

std::unique_ptr<v1::KnowledgeService::Stub> Stub(const Context& ctx) {
  return v1::KnowledgeService::NewStub(ctx.channel);
}

void PrintJsonArray(const Context& ctx, const std::vector<const google::protobuf::Message*>& m) {
  *ctx.out << ToJsonArray(m) << "\n";
}

}  // namespace integra::cli::kb
