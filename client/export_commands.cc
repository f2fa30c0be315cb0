// integra export observations|units|indicators|targets|kb: data out, for planning tools and
// spreadsheets.
//
// Observations stream from the server (ExchangeService.ExportObservations) and go to the chosen
// io writer row by row, so an export of millions of rows holds one chunk in memory. Formats:
// csv (integra's long format, importable), jsonl, sdmx-csv (with its SDMX-ML structure
// beside it), opensdg (a data repository bundle, a directory or a zip), xlsx (a sheet per indicator
// plus a metadata sheet with the definitions and the attribution). Catalog exports (units,
// indicators, targets) write exactly the columns `integra import` reads.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/command.h"
#include "client/exchange_convert.h"
#include "client/io/attribution.h"
#include "client/io/csv_writer.h"
#include "client/io/measure_units.h"
#include "client/io/observation_export.h"
#include "client/io/progress.h"
#include "client/io/sdmx_structure.h"
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

// Every registered unit, in the register's order (for area names and the SDMX code list).
grpc::Status FetchUnits(const Context& ctx, std::vector<v1::Unit>* out) {
  auto stub = v1::MonitoringService::NewStub(ctx.channel);
  v1::ListUnitsRequest req;
  req.set_page_size(1000);
  do {
    v1::ListUnitsResponse resp;
    auto call = ctx.NewCall();
    grpc::Status s = stub->ListUnits(call.get(), req, &resp);
    if (!s.ok()) return s;
    for (v1::Unit& u : *resp.mutable_units()) out->push_back(std::move(u));
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return grpc::Status::OK;
}

// The catalog's unit word (percent, count, ..., other) and label of an indicator.
std::string UnitWord(const v1::Indicator& ind) {
  if (ind.unit() == v1::MEASURE_UNIT_UNSPECIFIED) return "";
  return absl::AsciiStrToLower(
      absl::StripPrefix(v1::MeasureUnit_Name(ind.unit()), "MEASURE_UNIT_"));
}

// Area labels for the Open SDG "Gebiet" column: the unit's name, with its key where another
// unit has the same name ("Neustadt (07337055)").
std::map<std::string, std::string> AreaLabels(const std::vector<v1::Unit>& units) {
  std::map<std::string, int> count;
  for (const v1::Unit& u : units) ++count[u.name()];
  std::map<std::string, std::string> labels;
  for (const v1::Unit& u : units) {
    labels[u.key()] = u.name().empty()      ? u.key()
                      : count[u.name()] > 1 ? absl::StrCat(u.name(), " (", u.key(), ")")
                                            : u.name();
  }
  return labels;
}

// Where observation rows go: one writer (a file, stdout, an XLSX workbook or an Open SDG
// bundle), the attribution of what went there, and the XLSX metadata sheet.
class ObservationSink {
 public:
  ObservationSink(std::unique_ptr<io::ObservationWriter> writer,
                  std::unique_ptr<std::ofstream> file,
                  std::map<std::string, const v1::Indicator*> indicators)
      : writer_(std::move(writer)), file_(std::move(file)), indicators_(std::move(indicators)) {}

  absl::Status Write(const v1::Observation& o) {
    if (auto* xlsx = dynamic_cast<io::XlsxWriter*>(writer_.get());
        xlsx != nullptr && declared_.insert(o.indicator_code()).second) {
      auto it = indicators_.find(o.indicator_code());
      io::IndicatorRow meta = it != indicators_.end() ? ToRow(*it->second) : io::IndicatorRow{};
      meta.code = o.indicator_code();
      RETURN_IF_ERROR(xlsx->AddIndicator(meta));
    }
    bool synthetic = false;
    for (int f : o.flags()) synthetic = synthetic || f == v1::OBSERVATION_FLAG_SYNTHETIC;
    attribution_.Note(o.source(), synthetic);
    ++rows_;
    return writer_->Write(ToRow(o));
  }

  absl::Status Finish() {
    if (auto* xlsx = dynamic_cast<io::XlsxWriter*>(writer_.get())) {
      xlsx->set_attribution(attribution_.Text());
    }
    absl::Status s = writer_->Finish();
    if (file_ != nullptr) {
      file_->close();
      if (s.ok() && !*file_) s = absl::InternalError("writing the output file failed");
    }
    return s;
  }

  io::ObservationWriter& writer() { return *writer_; }
  int64_t rows() const { return rows_; }
  std::string attribution() const { return attribution_.Text(); }

 private:
  std::unique_ptr<io::ObservationWriter> writer_;
  std::unique_ptr<std::ofstream> file_;
  std::map<std::string, const v1::Indicator*> indicators_;
  std::set<std::string> declared_;
  io::Attribution attribution_;
  int64_t rows_ = 0;
};

// The SDMX-ML structure file beside an SDMX-CSV output: --structure, else the output with
// ".csv" replaced by (or, without it, followed by) ".structure.xml"; none for stdout.
std::string StructurePath(const Args& a, const std::string& output) {
  if (auto s = a.Get("structure")) return *s;
  if (output == "-") return "";
  std::string base = output;
  if (absl::EndsWithIgnoreCase(base, ".csv")) base.resize(base.size() - 4);
  return base + ".structure.xml";
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", tmp));
    out << text;
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("writing ", tmp, " failed"));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot rename ", tmp, ": ", ec.message()));
  return absl::OkStatus();
}

