#include "server_harness.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "pg_db.h"
#include "sqlite_db.h"
#include "token_admin.h"

namespace optin::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("optin-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  if (std::getenv("OPTIN_KEEP_TEST_DATA") == nullptr) std::filesystem::remove_all(path_, ec);
}

int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool UsingPostgres() { return std::getenv("OPTIN_TEST_PG_URL_FILE") != nullptr; }

namespace {

// The cluster's URL (written by tools/pg-test-cluster.sh), with its database part replaced.
std::string ClusterUrl(const std::string& database) {
  std::ifstream in(std::getenv("OPTIN_TEST_PG_URL_FILE"));
  std::string url;
  std::getline(in, url);
  const auto slash = url.rfind('/');
  return slash == std::string::npos ? url : url.substr(0, slash + 1) + database;
}

// '?' placeholders become $1, $2, ... (no test statement has a '?' inside a literal).
std::string Numbered(const std::string& sql) {
  std::string out;
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const bool numbered =
        i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]));
    if (c == '?' && numbered) {
      out += '$';  // ?1 is $1
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string ServerProcess::database() const {
  if (!UsingPostgres()) return "";
  const auto file = data_dir_ / "test-database-url";
  if (std::filesystem::exists(file)) {
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    return url;
  }
  std::random_device rd;
  const std::string name = "optin_test_" + std::to_string(::getpid()) + "_" + std::to_string(rd());
  auto admin = server::PgConn::Open(ClusterUrl("postgres"));
  if (!admin.ok()) {
    ADD_FAILURE() << admin.error().message;
    return "";
  }
  if (auto made = (*admin)->Exec("CREATE DATABASE " + name); !made.ok()) {
    ADD_FAILURE() << made.error().message;
    return "";
  }
  std::filesystem::create_directories(data_dir_);
  std::ofstream(file) << ClusterUrl(name) << "\n";
  return ClusterUrl(name);
}

std::vector<std::filesystem::path> ServerProcess::DatabaseFiles() const {
  if (!UsingPostgres()) return {data_dir_ / "optin.sqlite", data_dir_ / "optin.sqlite-wal"};
  std::vector<std::filesystem::path> out;
  const auto cluster = std::filesystem::path(std::getenv("OPTIN_TEST_PG_URL_FILE")).parent_path();
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cluster / "data", ec)) {
    if (e.is_regular_file(ec)) out.push_back(e.path());
  }
  return out;
}

std::vector<std::string> ServerProcess::DatabaseArgs() const {
  const std::string url = database();
  if (url.empty()) return {};
  return {"--database", url};
}

capture::Result<std::unique_ptr<server::Storage>> ServerProcess::OpenStore() const {
  return server::OpenStorage(data_dir_.string(), database());
}

bool ServerProcess::Sql(const std::string& sql, const std::vector<SqlArg>& args) const {
  const std::string url = database();
  if (!url.empty()) {
    auto conn = server::PgConn::Open(url);
    if (!conn.ok()) return false;
    server::PgParams params;
    for (const auto& a : args) {
      if (a.is_blob) {
        params.Bytes(a.blob);
      } else {
        params.Text(a.text);
      }
    }
    return (*conn)->QueryOnce(Numbered(sql), params).ok();
  }
  auto db = server::SqliteDb::Open((data_dir_ / "optin.sqlite").string(), false);
  if (!db.ok()) return false;
  auto stmt = (*db)->Prepare(sql);
  if (!stmt.ok()) return false;
  int i = 1;
  for (const auto& a : args) {
    if (a.is_blob) {
      stmt->BindBlob(i++, a.blob);
    } else {
      stmt->Bind(i++, std::string_view(a.text));
    }
  }
  return stmt->Run().ok();
}

std::int64_t ServerProcess::SqlInt(const std::string& sql, const std::vector<SqlArg>& args) const {
  const std::string url = database();
  if (!url.empty()) {
    auto conn = server::PgConn::Open(url);
    if (!conn.ok()) return 0;
    server::PgParams params;
    for (const auto& a : args) {
      if (a.is_blob) {
        params.Bytes(a.blob);
      } else {
        params.Text(a.text);
      }
    }
    // bigint, whatever the expression's own type (COUNT, SUM, length).
    auto r = (*conn)->QueryOnce("SELECT (" + Numbered(sql) + ")::bigint", params);
    return r.ok() && r->rows() > 0 ? r->Int(0, 0) : 0;
  }
  auto db = server::SqliteDb::Open((data_dir_ / "optin.sqlite").string(), true);
  if (!db.ok()) return 0;
  auto stmt = (*db)->Prepare(sql);
  if (!stmt.ok()) return 0;
  int i = 1;
  for (const auto& a : args) {
    if (a.is_blob) {
      stmt->BindBlob(i++, a.blob);
    } else {
      stmt->Bind(i++, std::string_view(a.text));
    }
  }
  auto row = stmt->Step();
  return row.ok() && *row ? stmt->Int(0) : 0;
}

ServerProcess::ServerProcess(std::filesystem::path data_dir, capture::Json config)
    : data_dir_(std::move(data_dir)), config_(std::move(config)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
}

bool ServerProcess::Start(const std::vector<std::string>& extra_args) {
  if (!config_.empty() && !std::filesystem::exists(data_dir_ / "config.json")) {
    std::filesystem::create_directories(data_dir_);
    std::ofstream(data_dir_ / "config.json") << config_.dump(2);
  }
  std::filesystem::create_directories(data_dir_);
  if (port_ == 0) port_ = FreeLoopbackPort();
  std::vector<std::string> args = {OPTIN_SERVER_BIN, "--data", data_dir_.string(), "--listen",
                                   "127.0.0.1:" + std::to_string(port_)};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  if (std::find(extra_args.begin(), extra_args.end(), "--database") == extra_args.end()) {
    for (auto& a : DatabaseArgs()) args.push_back(a);
  }
  const std::string log = (data_dir_ / "server.log").string();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  httplib::Client probe("127.0.0.1", port_);
  probe.set_connection_timeout(0, 200000);
  for (int i = 0; i < 300; ++i) {
    if (auto res = probe.Get("/readyz"); res && res->status == 200) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::unique_ptr<httplib::Client> ServerProcess::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(30, 0);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);  // else Nagle holds the body back for 40 ms
  return client;
}

std::string ServerProcess::Log() const {
  std::ifstream in(data_dir_ / "server.log");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ServerProcess::Token(const std::string& scope) const {
  auto token = client::CreateTokenInDataDir(data_dir_.string(), database(), scope);
  return token.ok() ? *token : std::string();
}

std::string ErrorCodeOf(const std::string& body) {
  auto json = capture::ParseJson(body);
  if (!json.ok() || !json->is_object()) return "";
  auto error = json->find("error");
  if (error == json->end() || !error->is_object()) return "";
  auto code = error->find("code");
  return code != error->end() && code->is_string() ? code->get<std::string>() : "";
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int RunProgram(const std::vector<std::string>& argv, std::string* out) {
  std::string command;
  for (const auto& a : argv) {
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    command += quoted + "' ";
  }
  command += "2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buf{};
  std::string text;
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) text.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (out != nullptr) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace optin::testing
