// Search and analytics RPCs through a real in-process gRPC server.
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

class KnowledgeAnalyticsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::KnowledgeService::NewStub(
        testing::AdminChannel(*server_));
    // src.s; af.sprache (Sprachförderung), af.arbeit; rec.r ADDRESSES af.sprache; rec.q
    // REQUIRES rec.r; fnd.f EVIDENCES rec.r; every non-source node cites src.s.
    v1::KnowledgeDocument doc;
    auto node = [&](const std::string& id, v1::NodeType type, const std::string& title) {
      auto* n = doc.add_nodes();
      n->set_id(id);
      n->set_type(type);
      n->set_title_de(title);
      if (type != v1::NODE_TYPE_SOURCE) edge(id, v1::EDGE_TYPE_CITES, "src.s", doc);
    };
    node("src.s", v1::NODE_TYPE_SOURCE, "Vortrag");
    node("af.sprache", v1::NODE_TYPE_ACTION_FIELD, "Sprachförderung und Bildung");
    node("af.arbeit", v1::NODE_TYPE_ACTION_FIELD, "Berufliche Integration");
    node("rec.r", v1::NODE_TYPE_RECOMMENDATION, "Sprachkurse ausbauen");
    node("rec.q", v1::NODE_TYPE_RECOMMENDATION, "Später");
    node("fnd.f", v1::NODE_TYPE_FINDING, "Befund");
    edge("rec.r", v1::EDGE_TYPE_ADDRESSES, "af.sprache", doc, "Sprachkurse sind Sprachförderung");
    edge("rec.q", v1::EDGE_TYPE_REQUIRES, "rec.r", doc);
    edge("fnd.f", v1::EDGE_TYPE_EVIDENCES, "rec.r", doc);
    v1::ApplyKnowledgeRequest req;
    *req.mutable_document() = doc;
    v1::ApplyKnowledgeResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->ApplyKnowledge(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  static void edge(const std::string& from, v1::EdgeType type, const std::string& to,
                   v1::KnowledgeDocument& doc, const std::string& note = "") {
    auto* e = doc.add_edges();
    e->set_from(from);
    e->set_type(type);
    e->set_to(to);
    e->set_note(note);
  }
  v1::SearchResponse Search(const std::string& query, int page_size = 0,
                            const std::string& token = "", grpc::Status* status = nullptr) {
    v1::SearchRequest req;
    req.set_query(query);
    req.set_page_size(page_size);
    req.set_page_token(token);
    v1::SearchResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->Search(&ctx, req, &resp);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return resp;
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::KnowledgeService::Stub> stub_;
};

TEST_F(KnowledgeAnalyticsServiceTest, SearchFoldsUmlautsAndPaginates) {
  auto umlaut = Search("Sprachförderung");
  auto ascii = Search("sprachfoerderung");
  // Only af.sprache: rec.r mentions Sprachförderung in an edge note, and notes are not searched.
  ASSERT_EQ(umlaut.hits_size(), 1);
  ASSERT_EQ(ascii.hits_size(), 1);
  EXPECT_EQ(umlaut.hits(0).node().id(), "af.sprache");
  EXPECT_EQ(ascii.hits(0).node().id(), "af.sprache");

  auto page1 = Search("sprach", 1);
  ASSERT_EQ(page1.hits_size(), 1);
  ASSERT_FALSE(page1.next_page_token().empty());
  auto page2 = Search("sprach", 1, page1.next_page_token());
  ASSERT_EQ(page2.hits_size(), 1);
  EXPECT_NE(page1.hits(0).node().id(), page2.hits(0).node().id());
  EXPECT_TRUE(page2.next_page_token().empty());

  grpc::Status bad;
  Search("sprach", 1, "not-a-token", &bad);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Search("sprach", -1, "", &bad);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(KnowledgeAnalyticsServiceTest, PathSubgraphAndTheirErrors) {
  v1::ExplainPathRequest req;
  req.set_from("fnd.f");
  req.set_to("af.sprache");
  v1::ExplainPathResponse path;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ExplainPath(&ctx, req, &path).ok());
  }
  ASSERT_TRUE(path.found());
  ASSERT_EQ(path.steps_size(), 3);
  EXPECT_FALSE(path.steps(0).has_edge());
  EXPECT_EQ(path.steps(2).edge().note(), "Sprachkurse sind Sprachförderung");

  req.set_from("af.sprache");
  req.set_to("fnd.f");
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ExplainPath(&ctx, req, &path).ok());
  }
  EXPECT_FALSE(path.found()) << "against edge directions";
  EXPECT_EQ(path.steps_size(), 0);
  req.set_undirected(true);
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ExplainPath(&ctx, req, &path).ok());
  }
  EXPECT_TRUE(path.found());
  EXPECT_FALSE(path.steps(1).forward());

  req.set_to("fnd.none");
  grpc::ClientContext ctx;
  EXPECT_EQ(stub_->ExplainPath(&ctx, req, &path).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::SubgraphRequest sreq;
  sreq.set_id("rec.r");
  sreq.set_depth(1);
  v1::Subgraph sub;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->GetSubgraph(&c, sreq, &sub).ok());
  }
  EXPECT_EQ(sub.nodes_size(), 4);  // rec.r, af.sprache, rec.q, fnd.f
  EXPECT_EQ(sub.edges_size(), 3);
  sreq.add_edge_types(v1::EDGE_TYPE_CITES);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->GetSubgraph(&c, sreq, &sub).ok());
  }
  EXPECT_EQ(sub.nodes_size(), 2);  // rec.r and src.s
  sreq.add_edge_types(static_cast<v1::EdgeType>(99));
  {
    grpc::ClientContext c;
    EXPECT_EQ(stub_->GetSubgraph(&c, sreq, &sub).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  sreq.clear_edge_types();
  sreq.set_depth(50);
  {
    grpc::ClientContext c;
    EXPECT_EQ(stub_->GetSubgraph(&c, sreq, &sub).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  sreq.set_id("");  // the whole graph
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->GetSubgraph(&c, sreq, &sub).ok());
  }
  EXPECT_EQ(sub.nodes_size(), 6);
  EXPECT_EQ(sub.edges_size(), 3) << "cites are left out by default";
}

TEST_F(KnowledgeAnalyticsServiceTest, CentralityTopoComponentsCoverage) {
  v1::CentralityRequest creq;
  creq.set_type(v1::NODE_TYPE_RECOMMENDATION);
  creq.set_limit(1);
  v1::CentralityResponse central;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->Centrality(&c, creq, &central).ok());
  }
  ASSERT_EQ(central.entries_size(), 1);
  EXPECT_EQ(central.entries(0).node().id(), "rec.r");
  EXPECT_EQ(central.entries(0).degree(), 3);
  EXPECT_DOUBLE_EQ(central.entries(0).betweenness(), 3.0);  // joins af.sprache, rec.q, fnd.f

  v1::TopologicalOrderResponse topo;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->TopologicalOrder(&c, v1::TopologicalOrderRequest(), &topo).ok());
  }
  ASSERT_EQ(topo.entries_size(), 2);
  EXPECT_EQ(topo.entries(0).node().id(), "rec.r");
  EXPECT_EQ(topo.entries(1).node().id(), "rec.q");
  EXPECT_EQ(topo.entries(1).level(), 1);
  ASSERT_EQ(topo.entries(1).required_ids_size(), 1);

  v1::ComponentsResponse components;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->Components(&c, v1::ComponentsRequest(), &components).ok());
  }
  ASSERT_EQ(components.components_size(),
            3);  // {af.sprache, fnd.f, rec.q, rec.r}, af.arbeit, src.s
  EXPECT_EQ(components.components(0).node_ids_size(), 4);

  v1::CoverageResponse coverage;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->Coverage(&c, v1::CoverageRequest(), &coverage).ok());
  }
  EXPECT_EQ(coverage.entries_size(), 4);
  EXPECT_EQ(coverage.covered(), 0);
  EXPECT_EQ(coverage.uncovered(), 4);

  // Analytics follow writes: an indicator measuring an action field closes part of the gap.
  v1::CreateNodeRequest create;
  create.mutable_node()->set_id("ind.sprachkurse");
  create.mutable_node()->set_type(v1::NODE_TYPE_INDICATOR);
  create.mutable_node()->set_title_de("Teilnehmende an Sprachkursen");
  v1::Node created;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->CreateNode(&c, create, &created).ok());
  }
  v1::LinkRequest link;
  link.mutable_edge()->set_from("ind.sprachkurse");
  link.mutable_edge()->set_to("af.sprache");
  link.mutable_edge()->set_type(v1::EDGE_TYPE_MEASURES);
  v1::Edge linked;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->Link(&c, link, &linked).ok());
  }
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->Coverage(&c, v1::CoverageRequest(), &coverage).ok());
  }
  EXPECT_EQ(coverage.covered(), 1);
  EXPECT_EQ(coverage.uncovered(), 3);
}

TEST_F(KnowledgeAnalyticsServiceTest, ExportFormats) {
  v1::ExportGraphRequest req;
  req.set_root("rec.r");
  req.set_depth(1);
  req.set_format(v1::EXPORT_FORMAT_DOT);
  v1::ExportGraphResponse resp;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->ExportGraph(&c, req, &resp).ok());
  }
  EXPECT_EQ(resp.content().rfind("digraph G {", 0), 0u);
  EXPECT_NE(resp.content().find("\"rec.q\"->\"rec.r\""), std::string::npos) << resp.content();
  req.set_format(v1::EXPORT_FORMAT_GRAPHML);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub_->ExportGraph(&c, req, &resp).ok());
  }
  EXPECT_NE(resp.content().find("<graphml"), std::string::npos);
  req.set_format(v1::EXPORT_FORMAT_UNSPECIFIED);
  {
    grpc::ClientContext c;
    EXPECT_EQ(stub_->ExportGraph(&c, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  req.set_format(v1::EXPORT_FORMAT_DOT);
  req.set_root("rec.none");
  {
    grpc::ClientContext c;
    EXPECT_EQ(stub_->ExportGraph(&c, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

}  // namespace
}  // namespace integra::api
