#include "services/http/http_gateway.h"

#include <httplib.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json.h"
#include "common/message.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/api/call_guard.h"
#include "services/http/compression.h"
#include "services/http/static_files.h"

namespace integra::http {

// ----------------------------------------------------------------------------- Connect codes

int ConnectHttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNKNOWN:
      return 500;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 400;
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::INTERNAL:
      return 500;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DATA_LOSS:
      return 500;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    default:
      return 500;
  }
}

absl::string_view ConnectCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "ok";
    case grpc::StatusCode::CANCELLED:
      return "canceled";  // Connect's spelling
    case grpc::StatusCode::UNKNOWN:
      return "unknown";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid_argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "deadline_exceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "not_found";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "already_exists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "resource_exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "failed_precondition";
    case grpc::StatusCode::ABORTED:
      return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "out_of_range";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "unimplemented";
    case grpc::StatusCode::INTERNAL:
      return "internal";
    case grpc::StatusCode::UNAVAILABLE:
      return "unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "data_loss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "unauthenticated";
    default:
      return "unknown";
  }
}

std::string ConnectErrorJson(grpc::StatusCode code, absl::string_view message) {
  std::string out = "{\"code\":";
  const absl::string_view name = ConnectCodeName(code);
  common::AppendJsonString(std::string_view(name.data(), name.size()), out);
  out += ",\"message\":";
  common::AppendJsonString(std::string_view(message.data(), message.size()), out);
  out += "}";
  return out;
}

std::string DefaultWebRoot(const std::string& executable) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::weakly_canonical(executable, ec);
  if (ec) return "";
  const fs::path dir = exe.parent_path();
  // <tree>/build/<preset>/services/integrad/integrad -> <tree>/web/dist
  const fs::path candidates[] = {
      dir.parent_path().parent_path().parent_path().parent_path() / "web" / "dist",
      dir.parent_path() / "share" / "integra" / "web"};
  for (const fs::path& candidate : candidates) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  }
  return "";
}

// ----------------------------------------------------------------------------- calls in flight

// Every gRPC call the gateway has open, so Shutdown can cancel the ones still running (a watch
// whose client stays connected never ends by itself).
class HttpGateway::Calls {
 public:
  void Add(grpc::ClientContext* ctx) {
    std::lock_guard lock(mu_);
    if (closed_) ctx->TryCancel();
    open_.insert(ctx);
  }
  void Remove(grpc::ClientContext* ctx) {
    std::lock_guard lock(mu_);
    open_.erase(ctx);
    if (open_.empty()) empty_.notify_all();
  }
  // Until every call has ended (a streamed response: until its last line is written).
  void WaitUntilNoneOpen() {
    std::unique_lock lock(mu_);
    empty_.wait(lock, [this] { return open_.empty(); });
  }
  // The same, for at most `limit`.
  void WaitUntilNoneOpenFor(std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    empty_.wait_for(lock, limit, [this] { return open_.empty(); });
  }
  void CancelAll() {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (grpc::ClientContext* ctx : open_) ctx->TryCancel();
  }

 private:
  std::mutex mu_;
  std::condition_variable empty_;
  bool closed_ = false;
  std::set<grpc::ClientContext*> open_;
};

namespace {

using google::protobuf::MethodDescriptor;

constexpr char kJson[] = "application/json";
constexpr char kNdjson[] = "application/x-ndjson";

// A JSON answer of 1 KiB or more: gzip when the client accepts it, and in any case a
// Content-Type with a parameter so cpp-httplib does not brotli it at quality 11 (compression.h).
void CompressJson(const httplib::Request& req, httplib::Response& res) {
  if (res.get_header_value("Content-Type") != kJson || res.body.size() < kMinCompressBytes) return;
  std::string type = absl::StrCat(kJson, "; charset=utf-8");
  res.set_header("Vary", "Accept-Encoding");
  if (AcceptsGzip(req.get_header_value("Accept-Encoding"))) {
    if (auto gz = Gzip(res.body); gz.has_value()) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(*gz, type);
      return;
    }
  }
  const std::string body = std::move(res.body);
  res.set_content(body, type);
}

