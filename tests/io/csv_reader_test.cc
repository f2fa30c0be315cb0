// CsvReader: RFC 4180 details, line numbers, encodings, delimiters, fatal errors.
#include "client/io/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;

std::unique_ptr<CsvReader> MustOpen(std::string text, CsvOptions options = {}) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::FromString(std::move(text), options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? std::move(*reader) : nullptr;
}

std::vector<CsvRecord> ReadAll(CsvReader& reader) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.Next(&record)) records.push_back(record);
  return records;
}

TEST(CsvReaderTest, QuotesEmbeddedDelimitersAndNewlinesKeepLineNumbers) {
  auto reader = MustOpen(
      "a,b,c\n"
      "1,\"x, y\",\"say \"\"hi\"\"\"\n"
      "2,\"two\nlines\",z\n"
      "3,\"three\r\nlines\nhere\",w\n"
      "4,plain,v\n");
  ASSERT_NE(reader, nullptr);
  EXPECT_THAT(reader->header().fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(reader->header().line, 1);
  std::vector<CsvRecord> records = ReadAll(*reader);
  ASSERT_OK(reader->status());
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[0].fields, ElementsAre("1", "x, y", "say \"hi\""));
  EXPECT_EQ(records[0].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("2", "two\nlines", "z"));
  EXPECT_EQ(records[1].line, 3);
  EXPECT_THAT(records[2].fields, ElementsAre("3", "three\r\nlines\nhere", "w"));
  EXPECT_EQ(records[2].line, 5);
  EXPECT_EQ(records[3].line, 8);
}

TEST(CsvReaderTest, CrLfLastLineWithoutNewlineBlankAndEmptyRecords) {
  auto reader = MustOpen("a;b\r\n1;2\r\n\r\n;\r\n3;4");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->delimiter(), ';');
  std::vector<CsvRecord> records = ReadAll(*reader);
  ASSERT_OK(reader->status());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("1", "2"));
  EXPECT_THAT(records[1].fields, ElementsAre("3", "4"));
  EXPECT_EQ(records[1].line, 5);
}

// Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR. Each CR is a line end for the
// line numbers as it is for libcsv's records, whatever the chunk size (a CR at a chunk end may
// be the first half of a CRLF).
TEST(CsvReaderTest, LoneCrEndsALineForRecordsAndLineNumbers) {
  const std::string text = "a;b\r1;2\r\r3;\"x\ry\"\r4;5\r\n6;7";
  for (size_t chunk : {16u, 17u, 18u, 64u * 1024u}) {
    SCOPED_TRACE(chunk);
    CsvOptions options;
    options.chunk_bytes = chunk;
    auto reader = MustOpen(text, options);
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(reader->delimiter(), ';');
    std::vector<CsvRecord> records = ReadAll(*reader);
    ASSERT_OK(reader->status());
    ASSERT_EQ(records.size(), 4u);
    EXPECT_THAT(records[0].fields, ElementsAre("1", "2"));
    EXPECT_EQ(records[0].line, 2);
    EXPECT_THAT(records[1].fields, ElementsAre("3", "x\ry"));
    EXPECT_EQ(records[1].line, 4);
    EXPECT_THAT(records[2].fields, ElementsAre("4", "5"));
    EXPECT_EQ(records[2].line, 6);
    EXPECT_THAT(records[3].fields, ElementsAre("6", "7"));
    EXPECT_EQ(records[3].line, 7);
  }
}

// A record ended by a CR, then a byte that is not UTF-8 on the same LF-terminated stretch: the
// record before the CR is delivered and the error names the line after it, with 64 KiB chunks
// as with 16-byte ones (found by fuzzing: the whole-chunk read dropped the record).
TEST(CsvReaderTest, ErrorAfterALoneCrKeepsTheRecordBeforeItWhateverTheChunkSize) {
  const std::string text = "a,b\nx,1\r" + std::string(40, '\r') + "y,\xBF\xBF,2\n";
  for (size_t chunk : {16u, 64u * 1024u}) {
    SCOPED_TRACE(chunk);
    CsvOptions options;
    options.chunk_bytes = chunk;
    auto reader = MustOpen(text, options);
    ASSERT_NE(reader, nullptr);
    std::vector<CsvRecord> records = ReadAll(*reader);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_THAT(records[0].fields, ElementsAre("x", "1"));
    EXPECT_STATUS(reader->status(), absl::StatusCode::kInvalidArgument,
                  "line 43: file is not UTF-8");
  }
}

