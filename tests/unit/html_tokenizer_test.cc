// The tolerant HTML tokenizer of the form QA: real-world and broken HTML, entities, line numbers,
// raw-text elements and the caps that bound work on hostile input.
#include "capture/html_tokenizer.h"

#include <gtest/gtest.h>

#include <string>

namespace capture {
namespace {

std::vector<HtmlToken> Tokens(std::string_view html) { return TokenizeHtml(html).tokens; }

TEST(HtmlTokenizerTest, ReadsTagsAttributesAndText) {
  auto t = Tokens("<P class=x>Hi <b>you</b></p>");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].kind, HtmlTokenKind::kStartTag);
  EXPECT_EQ(t[0].name, "p");
  EXPECT_EQ(t[0].Get("class"), "x");
  EXPECT_EQ(t[1].text, "Hi ");
  EXPECT_EQ(t[3].text, "you");
  EXPECT_EQ(t[4].kind, HtmlTokenKind::kEndTag);
  EXPECT_EQ(t[5].name, "p");
}

TEST(HtmlTokenizerTest, ReadsQuotedUnquotedAndBareAttributes) {
  auto t = Tokens(R"(<input TYPE=checkbox name='a b' value="x>y" checked disabled/>)");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].Get("type"), "checkbox");
  EXPECT_EQ(t[0].Get("name"), "a b");
  EXPECT_EQ(t[0].Get("value"), "x>y");
  EXPECT_TRUE(t[0].Has("checked"));
  EXPECT_TRUE(t[0].Has("disabled"));
  EXPECT_TRUE(t[0].self_closing);
}

TEST(HtmlTokenizerTest, FirstOfDuplicateAttributesWins) {
  auto t = Tokens("<a href=one href=two>");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].Get("href"), "one");
  EXPECT_EQ(t[0].attributes.size(), 1u);
}

TEST(HtmlTokenizerTest, DecodesEntitiesInTextAndAttributes) {
  auto t =
      Tokens("<a title=\"&quot;x&quot; &amp; y\">caf&eacute; &#39;n&#x27; &euro;5 &bogus; &</a>");
  ASSERT_GE(t.size(), 2u);
  EXPECT_EQ(t[0].Get("title"), "\"x\" & y");
  EXPECT_EQ(t[1].text,
            "caf\xC3\xA9 'n' \xE2\x82\xAC"
            "5 &bogus; &");
}

TEST(HtmlTokenizerTest, InvalidNumericReferencesBecomeReplacementCharacter) {
  EXPECT_EQ(DecodeHtmlEntities("&#0;&#xD800;&#x110000;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(DecodeHtmlEntities("&#;&#x;"), "&#;&#x;");
  EXPECT_EQ(DecodeHtmlEntities("a&amp b &nbsp;"), "a& b \xC2\xA0");
}

TEST(HtmlTokenizerTest, ScriptAndStyleContentIsRawUntilTheirEndTag) {
  auto t = Tokens("<script>if (a<b && '</p>') x();</SCRIPT ><style>p>b{}</style>");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[1].text, "if (a<b && '</p>') x();");
  EXPECT_EQ(t[2].kind, HtmlTokenKind::kEndTag);
  EXPECT_EQ(t[4].text, "p>b{}");
}

TEST(HtmlTokenizerTest, TextareaContentIsDecodedText) {
  auto t = Tokens("<textarea><b>&amp;</textarea>");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].text, "<b>&");
}

TEST(HtmlTokenizerTest, CommentsDoctypeAndBogusMarkup) {
  auto t = Tokens("<!DOCTYPE html><!-- a <b> --><?xml x?><!x>text");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].kind, HtmlTokenKind::kDoctype);
  EXPECT_EQ(t[1].kind, HtmlTokenKind::kComment);
  EXPECT_EQ(t[1].text, " a <b> ");
  EXPECT_EQ(t[2].kind, HtmlTokenKind::kComment);
  EXPECT_EQ(t[4].text, "text");
}

TEST(HtmlTokenizerTest, LoneAngleBracketsAreText) {
  auto t = Tokens("a < b <3 c</ d>");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].text, "a < b <3 c");
}

TEST(HtmlTokenizerTest, CountsLines) {
  auto t = Tokens("<html>\n<body>\n\n<input name=a\n type=text>\r\n<p>x</p>");
  ASSERT_GE(t.size(), 5u);
  EXPECT_EQ(t[0].line, 1u);
  EXPECT_EQ(t[2].line, 2u);
  EXPECT_EQ(t[4].name, "input");
  EXPECT_EQ(t[4].line, 4u);
}

TEST(HtmlTokenizerTest, UnterminatedConstructsEndAtTheInputEnd) {
  for (std::string_view html :
       {"<", "<a", "<a href=\"x", "<a href='", "<!--", "<!-- x", "<script>x", "</", "</a",
        "<input a=", "<!doctype", "&", "&#x", "<a/", "<a =b>"}) {
    auto r = TokenizeHtml(html);
    EXPECT_FALSE(r.truncated) << html;
  }
  auto t = Tokens("<p>ok<a href=\"unterminated>text");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[2].Get("href"), "unterminated>text");
}

TEST(HtmlTokenizerTest, CapsAttributesAndTokens) {
  std::string many = "<a";
  for (int i = 0; i < 500; ++i) many += " a" + std::to_string(i);
  many += ">";
  auto t = Tokens(many);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].attributes.size(), kMaxHtmlAttributes);

  std::string tags;
  for (std::size_t i = 0; i < kMaxHtmlTokens + 10; ++i) tags += "<b>";
  auto r = TokenizeHtml(tags);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.tokens.size(), kMaxHtmlTokens);
}

TEST(HtmlTokenizerTest, InputBeyondTheByteCapIsNotRead) {
  std::string big(kMaxHtmlBytes + 10, 'x');
  auto r = TokenizeHtml(big);
  EXPECT_TRUE(r.truncated);
  ASSERT_EQ(r.tokens.size(), 1u);
  EXPECT_EQ(r.tokens[0].text.size(), kMaxHtmlBytes);
}

TEST(HtmlTokenizerTest, VoidElements) {
  EXPECT_TRUE(IsVoidElement("input"));
  EXPECT_TRUE(IsVoidElement("br"));
  EXPECT_FALSE(IsVoidElement("label"));
}

}  // namespace
}  // namespace capture
