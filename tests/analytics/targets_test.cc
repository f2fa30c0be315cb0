#include "services/analytics/targets.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

using enum TargetStatus;

// 2018..2022, linear from `start` with `step` per year.
Series Line(double start, double step, int years = 5) {
  Series s;
  for (int i = 0; i < years; ++i) s.push_back({2018.0 + i, start + step * i});
  return s;
}

TargetAssessment Assess(const Series& s, double target_value, Polarity polarity,
                        double tolerance = 0, double target_period = 2030) {
  auto a = AssessTarget(
      s,
      Target{.target_period = target_period, .target_value = target_value, .tolerance = tolerance},
      polarity);
  EXPECT_OK(a);
  return a.ok() ? *a : TargetAssessment{};
}

TEST(TargetsTest, HigherIsBetter) {
  constexpr Polarity kUp = Polarity::kHigherIsBetter;
  // Latest 48 in 2022; target 60 in 2030 (needed +12).
  TargetAssessment on = Assess(Line(40, 2), 60, kUp);  // projects 64
  EXPECT_EQ(on.status, kOnTrack) << on.reason;
  EXPECT_NEAR(*on.projected_value.value, 64, 1e-9);
  EXPECT_NEAR(*on.needed_change.value, 12, 1e-12);
  EXPECT_NEAR(*on.projected_change.value, 16, 1e-9);

  TargetAssessment half = Assess(Line(40, 1), 60, kUp);  // latest 44, projects 52: 8 of 16
  EXPECT_EQ(half.status, kAtRisk) << half.reason;
  EXPECT_NE(half.reason.find("at least 50 %"), std::string::npos) << half.reason;

  TargetAssessment slow = Assess(Line(40, 0.5), 60, kUp);  // latest 42, projects 46: 4 of 18
  EXPECT_EQ(slow.status, kOffTrack) << slow.reason;
  EXPECT_EQ(Assess(Line(48, -1), 60, kUp).status, kOffTrack);  // moving away

  TargetAssessment met = Assess(Line(40, 5), 60, kUp);  // latest 60
  EXPECT_EQ(met.status, kOnTrack);
  EXPECT_EQ(met.reason, "target already met at latest value");
  // Already met even though the trend falls.
  EXPECT_EQ(Assess(Line(70, -1), 60, kUp).status, kOnTrack);
}

TEST(TargetsTest, LowerIsBetter) {
  constexpr Polarity kDown = Polarity::kLowerIsBetter;
  // Unemployment rate 10 -> 8 (2018..2022), target 5 % in 2030.
  TargetAssessment on = Assess(Line(10, -0.5), 5, kDown);  // projects 4
  EXPECT_EQ(on.status, kOnTrack) << on.reason;
  TargetAssessment risk = Assess(Line(9, -0.25), 5, kDown);  // latest 8, projects 6: 2 of 3
  EXPECT_EQ(risk.status, kAtRisk) << risk.reason;
  TargetAssessment off = Assess(Line(9, -0.05), 5, kDown);  // latest 8.8, projects 8.4
  EXPECT_EQ(off.status, kOffTrack) << off.reason;
  EXPECT_EQ(Assess(Line(6, 0.5), 5, kDown).status, kOffTrack);  // rising
  EXPECT_EQ(Assess(Line(6, -0.3), 5, kDown).status, kOnTrack);  // latest 4.8 already met
  // The same falling series is OFF_TRACK for a higher-is-better target.
  EXPECT_EQ(Assess(Line(10, -0.5), 12, Polarity::kHigherIsBetter).status, kOffTrack);
}

TEST(TargetsTest, NeutralMeansReachTheValueWithinTolerance) {
  constexpr Polarity kNeutral = Polarity::kNeutral;
  EXPECT_EQ(Assess(Line(45, 1.1), 50, kNeutral, 1).status, kOnTrack);  // latest 49.4
  // Latest 40 (2022), slope 1.25 -> 50 in 2030: on track.
  EXPECT_EQ(Assess(Line(35, 1.25), 50, kNeutral, 1).status, kOnTrack);
  // Latest 40, slope 0.75 -> 46: distance 10 -> 4, closes >= half.
  EXPECT_EQ(Assess(Line(37, 0.75), 50, kNeutral, 1).status, kAtRisk);
  // Latest 40, slope 4 -> 72: overshoots, distance 22 > 5.
  TargetAssessment overshoot = Assess(Line(24, 4), 50, kNeutral, 1);
  EXPECT_EQ(overshoot.status, kOffTrack) << overshoot.reason;
  // From above: latest 60, falling to 52: distance 10 -> 2: at risk.
  EXPECT_EQ(Assess(Line(64, -1), 50, kNeutral, 1).status, kAtRisk);
  // Exactly at the target with zero tolerance.
  EXPECT_EQ(Assess(Line(46, 1), 50, kNeutral, 0).status, kOnTrack);
}

TEST(TargetsTest, ToleranceMakesNearMissesAtRisk) {
  // Latest 59.5 < 60, trend falling: without tolerance OFF_TRACK, with tolerance 1 AT_RISK.
  EXPECT_EQ(Assess(Line(61.5, -0.5), 60, Polarity::kHigherIsBetter).status, kOffTrack);
  TargetAssessment near = Assess(Line(61.5, -0.5), 60, Polarity::kHigherIsBetter, 1);
  EXPECT_EQ(near.status, kAtRisk);
  EXPECT_EQ(near.reason, "latest value within tolerance");
  // Projection lands just short of the target but within tolerance.
  TargetAssessment short_by_a_bit = Assess(Line(40, 0.5), 44, Polarity::kHigherIsBetter, 0.5,
                                           2025);  // latest 42, projects 43.5
  EXPECT_EQ(short_by_a_bit.status, kAtRisk);
  EXPECT_EQ(short_by_a_bit.reason, "projected value within tolerance");
}

