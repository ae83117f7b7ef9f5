// The webhook push of leads (issue 5) against a real HTTP listener in the test: the receiver
// fails the first attempts and the server retries with a growing backoff until it succeeds (at
// least once); every attempt is signed (HMAC-SHA256 over "<timestamp>.<body>"); a pushed lead
// counts as handed out (outcomes may be posted for it); a withdrawn lead is never pushed; and a
// receiver that is down never holds up classification or the feed.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "capture/crypto.h"
#include "envelope_maker.h"
#include "server_harness.h"
#include "signed_post.h"

namespace optin::testing {
namespace {

using capture::Json;
using Clock = std::chrono::steady_clock;

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

// RFC 4231 test case 2: the receiver's standard HMAC-SHA256 gives the same bytes.
TEST(WebhookSignatureTest, IsStandardHmacSha256) {
  const auto mac =
      capture::HmacSha256(capture::AsBytes(std::string_view("Jefe")),
                          capture::AsBytes(std::string_view("what do ya want for nothing?")));
  EXPECT_EQ(capture::HexEncode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(server::WebhookSignature("Jefe", "1700000000", "{}"),
            "v1=" + capture::HexEncode(
                        capture::HmacSha256(capture::AsBytes(std::string_view("Jefe")),
                                            capture::AsBytes(std::string_view("1700000000.{}")))));
}

struct Attempt {
  Clock::time_point at;
  std::string timestamp;
  std::string signature;
  std::string body;
};

// A call centre's receiver on loopback that refuses the first `failures` requests.
class Receiver {
 public:
  explicit Receiver(int failures) : failures_(failures) {
    server_.Post("/leads", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      attempts_.push_back({Clock::now(), req.get_header_value("X-Optin-Timestamp"),
                           req.get_header_value("X-Optin-Signature"), req.body});
      res.status = static_cast<int>(attempts_.size()) <= failures_ ? 503 : 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/leads"; }
  std::vector<Attempt> attempts() {
    std::lock_guard lock(mu_);
    return attempts_;
  }
  // Waits (bounded) until `n` requests arrived.
  std::vector<Attempt> WaitFor(std::size_t n, int ms = 8000) {
    for (int i = 0; i < ms / 20; ++i) {
      auto a = attempts();
      if (a.size() >= n) return a;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return attempts();
  }

 private:
  int failures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Attempt> attempts_;
};

class PushTest : public ::testing::Test {
 protected:
  void StartServer(const std::string& webhook_url) {
    server_ = std::make_unique<ServerProcess>(
        dir_.path() / "data", Json{{"webhook_retry_base_ms", 200}, {"webhook_retry_max_ms", 2000}});
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    Json cc = {{"id", "alpha"},
               {"campaigns", {kExampleCampaign}},
               {"webhook_url", webhook_url},
               {"webhook_secret", kSecret}};
    auto res = client_->Post("/v1/call-centres", Bearer(server_->Token("admin")), cc.dump(),
                             "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return env["record"]["id"].get<std::string>();
  }

  static constexpr const char* kSecret = "a-shared-secret-of-the-call-centre";
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
};

TEST_F(PushTest, RetriesWithBackoffUntilTheReceiverTakesTheLeadAndSignsEveryAttempt) {
  Receiver receiver(2);
  StartServer(receiver.url());
  const std::string id = Submit(1);
  const auto attempts = receiver.WaitFor(3);
  ASSERT_EQ(attempts.size(), 3u) << server_->Log();
  for (const auto& a : attempts) {
    EXPECT_EQ(a.body, attempts[0].body);  // the same page, again
    EXPECT_EQ(a.signature, server::WebhookSignature(kSecret, a.timestamp, a.body));
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() -
                     std::stoll(a.timestamp);
    EXPECT_LE(age, 30);
  }
  // Backoff: 200 ms after the first failure, 400 ms after the second.
  EXPECT_GE(attempts[1].at - attempts[0].at, std::chrono::milliseconds(180));
  EXPECT_GE(attempts[2].at - attempts[1].at, std::chrono::milliseconds(380));
  auto body = capture::ParseJson(attempts[2].body);
  ASSERT_TRUE(body.ok());
  // The signed body is written as text: exactly what nlohmann's dump() writes of the same tree.
  EXPECT_EQ(body->dump(), attempts[2].body);
  EXPECT_EQ((*body)["call_centre"], "alpha");
  ASSERT_EQ((*body)["leads"].size(), 1u);
  const Json& lead = (*body)["leads"][0];
  EXPECT_EQ(lead["record_id"], id);
  EXPECT_EQ(lead["flow"], "lead");
  EXPECT_NE(lead["consent"]["text"].get<std::string>().find("mag mij bellen"), std::string::npos);
  EXPECT_EQ(lead["policy"]["calling_hours"], "09:00-21:00");

  // Taken: handed out, so an outcome may be posted without fetching the feed; not pushed again.
  Json outcome = {{"outcomes", {{{"record_id", id}, {"outcome", "reached"}}}}};
  auto res = client_->Post("/v1/feeds/outcomes", Bearer(server_->Token("call_centre:alpha")),
                           outcome.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(receiver.attempts().size(), 3u);
}

TEST_F(PushTest, ADeadReceiverHoldsUpNeitherClassificationNorTheFeed) {
  // A port that is bound but not listening: every push is refused at connect.
  const int dead = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(dead, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(dead, reinterpret_cast<sockaddr*>(&addr), &len);
  StartServer("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/leads");
  const std::string id = Submit(2);
  const std::string token = server_->Token("call_centre:alpha");
  Json lead;
  for (int i = 0; i < 100 && lead.is_null(); ++i) {
    const Json page = Body(client_->Get("/v1/feeds/leads?cursor=0", Bearer(token)));
    for (const auto& l : page.value("leads", Json::array())) {
      if (l["record_id"] == id) lead = l;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(lead.is_null()) << "the feed must still hand the lead out";
  ::close(dead);
}

TEST_F(PushTest, AWebhookNeedsAnHttpUrlAndASecret) {
  StartServer("");
  const std::string admin = server_->Token("admin");
  for (const Json& cc : {Json{{"id", "beta"},
                              {"campaigns", {kExampleCampaign}},
                              {"webhook_url", "ftp://example/leads"},
                              {"webhook_secret", kSecret}},
                         Json{{"id", "beta"},
                              {"campaigns", {kExampleCampaign}},
                              {"webhook_url", "http://127.0.0.1:9/leads"},
                              {"webhook_secret", "short"}}}) {
    auto res = client_->Post("/v1/call-centres", Bearer(admin), cc.dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), "request_invalid");
  }
}

TEST_F(PushTest, AWithdrawnLeadIsNeverPushed) {
  Receiver receiver(1000);  // refuses everything, so the lead stays queued
  StartServer(receiver.url());
  Json env = maker_->Make(3, true);
  auto submitted = client_->Post("/v1/consents", env.dump(), "application/json");
  ASSERT_TRUE(submitted && submitted->status == 200);
  const std::string id = env["record"]["id"].get<std::string>();
  ASSERT_GE(receiver.WaitFor(1).size(), 1u);
  const std::string token = Body(submitted).value("withdrawal_token", std::string());
  auto withdrawn = client_->Post(
      "/v1/withdrawals", Json{{"record_id", id}, {"token", token}}.dump(), "application/json");
  ASSERT_TRUE(withdrawn);
  ASSERT_EQ(withdrawn->status, 200) << withdrawn->body;
  const std::size_t before = receiver.attempts().size();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  for (std::size_t i = before; i < receiver.attempts().size(); ++i) {
    EXPECT_EQ(receiver.attempts()[i].body.find(id), std::string::npos) << "pushed after withdrawal";
  }
}

}  // namespace
}  // namespace optin::testing
