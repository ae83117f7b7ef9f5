#include "log_verify.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "capture/checkpoint.h"
#include "capture/json.h"
#include "capture/ledger.h"

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

Result<std::string> Get(httplib::Client& http, const std::string& path) {
  auto res = http.Get(path.c_str());
  if (!res) {
    return MakeError(ErrorCode::kStorageUnavailable,
                     "GET " + path + ": " + httplib::to_string(res.error()));
  }
  if (res->status != 200) {
    return MakeError(ErrorCode::kStorageUnavailable,
                     "GET " + path + ": HTTP " + std::to_string(res->status) + " " + res->body);
  }
  return res->body;
}

Result<Json> GetJson(httplib::Client& http, const std::string& path) {
  CAPTURE_ASSIGN_OR_RETURN(std::string body, Get(http, path));
  capture::JsonLimits limits;
  limits.max_bytes = 64 << 20;
  return capture::ParseJson(body, limits);
}

Result<std::vector<capture::Hash>> ProofOf(const Json& json) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* list, capture::GetArray(json, "proof"));
  std::vector<capture::Bytes> raw;
  for (const auto& item : *list) {
    if (!item.is_string()) return MakeError(ErrorCode::kProofMalformed, "proof items are base64");
    CAPTURE_ASSIGN_OR_RETURN(capture::Bytes b, capture::Base64Decode(item.get<std::string>()));
    raw.push_back(std::move(b));
  }
  return capture::ProofFromBytes(raw);
}

struct State {
  std::string vkey;
  std::string checkpoint;
};

Result<std::optional<State>> LoadState(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<State>();
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  CAPTURE_ASSIGN_OR_RETURN(Json json, capture::ParseJson(text.str()));
  State s;
  CAPTURE_ASSIGN_OR_RETURN(s.vkey, capture::GetString(json, "vkey"));
  CAPTURE_ASSIGN_OR_RETURN(s.checkpoint, capture::GetString(json, "checkpoint"));
  return std::optional<State>(s);
}

capture::Status SaveState(const std::string& path, const State& s) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << Json{{"vkey", s.vkey}, {"checkpoint", s.checkpoint}}.dump(2) << "\n";
    if (!out) return MakeError(ErrorCode::kStorageUnavailable, "cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return MakeError(ErrorCode::kStorageUnavailable, "cannot write " + path);
  return capture::OkStatus();
}

}  // namespace

Result<LogVerifyReport> VerifyLogOverHttp(const LogVerifyOptions& options) {
  LogVerifyReport report;
  httplib::Client http(options.server);
  http.set_read_timeout(60, 0);
  CAPTURE_ASSIGN_OR_RETURN(auto state, LoadState(options.state_file));
  std::string vkey = options.vkey;
  if (vkey.empty() && state) vkey = state->vkey;
  if (vkey.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(Json keys, GetJson(http, "/v1/keys"));
    CAPTURE_ASSIGN_OR_RETURN(const Json* log, capture::GetObject(keys, "log"));
    CAPTURE_ASSIGN_OR_RETURN(vkey, capture::GetString(*log, "vkey", "log"));
    report.key_from_server = true;
  }
  if (state && state->vkey != vkey) {
    return MakeError(ErrorCode::kKeyInvalid, "the state file was made with another log key");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto key, capture::ParseVerifierKey(vkey));
  CAPTURE_ASSIGN_OR_RETURN(std::string note, Get(http, "/v1/log/checkpoint"));
  CAPTURE_ASSIGN_OR_RETURN(capture::Checkpoint cp,
                           capture::VerifyCheckpoint(note, key.first, key.second));
  std::optional<capture::Checkpoint> old;
  if (state) {
    CAPTURE_ASSIGN_OR_RETURN(
        old, capture::VerifyCheckpoint(state->checkpoint, key.first, key.second, cp.origin));
    if (old->size > cp.size) {
      return MakeError(ErrorCode::kProofInvalid, "the log shrank: it was " +
                                                     std::to_string(old->size) + " entries, now " +
                                                     std::to_string(cp.size));
    }
    report.previous_size = old->size;
  }

  // Every entry, in pages; the root is recomputed with O(log n) memory.
  capture::CompactRange range;
  std::optional<capture::Hash> root_at_old;
  if (old && old->size == 0) root_at_old = range.Root();
  while (range.size() < cp.size) {
    const std::string path =
        "/v1/log/entries?start=" + std::to_string(range.size()) + "&end=" + std::to_string(cp.size);
    CAPTURE_ASSIGN_OR_RETURN(Json page, GetJson(http, path));
    CAPTURE_ASSIGN_OR_RETURN(const Json* entries, capture::GetArray(page, "entries"));
    if (entries->empty()) return MakeError(ErrorCode::kProofInvalid, "the server sent no entries");
    for (const auto& e : *entries) {
      CAPTURE_ASSIGN_OR_RETURN(std::int64_t index, capture::GetInt(e, "index"));
      CAPTURE_ASSIGN_OR_RETURN(std::string b64, capture::GetString(e, "entry"));
      CAPTURE_ASSIGN_OR_RETURN(std::string type, capture::GetString(e, "type"));
      if (static_cast<std::uint64_t>(index) != range.size()) {
        return MakeError(ErrorCode::kProofInvalid,
                         "entries out of order at " + std::to_string(index));
      }
      CAPTURE_ASSIGN_OR_RETURN(capture::Bytes bytes, capture::Base64Decode(b64));
      // The entry must be canonical JSON of the type it claims.
      CAPTURE_ASSIGN_OR_RETURN(std::string canonical,
                               capture::Canonicalize(capture::AsChars(bytes)));
      CAPTURE_ASSIGN_OR_RETURN(Json parsed, capture::ParseJson(canonical));
      auto entry_type = capture::GetString(parsed, "type");
      if (canonical != capture::AsChars(bytes) || !entry_type.ok() || *entry_type != type) {
        return MakeError(ErrorCode::kProofInvalid,
                         "entry " + std::to_string(index) + " is not a canonical " + type);
      }
      report.consent_records += type == "consent_record";
      report.manifests += type == "manifest_published";
      range.Append(capture::LeafHash(bytes), nullptr);
      if (old && range.size() == old->size) root_at_old = range.Root();
      if (range.size() == cp.size) break;
    }
    if (options.progress) options.progress(range.size(), cp.size);
  }
  if (range.Root() != cp.root) {
    return MakeError(ErrorCode::kProofInvalid, "the entries do not hash to the checkpoint's root");
  }
  if (old) {
    if (!root_at_old || *root_at_old != old->root) {
      return MakeError(ErrorCode::kProofInvalid,
                       "the log was rewritten: the old checkpoint's root differs");
    }
    if (old->size > 0 && old->size < cp.size) {
      CAPTURE_ASSIGN_OR_RETURN(
          Json proof_json,
          GetJson(http, "/v1/log/proof/consistency?from=" + std::to_string(old->size) +
                            "&to=" + std::to_string(cp.size)));
      CAPTURE_ASSIGN_OR_RETURN(auto proof, ProofOf(proof_json));
      CAPTURE_RETURN_IF_ERROR(
          capture::VerifyConsistency(old->size, cp.size, proof, old->root, cp.root));
    }
  }
  CAPTURE_RETURN_IF_ERROR(SaveState(options.state_file, State{vkey, note}));
  report.size = cp.size;
  report.root_base64 = capture::Base64Encode(cp.root);
  return report;
}

}  // namespace optin::client