// One call through grpc::GenericStub over its own completion queue, one blocking step at a time
// (WriteAllReadAll keeps a read pending while it writes). Not thread-safe: one HTTP request's
// thread drives it (a streamed response's later steps run on the same thread).
class GenericCall {
 public:
  GenericCall(grpc::ChannelInterface* channel, HttpGateway::Calls* calls, const std::string& method,
              std::unique_ptr<grpc::ClientContext> ctx)
      : calls_(calls), ctx_(std::move(ctx)) {
    calls_->Add(ctx_.get());
    grpc::GenericStub stub(std::shared_ptr<grpc::ChannelInterface>(
        channel, [](grpc::ChannelInterface*) {}));  // borrowed: the gateway holds the channel
    call_ = stub.PrepareCall(ctx_.get(), method, &cq_);
    call_->StartCall(Tag(kStart));
    started_ = Next(kStart);
  }
  ~GenericCall() {
    if (!finished_) {
      ctx_->TryCancel();
      (void)Finish();
    }
    calls_->Remove(ctx_.get());
    cq_.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (cq_.Next(&tag, &ok)) {
    }
  }

  // Writes every request, then half-closes, while reading every response into `responses`:
  // with a read always pending, a server that answers each request message (a bidi import) is
  // never blocked by responses nobody reads.
  void WriteAllReadAll(const std::vector<grpc::ByteBuffer>& requests,
                       std::vector<grpc::ByteBuffer>* responses) {
    if (!started_) return;
    grpc::ByteBuffer incoming;
    size_t next = 0;
    auto write_next = [&] {
      if (next < requests.size()) {
        call_->Write(requests[next++], Tag(kWrite));
      } else {
        call_->WritesDone(Tag(kWritesDone));
      }
    };
    call_->Read(&incoming, Tag(kRead));
    write_next();
    bool reading = true;
    bool writing = true;
    while (reading || writing) {
      void* tag = nullptr;
      bool ok = false;
      if (!cq_.Next(&tag, &ok)) break;
      if (tag == Tag(kRead)) {
        if (!ok) {
          reading = false;
          continue;
        }
        // Swap, not move: `incoming` is left empty for the next Read.
        responses->emplace_back();
        responses->back().Swap(&incoming);
        call_->Read(&incoming, Tag(kRead));
      } else if (tag == Tag(kWrite)) {
        if (ok) {
          write_next();
        } else {
          writing = false;  // the call is over; the pending read ends too
        }
      } else if (tag == Tag(kWritesDone)) {
        writing = false;
      }
    }
  }

  // Sends one request and half-closes (server streaming). False if the call is already over.
  bool WriteOnly(const grpc::ByteBuffer& request) {
    if (!started_) return false;
    call_->Write(request, Tag(kWrite));
    if (!Next(kWrite)) return false;
    call_->WritesDone(Tag(kWritesDone));
    return Next(kWritesDone);
  }

  // The next response; false at the end of the stream (then Finish() tells why).
  bool Read(grpc::ByteBuffer* response) {
    if (!started_ || finished_) return false;
    call_->Read(response, Tag(kRead));
    return Next(kRead);
  }

  grpc::Status Finish() {
    if (finished_) return status_;
    finished_ = true;
    call_->Finish(&status_, Tag(kFinish));
    Next(kFinish);
    return status_;
  }

 private:
  enum Step : intptr_t { kStart = 1, kWrite, kWritesDone, kRead, kFinish };
  // Completion-queue tags: the addresses of one static byte per step.
  static void* Tag(Step step) {
    static char tags[kFinish + 1];
    return &tags[step];
  }
  bool Next(Step expected) {
    void* tag = nullptr;
    bool ok = false;
    if (!cq_.Next(&tag, &ok)) return false;
    return ok && tag == Tag(expected);
  }

  HttpGateway::Calls* calls_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  bool started_ = false;
  bool finished_ = false;
  grpc::Status status_;
};

void SetError(httplib::Response& res, grpc::StatusCode code, absl::string_view message,
              int http_status = 0) {
  res.status = http_status != 0 ? http_status : ConnectHttpStatus(code);
  res.set_content(ConnectErrorJson(code, message), kJson);
}

