#include "common/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace integra {
namespace {

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("odd");
  return n / 2;
}

// Counts how often the expression was evaluated, to show the macros evaluate it once.
absl::Status Check(int n, int* evaluations) {
  ++*evaluations;
  return n < 0 ? absl::OutOfRangeError("negative") : absl::OkStatus();
}

absl::Status CheckTwice(int a, int b, int* evaluations, bool* reached_end) {
  RETURN_IF_ERROR(Check(a, evaluations));
  RETURN_IF_ERROR(Check(b, evaluations));
  *reached_end = true;
  return absl::OkStatus();
}

absl::StatusOr<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));  // two in one scope: distinct temporaries
  return quarter;
}

absl::StatusOr<std::string> MoveOnly(bool fail) {
  auto make = [&]() -> absl::StatusOr<std::unique_ptr<std::string>> {
    if (fail) return absl::NotFoundError("none");
    return std::make_unique<std::string>("moved");
  };
  std::unique_ptr<std::string> p;
  ASSIGN_OR_RETURN(p, make());  // assignment to an existing variable
  return *p;
}

TEST(StatusMacros, ReturnIfErrorStopsAtTheFirstError) {
  int evaluations = 0;
  bool reached_end = false;
  absl::Status s = CheckTwice(-1, 5, &evaluations, &reached_end);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(s.message(), "negative");
  EXPECT_EQ(evaluations, 1);
  EXPECT_FALSE(reached_end);

  evaluations = 0;
  EXPECT_TRUE(CheckTwice(1, 2, &evaluations, &reached_end).ok());
  EXPECT_EQ(evaluations, 2);
  EXPECT_TRUE(reached_end);
}

TEST(StatusMacros, AssignOrReturnPassesValuesAndErrors) {
  ASSERT_TRUE(Quarter(12).ok());
  EXPECT_EQ(*Quarter(12), 3);
  EXPECT_EQ(Quarter(7).status().message(), "odd");  // first step fails
  EXPECT_EQ(Quarter(6).status().message(), "odd");  // second step fails (6/2 = 3)
  EXPECT_EQ(Quarter(6).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StatusMacros, AssignOrReturnMovesIntoAnExistingVariable) {
  EXPECT_EQ(*MoveOnly(false), "moved");
  EXPECT_EQ(MoveOnly(true).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace integra
