// Lead processing benchmark (BENCHMARKS.md, "Lead processing"): classify and deliver N committed
// consent records against an N-row customer list, in process, with the server's own code and a
// real SQLite file (WAL, synchronous=FULL), and report records per second and the peak resident
// memory. Setup (not timed): the server's StartApp with the example campaign, two call centres,
// the customer list through AddCustomerKeys (the path of POST /v1/customers) and the records
// built and signed by the core (BuildRecord), verified and committed by the intake and the
// sequencer (PrepareEnvelope, CommitEnvelopes), exactly as POST /v1/consents does. Timed:
//   classify: LeadProcessor::ClassifyNext in batches of 512 until every record has a verdict;
//   deliver:  every queued lead handed out as the feed does (suppression check, the lead's JSON
//             with its consent text, policy and earlier contacts, serialised; MarkDelivered).
//   --together: both at once instead, classifying on one thread while this one hands out what
//             is queued (as the server's lead processor runs beside the feed requests), timed
//             until the last lead is handed out.
// Usage: optin-bench-processing [--records N] [--customers N] [--overlap PERCENT] [--dir DIR]
//                               [--together]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app.h"
#include "capture/record.h"
#include "consent_intake.h"
#include "lead_view.h"

namespace {

using capture::Json;
using optin::server::AppContext;
using Clock = std::chrono::steady_clock;

int Fail(const std::string& message) {
  std::cerr << "optin-bench-processing: " << message << "\n";
  return 1;
}

// The person n's phone as typed on the form and as the server normalises it.
std::string TypedPhone(long n) {
  char phone[32];
  std::snprintf(phone, sizeof phone, "06-1%07ld", n % 10000000);
  return phone;
}
std::string NormalisedPhone(long n) {
  char phone[32];
  std::snprintf(phone, sizeof phone, "+3161%07ld", n % 10000000);
  return phone;
}

Json SubmissionOf(long n) {
  return Json{{"fields",
               {{"given_name", "Anna"},
                {"family_name", "de Vries"},
                {"email", "anna." + std::to_string(n) + "@voorbeeld.nl"},
                {"phone", TypedPhone(n)},
                {"postcode", "1234 AB"},
                {"date_of_birth", "01-02-1990"},
                {"ebike_use", "Woon-werkverkeer"}}},
              {"consents", {{"participation", true}, {"telephone", true}, {"newsletter", false}}},
              {"source", "direct.web.home.default"},
              {"context", {{"legal_text_font_px", 16}, {"boxes_preticked", false}}}};
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

long CurrentRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// Bytes this process has passed to write(2)-like calls so far (/proc/self/io "wchar"): the WAL
// frames and checkpoints each phase writes, its write amplification.
long long WrittenBytes() {
  std::ifstream io("/proc/self/io");
  std::string line;
  while (std::getline(io, line)) {
    if (line.rfind("wchar:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

// CPU seconds of this thread (the one doing the timed work): what the work costs regardless of
// how many other processes share the cores.
double ThreadCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

capture::UnixMillis NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  long records = 100000;
  long customers = -1;
  long overlap = 30;  // percent of the records whose person is on the customer list
  std::string dir;
  bool together = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--together") {
      together = true;
      continue;
    }
    if (i + 1 == argc) return Fail("no value after " + a);
    const std::string value = argv[++i];
    if (a == "--records") {
      records = std::stol(value);
    } else if (a == "--customers") {
      customers = std::stol(value);
    } else if (a == "--overlap") {
      overlap = std::stol(value);
    } else if (a == "--dir") {
      dir = value;
    } else {
      return Fail("unknown option " + a);
    }
  }
  if (customers < 0) customers = records;
  if (dir.empty()) dir = std::filesystem::temp_directory_path() / "optin-bench-processing";
  std::filesystem::remove_all(dir);

  optin::server::ServerConfig config;
  config.data_dir = dir;
  config.dev = true;
  auto started = optin::server::StartApp(config);
  if (!started.ok()) return Fail(started.error().message);
  AppContext& ctx = **started;
  // The benchmark drives the processor itself, so only the timed phase classifies.
  ctx.processor->Stop();
  const std::string campaign = "fietsplezier-ebike-2026";
  for (const char* id : {"alpha", "beta"}) {
    if (!ctx.storage->PutCallCentre({id, {campaign}, "", "", NowMs()}).ok()) {
      return Fail("cannot add a call centre");
    }
  }

  // The customer list: persons [first, first + customers), so `overlap` percent of the records'
  // persons [0, records) are customers.
  const long first_customer = records - records * overlap / 100;
  auto setup = Clock::now();
  std::vector<optin::server::CustomerKeyRow> chunk;
  for (long c = 0; c < customers; ++c) {
    auto key = ctx.vault->MatchKey("phone", NormalisedPhone(first_customer + c));
    if (!key.ok()) return Fail(key.error().message);
    chunk.push_back({"phone", std::move(*key), "K-" + std::to_string(c)});
    if (chunk.size() == 10000 || c + 1 == customers) {
      if (!ctx.storage->AddCustomerKeys(chunk, NowMs()).ok()) return Fail("customer import");
      chunk.clear();
    }
  }
  const double customers_s = Seconds(setup);

  auto published = ctx.campaigns.Find(campaign, 1);
  if (!published.ok()) return Fail(published.error().message);
  const capture::Manifest& manifest = *published->manifest;
  std::vector<capture::SigningKey> devices;
  for (int i = 0; i < 16; ++i) devices.push_back(*capture::SigningKey::Generate());
  setup = Clock::now();
  // Two builder threads (the machine's cores) sign and verify envelopes as HTTP threads would;
  // the main thread queues each chunk for the sequencer.
  constexpr long kChunk = 1000;
  constexpr int kBuilders = 2;
  for (long n = 0; n < records;) {
    const auto now = NowMs();
    std::vector<std::vector<optin::server::PreparedEnvelope>> parts(kBuilders);
    std::vector<std::string> errors(kBuilders);
    std::vector<std::thread> builders;
    for (int b = 0; b < kBuilders; ++b) {
      const long from = n + b * kChunk;
      const long to = std::min(records, from + kChunk);
      builders.emplace_back([&, b, from, to] {
        for (long i = from; i < to; ++i) {
          auto submission = capture::ParseSubmission(SubmissionOf(i));
          if (!submission.ok()) {
            errors[b] = submission.error().message;
            return;
          }
          capture::BuildOptions options;
          options.captured_at = now;
          auto envelope = capture::BuildRecord(manifest, *submission, devices[i % 16], options);
          if (!envelope.ok()) {
            errors[b] = envelope.error().message;
            return;
          }
          parts[b].push_back(optin::server::PrepareEnvelope(
              ctx, capture::EnvelopeToJsonValue(*envelope), now, nullptr));
          if (parts[b].back().error) {
            errors[b] = parts[b].back().error->message;
            return;
          }
        }
      });
    }
    for (auto& t : builders) t.join();
    for (const auto& e : errors) {
      if (!e.empty()) return Fail(e);
    }
    n = std::min(records, n + kBuilders * kChunk);
    for (auto& prepared : parts) {
      for (;;) {
        auto answers = optin::server::CommitEnvelopes(ctx, prepared, now);
        if (answers.ok()) {
          for (const auto& a : *answers) {
            if (!a.ok()) return Fail(a.error().message);
          }
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // overloaded: it drains
      }
    }
  }
  const double records_s = Seconds(setup);
  const long setup_peak = PeakRssKb();
  const long before_kb = CurrentRssKb();

  // The leads handed out so far, page by page as GET /v1/feeds/leads does, both call centres
  // in turn; each call drains what is queued now.
  long delivered = 0;
  std::size_t bytes = 0;
  std::map<std::string, long> flows;
  std::map<std::string, std::uint64_t> cursors{{"alpha", 0}, {"beta", 0}};
  auto deliver_queued = [&]() -> capture::Result<long> {
    long handed = 0;
    for (auto& [cc, cursor] : cursors) {
      for (;;) {
        // As GET /v1/feeds/leads does, a page of 1,000 at a time.
        auto page = optin::server::HandOutLeads(ctx, cc, cursor, 1000, NowMs());
        if (!page.ok()) return page.error();
        if (page->queued == 0) break;
        cursor = page->next_cursor;
        for (const auto& lead : page->leads) {
          bytes += lead.size();  // the text GET /v1/feeds/leads sends
          // The lead's top-level "flow" member (no field of this campaign has that name).
          const std::size_t at = lead.find("\"flow\":\"");
          if (at == std::string::npos) {
            return capture::MakeError(capture::ErrorCode::kStorageUnavailable, "no flow: " + lead);
          }
          const std::size_t from = at + 8;
          ++flows[lead.substr(from, lead.find('"', from) - from)];
        }
        handed += static_cast<long>(page->leads.size());
      }
    }
    delivered += handed;
    return handed;
  };
  auto classify_all = [&]() -> capture::Result<long> {
    long classified = 0;
    for (;;) {
      auto done = ctx.processor->ClassifyNext(NowMs(), 512);
      if (!done.ok()) return done.error();
      if (*done == 0) return classified;
      classified += static_cast<long>(*done);
    }
  };

  long classified = 0;
  double classify_s = 0, classify_cpu = 0, deliver_s = 0, deliver_cpu = 0, together_s = 0;
  double classified_by_s = 0;
  long long classify_written = 0, deliver_written = 0, together_written = 0;
  long after_classify_kb = 0;
  if (!together) {
    // Timed: classify every record, then deliver every queued lead.
    auto t0 = Clock::now();
    double cpu0 = ThreadCpuSeconds();
    long long written0 = WrittenBytes();
    auto n = classify_all();
    if (!n.ok()) return Fail(n.error().message);
    classified = *n;
    classify_s = Seconds(t0);
    classify_cpu = ThreadCpuSeconds() - cpu0;
    classify_written = WrittenBytes() - written0;
    after_classify_kb = CurrentRssKb();

    t0 = Clock::now();
    cpu0 = ThreadCpuSeconds();
    written0 = WrittenBytes();
    auto handed = deliver_queued();
    if (!handed.ok()) return Fail(handed.error().message);
    deliver_s = Seconds(t0);
    deliver_cpu = ThreadCpuSeconds() - cpu0;
    deliver_written = WrittenBytes() - written0;
  } else {
    // Timed: as the server runs them, the lead processor classifying on its thread while the
    // call centres fetch their feeds (here this thread), until the last lead is handed out.
    const auto t0 = Clock::now();
    const long long written0 = WrittenBytes();
    std::atomic<bool> classifying_done{false};
    std::string classify_error;
    std::thread classifier([&] {
      const double cpu0 = ThreadCpuSeconds();
      auto n = classify_all();
      if (n.ok()) {
        classified = *n;
      } else {
        classify_error = n.error().message;
      }
      classify_cpu = ThreadCpuSeconds() - cpu0;
      classified_by_s = Seconds(t0);
      classifying_done = true;
    });
    const double cpu0 = ThreadCpuSeconds();
    for (;;) {
      // Read before the pass: a pass that starts after classifying ended and finds nothing
      // queued has seen every lead.
      const bool was_done = classifying_done;
      auto handed = deliver_queued();
      if (!handed.ok()) {
        classifier.join();
        return Fail(handed.error().message);
      }
      if (was_done && *handed == 0) break;
      if (*handed == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    deliver_cpu = ThreadCpuSeconds() - cpu0;
    classifier.join();
    if (!classify_error.empty()) return Fail(classify_error);
    together_s = Seconds(t0);
    together_written = WrittenBytes() - written0;
  }
  const long peak_kb = PeakRssKb();

  double load[3] = {0, 0, 0};
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
    std::fclose(f);
  }
  std::error_code ec;
  const auto db_bytes = std::filesystem::file_size(std::filesystem::path(dir) / "optin.sqlite", ec);
  std::printf("records %ld, customer rows %ld (%ld%% of the records' persons are customers)\n",
              records, customers, overlap);
  std::printf("setup (not timed): customer list %.1f s, records built+verified+committed %.1f s\n",
              customers_s, records_s);
  if (!together) {
    std::printf(
        "classify: %ld records in %.2f s = %.0f records/s (CPU %.2f s = %.0f records/CPU-s)\n",
        classified, classify_s, classified / classify_s, classify_cpu, classified / classify_cpu);
    std::printf(
        "deliver:  %ld leads in %.2f s = %.0f leads/s (CPU %.2f s = %.0f leads/CPU-s; %zu "
        "bytes of lead JSON)",
        delivered, deliver_s, delivered / deliver_s, deliver_cpu, delivered / deliver_cpu, bytes);
    for (const auto& [flow, n] : flows) std::printf(", %s %ld", flow.c_str(), n);
    std::printf(
        "\nwritten to the database files: classify %.1f MB (%.1f kB per record), deliver %.1f "
        "MB (%.1f kB per lead)",
        classify_written / 1e6, classify_written / 1e3 / std::max(1L, classified),
        deliver_written / 1e6, deliver_written / 1e3 / std::max(1L, delivered));
    std::printf("\nclassify + deliver: %.0f records/s (%.0f records/CPU-s)\n",
                records / (classify_s + deliver_s), records / (classify_cpu + deliver_cpu));
  } else {
    std::printf(
        "classify and deliver together (two threads): %ld records classified and %ld leads "
        "delivered in %.2f s = %.0f records/s; classifying ended at %.2f s; CPU classifying "
        "%.2f s, delivering %.2f s; %zu bytes of lead JSON",
        classified, delivered, together_s, records / together_s, classified_by_s, classify_cpu,
        deliver_cpu, bytes);
    for (const auto& [flow, n] : flows) std::printf(", %s %ld", flow.c_str(), n);
    std::printf("\nwritten to the database files: %.1f MB (%.1f kB per record)\n",
                together_written / 1e6, together_written / 1e3 / std::max(1L, records));
    after_classify_kb = CurrentRssKb();
  }
  std::printf(
      "memory: peak RSS %.1f MB (setup peak %.1f MB; RSS %.1f MB before classifying, "
      "%.1f MB after)\n",
      peak_kb / 1024.0, setup_peak / 1024.0, before_kb / 1024.0, after_classify_kb / 1024.0);
  std::printf("database %.1f MB; load average at the end %.2f %.2f %.2f\n", db_bytes / 1e6, load[0],
              load[1], load[2]);
  optin::server::StopApp(ctx);
  std::filesystem::remove_all(dir);
  return 0;
}
