// Storage::HoldReadSnapshot on SQLite (issue 5): the reads until the guard ends are one read
// transaction, a nested hold shares it, the writer is not blocked by it, and after it ends reads
// see the writer's commits again. HoldWriterReadSnapshot reads on the writer's connection when
// no other thread has written for a quarter second (other writers then wait until it ends), and
// on a pooled reader otherwise (they do not wait). PostgreSQL keeps the default
// (no snapshot), so the test is SQLite's only: under the server.pg.* registration it skips itself.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "server_harness.h"
#include "sqlite_storage.h"

namespace optin::server {
namespace {

// Longer than the quarter second after another thread's write in which the writer is left alone.
constexpr auto kQuiet = std::chrono::milliseconds(400);

std::size_t CallCentreCount(Storage& storage) {
  auto rows = storage.CallCentres();
  EXPECT_TRUE(rows.ok());
  return rows.ok() ? rows->size() : 0;
}

TEST(StorageSnapshotTest, ReadsInsideOneSnapshotAndSeeCommitsAfterIt) {
  if (std::getenv("OPTIN_TEST_PG_URL_FILE") != nullptr) {
    GTEST_SKIP() << "a SQLite read transaction; PostgreSQL's HoldReadSnapshot is a no-op";
  }
  optin::testing::TempDir dir;
  auto opened = SqliteStorage::Open((dir.path() / "optin.sqlite").string());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Storage& storage = **opened;
  ASSERT_TRUE(storage.Migrate().ok());
  ASSERT_TRUE(storage.PutCallCentre({"alpha", {"c"}, "", "", 1}).ok());
  {
    auto snapshot = storage.HoldReadSnapshot();
    EXPECT_EQ(CallCentreCount(storage), 1u);
    // The writer commits beside the open read transaction (WAL), which does not see it.
    ASSERT_TRUE(storage.PutCallCentre({"beta", {"c"}, "", "", 2}).ok());
    EXPECT_EQ(CallCentreCount(storage), 1u);
    {
      auto nested = storage.HoldReadSnapshot();
      EXPECT_EQ(CallCentreCount(storage), 1u);
    }
    // The nested hold ended, the outer one still holds.
    EXPECT_EQ(CallCentreCount(storage), 1u);
  }
  EXPECT_EQ(CallCentreCount(storage), 2u);
  // A second snapshot after the first starts from the newest commit.
  auto again = storage.HoldReadSnapshot();
  EXPECT_EQ(CallCentreCount(storage), 2u);
}

TEST(StorageSnapshotTest, OnTheWriterOtherWritersWaitUntilItEnds) {
  if (std::getenv("OPTIN_TEST_PG_URL_FILE") != nullptr) {
    GTEST_SKIP() << "a SQLite read transaction; PostgreSQL's HoldWriterReadSnapshot is a no-op";
  }
  optin::testing::TempDir dir;
  auto opened = SqliteStorage::Open((dir.path() / "optin.sqlite").string());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Storage& storage = **opened;
  ASSERT_TRUE(storage.Migrate().ok());
  ASSERT_TRUE(storage.PutCallCentre({"alpha", {"c"}, "", "", 1}).ok());
  std::this_thread::sleep_for(kQuiet);
  std::atomic<bool> written{false};
  std::thread writer;
  {
    auto snapshot = storage.HoldWriterReadSnapshot();
    EXPECT_EQ(CallCentreCount(storage), 1u);
    writer = std::thread([&] {
      EXPECT_TRUE(storage.PutCallCentre({"beta", {"c"}, "", "", 2}).ok());
      written = true;
    });
    // The other thread's write waits for the writer; the snapshot still reads as it began.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(written.load());
    {
      auto nested = storage.HoldReadSnapshot();  // shares the writer's read transaction
      EXPECT_EQ(CallCentreCount(storage), 1u);
    }
    EXPECT_EQ(CallCentreCount(storage), 1u);
  }
  writer.join();
  EXPECT_TRUE(written.load());
  EXPECT_EQ(CallCentreCount(storage), 2u);
  // This thread writes again once the guard ended (no transaction or lock left behind), and the
  // next writer snapshot starts from that commit.
  ASSERT_TRUE(storage.PutCallCentre({"gamma", {"c"}, "", "", 3}).ok());
  auto again = storage.HoldWriterReadSnapshot();
  EXPECT_EQ(CallCentreCount(storage), 3u);
}

TEST(StorageSnapshotTest, RightAfterAnotherThreadsWriteItReadsOnAPooledReader) {
  if (std::getenv("OPTIN_TEST_PG_URL_FILE") != nullptr) {
    GTEST_SKIP() << "a SQLite read transaction; PostgreSQL's HoldWriterReadSnapshot is a no-op";
  }
  optin::testing::TempDir dir;
  auto opened = SqliteStorage::Open((dir.path() / "optin.sqlite").string());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Storage& storage = **opened;
  ASSERT_TRUE(storage.Migrate().ok());
  // The intake's thread has just written: the batch leaves the writer to it.
  std::thread([&] { EXPECT_TRUE(storage.PutCallCentre({"alpha", {"c"}, "", "", 1}).ok()); }).join();
  auto snapshot = storage.HoldWriterReadSnapshot();
  EXPECT_EQ(CallCentreCount(storage), 1u);
  std::atomic<bool> written{false};
  std::thread writer([&] {
    EXPECT_TRUE(storage.PutCallCentre({"beta", {"c"}, "", "", 2}).ok());
    written = true;
  });
  writer.join();  // did not wait for the snapshot, which goes on reading as it began
  EXPECT_TRUE(written.load());
  EXPECT_EQ(CallCentreCount(storage), 1u);
}

TEST(StorageSnapshotTest, AWriteInsideTheWritersSnapshotStopsInsteadOfWaitingForItself) {
  if (std::getenv("OPTIN_TEST_PG_URL_FILE") != nullptr) {
    GTEST_SKIP() << "a SQLite read transaction; PostgreSQL's HoldWriterReadSnapshot is a no-op";
  }
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  optin::testing::TempDir dir;
  auto opened = SqliteStorage::Open((dir.path() / "optin.sqlite").string());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Storage& storage = **opened;
  ASSERT_TRUE(storage.Migrate().ok());
  std::this_thread::sleep_for(kQuiet);
  EXPECT_DEATH(
      {
        auto snapshot = storage.HoldWriterReadSnapshot();
        (void)storage.PutCallCentre({"alpha", {"c"}, "", "", 1});
      },
      "a write inside a HoldWriterReadSnapshot");
}

}  // namespace
}  // namespace optin::server
