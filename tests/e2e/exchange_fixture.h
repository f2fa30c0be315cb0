// Fixture of the data-exchange end-to-end tests: a real integrad (or two, for round trips into a
// fresh store) with the Länder and Kreise registers and a small indicator catalog, driven by the
// real integra CLI.
#pragma once

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {

// The catalog the tests import: a percentage with two breakdown dimensions, a count, a
// quarterly indicator, and a gap indicator.
inline constexpr char kTestCatalog[] =
    "code,name_de,unit,polarity,periodicity,aggregation,numerator,denominator,dimensions,"
    "definition,data_source\n"
    "AUSL_ANTEIL,Ausländeranteil,percent,neutral,annual,none,,,"
    "\"nationality=deutsch,auslaendisch|sex=m,f\",Ausländer je 100 Einwohner,INKAR\n"
    "BEV,Bevölkerung,count,neutral,annual,sum,,,,Einwohner am 31.12.,Destatis\n"
    "ALO_Q,Arbeitslosenquote,percent,lower_is_better,quarterly,none,,,,Arbeitslose je 100 "
    "Erwerbspersonen,BA\n";
// A gap indicator over AUSL_ANTEIL, in its own file (the catalog format has more columns).
inline constexpr char kTestGapCatalog[] =
    "code,name_de,unit,polarity,gap_base,gap_dimension,gap_focus,gap_reference,gap_kind\n"
    "AUSL_GAP,Abstand Ausländer – Deutsche,percent,neutral,AUSL_ANTEIL,nationality,"
    "auslaendisch,deutsch,difference\n";

class ExchangeCliTest : public ::testing::Test {
 protected:
  struct Server {
    std::string address;
    std::unique_ptr<testing::Child> child;
    std::string token_file;  // an ADMIN token of its data dir, which CliAt presents
  };

  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartServer("data", &main_)); }

  // Starts integrad over a fresh data dir and loads the registers and the test catalog.
  void StartServer(const std::string& name, Server* server) {
    ASSERT_NO_FATAL_FAILURE(StartBare(dir_.Sub(name), server));
    for (const char* file : {"laender.csv", "kreise_gv100ad_2023-11-30.csv"}) {
      auto r = CliAt(server->address, {"unit", "import", testing::ReferencePath(file)});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto r = CliAt(server->address, {"import", "indicators", Write("catalog.csv", kTestCatalog)});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    r = CliAt(server->address, {"import", "indicators", Write("gaps.csv", kTestGapCatalog)});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  // Starts integrad over `data_dir` (nothing loaded) with an ADMIN token of its own.
  void StartBare(const std::string& data_dir, Server* server) {
    const std::string secret = testing::CreateTokenOffline(data_dir, "ADMIN", "", "e2e-admin");
    ASSERT_FALSE(secret.empty());
    server->token_file = data_dir + ".token";
    std::ofstream(server->token_file) << secret << "\n";
    server->child = testing::StartIntegrad(data_dir, &server->address);
    ASSERT_FALSE(server->address.empty()) << server->child->err();
    token_files_[server->address] = server->token_file;
  }

  // The token file of the server at `address` (each data dir has its own tokens).
  std::string TokenFileOf(const std::string& address) const {
    auto it = token_files_.find(address);
    return it == token_files_.end() ? "" : it->second;
  }

  testing::RunResult CliAt(const std::string& address, std::vector<std::string> args,
                           const std::string& input = "") {
    args.insert(args.begin(),
                {testing::IntegraPath(), "--server", address, "--token-file", TokenFileOf(address)});
    return testing::Run(args, input);
  }
  testing::RunResult Cli(std::vector<std::string> args, const std::string& input = "") {
    return CliAt(main_.address, std::move(args), input);
  }

  // Writes `content` to a file in the test's temp dir and returns its path.
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_.Sub(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // Every observation of the server as integra CSV (header included).
  std::string ExportAt(const std::string& address, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", "observations"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = CliAt(address, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  std::string Export(std::vector<std::string> extra = {}) {
    return ExportAt(main_.address, std::move(extra));
  }

  // The newest change sequence of the server, read through `integra watch`.
  uint64_t LastSequence() {
    auto r = Cli({"watch", "--after", "now", "--until-caught-up"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string marker = "caught up at sequence ";
    auto at = r.err.find(marker);
    if (at == std::string::npos) return ~0ull;
    return std::stoull(r.err.substr(at + marker.size()));
  }

  static size_t Lines(const std::string& s) {
    return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
  }
  static bool Has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
  }

  testing::TempDir dir_;
  Server main_;
  std::map<std::string, std::string> token_files_;  // server address -> its token file
};

}  // namespace integra
