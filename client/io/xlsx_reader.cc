#include "client/io/xlsx_reader.h"

#include <expat.h>
#include <unzip.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Sheet names compare as Excel compares them: without regard to case, umlauts included.
std::string FoldCase(std::string_view text) {
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) return Lower(text);  // not UTF-8: compare ASCII letters only
  std::string out(reinterpret_cast<char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

// The local part of an expat name "namespace-uri|local" (or the name itself).
std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

// The attribute whose local name is `local`, or nullptr.
const XML_Char* Attr(const XML_Char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

std::string_view AttrOr(const XML_Char** attrs, std::string_view local) {
  const XML_Char* value = Attr(attrs, local);
  return value == nullptr ? std::string_view() : std::string_view(value);
}

// "C17" -> column 2, row 17; "C" alone (some writers) -> column 2, row 0.
bool ParseCellRef(std::string_view ref, size_t* column, int* row) {
  size_t i = 0;
  size_t col = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col =
        col * 26 + static_cast<size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > 16384) return false;  // XFD, Excel's last column
    ++i;
  }
  if (i == 0) return false;
  int r = 0;
  if (i < ref.size()) {
    auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || end != ref.data() + ref.size() || r < 1 || r > 1048576) return false;
  }
  *column = col - 1;
  *row = r;
  return true;
}

bool ParseRowNumber(std::string_view text, int* row) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *row);
  return ec == std::errc() && end == text.data() + text.size() && *row >= 1 && *row <= 1048576;
}

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

// Built-in number formats (ECMA-376 Part 1, 18.8.30) that show dates; 18-21 and 45-47 are
// times of day or durations.
XlsxDateFormat BuiltinFormat(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
    return {true, false};
  }
  if (id == 22) return {true, true};
  return {};
}

void AppendUtf8(int32_t code_point, std::string* out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(code_point, buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The code unit of an _xHHHH_ escape at text[i], or -1.
int EscapeAt(std::string_view text, size_t i) {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return -1;
  int value = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    if (!IsHex(text[k])) return -1;
    value = value * 16 + (std::isdigit(static_cast<unsigned char>(text[k]))
                              ? text[k] - '0'
                              : std::tolower(static_cast<unsigned char>(text[k])) - 'a' + 10);
  }
  return value;
}

}  // namespace

// ---- pure helpers -------------------------------------------------------------------------

std::optional<std::string> XlsxSerialToIso(double serial, bool date1904, bool with_time) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return std::nullopt;
  double whole = std::floor(serial);
  auto seconds = static_cast<int64_t>(std::llround((serial - whole) * 86400.0));
  auto days = static_cast<int64_t>(whole);
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  char buf[48];
  if (!date1904 && days == 0) {
    std::snprintf(buf, sizeof(buf), "1900-01-00");
  } else if (!date1904 && days == 60) {
    std::snprintf(buf, sizeof(buf), "1900-02-29");  // Excel's phantom leap day (Lotus 1-2-3)
  } else {
    // Days since 1970-01-01: 1900 system, serial 1 = 1900-01-01 up to the phantom day, one day
    // less after it (serial 61 = 1900-03-01); 1904 system, serial 0 = 1904-01-01.
    int64_t since_epoch = date1904 ? days - 24107 : (days < 60 ? days - 25568 : days - 25569);
    int64_t y = 0;
    unsigned m = 0, d = 0;
    CivilFromDays(since_epoch, &y, &m, &d);
    if (y > 9999) return std::nullopt;
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  }
  std::string out = buf;
  if (with_time && seconds != 0) {
    std::snprintf(buf, sizeof(buf), "T%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    out += buf;
  }
  return out;
}

XlsxDateFormat ClassifyNumberFormat(std::string_view code) {
  bool y = false, d = false, m = false, h = false, s = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"') {  // quoted literal text
      size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {  // escaped char, space of width, fill
      ++i;
    } else if (c == '[') {  // [Red], [$-407], [>100]; [h], [mm], [ss] are elapsed times
      size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string inside = Lower(code.substr(i + 1, close - i - 1));
      if (!inside.empty() && inside.find_first_not_of("hms") == std::string::npos) {
        h = h || inside[0] == 'h';
        s = s || inside[0] == 's';
        m = m || inside[0] == 'm';
      }
      i = close;
    } else if (c == 'y') {
      y = true;
    } else if (c == 'd') {
      d = true;
    } else if (c == 'm') {
      m = true;
    } else if (c == 'h') {
      h = true;
    } else if (c == 's') {
      s = true;
    }
  }
  XlsxDateFormat out;
  out.date = y || d || (m && !h && !s);
  out.time = out.date && (h || s);
  return out;
}