TEST(CsvReaderTest, ByteOrderMarkIsSkippedAndDelimiterDetected) {
  auto reader = MustOpen(
      "\xEF\xBB\xBF"
      "ags;name;\"a,b\"\n01001000;Flensburg;x\n");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->delimiter(), ';');
  EXPECT_THAT(reader->header().fields, ElementsAre("ags", "name", "a,b"));
  CsvRecord record;
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_THAT(record.fields, ElementsAre("01001000", "Flensburg", "x"));
}

TEST(CsvReaderTest, DelimiterCanBeForcedAndTabsDetected) {
  CsvOptions options;
  options.delimiter = ';';
  auto forced = MustOpen("a,b;c\n1,2;3\n", options);
  ASSERT_NE(forced, nullptr);
  EXPECT_THAT(forced->header().fields, ElementsAre("a,b", "c"));
  auto tabs = MustOpen("a\tb\tc\n1\t2\t3\n");
  ASSERT_NE(tabs, nullptr);
  EXPECT_EQ(tabs->delimiter(), '\t');
  auto single = MustOpen("value\n1\n");
  ASSERT_NE(single, nullptr);
  EXPECT_EQ(single->delimiter(), ',');
}

// Found by fuzzing (tests/fuzz/corpus/io_csv/regress-delimiter-long-header): the delimiter
// was detected from the first chunk only, so a header longer than a chunk was judged by its
// beginning, and the same file read differently with another chunk size.
TEST(CsvReaderTest, DelimiterIsDetectedFromTheWholeHeaderLineWhateverTheChunkSize) {
  // The first 16 bytes hold 7 commas and 1 semicolon; the whole line 7 commas and 11.
  const std::string text = "a,b,c,d,e,f,g,h;i;j;k;l;m;n;o;p;q;r;s\n1;2;3;4;5;6;7;8;9;10;11;12\n";
  for (size_t chunk : {size_t{16}, size_t{17}, size_t{64} * 1024}) {
    SCOPED_TRACE(chunk);
    CsvOptions options;
    options.chunk_bytes = chunk;
    auto reader = MustOpen(text, options);
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(reader->delimiter(), ';');
    EXPECT_EQ(reader->header().fields.size(), 12u);
    EXPECT_EQ(reader->header().fields[0], "a,b,c,d,e,f,g,h");
    std::vector<CsvRecord> records = ReadAll(*reader);
    ASSERT_OK(reader->status());
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields.size(), 12u);
    EXPECT_EQ(records[0].line, 2);
  }
}

TEST(CsvReaderTest, Latin1IsRefusedWithLineAndByte) {
  auto reader = MustOpen("ags,name\n01001000,Flensburg\n09162000,M\xFCnchen\n");
  ASSERT_NE(reader, nullptr);
  std::vector<CsvRecord> records = ReadAll(*reader);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_STATUS(
      reader->status(), absl::StatusCode::kInvalidArgument,
      "line 3: file is not UTF-8 (looks like Latin-1/Windows-1252: byte 0xFC '\xC3\xBC'); "
      "re-save as UTF-8 or pass --encoding latin1");
}

TEST(CsvReaderTest, Latin1IsConvertedWhenAsked) {
  CsvOptions options;
  options.encoding = Encoding::kLatin1;
  auto reader = MustOpen(
      "ags;name\n09162000;M\xFCnchen \x80 \x84"
      "a\x93\n",
      options);
  ASSERT_NE(reader, nullptr);
  CsvRecord record;
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_THAT(record.fields, ElementsAre("09162000",
                                         "M\xC3\xBCnchen \xE2\x82\xAC \xE2\x80\x9E"
                                         "a\xE2\x80\x9C"));
}

TEST(CsvReaderTest, Latin1OptionOnUtf8FileWithBomIsRefused) {
  CsvOptions options;
  options.encoding = Encoding::kLatin1;
  EXPECT_STATUS(CsvReader::FromString("\xEF\xBB\xBF"
                                      "a\n1\n",
                                      options),
                absl::StatusCode::kInvalidArgument, "drop --encoding latin1");
}

TEST(CsvReaderTest, Utf16IsRefused) {
  EXPECT_STATUS(CsvReader::FromString(std::string("\xFF\xFE"
                                                  "a\0,\0b\0",
                                                  8),
                                      {}),
                absl::StatusCode::kInvalidArgument, "UTF-16");
  EXPECT_STATUS(CsvReader::FromString(std::string("a\0,\0b\0\n\0", 8), {}),
                absl::StatusCode::kInvalidArgument, "NUL bytes");
}

