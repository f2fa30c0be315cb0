// integra export observations|units|indicators|targets|kb: data out, for planning tools and
// spreadsheets.
//
// Observations stream from the server (ExchangeService.ExportObservations) and go to the chosen
// io writer row by row, so an export of millions of rows holds one chunk in memory. Formats:
// csv (integra's long format, importable), jsonl, sdmx-csv, opensdg (one file per indicator),
// xlsx (a sheet per indicator plus a metadata sheet with the definitions and the attribution).
// Catalog exports (units, indicators, targets) write exactly the columns `integra import` reads.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/command.h"
#include "client/exchange_convert.h"
#include "client/io/csv_writer.h"
#include "client/io/observation_export.h"
#include "client/io/progress.h"
#include "client/monitoring_format.h"
#include "common/status_macros.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

std::vector<std::string> List(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return out;
}

// Publishers whose figures come under the Datenlizenz Deutschland (the reference data integra
// ships: Destatis, Zensus, INKAR/BBSR; also the Länder offices and the Bundesagentur).
bool IsOfficialSource(const std::string& source) {
  std::string s = absl::AsciiStrToLower(source);
  for (const char* publisher : {"destatis", "statistisches", "statistik", "zensus", "inkar", "bbsr",
                                "bundesagentur", "it.nrw", "regionaldatenbank"}) {
    if (s.find(publisher) != std::string::npos) return true;
  }
  return false;
}

// What exported figures must carry: their sources, the licence where official data is among
// them, and a warning where synthetic demo values are.
class Attribution {
 public:
  void Note(const v1::Observation& o) {
    bool synthetic = false;
    for (int f : o.flags()) synthetic = synthetic || f == v1::OBSERVATION_FLAG_SYNTHETIC;
    synthetic_ = synthetic_ || synthetic;
    if (o.source().empty()) return;
    (!synthetic && IsOfficialSource(o.source()) ? official_ : other_).insert(o.source());
  }
  // "Quelle: INKAR, BBSR Bonn; Zensus 2022 – Datenlizenz Deutschland – Namensnennung 2.0 (...).
  // Weitere Quellen: ... . Enthält synthetische Demo-Werte ...", parts left out when empty.
  std::string Text() const {
    std::vector<std::string> parts;
    if (!official_.empty()) {
      parts.push_back(absl::StrCat("Quelle: ", absl::StrJoin(official_, "; "),
                                   " – Datenlizenz Deutschland – Namensnennung 2.0 "
                                   "(dl-de/by-2-0, https://www.govdata.de/dl-de/by-2-0)"));
    }
    if (!other_.empty()) {
      parts.push_back(absl::StrCat(official_.empty() ? "Quelle: " : "Weitere Quellen: ",
                                   absl::StrJoin(other_, "; ")));
    }
    if (synthetic_) {
      parts.push_back("Enthält synthetische Demo-Werte (Flag synthetic), keine amtlichen Daten");
    }
    return parts.empty() ? "" : absl::StrJoin(parts, ". ") + ".";
  }

 private:
  std::set<std::string> official_;
  std::set<std::string> other_;
  bool synthetic_ = false;
};

// The file format: --format if given, else by the output file's extension, else csv.
absl::StatusOr<io::ExportFormat> ExportFormatOf(const Context& ctx, const std::string& output) {
  if (!ctx.format_given) {
    std::string ext = absl::AsciiStrToLower(std::filesystem::path(output).extension().string());
    if (ext == ".xlsx") return io::ExportFormat::kXlsx;
    if (ext == ".jsonl" || ext == ".ndjson") return io::ExportFormat::kJsonLines;
    return io::ExportFormat::kCsv;
  }
  switch (ctx.format) {
    case Format::kCsv:
      return io::ExportFormat::kCsv;
    case Format::kJsonl:
      return io::ExportFormat::kJsonLines;
    case Format::kSdmxCsv:
      return io::ExportFormat::kSdmxCsv;
    case Format::kOpenSdg:
      return io::ExportFormat::kOpenSdg;
    case Format::kXlsx:
      return io::ExportFormat::kXlsx;
    default:
      return absl::InvalidArgumentError(absl::StrCat("--format ", FormatName(ctx.format),
                                                     " is not an export format (csv, jsonl, "
                                                     "sdmx-csv, opensdg, xlsx)"));
  }
}

