// Register editions end to end below the binary: the CLI's request builder
// (client/unit_import.h) reads the file, a real in-process server imports it, and the units
// are compared field by field (MessageDifferencer over every field of v1::Unit) with those the
// shipped reference CSVs (data/reference/) give in another, fresh store.
//
// The GV100AD files are written from those CSVs in the official layout
// (tests/testing/gv100ad_writer.h): importing them must give exactly what the CSVs give.
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "client/unit_import.h"
#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/gv100ad_writer.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::ReadReference;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

// The header and the rows of a register CSV whose key starts with one of `laender`.
std::string RowsOf(const std::string& csv, const std::set<std::string>& laender) {
  std::istringstream in(csv);
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line)) {
    if (laender.contains(line.substr(0, 2))) out += line + "\n";
  }
  return out;
}

// UTF-8 -> Windows-1252 for U+0080..U+00FF (what the fixtures hold).
std::string ToWindows1252(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0xC2 && c <= 0xC3 && i + 1 < utf8.size()) {
      const auto n = static_cast<unsigned char>(utf8[++i]);
      out.push_back(static_cast<char>(c == 0xC2 ? n : n + 0x40));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// One server over its own data dir.
struct Server {
  testing::TempDir dir;
  std::unique_ptr<IntegraServer> server;
  std::unique_ptr<v1::MonitoringService::Stub> stub;

  Server() {
    auto s = IntegraServer::Start({.data_dir = dir.path(), .listen = "127.0.0.1:0"});
    EXPECT_TRUE(s.ok()) << s.status();
    server = std::move(*s);
    stub = v1::MonitoringService::NewStub(testing::AdminChannel(*server));
  }

  v1::ImportUnitsResponse Import(const v1::ImportUnitsRequest& req) {
    v1::ImportUnitsResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = stub->ImportUnits(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(resp.applied()) << (resp.rejected_size() > 0 ? resp.rejected(0).reason() : "");
    return resp;
  }
  v1::ImportUnitsResponse ImportCsv(const std::string& csv) {
    v1::ImportUnitsRequest req;
    req.set_register_csv(csv);
    return Import(req);
  }
  void ImportReferenceCsvs(const std::set<std::string>& laender = {}) {
    for (const char* name :
         {"laender.csv", "kreise_gv100ad_2023-11-30.csv", "gemeinden_gv100ad_2023-11-30.csv"}) {
      const std::string csv = ReadReference(name);
      ImportCsv(laender.empty() ? csv : RowsOf(csv, laender));
    }
  }
  // Every unit, in key order.
  std::vector<v1::Unit> Units() {
    std::vector<v1::Unit> out;
    v1::ListUnitsRequest req;
    req.set_page_size(1000);
    do {
      v1::ListUnitsResponse resp;
      grpc::ClientContext ctx;
      EXPECT_TRUE(stub->ListUnits(&ctx, req, &resp).ok());
      for (const v1::Unit& u : resp.units()) out.push_back(u);
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }
  v1::Unit Get(const std::string& key) {
    v1::GetUnitRequest req;
    req.set_key(key);
    v1::Unit u;
    grpc::ClientContext ctx;
    grpc::Status s = stub->GetUnit(&ctx, req, &u);
    EXPECT_TRUE(s.ok()) << key << ": " << s.error_message();
    return u;
  }
};

// Every field of every unit equal, except `ignored` fields; reports the first differences.
void ExpectSameUnits(const std::vector<v1::Unit>& a, const std::vector<v1::Unit>& b,
                     const std::vector<std::string>& ignored = {}) {
  ASSERT_EQ(a.size(), b.size());
  MessageDifferencer diff;
  for (const std::string& f : ignored) {
    diff.IgnoreField(v1::Unit::descriptor()->FindFieldByName(f));
  }
  std::string report;
  diff.ReportDifferencesToString(&report);
  int different = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!diff.Compare(a[i], b[i]) && ++different <= 3) {
      ADD_FAILURE() << a[i].key() << " differs: " << report;
    }
    report.clear();
  }
  EXPECT_EQ(different, 0);
}

TEST(RegisterEditionsServiceTest, Gv100adOfTheWholeRegisterEqualsTheReferenceCsvs) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<testing::GvRecord> records,
      testing::GvRecordsFromReferenceCsvs(ReadReference("laender.csv"),
                                          ReadReference("kreise_gv100ad_2023-11-30.csv"),
                                          ReadReference("gemeinden_gv100ad_2023-11-30.csv")));
  const std::string file = testing::GvFile(records, "20231130");

  Server gv;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport prepared, cli::PrepareUnitImport(file, {}));
  const auto read = std::chrono::steady_clock::now();
  v1::ImportUnitsResponse resp = gv.Import(prepared.request);
  const auto done = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  std::cerr << "GV100AD of the whole register (" << records.size() << " records, " << file.size()
            << " bytes): read " << ms(read - start) << " ms, import " << ms(done - read) << " ms\n";
  EXPECT_EQ(prepared.format, "gv100ad");
  EXPECT_EQ(prepared.problem_count, 0);
  EXPECT_EQ(resp.register_kind(), "gv100ad");
  EXPECT_EQ(resp.rows(), static_cast<int>(records.size()));
  // The Bund, 16 Länder, 29 Regierungsbezirke, 400 Kreise, 10,981 Gemeinden.
  EXPECT_EQ(resp.upserted(), 1 + 16 + 29 + 400 + 10981);

  Server csv;
  csv.ImportReferenceCsvs();
  std::vector<v1::Unit> from_gv = gv.Units();
  EXPECT_EQ(from_gv.size(), 11427u);
  ExpectSameUnits(from_gv, csv.Units());
  // Spot checks against the CSV rows (gemeinden 01051001, kreise 01051).
  v1::Unit albersdorf = gv.Get("01051001");
  EXPECT_EQ(albersdorf.population(), 3774);
  EXPECT_EQ(albersdorf.population_year(), 2022);
  EXPECT_EQ(albersdorf.verband_name(), "Mitteldithmarschen");
  EXPECT_EQ(albersdorf.ars(), "010515175001");
  EXPECT_EQ(gv.Get("01051").population(), 135252);
}

