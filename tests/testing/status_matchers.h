// Status assertions for tests (absl has no public gtest matchers in Debian's version).
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace integra::testing {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) { return s.status(); }
}  // namespace integra::testing

#define ASSERT_OK(expr) ASSERT_TRUE(::integra::testing::StatusOf(expr).ok()) \
    << ::integra::testing::StatusOf(expr).ToString()
#define EXPECT_OK(expr) EXPECT_TRUE(::integra::testing::StatusOf(expr).ok()) \
    << ::integra::testing::StatusOf(expr).ToString()
#define INTEGRA_TEST_CONCAT_(a, b) a##b
#define INTEGRA_TEST_CONCAT(a, b) INTEGRA_TEST_CONCAT_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(INTEGRA_TEST_CONCAT(status_or_, __LINE__), lhs, expr)
// `tmp` is a generated name and `lhs` may be a declaration: neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString(); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
// Asserts that `expr` fails with `code` and its message contains `substring`.
#define EXPECT_STATUS(expr, expected_code, substring)                           \
  do {                                                                          \
    const absl::Status st_ = ::integra::testing::StatusOf(expr);                \
    EXPECT_EQ(st_.code(), expected_code) << st_.ToString();                     \
    EXPECT_NE(std::string(st_.message()).find(substring), std::string::npos)    \
        << "message '" << st_.message() << "' lacks '" << (substring) << "'";   \
  } while (0)