std::string DecodeXlsxEscapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    int unit = EscapeAt(text, i);
    if (unit < 0) {
      out += text[i++];
      continue;
    }
    i += 7;
    int32_t code_point = unit;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = EscapeAt(text, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 7;
      } else {
        code_point = 0xFFFD;
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      code_point = 0xFFFD;
    }
    AppendUtf8(code_point, &out);
  }
  return out;
}

// ---- the ZIP container --------------------------------------------------------------------

struct XlsxWorkbook::Zip {
  struct Entry {
    unz64_file_pos pos{};
    uint64_t uncompressed = 0;
    bool encrypted = false;
    std::string name;  // as stored
  };
  unzFile file = nullptr;
  std::string path;
  std::map<std::string, Entry> entries;  // by lower-case name (part names ignore case)
  bool entry_open = false;
  uint64_t entry_read = 0;
  uint64_t entry_cap = 0;
  std::string entry_what;

  ~Zip() {
    if (entry_open) unzCloseCurrentFile(file);
    if (file != nullptr) unzClose(file);
  }

  const Entry* Find(std::string_view name) const {
    auto it = entries.find(Lower(name));
    return it == entries.end() ? nullptr : &it->second;
  }

  absl::Status Index() {
    for (int rc = unzGoToFirstFile(file); rc == UNZ_OK; rc = unzGoToNextFile(file)) {
      unz_file_info64 info{};
      // The name as long as the directory says (up to 64 KiB): minizip does not terminate a
      // name that fills the buffer, so a fixed buffer would be read past its end.
      if (unzGetCurrentFileInfo64(file, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
        return absl::InvalidArgumentError(path + ": the ZIP directory is damaged");
      }
      std::string name(info.size_filename, '\0');
      if (unzGetCurrentFileInfo64(file, &info, name.data(), name.size(), nullptr, 0, nullptr, 0) !=
          UNZ_OK) {
        return absl::InvalidArgumentError(path + ": the ZIP directory is damaged");
      }
      name.resize(std::strlen(name.c_str()));  // a NUL inside the name ends it, as in C
      Entry e;
      unzGetFilePos64(file, &e.pos);
      e.uncompressed = info.uncompressed_size;
      e.encrypted = (info.flag & 1) != 0;
      e.name = name;
      entries.emplace(Lower(name), std::move(e));
    }
    return absl::OkStatus();
  }

  // Opens an entry for reading at most `cap` uncompressed bytes (`what` names it in messages).
  absl::Status Open(std::string_view name, uint64_t cap, std::string what) {
    if (entry_open) return absl::FailedPreconditionError("another part of the workbook is open");
    const Entry* e = Find(name);
    if (e == nullptr)
      return absl::InvalidArgumentError(path + ": part " + std::string(name) + " is missing");
    if (e->encrypted) {
      return absl::InvalidArgumentError(path + ": " + what +
                                        " is encrypted (a password-protected ZIP); save the "
                                        "workbook without a password");
    }
    unz64_file_pos pos = e->pos;
    if (unzGoToFilePos64(file, &pos) != UNZ_OK || unzOpenCurrentFile(file) != UNZ_OK) {
      return absl::InvalidArgumentError(path + ": " + what +
                                        " cannot be unpacked (damaged, or a compression method "
                                        "other than deflate)");
    }
    entry_open = true;
    entry_read = 0;
    entry_cap = cap;
    entry_what = std::move(what);
    return absl::OkStatus();
  }

  // Up to n bytes of the open entry; 0 at its end.
  absl::StatusOr<size_t> Read(char* buf, size_t n) {
    int got = unzReadCurrentFile(file, buf, static_cast<unsigned>(n));
    if (got < 0) {
      return absl::InvalidArgumentError(path + ": " + entry_what + " cannot be unpacked (" +
                                        (got == UNZ_CRCERROR ? "CRC error" : "damaged data") + ")");
    }
    entry_read += static_cast<uint64_t>(got);
    if (entry_read > entry_cap) {
      return absl::InvalidArgumentError(
          path + ": " + entry_what + " unpacks to more than " + std::to_string(entry_cap >> 20) +
          " MiB of XML, integra's limit for it (a ZIP bomb, or a table too large for XLSX: use "
          "CSV)");
    }
    return static_cast<size_t>(got);
  }

  void Close() {
    if (entry_open) unzCloseCurrentFile(file);
    entry_open = false;
  }

  // A whole (small) part.
  absl::StatusOr<std::string> ReadAll(std::string_view name, uint64_t cap, std::string what) {
    RETURN_IF_ERROR(Open(name, cap, std::move(what)));
    std::string out;
    char buf[16384];
    while (true) {
      absl::StatusOr<size_t> got = Read(buf, sizeof(buf));
      if (!got.ok()) {
        Close();
        return got.status();
      }
      if (*got == 0) break;
      out.append(buf, *got);
    }
    Close();
    return out;
  }
};

// ---- XML ----------------------------------------------------------------------------------

namespace {

// Callbacks of one XML document. Set `error` to stop.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const XML_Char** attrs) {}
  virtual void End(std::string_view name) {}
  virtual void Text(std::string_view text) {}
  std::string error;
};

struct ExpatParser {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  bool doctype = false;

