// TokenStore over a real RocksDB in a temp dir, with a manual clock.
#include "services/security/token_store.h"

#include <set>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::security {
namespace {

constexpr int64_t kDay = 86'400'000'000;

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open({.path = dir_.path()});
    ASSERT_OK(store);
    store_ = std::move(*store);
    tokens_ = std::make_unique<TokenStore>(store_.get(), &clock_);
  }
  CreatedToken MustCreate(const TokenSpec& spec) {
    auto created = tokens_->Create(spec);
    EXPECT_OK(created);
    return created.ok() ? *created : CreatedToken{};
  }

  testing::TempDir dir_;
  common::ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<TokenStore> tokens_;
};

TEST_F(TokenStoreTest, SecretIs256RandomBitsAndAuthenticatesToItsPrincipal) {
  CreatedToken a = MustCreate({.name = "koeln", .role = Role::kEditor, .scope = "05315"});
  CreatedToken b = MustCreate({.name = "koeln", .role = Role::kEditor, .scope = "05315"});
  EXPECT_EQ(a.secret.size(), 4 + 16 + 1 + 64);
  EXPECT_EQ(a.secret.substr(0, 4), "itk_");
  EXPECT_EQ(a.secret.substr(4, 16), a.token.id);
  EXPECT_NE(a.secret, b.secret);
  EXPECT_NE(a.token.id, b.token.id);
  ASSERT_OK_AND_ASSIGN(Principal p, tokens_->Authenticate(a.secret));
  EXPECT_FALSE(p.anonymous);
  EXPECT_EQ(p.token_id, a.token.id);
  EXPECT_EQ(p.name, "koeln");
  EXPECT_EQ(p.role, Role::kEditor);
  EXPECT_EQ(p.scope, "05315");
}

TEST_F(TokenStoreTest, StoresNoSecretOnlySaltAndHash) {
  CreatedToken a = MustCreate({.name = "admin", .role = Role::kAdmin});
  const std::string random_hex = a.secret.substr(21);
  auto it = store_->NewIterator(storage::Family::kTokens, "", "");
  int records = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++records) {
    const std::string value(it->value());
    EXPECT_EQ(value.find(random_hex), std::string::npos);
    ASSERT_OK_AND_ASSIGN(TokenRecord r, DecodeTokenRecord(it->key(), value));
    EXPECT_EQ(r.salt.size(), 16u);
    EXPECT_EQ(r.hash.size(), 32u);
  }
  EXPECT_EQ(records, 1);
}

TEST_F(TokenStoreTest, WrongMalformedUnknownExpiredAndRevokedAreUnauthenticated) {
  CreatedToken a = MustCreate({.name = "r", .role = Role::kReader, .expires_micros = clock_.NowMicros() + kDay});
  std::string wrong = a.secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_STATUS(tokens_->Authenticate(wrong), absl::StatusCode::kUnauthenticated, "unknown token");
  EXPECT_STATUS(tokens_->Authenticate("hunter2"), absl::StatusCode::kUnauthenticated, "not an integra token");
  std::string other_id = a.secret;
  other_id[4] = other_id[4] == 'a' ? 'b' : 'a';
  EXPECT_STATUS(tokens_->Authenticate(other_id), absl::StatusCode::kUnauthenticated, "unknown token");
  EXPECT_OK(tokens_->Authenticate(a.secret));

  clock_.AdvanceMicros(kDay);
  EXPECT_STATUS(tokens_->Authenticate(a.secret), absl::StatusCode::kUnauthenticated, "expired");

  CreatedToken b = MustCreate({.name = "w", .role = Role::kAdmin});
  EXPECT_OK(tokens_->Authenticate(b.secret));
  ASSERT_OK_AND_ASSIGN(Token revoked, tokens_->Revoke(b.token.id));
  EXPECT_EQ(revoked.revoked_micros, clock_.NowMicros());
  EXPECT_STATUS(tokens_->Authenticate(b.secret), absl::StatusCode::kUnauthenticated, "revoked");
  EXPECT_STATUS(tokens_->Revoke("0000000000000000"), absl::StatusCode::kNotFound, "no token");
}

TEST_F(TokenStoreTest, CreateRejectsBadSpecs) {
  EXPECT_STATUS(tokens_->Create({.name = "", .role = Role::kAdmin}),
                absl::StatusCode::kInvalidArgument, "needs a name");
  EXPECT_STATUS(tokens_->Create({.name = "x", .role = Role::kEditor, .scope = "05a"}),
                absl::StatusCode::kInvalidArgument, "digits only");
  EXPECT_STATUS(tokens_->Create({.name = "x", .role = Role::kAdmin, .scope = "05"}),
                absl::StatusCode::kInvalidArgument, "EDITOR and READER tokens only");
  EXPECT_STATUS(tokens_->Create({.name = "x", .role = Role::kReader,
                                 .expires_micros = clock_.NowMicros()}),
                absl::StatusCode::kInvalidArgument, "not in the future");
}

