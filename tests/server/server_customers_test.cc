// The customer list through the real server and the real CLI: POST /v1/customers keeps only
// keyed match keys, answers per-row errors with the file's row numbers, changes nothing when
// imported again, and a record of a customer is classified and delivered in the customer flow.
// `optin customers import` uploads in chunks and draws its progress bar only on a terminal.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "envelope_maker.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string Mobile(int n) {
  char out[32];
  std::snprintf(out, sizeof out, "06-1%07d", n % 10000000);  // as EnvelopeMaker::Submission
  return out;
}

std::string FileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs a program with a pseudo-terminal as stdin, stdout and stderr; returns what it wrote.
std::string RunInTerminal(const std::vector<std::string>& argv, int* status) {
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child closed the terminal
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(master);
  ::waitpid(pid, status, 0);
  return out;
}

class CustomersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    admin_ = server_->Token("admin");
    alpha_ = server_->Token("call_centre:alpha");
    Json cc = {{"id", "alpha"}, {"campaigns", {kExampleCampaign}}};
    auto res = client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
  }

  httplib::Result Import(const std::string& csv, const std::string& query = "",
                         const std::string& type = "text/csv") {
    return client_->Post(("/v1/customers" + query).c_str(), Bearer(admin_), csv, type.c_str());
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return env["record"]["id"].get<std::string>();
  }

  server::ClassificationRow Classified(const std::string& id) {
    for (int i = 0; i < 300; ++i) {
      auto row = storage_->FindClassification(id);
      if (row.ok() && *row) return **row;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "record " << id << " was not classified";
    return {};
  }

  std::int64_t CustomerRows() {
    const std::int64_t count = server_->SqlInt("SELECT COUNT(*) FROM customers");
    // Every key is a 32-byte keyed BLAKE2b (MIN and MAX are NULL on an empty table).
    if (count > 0) {
      EXPECT_EQ(server_->SqlInt("SELECT MIN(length(key)) FROM customers"), 32);
      EXPECT_EQ(server_->SqlInt("SELECT MAX(length(key)) FROM customers"), 32);
    }
    return count;
  }

  std::string TokenFile(const std::string& token) {
    const auto path = dir_.path() / ("token-" + std::to_string(++files_));
    std::ofstream(path) << token << "\n";
    return path.string();
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
  std::string admin_, alpha_;
  int files_ = 0;
};

TEST_F(CustomersTest, KeepsOnlyMatchKeysListsRefusedRowsAndImportsIdempotently) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "customer_id,Phone,email,name\r\n"
      "K-1,06-12345001,,Jan\r\n"
      "\"K,2\",,\" klant2@Voorbeeld.NL \",\"de \"\"Boer\"\"\"\r\n"
      "K-3,06-123,,Piet\r\n"
      ",06-12345004,,\r\n"
      "K-5,,,Els\r\n"
      "K-6,\"06\"x,,\r\n"
      "K-7,06-12345007,k7@voorbeeld.nl,Kees,extra\r\n"
      "\r\n"
      "K-8,+31 6 1234 5008,k8@voorbeeld.nl\r\n";
  auto res = Import(csv);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Json body = Body(res);
  EXPECT_EQ(body["rows"], 8);  // the blank line is no row
  EXPECT_EQ(body["accepted"], 3);
  EXPECT_EQ(body["refused"], 5);
  EXPECT_EQ(body["customers"], 3);
  EXPECT_EQ(body["keys_added"], 4);
  EXPECT_EQ(body["ignored_columns"], Json::array({"name"}));
  const Json expected = Json::array({
      Json{{"row", 4}, {"code", "phone_invalid"}, {"field", "phone"}},
      Json{{"row", 5}, {"code", "customer_id_invalid"}, {"field", "customer_id"}},
      Json{{"row", 6}, {"code", "customer_contact_missing"}},
      Json{{"row", 7}, {"code", "csv_invalid"}},
      Json{{"row", 8}, {"code", "csv_invalid"}},
  });
  ASSERT_EQ(body["errors"].size(), expected.size()) << body.dump();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Json& e = body["errors"][i];
    EXPECT_EQ(e["row"], expected[i]["row"]) << e.dump();
    EXPECT_EQ(e["code"], expected[i]["code"]) << e.dump();
    EXPECT_EQ(e.value("field", ""), expected[i].value("field", "")) << e.dump();
    EXPECT_FALSE(e["message"].get<std::string>().empty());
    EXPECT_EQ(e.dump().find("06-123"), std::string::npos) << "an error repeats the value";
  }
  EXPECT_EQ(CustomerRows(), 4);

  // Again: nothing new, same answer otherwise.
  const Json again = Body(Import(csv));
  EXPECT_EQ(again["accepted"], 3);
  EXPECT_EQ(again["keys_added"], 0);
  EXPECT_EQ(CustomerRows(), 4);

  // No phone number, e-mail address or name of the list is anywhere in the database files.
  std::string files;
  for (const auto& file : server_->DatabaseFiles()) files += FileBytes(file);
  for (const char* clear : {"+31612345001", "06-12345001", "klant2@voorbeeld.nl",
                            "klant2@Voorbeeld.NL", "k8@voorbeeld.nl", "Boer"}) {
    EXPECT_EQ(files.find(clear), std::string::npos) << clear;
  }

  // ?first_row numbers the rows of a chunk as in the whole file.
  const Json chunk = Body(Import("customer_id,phone\nK-9,06-1\n", "?first_row=1001"));
  ASSERT_EQ(chunk["errors"].size(), 1u) << chunk.dump();
  EXPECT_EQ(chunk["errors"][0]["row"], 1001);
}

