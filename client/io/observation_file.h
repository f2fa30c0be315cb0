// The observation tables of an import file, whatever its kind (table_source.h):
//   - a CSV or JSON Lines file, or stdin or another stream (table_source.h): one table;
//   - an XLSX workbook: the sheet ObservationReadOptions::sheet, else the first sheet; but a
//     workbook integra exported (its "Metadaten" sheet lists sheet, code, ..., dimensions) is
//     read whole: one table per indicator sheet listed there, in that order, each read with its
//     indicator code (sheet names are shortened codes) and its breakdown dimension columns.
//     With a sheet named, an indicator sheet of such a workbook is read the same way.
// Every table is read by the same readers as a CSV file (observation_reader.h). The tables of
// a workbook are read one after the other (one sheet open at a time): destroy a table's reader
// before opening the next. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/io/observation_reader.h"
#include "client/io/table_source.h"

namespace integra::io {

class ObservationFile {
 public:
  // Opens `path` ("-" = stdin, read once, as text) and, for a workbook, reads its sheet list
  // and metadata sheet. Errors of OpenTableSource / XlsxWorkbook::Open; NotFound for a sheet
  // the workbook does not have.
  static absl::StatusOr<std::unique_ptr<ObservationFile>> Open(
      const std::string& path, const ObservationReadOptions& options);

  size_t tables() const { return tables_.size(); }
  // The sheet table `i` comes from; "" for a text file.
  const std::string& sheet(size_t i) const { return tables_.at(i).sheet; }
  // The indicator code the metadata sheet gives table `i` ("" otherwise).
  const std::string& indicator(size_t i) const { return tables_.at(i).indicator; }
  // True for a workbook integra exported (read through its metadata sheet).
  bool integra_workbook() const { return integra_workbook_; }

  // A reader of table `i` (see OpenObservationReader for the errors).
  absl::StatusOr<std::unique_ptr<ObservationReader>> OpenTable(size_t i);

 private:
  struct Table {
    std::string sheet;
    std::string indicator;
    std::vector<std::string> dimensions;
  };
  ObservationFile() = default;
  // The indicator sheets the metadata sheet lists; empty when there is none or it is not
  // integra's.
  absl::StatusOr<std::vector<Table>> ReadMetadata();

  std::string path_;
  ObservationReadOptions options_;
  std::shared_ptr<XlsxWorkbook> book_;  // null for text files
  std::vector<Table> tables_;
  bool integra_workbook_ = false;
};

}  // namespace integra::io
