// Verification of the number before calling (issue 5) through the real server: a campaign whose
// signed policy asks for e-mail or SMS verification delivers a lead only after the person
// confirmed the link or code the message carried (written to the outbox, sent through a real
// SMTP listener, or posted to a real gateway webhook that fails first); wrong, exhausted and
// expired codes have stable errors; a "call_start" campaign delivers at once, marked, and the
// call centre's `confirmed` outcome verifies it. Each confirmation is a ledger entry that the
// evidence bundle carries and `optin evidence verify` checks.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

#include "envelope_maker.h"
#include "server_harness.h"
#include "signed_post.h"

namespace optin::testing {
namespace {

using capture::Json;

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The example campaign with policy.verification set, as a manifest file the server signs.
std::string ManifestWith(const std::filesystem::path& dir, const std::string& verification) {
  auto json = capture::ParseJson(
      ReadFile(CAPTURE_SOURCE_DIR "/tests/vectors/manifests/example-campaign.json"));
  EXPECT_TRUE(json.ok());
  (*json)["policy"]["verification"] = verification;
  const auto path = dir / ("manifest-" + verification + ".json");
  std::ofstream(path) << json->dump(2);
  return path.string();
}

std::string Match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m[1].str();
}

class VerificationTest : public ::testing::Test {
 protected:
  void StartServer(const std::string& verification, Json config = Json::object()) {
    config["example_campaign"] = ManifestWith(dir_.path(), verification);
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data", config);
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    ASSERT_EQ(maker_->manifest().policy.verification, verification);
    cc_ = server_->Token("call_centre:alpha");
    Json cc = {{"id", "alpha"}, {"campaigns", {kExampleCampaign}}};
    auto res = client_->Post("/v1/call-centres", Bearer(server_->Token("admin")), cc.dump(),
                             "application/json");
    ASSERT_TRUE(res && res->status == 200);
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    return env["record"]["id"].get<std::string>();
  }

