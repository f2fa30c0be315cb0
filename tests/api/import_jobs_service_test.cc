// Import jobs through a real in-process gRPC server on a free port with a temp RocksDB: a stream
// cancelled after N acknowledged chunks leaves an incomplete job with exactly those rows; resume
// ends in the same state as an uninterrupted import (every observation compared); rollback
// restores the pre-import values and the feed shows it; a server restart during a job leaves it
// incomplete; status, resume and rollback follow the import permission and the job's units.
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/import_digest.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "integra/v1/admin.grpc.pb.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "services/monitoring/import_jobs.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra::api {
namespace {

using Stream = grpc::ClientReaderWriter<v1::ImportObservationsRequest, v1::ImportBatchResult>;
constexpr int kChunk = 100;

// One client import stream, in the CLI's way: the first writing message names the file (or the
// job to resume), every message carries the checkpoint after its rows, the last says finish.
class ClientImport {
 public:
  // A new job.
  ClientImport(v1::ExchangeService::Stub& stub, const std::string& file) : file_(file) {
    stream_ = stub.ImportObservations(&ctx_);
  }
  // Resuming `job`: `rows` are the file's rows; the first `done` of them are digested, not sent.
  ClientImport(v1::ExchangeService::Stub& stub, uint64_t job,
               const std::vector<v1::Observation>& rows, size_t done)
      : resume_(job) {
    for (size_t i = 0; i < done; ++i) digest_.Add(rows[i]);
    resume_from_.set_rows(digest_.rows());
    resume_from_.set_digest(digest_.Digest());
    stream_ = stub.ImportObservations(&ctx_);
  }

  // Sends rows [from, to) of `rows` as one message; false if the stream broke.
  bool Send(const std::vector<v1::Observation>& rows, size_t from, size_t to, bool finish,
            v1::ImportBatchResult* result) {
    v1::ImportObservationsRequest req;
    for (size_t i = from; i < to; ++i) {
      *req.add_rows() = rows[i];
      digest_.Add(rows[i]);
    }
    req.mutable_checkpoint()->set_rows(digest_.rows());
    req.mutable_checkpoint()->set_digest(digest_.Digest());
    req.set_finish(finish);
    if (first_) {
      if (resume_ != 0) {
        req.set_resume_job_id(resume_);
        *req.mutable_resume_from() = resume_from_;
      } else {
        req.set_job_file_name(file_);
      }
      first_ = false;
    }
    return stream_->Write(req) && stream_->Read(result);
  }

  // Sends rows [from, to) in chunks, the last one with finish if `finish`; every chunk must be
  // written. Returns the job id.
  uint64_t SendAll(const std::vector<v1::Observation>& rows, size_t from, size_t to, bool finish) {
    uint64_t job = 0;
    for (size_t at = from; at < to; at += kChunk) {
      const size_t end = std::min(to, at + kChunk);
      v1::ImportBatchResult result;
      EXPECT_TRUE(Send(rows, at, end, finish && end == to, &result)) << Finish().error_message();
      EXPECT_TRUE(result.applied()) << result.DebugString();
      job = result.job_id();
    }
    return job;
  }

  void Cancel() { ctx_.TryCancel(); }
  grpc::Status Finish() {
    stream_->WritesDone();
    return stream_->Finish();
  }
  const cli::RowDigest& digest() const { return digest_; }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<Stream> stream_;
  std::string file_;
  uint64_t resume_ = 0;
  v1::ImportCheckpoint resume_from_;
  cli::RowDigest digest_;
  bool first_ = true;
};

class ImportJobsServiceTest : public ::testing::Test {
 protected:
  struct Server {
    std::unique_ptr<IntegraServer> server;
    std::string admin_secret;
    std::unique_ptr<v1::ExchangeService::Stub> exchange;
    std::unique_ptr<v1::MonitoringService::Stub> monitoring;
  };

  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Seeded(dir_.Sub("main"), &main_)); }

  // Starts a server over `data_dir` (ADMIN token `admin_secret`, made if empty).
  static void Start(const std::string& data_dir, Server* s) {
    auto server = IntegraServer::Start({.data_dir = data_dir, .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    s->server = std::move(*server);
    if (s->admin_secret.empty()) {
      s->admin_secret = testing::NewToken(*s->server, security::Role::kAdmin, "", "admin");
    }
    auto channel = testing::TokenChannel(s->server->address(), s->admin_secret);
    s->exchange = v1::ExchangeService::NewStub(channel);
    s->monitoring = v1::MonitoringService::NewStub(channel);
  }
  // A started server with the Länder, the Kreise and AUSL_ANTEIL.
  static void Seeded(const std::string& data_dir, Server* s) {
    ASSERT_NO_FATAL_FAILURE(Start(data_dir, s));
    ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*s->monitoring));
    ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*s->monitoring));
  }

  // The file: one row per Kreis (400) and year from `first_year` on, values varying by row.
  std::vector<v1::Observation> Rows(int first_year, int years, double base) {
    v1::ListUnitsRequest list;
    list.set_level(v1::UNIT_LEVEL_KREIS);
    list.set_page_size(1000);
    v1::ListUnitsResponse units;
    grpc::ClientContext ctx;
    EXPECT_TRUE(main_.monitoring->ListUnits(&ctx, list, &units).ok());
    std::vector<v1::Observation> rows;
    for (int y = first_year; y < first_year + years; ++y) {
      for (const v1::Unit& u : units.units()) {
        v1::Observation o;
        o.set_indicator_code("AUSL_ANTEIL");
        o.set_unit_key(u.key());
        o.set_period(std::to_string(y));
        o.set_value(base + static_cast<double>(rows.size() % 97) / 4);
        o.set_source("INKAR");
        rows.push_back(o);
      }
    }
    return rows;
  }

  // Every stored observation (latest revisions), in export order, as text: all fields but the
  // recorded time, or (values_only) only what a reader takes from it: cell, value, flags,
  // source, footnote, series break.
  static std::vector<std::string> ExportAll(Server& s, bool values_only) {
    v1::ExportObservationsRequest req;
    grpc::ClientContext ctx;
    auto reader = s.exchange->ExportObservations(&ctx, req);
    std::vector<std::string> out;
    v1::ExportObservationsResponse chunk;
    while (reader->Read(&chunk)) {
      for (v1::Observation o : chunk.rows()) {
        o.clear_recorded_micros();
        if (values_only) {
          o.clear_revision();
          o.clear_sequence();
        }
        out.push_back(o.ShortDebugString());
      }
    }
    EXPECT_TRUE(reader->Finish().ok());
    return out;
  }

  static v1::ImportJob GetJob(Server& s, uint64_t id) {
    v1::GetImportJobRequest req;
    req.set_id(id);
    v1::ImportJob job;
    grpc::ClientContext ctx;
    const grpc::Status st = s.exchange->GetImportJob(&ctx, req, &job);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return job;
  }

  // Waits until the server let go of the job (its stream ended there, not only here).
  static void AwaitReleased(Server& s, uint64_t id) {
    ASSERT_TRUE(s.server->engine().import_jobs().AwaitReleased(id, std::chrono::seconds(30)));
  }

  // Writes `chunks` chunks of `rows` as a new job, each acknowledged, then cancels the stream.
  uint64_t Interrupted(Server& s, const std::vector<v1::Observation>& rows, size_t chunks) {
    ClientImport import(*s.exchange, "kreise.csv");
    const uint64_t job = import.SendAll(rows, 0, chunks * kChunk, /*finish=*/false);
    import.Cancel();
    EXPECT_EQ(import.Finish().error_code(), grpc::StatusCode::CANCELLED);
    AwaitReleased(s, job);
    return job;
  }

  testing::TempDir dir_;
  Server main_;
};

