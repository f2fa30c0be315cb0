#include "services/knowledge/graph_export.h"

#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/graphml.hpp"
#include "boost/graph/graphviz.hpp"
#include "boost/property_map/dynamic_property_map.hpp"

namespace integra::knowledge {
namespace {

struct VertexProps {
  std::string id, label, type, shape, title_de, title_en, description, tags, source, locator;
  int year = 0;
  int sample_size = 0;
};
struct EdgeProps {
  std::string type, note, weight;
};
using ExportGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;

std::string ShapeOf(NodeType type) {
  switch (type) {
    case NodeType::kActionField:
      return "box";
    case NodeType::kSuccessFactor:
      return "hexagon";
    case NodeType::kRecommendation:
      return "ellipse";
    case NodeType::kFinding:
      return "note";
    case NodeType::kChallenge:
      return "octagon";
    case NodeType::kResource:
      return "house";
    case NodeType::kSupportNeed:
      return "invhouse";
    case NodeType::kIndicator:
      return "diamond";
    case NodeType::kMeasure:
      return "component";
    case NodeType::kSource:
      return "folder";
    case NodeType::kGoal:
      return "doubleoctagon";
  }
  return "ellipse";
}

ExportGraph Build(const KnowledgeDocument& doc) {
  ExportGraph g;
  std::map<std::string, ExportGraph::vertex_descriptor> vertex;
  for (const Node& n : doc.nodes) {
    VertexProps p{.id = n.id,
                  .label = absl::StrCat(n.id, "\\n", n.title_de),  // dot line break
                  .type = NodeTypeName(n.type),
                  .shape = ShapeOf(n.type),
                  .title_de = n.title_de,
                  .title_en = n.title_en,
                  .description = n.description,
                  .tags = absl::StrJoin(n.tags, ", "),
                  .source = n.provenance.source_id,
                  .locator = n.provenance.locator,
                  .year = n.provenance.year,
                  .sample_size = n.provenance.sample_size};
    vertex[n.id] = boost::add_vertex(p, g);
  }
  for (const Edge& e : doc.edges) {
    auto from = vertex.find(e.from);
    auto to = vertex.find(e.to);
    if (from == vertex.end() || to == vertex.end()) continue;
    boost::add_edge(
        from->second, to->second,
        EdgeProps{EdgeTypeName(e.type), e.note, e.weight ? absl::StrCat(*e.weight) : std::string()},
        g);
  }
  return g;
}

}  // namespace

std::string ToGraphviz(const KnowledgeDocument& doc) {
  ExportGraph g = Build(doc);
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&VertexProps::id, g));
  dp.property("label", boost::get(&VertexProps::label, g));
  dp.property("type", boost::get(&VertexProps::type, g));
  dp.property("shape", boost::get(&VertexProps::shape, g));
  dp.property("label", boost::get(&EdgeProps::type, g));
  dp.property("note", boost::get(&EdgeProps::note, g));
  dp.property("kb_weight", boost::get(&EdgeProps::weight, g));
  std::ostringstream out;
  boost::write_graphviz_dp(out, g, dp, "node_id");
  return out.str();
}

std::string ToGraphML(const KnowledgeDocument& doc) {
  ExportGraph g = Build(doc);
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("kb_id", boost::get(&VertexProps::id, g));
  dp.property("type", boost::get(&VertexProps::type, g));
  dp.property("title_de", boost::get(&VertexProps::title_de, g));
  dp.property("title_en", boost::get(&VertexProps::title_en, g));
  dp.property("description", boost::get(&VertexProps::description, g));
  dp.property("tags", boost::get(&VertexProps::tags, g));
  dp.property("source", boost::get(&VertexProps::source, g));
  dp.property("year", boost::get(&VertexProps::year, g));
  dp.property("n", boost::get(&VertexProps::sample_size, g));
  dp.property("locator", boost::get(&VertexProps::locator, g));
  dp.property("type", boost::get(&EdgeProps::type, g));
  dp.property("note", boost::get(&EdgeProps::note, g));
  dp.property("weight", boost::get(&EdgeProps::weight, g));
  std::ostringstream out;
  boost::write_graphml(out, g, dp, /*ordered_vertices=*/true);
  return out.str();
}

}  // namespace integra::knowledge
