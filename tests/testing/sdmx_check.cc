#include "tests/testing/sdmx_check.h"

#include <expat.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "client/io/csv_reader.h"

namespace integra::testing {
namespace {

constexpr char kMes[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message|";
constexpr char kStr[] = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure|";

struct Component {
  std::string kind;  // Dimension, TimeDimension, Attribute, PrimaryMeasure
  std::string id;
  int position = 0;
  std::string concept_urn;
  std::string codelist_urn;
};

struct Parsed {
  std::string root;
  std::map<std::string, std::set<std::string>> codelists;  // urn -> codes
  std::set<std::string> concepts;                          // urns
  std::string dataflow_ref;                                // AGENCY:ID(VERSION)
  std::string dataflow_structure_urn;
  std::string dsd_urn;
  std::vector<Component> components;
  // Parser state.
  std::vector<std::string> path;  // element names (ns|local)
  std::string text;
  std::string maintainable;  // "AGENCY:ID(VERSION)" of the current maintainable artefact
  std::string codelist_urn;
  std::string scheme_urn;
  Component* current = nullptr;
};

std::string Attr(const XML_Char** attrs, const std::string& name) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (name == attrs[i]) return attrs[i + 1];
  }
  return "";
}

bool Is(const std::string& name, const char* ns, const char* local) {
  return name == std::string(ns) + local;
}

void Start(void* data, const XML_Char* name_c, const XML_Char** attrs) {
  auto* p = static_cast<Parsed*>(data);
  std::string name = name_c;
  if (p->path.empty()) p->root = name;
  p->path.push_back(name);
  p->text.clear();
  auto maintainable = [&] {
    return Attr(attrs, "agencyID") + ":" + Attr(attrs, "id") + "(" + Attr(attrs, "version") + ")";
  };
  if (Is(name, kStr, "Codelist")) {
    p->codelist_urn = "urn:sdmx:org.sdmx.infomodel.codelist.Codelist=" + maintainable();
    p->codelists[p->codelist_urn];
  } else if (Is(name, kStr, "Code")) {
    p->codelists[p->codelist_urn].insert(Attr(attrs, "id"));
  } else if (Is(name, kStr, "ConceptScheme")) {
    p->scheme_urn = "urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=" + maintainable();
  } else if (Is(name, kStr, "Concept")) {
    p->concepts.insert(p->scheme_urn + "." + Attr(attrs, "id"));
  } else if (Is(name, kStr, "Dataflow")) {
    p->dataflow_ref = maintainable();
  } else if (Is(name, kStr, "DataStructure")) {
    p->dsd_urn = "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=" + maintainable();
  } else if (Is(name, kStr, "Dimension") || Is(name, kStr, "TimeDimension") ||
             Is(name, kStr, "Attribute") || Is(name, kStr, "PrimaryMeasure")) {
    // Inside AttributeRelationship, Dimension/PrimaryMeasure are references, not components.
    bool in_relationship = false;
    for (const std::string& e : p->path) in_relationship |= Is(e, kStr, "AttributeRelationship");
    if (!in_relationship) {
      Component c;
      c.kind = name.substr(name.find('|') + 1);
      c.id = Attr(attrs, "id");
      const std::string position = Attr(attrs, "position");
      c.position = position.empty() ? 0 : std::stoi(position);
      p->components.push_back(c);
      p->current = &p->components.back();
    }
  }
}

void End(void* data, const XML_Char* name_c) {
  auto* p = static_cast<Parsed*>(data);
  std::string name = name_c;
  if (name == "URN" && p->path.size() >= 2) {
    const std::string& parent = p->path[p->path.size() - 2];
    if (Is(parent, kStr, "Structure")) p->dataflow_structure_urn = p->text;
    if (p->current != nullptr && Is(parent, kStr, "ConceptIdentity")) {
      p->current->concept_urn = p->text;
    }
    if (p->current != nullptr && Is(parent, kStr, "Enumeration")) {
      p->current->codelist_urn = p->text;
    }
  }
  if (Is(name, kStr, "Dimension") || Is(name, kStr, "TimeDimension") ||
      Is(name, kStr, "Attribute") || Is(name, kStr, "PrimaryMeasure")) {
    bool in_relationship = false;
    for (size_t i = 0; i + 1 < p->path.size(); ++i) {
      in_relationship |= Is(p->path[i], kStr, "AttributeRelationship");
    }
    if (!in_relationship) p->current = nullptr;
  }
  p->path.pop_back();
}

void Text(void* data, const XML_Char* s, int len) {
  static_cast<Parsed*>(data)->text.append(s, static_cast<size_t>(len));
}

}  // namespace

