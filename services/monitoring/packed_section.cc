#include "services/monitoring/packed_section.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

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

void AppendDouble(std::string& out, double v) { AppendLE(out, std::bit_cast<uint64_t>(v)); }

constexpr size_t kHeader = 1 + 4;  // format, n
constexpr size_t kValueEntry = 4 + 1 + 8;
constexpr size_t kSourceEntry = 2;
constexpr size_t kStateEntry = 4 + 8;

// Reads the unit count of a part whose header is [format, U32 n] and checks that the fixed-size
// entries fit: `bytes` must hold at least (exact: exactly) kHeader + n * entry_bytes.
absl::StatusOr<size_t> PartCount(std::string_view bytes, size_t entry_bytes, bool exact,
                                 const char* what) {
  const uint32_t n = LoadLE<uint32_t>(bytes.data() + 1);
  const size_t fixed = kHeader + size_t{n} * entry_bytes;
  if (n > kMaxSectionUnits || (exact ? bytes.size() != fixed : bytes.size() < fixed)) {
    return absl::DataLossError(absl::StrCat("packed section ", what, ": ", bytes.size(),
                                            " bytes do not hold ", n, " units"));
  }
  return n;
}

absl::Status UnknownFormat(std::string_view bytes, const char* what) {
  return absl::DataLossError(
      absl::StrCat("packed section ", what, ": unknown format or ", bytes.size(), " bytes"));
}

}  // namespace

absl::StatusOr<SectionView> SectionView::Parse(std::string_view bytes) {
  if (bytes.size() < kHeader) return UnknownFormat(bytes, "values");
  const uint8_t format = static_cast<uint8_t>(bytes[0]);
  if (format != kSectionValuesFormat && format != kSectionValuesFormatWithoutSources) {
    return UnknownFormat(bytes, "values");
  }
  const bool with_sources = format == kSectionValuesFormat;
  auto n = PartCount(bytes, with_sources ? kValueEntry + kSourceEntry : kValueEntry,
                     /*exact=*/!with_sources, "values");
  if (!n.ok()) return n.status();
  SectionView v;
  v.n_ = *n;
  v.codes_ = bytes.data() + kHeader;
  v.flags_ = v.codes_ + 4 * v.n_;
  v.values_ = v.flags_ + v.n_;
  if (!with_sources) return v;
  v.sources_ = v.values_ + 8 * v.n_;
  // The dictionary: U16 k | k x (U16 length | bytes), ending exactly at the end of the part.
  size_t at = kHeader + v.n_ * (kValueEntry + kSourceEntry);
  auto truncated = [&] {
    return absl::DataLossError(absl::StrCat("packed section values: source dictionary of ",
                                            bytes.size(), " bytes is truncated or too long"));
  };
  if (bytes.size() < at + 2) return truncated();
  const uint16_t k = LoadLE<uint16_t>(bytes.data() + at);
  at += 2;
  v.dictionary_.reserve(k);
  for (uint16_t s = 0; s < k; ++s) {
    if (bytes.size() < at + 2) return truncated();
    const uint16_t len = LoadLE<uint16_t>(bytes.data() + at);
    at += 2;
    if (bytes.size() < at + len) return truncated();
    v.dictionary_.push_back(bytes.substr(at, len));
    at += len;
  }
  if (at != bytes.size()) return truncated();
  return v;
}

absl::Status SectionView::Validate() const {
  for (size_t i = 1; i < n_; ++i) {
    if (code(i) <= code(i - 1)) {
      return absl::DataLossError("packed section values: unit codes out of order");
    }
  }
  if (sources_ != nullptr) {
    for (size_t i = 0; i < n_; ++i) {
      if (LoadLE<uint16_t>(sources_ + 2 * i) > dictionary_.size()) {
        return absl::DataLossError(absl::StrCat("packed section values: source number ",
                                                LoadLE<uint16_t>(sources_ + 2 * i), " of ",
                                                dictionary_.size()));
      }
    }
  }
  return absl::OkStatus();
}

std::string_view SectionView::source(size_t i) const {
  if (sources_ == nullptr) return {};
  const uint16_t s = LoadLE<uint16_t>(sources_ + 2 * i);
  if (s == 0 || s > dictionary_.size()) return {};  // out of range: see Validate
  return dictionary_[s - 1];
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
  if (auto valid = view->Validate(); !valid.ok()) return valid;
  if (state->size() < kHeader || static_cast<uint8_t>((*state)[0]) != kSectionStateFormat) {
    return UnknownFormat(*state, "state");
  }
  auto n = PartCount(*state, kStateEntry, /*exact=*/true, "state");
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
    c.source.assign(view->source(i));
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

void Section::Remove(std::vector<uint32_t> unit_codes) {
  if (unit_codes.empty()) return;
  std::sort(unit_codes.begin(), unit_codes.end());
  std::erase_if(cells_, [&](const SectionCell& c) {
    return std::binary_search(unit_codes.begin(), unit_codes.end(), c.unit_code);
  });
}

absl::StatusOr<std::string> Section::EncodeValues() const {
  // The dictionary in order of first appearance; number 0 is "no source".
  std::vector<std::string_view> dictionary;
  std::map<std::string_view, uint16_t> number_of;
  std::vector<uint16_t> numbers(cells_.size(), 0);
  for (size_t i = 0; i < cells_.size(); ++i) {
    const std::string& source = cells_[i].source;
    if (source.empty()) continue;
    if (source.size() > std::numeric_limits<uint16_t>::max()) {
      return absl::InvalidArgumentError(absl::StrCat("a source of ", source.size(),
                                                     " bytes does not fit a packed section"));
    }
    auto [it, added] = number_of.try_emplace(source, 0);
    if (added) {
      if (dictionary.size() == kMaxSectionSources) {
        return absl::InvalidArgumentError(absl::StrCat(
            "more than ", kMaxSectionSources, " distinct sources in one cross-section"));
      }
      dictionary.push_back(source);
      it->second = static_cast<uint16_t>(dictionary.size());
    }
    numbers[i] = it->second;
  }
  std::string out;
  out.reserve(kHeader + cells_.size() * (kValueEntry + kSourceEntry) + 2);
  out.push_back(static_cast<char>(kSectionValuesFormat));
  AppendLE(out, static_cast<uint32_t>(cells_.size()));
  for (const SectionCell& c : cells_) AppendLE(out, c.unit_code);
  for (const SectionCell& c : cells_) out.push_back(static_cast<char>(c.flags));
  for (const SectionCell& c : cells_) {
    AppendDouble(out, c.value.value_or(std::numeric_limits<double>::quiet_NaN()));
  }
  for (uint16_t number : numbers) AppendLE(out, number);
  AppendLE(out, static_cast<uint16_t>(dictionary.size()));
  for (std::string_view source : dictionary) {
    AppendLE(out, static_cast<uint16_t>(source.size()));
    out.append(source);
  }
  return out;
}

std::string Section::EncodeValuesWithoutSources() const {
  std::string out;
  out.reserve(kHeader + cells_.size() * kValueEntry);
  out.push_back(static_cast<char>(kSectionValuesFormatWithoutSources));
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
  out.push_back(static_cast<char>(kSectionStateFormat));
  AppendLE(out, static_cast<uint32_t>(cells_.size()));
  for (const SectionCell& c : cells_) AppendLE(out, c.revision);
  for (const SectionCell& c : cells_) AppendLE(out, c.fingerprint);
  return out;
}

}  // namespace integra::monitoring