TEST_F(ImportJobsServiceTest, ACancelledStreamLeavesAnIncompleteJobWithExactlyTheCommittedRows) {
  const auto rows = Rows(2020, 2, 10);
  ClientImport import(*main_.exchange, "kreise.csv");
  uint64_t job = 0;
  for (size_t chunk = 0; chunk < 3; ++chunk) {
    v1::ImportBatchResult result;
    ASSERT_TRUE(import.Send(rows, chunk * kChunk, (chunk + 1) * kChunk, false, &result));
    ASSERT_TRUE(result.applied());
    EXPECT_EQ(result.job_state(), v1::IMPORT_JOB_STATE_RUNNING);
    job = result.job_id();
    EXPECT_EQ(GetJob(main_, job).state(), v1::IMPORT_JOB_STATE_RUNNING);
  }
  const std::string digest_300 = import.digest().Digest();
  import.Cancel();  // after the third acknowledgement: the server waits for the fourth chunk
  EXPECT_EQ(import.Finish().error_code(), grpc::StatusCode::CANCELLED);
  AwaitReleased(main_, job);

  const v1::ImportJob got = GetJob(main_, job);
  EXPECT_EQ(got.state(), v1::IMPORT_JOB_STATE_INCOMPLETE);
  EXPECT_EQ(got.file_name(), "kreise.csv");
  EXPECT_EQ(got.actor().rfind("admin (token ", 0), 0u) << got.actor();
  EXPECT_EQ(got.rows_committed(), 300u);
  EXPECT_EQ(got.revisions(), 300u);
  EXPECT_EQ(got.rows_read(), 300u);
  EXPECT_EQ(got.checkpoint().digest(), digest_300);
  EXPECT_GT(got.started_micros(), 0);
  EXPECT_EQ(got.finished_micros(), 0);
  // Exactly those rows are stored, and visible.
  EXPECT_EQ(ExportAll(main_, false).size(), 300u);

  v1::ListImportJobsRequest list;
  v1::ListImportJobsResponse jobs;
  grpc::ClientContext ctx;
  ASSERT_TRUE(main_.exchange->ListImportJobs(&ctx, list, &jobs).ok());
  ASSERT_EQ(jobs.jobs_size(), 1);
  EXPECT_EQ(jobs.jobs(0).id(), job);
  EXPECT_EQ(jobs.jobs(0).state(), v1::IMPORT_JOB_STATE_INCOMPLETE);
}

