// Load-test bodies for the verification server: N valid, unique consent envelopes for a campaign
// a running server published, built and signed with capture-core as the browser module does.
// One JSON per line (or a JSON array of BATCH envelopes per line), for bench/wrk_bodies.lua.
//   optin-bench-envelopes --server http://127.0.0.1:8080 --count 100000 [--batch 50]
//                         [--campaign fietsplezier-ebike-2026] [--captured-per-ms 25]
//                         > bodies.jsonl
// The envelopes are captured in file order, --captured-per-ms of them in each millisecond up to
// now, as opt-ins arriving at that rate would be. That order matters to the server: a record id is
// a UUIDv7, so the tables keyed by it grow at their end, as they do in production. With 0 every
// envelope is captured in the same millisecond (the files before 2026-12-05), which makes the
// ids random past their shared time prefix and writes each record into a random page of those
// tables.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench_submission.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/record.h"

namespace {

using capture::Json;

int Fail(const std::string& message) {
  std::cerr << "optin-bench-envelopes: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server = "http://127.0.0.1:8080";
  std::string campaign = "fietsplezier-ebike-2026";
  long count = 1000;
  long batch = 1;
  long captured_per_ms = 25;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--server") server = argv[i + 1];
    if (a == "--campaign") campaign = argv[i + 1];
    if (a == "--count") count = std::stol(argv[i + 1]);
    if (a == "--batch") batch = std::stol(argv[i + 1]);
    if (a == "--captured-per-ms") captured_per_ms = std::stol(argv[i + 1]);
  }
  if (!capture::InitCrypto().ok()) return Fail("libsodium did not start");
  httplib::Client http(server);
  auto keys = http.Get("/v1/keys");
  auto published = http.Get(("/v1/campaigns/" + campaign).c_str());
  if (!keys || !published || published->status != 200) return Fail("cannot read " + server);
  auto keys_json = capture::ParseJson(keys->body);
  auto campaign_json = capture::ParseJson(published->body);
  if (!keys_json.ok() || !campaign_json.ok()) return Fail("bad answer from the server");
  auto key =
      capture::PublicKey::FromBase64((*keys_json)["advertisers"][campaign].get<std::string>());
  if (!key.ok()) return Fail("no advertiser key for " + campaign);
  auto manifest = capture::VerifySignedManifest((*campaign_json)["signed_manifest"].dump(), *key);
  if (!manifest.ok()) return Fail(manifest.error().message);
  std::vector<capture::SigningKey> devices;
  for (int i = 0; i < 16; ++i) devices.push_back(*capture::SigningKey::Generate());
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string line;
  long in_line = 0;
  for (long n = 0; n < count; ++n) {
    auto submission = capture::ParseSubmission(optin::bench::Submission(n));
    capture::BuildOptions options;
    options.captured_at = captured_per_ms > 0 ? now - (count - 1 - n) / captured_per_ms : now;
    auto envelope = capture::BuildRecord(*manifest, *submission, devices[n % 16], options);
    if (!envelope.ok()) return Fail(envelope.error().message);
    const std::string text = capture::EnvelopeToJson(*envelope);
    if (batch <= 1) {
      std::cout << text << "\n";
      continue;
    }
    line += in_line == 0 ? "[" : ",";
    line += text;
    if (++in_line == batch) {
      std::cout << line << "]\n";
      line.clear();
      in_line = 0;
    }
  }
  if (in_line > 0) std::cout << line << "]\n";
  return 0;
}