  explicit ExpatParser(XmlHandler* h) : handler(h) {
    parser = XML_ParserCreateNS(nullptr, '|');
    XML_SetUserData(parser, this);
    XML_SetElementHandler(
        parser,
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* p = static_cast<ExpatParser*>(self);
          p->handler->Start(LocalName(name), attrs);
          if (!p->handler->error.empty()) XML_StopParser(p->parser, XML_FALSE);
        },
        [](void* self, const XML_Char* name) {
          auto* p = static_cast<ExpatParser*>(self);
          p->handler->End(LocalName(name));
          if (!p->handler->error.empty()) XML_StopParser(p->parser, XML_FALSE);
        });
    XML_SetCharacterDataHandler(parser, [](void* self, const XML_Char* s, int len) {
      auto* p = static_cast<ExpatParser*>(self);
      p->handler->Text(std::string_view(s, static_cast<size_t>(len)));
      if (!p->handler->error.empty()) XML_StopParser(p->parser, XML_FALSE);
    });
    // SpreadsheetML has no DTD; one in a workbook can only be an entity trick.
    XML_SetStartDoctypeDeclHandler(
        parser, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
          auto* p = static_cast<ExpatParser*>(self);
          p->doctype = true;
          XML_StopParser(p->parser, XML_FALSE);
        });
  }
  ~ExpatParser() { XML_ParserFree(parser); }
  ExpatParser(const ExpatParser&) = delete;
  ExpatParser& operator=(const ExpatParser&) = delete;

  // Feeds `data`; the reason when parsing must stop, "" otherwise.
  std::string Feed(std::string_view data, bool final) {
    if (XML_Parse(parser, data.data(), static_cast<int>(data.size()), final ? 1 : 0) !=
        XML_STATUS_ERROR) {
      return std::string();
    }
    if (!handler->error.empty()) return handler->error;
    if (doctype) return "contains a DOCTYPE declaration, which SpreadsheetML never has";
    return "is not well-formed XML (line " + std::to_string(XML_GetCurrentLineNumber(parser)) +
           ", column " + std::to_string(XML_GetCurrentColumnNumber(parser)) +
           "): " + XML_ErrorString(XML_GetErrorCode(parser));
  }
};

// Parses a whole part held in memory.
absl::Status ParseXml(std::string_view xml, XmlHandler& handler, const std::string& what) {
  ExpatParser parser(&handler);
  std::string problem = parser.Feed(xml, true);
  if (!problem.empty()) return absl::InvalidArgumentError(what + " " + problem);
  return absl::OkStatus();
}