// The media type of a Content-Type header value, lower-case, without parameters.
std::string MediaType(const std::string& content_type) {
  std::string media(absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  absl::AsciiStrToLower(&media);
  return media;
}

// How responses are printed: protobuf's canonical JSON mapping with lowerCamelCase names, enums
// by name, int64 as strings. Fields at their default value (0, "", false, empty lists, the
// first enum value) are left out, as Connect and every protobuf JSON library do; an absent
// field reads as its default. Fields declared `optional` are printed whenever they are set, 0
// included: there, absent means "not known" (a suppressed value, a figure that is undefined).
google::protobuf::util::JsonPrintOptions PrintOptions() {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  return options;
}

// Parses one JSON request (`what` names it in the error: "request body", "line 3") into a
// `type` message and serializes it for the call.
absl::StatusOr<grpc::ByteBuffer> EncodeRequest(const google::protobuf::Descriptor* type,
                                               absl::string_view json, absl::string_view what) {
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const std::string text =
      absl::StripAsciiWhitespace(json).empty() ? std::string("{}") : std::string(json);
  auto parsed = google::protobuf::util::JsonStringToMessage(text, message.get(), options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(common::TruncateMessage(absl::StrCat(
        what, " is not a valid ", type->full_name(), " in JSON: ", parsed.message().ToString())));
  }
  std::string bytes;
  if (!message->SerializeToString(&bytes)) {
    return absl::InternalError(absl::StrCat("cannot serialize ", type->full_name()));
  }
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

absl::StatusOr<std::string> DecodeResponse(const google::protobuf::Descriptor* type,
                                           const grpc::ByteBuffer& buffer) {
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok() ||
      !message->ParseFromArray(slice.begin(), static_cast<int>(slice.size()))) {
    return absl::InternalError(absl::StrCat("the server's ", type->full_name(), " did not parse"));
  }
  std::string json;
  auto printed = google::protobuf::util::MessageToJsonString(*message, &json, PrintOptions());
  if (!printed.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", type->full_name(),
                                            " as JSON: ", printed.message().ToString()));
  }
  return json;
}

std::string ErrorLine(const grpc::Status& status) {
  return absl::StrCat("{\"error\":", ConnectErrorJson(status.error_code(), status.error_message()),
                      "}\n");
}

// The state of a streamed response, owned by httplib's content provider.
struct Stream {
  const MethodDescriptor* method = nullptr;
  std::unique_ptr<GenericCall> call;
  std::string pending;  // the next line, decoded but not yet written
  bool done = false;    // the call has ended; `pending` is the last line
};

// Serves `POST /<package>.<Service>/<Method>`: finds the method, reads the request message(s),
// calls the method through the in-process channel and writes the answer.
class Router {
 public:
  Router(std::shared_ptr<grpc::Channel> channel, HttpGateway::Calls* calls)
      : channel_(std::move(channel)), calls_(calls) {}

  void HandleRpc(const httplib::Request& req, httplib::Response& res) const {
    const MethodDescriptor* method = FindMethod(req.path);
    if (method == nullptr) {
      SetError(
          res, grpc::StatusCode::NOT_FOUND,
          absl::StrCat("no RPC at POST ", common::QuoteForMessage(req.path, 200),
                       ": the API answers POST /integra.v1.<Service>/<Method> (docs/http.md)"));
      return;
    }
    auto requests = ReadRequests(*method, req, res);
    if (!requests.has_value()) return;  // res holds the error
    auto ctx = ClientContextFor(req, res);
    if (ctx == nullptr) return;
    const std::string full_name =
        absl::StrCat("/", method->service()->full_name(), "/", method->name());
    auto call = std::make_unique<GenericCall>(channel_.get(), calls_, full_name, std::move(ctx));
    if (!method->server_streaming()) {
      RespondUnary(*method, *call, *requests, res);
    } else if (method->client_streaming()) {
      RespondBidi(*method, *call, *requests, res);
    } else {
      RespondServerStream(*method, std::move(call), requests->front(), res);
    }
  }

 private:
  // "/integra.v1.MonitoringService/GetUnit" -> its descriptor; nullptr for anything else. Only
  // integra's own services are exposed (not health checking or reflection).
  static const MethodDescriptor* FindMethod(const std::string& path) {
    if (path.size() < 2 || path[0] != '/') return nullptr;
    const size_t slash = path.find('/', 1);
    if (slash == std::string::npos) return nullptr;
    const std::string service_name = path.substr(1, slash - 1);
    if (service_name.rfind("integra.", 0) != 0) return nullptr;
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    if (service == nullptr) return nullptr;
    return service->FindMethodByName(path.substr(slash + 1));
  }

