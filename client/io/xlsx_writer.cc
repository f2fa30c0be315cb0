#include "client/io/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "client/io/cells.h"
#include "client/io/csv_writer.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

constexpr size_t kMaxSheetName = 31;  // Excel's limit, in characters
constexpr const char* kMetadataSheet = kXlsxMetadataSheet;

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// First `n` UTF-8 characters of `text`.
std::string Utf8Prefix(const std::string& text, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsUtf8Continuation(text[i])) continue;
    if (chars == n) return text.substr(0, i);
    ++chars;
  }
  return text;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string SanitizeSheetName(std::string_view name, const std::vector<std::string>& taken) {
  std::string base;
  for (char c : name)
    base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  while (!base.empty() && base.front() == '\'') base.erase(base.begin());
  while (!base.empty() && base.back() == '\'') base.pop_back();
  if (base.empty()) base = "Sheet";
  base = Utf8Prefix(base, kMaxSheetName);
  if (Lower(base) == "history") base += "_";
  auto is_taken = [&](const std::string& candidate) {
    return std::any_of(taken.begin(), taken.end(),
                       [&](const std::string& t) { return Lower(t) == Lower(candidate); });
  };
  std::string candidate = base;
  for (int n = 2; is_taken(candidate); ++n) {
    std::string suffix = "~" + std::to_string(n);
    candidate = Utf8Prefix(base, kMaxSheetName - suffix.size()) + suffix;
  }
  return candidate;
}

absl::StatusOr<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::string& path,
                                                               XlsxOptions options) {
  // libxlsxwriter only opens the file when it closes the workbook; find out now, before a
  // long export, that the path is unusable.
  std::FILE* probe = std::fopen(path.c_str(), "wb");
  if (probe == nullptr) {
    int err = errno;
    std::string message = "cannot create " + path + ": " + std::strerror(err);
    if (err == ENOENT) return absl::NotFoundError(message);
    if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
    return absl::InternalError(message);
  }
  std::fclose(probe);
  std::unique_ptr<XlsxWriter> writer(new XlsxWriter());
  writer->options_ = std::move(options);
  lxw_workbook_options lxw_options{};
  lxw_options.constant_memory = LXW_TRUE;
  lxw_options.use_zip64 = LXW_TRUE;  // large exports may pass 4 GiB of XML
  lxw_options.tmpdir = writer->options_.tmpdir.empty() ? nullptr : writer->options_.tmpdir.data();
  writer->workbook_ = workbook_new_opt(path.c_str(), &lxw_options);
  if (writer->workbook_ == nullptr) {
    return absl::InternalError("cannot create workbook " + path);
  }
  writer->bold_ = workbook_add_format(writer->workbook_);
  format_set_bold(writer->bold_);
  writer->metadata_ = workbook_add_worksheet(writer->workbook_, kMetadataSheet);
  writer->sheet_names_.emplace_back(kMetadataSheet);
  return writer;
}

XlsxWriter::~XlsxWriter() {
  if (!closed_ && workbook_ != nullptr) (void)Close();
}

absl::Status XlsxWriter::Check(int error, const std::string& what) const {
  if (error == LXW_NO_ERROR) return absl::OkStatus();
  return absl::InternalError(what + ": " + lxw_strerror(static_cast<lxw_error>(error)));
}

absl::Status XlsxWriter::AddIndicator(const IndicatorRow& indicator) {
  if (sheets_.count(indicator.code) > 0) {
    return absl::AlreadyExistsError("indicator " + indicator.code + " is already in the workbook");
  }
  absl::StatusOr<Sheet*> sheet = Declare(indicator);
  return sheet.status();
}

absl::StatusOr<XlsxWriter::Sheet*> XlsxWriter::Declare(const IndicatorRow& indicator) {
  if (closed_) return absl::FailedPreconditionError("workbook is closed");
  Sheet sheet;
  sheet.name = SanitizeSheetName(indicator.code, sheet_names_);
  for (const DimensionSpec& d : indicator.dimensions) sheet.dimensions.push_back(d.key);
  sheet.worksheet = workbook_add_worksheet(workbook_, sheet.name.c_str());
  if (sheet.worksheet == nullptr) {
    return absl::InternalError("cannot add sheet '" + sheet.name + "'");
  }
  sheet_names_.push_back(sheet.name);
  std::vector<std::string> header = {"ags", "period"};
  header.insert(header.end(), sheet.dimensions.begin(), sheet.dimensions.end());
  for (const char* c : {"value", "flags", "source", "footnote", "series_break"}) {
    header.emplace_back(c);
  }
  for (size_t col = 0; col < header.size(); ++col) {
    auto c = static_cast<lxw_col_t>(col);
    RETURN_IF_ERROR(Check(worksheet_write_string(sheet.worksheet, 0, c, header[col].c_str(), bold_),
                          "sheet " + sheet.name));
    const bool wide = col + 5 >= header.size() && col + 1 < header.size();  // value .. footnote
    worksheet_set_column(sheet.worksheet, c, c, wide ? 24 : 12, nullptr);
  }
  worksheet_freeze_panes(sheet.worksheet, 1, 0);
  indicators_.push_back(indicator);
  auto [it, inserted] = sheets_.emplace(indicator.code, std::move(sheet));
  return &it->second;
}