// Relationships of a part: id -> (type, target resolved against the part's folder).
struct Relationship {
  std::string type;
  std::string target;
};

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::string base) : base_(std::move(base)) {}
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    if (AttrOr(attrs, "TargetMode") == "External") return;
    rels[std::string(AttrOr(attrs, "Id"))] = {std::string(AttrOr(attrs, "Type")),
                                              Resolve(AttrOr(attrs, "Target"))};
  }
  std::map<std::string, Relationship> rels;

 private:
  // "worksheets/sheet1.xml" against "xl/" -> "xl/worksheets/sheet1.xml"; "/xl/..." is absolute;
  // ".." steps up.
  std::string Resolve(std::string_view target) const {
    std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                             : base_ + std::string(target);
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= joined.size()) {
      size_t slash = joined.find('/', start);
      std::string part =
          joined.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (part == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.push_back(part);
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
  }
  std::string base_;
};

bool TypeIs(const std::string& type, std::string_view suffix) {
  return type.size() >= suffix.size() &&
         type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string FolderOf(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

std::string RelsPartOf(const std::string& part) {
  size_t slash = part.rfind('/');
  std::string folder = slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
  std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return folder + "_rels/" + file + ".rels";
}

class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      std::string_view v = AttrOr(attrs, "date1904");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      sheets.emplace_back(std::string(AttrOr(attrs, "name")), std::string(AttrOr(attrs, "id")));
    }
  }
  bool date1904 = false;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
};

class StylesHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      int id = 0;
      std::string_view v = AttrOr(attrs, "numFmtId");
      std::from_chars(v.data(), v.data() + v.size(), id);
      custom[id] = ClassifyNumberFormat(AttrOr(attrs, "formatCode"));
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      int id = 0;
      std::string_view v = AttrOr(attrs, "numFmtId");
      std::from_chars(v.data(), v.data() + v.size(), id);
      xf_format_ids.push_back(id);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::map<int, XlsxDateFormat> custom;
  std::vector<int> xf_format_ids;
  bool in_cell_xfs = false;
};

}  // namespace

// ---- the workbook -------------------------------------------------------------------------

namespace {

// Collects the shared strings: <si> with <t> directly or in rich-text runs <r><t>; phonetic
// runs (<rPh>) are left out.
class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(std::string* strings, std::vector<uint64_t>* ends)
      : strings_(strings), ends_(ends) {}
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "si") {
      text_.clear();
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "si") {
      strings_->append(DecodeXlsxEscapes(text_));
      ends_->push_back(strings_->size());
    }
  }
  void Text(std::string_view text) override {
    if (in_t_) text_.append(text);
  }

 private:
  std::string* strings_;
  std::vector<uint64_t>* ends_;
  std::string text_;
  bool in_t_ = false;
  int phonetic_ = 0;
};

}  // namespace

XlsxWorkbook::~XlsxWorkbook() = default;

absl::StatusOr<std::shared_ptr<XlsxWorkbook>> XlsxWorkbook::Open(const std::string& path,
                                                                 const XlsxReadOptions& options) {
  std::shared_ptr<XlsxWorkbook> book(new XlsxWorkbook());
  book->path_ = path;
  book->options_ = options;
  {
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe == nullptr) {
      int err = errno;
      std::string message = "cannot open " + path + ": " + std::strerror(err);
      if (err == ENOENT) return absl::NotFoundError(message);
      if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
      return absl::InternalError(message);
    }
    char head[8] = {};
    size_t n = std::fread(head, 1, sizeof(head), probe);
    std::fclose(probe);
    if (SniffFileKind(std::string_view(head, n)) == FileKind::kOle2) {
      // Excel's password protection wraps the workbook in an OLE2 file with a stream named
      // "EncryptedPackage" (UTF-16); an .xls has "Workbook" or "Book".
      std::FILE* f = std::fopen(path.c_str(), "rb");
      std::string bytes(1 << 20, '\0');
      bytes.resize(f == nullptr ? 0 : std::fread(bytes.data(), 1, bytes.size(), f));
      if (f != nullptr) std::fclose(f);
      std::string marker;
      for (char c : std::string("EncryptedPackage")) {
        marker += c;
        marker += '\0';
      }
      return RefuseOle2(path, bytes.find(marker) != std::string::npos);
    }
  }
  book->zip_ = std::make_unique<Zip>();
  book->zip_->path = path;
  book->zip_->file = unzOpen64(path.c_str());
  if (book->zip_->file == nullptr) {
    return absl::InvalidArgumentError(path +
                                      " is not an XLSX workbook (not a readable ZIP archive)");
  }
  RETURN_IF_ERROR(book->zip_->Index());
  RETURN_IF_ERROR(book->Load());
  return book;
}

