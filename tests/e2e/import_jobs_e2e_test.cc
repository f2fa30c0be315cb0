// Import jobs through the real CLI against a real integrad: an `integra import observations`
// killed (SIGKILL) after the server acknowledged three of its batches is listed by
// `integra import status` as incomplete with exactly those rows; `integra import resume` refuses
// another file and completes the job to the state of an uninterrupted import; `integra import
// rollback` restores what was there before, and `integra watch` shows it.
//
// The file is a FIFO, so the test decides how far the killed import can read: pass 1 (the check)
// gets the whole file, pass 2 only its first 64 KiB, the CSV reader's read size (docs/io.md,
// "Memory"): the CLI sends the full batches of the complete rows in there and then waits for more.
// The test waits for those rows on the change feed (a blocking read with a deadline) before it
// kills the CLI; no sleep decides.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include "grpcpp/client_context.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "tests/e2e/exchange_fixture.h"

namespace integra {
namespace {

constexpr char kHeader[] =
    "ags,indicator,period,value,flags,source,breakdown,footnote,series_break\n";

class ImportJobsCliTest : public ExchangeCliTest {
 protected:
  std::vector<std::string> Kreise() {
    auto list = Cli({"unit", "list", "--level", "kreis", "--format", "csv"});
    EXPECT_EQ(list.exit_code, 0);
    std::vector<std::string> kreise;
    std::istringstream lines(list.out);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) kreise.push_back(line.substr(0, 5));
    return kreise;
  }

  // All Kreise x `years` years of BEV from 2000 on, `value` each; the rows alone (no header).
  static std::string Rows(const std::vector<std::string>& kreise, int years, int value) {
    std::string out;
    for (const std::string& k : kreise) {
      for (int y = 2000; y < 2000 + years; ++y) {
        out += k + ",BEV," + std::to_string(y) + "," + std::to_string(value) + ",,Destatis,,,\n";
      }
    }
    return out;
  }

  // 1234 -> "1,234", as the import summary prints counts.
  static std::string FormatCount(size_t n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
    return digits;
  }

  // Waits (blocking on the change feed, at most 60 s) until `count` changes after `after` have
  // committed on the main server; false if they did not.
  bool AwaitChanges(uint64_t after, size_t count) {
    auto channel = testing::TokenChannel(main_.address, Trimmed(Read(TokenFileOf(main_.address))));
    auto stub = v1::ExchangeService::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::WatchObservationsRequest req;
    req.set_after_sequence(after);
    auto reader = stub->WatchObservations(&ctx, req);
    size_t seen = 0;
    v1::WatchObservationsResponse page;
    while (seen < count && reader->Read(&page)) seen += page.changes_size();
    ctx.TryCancel();
    reader->Finish().IgnoreError();
    return seen >= count;
  }

  static std::string Trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  // `integra import status --job ID --format json`, once the server has let go of the job (a
  // killed client's stream ends there when the connection drops).
  std::string StatusOnceReleased(const std::string& job) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    testing::RunResult r;
    do {
      r = Cli({"import", "status", "--job", job, "--format", "json"});
      if (!Has(r.out, "IMPORT_JOB_STATE_RUNNING")) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

TEST_F(ImportJobsCliTest, AKilledImportIsIncompleteAndResumesOrRollsBack) {
  const auto kreise = Kreise();
  ASSERT_EQ(kreise.size(), 400u);
  // Before: 2000 for every Kreis (job 1, complete).
  auto r = Cli({"import", "observations", Write("before.csv", kHeader + Rows(kreise, 1, 500))});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "import job 1: complete")) << r.out;
  const std::string before = Export();
  const uint64_t before_seq = LastSequence();
  ASSERT_EQ(before_seq, 400u);

