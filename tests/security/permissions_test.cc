// The permission decision (services/security/permissions.h) for every role and permission, and
// the territorial scope boundaries, table-driven.
#include "services/security/permissions.h"

#include <vector>

#include "gtest/gtest.h"

namespace integra::security {
namespace {

using Code = absl::StatusCode;
using P = Permission;

Principal Token(Role role, std::string scope = "") {
  return Principal::ForToken("0123456789abcdef", "t", role, std::move(scope));
}

struct RoleCase {
  const char* label;
  Principal caller;
  P permission;
  std::vector<std::string> keys;
  bool anonymous_read;
  Code expected;
};

TEST(AuthorizeTest, RoleMatrix) {
  const Principal anon = Principal::Anonymous();
  const Principal admin = Token(Role::kAdmin);
  const Principal kb = Token(Role::kKbEditor);
  const Principal editor = Token(Role::kEditor, "05315");
  const Principal reader = Token(Role::kReader, "05315");
  const std::vector<std::string> koeln = {"05315000"};
  const std::vector<RoleCase> cases = {
      {"anon public", anon, P::kPublic, {}, false, Code::kOk},
      {"anon read, not allowed", anon, P::kRead, {}, false, Code::kUnauthenticated},
      {"anon read, allowed", anon, P::kRead, {}, true, Code::kOk},
      {"anon write", anon, P::kScopedWrite, koeln, true, Code::kUnauthenticated},
      {"anon kb write", anon, P::kKbWrite, {}, true, Code::kUnauthenticated},
      {"anon admin", anon, P::kAdmin, {}, true, Code::kUnauthenticated},
      {"anon audit", anon, P::kAuditRead, koeln, true, Code::kUnauthenticated},
      {"admin read", admin, P::kRead, {}, false, Code::kOk},
      {"admin write anywhere", admin, P::kScopedWrite, {"09162000"}, false, Code::kOk},
      {"admin kb", admin, P::kKbWrite, {}, false, Code::kOk},
      {"admin admin", admin, P::kAdmin, {}, false, Code::kOk},
      {"admin audit", admin, P::kAuditRead, {}, false, Code::kOk},
      {"kb read", kb, P::kRead, {}, false, Code::kOk},
      {"kb write obs", kb, P::kScopedWrite, koeln, false, Code::kPermissionDenied},
      {"kb kb", kb, P::kKbWrite, {}, false, Code::kOk},
      {"kb admin", kb, P::kAdmin, {}, false, Code::kPermissionDenied},
      {"kb audit", kb, P::kAuditRead, koeln, false, Code::kPermissionDenied},
      {"editor read", editor, P::kRead, {}, false, Code::kOk},
      {"editor write in scope", editor, P::kScopedWrite, koeln, false, Code::kOk},
      {"editor write outside", editor, P::kScopedWrite, {"05111000"}, false, Code::kPermissionDenied},
      {"editor write naming no unit", editor, P::kScopedWrite, {}, false, Code::kPermissionDenied},
      {"editor kb", editor, P::kKbWrite, {}, false, Code::kPermissionDenied},
      {"editor admin", editor, P::kAdmin, {}, false, Code::kPermissionDenied},
      {"editor audit in scope", editor, P::kAuditRead, koeln, false, Code::kOk},
      {"reader read", reader, P::kRead, {}, false, Code::kOk},
      {"reader write", reader, P::kScopedWrite, koeln, false, Code::kPermissionDenied},
      {"reader kb", reader, P::kKbWrite, {}, false, Code::kPermissionDenied},
      {"reader admin", reader, P::kAdmin, {}, false, Code::kPermissionDenied},
      {"reader audit in scope", reader, P::kAuditRead, koeln, false, Code::kOk},
      {"reader audit outside", reader, P::kAuditRead, {"05111000"}, false, Code::kPermissionDenied},
      {"reader audit without unit", reader, P::kAuditRead, {}, false, Code::kPermissionDenied},
  };
  for (const RoleCase& c : cases) {
    const absl::Status s =
        Authorize(c.caller, c.permission, c.keys, {.allow_anonymous_read = c.anonymous_read});
    EXPECT_EQ(s.code(), c.expected) << c.label << ": " << s;
  }
}

struct ScopeCase {
  std::string scope;
  std::string key;
  bool covered;
};

TEST(AuthorizeTest, ScopeBoundaries) {
  const std::vector<ScopeCase> cases = {
      {"05", "05", true},              // the Land itself
      {"05", "051", true},             // a Regierungsbezirk of NRW
      {"05", "05315000", true},        // a Gemeinde of NRW
      {"05", "09162000", false},       // München
      {"051", "05", false},            // a narrower scope does not cover the Land
      {"051", "05111000", true},       // Düsseldorf is in RB 051
      {"051", "05315000", false},      // Köln is in RB 053
      {"05315", "05315", true},        // the Kreis key itself
      {"05315", "05315000", true},     // its Gemeinde
      {"05315", "053150", true},       // any key below
      {"053150", "05315", false},      // a longer scope does not cover the shorter key
      {"05315000", "05315", false},    // Gemeinde scope vs its Kreis
      {"05334", "05334002", true},     // Kreis (StädteRegion Aachen) covers its Gemeinden
      {"05334002", "05334004", false}, // one Gemeinde does not cover its neighbour
      {"", "DG", true},                // no scope covers even the Bund
      {"05", "DG", false},
  };
  for (const ScopeCase& c : cases) {
    EXPECT_EQ(ScopeCovers(c.scope, c.key), c.covered) << c.scope << " vs " << c.key;
    const absl::Status s = Authorize(Token(Role::kEditor, c.scope), P::kScopedWrite,
                                     std::vector<std::string>{c.key}, {});
    EXPECT_EQ(s.ok(), c.covered) << c.scope << " vs " << c.key << ": " << s;
    EXPECT_EQ(Token(Role::kReader, c.scope).MaySeeConfidential(c.key), c.covered)
        << c.scope << " vs " << c.key;
  }
}

TEST(AuthorizeTest, OneKeyOutsideRefusesTheWholeRequestAndNamesTheScopeNeeded) {
  const std::vector<std::string> keys = {"05315000", "05315", "05111000"};
  const absl::Status s = Authorize(Token(Role::kEditor, "05315"), P::kScopedWrite, keys, {});
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_NE(s.message().find("05111000"), std::string::npos) << s;
  EXPECT_NE(s.message().find("outside scope 05315"), std::string::npos) << s;
}

TEST(PrincipalTest, ConfidentialValuesByRole) {
  EXPECT_TRUE(Token(Role::kAdmin).MaySeeConfidential("09162000"));
  EXPECT_FALSE(Token(Role::kKbEditor).MaySeeConfidential("09162000"));
  EXPECT_FALSE(Principal::Anonymous().MaySeeConfidential("09162000"));
  EXPECT_TRUE(Token(Role::kReader, "").MaySeeConfidential("09162000"));
  EXPECT_TRUE(Token(Role::kEditor, "09").MaySeeConfidential("09162000"));
  EXPECT_FALSE(Token(Role::kEditor, "05").MaySeeConfidential("09162000"));
}

TEST(PrincipalTest, RevealsValueMasksOnlySuppressedValuesOutsideTheScope) {
  const Principal outside = Token(Role::kReader, "05111");
  const Principal inside = Token(Role::kReader, "05315");
  EXPECT_TRUE(RevealsValue(outside, "05315", /*suppressed=*/false));
  EXPECT_FALSE(RevealsValue(outside, "05315", /*suppressed=*/true));
  EXPECT_TRUE(RevealsValue(inside, "05315", /*suppressed=*/true));
  EXPECT_TRUE(RevealsValue(inside, "05315000", /*suppressed=*/true));
  EXPECT_FALSE(RevealsValue(Token(Role::kEditor, "053150"), "05315", /*suppressed=*/true));
  EXPECT_FALSE(RevealsValue(Principal::Anonymous(), "05315", /*suppressed=*/true));
  EXPECT_TRUE(RevealsValue(Principal::Anonymous(), "05315", /*suppressed=*/false));
  EXPECT_FALSE(RevealsValue(Token(Role::kKbEditor), "05315", /*suppressed=*/true));
  EXPECT_TRUE(RevealsValue(Token(Role::kAdmin), "05315", /*suppressed=*/true));
}

TEST(PrincipalTest, ScopeOnlyForScopedRolesAndActorNamesTheToken) {
  EXPECT_EQ(Principal::ForToken("id", "n", Role::kAdmin, "05").scope, "");
  EXPECT_EQ(Principal::ForToken("id", "koeln", Role::kEditor, "05315").Actor(),
            "koeln (token id)");
  EXPECT_EQ(Principal::Anonymous().Actor(), "anonymous");
  EXPECT_EQ(ParseRole("kb_editor").value(), Role::kKbEditor);
  EXPECT_EQ(ParseRole("root").status().code(), Code::kInvalidArgument);
}

TEST(MethodTableTest, LookupFindsEveryEntryAndNothingElse) {
  for (const MethodRule& r : MethodTable()) {
    ASSERT_NE(FindRule(r.method), nullptr) << r.method;
    EXPECT_EQ(FindRule(r.method)->permission, r.permission);
  }
  EXPECT_EQ(FindRule("/integra.v1.MonitoringService/NoSuchMethod"), nullptr);
  EXPECT_EQ(FindRule(""), nullptr);
}

}  // namespace
}  // namespace integra::security
