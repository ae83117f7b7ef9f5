// Slow and idle clients (issue 9): a request's head and body have deadlines, one address may
// hold only so many connections, a body needs a Content-Length and oversized heads get 431, so
// slow clients cannot take every worker thread. Real server, real sockets on loopback; the slow
// client connects from 127.0.0.2, the normal one from 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "envelope_maker.h"
#include "raw_http.h"
#include "server_harness.h"

namespace optin::testing {
namespace {

using capture::Json;

constexpr const char* kSlowHead = "POST /v1/consents HTTP/1.1\r\nHost: x\r\n";

// Opens `n` connections from `from` that send a request head one byte at a time (one byte to
// each every 200 ms), like slowloris, until `stop`. The dripping starts before the connecting:
// while the server refuses the surplus, its accept queue can fill and a connect then waits a
// second or more for its SYN to be retried; the connections already open must not go silent
// meanwhile (the server's per-read timeout would rightly cut them off with 408).
class Slowloris {
 public:
  Slowloris(int port, int n, const std::string& from) {
    thread_ = std::thread([this] {
      while (!stop_) {
        {
          std::lock_guard lock(mu_);
          for (auto& c : conns_) c->Send("X");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
    for (int i = 0; i < n; ++i) {
      auto conn = std::make_unique<RawConnection>(port, from);
      conn->Send(kSlowHead);
      std::lock_guard lock(mu_);
      conns_.push_back(std::move(conn));
    }
  }
  ~Slowloris() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Complete once the constructor has returned (only the dripping goes on).
  std::vector<std::unique_ptr<RawConnection>>& conns() { return conns_; }

 private:
  std::mutex mu_;  // conns_ while the constructor still adds to it
  std::vector<std::unique_ptr<RawConnection>> conns_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Submits `n` fresh envelopes one by one; how many got a receipt.
int Receipts(const ServerProcess& server, const EnvelopeMaker& maker, int n, int first) {
  auto client = server.Client();
  client->set_read_timeout(5, 0);
  client->set_connection_timeout(5, 0);
  int receipts = 0;
  for (int i = 0; i < n; ++i) {
    auto res = client->Post("/v1/consents", maker.Make(first + i).dump(), "application/json");
    if (res && res->status == 200 && res->body.find("\"leaf_index\"") != std::string::npos) {
      ++receipts;
    }
  }
  return receipts;
}

TEST(ServerSlowClientsTest, ManySlowConnectionsFromOneAddressLeaveWorkersForOthers) {
  TempDir dir;
  // Eight workers, a long head deadline: only the per-address cap can keep workers free here.
  ServerProcess server(dir.path() / "data", Json{{"threads", 8},
                                                 {"max_connections_per_address", 4},
                                                 {"header_timeout_ms", 60000},
                                                 {"unlimited_addresses", Json::array()}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok()) << maker.error().message;

  Slowloris slow(server.port(), 40, "127.0.0.2");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Receipts(server, *maker, 5, 1), 5) << server.Log();

  // All but four of the slow connections were refused at once, with a JSON 429 (looked at while
  // the slow client still sends, so the four it holds are still within every timeout).
  int refused = 0;
  int open = 0;
  for (auto& c : slow.conns()) {
    const std::string reply = c->ReadAll(100);
    if (StatusOf(reply) == 429) {
      ++refused;
      EXPECT_NE(BodyOf(reply).find("too_many_connections"), std::string::npos) << reply;
      EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
    } else if (reply.empty() && !c->PeerClosed(0)) {
      ++open;
    } else {
      ADD_FAILURE() << "a slow connection got neither 429 nor silence: '" << reply << "'";
    }
  }
  slow.Stop();
  EXPECT_EQ(refused, 36);
  EXPECT_EQ(open, 4);
}

TEST(ServerSlowClientsTest, SlowHeadsAreCutOffAtTheirDeadlineWith408) {
  TempDir dir;
  // No useful cap: here the head deadline alone frees the four workers.
  ServerProcess server(dir.path() / "data", Json{{"threads", 4},
                                                 {"max_connections_per_address", 1000},
                                                 {"header_timeout_ms", 1500},
                                                 {"unlimited_addresses", Json::array()}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok()) << maker.error().message;

  Slowloris slow(server.port(), 12, "127.0.0.2");
  // A normal client waits at most for the slow ones' deadlines, then gets its receipts.
  auto client = server.Client();
  client->set_read_timeout(20, 0);
  auto res = client->Post("/v1/consents", maker->Make(1).dump(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;

  slow.Stop();
  int timed_out = 0;
  for (auto& c : slow.conns()) {
    const std::string reply = c->ReadAll(8000);
    if (StatusOf(reply) == 408) {
      ++timed_out;
      EXPECT_NE(BodyOf(reply).find("request_timeout"), std::string::npos) << reply;
    }
    EXPECT_TRUE(c->PeerClosed(100)) << "a slow connection was left open";
  }
  // The server cut every slow head off at its deadline (a few may have been cut while the
  // answer could not be written any more).
  EXPECT_GE(timed_out, 8);
}

TEST(ServerSlowClientsTest, BodyWithoutLengthIs411AndOversizedHeadIs431) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"max_header_bytes", 4096}});
  ASSERT_TRUE(server.Start()) << server.Log();
  struct Case {
    std::string name;
    std::string request;
    int status;
    std::string code;
  };
  const std::string many_headers = [] {
    std::string h;
    for (int i = 0; i < 200; ++i) h += "X-Filler-" + std::to_string(i) + ": abcdefghij\r\n";
    return h;
  }();
  const Case cases[] = {
      {"no_length",
       "POST /v1/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{}", 411,
       "length_required"},
      {"chunked",
       "POST /v1/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
       411, "length_required"},
      {"length_not_a_number",
       "POST /v1/consents HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}", 400,
       "request_invalid"},
      {"one_long_header",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(9000, 'a') + "\r\n\r\n", 431,
       "headers_too_large"},
      {"many_headers", "GET /healthz HTTP/1.1\r\nHost: x\r\n" + many_headers + "\r\n", 431,
       "headers_too_large"},
  };
  for (const auto& c : cases) {
    RawConnection conn(server.port());
    ASSERT_TRUE(conn.connected());
    conn.Send(c.request);
    const std::string reply = conn.ReadAll(3000);
    EXPECT_EQ(StatusOf(reply), c.status) << c.name << ": " << reply.substr(0, 300);
    EXPECT_NE(BodyOf(reply).find("\"" + c.code + "\""), std::string::npos)
        << c.name << ": " << reply.substr(0, 300);
  }
  // The same server still answers a normal request.
  auto res = server.Client()->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace optin::testing
