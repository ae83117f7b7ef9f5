// `optin feed export` against the real server: the call centre's leads as RFC 4180 CSV (header,
// every field quoted, CRLF) over several pages, acknowledged only with --ack, resumable from the
// cursor it reports, and refused for a token that is not a call centre's.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "csv.h"
#include "envelope_maker.h"
#include "feed_export.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

class FeedExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    const std::string admin = server_->Token("admin");
    Json cc = {{"id", "alpha"}, {"campaigns", {kExampleCampaign}}};
    auto res = client_->Post("/v1/call-centres", Bearer(admin), cc.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200);
    token_file_ = (dir_.path() / "alpha.token").string();
    std::ofstream(token_file_) << server_->Token("call_centre:alpha") << "\n";
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
  }

  std::string Submit(int person) {
    Json sub = maker_->Submission(person);
    sub["fields"]["ebike_use"] = "Naar \"het werk\", elke dag";
    Json env = maker_->FromSubmission(sub);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    return env["record"]["id"].get<std::string>();
  }

  void WaitClassified(const std::string& id) {
    for (int i = 0; i < 300; ++i) {
      auto row = storage_->FindClassification(id);
      if (row.ok() && *row) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "record " << id << " was not classified";
  }

  int Export(std::vector<std::string> extra, std::string* out) {
    std::vector<std::string> argv = {OPTIN_CLI_BIN,  "feed",         "export",   "--server",
                                     server_->url(), "--token-file", token_file_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunProgram(argv, out);
  }

  std::size_t Acked() {
    auto rows = storage_->DeliveriesAfter("alpha", 0, 1000);
    EXPECT_TRUE(rows.ok());
    std::size_t n = 0;
    for (const auto& d : *rows) n += d.acked_at.has_value();
    return n;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
  std::string token_file_;
};

// Parses the whole CSV text; every record must end with CRLF and every field must be quoted.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = server::CsvRecordEnd(text, pos);
    const std::string_view record(text.data() + pos, end - pos);
    EXPECT_GE(record.size(), 3u);
    EXPECT_EQ(record.substr(record.size() - 2), "\r\n") << record;
    EXPECT_EQ(record.front(), '"') << record;
    server::CsvReader reader(record);
    std::vector<std::string> fields;
    auto ok = reader.Next(fields);
    EXPECT_TRUE(ok.ok() && *ok) << record;
    for (const auto& f : fields) {
      // Each field appears quoted, inner quotes doubled.
      EXPECT_NE(record.find(server::CsvField(f)), std::string_view::npos) << f;
    }
    rows.push_back(fields);
    pos = end;
  }
  return rows;
}

TEST_F(FeedExportTest, WritesEveryLeadAsQuotedCsvPageByPageAndAcknowledgesOnlyWhenAsked) {
  std::set<std::string> submitted;
  std::string last;
  for (int p = 1; p <= 5; ++p) submitted.insert(last = Submit(p));
  WaitClassified(last);

  std::string out;
  ASSERT_EQ(Export({"--page", "2"}, &out), 0) << out;
  const auto rows = ParseCsv(out);
  ASSERT_EQ(rows.size(), 6u) << out;
  EXPECT_EQ(rows[0], client::FeedExportColumns());
  std::set<std::string> exported;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), rows[0].size());
    std::map<std::string, std::string> lead;
    for (std::size_t c = 0; c < row.size(); ++c) lead[rows[0][c]] = row[c];
    exported.insert(lead["record_id"]);
    EXPECT_EQ(lead["cursor"], std::to_string(i));
    EXPECT_EQ(lead["flow"], "lead");
    EXPECT_EQ(lead["campaign"], kExampleCampaign);
    EXPECT_EQ(lead["partner"], "direct");
    EXPECT_EQ(lead["given_name"], "Anna");
    EXPECT_EQ(lead["phone"].rfind("+316", 0), 0u) << lead["phone"];
    EXPECT_EQ(lead["timezone"], "Europe/Amsterdam");
    // The other fields as JSON: quotes inside a field survive the CSV round trip.
    auto other = capture::ParseJson(lead["other_fields"]);
    ASSERT_TRUE(other.ok()) << lead["other_fields"];
    EXPECT_EQ((*other)["ebike_use"], "Naar \"het werk\", elke dag");
    // The call script's context (issue 5): the consent text as shown, when, the extra question
    // with its answer, and the policy dates.
    EXPECT_NE(lead["consent_text"].find("mag mij bellen"), std::string::npos);
    EXPECT_EQ(lead["caller"], "Fietsplezier B.V.");
    EXPECT_EQ(lead["one_time"], "false");
    EXPECT_EQ(lead["captured_at"].size(), 24u) << lead["captured_at"];
    EXPECT_EQ(lead["extra_question"], "Waarvoor zou je de e-bike vooral gebruiken?");
    EXPECT_EQ(lead["extra_answer"], "Naar \"het werk\", elke dag");
    EXPECT_EQ(lead["first_contact_by"].size(), 10u) << lead["first_contact_by"];
    EXPECT_EQ(lead["consent_valid_until"].size(), 10u);
    EXPECT_EQ(lead["earlier_contacts"], "");
    EXPECT_EQ(lead["verification"], "");
  }
  EXPECT_EQ(exported, submitted);
  EXPECT_EQ(Acked(), 0u);  // exported, not acknowledged

  // With --ack every exported lead is acknowledged; from the reported cursor nothing is left.
  ASSERT_EQ(Export({"--ack"}, &out), 0);
  EXPECT_EQ(ParseCsv(out).size(), 6u);
  EXPECT_EQ(Acked(), 5u);
  ASSERT_EQ(Export({"--cursor", "5"}, &out), 0);
  EXPECT_EQ(ParseCsv(out).size(), 1u);  // the header only
  ASSERT_EQ(Export({"--cursor", "3"}, &out), 0);
  EXPECT_EQ(ParseCsv(out).size(), 3u);

  // The client library reports the cursor to resume from.
  client::FeedExportOptions options;
  options.server = server_->url();
  options.token = server_->Token("call_centre:alpha");
  std::ostringstream csv;
  auto report = client::ExportFeedOverHttp(options, csv);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->leads, 5u);
  EXPECT_EQ(report->next_cursor, 5u);
}

TEST_F(FeedExportTest, RefusesATokenThatIsNotACallCentresAndBadOptions) {
  std::ofstream(token_file_, std::ios::trunc) << server_->Token("auditor");
  std::string out;
  EXPECT_EQ(Export({}, &out), 1);
  EXPECT_EQ(Export({"--page", "0"}, &out), 2);
  EXPECT_EQ(Export({"--cursor", "x"}, &out), 2);
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "feed", "export", "--server", server_->url()}), 2);
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "feed", "export", "--server", server_->url(), "--token-file",
                        "/nonexistent"}),
            3);
}

}  // namespace
}  // namespace optin::testing
