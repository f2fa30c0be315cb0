#include "client/io/sdmx_structure.h"

#include <algorithm>
#include <cctype>

#include "client/io/measure_units.h"
#include "client/io/rows.h"
#include "client/io/sdmx_csv.h"
#include "common/json.h"

namespace integra::io {
namespace {

constexpr char kMessageNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
constexpr char kStructureNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
constexpr char kCommonNs[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";

// Text for XML content and attribute values: markup characters as entities, characters XML 1.0
// does not allow (C0 controls but tab, LF, CR) and invalid UTF-8 as U+FFFD.
std::string Xml(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t n = common::Utf8SequenceLength(text.substr(i));
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      const char c = text[i];
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\t':
        case '\n':
        case '\r':
          out += c;
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            out += "\xEF\xBF\xBD";
          } else {
            out += c;
          }
      }
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool IdChar(char c, bool allow_dot) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '@' || c == '$' ||
         c == '-' || (allow_dot && c == '.');
}

struct Code {
  std::string id;
  std::string name;
};
struct Codelist {
  std::string id;
  std::string name;
  std::vector<Code> codes;
};
struct Component {
  enum Kind { kDimension, kTime, kMeasure, kAttribute } kind;
  std::string id;
  std::string name;
  std::string codelist;               // "" = uncoded
  std::string text_type;              // uncoded: String, Double, ObservationalTimePeriod
  std::string attached_to_dimension;  // attributes: "" = the observation value
};

class Writer {
 public:
  explicit Writer(const SdmxArtefactRef& ref) : ref_(ref) {}
  std::string out;

  std::string Maintainable() const {
    return "agencyID=\"" + Xml(ref_.agency) + "\" version=\"" + Xml(ref_.version) + "\"";
  }
  std::string Ref(const std::string& cls, const std::string& id) const {
    return "urn:sdmx:org.sdmx.infomodel." + cls + "=" + ref_.agency + ":" + id + "(" +
           ref_.version + ")";
  }
  void Name(int indent, const std::string& name) {
    out += std::string(static_cast<size_t>(indent), ' ') + "<com:Name xml:lang=\"de\">" +
           Xml(name) + "</com:Name>\n";
  }
  void Line(int indent, const std::string& text) {
    out += std::string(static_cast<size_t>(indent), ' ') + text + "\n";
  }

 private:
  const SdmxArtefactRef& ref_;
};

void AddCode(Codelist& list, const std::string& id, const std::string& name) {
  for (const Code& c : list.codes) {
    if (c.id == id) return;
  }
  list.codes.push_back({id, name});
}

// Codes the CSV used in `column` that the list does not have yet; the name of a breakdown
// code is its value.
void AddUsed(Codelist& list, const SdmxDataflowSpec& spec, const std::string& column) {
  auto it = spec.codes_used.find(column);
  if (it == spec.codes_used.end()) return;
  for (const std::string& id : it->second) AddCode(list, id, SdmxCodeValue(id));
}

}  // namespace

absl::StatusOr<SdmxArtefactRef> ParseSdmxArtefactRef(std::string_view text) {
  auto fail = [&] {
    return absl::InvalidArgumentError(
        "'" + std::string(text) + "' is not AGENCY:ID(VERSION), e.g. INTEGRA:DF_INTEGRATION(1.0)");
  };
  const size_t colon = text.find(':');
  const size_t open = text.find('(');
  if (colon == std::string_view::npos || open == std::string_view::npos || open < colon ||
      text.back() != ')') {
    return fail();
  }
  SdmxArtefactRef ref{std::string(text.substr(0, colon)),
                      std::string(text.substr(colon + 1, open - colon - 1)),
                      std::string(text.substr(open + 1, text.size() - open - 2))};
  if (ref.agency.empty() || ref.id.empty() || ref.version.empty() ||
      !std::isalpha(static_cast<unsigned char>(ref.id.front())) ||
      !std::isalpha(static_cast<unsigned char>(ref.agency.front()))) {
    return fail();
  }
  for (char c : ref.agency) {
    if (!IdChar(c, true)) return fail();
  }
  for (char c : ref.id) {
    if (!IdChar(c, false)) return fail();
  }
  for (char c : ref.version) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return fail();
  }
  if (ref.version.front() == '.' || ref.version.back() == '.') return fail();
  return ref;
}