TEST(RegisterEditionsServiceTest, CommittedFixtureInUtf8AndLatin1EqualsTheCsvRowsOfItsLaender) {
  const std::string fixture = Fixture("gv100ad_bremen_saarland.txt");
  Server gv;
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport prepared, cli::PrepareUnitImport(fixture, {}));
  ASSERT_EQ(prepared.notes.size(), 1u);
  EXPECT_EQ(prepared.notes[0],
            "population taken as of 31.12.2022 by the GV100AD convention (31.12. of the year "
            "before the Gebietsstand's year; the file states no population date); "
            "--population-date YYYY-MM-DD overrides it");
  gv.Import(prepared.request);

  Server latin1;
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport p1,
                       cli::PrepareUnitImport(ToWindows1252(fixture), {.encoding = "latin1"}));
  latin1.Import(p1.request);
  EXPECT_STATUS(cli::PrepareUnitImport(ToWindows1252(fixture), {}),
                absl::StatusCode::kInvalidArgument, "pass --encoding latin1");

  Server csv;
  csv.ImportReferenceCsvs({"04", "10"});
  std::vector<v1::Unit> units = gv.Units();
  EXPECT_EQ(units.size(), 1u + 2 + 8 + 55);
  ExpectSameUnits(units, csv.Units());
  ExpectSameUnits(units, latin1.Units());
  EXPECT_EQ(gv.Get("10041100").name(), "Saarbrücken, Landeshauptstadt");
}