  // The file: 2000 changed, 2001 to 2005 new; 2,400 rows in batches of 100. What the killed
  // import can commit: the full batches of the rows complete in the first 64 KiB.
  const std::string content = kHeader + Rows(kreise, 6, 1000);
  constexpr size_t kReadSize = size_t{64} * 1024;
  ASSERT_GT(content.size(), kReadSize);
  const std::string first_read = content.substr(0, kReadSize);
  const size_t complete_rows = std::count(first_read.begin(), first_read.end(), '\n') - 1;
  const size_t committed = complete_rows / 100 * 100;
  ASSERT_GE(committed, 1000u);
  const std::string committed_text = std::to_string(committed);
  const std::string fifo = dir_.Sub("kreise.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ::signal(SIGPIPE, SIG_IGN);  // a write into the FIFO after the CLI is gone fails, no more
  std::promise<void> cli_gone;
  std::thread writer([&, gone = cli_gone.get_future()] {
    // Opens the FIFO (blocking until the CLI opens it to read) and writes `text`; returns the
    // open descriptor.
    auto open_and_write = [&](const std::string& text) {
      int fd = ::open(fifo.c_str(), O_WRONLY);
      for (size_t done = 0; fd >= 0 && done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      return fd;
    };
    // The CLI's pass 1 must have closed the FIFO before pass 2's data go in (else it would read
    // them as more of the file): inotify reports the close of a reader (IN_CLOSE_NOWRITE).
    const int events = ::inotify_init1(IN_CLOEXEC);
    ::inotify_add_watch(events, fifo.c_str(), IN_CLOSE_NOWRITE);
    int fd = open_and_write(content);  // pass 1 (the check) reads the whole file
    if (fd >= 0) ::close(fd);
    pollfd closed{events, POLLIN, 0};
    if (::poll(&closed, 1, 60000) != 1) ADD_FAILURE() << "the CLI did not finish its check";
    ::close(events);
    fd = open_and_write(first_read);  // pass 2: the first 64 KiB
    gone.wait();  // held open: the CLI waits for more, as on a slow disk or network
    if (fd >= 0) ::close(fd);
  });
  testing::Child cli({testing::IntegraPath(), "--server", main_.address, "--token-file",
                      TokenFileOf(main_.address), "import", "observations", fifo, "--batch-size",
                      "100"});
  // The batches acknowledged: their new revisions are on the feed; then the CLI dies.
  const bool written = AwaitChanges(before_seq, committed);
  cli.Signal(SIGKILL);
  const int exit_code = cli.Wait();
  cli_gone.set_value();
  const int unblock = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // frees a writer in open()
  writer.join();
  if (unblock >= 0) ::close(unblock);
  ASSERT_TRUE(written) << cli.err();
  EXPECT_EQ(exit_code, 128 + SIGKILL);

  std::string status = StatusOnceReleased("2");
  EXPECT_TRUE(Has(status, "\"state\":\"IMPORT_JOB_STATE_INCOMPLETE\"")) << status;
  EXPECT_TRUE(Has(status, "\"rows_committed\":\"" + committed_text + "\"")) << status;
  EXPECT_TRUE(Has(status, "\"rows_read\":\"" + committed_text + "\"")) << status;
  r = Cli({"import", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "incomplete")) << r.out;
  EXPECT_TRUE(Has(r.out, fifo)) << r.out;
  EXPECT_EQ(LastSequence(), before_seq + committed);

  // Another file (one row among the committed ones differs) is refused before anything is sent.
  std::string other = content;
  other.replace(other.find(kreise[50] + ",BEV,2001,1000"), (kreise[50] + ",BEV,2001,1000").size(),
                kreise[50] + ",BEV,2001,1001");
  r = Cli({"import", "resume", "2", Write("other.csv", other), "--batch-size", "100"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "is not the file import job 2 read")) << r.err;
  EXPECT_EQ(LastSequence(), before_seq + committed);

  // The same file completes the job: as if imported in one go (checked on a second server).
  const std::string full = Write("full.csv", content);
  r = Cli({"import", "resume", "2", full, "--batch-size", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "skipped:    " + FormatCount(committed))) << r.out;
  EXPECT_TRUE(
      Has(r.out, "written:     " + FormatCount(2400 - committed) + " new revision(s), 0 unchanged"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "import job 2: complete")) << r.out;
  const std::string resumed = Export();
  Server second;
  ASSERT_NO_FATAL_FAILURE(StartServer("second", &second));
  ASSERT_EQ(CliAt(second.address,
                  {"import", "observations", Write("b2.csv", kHeader + Rows(kreise, 1, 500))})
                .exit_code,
            0);
  ASSERT_EQ(CliAt(second.address, {"import", "observations", full}).exit_code, 0);
  EXPECT_EQ(resumed, ExportAt(second.address));
  r = Cli({"import", "resume", "2", full});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "import job 2 is complete: there is nothing to resume")) << r.err;

  // Rollback: first counted, then done; every value as before, the feed shows the removals.
  r = Cli({"import", "rollback", "2", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "would restore: 400")) << r.out;
  EXPECT_TRUE(Has(r.out, "would remove:  2000")) << r.out;
  const uint64_t job_end = LastSequence();
  r = Cli({"import", "rollback", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "import job 2 ('" + fifo + "') rolled back")) << r.out;
  EXPECT_EQ(Export(), before);
  EXPECT_EQ(LastSequence(), job_end + 2400);
  r = Cli({"watch", "--after", std::to_string(job_end), "--until-caught-up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t removed = 0;
  for (size_t at = 0; (at = r.out.find(" removed", at)) != std::string::npos; ++at) ++removed;
  EXPECT_EQ(removed, 2000u) << r.out.substr(0, 500);
  EXPECT_EQ(Lines(r.out), 2400u);
  r = Cli({"import", "status"});
  EXPECT_TRUE(Has(r.out, "rolled back")) << r.out;
  r = Cli({"import", "rollback", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "FAILED_PRECONDITION: import job 2 was rolled back already")) << r.err;
}

}  // namespace
}  // namespace integra
