// A throw-away PostgreSQL server for the benchmark, and a thin libpq connection.
//
// PgServer::Start runs initdb in a fresh temporary directory, appends the benchmark's settings
// to postgresql.conf and starts the server with pg_ctl, listening on a unix socket in that
// directory only (listen_addresses = ''): nothing is reachable from the network. When the bench
// runs as root, initdb and the server run as the unprivileged "postgres" user (PostgreSQL
// refuses root) and the directory is handed to that user. The destructor stops the server
// (pg_ctl stop -m fast) and removes the directory; an interrupted run does the same through the
// cleanup registry (process.h).
//
// Thread-safety: PgServer is not thread-safe; a PgConn is used by one thread at a time (libpq).
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/process.h"

namespace integra::bench {

class PgServer {
 public:
  struct Options {
    std::string bin_dir = "/usr/lib/postgresql/15/bin";
    // name = value lines for postgresql.conf (durability and memory settings of the run).
    std::vector<std::pair<std::string, std::string>> settings;
  };
  // FailedPrecondition if the binaries are missing or root has no "postgres" user; Internal
  // (with the tool's output) if initdb or pg_ctl fail.
  static absl::StatusOr<std::unique_ptr<PgServer>> Start(const Options& options);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // libpq connection string for the benchmark database.
  std::string conninfo() const;
  std::string data_dir() const { return dir_ + "/data"; }
  // "PostgreSQL 15.x ..." as reported by the server binary.
  const std::string& version() const { return version_; }

 private:
  PgServer() = default;
  void StopAndRemove();
  Options options_;
  std::optional<RunAs> run_as_;
  std::string dir_;
  std::string version_;
  bool running_ = false;
  CleanupId cleanup_ = 0;
};

// Owns a PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  int columns() const { return PQnfields(r_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string Get(int row, int col) const { return PQgetvalue(r_.get(), row, col); }
  double GetDouble(int row, int col) const;
  PGresult* raw() const { return r_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class PgConn {
 public:
  // Unavailable with libpq's message if the connection fails.
  static absl::StatusOr<std::unique_ptr<PgConn>> Connect(const std::string& conninfo);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Runs one or more statements; Internal with the server's message on error.
  absl::Status Exec(const std::string& sql);
  // Runs a query and returns its rows (text format).
  absl::StatusOr<PgResult> Query(const std::string& sql);
  // Prepares a named statement with text parameters $1..$n.
  absl::Status Prepare(const std::string& name, const std::string& sql);
  absl::StatusOr<PgResult> ExecPrepared(const std::string& name,
                                        const std::vector<std::string>& params);
  // COPY ... FROM STDIN: `produce` fills the next chunk of COPY text and returns false when
  // there is no more. Returns the number of rows the server reports.
  absl::StatusOr<int64_t> CopyIn(const std::string& copy_sql,
                                 const std::function<bool(std::string&)>& produce);

 private:
  explicit PgConn(PGconn* c) : conn_(c) {}
  absl::StatusOr<PgResult> Check(PGresult* r, const std::string& what);
  PGconn* conn_;
};

}  // namespace integra::bench
