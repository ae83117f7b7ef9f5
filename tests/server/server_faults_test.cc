// Faults underneath the real server (issue 9): the disk fills up, fsync fails, another process
// holds the database lock, the clock is set back. In each the server refuses new work with a
// clear 503 code and Retry-After, never answers with a receipt for a record it did not commit,
// and recovers by itself once the fault is gone: every receipted record is in the ledger after
// a restart, no record has two leaves, and the log verifies. (A SIGKILL in the middle of a batch
// is server_crash_test.cc.)
//
// The faults are real where the machine allows: a size-limited tmpfs that really fills up, a
// second process that really holds SQLite's lock. fsync errors and clock steps come from
// tests/server/fault_shim.c, loaded into the unmodified server with LD_PRELOAD.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "capture/checkpoint.h"
#include "log_verify.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;
namespace fs = std::filesystem;

struct Answer {
  int status = 0;
  std::string code;
  std::string retry_after;
  Json body;
};

Answer PostJson(const ServerProcess& server, const std::string& path, const Json& body) {
  auto client = server.Client();
  client->set_read_timeout(30, 0);
  auto res = client->Post(path, body.dump(), "application/json");
  Answer a;
  if (!res) return a;
  a.status = res->status;
  a.code = ErrorCodeOf(res->body);
  a.retry_after = res->get_header_value("Retry-After");
  auto json = capture::ParseJson(res->body);
  if (json.ok()) a.body = *json;
  return a;
}

// A server with the fault shim preloaded; the environment is set for the child only.
class FaultyServer {
 public:
  explicit FaultyServer(const fs::path& data_dir) : faults_(dir_.path() / "faults") {
    fs::create_directories(faults_);
    server_ = std::make_unique<ServerProcess>(data_dir);
  }
  [[nodiscard]] bool Start() {
    ::setenv("LD_PRELOAD", OPTIN_FAULT_SHIM, 1);
    ::setenv("OPTIN_FAULT_DIR", faults_.c_str(), 1);
    const bool started = server_->Start();
    ::unsetenv("LD_PRELOAD");
    ::unsetenv("OPTIN_FAULT_DIR");
    return started;
  }
  void Set(const std::string& fault, const std::string& value = "1") {
    std::ofstream(faults_ / fault) << value;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the shim re-reads every 20 ms
  }
  void Clear(const std::string& fault) {
    fs::remove(faults_ / fault);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ServerProcess& server() { return *server_; }

 private:
  TempDir dir_;
  fs::path faults_;
  std::unique_ptr<ServerProcess> server_;
};

class Ledger {
 public:
  explicit Ledger(const ServerProcess& server) : server_(server) {
    vkey_ = (*capture::ParseJson(server.Client()->Get("/v1/keys")->body))["log"]["vkey"]
                .get<std::string>();
  }
  std::uint64_t Size() const {
    auto key = capture::ParseVerifierKey(vkey_);
    auto note = server_.Client()->Get("/v1/log/checkpoint");
    EXPECT_TRUE(note && note->status == 200);
    auto cp = capture::VerifyCheckpoint(note->body, key->first, key->second);
    EXPECT_TRUE(cp.ok());
    return cp.ok() ? cp->size : 0;
  }
  // Every receipt's leaf is in the log at the index the receipt named, and the log verifies.
  void ExpectHolds(const std::vector<Json>& receipts, const fs::path& state) const {
    auto client = server_.Client();
    for (const auto& r : receipts) {
      auto res = client->Get(
          ("/v1/log/proof/inclusion?leaf_hash=" + UrlEncode(r["leaf_hash"].get<std::string>()))
              .c_str());
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 200) << "a receipt for a record not in the ledger: " << r.dump();
      EXPECT_EQ((*capture::ParseJson(res->body))["index"], r["leaf_index"]);
    }
    client::LogVerifyOptions options;
    options.server = server_.url();
    options.state_file = state.string();
    options.vkey = vkey_;
    auto verified = client::VerifyLogOverHttp(options);
    ASSERT_TRUE(verified.ok()) << verified.error().message;
  }

 private:
  const ServerProcess& server_;
  std::string vkey_;
};