TEST_F(ImportJobsServiceTest, AResumedJobEndsInTheSameStateAsAnUninterruptedImport) {
  const auto rows = Rows(2020, 2, 10);  // 800 rows
  const uint64_t job = Interrupted(main_, rows, 2);
  ASSERT_EQ(GetJob(main_, job).rows_committed(), 200u);

  {  // Another file (one value differs among the first 200 rows) is refused, nothing written.
    auto other = rows;
    other[150].set_value(99);
    ClientImport wrong(*main_.exchange, job, other, 200);
    v1::ImportBatchResult result;
    wrong.Send(other, 200, 300, false, &result);
    const grpc::Status st = wrong.Finish();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_NE(st.error_message().find("it is not the same file"), std::string::npos)
        << st.error_message();
    AwaitReleased(main_, job);
    EXPECT_EQ(GetJob(main_, job).rows_committed(), 200u);
  }

  ClientImport resume(*main_.exchange, job, rows, 200);
  EXPECT_EQ(resume.SendAll(rows, 200, rows.size(), /*finish=*/true), job);
  ASSERT_TRUE(resume.Finish().ok());
  const v1::ImportJob done = GetJob(main_, job);
  EXPECT_EQ(done.state(), v1::IMPORT_JOB_STATE_COMPLETE);
  EXPECT_EQ(done.rows_committed(), 800u);
  EXPECT_EQ(done.revisions(), 800u);
  EXPECT_GT(done.finished_micros(), 0);

  // The same file imported without interruption into a fresh server.
  Server fresh;
  ASSERT_NO_FATAL_FAILURE(Seeded(dir_.Sub("fresh"), &fresh));
  ClientImport whole(*fresh.exchange, "kreise.csv");
  const uint64_t fresh_job = whole.SendAll(rows, 0, rows.size(), /*finish=*/true);
  ASSERT_TRUE(whole.Finish().ok());
  EXPECT_EQ(GetJob(fresh, fresh_job).state(), v1::IMPORT_JOB_STATE_COMPLETE);
  EXPECT_EQ(GetJob(fresh, fresh_job).checkpoint().digest(), done.checkpoint().digest());

  // Every observation equal: cell, value, flags, source, revision and change sequence.
  const auto resumed = ExportAll(main_, false);
  const auto uninterrupted = ExportAll(fresh, false);
  ASSERT_EQ(resumed.size(), 800u);
  EXPECT_EQ(resumed, uninterrupted);
}

