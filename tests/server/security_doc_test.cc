// docs/security.md's route table cannot go stale: every route the server registers has exactly
// one row there, with its method, path and the token scopes its access rule lets through, and
// the table has no row for a route that does not exist.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "routes.h"

namespace optin::testing {
namespace {

using server::Access;

std::string Scopes(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kAdmin:
      return "admin";
    case Access::kAuditor:
      return "admin, auditor";
    case Access::kCallCentre:
      return "call_centre:<id>";
    case Access::kCustomerService:
      return "admin, customer_service";
    case Access::kPartner:
      return "partner:<id>";
    case Access::kReports:
      return "admin, auditor, partner:<id>";
  }
  return "?";
}

std::string Strip(std::string s) {
  std::string out;
  for (char c : s) {
    if (c != '`') out += c;
  }
  const auto begin = out.find_first_not_of(' ');
  const auto end = out.find_last_not_of(' ');
  return begin == std::string::npos ? std::string() : out.substr(begin, end - begin + 1);
}

// "| GET | `/v1/keys` | public | ... |" rows: "GET /v1/keys" -> scope column.
std::map<std::string, std::string> DocRows() {
  std::ifstream in(CAPTURE_SOURCE_DIR "/docs/security.md");
  std::map<std::string, std::string> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| GET |", 0) != 0 && line.rfind("| POST |", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream s(line.substr(1));
    std::string cell;
    while (std::getline(s, cell, '|')) cells.push_back(Strip(cell));
    if (cells.size() < 4) continue;
    const std::string key = cells[0] + " " + cells[1];
    EXPECT_EQ(rows.count(key), 0u) << key << " has two rows in docs/security.md";
    rows[key] = cells[2];
  }
  return rows;
}

TEST(SecurityDocTest, EveryRouteHasItsRowWithItsScopes) {
  std::map<std::string, std::string> rows = DocRows();
  ASSERT_FALSE(rows.empty()) << "docs/security.md has no route table";
  for (const auto& route : server::Routes()) {
    const std::string key = std::string(route.method) + " " + std::string(route.path);
    auto it = rows.find(key);
    if (it == rows.end()) {
      ADD_FAILURE() << key << " is served but has no row in docs/security.md's route table";
      continue;
    }
    EXPECT_EQ(it->second, Scopes(route.access)) << key << ": the scope column is wrong";
    rows.erase(it);
  }
  for (const auto& [key, scope] : rows) {
    ADD_FAILURE() << key << " has a row in docs/security.md but the server has no such route";
  }
}

}  // namespace
}  // namespace optin::testing