TEST_F(TokenStoreTest, ListShowsEveryTokenAndRecordsLastUseAtMostOncePerMinute) {
  CreatedToken a = MustCreate({.name = "a", .role = Role::kAdmin});
  MustCreate({.name = "b", .role = Role::kReader, .scope = "05"});
  const int64_t t0 = clock_.NowMicros();
  ASSERT_OK(tokens_->Authenticate(a.secret));
  clock_.AdvanceMicros(30'000'000);
  ASSERT_OK(tokens_->Authenticate(a.secret));
  ASSERT_OK_AND_ASSIGN(std::vector<Token> list, tokens_->List());
  ASSERT_EQ(list.size(), 2u);
  std::set<std::string> names;
  for (const Token& t : list) {
    names.insert(t.name);
    if (t.id == a.token.id) {
      EXPECT_EQ(t.last_used_micros, t0);
    }
  }
  EXPECT_EQ(names, (std::set<std::string>{"a", "b"}));
  clock_.AdvanceMicros(30'000'000);
  ASSERT_OK(tokens_->Authenticate(a.secret));
  ASSERT_OK_AND_ASSIGN(list, tokens_->List());
  for (const Token& t : list) {
    if (t.id == a.token.id) {
      EXPECT_EQ(t.last_used_micros, t0 + 60'000'000);
    }
  }
}

TEST_F(TokenStoreTest, TokensSurviveReopen) {
  CreatedToken a = MustCreate({.name = "a", .role = Role::kKbEditor});
  tokens_.reset();
  store_.reset();
  auto store = storage::Store::Open({.path = dir_.path()});
  ASSERT_OK(store);
  TokenStore reopened(store->get(), &clock_);
  ASSERT_OK_AND_ASSIGN(Principal p, reopened.Authenticate(a.secret));
  EXPECT_EQ(p.role, Role::kKbEditor);
}

TEST(AuditScopeTest, RecordRidesInTheSameBatchAndSequencesContinueAfterReopen) {
  testing::TempDir dir;
  auto count = [](storage::Store& store) {
    int n = 0;
    auto it = store.NewIterator(storage::Family::kAudit, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  };
  {
    auto store = storage::Store::Open({.path = dir.path()});
    ASSERT_OK(store);
    storage::WriteBatch outside = (*store)->NewBatch();
    outside.Put(storage::Family::kMeta, "x", "1");
    ASSERT_OK((*store)->Write(outside));
    EXPECT_EQ(count(**store), 0);  // no scope, no record
    {
      const storage::AuditScope scope([](const std::vector<std::string>& notes) {
        return "record one" + (notes.empty() ? std::string() : " after " + notes.front());
      });
      storage::AuditScope::Note("x was 1");
      storage::WriteBatch batch = (*store)->NewBatch();
      batch.Put(storage::Family::kMeta, "x", "2");
      ASSERT_OK((*store)->Write(batch));
      storage::WriteBatch empty = (*store)->NewBatch();
      ASSERT_OK((*store)->Write(empty));  // nothing written: no record either
      (*store)->SetBeforeWriteHookForTesting(
          [](const storage::WriteBatch&) { return absl::UnavailableError("refused"); });
      storage::WriteBatch failing = (*store)->NewBatch();
      failing.Put(storage::Family::kMeta, "x", "3");
      EXPECT_FALSE((*store)->Write(failing).ok());
      (*store)->SetBeforeWriteHookForTesting(nullptr);
    }
    EXPECT_EQ(count(**store), 1);
    ASSERT_OK_AND_ASSIGN(auto x, (*store)->Get(storage::Family::kMeta, "x"));
    EXPECT_EQ(x, "2");
  }
  auto store = storage::Store::Open({.path = dir.path()});
  ASSERT_OK(store);
  {
    const storage::AuditScope scope(
        [](const std::vector<std::string>& notes) { return "record two/" + std::to_string(notes.size()); });
    storage::WriteBatch batch = (*store)->NewBatch();
    batch.Put(storage::Family::kMeta, "x", "4");
    ASSERT_OK((*store)->Write(batch));
  }
  auto it = (*store)->NewIterator(storage::Family::kAudit, "", "");
  std::vector<std::string> keys;
  std::vector<std::string> values;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    keys.emplace_back(it->key());
    values.emplace_back(it->value());
  }
  // U64 big-endian sequences: the reopened store continues after the last stored record (the
  // number the refused batch used up in memory was never stored).
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(keys[1], std::string("\0\0\0\0\0\0\0\x02", 8));
  EXPECT_EQ(values[0], "record one after x was 1");  // the note went into the first batch only
  EXPECT_EQ(values[1], "record two/0");
}

TEST(ParseExpiryTest, DatesLastThroughTheDayTimesAreExact) {
  ASSERT_OK_AND_ASSIGN(int64_t d, ParseExpiry("2027-01-31"));
  EXPECT_EQ(FormatMicros(d), "2027-02-01T00:00:00Z");
  ASSERT_OK_AND_ASSIGN(int64_t t, ParseExpiry("2027-01-31T18:00:00Z"));
  EXPECT_EQ(FormatMicros(t), "2027-01-31T18:00:00Z");
  EXPECT_STATUS(ParseExpiry("31.01.2027"), absl::StatusCode::kInvalidArgument, "RFC 3339");
}

}  // namespace
}  // namespace integra::security
