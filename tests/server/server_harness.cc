#include "server_harness.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

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
  auto token = client::CreateTokenInDataDir(data_dir_.string(), "", scope);
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