  // The request messages of the body: one JSON message, or for a client stream one per NDJSON
  // line. nullopt after writing the error (415, 400) into `res`.
  static std::optional<std::vector<grpc::ByteBuffer>> ReadRequests(const MethodDescriptor& method,
                                                                   const httplib::Request& req,
                                                                   httplib::Response& res) {
    const std::string media = MediaType(req.get_header_value("Content-Type"));
    const bool ndjson = method.client_streaming() && media == kNdjson;
    if (media != kJson && !ndjson) {
      res.set_header("Accept-Post", method.client_streaming() ? absl::StrCat(kNdjson, ", ", kJson)
                                                              : std::string(kJson));
      SetError(
          res, grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("Content-Type must be ", kJson,
                       method.client_streaming()
                           ? absl::StrCat(" (one request) or ", kNdjson, " (one per line)")
                           : "",
                       ", got ", common::QuoteForMessage(req.get_header_value("Content-Type"))),
          415);
      return std::nullopt;
    }
    std::vector<grpc::ByteBuffer> requests;
    if (!ndjson) {
      auto encoded = EncodeRequest(method.input_type(), req.body, "the request body");
      if (!encoded.ok()) {
        SetError(res, grpc::StatusCode::INVALID_ARGUMENT, encoded.status().message());
        return std::nullopt;
      }
      requests.push_back(*std::move(encoded));
      return requests;
    }
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(req.body, '\n')) {
      ++line_number;
      if (absl::StripAsciiWhitespace(line).empty()) continue;
      auto encoded = EncodeRequest(method.input_type(), line,
                                   absl::StrCat("line ", line_number, " of the request body"));
      if (!encoded.ok()) {
        SetError(res, grpc::StatusCode::INVALID_ARGUMENT, encoded.status().message());
        return std::nullopt;
      }
      requests.push_back(*std::move(encoded));
    }
    return requests;
  }

  // The call's context from the HTTP headers: the bearer token, the client's address for the
  // audit trail, the deadline. nullptr after writing the error into `res`.
  static std::unique_ptr<grpc::ClientContext> ClientContextFor(const httplib::Request& req,
                                                               httplib::Response& res) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (req.has_header("Authorization")) {
      const std::string authorization = req.get_header_value("Authorization");
      if (!std::all_of(authorization.begin(), authorization.end(),
                       [](char c) { return c >= 0x20 && c <= 0x7e; })) {
        SetError(res, grpc::StatusCode::UNAUTHENTICATED,
                 "the Authorization header must read 'Bearer <token>' in printable ASCII");
        return nullptr;
      }
      ctx->AddMetadata("authorization", authorization);
    }
    // Who called, for the audit trail (services/api/call_guard.h).
    ctx->AddMetadata(api::kForwardedPeerKey,
                     api::ForwardedPeerValue(absl::StrCat(req.remote_addr, ":", req.remote_port)));
    if (req.has_header("Connect-Timeout-Ms")) {
      const std::string timeout = req.get_header_value("Connect-Timeout-Ms");
      uint64_t ms = 0;
      if (timeout.empty() || timeout.size() > 10 ||
          !std::all_of(timeout.begin(), timeout.end(), absl::ascii_isdigit) ||
          !absl::SimpleAtoi(timeout, &ms)) {
        SetError(res, grpc::StatusCode::INVALID_ARGUMENT,
                 absl::StrCat("Connect-Timeout-Ms must be a whole number of milliseconds (at "
                              "most 10 digits), got ",
                              common::QuoteForMessage(timeout)));
        return nullptr;
      }
      ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
    }
    return ctx;
  }

  // A unary or client-streaming call: one JSON response.
  static void RespondUnary(const MethodDescriptor& method, GenericCall& call,
                           const std::vector<grpc::ByteBuffer>& requests, httplib::Response& res) {
    std::vector<grpc::ByteBuffer> responses;
    call.WriteAllReadAll(requests, &responses);
    const grpc::Status status = call.Finish();
    if (!status.ok()) {
      SetError(res, status.error_code(), status.error_message());
      return;
    }
    if (responses.size() != 1) {
      SetError(
          res, grpc::StatusCode::INTERNAL,
          absl::StrCat(method.full_name(), " answered ", responses.size(), " messages, not one"));
      return;
    }
    auto json = DecodeResponse(method.output_type(), responses.front());
    if (!json.ok()) {
      SetError(res, grpc::StatusCode::INTERNAL, json.status().message());
      return;
    }
    res.status = 200;
    res.set_content(*json, kJson);
  }

  // A bidirectional stream: every request sent, the responses as NDJSON (an error after the
  // first response as the last line; before it, as a unary error).
  static void RespondBidi(const MethodDescriptor& method, GenericCall& call,
                          const std::vector<grpc::ByteBuffer>& requests, httplib::Response& res) {
    std::vector<grpc::ByteBuffer> responses;
    call.WriteAllReadAll(requests, &responses);
    const grpc::Status status = call.Finish();
    if (!status.ok() && responses.empty()) {
      SetError(res, status.error_code(), status.error_message());
      return;
    }
    std::string body;
    for (const grpc::ByteBuffer& response : responses) body += Line(method, response);
    if (!status.ok()) body += ErrorLine(status);
    res.status = 200;
    res.set_content(body, kNdjson);
  }

  // A server stream: NDJSON, chunked, one line per message as it arrives. The HTTP status is
  // decided by the first message or the end of the stream, whichever comes first, so a refused
  // call gets its error status (401, 403, ...) like a unary one; an error after the first
  // message is the last line.
  static void RespondServerStream(const MethodDescriptor& method, std::unique_ptr<GenericCall> call,
                                  const grpc::ByteBuffer& request, httplib::Response& res) {
    grpc::ByteBuffer first;
    if (!call->WriteOnly(request) || !call->Read(&first)) {
      const grpc::Status status = call->Finish();
      if (!status.ok()) {
        SetError(res, status.error_code(), status.error_message());
        return;
      }
      res.status = 200;
      res.set_content("", kNdjson);
      return;
    }
    auto stream = std::make_shared<Stream>();
    stream->method = &method;
    stream->pending = Line(method, first);
    stream->call = std::move(call);
    res.status = 200;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_chunked_content_provider(
        kNdjson,
        [stream](size_t, httplib::DataSink& sink) {
          // One line per call of the provider: httplib calls it again until done().
          if (!stream->pending.empty()) {
            std::string line = std::move(stream->pending);
            stream->pending.clear();
            return sink.write(line.data(), line.size());  // false: the client went away
          }
          if (stream->done) {
            sink.done();
            return true;
          }
          grpc::ByteBuffer next;
          if (stream->call->Read(&next)) {
            stream->pending = Line(*stream->method, next);
          } else {
            const grpc::Status status = stream->call->Finish();
            if (!status.ok()) stream->pending = ErrorLine(status);
            stream->done = true;
          }
          return true;
        },
        // Runs when the response ends or the client went away: the call (if still open) is
        // cancelled by GenericCall's destructor, and Shutdown stops waiting for it.
        [stream](bool) { stream->call.reset(); });
  }

  // One response message as an NDJSON line (a message that cannot be printed: an error line).
  static std::string Line(const MethodDescriptor& method, const grpc::ByteBuffer& response) {
    auto json = DecodeResponse(method.output_type(), response);
    if (!json.ok()) {
      return ErrorLine(
          grpc::Status(grpc::StatusCode::INTERNAL, std::string(json.status().message())));
    }
    return absl::StrCat(*json, "\n");
  }

  std::shared_ptr<grpc::Channel> channel_;
  HttpGateway::Calls* calls_;
};

