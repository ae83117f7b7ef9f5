// The campaign-form QA corpus (tests/qa/): every page gives exactly the rules its expectation
// lists (manifest.* findings aside), and the report shapes and browser-fact rules behave.
#include "capture/form_qa.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "capture/json.h"
#include "test_support.h"

namespace capture {
namespace {

const std::filesystem::path kQaDir = std::filesystem::path(CAPTURE_SOURCE_DIR) / "tests/qa";

struct Corpus {
  std::string manifest;
  Json pages;
};

Corpus LoadCorpus() {
  auto expectations = ParseJson(testing::ReadFile(kQaDir / "expectations.json"));
  EXPECT_TRUE(expectations.ok());
  if (!expectations.ok()) return {};
  const std::string manifest_path = (*expectations)["manifest"].get<std::string>();
  return {testing::ReadFile(std::filesystem::path(CAPTURE_SOURCE_DIR) / manifest_path),
          (*expectations)["pages"]};
}

std::set<std::string> RulesOf(const QaReport& report, const std::string& severity_filter) {
  std::set<std::string> rules;
  for (const auto& f : report.findings) {
    if (f.rule.starts_with("manifest.")) continue;
    if ((severity_filter == "info") != (f.severity == "info")) continue;
    rules.insert(f.rule);
  }
  return rules;
}

TEST(FormQaTest, CorpusHasAtLeastTwentyPagesGoodAndBad) {
  const Corpus corpus = LoadCorpus();
  EXPECT_GE(corpus.pages.size(), 20u);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kQaDir / "pages")) {
    ++files;
    EXPECT_TRUE(corpus.pages.contains(entry.path().filename().string()))
        << entry.path() << " has no expectation";
  }
  EXPECT_EQ(files, corpus.pages.size());
}

TEST(FormQaTest, EveryCorpusPageGivesExactlyItsExpectedFindings) {
  const Corpus corpus = LoadCorpus();
  for (const auto& [name, expected] : corpus.pages.items()) {
    SCOPED_TRACE(name);
    const std::string html = testing::ReadFile(kQaDir / "pages" / name);
    auto report = RunFormQa(corpus.manifest, html);
    ASSERT_TRUE(report.ok()) << report.error().message;
    std::set<std::string> want;
    for (const auto& r : expected["rules"]) want.insert(r.get<std::string>());
    EXPECT_EQ(RulesOf(*report, "not info"), want);
    std::set<std::string> infos;
    if (expected.contains("infos")) {
      for (const auto& r : expected["infos"]) infos.insert(r.get<std::string>());
    }
    EXPECT_EQ(RulesOf(*report, "info"), infos);
    for (const auto& f : report->findings) {
      if (f.rule.starts_with("manifest.") || f.element == "html") continue;
      EXPECT_FALSE(f.element.empty()) << f.rule;
      EXPECT_FALSE(f.hint.empty()) << f.rule;
    }
  }
}

TEST(FormQaTest, GoodPagesPassAndBadPagesWithErrorsFail) {
  const Corpus corpus = LoadCorpus();
  for (const auto& [name, expected] : corpus.pages.items()) {
    auto report = RunFormQa(corpus.manifest, testing::ReadFile(kQaDir / "pages" / name));
    ASSERT_TRUE(report.ok());
    if (name.starts_with("good-")) {
      EXPECT_TRUE(report->Passed(true)) << name;
    } else {
      EXPECT_FALSE(report->Passed(true)) << name;  // every bad page at least warns
    }
  }
}

TEST(FormQaTest, ExampleCampaignDemoPageHasOnlyInfos) {
  const Corpus corpus = LoadCorpus();
  auto report = RunFormQa(
      corpus.manifest,
      testing::ReadFile(std::filesystem::path(CAPTURE_SOURCE_DIR) / "web-demo/index.html"));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->Count("error"), 0u);
  EXPECT_EQ(report->Count("warning"), 0u);
  std::set<std::string> infos = RulesOf(*report, "info");
  EXPECT_EQ(infos, (std::set<std::string>{"form_not_in_html"}));
}

