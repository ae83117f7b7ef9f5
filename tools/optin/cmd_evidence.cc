// optin evidence verify: checks an evidence bundle offline with only the log's verifier key and
// the advertiser's public key, and says what each passed check proves.
#if __has_include("evidence_verify.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "evidence_verify.h"
#include "key_file.h"

namespace optin {
namespace {

// A verifier key given directly or as a file holding one.
capture::Result<std::string> ServerKey(const std::string& text_or_path) {
  if (text_or_path.find('+') != std::string::npos) return text_or_path;
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadInput(text_or_path));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

capture::Json Verification(const client::EvidenceReport& report) {
  if (report.verification_method.empty()) return capture::Json();
  return {{"method", report.verification_method},
          {"how", report.verified_how},
          {"by", report.verified_by},
          {"at", report.verified_at}};
}

capture::Json Relay(const client::EvidenceReport& report) {
  if (report.relayed_by.empty()) return capture::Json();
  return {{"partner", report.relayed_by},
          {"name", report.relayed_by_name},
          {"relayed_at", report.relayed_at},
          {"batch_records", report.relay_batch_records}};
}

int Verify(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("evidence verify", "expects BUNDLE");
  auto server_key = args.Option("server-key");
  auto advertiser_key = args.Option("advertiser-key");
  if (!server_key || !advertiser_key) {
    return UsageError("evidence verify", "--server-key VKEY and --advertiser-key KEY are required");
  }
  auto vkey = ServerKey(*server_key);
  if (!vkey.ok()) return ReportError(args, vkey.error(), kExitUsage);
  auto advertiser = LoadPublicKey(*advertiser_key);
  if (!advertiser.ok()) return ReportError(args, advertiser.error(), kExitUsage);
  auto bundle = ReadInput(args.positionals()[0]);
  if (!bundle.ok()) return ReportError(args, bundle.error(), kExitIo);
  auto report = client::VerifyEvidenceBundle(*bundle, *vkey, *advertiser);
  if (!report.ok()) return ReportError(args, report.error());
  if (args.json()) {
    capture::Json checks = capture::Json::array();
    for (const auto& c : report->checks)
      checks.push_back({{"check", c.name}, {"proves", c.proves}});
    std::cout << capture::Json{{"ok", true},
                               {"record_id", report->record_id},
                               {"campaign", report->campaign},
                               {"version", report->version},
                               {"server_time", report->server_time},
                               {"leaf_index", report->leaf_index},
                               {"tree_size", report->tree_size},
                               {"erased", report->erased},
                               {"relay", Relay(*report)},
                               {"verification", Verification(*report)},
                               {"checks", checks}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << "evidence for record " << report->record_id << " (campaign " << report->campaign
            << " v" << report->version << ", received " << report->server_time << ", leaf "
            << report->leaf_index << " of " << report->tree_size << "): VERIFIED\n";
  if (!report->relayed_by.empty()) {
    std::cout << "relayed by partner " << report->relayed_by << " (" << report->relayed_by_name
              << ") at " << report->relayed_at << ", countersigned in a batch of "
              << report->relay_batch_records << " records\n";
  }
  if (!report->verification_method.empty()) {
    std::cout << "number verified before calling (" << report->verification_method << ", by "
              << report->verified_how << ") at " << report->verified_at << " by "
              << report->verified_by << "\n";
  }
  for (const auto& c : report->checks) std::cout << "  ok  " << c.name << ": " << c.proves << "\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("evidence verify",
              "Verify an evidence bundle offline with the log's and the advertiser's public keys.",
              "BUNDLE --server-key VKEY|FILE --advertiser-key KEY [--json]", Verify);

}  // namespace optin
#endif