std::string SdmxStructureMessage(const SdmxDataflowSpec& spec) {
  const SdmxArtefactRef& ref = spec.dataflow;
  const std::string base = ref.id.rfind("DF_", 0) == 0 ? ref.id.substr(3) : ref.id;
  const std::string dsd_id = "DSD_" + base;
  const std::string scheme_id = "CS_" + base;

  // Code lists, in the order the components use them.
  std::vector<Codelist> lists;
  Codelist area{
      "CL_REF_AREA", "Gebiete (Gebietsschlüssel: DG Bund, Länder, Kreise, Gemeinden)", {}};
  for (const auto& [key, name] : spec.units) AddCode(area, key, name);
  AddUsed(area, spec, "REF_AREA");
  lists.push_back(std::move(area));
  Codelist indicators{"CL_INDICATOR", "Indikatoren", {}};
  for (const auto& [code, name] : spec.indicators) AddCode(indicators, code, name);
  AddUsed(indicators, spec, "INDICATOR");
  lists.push_back(std::move(indicators));
  std::vector<Component> components = {
      {Component::kDimension, "REF_AREA", "Gebiet", "CL_REF_AREA", "", ""},
      {Component::kDimension, "INDICATOR", "Indikator", "CL_INDICATOR", "", ""},
  };
  for (const auto& [key, values] : spec.dimensions) {
    const std::string id = Upper(key);
    Codelist list{"CL_" + id, "Ausprägungen von " + key, {}};
    for (const std::string& value : values) AddCode(list, SdmxCodeId(value), value);
    AddCode(list, "_T", "Insgesamt");
    AddCode(list, "_Z", "Nicht zutreffend");
    AddUsed(list, spec, id);
    lists.push_back(std::move(list));
    components.push_back({Component::kDimension, id, key, "CL_" + id, "", ""});
  }
  components.push_back(
      {Component::kTime, "TIME_PERIOD", "Zeitraum", "", "ObservationalTimePeriod", ""});
  components.push_back({Component::kMeasure, "OBS_VALUE", "Wert", "", "Double", ""});

  Codelist units{"CL_UNIT_MEASURE", "Maßeinheiten", {}};
  for (std::string_view word : kMeasureUnits) {
    AddCode(units, SdmxUnitMeasureCode(word), MeasureUnitLabelDe(word));
  }
  AddUsed(units, spec, "UNIT_MEASURE");
  lists.push_back(std::move(units));
  Codelist status{"CL_OBS_STATUS", "Beobachtungsstatus (Codes von SDMX CL_OBS_STATUS)", {}};
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"A", "Normaler Wert"},
           {"B", "Zeitreihenbruch"},
           {"E", "Geschätzter Wert"},
           {"G", "Experimenteller Wert (synthetische Demo-Werte)"},
           {"L", "Fehlender Wert; Angabe fällt später an"},
           {"M", "Fehlender Wert; Tabellenfach gesperrt, Aussage nicht sinnvoll"},
           {"O", "Fehlender Wert"},
           {"P", "Vorläufiger Wert"},
           {"Q", "Fehlender Wert; geheim gehalten"},
           {"U", "Eingeschränkte Zuverlässigkeit"}}) {
    AddCode(status, id, name);
  }
  AddUsed(status, spec, "OBS_STATUS");
  lists.push_back(std::move(status));
  Codelist conf{"CL_CONF_STATUS", "Vertraulichkeitsstatus (Codes von SDMX CL_CONF_STATUS)", {}};
  AddCode(conf, "C", "Vertraulich (geheim gehalten)");
  AddCode(conf, "F", "Frei");
  AddUsed(conf, spec, "CONF_STATUS");
  lists.push_back(std::move(conf));
  for (const Component& c : std::vector<Component>{
           {Component::kAttribute, "UNIT_MEASURE", "Maßeinheit", "CL_UNIT_MEASURE", "",
            "INDICATOR"},
           {Component::kAttribute, "OBS_STATUS", "Beobachtungsstatus", "CL_OBS_STATUS", "", ""},
           {Component::kAttribute, "CONF_STATUS", "Vertraulichkeitsstatus", "CL_CONF_STATUS", "",
            ""},
           {Component::kAttribute, "COMMENT_OBS", "Fußnote", "", "String", ""},
           {Component::kAttribute, "SOURCE_DETAIL", "Quelle", "", "String", ""},
           {Component::kAttribute, "INTEGRA_FLAGS", "integra-Kennzeichen (alle, durch | getrennt)",
            "", "String", ""}}) {
    components.push_back(c);
  }

  Writer w(ref);
  w.out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  w.out += std::string("<mes:Structure xmlns:mes=\"") + kMessageNs + "\" xmlns:str=\"" +
           kStructureNs + "\" xmlns:com=\"" + kCommonNs + "\">\n";
  w.Line(2, "<mes:Header>");
  w.Line(4, "<mes:ID>" + Xml(ref.id) + "_STRUCTURE</mes:ID>");
  w.Line(4, "<mes:Test>false</mes:Test>");
  w.Line(4, "<mes:Prepared>" + Xml(spec.prepared) + "</mes:Prepared>");
  w.Line(4, "<mes:Sender id=\"" + Xml(ref.agency) + "\"/>");
  w.Line(2, "</mes:Header>");
  w.Line(2, "<mes:Structures>");

  w.Line(4, "<str:Dataflows>");
  w.Line(6, "<str:Dataflow id=\"" + Xml(ref.id) + "\" " + w.Maintainable() + ">");
  w.Name(8, spec.name);
  w.Line(8, "<str:Structure>");
  w.Line(10, "<URN>" + Xml(w.Ref("datastructure.DataStructure", dsd_id)) + "</URN>");
  w.Line(8, "</str:Structure>");
  w.Line(6, "</str:Dataflow>");
  w.Line(4, "</str:Dataflows>");

  w.Line(4, "<str:Codelists>");
  for (const Codelist& list : lists) {
    w.Line(6, "<str:Codelist id=\"" + list.id + "\" " + w.Maintainable() + ">");
    w.Name(8, list.name);
    for (const Code& code : list.codes) {
      w.Line(8, "<str:Code id=\"" + Xml(code.id) + "\">");
      w.Name(10, code.name.empty() ? code.id : code.name);
      w.Line(8, "</str:Code>");
    }
    w.Line(6, "</str:Codelist>");
  }
  w.Line(4, "</str:Codelists>");

  w.Line(4, "<str:Concepts>");
  w.Line(6, "<str:ConceptScheme id=\"" + scheme_id + "\" " + w.Maintainable() + ">");
  w.Name(8, "Konzepte von " + ref.id);
  for (const Component& c : components) {
    w.Line(8, "<str:Concept id=\"" + c.id + "\">");
    w.Name(10, c.name);
    w.Line(8, "</str:Concept>");
  }
  w.Line(6, "</str:ConceptScheme>");
  w.Line(4, "</str:Concepts>");

  auto identity = [&](int indent, const Component& c) {
    w.Line(indent, "<str:ConceptIdentity>");
    w.Line(indent + 2,
           "<URN>" + Xml(w.Ref("conceptscheme.Concept", scheme_id)) + "." + c.id + "</URN>");
    w.Line(indent, "</str:ConceptIdentity>");
    w.Line(indent, "<str:LocalRepresentation>");
    if (c.codelist.empty()) {
      w.Line(indent + 2, "<str:TextFormat textType=\"" + c.text_type + "\"/>");
    } else {
      w.Line(indent + 2, "<str:Enumeration>");
      w.Line(indent + 4, "<URN>" + Xml(w.Ref("codelist.Codelist", c.codelist)) + "</URN>");
      w.Line(indent + 2, "</str:Enumeration>");
    }
    w.Line(indent, "</str:LocalRepresentation>");
  };
  w.Line(4, "<str:DataStructures>");
  w.Line(6, "<str:DataStructure id=\"" + dsd_id + "\" " + w.Maintainable() + ">");
  w.Name(8, spec.name);
  w.Line(8, "<str:DataStructureComponents>");
  w.Line(10, "<str:DimensionList id=\"DimensionDescriptor\">");
  int position = 0;
  for (const Component& c : components) {
    if (c.kind != Component::kDimension && c.kind != Component::kTime) continue;
    const char* element = c.kind == Component::kTime ? "str:TimeDimension" : "str:Dimension";
    w.Line(12, std::string("<") + element + " id=\"" + c.id + "\" position=\"" +
                   std::to_string(++position) + "\">");
    identity(14, c);
    w.Line(12, std::string("</") + element + ">");
  }
  w.Line(10, "</str:DimensionList>");
  w.Line(10, "<str:AttributeList id=\"AttributeDescriptor\">");
  for (const Component& c : components) {
    if (c.kind != Component::kAttribute) continue;
    w.Line(12, "<str:Attribute id=\"" + c.id + "\" assignmentStatus=\"Conditional\">");
    identity(14, c);
    w.Line(14, "<str:AttributeRelationship>");
    if (c.attached_to_dimension.empty()) {
      w.Line(16, "<str:PrimaryMeasure>");
      w.Line(18, "<Ref id=\"OBS_VALUE\"/>");
      w.Line(16, "</str:PrimaryMeasure>");
    } else {
      w.Line(16, "<str:Dimension>");
      w.Line(18, "<Ref id=\"" + c.attached_to_dimension + "\"/>");
      w.Line(16, "</str:Dimension>");
    }
    w.Line(14, "</str:AttributeRelationship>");
    w.Line(12, "</str:Attribute>");
  }
  w.Line(10, "</str:AttributeList>");
  w.Line(10, "<str:MeasureList id=\"MeasureDescriptor\">");
  for (const Component& c : components) {
    if (c.kind != Component::kMeasure) continue;
    w.Line(12, "<str:PrimaryMeasure id=\"" + c.id + "\">");
    identity(14, c);
    w.Line(12, "</str:PrimaryMeasure>");
  }
  w.Line(10, "</str:MeasureList>");
  w.Line(8, "</str:DataStructureComponents>");
  w.Line(6, "</str:DataStructure>");
  w.Line(4, "</str:DataStructures>");
  w.Line(2, "</mes:Structures>");
  w.out += "</mes:Structure>\n";
  return w.out;
}

}  // namespace integra::io