absl::Status XlsxWorkbook::Load() {
  Zip& zip = *zip_;
  if (zip.Find("[Content_Types].xml") == nullptr) {
    if (zip.Find("mimetype") != nullptr) {
      ASSIGN_OR_RETURN(std::string mime, zip.ReadAll("mimetype", 4096, "mimetype"));
      if (mime.find("opendocument") != std::string::npos) {
        return absl::InvalidArgumentError(
            path_ +
            " is an OpenDocument file (.ods), which integra does not read: save it as .xlsx or "
            "as CSV UTF-8");
      }
    }
    return absl::InvalidArgumentError(path_ +
                                      " is a ZIP archive but not an XLSX workbook (no "
                                      "[Content_Types].xml)");
  }
  // The package relationships name the workbook part (normally xl/workbook.xml).
  std::string workbook_part = "xl/workbook.xml";
  if (zip.Find("_rels/.rels") != nullptr) {
    ASSIGN_OR_RETURN(std::string xml, zip.ReadAll("_rels/.rels", options_.max_part_bytes,
                                                  "the package relationships"));
    RelsHandler rels("");
    RETURN_IF_ERROR(ParseXml(xml, rels, path_ + ": the package relationships"));
    for (const auto& [id, rel] : rels.rels) {
      if (TypeIs(rel.type, "/officeDocument")) workbook_part = rel.target;
    }
  }
  if (Lower(workbook_part).ends_with(".bin") || zip.Find("xl/workbook.bin") != nullptr) {
    return absl::InvalidArgumentError(
        path_ +
        " is a binary Excel workbook (.xlsb), which integra does not read: save it as .xlsx or "
        "as CSV UTF-8");
  }
  if (zip.Find(workbook_part) == nullptr) {
    return absl::InvalidArgumentError(path_ + " is not an XLSX workbook (no " + workbook_part +
                                      ")");
  }
  ASSIGN_OR_RETURN(std::string workbook_xml,
                   zip.ReadAll(workbook_part, options_.max_part_bytes, "the workbook part"));
  WorkbookHandler workbook;
  RETURN_IF_ERROR(ParseXml(workbook_xml, workbook, path_ + ": the workbook part"));
  date1904_ = workbook.date1904;

  RelsHandler rels(FolderOf(workbook_part));
  if (std::string rels_part = RelsPartOf(workbook_part); zip.Find(rels_part) != nullptr) {
    ASSIGN_OR_RETURN(std::string xml,
                     zip.ReadAll(rels_part, options_.max_part_bytes, "the workbook relationships"));
    RETURN_IF_ERROR(ParseXml(xml, rels, path_ + ": the workbook relationships"));
  }
  for (const auto& [name, id] : workbook.sheets) {
    auto it = rels.rels.find(id);
    // Chart sheets, dialog sheets and macro sheets have no table to read.
    if (it == rels.rels.end() || !TypeIs(it->second.type, "/worksheet")) continue;
    sheets_.push_back({name, it->second.target});
  }
  for (const auto& [id, rel] : rels.rels) {
    if (TypeIs(rel.type, "/styles") && zip.Find(rel.target) != nullptr) {
      RETURN_IF_ERROR(LoadStyles(rel.target));
    } else if (TypeIs(rel.type, "/sharedStrings") && zip.Find(rel.target) != nullptr) {
      RETURN_IF_ERROR(LoadSharedStrings(rel.target));
    }
  }
  return absl::OkStatus();
}

absl::Status XlsxWorkbook::LoadStyles(const std::string& part) {
  ASSIGN_OR_RETURN(std::string xml, zip_->ReadAll(part, options_.max_part_bytes, "the styles"));
  StylesHandler styles;
  RETURN_IF_ERROR(ParseXml(xml, styles, path_ + ": the styles"));
  for (int id : styles.xf_format_ids) {
    auto custom = styles.custom.find(id);
    xf_formats_.push_back(custom != styles.custom.end() ? custom->second : BuiltinFormat(id));
  }
  return absl::OkStatus();
}