TEST_F(ImportJobsServiceTest, RollbackRestoresThePreImportValuesAndTheFeedShowsIt) {
  // Before: 2020 for every Kreis, from a complete job.
  const auto before_rows = Rows(2020, 1, 10);
  ClientImport first(*main_.exchange, "2020.csv");
  first.SendAll(before_rows, 0, before_rows.size(), /*finish=*/true);
  ASSERT_TRUE(first.Finish().ok());
  const auto before = ExportAll(main_, true);
  ASSERT_EQ(before.size(), 400u);

  // The job: new values for 2020 (the first 200 Kreise) and new cells for 2021, interrupted.
  const auto changed = Rows(2020, 1, 50);
  const auto added = Rows(2021, 1, 70);
  std::vector<v1::Observation> rows(changed.begin(), changed.begin() + 200);
  rows.insert(rows.end(), added.begin(), added.begin() + 100);
  ClientImport import(*main_.exchange, "korrektur.csv");
  const uint64_t job = import.SendAll(rows, 0, rows.size(), /*finish=*/false);
  import.Cancel();
  import.Finish().IgnoreError();
  AwaitReleased(main_, job);
  const v1::ImportJob written = GetJob(main_, job);
  ASSERT_EQ(written.revisions(), 300u);
  ASSERT_NE(ExportAll(main_, true), before);

  // Find the sequence the job ended at: the feed's newest before the rollback.
  v1::WatchObservationsRequest now;
  now.set_from_now(true);
  grpc::ClientContext now_ctx;
  auto probe = main_.exchange->WatchObservations(&now_ctx, now);
  v1::WatchObservationsResponse caught_up;
  ASSERT_TRUE(probe->Read(&caught_up));
  const uint64_t job_last = caught_up.last_sequence();
  now_ctx.TryCancel();
  probe->Finish().IgnoreError();

  v1::RollbackImportJobRequest rollback;
  rollback.set_id(job);
  v1::RollbackImportJobResponse rolled;
  grpc::ClientContext ctx;
  const grpc::Status st = main_.exchange->RollbackImportJob(&ctx, rollback, &rolled);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(rolled.restored(), 200u);
  EXPECT_EQ(rolled.removed(), 100u);
  EXPECT_EQ(rolled.kept(), 0u);
  EXPECT_EQ(rolled.job().state(), v1::IMPORT_JOB_STATE_ROLLED_BACK);
  EXPECT_EQ(rolled.last_sequence(), job_last + 300);

  // Every read is as before the job.
  EXPECT_EQ(ExportAll(main_, true), before);

  // The feed: one change per cell the job wrote: 200 revisions with the old value, 100 removals.
  v1::WatchObservationsRequest watch;
  watch.set_after_sequence(job_last);
  grpc::ClientContext watch_ctx;
  auto feed = main_.exchange->WatchObservations(&watch_ctx, watch);
  std::map<std::string, v1::ObservationChange> by_cell;
  v1::WatchObservationsResponse page;
  size_t changes = 0;
  while (feed->Read(&page)) {
    for (const v1::ObservationChange& c : page.changes()) {
      ++changes;
      by_cell[c.observation().unit_key() + "/" + c.observation().period()] = c;
    }
    if (page.caught_up()) break;
  }
  watch_ctx.TryCancel();
  feed->Finish().IgnoreError();
  EXPECT_EQ(changes, 300u);
  ASSERT_EQ(by_cell.size(), 300u);
  for (size_t i = 0; i < 200; ++i) {
    const v1::ObservationChange& c = by_cell[before_rows[i].unit_key() + "/2020"];
    EXPECT_EQ(c.kind(), v1::OBSERVATION_CHANGE_KIND_REVISION);
    EXPECT_EQ(c.observation().value(), before_rows[i].value());
    EXPECT_EQ(c.observation().revision(), 3u);
  }
  for (size_t i = 0; i < 100; ++i) {
    const v1::ObservationChange& c = by_cell[added[i].unit_key() + "/2021"];
    EXPECT_EQ(c.kind(), v1::OBSERVATION_CHANGE_KIND_REMOVED);
    EXPECT_FALSE(c.observation().has_value());
    EXPECT_EQ(c.observations_removed(), 1);
  }

  // The audit trail has the rollback with the values it set back.
  auto admin =
      v1::AdminService::NewStub(testing::TokenChannel(main_.server->address(), main_.admin_secret));
  v1::ListAuditRequest audit_req;
  v1::ListAuditResponse audit;
  grpc::ClientContext audit_ctx;
  ASSERT_TRUE(admin->ListAudit(&audit_ctx, audit_req, &audit).ok());
  int rollbacks = 0;
  for (const v1::WriteAuditRecord& r : audit.records()) {
    if (r.rpc() != "/integra.v1.ExchangeService/RollbackImportJob") continue;
    ++rollbacks;
    EXPECT_NE(r.what().find(absl::StrCat("rollback of import job ", job, " ('korrektur.csv')")),
              std::string::npos)
        << r.what();
    EXPECT_NE(r.before().find("AUSL_ANTEIL " + before_rows[0].unit_key() + " 2020 was " +
                              absl::StrCat(changed[0].value()) + ", restored " +
                              absl::StrCat(before_rows[0].value())),
              std::string::npos)
        << r.before().substr(0, 300);
  }
  EXPECT_EQ(rollbacks, 1);  // 300 cells: one batch

  // Rolled back once; resuming it is refused.
  grpc::ClientContext again;
  EXPECT_EQ(main_.exchange->RollbackImportJob(&again, rollback, &rolled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ClientImport resume(*main_.exchange, job, rows, 300);
  v1::ImportBatchResult result;
  resume.Send(rows, 0, 0, true, &result);
  EXPECT_EQ(resume.Finish().error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ImportJobsServiceTest, AServerRestartDuringAJobLeavesItIncomplete) {
  const auto rows = Rows(2020, 1, 10);
  ClientImport import(*main_.exchange, "kreise.csv");
  const uint64_t job = import.SendAll(rows, 0, size_t{2} * kChunk, /*finish=*/false);
  ASSERT_EQ(GetJob(main_, job).state(), v1::IMPORT_JOB_STATE_RUNNING);

  main_.server.reset();  // the server goes down while the stream is open
  EXPECT_FALSE(import.Finish().ok());
  ASSERT_NO_FATAL_FAILURE(Start(dir_.Sub("main"), &main_));  // the same data dir again

  const v1::ImportJob after = GetJob(main_, job);
  EXPECT_EQ(after.state(), v1::IMPORT_JOB_STATE_INCOMPLETE);
  EXPECT_EQ(after.rows_committed(), 200u);
  EXPECT_EQ(ExportAll(main_, false).size(), 200u);

  // And it can be finished after the restart.
  ClientImport resume(*main_.exchange, job, rows, 200);
  resume.SendAll(rows, 200, rows.size(), /*finish=*/true);
  ASSERT_TRUE(resume.Finish().ok());
  EXPECT_EQ(GetJob(main_, job).state(), v1::IMPORT_JOB_STATE_COMPLETE);
  EXPECT_EQ(ExportAll(main_, false).size(), 400u);
}

TEST_F(ImportJobsServiceTest, StatusResumeAndRollbackNeedTheImportPermissionForTheJobsUnits) {
  auto rows = Rows(2020, 1, 10);
  std::vector<v1::Observation> nrw, bayern;
  for (const v1::Observation& o : rows) {
    if (o.unit_key().rfind("05", 0) == 0 && nrw.size() < 20) nrw.push_back(o);
    if (o.unit_key().rfind("09", 0) == 0 && bayern.size() < 20) bayern.push_back(o);
  }
  IntegraServer& server = *main_.server;
  auto editor_05 = testing::TokenChannel(
      server.address(), testing::NewToken(server, security::Role::kEditor, "05", "nrw"));
  auto editor_09 = testing::TokenChannel(
      server.address(), testing::NewToken(server, security::Role::kEditor, "09", "by"));
  auto reader = testing::TokenChannel(
      server.address(), testing::NewToken(server, security::Role::kReader, "", "reader"));
  auto nrw_stub = v1::ExchangeService::NewStub(editor_05);
  auto by_stub = v1::ExchangeService::NewStub(editor_09);
  auto reader_stub = v1::ExchangeService::NewStub(reader);

  // The NRW editor's job (incomplete) and an ADMIN job in Bayern.
  ClientImport nrw_import(*nrw_stub, "nrw.csv");
  const uint64_t nrw_job = nrw_import.SendAll(nrw, 0, 10, /*finish=*/false);
  nrw_import.Cancel();
  nrw_import.Finish().IgnoreError();
  AwaitReleased(main_, nrw_job);
  ClientImport by_import(*main_.exchange, "by.csv");
  const uint64_t by_job = by_import.SendAll(bayern, 0, bayern.size(), /*finish=*/true);
  ASSERT_TRUE(by_import.Finish().ok());

  {  // Status: each editor sees the jobs inside its scope; a READER may not ask.
    v1::ListImportJobsResponse listed;
    grpc::ClientContext ctx;
    ASSERT_TRUE(nrw_stub->ListImportJobs(&ctx, v1::ListImportJobsRequest(), &listed).ok());
    ASSERT_EQ(listed.jobs_size(), 1);
    EXPECT_EQ(listed.jobs(0).id(), nrw_job);
    EXPECT_EQ(listed.jobs(0).unit_prefix().substr(0, 2), "05");
    grpc::ClientContext by_ctx;
    ASSERT_TRUE(by_stub->ListImportJobs(&by_ctx, v1::ListImportJobsRequest(), &listed).ok());
    ASSERT_EQ(listed.jobs_size(), 1);
    EXPECT_EQ(listed.jobs(0).id(), by_job);
    grpc::ClientContext reader_ctx;
    EXPECT_EQ(
        reader_stub->ListImportJobs(&reader_ctx, v1::ListImportJobsRequest(), &listed).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
    v1::GetImportJobRequest get;
    get.set_id(by_job);
    v1::ImportJob job;
    grpc::ClientContext get_ctx;
    EXPECT_EQ(nrw_stub->GetImportJob(&get_ctx, get, &job).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {  // Resume: the Bavarian editor may not continue the NRW job.
    ClientImport foreign(*by_stub, nrw_job, nrw, 10);
    v1::ImportBatchResult result;
    foreign.Send(nrw, 10, 20, true, &result);
    EXPECT_EQ(foreign.Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  {  // Rollback: not of another scope's job, nor by a READER; of its own, yes.
    v1::RollbackImportJobRequest req;
    req.set_id(by_job);
    v1::RollbackImportJobResponse resp;
    grpc::ClientContext ctx;
    EXPECT_EQ(nrw_stub->RollbackImportJob(&ctx, req, &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    req.set_id(nrw_job);
    grpc::ClientContext reader_ctx;
    EXPECT_EQ(reader_stub->RollbackImportJob(&reader_ctx, req, &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    grpc::ClientContext own_ctx;
    const grpc::Status st = nrw_stub->RollbackImportJob(&own_ctx, req, &resp);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(resp.removed(), 10u);
  }
  EXPECT_EQ(GetJob(main_, by_job).state(), v1::IMPORT_JOB_STATE_COMPLETE);
}

}  // namespace
}  // namespace integra::api
