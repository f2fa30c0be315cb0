// A unit's strategy through the real in-process gRPC server: who may write which unit's goals
// and measures (tokens and scopes), and the demo strategy file (data/strategy/) loading
// idempotently and dumping back by owner.
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <algorithm>

#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/knowledge_convert.h"
#include "services/api/server.h"
#include "services/knowledge/document.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using security::Role;

v1::KnowledgeDocument ReadDocument(const std::string& relative) {
  const std::string path = std::string(INTEGRA_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  v1::KnowledgeDocument doc;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &doc)) << path;
  return doc;
}

constexpr const char* kDemoStrategy = "data/strategy/05315-koeln.textproto";
// The indicators the demo strategy's goals are measured by (all real INKAR series).
constexpr const char* kDemoIndicators[] = {"BETREUUNG_U3",       "SCHULABG_ABITUR",
                                           "SCHULABG_OHNE_ABSCHLUSS", "ALO_U25_QUOTE",
                                           "ALO_LANGZEIT_ANTEIL", "AZUBI_QUOTE"};

v1::Node Goal(const std::string& id, const std::string& owner) {
  v1::Node n;
  n.set_id(id);
  n.set_type(v1::NODE_TYPE_GOAL);
  n.set_title_de("Ziel " + id);
  n.set_owner(owner);
  return n;
}

v1::Node Measure(const std::string& id, const std::string& owner) {
  v1::Node n;
  n.set_id(id);
  n.set_type(v1::NODE_TYPE_MEASURE);
  n.set_title_de("Maßnahme " + id);
  n.set_owner(owner);
  n.mutable_measure()->set_start_date("2016-09-01");
  n.mutable_measure()->set_status(v1::MEASURE_STATUS_PLANNED);
  n.mutable_measure()->set_budget_planned_eur(250000);
  return n;
}

v1::Edge EdgeOf(const std::string& from, v1::EdgeType type, const std::string& to) {
  v1::Edge e;
  e.set_from(from);
  e.set_to(to);
  e.set_type(type);
  return e;
}

class StrategyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto admin = testing::AdminChannel(*server_);
    auto monitoring = v1::MonitoringService::NewStub(admin);
    testing::ImportLaenderAndKreise(*monitoring);
    for (const char* code : kDemoIndicators) {
      v1::CreateIndicatorRequest req;
      req.mutable_indicator()->set_code(code);
      req.mutable_indicator()->set_name_de(code);
      req.mutable_indicator()->set_unit(v1::MEASURE_UNIT_PERCENT);
      req.mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
      v1::Indicator created;
      grpc::ClientContext ctx;
      grpc::Status s = monitoring->CreateIndicator(&ctx, req, &created);
      ASSERT_TRUE(s.ok()) << code << ": " << s.error_message();
    }
    admin_ = Stub(Role::kAdmin, "");
    ASSERT_EQ(Apply(*admin_, ReadDocument("data/knowledge/seed.textproto")).error_code(),
              grpc::OK);
  }

  std::unique_ptr<v1::KnowledgeService::Stub> Stub(Role role, const std::string& scope) {
    return v1::KnowledgeService::NewStub(testing::TokenChannel(
        server_->address(), testing::NewToken(*server_, role, scope)));
  }
  static grpc::Status Create(v1::KnowledgeService::Stub& stub, const v1::Node& node) {
    v1::CreateNodeRequest req;
    *req.mutable_node() = node;
    v1::Node out;
    grpc::ClientContext ctx;
    return stub.CreateNode(&ctx, req, &out);
  }
  static grpc::Status Update(v1::KnowledgeService::Stub& stub, const v1::Node& node) {
    v1::UpdateNodeRequest req;
    *req.mutable_node() = node;
    v1::Node out;
    grpc::ClientContext ctx;
    return stub.UpdateNode(&ctx, req, &out);
  }
  static grpc::Status Delete(v1::KnowledgeService::Stub& stub, const std::string& id) {
    v1::DeleteNodeRequest req;
    req.set_id(id);
    v1::DeleteNodeResponse out;
    grpc::ClientContext ctx;
    return stub.DeleteNode(&ctx, req, &out);
  }
  static grpc::Status Link(v1::KnowledgeService::Stub& stub, const v1::Edge& edge) {
    v1::LinkRequest req;
    *req.mutable_edge() = edge;
    v1::Edge out;
    grpc::ClientContext ctx;
    return stub.Link(&ctx, req, &out);
  }
  static grpc::Status Unlink(v1::KnowledgeService::Stub& stub, const v1::Edge& edge) {
    v1::UnlinkRequest req;
    req.set_from(edge.from());
    req.set_to(edge.to());
    req.set_type(edge.type());
    v1::UnlinkResponse out;
    grpc::ClientContext ctx;
    return stub.Unlink(&ctx, req, &out);
  }
  static grpc::Status Apply(v1::KnowledgeService::Stub& stub, const v1::KnowledgeDocument& doc,
                            v1::ApplyKnowledgeResponse* resp = nullptr, bool prune = false,
                            const std::string& prune_owner = "") {
    v1::ApplyKnowledgeRequest req;
    *req.mutable_document() = doc;
    req.set_prune(prune);
    req.set_prune_owner(prune_owner);
    v1::ApplyKnowledgeResponse local;
    grpc::ClientContext ctx;
    return stub.ApplyKnowledge(&ctx, req, resp != nullptr ? resp : &local);
  }
  static v1::KnowledgeDocument Dump(v1::KnowledgeService::Stub& stub, const std::string& owner) {
    v1::DumpKnowledgeRequest req;
    req.set_owner(owner);
    v1::KnowledgeDocument doc;
    grpc::ClientContext ctx;
    grpc::Status s = stub.DumpKnowledge(&ctx, req, &doc);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return doc;
  }
  // The document in canonical domain form, for comparisons independent of file order.
  static knowledge::KnowledgeDocument Canonical(const v1::KnowledgeDocument& doc) {
    auto domain = FromProto(doc);
    EXPECT_TRUE(domain.ok()) << domain.status();
    knowledge::KnowledgeDocument out = domain.ok() ? *domain : knowledge::KnowledgeDocument();
    knowledge::Canonicalize(out);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::KnowledgeService::Stub> admin_;
};

