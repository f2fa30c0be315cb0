// Golden bytes of the knowledge graph's keys and records (knowledge_records.h: node key, out- and
// in-edge keys, node and edge records; knowledge_store.h: audit key; the audit record, whose
// layout lives only in knowledge_store.cc, through the store).
//
// Every expected hex literal was derived by hand from the documented layout (the derivation is
// written next to it), not copied from the code's output. Key components: Str = bytes, 0x00
// escaped as 00 ff, terminated by 00 01; U8/U64 big-endian. Record fields: little-endian, Str =
// LEB128 length + bytes (storage/key_codec.h, storage/record_codec.h).
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "services/knowledge/knowledge_records.h"
#include "services/knowledge/knowledge_store.h"
#include "storage/key_codec.h"
#include "storage/store.h"
#include "tests/testing/hex.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

using ::integra::testing::Hex;
using ::integra::testing::HexOf;
using ::integra::testing::Le64Hex;
using ::integra::testing::Unhex;

TEST(KnowledgeRecordsGoldenTest, Keys) {
  // kb_nodes: Str(id). "af.x" = 61 66 2e 78.
  EXPECT_EQ(Hex(records::NodeKey("af.x")), HexOf("61662e78 0001"));
  // kb_edges_out: Str(from) U8(type) Str(to). MEASURES = 4; "ind.alq" = 69 6e 64 2e 61 6c 71.
  EXPECT_EQ(Hex(records::OutKey("ind.alq", EdgeType::kMeasures, "af.x")),
            HexOf("696e642e616c71 0001 | 04 | 61662e78 0001"));
  // kb_edges_in: Str(to) U8(type) Str(from). CITES = 7; "src.y" = 73 72 63 2e 79.
  EXPECT_EQ(Hex(records::InKey("src.y", EdgeType::kCites, "af.x")),
            HexOf("7372632e79 0001 | 07 | 61662e78 0001"));
}

TEST(KnowledgeRecordsGoldenTest, NodeRecord) {
  // Version 1, as stored before owners existed (still decoded, never written again):
  // U8 version 01 | U8 type 03 (RECOMMENDATION) | Str title_de "Sprache" 07 53707261636865 |
  // Str title_en "" 00 | Str description "D" 01 44 | StrList tags {"a","bc"} 02 01 61 02 6263 |
  // Str source_id "src.y" 05 7372632e79 | I64 year 2017 = 0x7e1 -> e107000000000000 |
  // I64 sample_size 300 = 0x12c -> 2c01000000000000 | Str locator "S. 7" 04 532e2037
  const char* golden_v1 =
      "01 | 03 | 07 53707261636865 | 00 | 01 44 | 02 01 61 02 6263 | 05 7372632e79 | "
      "e107000000000000 | 2c01000000000000 | 04 532e2037";
  Node n{.id = "rec.sprache",
         .type = NodeType::kRecommendation,
         .title_de = "Sprache",
         .title_en = "",
         .description = "D",
         .tags = {"a", "bc"},
         .provenance = {.source_id = "src.y", .year = 2017, .sample_size = 300, .locator = "S. 7"}};
  ASSERT_OK_AND_ASSIGN(Node old, records::DecodeNode("rec.sprache", Unhex(golden_v1)));
  EXPECT_EQ(old, n) << "a version-1 record decodes as national content without measure details";
  // Version 2 (written now): 02, the version-1 fields, then Str owner "" 00 | Str office "" 00 |
  // Str start "" 00 | Str end "" 00 | Bool 00 | F64 0 | Bool 00 | F64 0 | U8 status 00.
  const char* golden_v2 =
      "02 | 03 | 07 53707261636865 | 00 | 01 44 | 02 01 61 02 6263 | 05 7372632e79 | "
      "e107000000000000 | 2c01000000000000 | 04 532e2037 | 00 | 00 | 00 | 00 | "
      "00 | 0000000000000000 | 00 | 0000000000000000 | 00";
  EXPECT_EQ(Hex(records::EncodeNode(n)), HexOf(golden_v2));
  ASSERT_OK_AND_ASSIGN(Node back, records::DecodeNode("rec.sprache", Unhex(golden_v2)));
  EXPECT_EQ(back, n);
  // Type 0c (12) is unknown; version 03 is unknown; a version-2 record cut after the locator
  // (a version-1 body with the new version byte) is refused, not read as national content.
  std::string bad_type = Unhex(golden_v2);
  bad_type[1] = '\x0c';
  EXPECT_EQ(records::DecodeNode("x.y", bad_type).status().code(), absl::StatusCode::kDataLoss);
  std::string bad_version = Unhex(golden_v2);
  bad_version[0] = '\x03';
  EXPECT_EQ(records::DecodeNode("x.y", bad_version).status().code(), absl::StatusCode::kDataLoss);
  std::string cut = Unhex(golden_v1);
  cut[0] = '\x02';
  EXPECT_FALSE(records::DecodeNode("x.y", cut).ok());
}

