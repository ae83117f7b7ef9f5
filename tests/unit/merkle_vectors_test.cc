// The transparency-dev/merkle verification vectors (shared/vectors/merkle/testdata): every happy
// path must verify and every mutated case (wantErr) must be refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "capture/encoding.h"
#include "capture/ledger.h"
#include "test_support.h"

namespace capture {
namespace {

using nlohmann::json;

// The one vector our stricter rule refuses on purpose: equal sizes with equal 12-byte "roots".
// The Go library compares the byte strings; we refuse any hash that is not 32 bytes
// (proof_malformed), as the vectors' README notes for the project.
const std::set<std::string> kRefusedByStrictHashLength = {
    "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"};

std::optional<std::uint64_t> Uint(const json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}

std::optional<Bytes> B64(const json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  auto bytes = Base64Decode(it->get<std::string>());
  if (!bytes.ok()) return std::nullopt;
  return *bytes;
}

// "proof": null or a list of base64 strings (an empty string is an empty byte string).
std::optional<std::vector<Bytes>> ProofBytes(const json& doc) {
  auto it = doc.find("proof");
  if (it == doc.end()) return std::nullopt;
  std::vector<Bytes> out;
  if (it->is_null()) return out;
  if (!it->is_array()) return std::nullopt;
  for (const json& item : *it) {
    if (!item.is_string()) return std::nullopt;
    auto bytes = Base64Decode(item.get<std::string>());
    if (!bytes.ok()) return std::nullopt;
    out.push_back(*bytes);
  }
  return out;
}

// Runs one vector through the byte-level entry points, as the server and CLI would.
Status RunInclusion(const json& doc) {
  auto index = Uint(doc, "leafIdx");
  auto size = Uint(doc, "treeSize");
  auto root = B64(doc, "root");
  auto leaf = B64(doc, "leafHash");
  auto proof = ProofBytes(doc);
  if (!index || !size || !root || !leaf || !proof) {
    ADD_FAILURE() << "vector does not follow the schema";
    return MakeError(ErrorCode::kJsonInvalid);
  }
  CAPTURE_ASSIGN_OR_RETURN(Hash root_hash, HashFromBytes(*root));
  CAPTURE_ASSIGN_OR_RETURN(Hash leaf_hash, HashFromBytes(*leaf));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> path, ProofFromBytes(*proof));
  return VerifyInclusion(*index, *size, leaf_hash, path, root_hash);
}

Status RunConsistency(const json& doc) {
  auto size1 = Uint(doc, "size1");
  auto size2 = Uint(doc, "size2");
  auto root1 = B64(doc, "root1");
  auto root2 = B64(doc, "root2");
  auto proof = ProofBytes(doc);
  if (!size1 || !size2 || !root1 || !root2 || !proof) {
    ADD_FAILURE() << "vector does not follow the schema";
    return MakeError(ErrorCode::kJsonInvalid);
  }
  CAPTURE_ASSIGN_OR_RETURN(Hash hash1, HashFromBytes(*root1));
  CAPTURE_ASSIGN_OR_RETURN(Hash hash2, HashFromBytes(*root2));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> path, ProofFromBytes(*proof));
  return VerifyConsistency(*size1, *size2, path, hash1, hash2);
}

struct Tally {
  int files = 0;
  int passes = 0;
  int refusals = 0;
  std::set<std::string> strict_refusals;
};

void RunAll(const std::string& kind, Status (*run)(const json&), Tally& tally) {
  const auto root = testing::SharedVectorsDir() / "merkle" / "testdata";
  for (const auto& path : testing::FilesUnder(root / kind, ".json")) {
    const std::string name = path.lexically_relative(root).generic_string();
    SCOPED_TRACE(name);
    const json doc = json::parse(testing::ReadFile(path), nullptr, false);
    ASSERT_FALSE(doc.is_discarded());
    auto want_err = doc.find("wantErr");
    ASSERT_TRUE(want_err != doc.end() && want_err->is_boolean());
    ++tally.files;
    const Status status = run(doc);
    if (want_err->get<bool>()) {
      EXPECT_FALSE(status.ok()) << "a wantErr vector verified";
      ++tally.refusals;
    } else if (kRefusedByStrictHashLength.count(name) != 0) {
      EXPECT_TRUE(testing::HasErrorCode(status, ErrorCode::kProofMalformed));
      tally.strict_refusals.insert(name);
    } else {
      EXPECT_OK(status);
      ++tally.passes;
    }
  }
}

TEST(MerkleVectorsTest, EveryInclusionVectorBehavesAsTheReferenceLibrary) {
  Tally tally;
  RunAll("inclusion", &RunInclusion, tally);
  ASSERT_GT(tally.files, 50) << "inclusion vectors not found under " << testing::SharedVectorsDir();
  EXPECT_GE(tally.passes, 5);
  EXPECT_GT(tally.refusals, 50);
  EXPECT_TRUE(tally.strict_refusals.empty());
}

TEST(MerkleVectorsTest, EveryConsistencyVectorBehavesAsTheReferenceLibrary) {
  Tally tally;
  RunAll("consistency", &RunConsistency, tally);
  ASSERT_GT(tally.files, 50) << "consistency vectors not found under "
                             << testing::SharedVectorsDir();
  EXPECT_GE(tally.passes, 5);
  EXPECT_GT(tally.refusals, 50);
  // The documented deviation must still exist, or the exception list is stale.
  EXPECT_EQ(tally.strict_refusals, kRefusedByStrictHashLength);
}

TEST(MerkleVectorsTest, HashesThatAreNot32BytesAreMalformed) {
  EXPECT_ERROR_CODE(HashFromBytes(Bytes(31, 0)), ErrorCode::kProofMalformed);
  EXPECT_ERROR_CODE(HashFromBytes(Bytes(33, 0)), ErrorCode::kProofMalformed);
  EXPECT_ERROR_CODE(HashFromBytes(Bytes()), ErrorCode::kProofMalformed);
  EXPECT_OK(HashFromBytes(Bytes(32, 7)));
  EXPECT_ERROR_CODE(ProofFromBytes({Bytes(32, 1), Bytes(0)}), ErrorCode::kProofMalformed);
}

}  // namespace
}  // namespace capture