  // The outbox message of a record (waits for it).
  std::string OutboxMessage(const std::string& record_id) {
    const auto outbox = server_->data_dir() / "outbox";
    for (int i = 0; i < 200; ++i) {
      std::error_code ec;
      for (const auto& f : std::filesystem::directory_iterator(outbox, ec)) {
        const std::string name = f.path().filename().string();
        if (name.find(record_id) != std::string::npos && f.path().extension() == ".txt") {
          return ReadFile(f.path());
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no outbox message for " << record_id;
    return "";
  }

  Json Leads() {
    auto res = client_->Get("/v1/feeds/leads?cursor=0", Bearer(cc_));
    EXPECT_TRUE(res && res->status == 200);
    if (res) {
      // Written as text (the verification member in each of its states): exactly what
      // nlohmann's dump() writes of the same tree.
      auto parsed = capture::ParseJson(res->body);
      EXPECT_TRUE(parsed.ok() && parsed->dump() == res->body) << res->body;
    }
    return Body(res)["leads"];
  }

  // The lead of a record in the feed (waits up to ~3 s), or null.
  Json WaitLead(const std::string& record_id, int tries = 60) {
    for (int i = 0; i < tries; ++i) {
      for (const auto& lead : Leads()) {
        if (lead["record_id"] == record_id) return lead;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  }

  httplib::Result PostCode(const std::string& id, const std::string& code) {
    return client_->Post("/v1/verifications/" + id + "/code", Json{{"code", code}}.dump(),
                         "application/json");
  }

  // Fetches the evidence bundle and runs `optin evidence verify --json` on it.
  Json VerifyEvidence(const std::string& id) {
    auto res = client_->Get("/v1/evidence/" + id, Bearer(server_->Token("auditor")));
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    const auto path = dir_.path() / (id + ".json");
    std::ofstream(path) << res->body;
    const std::string vkey = Body(client_->Get("/v1/keys"))["log"]["vkey"].get<std::string>();
    std::string out;
    const int rc = RunProgram({OPTIN_CLI_BIN, "evidence", "verify", path.string(), "--server-key",
                               vkey, "--advertiser-key", maker_->advertiser_key(), "--json"},
                              &out);
    EXPECT_EQ(rc, 0) << out;
    auto json = capture::ParseJson(out);
    EXPECT_TRUE(json.ok()) << out;
    return json.ok() ? *json : Json();
  }

  static bool HasCheck(const Json& report, const std::string& name) {
    for (const auto& c : report.value("checks", Json::array())) {
      if (c.value("check", std::string()) == name) return true;
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::string cc_;
};

TEST_F(VerificationTest, EmailCodeMustBeConfirmedBeforeTheLeadIsDelivered) {
  StartServer("email");
  const std::string id = Submit(1);
  const std::string message = OutboxMessage(id);
  EXPECT_NE(message.find("Channel: email"), std::string::npos) << message;
  EXPECT_NE(message.find("To: " + maker_->Submission(1)["fields"]["email"].get<std::string>()),
            std::string::npos)
      << message;
  const std::string code = Match(message, "code in: ([0-9]{6})");
  ASSERT_EQ(code.size(), 6u) << message;
  EXPECT_NE(message.find("/v1/verifications/" + id + "/link?token="), std::string::npos);

  // Not delivered while unconfirmed.
  EXPECT_TRUE(WaitLead(id, 10).is_null());

  const std::string wrong = code == "000000" ? "000001" : "000000";
  auto bad = PostCode(id, wrong);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ErrorCodeOf(bad->body), "verification_code_wrong");

  auto ok = PostCode(id, code);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  const Json answer = Body(ok);
  EXPECT_EQ(answer["verified"], true);
  EXPECT_EQ(answer["how"], "code");
  // Idempotent: the same confirmation again answers the first one.
  EXPECT_EQ(Body(PostCode(id, code)), answer);

  const Json lead = WaitLead(id);
  ASSERT_FALSE(lead.is_null()) << "the verified lead was not delivered";
  EXPECT_EQ(lead["verification"]["method"], "email");
  EXPECT_EQ(lead["verification"]["verified"], true);
  EXPECT_EQ(lead["verification"]["verified_at"], answer["verified_at"]);
  EXPECT_EQ(lead["verification"]["leaf_index"], answer["leaf_index"]);

  // The ledger entry holds how and when, and no personal data.
  const auto index = answer["leaf_index"].get<std::uint64_t>();
  const Json entries = Body(client_->Get("/v1/log/entries?start=" + std::to_string(index) +
                                         "&end=" + std::to_string(index + 1)));
  const std::string dumped = entries.dump();
  EXPECT_NE(dumped.find("verification"), std::string::npos) << dumped;
  EXPECT_EQ(dumped.find("@"), std::string::npos) << dumped;

  const Json report = VerifyEvidence(id);
  EXPECT_TRUE(HasCheck(report, "verification_in_log")) << report.dump();
  EXPECT_EQ(report["verification"]["how"], "code");
  EXPECT_EQ(report["verification"]["method"], "email");

  // A bundle whose verification says otherwise than the log fails the check.
  auto bundle = capture::ParseJson(
      client_->Get("/v1/evidence/" + id, Bearer(server_->Token("auditor")))->body);
  ASSERT_TRUE(bundle.ok());
  (*bundle)["verification"]["entry"]["how"] = "link";
  const auto forged = dir_.path() / "forged.json";
  std::ofstream(forged) << bundle->dump();
  const std::string vkey = Body(client_->Get("/v1/keys"))["log"]["vkey"].get<std::string>();
  std::string out;
  // (through sh, to read the refusal the CLI writes on stderr)
  EXPECT_NE(RunProgram({"/bin/sh", "-c", "\"$@\" 2>&1", "sh", OPTIN_CLI_BIN, "evidence", "verify",
                        forged.string(), "--server-key", vkey, "--advertiser-key",
                        maker_->advertiser_key()},
                       &out),
            0);
  EXPECT_NE(out.find("verification_in_log"), std::string::npos) << out;
}

TEST_F(VerificationTest, LinkPageConfirmsOnlyWithItsButtonAndItsToken) {
  StartServer("sms");
  const std::string id = Submit(2);
  const std::string message = OutboxMessage(id);
  EXPECT_NE(message.find("Channel: sms"), std::string::npos) << message;
  EXPECT_NE(message.find("To: +316"), std::string::npos) << message;
  const std::string token = Match(message, "link\\?token=([A-Za-z0-9_-]+)");
  ASSERT_EQ(token.size(), 43u) << message;
  const std::string path = "/v1/verifications/" + id + "/link?token=";

  // Opening the link (a mail scanner does too) shows a button and confirms nothing.
  auto page = client_->Get(path + token);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<form method=\"post\">"), std::string::npos) << page->body;
  EXPECT_TRUE(WaitLead(id, 10).is_null());

  std::string forged = token;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  auto refused = client_->Post(path + forged, "", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(ErrorCodeOf(refused->body), "verification_link_invalid");

  // The button: a form post, answered with a page.
  auto confirmed = client_->Post(path + token, "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, 200);
  EXPECT_NE(confirmed->body.find("bevestigd"), std::string::npos) << confirmed->body;
  const Json lead = WaitLead(id);
  ASSERT_FALSE(lead.is_null());
  EXPECT_EQ(lead["verification"]["how"], "link");
}

TEST_F(VerificationTest, WrongCodesAreLimitedButTheLinkStillWorks) {
  StartServer("email", {{"verification_max_wrong_codes", 3}});
  const std::string id = Submit(3);
  const std::string message = OutboxMessage(id);
  const std::string code = Match(message, "code in: ([0-9]{6})");
  ASSERT_EQ(code.size(), 6u) << message;
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto res = PostCode(id, wrong);
    ASSERT_TRUE(res);
    EXPECT_EQ(ErrorCodeOf(res->body),
              attempt < 3 ? "verification_code_wrong" : "verification_attempts_exceeded")
        << attempt;
  }
  auto late = PostCode(id, code);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 429);
  EXPECT_EQ(ErrorCodeOf(late->body), "verification_attempts_exceeded");
  const std::string token = Match(message, "link\\?token=([A-Za-z0-9_-]+)");
  auto link =
      client_->Post("/v1/verifications/" + id + "/link?token=" + token, "", "application/json");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->status, 200) << link->body;
  EXPECT_EQ(Body(link)["how"], "link");

  // A record of a campaign without a pending link or code.
  auto none = PostCode("00000000-0000-4000-8000-000000000000", code);
  ASSERT_TRUE(none);
  EXPECT_EQ(ErrorCodeOf(none->body), "verification_not_pending");
}

TEST_F(VerificationTest, AnExpiredCodeIsRefusedAndTheLeadIsNeverDelivered) {
  StartServer("email", {{"verification_valid_ms", 1500}});
  const std::string id = Submit(4);
  const std::string code = Match(OutboxMessage(id), "code in: ([0-9]{6})");
  ASSERT_EQ(code.size(), 6u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1700));
  auto res = PostCode(id, code);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 410);
  EXPECT_EQ(ErrorCodeOf(res->body), "verification_expired");
  EXPECT_TRUE(WaitLead(id, 10).is_null());
}

// A tiny SMTP server on loopback: speaks just enough RFC 5321 to accept one message per
// connection, and keeps what it received.
class SmtpListener {
 public:
  SmtpListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpListener() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::string Transcript() {
    std::lock_guard lock(mu_);
    return transcript_;
  }

