// Golden bytes of the token record (services/security/token_records.h). Every expected literal
// was derived by hand from the layout in the header, not copied from the code's output: if this
// fails, the on-disk format of the tokens family changed.
#include "gtest/gtest.h"
#include "services/security/audit_records.h"
#include "services/security/token_records.h"
#include "tests/testing/hex.h"
#include "tests/testing/status_matchers.h"

namespace integra::security {
namespace {

using ::integra::testing::Hex;
using ::integra::testing::HexOf;
using ::integra::testing::Unhex;

TEST(TokenRecordGoldenTest, Layout) {
  TokenRecord r;
  r.token.id = "00112233aabbccdd";
  r.token.name = "ab";
  r.token.role = Role::kEditor;
  r.token.scope = "05";
  r.token.expires_micros = 0x0102;
  r.token.created_micros = 1;
  r.token.last_used_micros = 0;
  r.salt = std::string(16, '\x11');
  r.hash = std::string(32, '\x22');
  const std::string expected = HexOf(
      "01 |"                                         // version 1
      " 02 6162 |"                                   // Str "ab"
      " 03 |"                                        // role EDITOR = 3
      " 02 3035 |"                                   // Str "05"
      " 0201000000000000 |"                          // I64 expires 0x0102, little-endian
      " 0100000000000000 |"                          // I64 created 1
      " 0000000000000000 |"                          // I64 last used: never
      " 0000000000000000 |"                          // I64 revoked: no
      " 10 11111111111111111111111111111111 |"       // Str salt, 16 bytes
      " 20 2222222222222222222222222222222222222222222222222222222222222222");  // Str hash
  EXPECT_EQ(Hex(EncodeTokenRecord(r)), expected);

  ASSERT_OK_AND_ASSIGN(TokenRecord back, DecodeTokenRecord(r.token.id, Unhex(expected)));
  EXPECT_EQ(back.token.id, "00112233aabbccdd");
  EXPECT_EQ(back.token.name, "ab");
  EXPECT_EQ(back.token.role, Role::kEditor);
  EXPECT_EQ(back.token.scope, "05");
  EXPECT_EQ(back.token.expires_micros, 0x0102);
  EXPECT_EQ(back.token.created_micros, 1);
  EXPECT_EQ(back.token.last_used_micros, 0);
  EXPECT_FALSE(back.token.revoked_micros.has_value());
  EXPECT_EQ(back.salt, r.salt);
  EXPECT_EQ(back.hash, r.hash);
}

TEST(TokenRecordGoldenTest, MalformedBytesAreDataLossNotACrash) {
  EXPECT_EQ(DecodeTokenRecord("x", Unhex("02")).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeTokenRecord("x", Unhex("01 02 6162 09")).status().code(),
            absl::StatusCode::kDataLoss);  // role 9 is unknown
  EXPECT_EQ(DecodeTokenRecord("x", Unhex("01 02 61")).status().code(),
            absl::StatusCode::kDataLoss);  // truncated string
}

TEST(AuditRecordGoldenTest, Layout) {
  AuditEntry e;
  e.recorded_micros = 2;
  e.token_id = "ab";
  e.token_name = "k";
  e.peer = "p";
  e.rpc = "/r";
  e.unit_keys = {"05"};
  e.what = "x";
  e.before = "y";
  const std::string expected = HexOf(
      "01 |"                  // version 1
      " 0200000000000000 |"   // I64 recorded micros 2, little-endian
      " 02 6162 |"            // Str token id "ab"
      " 01 6b |"              // Str token name "k"
      " 01 70 |"              // Str peer "p"
      " 02 2f72 |"            // Str rpc "/r"
      " 01 02 3035 |"         // StrList: 1 string, "05"
      " 01 78 |"              // Str what "x"
      " 01 79");              // Str before "y"
  EXPECT_EQ(Hex(EncodeAuditRecord(e)), expected);
  ASSERT_OK_AND_ASSIGN(AuditEntry back, DecodeAuditRecord(7, Unhex(expected)));
  EXPECT_EQ(back.sequence, 7u);
  EXPECT_EQ(back.recorded_micros, 2);
  EXPECT_EQ(back.token_id, "ab");
  EXPECT_EQ(back.token_name, "k");
  EXPECT_EQ(back.peer, "p");
  EXPECT_EQ(back.rpc, "/r");
  EXPECT_EQ(back.unit_keys, std::vector<std::string>{"05"});
  EXPECT_EQ(back.what, "x");
  EXPECT_EQ(back.before, "y");
  EXPECT_EQ(DecodeAuditRecord(7, Unhex("01 02")).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace integra::security