absl::Status XlsxWorkbook::LoadSharedStrings(const std::string& part) {
  // Streamed in chunks: the shared strings can be large.
  const std::string what = "the shared strings";
  RETURN_IF_ERROR(zip_->Open(part, options_.max_shared_strings_bytes, what));
  SharedStringsHandler handler(&strings_, &string_ends_);
  ExpatParser parser(&handler);
  std::vector<char> buf(size_t{64} * 1024);
  absl::Status status;
  while (status.ok()) {
    absl::StatusOr<size_t> got = zip_->Read(buf.data(), buf.size());
    if (!got.ok()) {
      status = got.status();
      break;
    }
    std::string problem = parser.Feed(std::string_view(buf.data(), *got), *got == 0);
    if (!problem.empty())
      status = absl::InvalidArgumentError(absl::StrCat(path_, ": ", what, " ", problem));
    if (*got == 0) break;
  }
  zip_->Close();
  return status;
}

std::string_view XlsxWorkbook::SharedString(size_t index) const {
  uint64_t begin = index == 0 ? 0 : string_ends_[index - 1];
  return std::string_view(strings_).substr(begin, string_ends_[index] - begin);
}

std::vector<std::string> XlsxWorkbook::sheet_names() const {
  std::vector<std::string> names;
  for (const Sheet& s : sheets_) names.push_back(s.name);
  return names;
}