TEST(RegisterEditionsServiceTest, TheAuszugOfTheWholeRegisterAsCsvAndXlsxAgreesWithGv100ad) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<testing::GvRecord> records,
      testing::GvRecordsFromReferenceCsvs(ReadReference("laender.csv"),
                                          ReadReference("kreise_gv100ad_2023-11-30.csv"),
                                          ReadReference("gemeinden_gv100ad_2023-11-30.csv")));
  Server gv;
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport g,
                       cli::PrepareUnitImport(testing::GvFile(records, "20231130"), {}));
  gv.Import(g.request);
  Server auszug;
  ASSERT_OK_AND_ASSIGN(
      cli::PreparedUnitImport a,
      cli::PrepareUnitImport(testing::GvAuszugCsv(records, {.title_date = "30.11.2023"}),
                             {.population_indicator = "none"}));
  EXPECT_EQ(a.format, "gv-auszug");
  EXPECT_EQ(a.problem_count, 0) << (a.problems.empty() ? "" : a.problems[0]);
  auszug.Import(a.request);
  // The Auszug has no seats and GV100AD no DEGURBA; everything else is the same register.
  const std::vector<v1::Unit> from_gv = gv.Units();
  ExpectSameUnits(from_gv, auszug.Units(), {"seat", "degurba"});

  // The Auszug's XLSX workbook (number cells for areas and populations) gives the same.
  testing::TempDir dir;
  const std::string xlsx = dir.Sub("AuszugGV4QAktuell.xlsx");
  testing::WriteGvAuszugXlsx(xlsx, records, {.title_date = "30.11.2023"});
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport x,
                       cli::PrepareUnitImportFile(xlsx, {.population_indicator = "none"}));
  EXPECT_EQ(x.format, "gv-auszug");
  EXPECT_EQ(x.problem_count, 0) << (x.problems.empty() ? "" : x.problems[0]);
  Server from_xlsx;
  from_xlsx.Import(x.request);
  const std::vector<v1::Unit> units = from_xlsx.Units();
  ExpectSameUnits(from_gv, units, {"seat", "degurba"});
  ExpectSameUnits(auszug.Units(), units);
}

// The fixture's DEGURBA keys, counted in its text (column 19, ';'-separated, no quoted ';').
std::map<std::string, std::string> FixtureDegurba(const std::string& csv) {
  std::map<std::string, std::string> out;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream l(line);
    while (std::getline(l, cell, ';')) cells.push_back(cell);
    if (cells.size() >= 19 && cells[0] == "60" && !cells[18].empty()) {
      out[cells[2] + cells[3] + cells[4] + cells[6]] = cells[18];
    }
  }
  return out;
}

