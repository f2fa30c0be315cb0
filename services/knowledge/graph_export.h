// Renders a (sub)graph for other tools with Boost.Graph's writers: GraphViz DOT
// (write_graphviz_dp) and GraphML (write_graphml), both driven by dynamic_properties.
//
// DOT: one node per knowledge node, named by its id, labelled with id and German title on two
// lines (dot's "\n" escape), with `type` and a `shape` per node type; edges labelled by type,
// with `note` and `kb_weight` (not `weight`, which dot reads as a layout hint).
// GraphML: nodes n0..nK in document order, each with data keys kb_id, type, title_de, title_en,
// description, tags (comma-separated), source, year, n, locator; edges with type, note and
// weight (a string, empty when the edge has none).
//
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "services/knowledge/document.h"

namespace integra::knowledge {

// Edges whose endpoints are not among the document's nodes are left out.
std::string ToGraphviz(const KnowledgeDocument& graph);
std::string ToGraphML(const KnowledgeDocument& graph);

}  // namespace integra::knowledge