// Current time as ISO 8601 UTC, for the SDMX header.
std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

int ExportObservations(Context& ctx, const Args& a) {
  std::string output = a.GetOr("output", "-");
  auto format = ExportFormatOf(ctx, output);
  if (!format.ok()) return ReportUsage(ctx, format.status());
  if (*format == io::ExportFormat::kXlsx && output == "-") {
    return ReportUsage(
        ctx, absl::InvalidArgumentError("XLSX cannot go to stdout: give --output FILE.xlsx"));
  }
  const bool sdmx = *format == io::ExportFormat::kSdmxCsv;
  const bool open_sdg = *format == io::ExportFormat::kOpenSdg;
  for (const char* flag : {"headline", "opensdg-ids"}) {
    if (a.Has(flag) && !open_sdg) {
      return ReportUsage(ctx, absl::InvalidArgumentError(
                                  absl::StrCat("--", flag, " belongs to --format opensdg")));
    }
  }
  for (const char* flag : {"structure", "dataflow"}) {
    if (a.Has(flag) && !sdmx) {
      return ReportUsage(ctx, absl::InvalidArgumentError(
                                  absl::StrCat("--", flag, " belongs to --format sdmx-csv")));
    }
  }
  const bool bundle = open_sdg && output != "-" && !absl::EndsWithIgnoreCase(output, ".csv");
  v1::ExportObservationsRequest req;
  if (absl::Status s = FillRequest(a, &req); !s.ok()) return ReportUsage(ctx, s);
  io::ExportOptions options;
  auto csv = CsvOptionsOf(a);
  if (!csv.ok()) return ReportUsage(ctx, csv.status());
  options.csv = *csv;
  options.sdmx.dataflow = a.GetOr("dataflow", options.sdmx.dataflow);
  auto dataflow = io::ParseSdmxArtefactRef(options.sdmx.dataflow);
  if (!dataflow.ok()) return ReportUsage(ctx, dataflow.status());
  std::map<std::string, std::string> id_map;
  if (auto path = a.Get("opensdg-ids")) {
    auto read = io::ReadOpenSdgIdMap(*path);
    if (!read.ok()) return ReportUsage(ctx, read.status());
    id_map = *std::move(read);
  }
  std::vector<v1::Indicator> indicators;
  std::vector<std::string> codes(req.indicator_codes().begin(), req.indicator_codes().end());
  if (grpc::Status s = FetchIndicators(ctx, codes, &indicators); !s.ok()) {
    return ReportRpcError(ctx, s);
  }
  std::map<std::string, const v1::Indicator*> by_code;
  for (const v1::Indicator& ind : indicators) by_code[ind.code()] = &ind;
  if (open_sdg && !bundle && indicators.size() != 1) {
    return ReportUsage(ctx, absl::InvalidArgumentError(
                                "an Open SDG data file holds one indicator: name one --indicator, "
                                "or give --output DIR or --output FILE.zip for a bundle"));
  }
  // SDMX: the data structure is the whole catalog's, so every export of the dataflow has the
  // same columns whichever indicators it selects.
  std::vector<v1::Indicator> catalog;
  if (sdmx) {
    if (codes.empty()) {
      catalog = indicators;
    } else if (grpc::Status s = FetchIndicators(ctx, {}, &catalog); !s.ok()) {
      return ReportRpcError(ctx, s);
    }
  }
  const std::string structure = sdmx ? StructurePath(a, output) : "";
  std::vector<v1::Unit> units;
  if (!structure.empty() || open_sdg) {
    if (grpc::Status s = FetchUnits(ctx, &units); !s.ok()) return ReportRpcError(ctx, s);
  }
  std::map<std::string, std::string> area_labels = AreaLabels(units);
  std::string headline = a.GetOr("headline", "DG");
  if (headline == "DE" || headline == "de" || headline == "00" || headline == "dg") headline = "DG";
  if (open_sdg && !area_labels.contains(headline)) {
    return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                "--headline ", headline,
                                " is not a registered unit (give its key as stored: DG, 05, "
                                "05315, 05315000)")));
  }
  auto area_label = [area_labels](const std::string& key) {
    auto it = area_labels.find(key);
    return it == area_labels.end() ? key : it->second;
  };

  // SDMX options: all dimensions of the catalog (sorted by key), which ones each indicator has,
  // the unit codes.
  std::map<std::string, std::vector<std::string>> dimension_values;
  for (const v1::Indicator& ind : catalog) {
    std::set<std::string>& has = options.sdmx.indicator_dimensions[ind.code()];
    for (const v1::Dimension& d : ind.dimensions()) {
      has.insert(d.name());
      std::vector<std::string>& values = dimension_values[d.name()];
      for (const std::string& v : d.values()) {
        if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
      }
    }
    std::string word = UnitWord(ind);
    if (!word.empty()) options.sdmx.unit_measure[ind.code()] = io::SdmxUnitMeasureCode(word);
  }
  for (const auto& [key, values] : dimension_values) options.sdmx.dimensions.push_back(key);

  // Open SDG: each indicator's id, unit label, dimensions and metadata sheet.
  io::OpenSdgBundleOptions bundle_options;
  bundle_options.attributes = !a.Has("no-attributes");
  bundle_options.headline_unit = headline;
  bundle_options.area_label = area_label;
  std::set<std::string> ids;
  for (const v1::Indicator& ind : indicators) {
    io::OpenSdgIndicator o;
    o.code = ind.code();
    auto mapped = id_map.find(ind.code());
    o.id = mapped != id_map.end() ? mapped->second : io::DefaultOpenSdgId(ind.code());
    o.standalone = mapped == id_map.end();
    o.name = ind.name_de();
    o.units = io::MeasureUnitLabelDe(UnitWord(ind), ind.unit_label());
    for (const v1::Dimension& d : ind.dimensions()) o.dimensions.push_back(d.name());
    o.definition = ind.sheet().definition();
    o.relevance = ind.sheet().relevance();
    o.interpretation = ind.sheet().interpretation();
    o.data_source = ind.sheet().data_source();
    o.method_notes = ind.sheet().methodological_notes();
    if (open_sdg && !ids.insert(o.id).second) {
      return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                  "Open SDG id ", o.id, " is given to two indicators")));
    }
    bundle_options.indicators[o.code] = std::move(o);
  }

  // The writer.
  std::unique_ptr<io::ObservationWriter> writer;
  std::unique_ptr<std::ofstream> file;
  if (bundle) {
    auto tree = absl::EndsWithIgnoreCase(output, ".zip") ? io::OpenZipTree(output)
                                                         : io::OpenDirectoryTree(output);
    if (!tree.ok()) return ReportUsage(ctx, tree.status());
    writer = std::make_unique<io::OpenSdgBundleWriter>(*std::move(tree), bundle_options);
  } else {
    std::ostream* out = &std::cout;
    if (*format != io::ExportFormat::kXlsx && output != "-") {
      file = std::make_unique<std::ofstream>(output, std::ios::binary | std::ios::trunc);
      if (!*file) {
        return ReportUsage(ctx, absl::PermissionDeniedError(absl::StrCat("cannot write ", output)));
      }
      out = file.get();
    }
    if (open_sdg) {
      const io::OpenSdgIndicator& o = bundle_options.indicators.begin()->second;
      options.open_sdg.indicator = o.code;
      options.open_sdg.dimensions = o.dimensions;
      options.open_sdg.attributes = bundle_options.attributes;
      options.open_sdg.units = o.units;
      options.open_sdg.headline_unit = headline;
      options.open_sdg.area_label = area_label;
    }
    auto made = io::MakeObservationWriter(*format, *out, output, options);
    if (!made.ok()) return ReportUsage(ctx, made.status());
    writer = *std::move(made);
  }
  ObservationSink sink(std::move(writer), std::move(file), by_code);

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
  // Before Finish: the SDMX writer still knows the codes it wrote.
  std::map<std::string, std::set<std::string>> codes_used;
  if (auto* w = dynamic_cast<io::SdmxCsvWriter*>(&sink.writer())) codes_used = w->codes_used();
  size_t files = 1;
  if (auto* b = dynamic_cast<io::OpenSdgBundleWriter*>(&sink.writer())) {
    absl::Status f = sink.Finish();
    if (!f.ok()) {
      *ctx.err << "error: " << f.message() << "\n";
      return kExitRpcError;
    }
    files = b->files().size();
    if (!absl::EndsWithIgnoreCase(output, ".zip")) {
      absl::StatusOr<std::vector<std::string>> stale =
          io::RemoveStaleBundleFiles(output, b->files());
      if (!stale.ok()) {
        *ctx.err << "error: " << stale.status().message() << "\n";
        return kExitRpcError;
      }
      if (!stale->empty()) {
        *ctx.err << "removed " << stale->size() << " file(s) of an earlier export that this one "
                 << "does not hold (first: " << stale->front() << ")\n";
      }
    }
  } else if (absl::Status f = sink.Finish(); !f.ok()) {
    *ctx.err << "error: " << f.message() << "\n";
    return kExitRpcError;
  }
  if (!structure.empty()) {
    io::SdmxDataflowSpec spec;
    spec.dataflow = *dataflow;
    spec.name = "integra: Indikatoren des kommunalen Integrationsmonitorings";
    spec.prepared = NowIso8601();
    for (const v1::Unit& u : units) spec.units.emplace_back(u.key(), u.name());
    for (const v1::Indicator& ind : catalog)
      spec.indicators.emplace_back(ind.code(), ind.name_de());
    for (const std::string& key : options.sdmx.dimensions) {
      spec.dimensions.emplace_back(key, dimension_values[key]);
    }
    spec.codes_used = std::move(codes_used);
    if (absl::Status w = WriteFile(structure, io::SdmxStructureMessage(spec)); !w.ok()) {
      *ctx.err << "error: " << w.message() << "\n";
      return kExitRpcError;
    }
  }
  *ctx.err << "exported " << io::FormatCount(sink.rows()) << " observation(s)";
  if (output != "-") *ctx.err << " to " << output;
  if (bundle) *ctx.err << " (" << files << " files)";
  *ctx.err << "\n";
  if (!structure.empty()) *ctx.err << "data structure (SDMX-ML 2.1): " << structure << "\n";
  if (sink.rows() == 0 && (a.Has("within") || a.Has("unit") || a.Has("level"))) {
    *ctx.err << "note: no observation matched the selection (--within/--unit/--level); check "
                "the level the indicator is reported at (integra indicator get CODE) and the "
                "keys (integra unit get KEY)\n";
  }
  if (std::string text = sink.attribution(); !text.empty()) *ctx.err << text << "\n";
  return kExitOk;
}