TEST(RegisterEditionsServiceTest, TheAuszugBringsDegurbaAndPopulationObservations) {
  Server s;
  s.ImportReferenceCsvs();
  const std::string fixture = Fixture("gv_auszug_bremen_saarland.csv");
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport prepared, cli::PrepareUnitImport(fixture, {}));
  EXPECT_EQ(prepared.request.edition().population_indicator(), "BEV_INSGESAMT");
  EXPECT_EQ(prepared.request.edition().population_date(), "2022-12-31");
  // The indicator is required: refused as a whole until it exists.
  {
    v1::ImportUnitsResponse resp;
    grpc::ClientContext ctx;
    grpc::Status st = s.stub->ImportUnits(&ctx, prepared.request, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_NE(st.error_message().find("--population-indicator none"), std::string::npos);
  }
  v1::CreateIndicatorRequest create;
  create.mutable_indicator()->set_code("BEV_INSGESAMT");
  create.mutable_indicator()->set_name_de("Bevölkerung insgesamt");
  create.mutable_indicator()->set_unit(v1::MEASURE_UNIT_COUNT);
  create.mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
  {
    v1::Indicator created;
    grpc::ClientContext ctx;
    ASSERT_TRUE(s.stub->CreateIndicator(&ctx, create, &created).ok());
  }
  v1::ImportUnitsResponse resp = s.Import(prepared.request);
  EXPECT_EQ(resp.register_kind(), "gemeindeverzeichnis-auszug");
  EXPECT_EQ(resp.ended_units_size(), 0);  // the same Länder, the same units
  EXPECT_EQ(resp.new_units_size(), 0);
  EXPECT_EQ(resp.observations_written(), 55 + 8);  // Gemeinden and Kreise of Bremen, Saarland

  v1::GetObservationRequest get;
  get.set_indicator_code("BEV_INSGESAMT");
  get.set_unit_key("10041100");
  get.set_period("2022");
  v1::Observation obs;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(s.stub->GetObservation(&ctx, get, &obs).ok());
  }
  EXPECT_EQ(obs.value(), 181959);  // gemeinden_gv100ad_2023-11-30.csv, 10041100
  EXPECT_EQ(obs.source(), cli::kGvAuszugSource);

  v1::Unit sb = s.Get("10041100");
  EXPECT_EQ(sb.territory_date(), "2023-12-31");
  EXPECT_EQ(sb.verband_key(), "100410100");
  EXPECT_EQ(s.Get("10041").seat(), "Saarbrücken, Landeshauptstadt");  // kept from the CSV
  const std::map<std::string, std::string> degurba = FixtureDegurba(fixture);
  ASSERT_EQ(degurba.size(), 54u);  // one uninhabited gemeindefreies Gebiet has none
  int rural = 0;
  for (const auto& [key, code] : degurba) {
    EXPECT_EQ(static_cast<int>(s.Get(key).degurba()), std::stoi(code)) << key;
    rural += code == "03";
  }
  v1::ListUnitsRequest list;
  list.set_degurba(v1::DEGURBA_LAENDLICHE_GEBIETE);
  list.set_page_size(1000);
  v1::ListUnitsResponse listed;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(s.stub->ListUnits(&ctx, list, &listed).ok());
  }
  EXPECT_EQ(listed.units_size(), rural);

  // Peers of Saarbrücken of its DEGURBA class.
  v1::ResolvePeersRequest peers;
  peers.set_unit_key("10041100");
  peers.mutable_peers()->set_same_degurba(true);
  v1::ResolvePeersResponse resolved;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(s.stub->ResolvePeers(&ctx, peers, &resolved).ok());
  }
  EXPECT_NE(resolved.description().find("DEGURBA 2"), std::string::npos);
  for (const std::string& key : resolved.unit_keys()) {
    EXPECT_EQ(s.Get(key).degurba(), v1::DEGURBA_KLEINERE_STAEDTE_UND_VORORTE) << key;
  }
  // Saarbrücken is the only Großstadt among them: it is its own peer set.
  EXPECT_EQ(resolved.unit_keys_size(), 1);

  // Again: nothing new.
  v1::ImportUnitsResponse again = s.Import(prepared.request);
  EXPECT_EQ(again.upserted(), 0);
  EXPECT_EQ(again.observations_written(), 0);
  EXPECT_EQ(again.observations_unchanged(), 63);
}

TEST(RegisterEditionsServiceTest, AnAuszugCsvWithoutTitleRowsNeedsBothDates) {
  ASSERT_OK_AND_ASSIGN(std::vector<testing::GvRecord> records,
                       testing::GvRecordsFromReferenceCsvs(
                           RowsOf(ReadReference("laender.csv"), {"04"}),
                           RowsOf(ReadReference("kreise_gv100ad_2023-11-30.csv"), {"04"}),
                           RowsOf(ReadReference("gemeinden_gv100ad_2023-11-30.csv"), {"04"})));
  const std::string bare = testing::GvAuszugCsv(records, {.title_date = "", .population_date = ""});
  EXPECT_STATUS(cli::PrepareUnitImport(bare, {.population_indicator = "none"}),
                absl::StatusCode::kInvalidArgument,
                "pass --gebietsstand YYYY-MM-DD and --population-date YYYY-MM-DD");
  ASSERT_OK_AND_ASSIGN(cli::PreparedUnitImport p,
                       cli::PrepareUnitImport(bare, {.gebietsstand = "31.12.2023",
                                                     .population_date = "31.12.2022",
                                                     .population_indicator = "none"}));
  Server s;
  s.Import(p.request);
  EXPECT_EQ(s.Get("04011000").territory_date(), "2023-12-31");
  EXPECT_EQ(s.Get("04011000").population_year(), 2022);
}

}  // namespace
}  // namespace integra::api
