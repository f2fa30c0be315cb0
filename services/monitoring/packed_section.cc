#include "services/monitoring/packed_section.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace integra::monitoring {
namespace {

static_assert(sizeof(double) == 8 && std::numeric_limits<double>::is_iec559);
// The parts are little-endian and read in place with memcpy: every platform integra is built for
// (Debian amd64, arm64) is little-endian.
static_assert(std::endian::native == std::endian::little, "packed sections assume little-endian");

template <typename T>
T LoadLE(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
void AppendLE(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

double LoadDouble(const char* p) { return std::bit_cast<double>(LoadLE<uint64_t>(p)); }
void AppendDouble(std::string& out, double v) { AppendLE(out, std::bit_cast<uint64_t>(v)); }

constexpr size_t kHeader = 1 + 4;  // format, n
constexpr size_t kValueEntry = 4 + 1 + 8;
constexpr size_t kStateEntry = 4 + 8;

// Reads the header of a part: its unit count, checking format and length.
absl::StatusOr<size_t> PartCount(std::string_view bytes, size_t entry_bytes, const char* what) {
  if (bytes.size() < kHeader || static_cast<uint8_t>(bytes[0]) != kSectionFormat) {
    return absl::DataLossError(absl::StrCat("packed section ", what, ": unknown format or ",
                                            bytes.size(), " bytes"));
  }
  const uint32_t n = LoadLE<uint32_t>(bytes.data() + 1);
  if (n > kMaxSectionUnits || bytes.size() != kHeader + size_t{n} * entry_bytes) {
    return absl::DataLossError(absl::StrCat("packed section ", what, ": ", bytes.size(),
                                            " bytes do not hold ", n, " units"));
  }
  return n;
}

}  // namespace

absl::StatusOr<SectionView> SectionView::Parse(std::string_view bytes) {
  auto n = PartCount(bytes, kValueEntry, "values");
  if (!n.ok()) return n.status();
  SectionView v;
  v.n_ = *n;
  v.codes_ = bytes.data() + kHeader;
  v.flags_ = v.codes_ + 4 * v.n_;
  v.values_ = v.flags_ + v.n_;
  for (size_t i = 1; i < v.n_; ++i) {
    if (v.code(i) <= v.code(i - 1)) {
      return absl::DataLossError("packed section values: unit codes out of order");
    }
  }
  return v;
}

uint32_t SectionView::code(size_t i) const { return LoadLE<uint32_t>(codes_ + 4 * i); }

std::optional<double> SectionView::value(size_t i) const {
  const double v = LoadDouble(values_ + 8 * i);
  if (std::isnan(v)) return std::nullopt;
  return v;
}

size_t SectionView::LowerBound(uint32_t c, size_t from) const {
  size_t lo = from, hi = n_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (code(mid) < c) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

absl::StatusOr<Section> Section::Decode(std::optional<std::string_view> values,
                                        std::optional<std::string_view> state) {
  Section s;
  if (!values.has_value() && !state.has_value()) return s;
  if (!values.has_value() || !state.has_value()) {
    return absl::DataLossError("packed section: one of its two parts is missing");
  }
  auto view = SectionView::Parse(*values);
  if (!view.ok()) return view.status();
  auto n = PartCount(*state, kStateEntry, "state");
  if (!n.ok()) return n.status();
  if (*n != view->size()) {
    return absl::DataLossError(absl::StrCat("packed section: values hold ", view->size(),
                                            " units, state ", *n));
  }
  const char* revisions = state->data() + kHeader;
  const char* fingerprints = revisions + 4 * *n;
  s.cells_.resize(*n);
  for (size_t i = 0; i < *n; ++i) {
    SectionCell& c = s.cells_[i];
    c.unit_code = view->code(i);
    c.flags = view->flags(i);
    c.value = view->value(i);
    c.revision = LoadLE<uint32_t>(revisions + 4 * i);
    c.fingerprint = LoadLE<uint64_t>(fingerprints + 8 * i);
  }
  return s;
}

const SectionCell* Section::Find(uint32_t unit_code) const {
  auto it = std::lower_bound(
      cells_.begin(), cells_.end(), unit_code,
      [](const SectionCell& c, uint32_t code) { return c.unit_code < code; });
  return it != cells_.end() && it->unit_code == unit_code ? &*it : nullptr;
}

void Section::Apply(std::vector<SectionCell> changes) {
  if (changes.empty()) return;
  auto by_code = [](const SectionCell& a, const SectionCell& b) {
    return a.unit_code < b.unit_code;
  };
  std::sort(changes.begin(), changes.end(), by_code);
  std::vector<SectionCell> merged;
  merged.reserve(cells_.size() + changes.size());
  size_t i = 0, j = 0;
  while (i < cells_.size() || j < changes.size()) {
    if (j == changes.size() || (i < cells_.size() && cells_[i].unit_code < changes[j].unit_code)) {
      merged.push_back(cells_[i++]);
    } else {
      if (i < cells_.size() && cells_[i].unit_code == changes[j].unit_code) ++i;  // replaced
      merged.push_back(changes[j++]);
    }
  }
  cells_ = std::move(merged);
}

std::string Section::EncodeValues() const {
  std::string out;
  out.reserve(kHeader + cells_.size() * kValueEntry);
  out.push_back(static_cast<char>(kSectionFormat));
  AppendLE(out, static_cast<uint32_t>(cells_.size()));
  for (const SectionCell& c : cells_) AppendLE(out, c.unit_code);
  for (const SectionCell& c : cells_) out.push_back(static_cast<char>(c.flags));
  for (const SectionCell& c : cells_) {
    AppendDouble(out, c.value.value_or(std::numeric_limits<double>::quiet_NaN()));
  }
  return out;
}

std::string Section::EncodeState() const {
  std::string out;
  out.reserve(kHeader + cells_.size() * kStateEntry);
  out.push_back(static_cast<char>(kSectionFormat));
  AppendLE(out, static_cast<uint32_t>(cells_.size()));
  for (const SectionCell& c : cells_) AppendLE(out, c.revision);
  for (const SectionCell& c : cells_) AppendLE(out, c.fingerprint);
  return out;
}

}  // namespace integra::monitoring