// Sends each envelope until it is receipted (a client that retries, as the web page does).
std::vector<Json> SubmitUntilReceipted(const ServerProcess& server, const std::vector<Json>& envs) {
  std::vector<Json> receipts;
  for (const auto& env : envs) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      const Answer a = PostJson(server, "/v1/consents", env);
      if (a.status == 200) {
        receipts.push_back(a.body);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(receipts.size(), envs.size()) << "the server did not recover by itself";
  return receipts;
}

void ExpectRefused(const Answer& a, const std::string& code) {
  EXPECT_EQ(a.status, 503) << a.body.dump();
  EXPECT_EQ(a.code, code) << a.body.dump();
  EXPECT_FALSE(a.retry_after.empty());
  EXPECT_FALSE(a.body.contains("record_id")) << "a receipt during the fault: " << a.body.dump();
}

// No record has two leaves: the ledger grew by exactly the number of distinct records.
void ExpectOneLeafEach(const Ledger& ledger, std::uint64_t before, const std::vector<Json>& rs) {
  std::set<std::string> ids;
  for (const auto& r : rs) ids.insert(r["record_id"].get<std::string>());
  EXPECT_EQ(ids.size(), rs.size());
  EXPECT_EQ(ledger.Size(), before + ids.size());
}

TEST(ServerFaultsTest, FullDiskRefusesWithStorageFullAndRecoversWhenSpaceIsFreed) {
  if (UsingPostgres())
    GTEST_SKIP() << "a fault of SQLite storage: the data folder's disk holds the SQLite file only";
  TempDir dir;
  // A real, small file system that really fills up; the shim's ENOSPC where mounting is not
  // permitted (not root).
  const fs::path disk = dir.path() / "disk";
  fs::create_directories(disk);
  const bool mounted = ::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=8m") == 0;
  FaultyServer faulty(disk / "data");
  ASSERT_TRUE(faulty.Start()) << faulty.server().Log();
  ServerProcess& server = faulty.server();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const Ledger ledger(server);
  const std::uint64_t before = ledger.Size();
  std::vector<Json> receipts = SubmitUntilReceipted(server, {maker->Make(1), maker->Make(2)});

  const fs::path filler = disk / "filler";
  if (mounted) {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(64 * 1024, 'x');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  } else {
    faulty.Set("disk_full");
  }
  // Records that need new pages cannot be stored; each is refused, none is receipted.
  std::vector<Json> refused;
  for (int n = 10; n < 30; ++n) {
    Json env = maker->Make(n);
    const Answer a = PostJson(server, "/v1/consents", env);
    if (a.status == 200) {
      receipts.push_back(a.body);  // fitted into pages already allocated: truly committed
      continue;
    }
    ExpectRefused(a, a.code == "storage_full" ? "storage_full" : "storage_unavailable");
    refused.push_back(env);
  }
  ASSERT_FALSE(refused.empty()) << "the disk never filled up";
  EXPECT_EQ(PostJson(server, "/v1/consents", refused.front()).code, "storage_full");
  auto ready = server.Client()->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503) << ready->body;

  if (mounted) {
    fs::remove(filler);
  } else {
    faulty.Clear("disk_full");
  }
  for (const auto& r : SubmitUntilReceipted(server, refused)) receipts.push_back(r);
  ExpectOneLeafEach(ledger, before, receipts);
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
  ASSERT_EQ(server.Terminate(), 0);
  ASSERT_TRUE(faulty.Start()) << server.Log();
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
  ExpectOneLeafEach(ledger, before, receipts);
  ASSERT_EQ(server.Terminate(), 0);
  if (mounted) ::umount2(disk.c_str(), MNT_DETACH);
}

TEST(ServerFaultsTest, FailingFsyncNeverYieldsAReceiptAndTheServerRecovers) {
  if (UsingPostgres())
    GTEST_SKIP() << "a fault of SQLite storage: the shim fails the server's own fsyncs; PostgreSQL "
                    "fsyncs in its own process";
  TempDir dir;
  FaultyServer faulty(dir.path() / "data");
  ASSERT_TRUE(faulty.Start()) << faulty.server().Log();
  ServerProcess& server = faulty.server();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const Ledger ledger(server);
  const std::uint64_t before = ledger.Size();
  std::vector<Json> receipts = SubmitUntilReceipted(server, {maker->Make(1)});

  faulty.Set("fsync_fails");
  std::vector<Json> refused;
  for (int n = 10; n < 16; ++n) {
    refused.push_back(maker->Make(n));
    ExpectRefused(PostJson(server, "/v1/consents", refused.back()), "storage_unavailable");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  auto metrics = server.Client()->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body.find("optin_commit_failures_total 0\n"), std::string::npos);

  faulty.Clear("fsync_fails");
  for (const auto& r : SubmitUntilReceipted(server, refused)) receipts.push_back(r);
  ExpectOneLeafEach(ledger, before, receipts);
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
  // A crash right after: what was refused during the fault and committed later is there once.
  server.Kill();
  ASSERT_TRUE(faulty.Start()) << server.Log();
  ExpectOneLeafEach(ledger, before, receipts);
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
}