absl::StatusOr<io::CsvWriteOptions> CsvOptionsOf(const Args& a) {
  io::CsvWriteOptions csv;
  if (auto d = a.Get("delimiter")) {
    std::string v = *d == "tab" || *d == "\\t" ? "\t" : *d;
    if (v != "," && v != ";" && v != "\t") {
      return absl::InvalidArgumentError("--delimiter must be ',', ';' or tab");
    }
    csv.delimiter = v[0];
  }
  csv.decimal_comma = a.Has("decimal-comma");
  csv.utf8_bom = a.Has("bom");
  if (csv.decimal_comma && csv.delimiter == ',') {
    return absl::InvalidArgumentError(
        "--decimal-comma needs --delimiter ';' (a German Excel file)");
  }
  return csv;
}

// The indicators an export covers, with their catalog entries, in the order asked (or code
// order for all).
grpc::Status FetchIndicators(const Context& ctx, const std::vector<std::string>& codes,
                             std::vector<v1::Indicator>* out) {
  auto stub = v1::MonitoringService::NewStub(ctx.channel);
  if (!codes.empty()) {
    for (const std::string& code : codes) {
      v1::GetIndicatorRequest req;
      req.set_code(code);
      v1::Indicator ind;
      auto call = ctx.NewCall();
      grpc::Status s = stub->GetIndicator(call.get(), req, &ind);
      if (!s.ok()) return s;
      out->push_back(std::move(ind));
    }
    return grpc::Status::OK;
  }
  v1::ListIndicatorsRequest req;
  req.set_page_size(1000);
  do {
    v1::ListIndicatorsResponse resp;
    auto call = ctx.NewCall();
    grpc::Status s = stub->ListIndicators(call.get(), req, &resp);
    if (!s.ok()) return s;
    for (const v1::Indicator& ind : resp.indicators()) {
      v1::GetIndicatorRequest get;  // Get adds the measured action fields
      get.set_code(ind.code());
      v1::Indicator full;
      auto c = ctx.NewCall();
      s = stub->GetIndicator(c.get(), get, &full);
      if (!s.ok()) return s;
      out->push_back(std::move(full));
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return grpc::Status::OK;
}

absl::Status FillRequest(const Args& a, v1::ExportObservationsRequest* req) {
  for (const std::string& code : List(a.GetOr("indicator", ""))) req->add_indicator_codes(code);
  for (const std::string& key : List(a.GetOr("unit", ""))) req->add_unit_keys(key);
  for (const std::string& key : List(a.GetOr("within", ""))) req->add_within(key);
  if (auto level = a.Get("level")) {
    ASSIGN_OR_RETURN(auto l,
                     ParseEnumFlag("level", *level, v1::UnitLevel_descriptor(), "UNIT_LEVEL_"));
    req->set_level(static_cast<v1::UnitLevel>(l));
  }
  req->set_from_period(a.GetOr("from", ""));
  req->set_to_period(a.GetOr("to", ""));
  std::string breakdown = a.GetOr("breakdown", "all");
  if (breakdown == "total") {
    req->set_total_only(true);
  } else if (breakdown != "all") {
    RETURN_IF_ERROR(ParseBreakdownFlag(breakdown, req->mutable_breakdown()));
  }
  if (auto t = a.Get("as-of")) {
    ASSIGN_OR_RETURN(auto micros, ParseTimeFlag(*t));
    req->set_as_of_micros(micros);
  }
  return absl::OkStatus();
}

// Where observation rows go: one writer, or (Open SDG) one file per indicator.
class ObservationSink {
 public:
  ObservationSink(io::ExportFormat format, std::string output, io::ExportOptions options,
                  std::map<std::string, const v1::Indicator*> indicators)
      : format_(format),
        output_(std::move(output)),
        options_(std::move(options)),
        indicators_(std::move(indicators)) {}

  absl::Status Write(const v1::Observation& o) {
    if (writer_ == nullptr ||
        (format_ == io::ExportFormat::kOpenSdg && o.indicator_code() != code_)) {
      RETURN_IF_ERROR(Open(o.indicator_code()));
    }
    if (auto* xlsx = dynamic_cast<io::XlsxWriter*>(writer_.get());
        xlsx != nullptr && declared_.insert(o.indicator_code()).second) {
      auto it = indicators_.find(o.indicator_code());
      io::IndicatorRow meta = it != indicators_.end() ? ToRow(*it->second) : io::IndicatorRow{};
      meta.code = o.indicator_code();
      RETURN_IF_ERROR(xlsx->AddIndicator(meta));
    }
    attribution_.Note(o);
    ++rows_;
    return writer_->Write(ToRow(o));
  }

  absl::Status Finish() {
    if (writer_ == nullptr && format_ != io::ExportFormat::kOpenSdg) {
      RETURN_IF_ERROR(Open(""));  // an empty export is still a file
    }
    return Close();
  }

  int64_t rows() const { return rows_; }
  int files() const { return files_; }
  std::string attribution() const { return attribution_.Text(); }

 private:
  // Opens the writer (Open SDG: for `code`, in the output directory when there is one).
  absl::Status Open(const std::string& code) {
    RETURN_IF_ERROR(Close());
    std::string path = output_;
    if (format_ == io::ExportFormat::kOpenSdg) {
      options_.open_sdg.indicator = code;
      options_.open_sdg.dimensions.clear();
      if (auto it = indicators_.find(code); it != indicators_.end()) {
        for (const v1::Dimension& d : it->second->dimensions()) {
          options_.open_sdg.dimensions.push_back(d.name());
        }
      }
      if (std::filesystem::is_directory(output_))
        path = (std::filesystem::path(output_) / (code + ".csv")).string();
    }
    code_ = code;
    std::ostream* out = &std::cout;
    if (format_ != io::ExportFormat::kXlsx && !path.empty() && path != "-") {
      file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
      if (!*file_) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
      out = file_.get();
    }
    auto writer = io::MakeObservationWriter(format_, *out, path, options_);
    if (!writer.ok()) return writer.status();
    writer_ = *std::move(writer);
    ++files_;
    return absl::OkStatus();
  }

  absl::Status Close() {
    if (writer_ == nullptr) return absl::OkStatus();
    if (auto* xlsx = dynamic_cast<io::XlsxWriter*>(writer_.get())) {
      xlsx->set_attribution(attribution_.Text());
    }
    absl::Status s = writer_->Finish();
    writer_.reset();
    if (file_ != nullptr) {
      file_->close();
      if (s.ok() && !*file_) s = absl::InternalError("writing the output file failed");
      file_.reset();
    }
    return s;
  }

  io::ExportFormat format_;
  std::string output_;
  io::ExportOptions options_;
  std::map<std::string, const v1::Indicator*> indicators_;
  std::unique_ptr<std::ofstream> file_;
  std::unique_ptr<io::ObservationWriter> writer_;
  std::string code_;
  std::set<std::string> declared_;
  Attribution attribution_;
  int64_t rows_ = 0;
  int files_ = 0;
};

int ExportObservations(Context& ctx, const Args& a) {
  std::string output = a.GetOr("output", "-");
  auto format = ExportFormatOf(ctx, output);
  if (!format.ok()) return ReportUsage(ctx, format.status());
  if (*format == io::ExportFormat::kXlsx && output == "-") {
    return ReportUsage(
        ctx, absl::InvalidArgumentError("XLSX cannot go to stdout: give --output FILE.xlsx"));
  }
  v1::ExportObservationsRequest req;
  if (absl::Status s = FillRequest(a, &req); !s.ok()) return ReportUsage(ctx, s);
  io::ExportOptions options;
  auto csv = CsvOptionsOf(a);
  if (!csv.ok()) return ReportUsage(ctx, csv.status());
  options.csv = *csv;
  options.sdmx.dataflow = a.GetOr("dataflow", options.sdmx.dataflow);
  options.open_sdg.attributes = !a.Has("no-attributes");
  std::vector<v1::Indicator> indicators;
  std::vector<std::string> codes(req.indicator_codes().begin(), req.indicator_codes().end());
  if (grpc::Status s = FetchIndicators(ctx, codes, &indicators); !s.ok()) {
    return ReportRpcError(ctx, s);
  }
  std::map<std::string, const v1::Indicator*> by_code;
  for (const v1::Indicator& ind : indicators) {
    by_code[ind.code()] = &ind;
    for (const v1::Dimension& d : ind.dimensions()) {
      auto& dims = options.sdmx.dimensions;
      if (std::find(dims.begin(), dims.end(), d.name()) == dims.end()) dims.push_back(d.name());
    }
    io::IndicatorRow row = ToRow(ind);
    options.sdmx.unit_measure[ind.code()] = row.unit_label.empty() ? row.unit : row.unit_label;
  }
  if (*format == io::ExportFormat::kOpenSdg && indicators.size() != 1) {
    if (output == "-") {
      return ReportUsage(ctx, absl::InvalidArgumentError(
                                  "Open SDG has one file per indicator: name one --indicator or "
                                  "give --output DIR"));
    }
    std::error_code ec;
    std::filesystem::create_directories(output, ec);
    if (ec) {
      return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                  "cannot create the directory ", output, ": ", ec.message())));
    }
  }
  ObservationSink sink(*format, output, options, by_code);
  io::ProgressBar bar(stderr);
  auto call = ctx.NewStreamCall();
  auto reader = v1::ExchangeService::NewStub(ctx.channel)->ExportObservations(call.get(), req);
  v1::ExportObservationsResponse chunk;
  absl::Status written;
  while (written.ok() && reader->Read(&chunk)) {
    for (const v1::Observation& o : chunk.rows()) {
      written = sink.Write(o);
      if (!written.ok()) break;
    }
    bar.Update(sink.rows(), 0, std::nullopt);
  }
  if (!written.ok()) call->TryCancel();
  grpc::Status s = reader->Finish();
  bar.Finish();
  if (!written.ok()) {
    *ctx.err << "error: " << written.message() << "\n";
    return kExitRpcError;
  }
  if (!s.ok()) return ReportRpcError(ctx, s);
  if (absl::Status f = sink.Finish(); !f.ok()) {
    *ctx.err << "error: " << f.message() << "\n";
    return kExitRpcError;
  }
  *ctx.err << "exported " << io::FormatCount(sink.rows()) << " observation(s)";
  if (output != "-") *ctx.err << " to " << output;
  if (sink.files() > 1) *ctx.err << " (" << sink.files() << " files)";
  *ctx.err << "\n";
  if (std::string text = sink.attribution(); !text.empty()) *ctx.err << text << "\n";
  return kExitOk;
}

