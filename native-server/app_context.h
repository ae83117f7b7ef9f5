// Everything a request handler may use, built once at start (app.cc) and shared by all threads.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "campaign_registry.h"
#include "capture/crypto.h"
#include "device_key_rate.h"
#include "lead_processor.h"
#include "metrics.h"
#include "partner_registry.h"
#include "refusal_tally.h"
#include "sequencer.h"
#include "server_config.h"
#include "shared_state_refresher.h"
#include "storage.h"
#include "subject_vault.h"
#include "subtree_cache.h"

namespace optin::server {

// A background thread started with the server and stopped before the processor (issue 5: the
// verification mailer and the lead pusher).
class BackgroundWorker {
 public:
  virtual ~BackgroundWorker() = default;
  virtual void Stop() = 0;
};

struct AppContext {
  ServerConfig config;
  std::unique_ptr<Storage> storage;
  std::unique_ptr<capture::SigningKey> server_key;
  std::unique_ptr<SubjectVault> vault;
  CampaignRegistry campaigns;
  Metrics metrics;
  SubtreeCache subtrees;  // Merkle nodes for receipts and proofs, filled after each commit
  std::unique_ptr<Sequencer> sequencer;
  std::unique_ptr<LeadProcessor> processor;  // classifies committed records (issue 5)
  PartnerRegistry partners;                  // registered partners (issue 7)
  BlockList blocks;                          // blocked traffic sources, as committed
  std::unique_ptr<RefusalTally> refusals;    // refused envelopes, counted (after storage)
  std::string server_vkey;                   // C2SP verifier key of the checkpoint signer
  DeviceKeyRate device_keys;                 // records per device key a minute (issue 9)
  std::vector<std::unique_ptr<BackgroundWorker>> workers;  // issue 5: mailer, pusher
  std::atomic<bool> ready{false};
  // Issue 8: several instances on one PostgreSQL database refresh what they cache from it.
  std::unique_ptr<SharedStateRefresher> refresher;
};

}  // namespace optin::server