std::vector<std::string> CheckSdmxCsvAgainstStructure(const std::string& structure_xml,
                                                      const std::string& csv) {
  std::vector<std::string> problems;
  Parsed p;
  p.components.reserve(1000);  // keeps `current` valid
  XML_Parser parser = XML_ParserCreateNS("UTF-8", '|');
  XML_SetUserData(parser, &p);
  XML_SetElementHandler(parser, Start, End);
  XML_SetCharacterDataHandler(parser, Text);
  if (XML_Parse(parser, structure_xml.data(), static_cast<int>(structure_xml.size()), 1) ==
      XML_STATUS_ERROR) {
    problems.push_back("structure is not well-formed XML: line " +
                       std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
                       XML_ErrorString(XML_GetErrorCode(parser)));
    XML_ParserFree(parser);
    return problems;
  }
  XML_ParserFree(parser);
  if (!Is(p.root, kMes, "Structure")) problems.push_back("root element is " + p.root);
  if (p.dataflow_structure_urn != p.dsd_urn || p.dsd_urn.empty()) {
    problems.push_back("Dataflow references '" + p.dataflow_structure_urn +
                       "', the message's DataStructure is '" + p.dsd_urn + "'");
  }
  std::vector<Component> dims, attrs;
  std::vector<Component> measures;
  for (const Component& c : p.components) {
    if (!p.concepts.contains(c.concept_urn)) {
      problems.push_back(c.id + ": concept '" + c.concept_urn + "' is not in the message");
    }
    if (!c.codelist_urn.empty() && !p.codelists.contains(c.codelist_urn)) {
      problems.push_back(c.id + ": code list '" + c.codelist_urn + "' is not in the message");
    }
    if (c.kind == "Dimension" || c.kind == "TimeDimension") dims.push_back(c);
    if (c.kind == "Attribute") attrs.push_back(c);
    if (c.kind == "PrimaryMeasure") measures.push_back(c);
  }
  std::stable_sort(dims.begin(), dims.end(),
                   [](const Component& a, const Component& b) { return a.position < b.position; });
  std::vector<Component> columns;
  columns.push_back({"Dataflow", "DATAFLOW", 0, "", ""});
  columns.insert(columns.end(), dims.begin(), dims.end());
  columns.insert(columns.end(), measures.begin(), measures.end());
  columns.insert(columns.end(), attrs.begin(), attrs.end());

  auto reader = io::CsvReader::FromString(csv, io::CsvOptions{','});
  if (!reader.ok()) {
    problems.push_back("CSV: " + std::string(reader.status().message()));
    return problems;
  }
  const std::vector<std::string>& header = (*reader)->header().fields;
  std::string expected, actual;
  for (const Component& c : columns) expected += (expected.empty() ? "" : ",") + c.id;
  for (const std::string& h : header) actual += (actual.empty() ? "" : ",") + h;
  if (expected != actual) {
    problems.push_back("CSV header is '" + actual + "', the structure says '" + expected + "'");
    return problems;
  }
  io::CsvRecord record;
  while ((*reader)->Next(&record)) {
    for (size_t i = 0; i < columns.size() && i < record.fields.size(); ++i) {
      const Component& c = columns[i];
      const std::string& cell = record.fields[i];
      const std::string where = "line " + std::to_string(record.line) + ", " + c.id + ": ";
      if (i == 0) {
        if (cell != p.dataflow_ref)
          problems.push_back(absl::StrCat(where, "'", cell, "' is not the dataflow"));
        continue;
      }
      if (cell.empty()) {
        if (c.kind == "Dimension" || c.kind == "TimeDimension") {
          problems.push_back(where + "dimension value missing");
        }
        continue;
      }
      if (!c.codelist_urn.empty() && !p.codelists[c.codelist_urn].contains(cell)) {
        problems.push_back(absl::StrCat(where, "'", cell, "' is not in ", c.codelist_urn));
      }
    }
  }
  if (!(*reader)->status().ok())
    problems.push_back("CSV: " + std::string((*reader)->status().message()));
  return problems;
}

}  // namespace integra::testing