TEST(CsvReaderTest, MultiByteCharactersSplitByChunksSurvive) {
  CsvOptions options;
  options.chunk_bytes = 16;  // forces lines longer than the buffer and cut characters
  std::string name;
  for (int i = 0; i < 20; ++i) name += "\xC3\xBC\xE2\x82\xAC";  // "ü€" twenty times
  auto reader = MustOpen("k,name\n1," + name + "\n2,\"" + name + "\n" + name + "\"\n", options);
  ASSERT_NE(reader, nullptr);
  std::vector<CsvRecord> records = ReadAll(*reader);
  ASSERT_OK(reader->status());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields[1], name);
  EXPECT_EQ(records[1].fields[1], name + "\n" + name);
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvReaderTest, StrayQuoteIsAnErrorWithLineAndColumn) {
  auto reader = MustOpen("a,b\n1,2\n3,12\" monitor\n");
  ASSERT_NE(reader, nullptr);
  ReadAll(*reader);
  EXPECT_STATUS(reader->status(), absl::StatusCode::kInvalidArgument,
                "line 3, column b: a quote inside an unquoted field");
  auto after = MustOpen("a,b\n1,\"x\"y\n");
  ASSERT_NE(after, nullptr);
  ReadAll(*after);
  EXPECT_STATUS(after->status(), absl::StatusCode::kInvalidArgument,
                "line 2, column b: text after a closing quote");
}

TEST(CsvReaderTest, UnclosedQuoteIsReportedWhereItStarts) {
  auto reader = MustOpen("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
  ASSERT_NE(reader, nullptr);
  std::vector<CsvRecord> records = ReadAll(*reader);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_STATUS(reader->status(), absl::StatusCode::kInvalidArgument,
                "line 3, column b: a quoted field starts here and is never closed");
}

TEST(CsvReaderTest, OverlongRecordIsRefused) {
  CsvOptions options;
  options.chunk_bytes = 1024;
  options.max_record_bytes = 4096;
  auto reader = MustOpen("a,b\n1,\"" + std::string(10000, 'x') + "\"\n", options);
  ASSERT_NE(reader, nullptr);
  ReadAll(*reader);
  EXPECT_STATUS(reader->status(), absl::StatusCode::kInvalidArgument,
                "line 2: record is longer than 4096 bytes");
}

TEST(CsvReaderTest, EmptyFileAndMissingFile) {
  EXPECT_STATUS(CsvReader::FromString("", {}), absl::StatusCode::kInvalidArgument,
                "is empty: expected a header line");
  EXPECT_STATUS(CsvReader::FromString("\n\n", {}), absl::StatusCode::kInvalidArgument, "is empty");
  EXPECT_STATUS(CsvReader::Open("/nonexistent/x.csv", {}), absl::StatusCode::kNotFound,
                "cannot open /nonexistent/x.csv");
}

TEST(CsvReaderTest, ReadsFilesAndReportsProgress) {
  testing::TempDir dir;
  std::string path = dir.Sub("in.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n";
    for (int i = 0; i < 1000; ++i) out << i << ",row" << i << "\n";
  }
  CsvOptions options;
  options.chunk_bytes = 256;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, options));
  ASSERT_TRUE(reader->total_bytes().has_value());
  uint64_t total = *reader->total_bytes();
  CsvRecord record;
  int n = 0;
  uint64_t last = 0;
  while (reader->Next(&record)) {
    EXPECT_EQ(record.fields[0], std::to_string(n));
    EXPECT_EQ(record.line, n + 2);
    EXPECT_GE(reader->bytes_consumed(), last);
    last = reader->bytes_consumed();
    ++n;
  }
  ASSERT_OK(reader->status());
  EXPECT_EQ(n, 1000);
  EXPECT_EQ(reader->bytes_consumed(), total);
  EXPECT_LT(reader->max_buffered_bytes(), 64u * 1024);
}

TEST(CsvReaderTest, ReadsStdinWhenPathIsDash) {
  testing::TempDir dir;
  std::string path = dir.Sub("stdin.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n1,2\n";
  }
  // Redirect this process's stdin to the file for the duration of the test.
  int saved = ::dup(STDIN_FILENO);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(saved, 0);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
  ::close(fd);
  absl::StatusOr<std::unique_ptr<CsvReader>> reader = CsvReader::Open("-", {});
  CsvRecord record;
  bool got = reader.ok() && (*reader)->Next(&record);
  std::optional<uint64_t> total = reader.ok() ? (*reader)->total_bytes() : std::nullopt;
  std::string name = reader.ok() ? (*reader)->name() : "";
  reader = absl::UnknownError("closed");  // drop the reader before restoring stdin
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ASSERT_TRUE(got);
  EXPECT_THAT(record.fields, ElementsAre("1", "2"));
  EXPECT_EQ(name, "<stdin>");
  EXPECT_EQ(total, 8u);  // a redirected regular file has a known size
}

}  // namespace
}  // namespace integra::io