TEST(TargetsTest, TooFewPointsOrNoDataIsUnknown) {
  TargetAssessment one = Assess({{2020, 40}, {2021, std::nullopt}}, 60, Polarity::kHigherIsBetter);
  EXPECT_EQ(one.status, kUnknown);
  EXPECT_NE(one.reason.find("at least 2"), std::string::npos) << one.reason;
  EXPECT_FALSE(one.projected_value.defined());
  EXPECT_EQ(one.latest, (SeriesPoint{2020, 40}));

  EXPECT_EQ(Assess({{2020, 59.5}}, 60, Polarity::kHigherIsBetter, 1).status, kAtRisk);
  EXPECT_EQ(Assess({{2020, 61}}, 60, Polarity::kHigherIsBetter).status, kOnTrack);

  TargetAssessment none = Assess({{2020, std::nullopt}}, 60, Polarity::kHigherIsBetter);
  EXPECT_EQ(none.status, kUnknown);
  EXPECT_EQ(none.reason, "no observed value");
  EXPECT_FALSE(none.latest.has_value());
}

TEST(TargetsTest, TargetPeriodAlreadyReached) {
  TargetAssessment missed = Assess(Line(40, 2), 60, Polarity::kHigherIsBetter, 0, 2022);
  EXPECT_EQ(missed.status, kOffTrack);
  EXPECT_NE(missed.reason.find("target period reached"), std::string::npos);
  EXPECT_EQ(Assess(Line(40, 2), 49, Polarity::kHigherIsBetter, 2, 2020).status, kAtRisk);
  EXPECT_EQ(Assess(Line(40, 2), 48, Polarity::kHigherIsBetter, 0, 2020).status, kOnTrack);
}

TEST(TargetsTest, TrendPointsRestrictTheProjection) {
  // Long decline, recent recovery: all points project down, the last three project up.
  Series s = {{2012, 60}, {2013, 58}, {2014, 56}, {2015, 54}, {2016, 52}, {2017, 50},
              {2018, 48}, {2019, 46}, {2020, 46}, {2021, 49}, {2022, 52}};
  const Target t{.target_period = 2026, .target_value = 60};
  ASSERT_OK_AND_ASSIGN(TargetAssessment all, AssessTarget(s, t, Polarity::kHigherIsBetter));
  EXPECT_EQ(all.status, kOffTrack);
  ASSERT_OK_AND_ASSIGN(TargetAssessment recent,
                       AssessTarget(s, t, Polarity::kHigherIsBetter, {.trend_points = 3}));
  EXPECT_EQ(recent.status, kOnTrack) << recent.reason;
  EXPECT_EQ(recent.trend.points, 3);
  EXPECT_NEAR(*recent.projected_value.value, 64, 1e-9);
}

TEST(TargetsTest, ProgressFromBaseline) {
  const Series s = Line(40, 2);  // latest 48
  ASSERT_OK_AND_ASSIGN(
      TargetAssessment implicit,
      AssessTarget(s, {.target_period = 2030, .target_value = 60}, Polarity::kHigherIsBetter));
  EXPECT_NEAR(*implicit.progress.value, 8.0 / 20.0, 1e-12);  // baseline = first point 40
  ASSERT_OK_AND_ASSIGN(TargetAssessment explicit_baseline, AssessTarget(s,
                                                                        {.target_period = 2030,
                                                                         .target_value = 60,
                                                                         .baseline_period = 2015,
                                                                         .baseline_value = 36},
                                                                        Polarity::kHigherIsBetter));
  EXPECT_NEAR(*explicit_baseline.progress.value, 12.0 / 24.0, 1e-12);
  ASSERT_OK_AND_ASSIGN(
      TargetAssessment same,
      AssessTarget(s, {.target_period = 2030, .target_value = 40}, Polarity::kLowerIsBetter));
  EXPECT_FALSE(same.progress.defined());
}

TEST(TargetsTest, InvalidInput) {
  const Series s = Line(40, 2);
  EXPECT_STATUS(AssessTarget(s, {.target_period = 2030, .target_value = 60, .tolerance = -1},
                             Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "tolerance");
  EXPECT_STATUS(AssessTarget(s, {.target_period = NAN, .target_value = 60}, Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "finite");
  EXPECT_STATUS(
      AssessTarget(s, {.target_period = 2030, .target_value = 60, .baseline_period = 2015},
                   Polarity::kNeutral),
      absl::StatusCode::kInvalidArgument, "baseline");
  EXPECT_STATUS(AssessTarget(s, {.target_period = 2030, .target_value = 60}, Polarity::kNeutral,
                             {.at_risk_share = 0}),
                absl::StatusCode::kInvalidArgument, "at_risk_share");
  EXPECT_STATUS(AssessTarget({{2022, 1}, {2021, 2}}, {.target_period = 2030, .target_value = 60},
                             Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "strictly increasing");
}

TEST(TargetsTest, StatusNames) {
  EXPECT_EQ(TargetStatusName(kOnTrack), "on_track");
  EXPECT_EQ(TargetStatusName(kAtRisk), "at_risk");
  EXPECT_EQ(TargetStatusName(kOffTrack), "off_track");
  EXPECT_EQ(TargetStatusName(kUnknown), "unknown");
}

}  // namespace
}  // namespace integra::monitoring::analytics