TEST_F(CustomersTest, ARecordOfACustomerIsDeliveredInTheCustomerFlow) {
  const std::string csv =
      "customer_id,phone,email\nC-100," + Mobile(100) + ",\nC-101,,anna.101@voorbeeld.nl\n";
  ASSERT_EQ(Body(Import(csv))["accepted"], 2);
  const std::string by_phone = Submit(100);
  const std::string by_email = Submit(101);
  const std::string stranger = Submit(102);
  EXPECT_EQ(Classified(by_phone).flow, "customer");
  EXPECT_EQ(Classified(by_phone).reason, "matches_customer");
  EXPECT_EQ(Classified(by_email).flow, "customer");
  EXPECT_EQ(Classified(stranger).flow, "lead");

  auto feed = Body(client_->Get("/v1/feeds/leads?cursor=0", Bearer(alpha_)));
  std::map<std::string, std::string> flows;
  for (const auto& lead : feed["leads"]) flows[lead["record_id"]] = lead["flow"];
  EXPECT_EQ(flows[by_phone], "customer");
  EXPECT_EQ(flows[by_email], "customer");
  EXPECT_EQ(flows[stranger], "lead");

  // A verdict is the fact of its moment: a customer imported after the record was classified
  // does not turn a delivered lead into a customer lead (docs/processing.md).
  ASSERT_EQ(Body(Import("customer_id,phone\nC-102," + Mobile(102) + "\n"))["accepted"], 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // two processor polls
  EXPECT_EQ(Classified(stranger).flow, "lead");
}

TEST_F(CustomersTest, RefusesWhatItCannotReadAndWhoMayNotImport) {
  struct Case {
    std::string body;
    std::string query;
    std::string type;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"", "", "text/csv", 400, "csv_header_invalid"},
      {"id,phone\nK,0612345678\n", "", "text/csv", 400, "csv_header_invalid"},
      {"customer_id,name\nK,Jan\n", "", "text/csv", 400, "csv_header_invalid"},
      {"customer_id;phone\nK;0612345678\n", "", "text/csv", 400, "csv_header_invalid"},
      {"customer_id,phone,phone\n", "", "text/csv", 400, "csv_header_invalid"},
      {"\"customer_id,phone\n", "", "text/csv", 400, "csv_header_invalid"},
      {"customer_id,phone\n", "?first_row=1", "text/csv", 400, "request_invalid"},
      {"customer_id,phone\n", "?first_row=x", "text/csv", 400, "request_invalid"},
      {"{\"customer_id\":1}", "", "application/json", 415, "content_type_unsupported"},
  };
  for (const auto& c : cases) {
    auto res = Import(c.body, c.query, c.type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << c.body << " " << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), c.code) << c.body;
  }
  auto semicolons = Body(Import("customer_id;phone\nK;0612345678\n"));
  EXPECT_NE(semicolons["error"]["message"].get<std::string>().find("';'"), std::string::npos);

  const std::string csv = "customer_id,phone\nK,0612345678\n";
  auto anonymous = client_->Post("/v1/customers", csv, "text/csv");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  for (const std::string scope : {"auditor", "call_centre:alpha", "customer_service"}) {
    auto res = client_->Post("/v1/customers", Bearer(server_->Token(scope)), csv, "text/csv");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << scope;
  }
  EXPECT_EQ(CustomerRows(), 0);
}