std::optional<std::string> XlsxWorkbook::FindSheet(std::string_view name) const {
  const std::string wanted = FoldCase(name);
  for (const Sheet& s : sheets_) {
    if (FoldCase(s.name) == wanted) return s.name;
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<XlsxSheetReader>> XlsxWorkbook::OpenSheet(std::string_view name) {
  const Sheet* found = nullptr;
  const std::string wanted = FoldCase(name);
  for (const Sheet& s : sheets_) {
    if (name.empty() || FoldCase(s.name) == wanted) {
      found = &s;
      break;
    }
  }
  if (found == nullptr) {
    if (sheets_.empty()) return absl::InvalidArgumentError(path_ + " has no worksheet");
    std::string list;
    for (const Sheet& s : sheets_) list += (list.empty() ? "" : ", ") + s.name;
    return absl::NotFoundError(path_ + " has no sheet '" + std::string(name) +
                               "' (sheets: " + list + ")");
  }
  if (sheet_open_) {
    return absl::FailedPreconditionError("another sheet of " + path_ + " is being read");
  }
  std::unique_ptr<XlsxSheetReader> reader(new XlsxSheetReader(shared_from_this(), found->name));
  RETURN_IF_ERROR(reader->Start(found->part));
  return reader;
}

// ---- one sheet ----------------------------------------------------------------------------

// The SAX side of a sheet: turns <row>/<c> events into records.
struct XlsxSheetReader::Parser : XmlHandler {
  enum class CellType { kNumber, kShared, kInline, kString, kBool, kError, kDate };

  Parser(XlsxSheetReader* reader, const XlsxWorkbook* book) : reader(reader), book(book) {}

  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      std::string_view r = AttrOr(attrs, "r");
      int number = row + 1;
      if (!r.empty() && !ParseRowNumber(r, &number)) {
        Error(row + 1, "", "row number '" + std::string(r) + "' is malformed");
        return;
      }
      if (number <= row) {
        Error(number, "",
              "rows are out of order (row " + std::to_string(number) + " after row " +
                  std::to_string(row) + ")");
        return;
      }
      row = number;
      cells.clear();
      row_bytes = 0;
      next_column = 0;
      in_row = true;
    } else if (name == "c" && in_row) {
      std::string_view r = AttrOr(attrs, "r");
      column = next_column;
      if (!r.empty()) {
        int ref_row = 0;
        if (!ParseCellRef(r, &column, &ref_row) || (ref_row != 0 && ref_row != row)) {
          Error(row, "",
                "cell reference '" + std::string(r) + "' is malformed or not in row " +
                    std::to_string(row));
          return;
        }
      }
      next_column = column + 1;
      std::string_view t = AttrOr(attrs, "t");
      type = t == "s"           ? CellType::kShared
             : t == "inlineStr" ? CellType::kInline
             : t == "str"       ? CellType::kString
             : t == "b"         ? CellType::kBool
             : t == "e"         ? CellType::kError
             : t == "d"         ? CellType::kDate
                                : CellType::kNumber;
      style = 0;
      std::string_view s = AttrOr(attrs, "s");
      std::from_chars(s.data(), s.data() + s.size(), style);
      value.clear();
      inline_text.clear();
      in_cell = true;
    } else if (!in_cell) {
      return;
    } else if (name == "v") {
      capture = &value;
    } else if (name == "is") {
      in_inline = true;
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_inline && phonetic == 0) {
      capture = &inline_text;
    }
  }

  void End(std::string_view name) override {
    if (name == "v" || name == "t") {
      capture = nullptr;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      EndCell();
    } else if (name == "row" && in_row) {
      in_row = false;
      EndRow();
    } else if (name == "sheetData") {
      done = true;
    }
  }

  void Text(std::string_view text) override {
    if (capture == nullptr) return;
    if (capture->size() + text.size() > reader->book_->options_.max_record_bytes) {
      Error(row, CellName(),
            "cell text is longer than " + std::to_string(reader->book_->options_.max_record_bytes) +
                " bytes");
      return;
    }
    capture->append(text);
  }

  std::string CellName() const { return ColumnLetters(column) + std::to_string(row); }

  void Error(int at_row, const std::string& cell, const std::string& reason) {
    reader->Fail(at_row, cell, reason);
    error = reason;
  }

  void EndCell() {
    std::string text;
    switch (type) {
      case CellType::kShared: {
        size_t index = 0;
        std::string_view v = Trim(value);
        if (v.empty()) break;  // a styled cell without content
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
        if (ec != std::errc() || end != v.data() + v.size() || index >= book->string_ends_.size()) {
          Error(row, CellName(), "shared string '" + value + "' does not exist in the workbook");
          return;
        }
        text = std::string(book->SharedString(index));
        break;
      }
      case CellType::kInline:
        text = DecodeXlsxEscapes(inline_text);
        break;
      case CellType::kString:
        text = DecodeXlsxEscapes(value);
        break;
      case CellType::kBool:
        text = Trim(value) == "1" ? "true" : Trim(value) == "0" ? "false" : value;
        break;
      case CellType::kError:
        text = value;
        break;
      case CellType::kDate: {  // ISO 8601 in the cell (strict OOXML)
        std::string_view v = Trim(value);
        if (v.size() > 10 && v.substr(10) == "T00:00:00") v = v.substr(0, 10);
        text = std::string(v);
        break;
      }
      case CellType::kNumber: {
        std::string_view v = Trim(value);
        if (v.empty()) break;
        double number = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
        if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(number)) {
          Error(row, CellName(), "'" + value + "' is not a number (the cell says it is one)");
          return;
        }
        XlsxDateFormat format;
        if (style >= 0 && static_cast<size_t>(style) < book->xf_formats_.size()) {
          format = book->xf_formats_[static_cast<size_t>(style)];
        }
        std::optional<std::string> date;
        if (format.date) date = XlsxSerialToIso(number, book->date1904_, format.time);
        text =
            date.has_value() ? *date : FormatNumber(number, reader->style_ != NumberStyle::kPoint);
        break;
      }
    }
    if (text.empty()) return;
    row_bytes += text.size();
    if (row_bytes > reader->book_->options_.max_record_bytes) {
      Error(row, "",
            "row is longer than " + std::to_string(reader->book_->options_.max_record_bytes) +
                " bytes");
      return;
    }
    cells.emplace_back(column, std::move(text));
  }

  void EndRow() {
    if (cells.empty()) return;  // an empty row
    std::stable_sort(cells.begin(), cells.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    CsvRecord record;
    record.line = row;
    record.fields.resize(cells.back().first + 1);
    for (auto& [col, text] : cells) record.fields[col] = std::move(text);
    cells.clear();
    reader->ready_bytes_ += row_bytes;
    reader->ready_.push_back(std::move(record));
  }

  XlsxSheetReader* reader;
  const XlsxWorkbook* book;
  int row = 0;  // the current (or last) row number
  bool in_row = false;
  bool in_cell = false;
  bool in_inline = false;
  int phonetic = 0;
  bool done = false;
  size_t next_column = 0;
  size_t column = 0;
  CellType type = CellType::kNumber;
  int style = 0;
  std::string value;
  std::string inline_text;
  std::string* capture = nullptr;
  std::vector<std::pair<size_t, std::string>> cells;
  size_t row_bytes = 0;
  std::unique_ptr<ExpatParser> expat;
};

