#include "bench/dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/monitoring/csv_reader.h"

namespace integra::bench {
namespace {

namespace fs = std::filesystem;

uint64_t HashKey(const std::string& key) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a, then mixed
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return Mix64(h);
}

// Uniform in [0, 1) from a hash.
double Unit01(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first file in `dir` whose name starts with `prefix` and ends in ".csv" ("" if none).
fs::path FindFile(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".csv") {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  return found.empty() ? fs::path() : found.back();  // the newest edition
}

// One register file: its header line and data lines, each line with its parsed fields.
struct RegisterTable {
  std::string header;
  std::vector<std::string> columns;
  std::vector<std::string> lines;
  std::vector<std::vector<std::string>> rows;

  absl::StatusOr<size_t> Column(const std::string& name) const {
    auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) {
      return absl::InvalidArgumentError(absl::StrCat("register file lacks column '", name, "'"));
    }
    return static_cast<size_t>(it - columns.begin());
  }
};

// Parses with integra's own CSV reader and keeps each record's raw line, so the filtered
// register handed to integrad is byte-for-byte the official file's lines (the register files
// have no line breaks inside fields).
absl::StatusOr<RegisterTable> ParseTable(const std::string& text) {
  std::vector<std::string> raw_lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    raw_lines.push_back(std::move(line));
    pos = end + 1;
  }
  RegisterTable t;
  monitoring::CsvReader reader(text);
  std::vector<std::string> fields;
  bool first = true;
  while (true) {
    auto more = reader.Next(fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const std::string& line = raw_lines[static_cast<size_t>(reader.line() - 1)];
    if (first) {
      t.header = line;
      t.columns = fields;
      first = false;
      continue;
    }
    if (fields.size() != t.columns.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("register line ", reader.line(), " has ", fields.size(), " fields"));
    }
    t.lines.push_back(line);
    t.rows.push_back(fields);
  }
  return t;
}

int64_t ParsePopulation(const std::string& s) {
  int64_t v = 0;
  return absl::SimpleAtoi(s, &v) ? v : 0;
}

// Kreise per Land and Gemeinden per Land of the real register (2023), used to give the
// synthetic register the same shape.
constexpr int kKreiseOfLand[16] = {15, 1, 45, 2, 53, 26, 36, 44, 96, 6, 1, 18, 8, 13, 14, 22};
constexpr int kGemeindenOfLand[16] = {1106, 1,  964, 2,   396, 425, 2302, 1103,
                                      2228, 53, 1,   413, 727, 418, 218,  624};

// A synthetic register with plausible keys: Kreis LL0KK, Gemeinde LL0KKGGG; the city states
// Hamburg and Berlin as one kreisfreie Stadt each.
RegisterFiles SyntheticRegister() {
  RegisterFiles r;
  r.laender = "land_code,name,sitz_landesregierung\n";
  r.kreise =
      "kreis_code,name,sitz_verwaltung,kreis_type_code,kreis_type,population,area_km2,"
      "gebietsstand\n";
  r.gemeinden = "ags,name,gemeinde_type_code,gemeinde_type,population,area_km2,gebietsstand\n";
  for (int l = 1; l <= 16; ++l) {
    std::string land = absl::StrCat(l < 10 ? "0" : "", l);
    absl::StrAppend(&r.laender, land, ",Land ", land, ",Sitz ", land, "\n");
    const bool city_state = (l == 2 || l == 11);
    const int kreise = kKreiseOfLand[l - 1];
    const int gemeinden = kGemeindenOfLand[l - 1];
    for (int k = 0; k < kreise; ++k) {
      std::string kreis = city_state ? absl::StrCat(land, "000")
                                     : absl::StrCat(land, "0", k + 1 < 10 ? "0" : "", k + 1);
      // Gemeinden of this Kreis: an even share of the Land's total.
      const int first = gemeinden * k / kreise;
      const int last = gemeinden * (k + 1) / kreise;
      int64_t kreis_population = 0;
      for (int g = first; g < last; ++g) {
        std::string ags = city_state
                              ? absl::StrCat(kreis, "000")
                              : absl::StrCat(kreis, absl::Dec(g - first + 1, absl::kZeroPad3));
        const int64_t population = static_cast<int64_t>(200 * std::exp(6.0 * Unit01(HashKey(ags))));
        kreis_population += population;
        absl::StrAppend(&r.gemeinden, ags, ",Gemeinde ", ags, ",", city_state ? "61" : "64", ",",
                        city_state ? "Kreisfreie Stadt" : "Gemeinde", ",", population,
                        ",10.00,20231130\n");
      }
      absl::StrAppend(&r.kreise, kreis, ",Kreis ", kreis, ",Sitz ", kreis, ",",
                      city_state ? "41,Kreisfreie Stadt" : "44,Landkreis", ",", kreis_population,
                      ",100.00,20231130\n");
    }
  }
  return r;
}

}  // namespace

uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

absl::StatusOr<Dataset> Dataset::Build(double scale, const std::string& reference_dir) {
  if (!(scale > 0 && scale <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("scale must be in (0, 1], got ", scale));
  }
  Dataset d;
  d.scale_ = scale;

  // The register: real if all three files are there, else synthetic.
  RegisterFiles source;
  fs::path laender, kreise, gemeinden;
  if (!reference_dir.empty()) {
    laender = fs::path(reference_dir) / "laender.csv";
    kreise = FindFile(reference_dir, "kreise_gv100ad_");
    gemeinden = FindFile(reference_dir, "gemeinden_gv100ad_");
  }
  if (!laender.empty() && fs::exists(laender) && !kreise.empty() && !gemeinden.empty()) {
    auto l = ReadFile(laender);
    auto k = ReadFile(kreise);
    auto g = ReadFile(gemeinden);
    if (!l.ok()) return l.status();
    if (!k.ok()) return k.status();
    if (!g.ok()) return g.status();
    source = {std::move(*l), std::move(*k), std::move(*g)};
    d.real_register_ = true;
    d.register_source_ = absl::StrCat("Destatis GV100AD (", gemeinden.filename().string(), ")");
  } else {
    source = SyntheticRegister();
    d.register_source_ = "synthetic register (data/reference/ not found)";
  }
  auto lt = ParseTable(source.laender);
  auto kt = ParseTable(source.kreise);
  auto gt = ParseTable(source.gemeinden);
  if (!lt.ok()) return lt.status();
  if (!kt.ok()) return kt.status();
  if (!gt.ok()) return gt.status();
  auto l_code = lt->Column("land_code");
  auto k_code = kt->Column("kreis_code");
  auto k_pop = kt->Column("population");
  auto g_code = gt->Column("ags");
  auto g_pop = gt->Column("population");
  auto g_type = gt->Column("gemeinde_type_code");
  for (const auto* c : {&l_code, &k_code, &k_pop, &g_code, &g_pop, &g_type}) {
    if (!c->ok()) return c->status();
  }

  // Below one indicator, keep a deterministic share of the Gemeinden.
  const double gemeinde_share = std::min(1.0, scale * kFullIndicators);
  std::vector<BenchUnit> gemeinden_units;
  d.register_.gemeinden = gt->header + "\n";
  std::set<std::string> kreis_keys;
  for (const auto& row : kt->rows) kreis_keys.insert(row[*k_code]);
  for (size_t i = 0; i < gt->rows.size(); ++i) {
    const std::string& ags = gt->rows[i][*g_code];
    const uint64_t seed = HashKey(ags);
    if (gemeinde_share < 1 && Unit01(Mix64(seed)) >= gemeinde_share) continue;
    std::string kreis = ags.substr(0, 5);
    if (!kreis_keys.count(kreis)) kreis.clear();  // condominium areas: parent is the Land
    const std::string& type = gt->rows[i][*g_type];
    gemeinden_units.push_back(BenchUnit{ags, kLevelGemeinde, ags.substr(0, 2), kreis,
                                        ParsePopulation(gt->rows[i][*g_pop]),
                                        type == "65" || type == "66", seed});
    absl::StrAppend(&d.register_.gemeinden, gt->lines[i], "\n");
  }
  d.register_.laender = source.laender;
  d.register_.kreise = source.kreise;

  std::map<std::string, int64_t> land_population;
  std::vector<BenchUnit> kreis_units;
  for (const auto& row : kt->rows) {
    const std::string& key = row[*k_code];
    const int64_t pop = ParsePopulation(row[*k_pop]);
    land_population[key.substr(0, 2)] += pop;
    kreis_units.push_back(
        BenchUnit{key, kLevelKreis, key.substr(0, 2), "", pop, false, HashKey(key)});
  }
  int64_t total = 0;
  for (const auto& [land, pop] : land_population) total += pop;
  d.units_.push_back(BenchUnit{"DG", kLevelBund, "", "", total, false, HashKey("DG")});
  for (const auto& row : lt->rows) {
    const std::string& key = row[*l_code];
    d.units_.push_back(
        BenchUnit{key, kLevelLand, key, "", land_population[key], false, HashKey(key)});
  }
  for (auto& u : kreis_units) d.units_.push_back(std::move(u));
  for (auto& u : gemeinden_units) d.units_.push_back(std::move(u));

  const int indicators =
      std::max(1, std::min(kFullIndicators, static_cast<int>(std::lround(scale * 100))));
  for (int i = 0; i < indicators; ++i) {
    BenchIndicator ind;
    ind.code = absl::StrCat("BENCH_I", absl::Dec(i, absl::kZeroPad3));
    // Alternate counts (summable) and shares (population-weighted means).
    if (i % 2 == 0) {
      ind.name = absl::StrCat("Benchmark count ", i);
      ind.unit_of_measure = "persons";
      ind.aggregation = BenchAggregation::kSum;
    } else {
      ind.name = absl::StrCat("Benchmark share ", i);
      ind.unit_of_measure = "percent";
      ind.aggregation = BenchAggregation::kWeightedMean;
    }
    ind.higher_is_better = (i % 4) < 2;
    d.indicators_.push_back(std::move(ind));
  }
  return d;
}

