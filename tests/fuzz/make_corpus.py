#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (seed-* files) from the repository's
fixtures and data, and from the byte layouts documented in the codec headers. Regression inputs
(regress-*) are added by hand and never touched here. Run from anywhere:
    python3 tests/fuzz/make_corpus.py
Needs protoc (protobuf-compiler) for the service request seeds."""
import os
import struct
import subprocess
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def read(rel, max_lines=None):
    with open(os.path.join(ROOT, rel), "rb") as f:
        data = f.read()
    if max_lines is not None:
        data = b"".join(data.splitlines(keepends=True)[:max_lines])
    return data


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear_seeds(target):
    d = os.path.join(CORPUS, target)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if f.startswith("seed-"):
                os.remove(os.path.join(d, f))


# ----------------------------------------------------------------------------- CSV inputs
LONG = b"ags,indicator,period,value,flags,source,breakdown,footnote,series_break\n" \
       b"05315000,AUSL_ANTEIL,2021,19.5,provisional,Destatis,sex=f,\"Gebietsstand 2021, \"\"vorl\"\"\",\n" \
       b"DG,BEV,2021-Q3,.,,,,,yes\n09162,AUSL_ANTEIL,2021-07,(12),,,,,\n"
WIDE = b"ags,indicator,breakdown,2019,2020,2021-Q1,2021-07\n" \
       b"05315,AUSL_ANTEIL,sex=m,1,2,3,4\n05,BEV,,x,/,...,-\n"
GERMAN = read("tests/fixtures/destatis_symbols.csv")
OPEN_SDG = b"Year,Gebiet,nationality,sex,Units,Series,Observation status,COMMENT_OBS,SOURCE_DETAIL," \
           b"INTEGRA_FLAGS,GeoCode,Value\n" \
           b"2021,,,,Prozent,AUSL_ANTEIL,,,Destatis,,DG,13.1\n" \
           b"2021,,,f,Prozent,AUSL_ANTEIL,E,,Destatis,provisional|estimated,DG,12.9\n" \
           b"2022,K\xc3\xb6ln,,,Prozent,AUSL_ANTEIL,Q,,,suppressed,05315,\n"
SDMX = b"DATAFLOW,REF_AREA,INDICATOR,NATIONALITY,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS," \
       b"CONF_STATUS,COMMENT_OBS,SOURCE_DETAIL,INTEGRA_FLAGS\n" \
       b"INTEGRA:DF_INTEGRATION(1.0),DG,AUSL_ANTEIL,_T,_T,2021,13.1,PERCENT,A,,,Destatis,\n" \
       b"INTEGRA:DF_INTEGRATION(1.0),05315,AUSL_ANTEIL,nicht$20deutsch,m,2021,19.5,PERCENT,B,,x,,\n"
UNITS = b"key;name;type;population;population_year;area_km2;territory_date;seat\n" \
        b"09162000;M\xc3\xbcnchen;Kreisfreie_Stadt;1.512.491;2022;310,7;31.12.2022;\n" \
        b"05315000;K\xc3\xb6ln;kreisfreie_stadt;;;;;\n9162000;X;gemeinde;;;;;\n"
LATIN1 = b"AGS;Indikator;Jahr;Wert\n05315;AUSL_ANTEIL;2021;19,5\n09162;AUSL_ANTEIL;2021;1.234,5\n" \
         b"05;BEV;2020;\"M\xfcnchen\"\n"

clear_seeds("monitoring_csv")
write("monitoring_csv", "laender.csv", read("data/reference/laender.csv"))
write("monitoring_csv", "kreise_gv100ad.csv", read("data/reference/kreise_gv100ad_2023-11-30.csv", 8))
write("monitoring_csv", "gemeinden_gv100ad.csv", read("data/reference/gemeinden_gv100ad_2023-11-30.csv", 8))
write("monitoring_csv", "quoted.csv", b"\xef\xbb\xbfa,\"b,c\",\"d\"\"e\"\r\n\r\n\"multi\nline\",,\n")

clear_seeds("io_csv")
# First byte: options (bits 0-1 delimiter auto/,/;/tab, bit 2 latin1, bits 3-4 decimal mark);
# second byte: reader (0 observations, 1 units, 2 indicators, 3 targets).
write("io_csv", "long.csv", b"\x01\x00" + LONG)
write("io_csv", "wide.csv", b"\x00\x00" + WIDE)
write("io_csv", "destatis_symbols.csv", b"\x00\x00" + GERMAN)
write("io_csv", "open_sdg.csv", b"\x00\x04" + OPEN_SDG)
write("io_csv", "sdmx.csv", b"\x00\x00" + SDMX)
write("io_csv", "latin1.csv", b"\x06\x00" + LATIN1)
write("io_csv", "units.csv", b"\x00\x01" + UNITS)
write("io_csv", "indicators.csv", b"\x00\x02" + read("data/demo/indicators.csv", 6))
write("io_csv", "targets.csv", b"\x00\x03" + read("data/demo/targets.csv"))
write("io_csv", "gv_auszug.csv", b"\x00\x01" + read("tests/fixtures/gv_auszug_bremen_saarland.csv", 12))

clear_seeds("json_lines")
write("json_lines", "observations.jsonl", b"\x00" +
      b'{"ags":"05315000","indicator":"AUSL_ANTEIL","period":"2021","breakdown":{"sex":"f"},'
      b'"value":12.5,"flags":["provisional"],"source":"Destatis","footnote":"x\\u2028y","series_break":false}\n'
      b'\n{"ags":"DG","indicator":"BEV","period":"2021-Q3","value":null}\n'
      b'{"ags":"05","indicator":"BEV","period":"2021-07","value":".","flags":"suppressed|estimated",'
      b'"breakdown":"sex=m;age=0_5","series_break":true}\n')
write("json_lines", "comma.jsonl", b"\x02" +
      b'{"ags":"09162","indicator":"X","period":"2020","value":"1.234,5","extra":1}\nnot json\n')

# ----------------------------------------------------------------------------- XLSX
clear_seeds("xlsx")
for fixture in ("hand_made.xlsx", "dates_1904.xlsx"):
    path = os.path.join(ROOT, "tests/fixtures", fixture)
    write("xlsx", fixture, read("tests/fixtures/" + fixture))
    with zipfile.ZipFile(path) as z:
        parts = [n.encode() + b"\n" + z.read(n) for n in z.namelist() if not n.endswith("/")]
    write("xlsx", fixture[:-5] + ".parts", b"\x00".join(parts))

# ----------------------------------------------------------------------------- keys
def u32be(v): return struct.pack(">I", v)
def u64be(v): return struct.pack(">Q", v)
def keystr(s): return s.replace(b"\x00", b"\x00\xff") + b"\x00\x01"

clear_seeds("key_codec")
# selector % 3: 0 generic (ops chunk, key), 1 monitoring keys (selector / 3 % 7), 2 knowledge.
write("key_codec", "generic", b"\x00\x04\x06\x00\x02\x06" + keystr(b"a\x00b") + b"\x07" + u32be(3) + keystr(b"z"))
series = u32be(3) + b"\x00" + u32be(0x05315FFF) + b"\x07\xe5\x00" + u64be(0xFFFFFFFFFFFFFFFA)
write("key_codec", "series", bytes([1 + 3 * 0]) + series)
write("key_codec", "series_breakdown", bytes([1]) + u32be(3) + b"\x01\x00\x01" + u32be(0x05158004) + b"\x07\xe6\x0d" + u64be(0xFFFFFFFFFFFFFEFD))
write("key_codec", "section", bytes([1 + 3 * 1]) + u32be(3) + b"\x00" + b"\x07\xe5\x00" + b"\x04\x05")
write("key_codec", "cross", bytes([1 + 3 * 2]) + u32be(3) + b"\x00" + b"\x07\xe5\x00" + b"\x03" + u32be(0x05315FFF))
write("key_codec", "batch", bytes([1 + 3 * 3]) + struct.pack(">Q", (1700000000000000) ^ (1 << 63)))
write("key_codec", "change", bytes([1 + 3 * 4]) + u64be(42))
write("key_codec", "import_job", bytes([1 + 3 * 5]) + b"\x00" + u64be(7))
write("key_codec", "knowledge_edge", b"\x02\x00" + keystr(b"af.integration") + b"\x01" + keystr(b"src.roth-2017"))

# ----------------------------------------------------------------------------- records
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])
def rstr(s): return varint(len(s)) + s
def u8(v): return bytes([v])
def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)
def i64(v): return struct.pack("<q", v)
def f64(v): return struct.pack("<d", v)

clear_seeds("record_codec")
# selector % 11: 0 generic, 1 series, 2 cross, 3 change, 4 import job, 5 import part, 6 node,
# 7 edge, 8 token, 9 audit, 10 packed section.
write("record_codec", "generic", b"\x00\x08\x00\x01\x02\x03\x04\x05\x06\x07" + u8(1) + u32(2) + u64(3) + i64(-4) + f64(0.5) + b"\x01" + rstr(b"abc") + varint(2) + rstr(b"x") + rstr(b""))
write("record_codec", "series", b"\x01" + u8(1) + i64(1700000000000000) + u32(2) + u8(1) + b"\x01" + f64(19.5) + rstr(b"Destatis") + rstr(b"Fussnote") + rstr(b""))
write("record_codec", "cross", b"\x02" + u8(1) + u8(0) + b"\x01" + f64(12.5) + u32(3) + u64(99) + u64(0x1234567890ABCDEF))
write("record_codec", "change", b"\x03" + u8(1) + u8(1) + i64(1700000000000000) + rstr(b"admin") + rstr(b"AUSL_ANTEIL") + rstr(b"05315") + rstr(b"2021") + rstr(b"sex=f") + u32(1) + u8(0) + b"\x01" + f64(19.5) + u64(0))
write("record_codec", "import_job", b"\x04" + u8(1) + u8(2) + rstr(b"daten.csv") + rstr(b"admin") + i64(1) + i64(2) + i64(3) + u64(10) + u64(8) + u64(2) + u64(10) + rstr(b"\x00" * 32) + u32(1) + rstr(b"05") + rstr(b"") + u64(0) + u64(0) + u64(0))
write("record_codec", "import_part", b"\x05" + u8(1) + u8(1) + i64(1700000000000000) + u64(1) + u64(10) + u64(10))
write("record_codec", "node", b"\x06" + u8(1) + u8(1) + rstr(b"Integration vor Ort") + rstr(b"Local integration") + rstr(b"Beschreibung") + varint(2) + rstr(b"a") + rstr(b"b") + rstr(b"src.roth-2017") + i64(2017) + i64(0) + rstr(b"Folie 3"))
write("record_codec", "edge", b"\x07" + u8(1) + b"\x01" + f64(0.5) + rstr(b"weil"))
values = u8(2) + u32(2) + u32(0x05315FFF) + u32(0x09162FFF) + u8(0) + u8(1) + f64(19.5) + f64(float("nan")) + struct.pack("<HH", 1, 0) + struct.pack("<H", 1) + struct.pack("<H", 8) + b"Destatis"
state = u8(1) + u32(2) + u32(1) + u32(3) + u64(11) + u64(12)
write("record_codec", "section", b"\x0a\x03" + bytes([len(values)]) + values + state)
write("record_codec", "section_v1", b"\x0a\x03" + bytes([1 + 4 + 4 + 1 + 8]) + u8(1) + u32(1) + u32(0x05FFFFFF) + u8(0) + f64(1.0) + u8(1) + u32(1) + u32(1) + u64(5))

# ----------------------------------------------------------------------------- value parsers
clear_seeds("value_parsers")
# selector % 16 picks the parser (see value_parsers_fuzz.cc); selector / 16 a sub-option.
samples = {
    0: [b"2021", b"2021-Q3", b"2016-07", b"2016-13"], 1: [b"05315000", b"DE", b"051580040040", b"00"],
    2: [b"\x05\x31\x5f\xff"[::-1]], 3: [b"LAND", b"kreisfreie_stadt", b"STAEDTE", b"quarterly"],
    4: [b"1 234 567", b"(12)", b"1.234,5", b"\xe2\x80\xa6", b"-", b"12,5"],
    5: [b"2021q3", b"2021-Q1"], 6: [b"provisional|Confidential"], 7: [b"sex=f;age=0_5"],
    8: [b"31.12.2022", b"2022-02-29"], 9: [b"5315000"], 10: [b"AUSL_ANTEIL"], 11: [b"af.integration"],
    12: [b"Sex"], 13: [b"Altersgruppe (Jahre)", b"Gr\xc3\xb6\xc3\x9fe"], 14: [b"ja", b"x"],
    15: [struct.pack("<d", 44561.5) + b"dd.mm.yyyy hh:mm", b"a_x000D_b_x005F_"],
}
for selector, texts in samples.items():
    for i, text in enumerate(texts):
        write("value_parsers", f"{selector:02d}-{i}", bytes([selector + 16 * (i % 3)]) + text)

# ----------------------------------------------------------------------------- knowledge text
clear_seeds("knowledge_text")
seed = read("data/knowledge/seed.textproto")
write("knowledge_text", "seed.textproto", seed)
write("knowledge_text", "small.textproto",
      b'nodes { id: "src.a" type: NODE_TYPE_SOURCE title_de: "Quelle" provenance { year: 2017 } }\n'
      b'nodes { id: "af.b" type: NODE_TYPE_ACTION_FIELD title_de: "Feld" provenance { source_id: "src.a" } }\n'
      b'edges { from: "af.b" to: "src.a" type: EDGE_TYPE_CITES weight: 0.5 note: "weil" }\n')

# ----------------------------------------------------------------------------- service requests
clear_seeds("service_requests")
PROTO_DIR = os.path.join(ROOT, "proto")

def encode(message, text, proto):
    return subprocess.run(["protoc", "-I", PROTO_DIR, "--encode=integra.v1." + message, proto],
                          input=text, capture_output=True, check=True).stdout

requests = [
    (0, "put", "PutObservationRequest", "integra/v1/monitoring.proto",
     b'observation { indicator_code: "AUSL_ANTEIL" unit_key: "05315" period: "2021" value: 19.5 '
     b'breakdown { key: "sex" value: "f" } flags: OBSERVATION_FLAG_PROVISIONAL source: "Destatis" }'),
    (1, "import", "ImportObservationsRequest", "integra/v1/exchange.proto",
     b'rows { indicator_code: "BEV" unit_key: "01001" period: "2020" value: 92550 } '
     b'rows { indicator_code: "BEV" unit_key: "05315000" period: "2021" } '
     b'absent_fields: 1 job_file_name: "daten.csv" checkpoint { rows: 2 digest: "ab" } finish: true'),
    (1, "validate", "ImportObservationsRequest", "integra/v1/exchange.proto",
     b'rows { indicator_code: "AUSL_ANTEIL" unit_key: "01" period: "2021-Q3" value: 5 } validate_only: true'),
    (2, "apply", "ApplyKnowledgeRequest", "integra/v1/knowledge.proto",
     b'document { nodes { id: "src.a" type: NODE_TYPE_SOURCE title_de: "Quelle" } '
     b'nodes { id: "af.b" type: NODE_TYPE_ACTION_FIELD title_de: "Feld" provenance { source_id: "src.a" } } '
     b'edges { from: "af.b" to: "src.a" type: EDGE_TYPE_CITES } }'),
    (3, "unit", "UpsertUnitRequest", "integra/v1/monitoring.proto",
     b'unit { key: "05315000" name: "K\xc3\xb6ln" type: UNIT_TYPE_KREISFREIE_STADT population: 1084831 population_year: 2022 area_km2: 405.0 }'),
    (4, "units", "ImportUnitsRequest", "integra/v1/monitoring.proto",
     b'units { units { key: "09" name: "Bayern" type: UNIT_TYPE_LAND } units { key: "09162" name: "M\xc3\xbcnchen" type: UNIT_TYPE_KREISFREIE_STADT } }'),
    (5, "indicator", "CreateIndicatorRequest", "integra/v1/monitoring.proto",
     b'indicator { code: "ALQ" name_de: "Arbeitslosenquote" unit: MEASURE_UNIT_PERCENT polarity: POLARITY_LOWER_IS_BETTER '
     b'dimensions { name: "sex" values: "m" values: "f" } } action_field_ids: "af.integration"'),
    (6, "get", "GetObservationRequest", "integra/v1/monitoring.proto",
     b'indicator_code: "AUSL_ANTEIL" unit_key: "05315" period: "2021" breakdown { key: "sex" value: "f" }'),
]
for selector, name, message, proto, text in requests:
    write("service_requests", name, bytes([selector]) + encode(message, text, proto))