XlsxSheetReader::XlsxSheetReader(std::shared_ptr<XlsxWorkbook> book, std::string sheet)
    : book_(std::move(book)), sheet_(std::move(sheet)) {
  style_ = ResolveNumberStyle(book_->options_.decimal_mark, ';');
  chunk_.resize(std::max<size_t>(book_->options_.chunk_bytes, 1024));
}

XlsxSheetReader::~XlsxSheetReader() {
  parser_.reset();
  book_->zip_->Close();
  book_->sheet_open_ = false;
}

absl::Status XlsxSheetReader::Start(const std::string& part) {
  const XlsxWorkbook::Zip::Entry* entry = book_->zip_->Find(part);
  if (entry == nullptr) {
    return absl::InvalidArgumentError(book_->path_ + ": sheet " + sheet_ + " (part " + part +
                                      ") is missing");
  }
  total_bytes_ = entry->uncompressed;
  RETURN_IF_ERROR(book_->zip_->Open(part, book_->options_.max_sheet_xml_bytes, "sheet " + sheet_));
  book_->sheet_open_ = true;
  parser_ = std::make_unique<Parser>(this, book_.get());
  parser_->expat = std::make_unique<ExpatParser>(parser_.get());
  if (!Pull(&header_)) {
    if (!status_.ok()) return status_;
    return absl::InvalidArgumentError(book_->path_ + ": sheet " + sheet_ +
                                      " is empty: expected a header row");
  }
  last_row_ = header_.line;
  return absl::OkStatus();
}

void XlsxSheetReader::Fail(int row, const std::string& cell, const std::string& reason) {
  if (!status_.ok()) return;
  CsvError error{row, "", reason};
  error.sheet = sheet_;
  error.cell = cell;
  status_ = absl::InvalidArgumentError(error.ToString());
  ready_.clear();
  ready_bytes_ = 0;
}

void XlsxSheetReader::NoteBuffered() {
  size_t bytes = chunk_.capacity() + ready_bytes_ + parser_->value.capacity() +
                 parser_->inline_text.capacity();
  for (const auto& [col, text] : parser_->cells) bytes += text.capacity();
  max_buffered_ = std::max(max_buffered_, bytes);
}

bool XlsxSheetReader::Pull(CsvRecord* record) {
  while (ready_.empty()) {
    if (!status_.ok() || eof_) return false;
    absl::StatusOr<size_t> got = book_->zip_->Read(chunk_.data(), chunk_.size());
    if (!got.ok()) {
      if (status_.ok()) status_ = got.status();
      return false;
    }
    bytes_fed_ += *got;
    const bool final = *got == 0;
    std::string problem = parser_->expat->Feed(std::string_view(chunk_.data(), *got), final);
    if (!problem.empty() && status_.ok()) {
      CsvError error{0, "", "the sheet's XML " + problem};
      error.sheet = sheet_;
      status_ = absl::InvalidArgumentError(error.ToString());
    }
    NoteBuffered();
    // Nothing after </sheetData> is a cell; stop reading there.
    if (final || parser_->done) eof_ = true;
    if (!status_.ok()) return false;
  }
  *record = std::move(ready_.front());
  ready_.pop_front();
  size_t bytes = 0;
  for (const std::string& f : record->fields) bytes += f.size();
  ready_bytes_ -= std::min(ready_bytes_, bytes);
  return true;
}

bool XlsxSheetReader::Next(CsvRecord* record) {
  // Notes under the table: rows with text in column A only, after an empty row, up to the end
  // of the sheet. They are held back until a row with more shows that the table goes on.
  constexpr size_t kMaxNotes = 100;
  while (out_.empty()) {
    CsvRecord row;
    if (!Pull(&row)) {
      notes_.clear();
      return false;
    }
    const bool column_a_only = row.fields.size() == 1;
    const bool note = column_a_only && (!notes_.empty() || row.line > last_row_ + 1);
    last_row_ = row.line;
    if (note && notes_.size() < kMaxNotes) {
      notes_.push_back(std::move(row));
      continue;
    }
    for (CsvRecord& held : notes_) out_.push_back(std::move(held));
    notes_.clear();
    out_.push_back(std::move(row));
  }
  *record = std::move(out_.front());
  out_.pop_front();
  if (record->fields.size() < header_.fields.size()) record->fields.resize(header_.fields.size());
  return true;
}

}  // namespace integra::io