// Opens --output (or stdout) for a catalog export.
std::ostream* OpenOutput(const Args& a, std::ofstream& file) {
  std::string output = a.GetOr("output", "-");
  if (output == "-") return &std::cout;
  file.open(output, std::ios::binary | std::ios::trunc);
  return file ? &file : nullptr;
}

int ExportUnits(Context& ctx, const Args& a) {
  auto csv = CsvOptionsOf(a);
  if (!csv.ok()) return ReportUsage(ctx, csv.status());
  v1::ListUnitsRequest req;
  req.set_page_size(1000);
  if (auto level = a.Get("level")) {
    auto l = ParseEnumFlag("level", *level, v1::UnitLevel_descriptor(), "UNIT_LEVEL_");
    if (!l.ok()) return ReportUsage(ctx, l.status());
    req.set_level(static_cast<v1::UnitLevel>(*l));
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(a, file);
  if (out == nullptr) {
    return ReportUsage(ctx, absl::InvalidArgumentError("cannot write " + a.GetOr("output", "")));
  }
  io::UnitCsvWriter writer(*out, *csv);
  auto stub = v1::MonitoringService::NewStub(ctx.channel);
  int64_t n = 0;
  do {
    v1::ListUnitsResponse resp;
    if (auto failed = Call(ctx, [&](auto* call) { return stub->ListUnits(call, req, &resp); })) {
      return *failed;
    }
    for (const v1::Unit& u : resp.units()) {
      if (absl::Status w = writer.Write(ToRow(u)); !w.ok()) {
        *ctx.err << "error: " << w.message() << "\n";
        return kExitRpcError;
      }
      ++n;
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  if (absl::Status f = writer.Finish(); !f.ok()) {
    *ctx.err << "error: " << f.message() << "\n";
    return kExitRpcError;
  }
  *ctx.err << "exported " << io::FormatCount(n) << " unit(s)\n";
  return kExitOk;
}

int ExportIndicators(Context& ctx, const Args& a) {
  auto csv = CsvOptionsOf(a);
  if (!csv.ok()) return ReportUsage(ctx, csv.status());
  std::vector<v1::Indicator> indicators;
  if (grpc::Status s = FetchIndicators(ctx, List(a.GetOr("indicator", "")), &indicators); !s.ok()) {
    return ReportRpcError(ctx, s);
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(a, file);
  if (out == nullptr) {
    return ReportUsage(ctx, absl::InvalidArgumentError("cannot write " + a.GetOr("output", "")));
  }
  io::IndicatorCsvWriter writer(*out, *csv);
  for (const v1::Indicator& ind : indicators) {
    if (absl::Status w = writer.Write(ToRow(ind)); !w.ok()) {
      *ctx.err << "error: " << w.message() << "\n";
      return kExitRpcError;
    }
  }
  if (absl::Status f = writer.Finish(); !f.ok()) {
    *ctx.err << "error: " << f.message() << "\n";
    return kExitRpcError;
  }
  *ctx.err << "exported " << indicators.size() << " indicator(s)\n";
  return kExitOk;
}

int ExportTargets(Context& ctx, const Args& a) {
  auto csv = CsvOptionsOf(a);
  if (!csv.ok()) return ReportUsage(ctx, csv.status());
  v1::ListTargetsRequest req;
  req.set_indicator_code(a.GetOr("indicator", ""));
  req.set_unit_key(a.GetOr("unit", ""));
  v1::ListTargetsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::MonitoringService::NewStub(ctx.channel)->ListTargets(call, req, &resp);
      })) {
    return *failed;
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(a, file);
  if (out == nullptr) {
    return ReportUsage(ctx, absl::InvalidArgumentError("cannot write " + a.GetOr("output", "")));
  }
  io::TargetCsvWriter writer(*out, *csv);
  // In code order (the service lists by its internal indicator ids, which differ between stores),
  // so that a store that imported the file exports the same file.
  std::vector<io::TargetRow> rows;
  for (const v1::Target& t : resp.targets()) rows.push_back(ToRow(t));
  std::stable_sort(rows.begin(), rows.end(), [](const io::TargetRow& a, const io::TargetRow& b) {
    return std::tie(a.indicator, a.unit_key, a.breakdown, a.target_period) <
           std::tie(b.indicator, b.unit_key, b.breakdown, b.target_period);
  });
  for (const io::TargetRow& row : rows) {
    if (absl::Status w = writer.Write(row); !w.ok()) {
      *ctx.err << "error: " << w.message() << "\n";
      return kExitRpcError;
    }
  }
  if (absl::Status f = writer.Finish(); !f.ok()) {
    *ctx.err << "error: " << f.message() << "\n";
    return kExitRpcError;
  }
  *ctx.err << "exported " << resp.targets_size() << " target(s)\n";
  return kExitOk;
}

const std::map<std::string, Command>& ExportCommands() {
  const std::set<Format> files = {Format::kTable,   Format::kCsv,     Format::kJsonl,
                                  Format::kSdmxCsv, Format::kOpenSdg, Format::kXlsx};
  static const auto* commands = new std::map<std::string, Command>{
      {"observations",
       {"integra export observations [--indicator CODE,...] [--unit KEY,...] [--within KEY,...] "
        "[--level LEVEL] [--from P] [--to P] [--breakdown all|total|dim=value,...] "
        "[--as-of TIME] [--format csv|jsonl|sdmx-csv|opensdg|xlsx] [--output FILE|DIR] "
        "[--delimiter ;] [--decimal-comma] [--bom] [--dataflow AGENCY:ID(VERSION)] "
        "[--no-attributes]",
        {"indicator", "unit", "within", "level", "from", "to", "breakdown", "as-of", "output",
         "delimiter", "decimal-comma", "bom", "dataflow", "no-attributes"},
        {"decimal-comma", "bom", "no-attributes"},
        0,
        ExportObservations,
        files}},
      {"units",
       {"integra export units [--level LEVEL] [--output FILE] [--delimiter ;] [--decimal-comma] "
        "[--bom]",
        {"level", "output", "delimiter", "decimal-comma", "bom"},
        {"decimal-comma", "bom"},
        0,
        ExportUnits,
        {Format::kTable, Format::kCsv}}},
      {"indicators",
       {"integra export indicators [--indicator CODE,...] [--output FILE] [--delimiter ;] "
        "[--decimal-comma] [--bom]",
        {"indicator", "output", "delimiter", "decimal-comma", "bom"},
        {"decimal-comma", "bom"},
        0,
        ExportIndicators,
        {Format::kTable, Format::kCsv}}},
      {"targets",
       {"integra export targets [--indicator CODE] [--unit KEY] [--output FILE] [--delimiter ;] "
        "[--decimal-comma] [--bom]",
        {"indicator", "unit", "output", "delimiter", "decimal-comma", "bom"},
        {"decimal-comma", "bom"},
        0,
        ExportTargets,
        {Format::kTable, Format::kCsv}}},
      {"kb",
       {"integra export kb --format dot|graphml|json [--root ID] [--depth K] (= integra kb "
        "export)",
        {},
        {},
        0,
        nullptr,
        {Format::kDot, Format::kGraphml, Format::kJson}}},
  };
  return *commands;
}

}  // namespace

int RunExportCommand(Context& ctx, const std::vector<std::string>& argv) {
  if (!argv.empty() && argv[0] == "kb") {
    // The graph export is the knowledge group's; this is its name among the other exports.
    std::vector<std::string> forwarded = {"export"};
    forwarded.insert(forwarded.end(), argv.begin() + 1, argv.end());
    return RunKnowledgeCommand(ctx, forwarded);
  }
  return Dispatch(ctx, "export", ExportCommands(), argv);
}

}  // namespace integra::cli