TEST(KnowledgeRecordsGoldenTest, OwnedMeasureRecord) {
  // 02 | type 09 (MEASURE) | Str title_de "M" 01 4d | 00 | 00 | StrList {} 00 | Str source "" 00 |
  // I64 0 | I64 0 | Str locator "" 00 | Str owner "05315" 05 3035333135 |
  // Str office "Amt" 03 416d74 | Str start "2016-09-01" 0a 323031362d30392d3031 |
  // Str end "" 00 | Bool 01 | F64 800000 (0x41286a0000000000) -> 00000000006a2841 |
  // Bool 00 | F64 0 | U8 status 02 (RUNNING)
  const char* golden =
      "02 | 09 | 01 4d | 00 | 00 | 00 | 00 | 0000000000000000 | 0000000000000000 | 00 | "
      "05 3035333135 | 03 416d74 | 0a 323031362d30392d3031 | 00 | 01 | 00000000006a2841 | "
      "00 | 0000000000000000 | 02";
  Node n{.id = "ms.k",
         .type = NodeType::kMeasure,
         .title_de = "M",
         .owner = "05315",
         .measure = {.responsible_office = "Amt",
                     .start_date = "2016-09-01",
                     .budget_planned_eur = 800000,
                     .status = MeasureStatus::kRunning}};
  EXPECT_EQ(Hex(records::EncodeNode(n)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(Node back, records::DecodeNode("ms.k", Unhex(golden)));
  EXPECT_EQ(back, n);
  // Goal type 0b (11).
  std::string goal = Unhex(golden);
  goal[1] = '\x0b';
  ASSERT_OK_AND_ASSIGN(Node as_goal, records::DecodeNode("goal.k", goal));
  EXPECT_EQ(as_goal.type, NodeType::kGoal);
  // Status 05 is unknown.
  std::string bad_status = Unhex(golden);
  bad_status.back() = '\x05';
  EXPECT_EQ(records::DecodeNode("ms.k", bad_status).status().code(), absl::StatusCode::kDataLoss);
}

TEST(KnowledgeRecordsGoldenTest, EdgeRecord) {
  // U8 version 01 | Bool has_weight 01 | F64 0.75 (0x3fe8000000000000) -> 000000000000e83f |
  // Str note "weil" 04 7765696c
  const char* golden = "01 | 01 | 000000000000e83f | 04 7765696c";
  Edge e{
      .from = "ind.alq", .to = "af.x", .type = EdgeType::kMeasures, .weight = 0.75, .note = "weil"};
  EXPECT_EQ(Hex(records::EncodeEdge(e)), HexOf(golden));
  // Without weight: 00 + 8 zero bytes; empty note 00.
  Edge plain{.from = "ind.alq", .to = "af.x", .type = EdgeType::kMeasures};
  EXPECT_EQ(Hex(records::EncodeEdge(plain)), HexOf("01 | 00 | 0000000000000000 | 00"));

  Edge attrs;
  ASSERT_OK(records::DecodeEdgeAttributes(Unhex(golden), attrs));
  EXPECT_EQ(attrs.weight, 0.75);
  EXPECT_EQ(attrs.note, "weil");
  ASSERT_OK_AND_ASSIGN(
      Edge whole,
      records::DecodeOutEntry(Unhex("696e642e616c71 0001 04 61662e78 0001"), Unhex(golden)));
  EXPECT_EQ(whole, e);
  // CONTRIBUTES_TO = 08, INSTANCE_OF = 09; edge type 0a is unknown.
  ASSERT_OK_AND_ASSIGN(
      Edge nested,
      records::DecodeOutEntry(Unhex("696e642e616c71 0001 08 61662e78 0001"), Unhex(golden)));
  EXPECT_EQ(nested.type, EdgeType::kContributesTo);
  EXPECT_EQ(Hex(records::OutKey("ms.k", EdgeType::kInstanceOf, "ms.g")),
            HexOf("6d732e6b 0001 | 09 | 6d732e67 0001"));
  EXPECT_EQ(records::DecodeOutEntry(Unhex("696e642e616c71 0001 0a 61662e78 0001"), Unhex(golden))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
  // Bytes after the last component (found by fuzzing; tests/fuzz/corpus/key_codec/
  // regress-edge-key-trailing-bytes): not a key OutKey writes, so not an edge.
  EXPECT_EQ(records::DecodeOutEntry(Unhex("696e642e616c71 0001 04 61662e78 0001 00"), Unhex(golden))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

TEST(KnowledgeStoreGoldenTest, StoredNodeEdgeAndAuditBytes) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, storage::Store::Open({.path = dir.path()}));
  ASSERT_OK_AND_ASSIGN(auto kb, KnowledgeStore::Open(store.get()));
  ASSERT_OK(kb->CreateNode({.id = "src.y", .type = NodeType::kSource, .title_de = "Q"}, "ed"));
  ASSERT_OK(kb->CreateNode({.id = "af.x", .type = NodeType::kActionField, .title_de = "X"}, "ed"));
  ASSERT_OK(kb->Link({.from = "af.x", .to = "src.y", .type = EdgeType::kCites, .note = "n"}, "ed"));

  // Node af.x: 02 | 01 (ACTION_FIELD) | 01 58 | 00 | 00 | 00 (no tags) | 00 | I64 0 | I64 0 |
  // 00 | owner, office, start, end 00 00 00 00 | 00 F64 0 | 00 F64 0 | status 00
  ASSERT_OK_AND_ASSIGN(auto node, store->Get(storage::Family::kKbNodes, Unhex("61662e78 0001")));
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(Hex(*node), HexOf("02 | 01 | 01 58 | 00 | 00 | 00 | 00 | 0000000000000000 | "
                              "0000000000000000 | 00 | 00 00 00 00 | 00 0000000000000000 | "
                              "00 0000000000000000 | 00"));
  // Out entry af.x -CITES(07)-> src.y with record 01 | 00 | 0 | 01 6e; in entry empty.
  ASSERT_OK_AND_ASSIGN(auto out, store->Get(storage::Family::kKbEdgesOut,
                                            Unhex("61662e78 0001 07 7372632e79 0001")));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(Hex(*out), HexOf("01 | 00 | 0000000000000000 | 01 6e"));
  ASSERT_OK_AND_ASSIGN(
      auto in, store->Get(storage::Family::kKbEdgesIn, Unhex("7372632e79 0001 07 61662e78 0001")));
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(*in, "");

  // Audit: key Str(node id) U64(sequence) (knowledge_store.h). Sequences: 1 create src.y,
  // 2 create af.x, then the link is audited under both ends (3 and 4, in some order).
  // The record layout is documented nowhere but in knowledge_store.cc AddAudit:
  //   U8 version 01 | I64 time_micros | Str actor | Str operation | Str before | Str after
  ASSERT_OK_AND_ASSIGN(auto history, kb->History("af.x"));
  ASSERT_FALSE(history.empty());
  const AuditRecord& created = history.front();
  EXPECT_EQ(created.sequence, 2u);
  EXPECT_EQ(created.operation, "create_node");
  ASSERT_OK_AND_ASSIGN(
      auto audit, store->Get(storage::Family::kKbAudit, Unhex("61662e78 0001 0000000000000002")));
  ASSERT_TRUE(audit.has_value());
  //   01 | time | Str "ed" 02 6564 | Str "create_node" 0b 6372656174655f6e6f6465 | Str "" 00 |
  //   Str after: the node's JSON, whatever its length (checked through History, not pinned).
  const std::string head = HexOf("01") + Le64Hex(created.time_micros) +
                           HexOf("02 6564 | 0b 6372656174655f6e6f6465 | 00");
  ASSERT_GE(Hex(*audit).size(), head.size());
  EXPECT_EQ(Hex(*audit).substr(0, head.size()), head);
  EXPECT_EQ(created.actor, "ed");
  EXPECT_EQ(created.before, "");
  EXPECT_FALSE(created.after.empty());
  // Last audit sequence in meta, decimal text: four audited changes (two nodes, the link
  // filed under each end).
  ASSERT_OK_AND_ASSIGN(auto seq, store->Get(storage::Family::kMeta, "kb_audit_seq"));
  ASSERT_TRUE(seq.has_value());
  EXPECT_EQ(*seq, "4");
}

}  // namespace
}  // namespace integra::knowledge
