// XLSX export: sheet-name rules and a real workbook written through libxlsxwriter.
#include "client/io/xlsx_writer.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

TEST(SanitizeSheetNameTest, FollowsExcelRules) {
  EXPECT_EQ(SanitizeSheetName("share_foreign", {}), "share_foreign");
  EXPECT_EQ(SanitizeSheetName("a[b]c:d*e?f/g\\h", {}), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(SanitizeSheetName("'quoted'", {}), "quoted");
  EXPECT_EQ(SanitizeSheetName("", {}), "Sheet");
  EXPECT_EQ(SanitizeSheetName("History", {}), "History_");
  std::string long_name(40, 'x');
  EXPECT_EQ(SanitizeSheetName(long_name, {}), std::string(31, 'x'));
  // 31 characters, not bytes: umlauts are two bytes each and stay whole.
  std::string umlauts;
  for (int i = 0; i < 40; ++i) umlauts += "\xC3\xA4";
  std::string cut = SanitizeSheetName(umlauts, {});
  EXPECT_EQ(cut.size(), 62u);
  // Unique, case-insensitively, within the 31 characters.
  EXPECT_EQ(SanitizeSheetName("Share", {"share"}), "Share~2");
  EXPECT_EQ(SanitizeSheetName(long_name, {std::string(31, 'x')}), std::string(29, 'x') + "~2");
  EXPECT_EQ(SanitizeSheetName("a", {"a", "A~2"}), "a~3");
}

TEST(XlsxWriterTest, WritesAValidWorkbook) {
  testing::TempDir dir;
  std::string path = dir.Sub("export.xlsx");
  XlsxOptions options;
  options.attribution = "Quelle: INKAR, BBSR Bonn; dl-de/by-2-0";
  options.title = "Integrationsmonitoring";
  options.tmpdir = dir.path();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<XlsxWriter> writer, XlsxWriter::Create(path, options));
  IndicatorRow share;
  share.code = "share_foreign";
  share.name_de = "Ausl\xC3\xA4nderanteil";
  share.unit = "%";
  share.dimensions = {{"sex", {"male", "female"}}};
  share.definition = "Anteil der Ausl\xC3\xA4nder an der Bev\xC3\xB6lkerung";
  ASSERT_OK(writer->AddIndicator(share));
  EXPECT_STATUS(writer->AddIndicator(share), absl::StatusCode::kAlreadyExists, "already");
  for (int year = 2000; year < 2023; ++year) {
    ObservationRow row;
    row.unit_key = "05315000";
    row.indicator = "share_foreign";
    row.period = std::to_string(year);
    row.value = 10 + year % 7;
    row.breakdown = {{"sex", "female"}};
    if (year == 2022) {
      row.value.reset();
      row.flags = {"suppressed"};
    }
    ASSERT_OK(writer->Write(row));
  }
  ObservationRow other;
  other.unit_key = "09162000";
  other.indicator = "rate/with:odd*chars?and_a_name_longer_than_31";
  other.period = "2021-Q1";
  other.value = 1.5;
  ASSERT_OK(writer->Write(other));
  EXPECT_EQ(writer->SheetNameOf(other.indicator), "rate_with_odd_chars_and_a_name_");
  ObservationRow undeclared = other;
  undeclared.breakdown = {{"age_group", "u18"}};
  EXPECT_STATUS(writer->Write(undeclared), absl::StatusCode::kInvalidArgument, "has no column for");
  ASSERT_OK(writer->Close());
  ASSERT_OK(writer->Close());  // idempotent

  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip archive
  // Zip entry names are stored uncompressed: the workbook and both data sheets are there.
  EXPECT_NE(bytes.find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(bytes.find("xl/worksheets/sheet3.xml"), std::string::npos);
  // constant_memory mode cleaned up its temporary files.
  size_t leftovers = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    leftovers += entry.path() != path;
  }
  EXPECT_EQ(leftovers, 0u);
}

TEST(XlsxWriterTest, UnwritablePathFails) {
  EXPECT_STATUS(XlsxWriter::Create("/nonexistent/dir/x.xlsx", {}), absl::StatusCode::kNotFound,
                "cannot create /nonexistent/dir/x.xlsx: No such file or directory");
}

}  // namespace
}  // namespace integra::io