double Dataset::ValueAt(size_t indicator, size_t unit, int year) const {
  const BenchUnit& u = units_[unit];
  const uint64_t cell = Mix64(u.seed ^ (static_cast<uint64_t>(indicator + 1) << 40));
  const double level = Unit01(cell);
  const double trend = (Unit01(Mix64(cell + 1)) - 0.5) * 0.04;  // -2 % .. +2 % a year
  const double noise =
      Unit01(Mix64(cell ^ static_cast<uint64_t>(year) * 0x9e3779b97f4a7c15ull)) - 0.5;
  const double t = year - kFirstYear;
  double v;
  if (indicators_[indicator].aggregation == BenchAggregation::kSum) {
    // Persons: a population share of 0.1 % .. 5 %, with noise of a few persons.
    const double rate = 0.001 + 0.049 * level;
    v = std::max(
        0.0, std::round(static_cast<double>(u.population) * rate * (1 + trend * t) + 4 * noise));
  } else {
    // Percent: a level of 2 % .. 42 %, trend and +-1 point of noise, 3 decimals.
    v = std::clamp(2 + 40 * level * (1 + trend * t) + 2 * noise, 0.0, 100.0);
    v = std::round(v * 1000) / 1000;
  }
  return v;
}

Dataset::Cell Dataset::CellAt(int64_t i) const {
  const int64_t n = static_cast<int64_t>(units_.size());
  const int64_t per_indicator = n * kYears;
  Cell c;
  c.indicator = static_cast<size_t>(i / per_indicator);
  const int64_t rest = i % per_indicator;
  c.year = kFirstYear + static_cast<int>(rest / n);
  c.unit = static_cast<size_t>(rest % n);
  return c;
}

std::vector<size_t> Dataset::UnitsOfLevel(int level) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].level == level) out.push_back(i);
  }
  return out;
}

std::vector<size_t> Dataset::GemeindenOfLand(const std::string& land) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].level == kLevelGemeinde && units_[i].land == land) out.push_back(i);
  }
  return out;
}

}  // namespace integra::bench