// Opens --output (or stdout) for a catalog export (always CSV). A file name that promises
// another format (.xlsx, .jsonl, .zip, ...) is refused rather than given CSV content.
absl::StatusOr<std::ostream*> OpenOutput(const Args& a, std::ofstream& file) {
  std::string output = a.GetOr("output", "-");
  if (output == "-") return &std::cout;
  const std::string ext = absl::AsciiStrToLower(std::filesystem::path(output).extension().string());
  if (!ext.empty() && ext != ".csv" && ext != ".txt" && ext != ".tsv") {
    return absl::InvalidArgumentError(
        absl::StrCat("units, indicators and targets are exported as CSV (which the XLSX-aware "
                     "import reads back); --output ",
                     output, " names a ", ext, " file: give a .csv file name"));
  }
  file.open(output, std::ios::binary | std::ios::trunc);
  if (!file) return absl::InvalidArgumentError("cannot write " + output);
  return &file;
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
  absl::StatusOr<std::ostream*> opened = OpenOutput(a, file);
  if (!opened.ok()) return ReportUsage(ctx, opened.status());
  std::ostream* out = *opened;
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
  absl::StatusOr<std::ostream*> opened = OpenOutput(a, file);
  if (!opened.ok()) return ReportUsage(ctx, opened.status());
  std::ostream* out = *opened;
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
  absl::StatusOr<std::ostream*> opened = OpenOutput(a, file);
  if (!opened.ok()) return ReportUsage(ctx, opened.status());
  std::ostream* out = *opened;
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
        "[--structure FILE] [--headline KEY] [--opensdg-ids FILE] [--no-attributes]",
        {"indicator", "unit", "within", "level", "from", "to", "breakdown", "as-of", "output",
         "delimiter", "decimal-comma", "bom", "dataflow", "structure", "headline", "opensdg-ids",
         "no-attributes"},
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