absl::Status XlsxWriter::Write(const ObservationRow& row) {
  auto it = sheets_.find(row.indicator);
  Sheet* sheet = nullptr;
  if (it != sheets_.end()) {
    sheet = &it->second;
  } else {
    IndicatorRow indicator;
    indicator.code = row.indicator;
    for (const auto& kv : row.breakdown) indicator.dimensions.push_back({kv.first, {}});
    ASSIGN_OR_RETURN(sheet, Declare(indicator));
  }
  // Data rows stop one short of Excel's last row, which the attribution line needs.
  if (sheet->next_row + 2 >= LXW_ROW_MAX) {
    return absl::ResourceExhaustedError("sheet '" + sheet->name + "' is full (Excel allows " +
                                        std::to_string(LXW_ROW_MAX) + " rows); export to CSV");
  }
  std::vector<std::string> dims(sheet->dimensions.size());
  for (const auto& [key, value] : row.breakdown) {
    auto pos = std::find(sheet->dimensions.begin(), sheet->dimensions.end(), key);
    if (pos == sheet->dimensions.end()) {
      return absl::InvalidArgumentError("observation " + row.unit_key + "/" + row.period +
                                        " has breakdown dimension '" + key + "', which sheet '" +
                                        sheet->name + "' has no column for");
    }
    dims[static_cast<size_t>(pos - sheet->dimensions.begin())] = value;
  }
  lxw_worksheet* ws = sheet->worksheet;
  const lxw_row_t r = sheet->next_row++;
  lxw_col_t c = 0;
  auto text = [&](const std::string& value) {
    lxw_col_t col = c++;
    if (value.empty()) return absl::OkStatus();
    return Check(worksheet_write_string(ws, r, col, value.c_str(), nullptr),
                 "sheet " + sheet->name);
  };
  absl::Status s = text(row.unit_key);
  if (s.ok()) s = text(row.period);
  for (const std::string& d : dims) {
    if (s.ok()) s = text(d);
  }
  if (s.ok()) {
    lxw_col_t col = c++;
    if (row.value)
      s = Check(worksheet_write_number(ws, r, col, *row.value, nullptr), "sheet " + sheet->name);
  }
  if (s.ok()) s = text(FormatFlags(row.flags));
  if (s.ok()) s = text(row.source);
  if (s.ok()) s = text(row.footnote);
  if (s.ok()) s = text(row.series_break ? "true" : "");
  if (s.ok()) ++rows_;
  return s;
}

absl::Status XlsxWriter::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  absl::Status status;
  auto keep = [&](absl::Status s) {
    if (status.ok()) status = std::move(s);
  };
  // Attribution and filters under each data sheet.
  for (auto& [code, sheet] : sheets_) {
    lxw_col_t last_col = static_cast<lxw_col_t>(sheet.dimensions.size() + 6);
    if (sheet.next_row > 1) {
      keep(Check(worksheet_autofilter(sheet.worksheet, 0, 0, sheet.next_row - 1, last_col),
                 "sheet " + sheet.name));
    }
    if (!options_.attribution.empty()) {
      keep(Check(worksheet_write_string(sheet.worksheet, sheet.next_row + 1, 0,
                                        options_.attribution.c_str(), nullptr),
                 "sheet " + sheet.name));
    }
  }
  // The metadata sheet, written last although it comes first: constant_memory mode only
  // requires rows in order within each sheet.
  lxw_row_t r = 0;
  auto write_row = [&](const std::vector<std::string>& cells, lxw_format* format) {
    for (size_t col = 0; col < cells.size(); ++col) {
      if (cells[col].empty()) continue;
      keep(Check(worksheet_write_string(metadata_, r, static_cast<lxw_col_t>(col),
                                        cells[col].c_str(), format),
                 "metadata sheet"));
    }
    ++r;
  };
  if (!options_.title.empty()) {
    write_row({options_.title}, bold_);
    ++r;
  }
  write_row(
      std::vector<std::string>(std::begin(kXlsxMetadataColumns), std::end(kXlsxMetadataColumns)),
      bold_);
  for (const IndicatorRow& ind : indicators_) {
    std::vector<std::string> dims;
    for (const DimensionSpec& d : ind.dimensions) dims.push_back(d.key);
    write_row({sheets_.at(ind.code).name, ind.code, ind.name_de,
               ind.unit_label.empty() ? ind.unit : ind.unit_label, ind.polarity, ind.periodicity,
               JoinList(dims), ind.definition, ind.relevance, ind.interpretation, ind.data_source,
               ind.method_notes},
              nullptr);
  }
  if (!options_.attribution.empty()) {
    ++r;
    write_row({options_.attribution}, nullptr);
  }
  worksheet_set_column(metadata_, 0, 1, 20, nullptr);
  worksheet_set_column(metadata_, 2, 11, 30, nullptr);
  keep(Check(workbook_close(workbook_), "writing the workbook"));
  workbook_ = nullptr;
  return status;
}

const std::string& XlsxWriter::SheetNameOf(const std::string& indicator) const {
  static const std::string kNone;
  auto it = sheets_.find(indicator);
  return it == sheets_.end() ? kNone : it->second.name;
}

}  // namespace integra::io
