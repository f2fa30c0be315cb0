#include "bench/postgres.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace integra::bench {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgServer>> PgServer::Start(const Options& options) {
  const std::string initdb = options.bin_dir + "/initdb";
  const std::string pg_ctl = options.bin_dir + "/pg_ctl";
  if (access(initdb.c_str(), X_OK) != 0 || access(pg_ctl.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PostgreSQL server binaries not found in ", options.bin_dir,
        ": install Debian's postgresql package (deploy/install-deps.sh) or pass --pg-bin DIR"));
  }
  auto account = PostgresAccount();
  if (!account.ok()) return account.status();

  std::unique_ptr<PgServer> s(new PgServer());
  s->options_ = options;
  s->run_as_ = *account;
  auto dir = MakeTempDir("integra-bench-pg.");
  if (!dir.ok()) return dir.status();
  s->dir_ = *dir;
  // From here on the destructor removes the directory (and stops the server once started).
  PgServer* raw = s.get();
  s->cleanup_ = RegisterCleanup([raw] { raw->StopAndRemove(); });
  if (s->run_as_.has_value() && chown(s->dir_.c_str(), s->run_as_->uid, s->run_as_->gid) != 0) {
    return absl::InternalError(absl::StrCat("cannot hand ", s->dir_, " to user postgres"));
  }

  auto version = RunCommand({options.bin_dir + "/postgres", "--version"});
  if (!version.ok()) return version.status();
  s->version_ = Trim(*version);

  auto init = RunCommand({initdb, "-D", s->data_dir(), "-U", "bench", "--auth=trust",
                          "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"},
                         s->run_as_);
  if (!init.ok()) return init.status();
  {
    std::ofstream conf(s->data_dir() + "/postgresql.conf", std::ios::app);
    conf << "\n# integra benchmark settings\nlisten_addresses = ''\nunix_socket_directories = '"
         << s->dir_ << "'\n";
    for (const auto& [name, value] : options.settings) conf << name << " = " << value << "\n";
    if (!conf) return absl::InternalError("cannot write postgresql.conf");
  }
  auto start = RunCommand(
      {pg_ctl, "-D", s->data_dir(), "-l", s->dir_ + "/server.log", "-w", "-t", "60", "start"},
      s->run_as_);
  if (!start.ok()) {
    std::ifstream log(s->dir_ + "/server.log");
    std::string tail((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    return absl::InternalError(absl::StrCat(start.status().message(), "\nserver log:\n", tail));
  }
  s->running_ = true;
  return s;
}

PgServer::~PgServer() {
  UnregisterCleanup(cleanup_);
  StopAndRemove();
}

void PgServer::StopAndRemove() {
  if (running_) {
    (void)RunCommand(
        {options_.bin_dir + "/pg_ctl", "-D", data_dir(), "-m", "fast", "-w", "-t", "60", "stop"},
        run_as_);
    running_ = false;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string PgServer::conninfo() const {
  return absl::StrCat("host=", dir_, " user=bench dbname=postgres");
}

double PgResult::GetDouble(int row, int col) const {
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

absl::StatusOr<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", msg));
  }
  return std::unique_ptr<PgConn>(new PgConn(c));
}

PgConn::~PgConn() { PQfinish(conn_); }

absl::StatusOr<PgResult> PgConn::Check(PGresult* r, const std::string& what) {
  PgResult result(r);
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return absl::InternalError(
        absl::StrCat("PostgreSQL: ", what, ": ", Trim(PQresultErrorMessage(r))));
  }
  return result;
}

absl::Status PgConn::Exec(const std::string& sql) {
  return Check(PQexec(conn_, sql.c_str()), sql).status();
}

absl::StatusOr<PgResult> PgConn::Query(const std::string& sql) {
  return Check(PQexec(conn_, sql.c_str()), sql);
}

absl::Status PgConn::Prepare(const std::string& name, const std::string& sql) {
  return Check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), sql).status();
}

absl::StatusOr<PgResult> PgConn::ExecPrepared(const std::string& name,
                                              const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  return Check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                              nullptr, nullptr, 0),
               name);
}

absl::StatusOr<int64_t> PgConn::CopyIn(const std::string& copy_sql,
                                       const std::function<bool(std::string&)>& produce) {
  {
    PgResult start(PQexec(conn_, copy_sql.c_str()));
    if (PQresultStatus(start.raw()) != PGRES_COPY_IN) {
      return absl::InternalError(
          absl::StrCat("PostgreSQL: ", copy_sql, ": ", Trim(PQresultErrorMessage(start.raw()))));
    }
  }
  std::string chunk;
  while (true) {
    chunk.clear();
    const bool more = produce(chunk);
    if (!chunk.empty() && PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1) {
      return absl::InternalError(absl::StrCat("PostgreSQL COPY: ", PQerrorMessage(conn_)));
    }
    if (!more) break;
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    return absl::InternalError(absl::StrCat("PostgreSQL COPY end: ", PQerrorMessage(conn_)));
  }
  int64_t rows = 0;
  while (PGresult* r = PQgetResult(conn_)) {
    auto checked = Check(r, copy_sql);
    if (!checked.ok()) return checked.status();
    rows += std::strtoll(PQcmdTuples(r), nullptr, 10);
  }
  return rows;
}

}  // namespace integra::bench