TEST_F(StrategyServiceTest, ScopedEditorWritesOnlyItsUnitsStrategy) {
  auto koeln = Stub(Role::kEditor, "05315");
  // Its own unit: create, link to national content and own goals, update, unlink, delete.
  ASSERT_EQ(Create(*koeln, Goal("goal.k", "05315")).error_code(), grpc::OK);
  ASSERT_EQ(Create(*koeln, Measure("ms.k", "05315")).error_code(), grpc::OK);
  EXPECT_EQ(Link(*koeln, EdgeOf("ms.k", v1::EDGE_TYPE_CONTRIBUTES_TO, "goal.k")).error_code(),
            grpc::OK);
  EXPECT_EQ(Link(*koeln, EdgeOf("ms.k", v1::EDGE_TYPE_ADDRESSES, "af.sprache-bildung")).error_code(),
            grpc::OK);
  EXPECT_EQ(
      Link(*koeln, EdgeOf("ms.k", v1::EDGE_TYPE_INSTANCE_OF, "ms.lotsen-patenprogramme")).error_code(),
      grpc::OK);
  EXPECT_EQ(
      Link(*koeln, EdgeOf("ind.schulabg_ohne_abschluss", v1::EDGE_TYPE_MEASURES, "goal.k")).error_code(),
      grpc::OK);
  v1::Node running = Measure("ms.k", "05315");
  running.mutable_measure()->set_status(v1::MEASURE_STATUS_RUNNING);
  running.mutable_measure()->set_budget_spent_eur(1000);
  EXPECT_EQ(Update(*koeln, running).error_code(), grpc::OK);
  EXPECT_EQ(Unlink(*koeln, EdgeOf("ms.k", v1::EDGE_TYPE_ADDRESSES, "af.sprache-bildung")).error_code(),
            grpc::OK);

  // Another unit's strategy (written by a KB_EDITOR, who is not scoped) stays out of reach.
  auto kb = Stub(Role::kKbEditor, "");
  ASSERT_EQ(Create(*kb, Goal("goal.bonn", "05314")).error_code(), grpc::OK);
  grpc::Status s = Create(*koeln, Goal("goal.bonn2", "05314"));
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("05314"), std::string::npos) << s.error_message();
  EXPECT_EQ(Update(*koeln, Goal("goal.bonn", "05314")).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Delete(*koeln, "goal.bonn").error_code(), grpc::PERMISSION_DENIED);
  // Moving its own measure to another unit touches that unit too.
  EXPECT_EQ(Update(*koeln, Measure("ms.k", "05314")).error_code(), grpc::PERMISSION_DENIED);
  // National content: neither creating, nor deleting a national node its strategy links to.
  v1::Node field;
  field.set_id("af.neu");
  field.set_type(v1::NODE_TYPE_ACTION_FIELD);
  field.set_title_de("Neu");
  s = Create(*koeln, field);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("national knowledge-base content"), std::string::npos)
      << s.error_message();
  EXPECT_EQ(Delete(*koeln, "ms.lotsen-patenprogramme").error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Create(*kb, field).error_code(), grpc::OK);

  // A Land-wide EDITOR covers the Kreis; a reader writes nothing.
  auto nrw = Stub(Role::kEditor, "05");
  EXPECT_EQ(Update(*nrw, Goal("goal.k", "05315")).error_code(), grpc::OK);
  EXPECT_EQ(Create(*Stub(Role::kReader, "05315"), Goal("goal.r", "05315")).error_code(),
            grpc::PERMISSION_DENIED);
  // The owner must be a unit of the register (only Länder and Kreise are loaded here).
  s = Create(*koeln, Goal("goal.g", "05315000"));
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("not a unit of the register"), std::string::npos)
      << s.error_message();

  EXPECT_EQ(Delete(*koeln, "ms.k").error_code(), grpc::OK);
  // Nothing refused was written.
  v1::KnowledgeDocument bonn = Dump(*admin_, "05314");
  ASSERT_EQ(bonn.nodes_size(), 1);
  EXPECT_EQ(bonn.nodes(0).id(), "goal.bonn");
}

