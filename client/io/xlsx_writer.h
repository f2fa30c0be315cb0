// XLSX export of observations for people who work in spreadsheets, over libxlsxwriter in its
// constant_memory mode: rows go to disk as they are written, so memory stays flat.
//
// Layout: a first sheet "Metadaten" listing each indicator (sheet name, code, name, unit,
// definition, ...) and the attribution; then one sheet per indicator with the columns
//   ags | period | <one column per breakdown dimension> | value | flags | source | footnote |
//   series_break
// (unit keys and periods as text, so leading zeros survive; values as numbers; missing values
// as empty cells; series_break "true" or empty), a frozen header row with filters, and the
// attribution under the data. Sheet names follow Excel's rules (see SanitizeSheetName).
// Such a workbook imports again: observation_file.h reads the metadata sheet to learn each
// sheet's indicator and breakdown columns.
//
// Rows of one indicator must arrive in the order they should appear (constant_memory mode
// cannot go back); indicators may interleave. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/observation_writer.h"
#include "client/io/rows.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace integra::io {

// The metadata sheet and its header, which the reader (observation_file.h) looks for.
inline constexpr char kXlsxMetadataSheet[] = "Metadaten";
inline constexpr const char* kXlsxMetadataColumns[] = {
    "sheet",      "code",       "name_de",   "unit",           "polarity",    "periodicity",
    "dimensions", "definition", "relevance", "interpretation", "data_source", "method_notes"};

struct XlsxOptions {
  // Attribution required by the data licence, e.g. "Quelle: Statistisches Bundesamt
  // (Destatis), dl-de/by-2-0". Written on the metadata sheet and under every data sheet.
  std::string attribution;
  // Optional heading of the metadata sheet.
  std::string title;
  // Directory for libxlsxwriter's temporary files; empty = the system's temp directory.
  std::string tmpdir;
};

// An Excel-valid sheet name for `name`: the characters []:*?/\ become '_', leading and
// trailing apostrophes are dropped, at most 31 characters (whole UTF-8 characters), never
// empty or "History" (reserved by Excel). A name already in `taken` (compared
// case-insensitively, as Excel does) gets a suffix "~2", "~3", ... within the 31.
std::string SanitizeSheetName(std::string_view name, const std::vector<std::string>& taken);

class XlsxWriter : public ObservationWriter {
 public:
  // Starts a workbook at `path` (created empty at once, so a bad path fails here and not at
  // Close). NotFound / PermissionDenied / Internal with the system's reason.
  static absl::StatusOr<std::unique_ptr<XlsxWriter>> Create(const std::string& path,
                                                            XlsxOptions options);
  // Closes the workbook if Close() was not called (its status is lost then).
  ~XlsxWriter() override;
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Declares an indicator: its sheet, whose breakdown columns are indicator.dimensions, and
  // its row on the metadata sheet. AlreadyExists when declared twice.
  absl::Status AddIndicator(const IndicatorRow& indicator);
  // Appends an observation to its indicator's sheet; an undeclared indicator is declared
  // with the row's breakdown keys as its dimensions. InvalidArgument for a breakdown key its
  // sheet has no column for; ResourceExhausted when the sheet reaches Excel's 1,048,576 rows;
  // Internal for libxlsxwriter errors (e.g. a string over Excel's 32,767 characters).
  absl::Status Write(const ObservationRow& row) override;
  // Writes the metadata sheet and the attribution lines and assembles the file. Internal when
  // libxlsxwriter fails. Further calls do nothing.
  absl::Status Close();
  absl::Status Finish() override { return Close(); }
  int64_t rows_written() const override { return rows_; }

  const std::string& SheetNameOf(const std::string& indicator) const;
  // Replaces XlsxOptions::attribution; it is written at Close, so a caller may set it after the
  // rows, e.g. from the sources of the rows it wrote.
  void set_attribution(std::string attribution) { options_.attribution = std::move(attribution); }

 private:
  struct Sheet {
    lxw_worksheet* worksheet = nullptr;
    std::string name;
    std::vector<std::string> dimensions;
    uint32_t next_row = 1;  // row 0 is the header
  };
  XlsxWriter() = default;
  absl::StatusOr<Sheet*> Declare(const IndicatorRow& indicator);
  absl::Status Check(int error, const std::string& what) const;

  XlsxOptions options_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* metadata_ = nullptr;
  lxw_format* bold_ = nullptr;
  std::map<std::string, Sheet> sheets_;   // by indicator code
  std::vector<IndicatorRow> indicators_;  // metadata rows, in declaration order
  std::vector<std::string> sheet_names_;
  bool closed_ = false;
  int64_t rows_ = 0;
};

}  // namespace integra::io