 private:
  void Serve() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      Say(c, "220 test ESMTP\r\n");
      std::string buffer;
      bool data = false;
      char chunk[1024];
      for (;;) {
        const ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        bool quit = false;
        for (auto end = buffer.find("\r\n"); end != std::string::npos; end = buffer.find("\r\n")) {
          const std::string line = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          {
            std::lock_guard lock(mu_);
            transcript_ += line + "\n";
          }
          if (data) {
            if (line == ".") {
              data = false;
              Say(c, "250 queued\r\n");
            }
          } else if (line.rfind("EHLO", 0) == 0) {
            Say(c, "250-test\r\n250 8BITMIME\r\n");
          } else if (line == "DATA") {
            data = true;
            Say(c, "354 go on\r\n");
          } else if (line == "QUIT") {
            Say(c, "221 bye\r\n");
            quit = true;
          } else {
            Say(c, "250 ok\r\n");
          }
        }
        if (quit) break;
      }
      ::close(c);
    }
  }
  static void Say(int c, const std::string& text) {
    (void)::send(c, text.data(), text.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string transcript_;
  std::thread thread_;
};

TEST_F(VerificationTest, EmailGoesThroughARealSmtpRelay) {
  SmtpListener smtp;
  StartServer("email",
              {{"verification_email_sender", "smtp://127.0.0.1:" + std::to_string(smtp.port())},
               {"verification_from", "bevestig@fietsplezier.example"}});
  const std::string id = Submit(5);
  const std::string to = maker_->Submission(5)["fields"]["email"].get<std::string>();
  std::string transcript;
  for (int i = 0; i < 100 && transcript.find("QUIT") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    transcript = smtp.Transcript();
  }
  EXPECT_NE(transcript.find("MAIL FROM:<bevestig@fietsplezier.example>"), std::string::npos)
      << transcript;
  EXPECT_NE(transcript.find("RCPT TO:<" + to + ">"), std::string::npos) << transcript;
  EXPECT_NE(transcript.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  const std::string code = Match(transcript, "code in: ([0-9]{6})");
  ASSERT_EQ(code.size(), 6u) << transcript;
  auto ok = PostCode(id, code);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_FALSE(WaitLead(id).is_null());
  // Nothing went to the outbox.
  EXPECT_FALSE(std::filesystem::exists(server_->data_dir() / "outbox"));
}

TEST_F(VerificationTest, SmsGoesToASignedGatewayWebhookAndIsRetried) {
  httplib::Server gateway;
  std::mutex mu;
  std::vector<std::pair<httplib::Headers, std::string>> received;
  gateway.Post("/sms", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    received.push_back({req.headers, req.body});
    res.status = received.size() == 1 ? 503 : 202;  // the first attempt fails
  });
  const int port = gateway.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { gateway.listen_after_bind(); });
  StartServer("sms",
              {{"verification_sms_sender", "http://127.0.0.1:" + std::to_string(port) + "/sms"},
               {"verification_webhook_secret", "gateway-secret-123"},
               {"verification_retry_ms", 300}});
  const std::string id = Submit(6);
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard lock(mu);
      if (received.size() >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  gateway.stop();
  serving.join();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].second, received[1].second);
  for (const auto& [headers, body] : received) {
    const std::string ts = headers.find("X-Optin-Timestamp")->second;
    EXPECT_EQ(headers.find("X-Optin-Signature")->second,
              server::WebhookSignature("gateway-secret-123", ts, body));
  }
  auto parsed = capture::ParseJson(received[1].second);
  ASSERT_TRUE(parsed.ok()) << received[1].second;
  const Json sms = *parsed;
  EXPECT_EQ(sms["channel"], "sms");
  EXPECT_EQ(sms["record_id"], id);
  EXPECT_EQ(sms["to"].get<std::string>().rfind("+316", 0), 0u);
  const std::string code = Match(sms["text"].get<std::string>(), "code ([0-9]{6})");
  ASSERT_EQ(code.size(), 6u) << sms.dump();
  auto ok = PostCode(id, code);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(VerificationTest, ConfirmAtCallStartDeliversMarkedAndTheOutcomeVerifies) {
  StartServer("call_start");
  const std::string id = Submit(7);
  Json lead = WaitLead(id);
  ASSERT_FALSE(lead.is_null());
  EXPECT_EQ(lead["verification"]["method"], "call_start");
  EXPECT_EQ(lead["verification"]["confirm_at_call_start"], true);
  EXPECT_EQ(lead["verification"]["verified"], false);
  // No message is sent for it.
  EXPECT_FALSE(std::filesystem::exists(server_->data_dir() / "outbox"));

  Json outcome = {{"outcomes", {{{"record_id", id}, {"outcome", "confirmed"}}}}};
  auto res = client_->Post("/v1/feeds/outcomes", Bearer(cc_), outcome.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Json answer = Body(res)["outcomes"][0];
  EXPECT_EQ(answer["verification"]["verified"], true);
  EXPECT_EQ(answer["verification"]["how"], "call_start");
  // Posted again: the same verification, no second entry.
  auto again = client_->Post("/v1/feeds/outcomes", Bearer(cc_), outcome.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(Body(again)["outcomes"][0]["verification"], answer["verification"]);

  lead = WaitLead(id);
  EXPECT_EQ(lead["verification"]["confirm_at_call_start"], false);
  EXPECT_EQ(lead["verification"]["verified"], true);
  const Json report = VerifyEvidence(id);
  EXPECT_TRUE(HasCheck(report, "verification_in_log")) << report.dump();
  EXPECT_EQ(report["verification"]["by"], "call_centre:alpha");
}

TEST_F(VerificationTest, ConfirmedOutcomeNeedsALeadMarkedForIt) {
  StartServer("none");
  const std::string id = Submit(8);
  ASSERT_FALSE(WaitLead(id).is_null());
  EXPECT_TRUE(WaitLead(id)["verification"].is_null());
  Json outcome = {{"outcomes", {{{"record_id", id}, {"outcome", "confirmed"}}}}};
  auto res = client_->Post("/v1/feeds/outcomes", Bearer(cc_), outcome.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(ErrorCodeOf(res->body), "verification_not_pending");
  // The evidence of an unverified record has no verification, and still verifies.
  const Json report = VerifyEvidence(id);
  EXPECT_FALSE(HasCheck(report, "verification_in_log"));
  EXPECT_TRUE(report["verification"].is_null());
}

}  // namespace
}  // namespace optin::testing