TEST_F(StrategyServiceTest, DemoStrategyLoadsOnceDumpsBackByOwnerAndKeepsHistory) {
  const v1::KnowledgeDocument file = ReadDocument(kDemoStrategy);
  // The Köln EDITOR loads the file (every node is owned by 05315).
  auto koeln = Stub(Role::kEditor, "05315");
  v1::ApplyKnowledgeResponse first;
  grpc::Status s = Apply(*koeln, file, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.nodes_created(), file.nodes_size());
  EXPECT_EQ(first.edges_created(), file.edges_size());
  v1::ApplyKnowledgeResponse second;
  ASSERT_TRUE(Apply(*koeln, file, &second).ok());
  EXPECT_EQ(second.changes(), 0);
  EXPECT_EQ(second.nodes_unchanged(), file.nodes_size());

  // The dump by owner is exactly the file's content.
  const v1::KnowledgeDocument dumped = Dump(*koeln, "05315");
  EXPECT_EQ(Canonical(dumped), Canonical(file));
  EXPECT_EQ(Dump(*koeln, "05314").nodes_size(), 0);
  EXPECT_GT(Dump(*koeln, "").nodes_size(), file.nodes_size()) << "no owner: the whole graph";

  // An edited file reloaded with prune restricted to 05315: the dropped measure goes, with its
  // edges; national content stays. An unrestricted prune by the EDITOR is refused.
  v1::KnowledgeDocument edited;
  for (const v1::Node& n : file.nodes()) {
    if (n.id() != "ms.05315.jobcoaching") *edited.add_nodes() = n;
  }
  for (const v1::Edge& e : file.edges()) {
    if (e.from() != "ms.05315.jobcoaching") *edited.add_edges() = e;
  }
  // (Unrestricted, the graph would lose the national nodes the file links to: refused as an
  // invalid graph before the scope is even asked; a self-consistent one is refused by scope,
  // tests/knowledge/strategy_test.cc.)
  EXPECT_FALSE(Apply(*koeln, edited, nullptr, /*prune=*/true).ok());
  EXPECT_EQ(Canonical(Dump(*koeln, "05315")), Canonical(file));
  v1::ApplyKnowledgeResponse pruned;
  s = Apply(*koeln, edited, &pruned, /*prune=*/true, "05315");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(pruned.nodes_removed(), 1);
  EXPECT_EQ(pruned.edges_removed(), 2);
  EXPECT_EQ(Canonical(Dump(*koeln, "05315")), Canonical(edited));
  v1::GetNodeRequest get;
  get.set_id("af.berufliche-integration");
  v1::Node still;
  grpc::ClientContext get_ctx;
  EXPECT_TRUE(admin_->GetNode(&get_ctx, get, &still).ok());

  // History of a measure carries the new fields.
  v1::Node changed;
  for (const v1::Node& n : file.nodes()) {
    if (n.id() == "ms.05315.bildungslotsen") changed = n;
  }
  changed.mutable_measure()->set_status(v1::MEASURE_STATUS_FINISHED);
  changed.mutable_measure()->set_end_date("2024-07-31");
  ASSERT_EQ(Update(*koeln, changed).error_code(), grpc::OK);
  v1::HistoryRequest hreq;
  hreq.set_id("ms.05315.bildungslotsen");
  v1::HistoryResponse history;
  grpc::ClientContext hctx;
  ASSERT_TRUE(koeln->History(&hctx, hreq, &history).ok());
  ASSERT_GE(history.records_size(), 2);
  const v1::AuditRecord& last = history.records(history.records_size() - 1);
  EXPECT_EQ(last.operation(), "update_node");
  EXPECT_NE(last.before_json().find("\"status\":\"running\""), std::string::npos);
  EXPECT_NE(last.after_json().find("\"end_date\":\"2024-07-31\""), std::string::npos);
  EXPECT_NE(last.actor().find("test"), std::string::npos);
}

// The demo file's content conventions (docs/knowledge.md, "Strategy"): illustrative and marked
// so, one owner, 2-3 goals with one nested, 3-4 measures each linked as the evaluation needs.
TEST(DemoStrategyContentTest, IsMarkedIllustrativeAndComplete) {
  const v1::KnowledgeDocument file = ReadDocument(kDemoStrategy);
  std::map<std::string, const v1::Node*> nodes;
  int goals = 0, measures = 0;
  for (const v1::Node& n : file.nodes()) {
    nodes[n.id()] = &n;
    EXPECT_EQ(n.owner(), "05315") << n.id();
    EXPECT_NE(n.title_de().find("Beispiel, frei erfunden"), std::string::npos) << n.id();
    EXPECT_NE(n.description().find("Beispiel, frei erfunden"), std::string::npos) << n.id();
    goals += n.type() == v1::NODE_TYPE_GOAL;
    measures += n.type() == v1::NODE_TYPE_MEASURE;
  }
  EXPECT_GE(goals, 2);
  EXPECT_LE(goals, 3);
  EXPECT_GE(measures, 3);
  EXPECT_LE(measures, 4);
  std::map<std::string, std::set<v1::EdgeType>> out;
  int nested = 0;
  for (const v1::Edge& e : file.edges()) {
    out[e.from()].insert(e.type());
    if (e.type() == v1::EDGE_TYPE_CONTRIBUTES_TO && nodes.contains(e.from()) &&
        nodes.at(e.from())->type() == v1::NODE_TYPE_GOAL) {
      ++nested;
    }
  }
  EXPECT_GE(nested, 1);
  for (const auto& [id, n] : nodes) {
    if (n->type() != v1::NODE_TYPE_MEASURE) continue;
    EXPECT_TRUE(out[id].contains(v1::EDGE_TYPE_CONTRIBUTES_TO)) << id;
    EXPECT_TRUE(out[id].contains(v1::EDGE_TYPE_ADDRESSES)) << id;
  }
  std::ifstream in(std::string(INTEGRA_SOURCE_DIR) + "/" + kDemoStrategy);
  std::string header, line;
  for (int i = 0; i < 5 && std::getline(in, line); ++i) header += line + "\n";
  EXPECT_NE(header.find("BEISPIEL, FREI ERFUNDEN"), std::string::npos) << header;
}

