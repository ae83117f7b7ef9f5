#include "smtp_client.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "capture/crypto.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

capture::Error Failed(const std::string& what) { return MakeError(ErrorCode::kInternal, what); }

class Connection {
 public:
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }

  capture::Status Open(const std::string& host, int port, int timeout_ms) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
      return Failed("SMTP: cannot resolve " + host);
    }
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
      int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
      if (fd < 0) continue;
      // SO_SNDTIMEO also bounds connect() on Linux.
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
        fd_ = fd;
      } else {
        ::close(fd);
      }
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return Failed("SMTP: cannot connect to " + host + ":" + std::to_string(port));
    return capture::OkStatus();
  }

  capture::Status Write(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return Failed("SMTP: the connection broke while sending");
      done += static_cast<std::size_t>(n);
    }
    return capture::OkStatus();
  }

  // One reply (all its lines); its three-digit code must be `expected`'s first digit class.
  capture::Status Expect(int expected, const std::string& after) {
    for (;;) {
      CAPTURE_ASSIGN_OR_RETURN(std::string line, ReadLine());
      if (line.size() < 3) return Failed("SMTP: a malformed reply after " + after);
      const int code = std::atoi(line.substr(0, 3).c_str());
      if (line.size() > 3 && line[3] == '-') continue;  // more lines follow
      if (code / 100 != expected / 100) {
        return Failed("SMTP: the relay answered '" + line + "' after " + after);
      }
      return capture::OkStatus();
    }
  }

 private:
  Result<std::string> ReadLine() {
    for (;;) {
      const auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      if (buffer_.size() > 4096) return Failed("SMTP: a reply line is too long");
      char chunk[512];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return Failed("SMTP: the relay closed the connection or timed out");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int fd_ = -1;
  std::string buffer_;
};

bool SafeAddress(const std::string& a) {
  return !a.empty() && a.find_first_of("\r\n<> ") == std::string::npos &&
         a.find('@') != std::string::npos;
}

// RFC 2047 for a header of any UTF-8.
std::string EncodedWord(const std::string& text) {
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c >= 0x20 && c < 0x7f;
  if (ascii) return text;
  return "=?UTF-8?B?" + capture::Base64Encode(capture::AsBytes(text)) + "?=";
}

// CRLF line ends and a leading dot doubled (RFC 5321 4.5.2).
std::string DotStuffed(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') continue;
    if (line_start && c == '.') out += '.';
    if (c == '\n') {
      out += "\r\n";
      line_start = true;
      continue;
    }
    out += c;
    line_start = false;
  }
  if (!out.empty() && !line_start) out += "\r\n";
  return out;
}

std::string DateHeader() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return out;
}

}  // namespace

capture::Status SendSmtpMail(const std::string& host, int port, const std::string& from,
                             const std::string& to, const std::string& subject,
                             const std::string& text, int timeout_ms) {
  if (!SafeAddress(from) || !SafeAddress(to)) return Failed("SMTP: an address is not usable");
  Connection c;
  CAPTURE_RETURN_IF_ERROR(c.Open(host, port, timeout_ms));
  CAPTURE_RETURN_IF_ERROR(c.Expect(220, "connecting"));
  const std::string domain = from.substr(from.find('@') + 1);
  CAPTURE_RETURN_IF_ERROR(c.Write("EHLO " + domain + "\r\n"));
  CAPTURE_RETURN_IF_ERROR(c.Expect(250, "EHLO"));
  CAPTURE_RETURN_IF_ERROR(c.Write("MAIL FROM:<" + from + ">\r\n"));
  CAPTURE_RETURN_IF_ERROR(c.Expect(250, "MAIL FROM"));
  CAPTURE_RETURN_IF_ERROR(c.Write("RCPT TO:<" + to + ">\r\n"));
  CAPTURE_RETURN_IF_ERROR(c.Expect(250, "RCPT TO"));
  CAPTURE_RETURN_IF_ERROR(c.Write("DATA\r\n"));
  CAPTURE_RETURN_IF_ERROR(c.Expect(354, "DATA"));
  std::string message = "From: <" + from + ">\r\nTo: <" + to +
                        ">\r\nSubject: " + EncodedWord(subject) + "\r\nDate: " + DateHeader() +
                        "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: 8bit\r\n\r\n" +
                        DotStuffed(text) + ".\r\n";
  CAPTURE_RETURN_IF_ERROR(c.Write(message));
  CAPTURE_RETURN_IF_ERROR(c.Expect(250, "the message"));
  CAPTURE_RETURN_IF_ERROR(c.Write("QUIT\r\n"));
  (void)c.Expect(221, "QUIT");  // the message is accepted; a missing goodbye changes nothing
  return capture::OkStatus();
}

}  // namespace optin::server