TEST(ServerFaultsTest, ADatabaseLockedByAnotherProcessIsStorageBusyUntilReleased) {
  if (UsingPostgres()) GTEST_SKIP() << "a fault of SQLite storage: the lock is SQLite's file lock";
  TempDir dir;
  ServerProcess server(dir.path() / "data");
  ASSERT_TRUE(server.Start()) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const Ledger ledger(server);
  const std::uint64_t before = ledger.Size();
  std::vector<Json> receipts = SubmitUntilReceipted(server, {maker->Make(1)});

  // This test process is the other process: it takes SQLite's write lock and keeps it (as a
  // stuck backup script or a second server on the same files would).
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "data" / "optin.sqlite").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const Json waiting = maker->Make(2);
  ExpectRefused(PostJson(server, "/v1/consents", waiting), "storage_busy");
  // While it is failing, new work is refused at once, not after another lock wait.
  const auto t0 = std::chrono::steady_clock::now();
  ExpectRefused(PostJson(server, "/v1/consents", maker->Make(3)), "storage_busy");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  // Reading goes on: proofs and checkpoints need no write lock.
  EXPECT_EQ(ledger.Size(), before + 1);

  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  for (const auto& r : SubmitUntilReceipted(server, {waiting, maker->Make(3)})) {
    receipts.push_back(r);
  }
  ExpectOneLeafEach(ledger, before, receipts);
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
}

TEST(ServerFaultsTest, AClockSetBackStopsNewEntriesUntilItIsRightAgain) {
  TempDir dir;
  FaultyServer faulty(dir.path() / "data");
  ASSERT_TRUE(faulty.Start()) << faulty.server().Log();
  ServerProcess& server = faulty.server();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const Ledger ledger(server);
  const std::uint64_t before = ledger.Size();
  std::vector<Json> receipts = SubmitUntilReceipted(server, {maker->Make(1)});
  const std::string token = receipts[0]["withdrawal_token"].get<std::string>();

  faulty.Set("clock_offset_ms", "-3600000");  // an hour back
  // The record itself is judged against the server's (wrong) clock too, so make one captured
  // an hour ago; it is still refused: the ledger's times would run backwards.
  const Json env = maker->Make(2);
  ExpectRefused(PostJson(server, "/v1/consents", env), "clock_went_back");
  ExpectRefused(PostJson(server, "/v1/withdrawals", {{"token", token}}), "clock_went_back");
  auto ready = server.Client()->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503) << ready->body;
  EXPECT_EQ(ErrorCodeOf(ready->body), "clock_went_back");
  // A restart does not make the server forget the newest entry's time: started with the right
  // clock (the harness waits for /readyz), set back before anything is submitted, it refuses.
  ASSERT_EQ(server.Terminate(), 0);
  faulty.Clear("clock_offset_ms");
  ASSERT_TRUE(faulty.Start()) << server.Log();
  faulty.Set("clock_offset_ms", "-3600000");
  ExpectRefused(PostJson(server, "/v1/consents", env), "clock_went_back");
  EXPECT_EQ(ledger.Size(), before + 1);

  faulty.Set("clock_offset_ms", "-500");  // within the tolerance (an NTP slew)
  for (const auto& r : SubmitUntilReceipted(server, {env})) receipts.push_back(r);
  faulty.Clear("clock_offset_ms");
  const Answer withdrawn = PostJson(server, "/v1/withdrawals", {{"token", token}});
  EXPECT_EQ(withdrawn.status, 200) << withdrawn.body.dump();
  ledger.ExpectHolds(receipts, dir.path() / "state.json");
  EXPECT_EQ(ledger.Size(), before + 3);  // two records and the withdrawal
}

}  // namespace
}  // namespace optin::testing