TEST_F(CustomersTest, TheCliUploadsInChunksWithTheFilesRowNumbers) {
  // 250 customers; a quoted name holds a line break (one record, two lines); rows 100 and 230
  // (record numbers, the header is row 1) have a bad phone number.
  const auto file = dir_.path() / "customers.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << "customer_id,phone,email,name\r\n";
    for (int row = 2; row <= 251; ++row) {
      const bool bad = row == 100 || row == 230;
      out << "K" << row << "," << (bad ? "0612" : Mobile(5000 + row)) << ",,"
          << (row == 50 ? "\"Jan\r\nde Boer\"" : "Jan") << "\r\n";
    }
  }
  const std::string token = TokenFile(admin_);
  std::string out;
  const std::vector<std::string> argv = {
      OPTIN_CLI_BIN,  "customers", "import",       file.string(), "--server", server_->url(),
      "--token-file", token,       "--chunk-rows", "60",          "--json"};
  ASSERT_EQ(RunProgram(argv, &out), 1) << out;  // some rows were refused
  auto report = capture::ParseJson(out);
  ASSERT_TRUE(report.ok()) << out;
  EXPECT_EQ((*report)["rows"], 250);
  EXPECT_EQ((*report)["accepted"], 248);
  EXPECT_EQ((*report)["keys_added"], 248);
  EXPECT_EQ((*report)["chunks"], 5);
  ASSERT_EQ((*report)["errors"].size(), 2u) << out;
  EXPECT_EQ((*report)["errors"][0]["row"], 100);
  EXPECT_EQ((*report)["errors"][1]["row"], 230);
  EXPECT_EQ((*report)["errors"][1]["code"], "phone_invalid");
  EXPECT_EQ(CustomerRows(), 248);

  // Again, in other chunks: nothing new.
  std::vector<std::string> again = argv;
  again[9] = "1000";
  ASSERT_EQ(RunProgram(again, &out), 1);
  EXPECT_EQ((*capture::ParseJson(out))["keys_added"], 0);
  EXPECT_EQ((*capture::ParseJson(out))["chunks"], 1);

  // On a terminal the progress bar is drawn on stderr and reaches 100%; in a pipe (above) the
  // output is only the JSON report, which parsed.
  int status = 0;
  const std::string screen =
      RunInTerminal({OPTIN_CLI_BIN, "customers", "import", file.string(), "--server",
                     server_->url(), "--token-file", token, "--chunk-rows", "60"},
                    &status);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << screen;
  EXPECT_NE(screen.find("\rcustomers ["), std::string::npos) << screen;
  EXPECT_NE(screen.find("100%"), std::string::npos) << screen;
  EXPECT_NE(screen.find("row 230: phone_invalid"), std::string::npos) << screen;

  // A token that may not import, a missing token file, a server that is not there.
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "customers", "import", file.string(), "--server",
                        server_->url(), "--token-file", TokenFile(alpha_)}),
            1);
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "customers", "import", file.string(), "--server",
                        server_->url(), "--token-file", "/nonexistent/token"}),
            3);
  EXPECT_EQ(
      RunProgram({OPTIN_CLI_BIN, "customers", "import", file.string(), "--server",
                  "http://127.0.0.1:" + std::to_string(FreeLoopbackPort()), "--token-file", token}),
      3);
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "customers", "import", file.string()}), 2);
}

}  // namespace
}  // namespace optin::testing