constexpr char kNoDashboardPage[] = R"(<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>integra</title></head>
<body>
<h1>integra</h1>
<p>Das Dashboard ist nicht gebaut. Bauen mit <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>
(oder <code>bash deploy/demo.sh</code>) und integrad neu starten, oder integrad mit
<code>--web-root DIR</code> auf ein gebautes Dashboard zeigen lassen.</p>
<p>The dashboard is not built. Build it with <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>
(or <code>bash deploy/demo.sh</code>) and restart integrad, or point integrad at a built dashboard
with <code>--web-root DIR</code>.</p>
<p>The API answers <code>POST /integra.v1.&lt;Service&gt;/&lt;Method&gt;</code> with JSON (docs/http.md).</p>
</body></html>
)";

bool CorsAllows(const std::string& configured, const std::string& origin) {
  return !configured.empty() && !origin.empty() && (configured == "*" || configured == origin);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(
    const HttpOptions& options, std::shared_ptr<grpc::Channel> channel) {
  const size_t colon = options.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "HTTP address ", common::QuoteForMessage(options.listen), " must be HOST:PORT"));
  }
  std::string host = options.listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  // The same policy as the gRPC listener: TLS files checked, plaintext only on loopback unless
  // --insecure-listen.
  auto credentials = api::ListenerCredentials(options.listen, options.transport);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<HttpGateway> gateway(new HttpGateway());
  gateway->calls_ = std::make_unique<Calls>();
  gateway->tls_ = options.transport.tls();
  if (gateway->tls_) {
    const std::string& ca = options.transport.tls_client_ca_file;
    gateway->server_ = std::make_unique<httplib::SSLServer>(options.transport.tls_cert_file.c_str(),
                                                            options.transport.tls_key_file.c_str(),
                                                            ca.empty() ? nullptr : ca.c_str());
  } else {
    gateway->server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *gateway->server_;
  if (!server.is_valid()) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve HTTPS with --tls-cert ", options.transport.tls_cert_file, " and --tls-key ",
        options.transport.tls_key_file, ": the certificate, key or client CA was refused"));
  }
  const int threads = std::max(1, options.max_threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.max_body_bytes);

  // CORS: only for the configured origin; preflight answered here, before routing.
  const std::string cors = options.cors_origin;
  server.set_pre_routing_handler([cors](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (!CorsAllows(cors, origin)) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Access-Control-Allow-Origin", cors == "*" ? "*" : origin);
    res.set_header("Vary", "Origin");
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
    return httplib::Server::HandlerResponse::Handled;
  });

  // The API.
  auto router = std::make_shared<Router>(std::move(channel), gateway->calls_.get());
  server.Post(R"(/.*)", [router](const httplib::Request& req, httplib::Response& res) {
    router->HandleRpc(req, res);
    CompressJson(req, res);
  });
  const size_t max_body = options.max_body_bytes;
  server.set_error_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      SetError(res, grpc::StatusCode::RESOURCE_EXHAUSTED,
               absl::StrCat("the request body is larger than ", max_body >> 20,
                            " MiB, the most this server accepts"),
               413);
    } else if (req.method == "POST") {
      SetError(res, grpc::StatusCode::UNKNOWN, absl::StrCat("HTTP ", res.status), res.status);
    }
  });

  // /healthz, /readyz, /metrics (ops_endpoints.h).
  AddOpsEndpoints(server, options.ops);

  // The dashboard's files. Vite names every built asset by its content hash, so assets/ may be
  // cached for good; index.html and the rest must be revalidated to pick up a new build.
  gateway->web_root_ = options.web_root;
  std::error_code ec;
  if (!gateway->web_root_.empty() &&
      !std::filesystem::is_regular_file(std::filesystem::path(options.web_root) / "index.html",
                                        ec)) {
    gateway->web_root_.clear();
  }
  if (gateway->web_root_.empty()) {
    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-cache");
      res.set_content(kNoDashboardPage, "text/html; charset=utf-8");
    });
  } else {
    auto files = std::make_shared<StaticFiles>(gateway->web_root_);
    server.Get(R"(/.*)", [files](const httplib::Request& req, httplib::Response& res) {
      files->Serve(req, res);
    });
  }

  gateway->host_ = host;
  gateway->port_ = port == 0 ? server.bind_to_any_port(host) : port;
  if (port != 0 && !server.bind_to_port(host, port)) gateway->port_ = -1;
  if (gateway->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot serve HTTP on ", options.listen,
                                               " (address in use or not available)"));
  }
  gateway->thread_ = std::thread([&server] { server.listen_after_bind(); });
  // stop() only takes effect once the loop runs: wait for it (a few microseconds), so that a
  // Shutdown right after Start cannot miss it.
  while (!server.is_running()) std::this_thread::yield();
  return gateway;
}

HttpGateway::~HttpGateway() { Shutdown(); }

std::string HttpGateway::url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return absl::StrCat(tls_ ? "https://" : "http://", v6 ? "[" : "", host_, v6 ? "]" : "", ":",
                      port_);
}

void HttpGateway::Shutdown(std::chrono::milliseconds drain) {
  if (server_ == nullptr) return;
  // Calls the gRPC server has already ended (a watch's resume point) are left to write their
  // last line; cancelling them now would replace it with "canceled".
  if (drain.count() > 0) calls_->WaitUntilNoneOpenFor(drain);
  // Streams first: httplib stops writing a streamed response once the server is stopped, so the
  // open streams are ended (their calls cancelled) and their last lines written before.
  calls_->CancelAll();
  calls_->WaitUntilNoneOpen();
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace integra::http