TEST(FormQaTest, SignedAndBareManifestsGiveTheSameReport) {
  const Corpus corpus = LoadCorpus();
  const std::string html = testing::ReadFile(kQaDir / "pages/bad-prechecked.html");
  auto bare = RunFormQa(corpus.manifest, html);
  auto parsed = ParseJson(corpus.manifest);
  ASSERT_TRUE(parsed.ok());
  Json wrapped = {{"manifest", *parsed}, {"sig", "not checked by QA"}};
  auto signed_report = RunFormQa(wrapped.dump(), html);
  ASSERT_TRUE(bare.ok() && signed_report.ok());
  EXPECT_EQ(QaReportJson(*bare), QaReportJson(*signed_report));
}

TEST(FormQaTest, UnreadableManifestIsAnError) {
  EXPECT_FALSE(RunFormQa("{", "<p>").ok());
  EXPECT_FALSE(RunFormQa("{}", "<p>").ok());
}

TEST(FormQaTest, ReportJsonCountsAndText) {
  const Corpus corpus = LoadCorpus();
  auto report = RunFormQa(corpus.manifest,
                          testing::ReadFile(kQaDir / "pages/bad-hidden-checkbox-visibility.html"));
  ASSERT_TRUE(report.ok());
  Json json = QaReportJson(*report);
  EXPECT_EQ(json["campaign"], "fietsplezier-ebike-2026");
  EXPECT_EQ(json["passed"], false);
  EXPECT_EQ(json["counts"]["error"], 2);
  EXPECT_EQ(json["findings"][1]["line"], 22);
  const std::string text = QaReportText(*report);
  EXPECT_NE(text.find("error checkbox_hidden line 22"), std::string::npos) << text;
  EXPECT_NE(text.find("2 errors"), std::string::npos);
}

TEST(FormQaTest, BrowserFactsAddRenderedPageFindings) {
  const Corpus corpus = LoadCorpus();
  const std::string html = testing::ReadFile(kQaDir / "pages/good-basic.html");
  Json facts = {{"checkboxes",
                 {{{"element", "#c-telephone"},
                   {"checked_at_load", false},
                   {"checked_after_scripts", true},
                   {"visible", true}},
                  {{"element", "#c-newsletter"},
                   {"checked_at_load", false},
                   {"checked_after_scripts", false},
                   {"visible", false}}}},
                {"legal",
                 {{{"kind", "terms"},
                   {"element", "a"},
                   {"visible", true},
                   {"contrast", 2.1},
                   {"font_px", 10}},
                  {{"kind", "privacy"}, {"element", "a"}, {"visible", false}}}}};
  auto report = RunFormQa(corpus.manifest, html, facts);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->browser);
  EXPECT_EQ(RulesOf(*report, "not info"),
            (std::set<std::string>{"checkbox_checked_by_script", "checkbox_not_visible",
                                   "legal_text_low_contrast", "legal_text_small",
                                   "legal_text_not_visible"}));
  // The rendered DOM, when given, is what the page rules read.
  facts["html"] = testing::ReadFile(kQaDir / "pages/bad-prechecked.html");
  auto rendered = RunFormQa(corpus.manifest, html, facts);
  ASSERT_TRUE(rendered.ok());
  EXPECT_TRUE(RulesOf(*rendered, "not info").count("checkbox_prechecked"));
}

TEST(FormQaTest, MalformedBrowserFactsAreRefusedWithTheMember) {
  const Corpus corpus = LoadCorpus();
  Json facts = {{"checkboxes", {{{"visible", "yes"}}}}};
  auto report = RunFormQa(corpus.manifest, "<p>", facts);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kJsonWrongType);
  EXPECT_EQ(RunFormQa(corpus.manifest, "<p>", Json::array()).ok(), false);
  EXPECT_EQ(RunFormQa(corpus.manifest, "<p>", Json{{"legal", 3}}).ok(), false);
}

TEST(FormQaTest, HostileHtmlStaysBounded) {
  const Corpus corpus = LoadCorpus();
  std::string deep;
  for (int i = 0; i < 30000; ++i) deep += "<div hidden><label for=x>";
  deep += "<input type=checkbox name=consent:telephone checked>";
  auto report = RunFormQa(corpus.manifest, deep);
  ASSERT_TRUE(report.ok());
  const auto rules = RulesOf(*report, "not info");
  EXPECT_TRUE(rules.count("checkbox_prechecked"));
  EXPECT_TRUE(rules.count("checkbox_hidden"));
}

}  // namespace
}  // namespace capture