// Every demo measure can be evaluated on the real INKAR series of 05315: each indicator that
// measures one of its goals (or a goal those contribute to) has at least 3 observed years before
// the start year and 2 after it.
TEST(DemoStrategyContentTest, MeasuresStartInsideTheObservedYears) {
  const v1::KnowledgeDocument file = ReadDocument(kDemoStrategy);
  // INKAR column of each indicator (the mapping of deploy/make-demo-data.sh).
  const std::map<std::string, std::string> column = {
      {"ind.betreuung_u3", "childcare_under3"},
      {"ind.schulabg_abitur", "share_abitur"},
      {"ind.schulabg_ohne_abschluss", "share_no_degree"},
      {"ind.alo_u25_quote", "youth_unemployment_rate"},
      {"ind.alo_langzeit_anteil", "share_longterm_unemployed"},
      {"ind.azubi_quote", "apprentices_per_100"}};
  std::map<std::string, std::set<int>> years;  // column -> observed years of 05315
  {
    std::ifstream in(std::string(INTEGRA_SOURCE_DIR) +
                     "/data/reference/inkar_kreise_indicators_1995_2022.csv");
    std::string line;
    std::getline(in, line);
    std::vector<std::string> names = absl::StrSplit(line, ',');
    while (std::getline(in, line)) {
      if (line.rfind("05315,", 0) != 0) continue;
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      for (size_t i = 2; i < cells.size() && i < names.size(); ++i) {
        if (!cells[i].empty()) years[names[i]].insert(std::stoi(cells[1]));
      }
    }
  }
  std::map<std::string, std::vector<std::string>> up, measured_by;
  for (const v1::Edge& e : file.edges()) {
    if (e.type() == v1::EDGE_TYPE_CONTRIBUTES_TO) up[e.from()].push_back(e.to());
    if (e.type() == v1::EDGE_TYPE_MEASURES) measured_by[e.to()].push_back(e.from());
  }
  for (const v1::Node& n : file.nodes()) {
    if (n.type() != v1::NODE_TYPE_MEASURE) continue;
    const int start = std::stoi(n.measure().start_date().substr(0, 4));
    std::set<std::string> goals;
    std::vector<std::string> todo = up[n.id()];
    while (!todo.empty()) {
      std::string g = todo.back();
      todo.pop_back();
      if (!goals.insert(g).second) continue;
      for (const std::string& parent : up[g]) todo.push_back(parent);
    }
    int indicators = 0;
    for (const std::string& g : goals) {
      for (const std::string& ind : measured_by[g]) {
        ++indicators;
        ASSERT_TRUE(column.contains(ind)) << ind;
        const std::set<int>& observed = years[column.at(ind)];
        const auto before = std::count_if(observed.begin(), observed.end(),
                                          [&](int y) { return y < start; });
        const auto after = std::count_if(observed.begin(), observed.end(),
                                         [&](int y) { return y > start; });
        EXPECT_GE(before, 3) << n.id() << " " << ind;
        EXPECT_GE(after, 2) << n.id() << " " << ind;
      }
    }
    EXPECT_GE(indicators, 1) << n.id() << " has no indicator through its goals";
  }
}

}  // namespace
}  // namespace integra::api
