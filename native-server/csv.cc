#include "csv.h"

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::SkipLine() {
  const std::size_t nl = text_.find('\n', pos_);
  pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
}

capture::Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  if (pos_ >= text_.size()) return false;
  ++record_;
  std::string field;
  for (;;) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      // Quoted field: up to the closing quote, doubled quotes stand for one.
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) {
          fields.clear();
          return MakeError(ErrorCode::kCsvInvalid, "a quoted field is not closed");
        }
        const char c = text_[pos_++];
        if (c != '"') {
          field += c;
        } else if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          break;
        }
      }
    } else {
      while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == ',' || c == '\n' ||
            (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
          break;
        }
        if (c == '"') {
          fields.clear();
          SkipLine();
          return MakeError(ErrorCode::kCsvInvalid,
                           "a quote inside an unquoted field (quote the whole field and double "
                           "the quote)");
        }
        field += c;
        ++pos_;
      }
    }
    fields.push_back(std::move(field));
    field.clear();
    if (pos_ >= text_.size()) return true;
    const char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      return true;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
      return true;
    }
    fields.clear();
    SkipLine();
    return MakeError(ErrorCode::kCsvInvalid, "text after the closing quote of a field");
  }
}

std::size_t CsvRecordEnd(std::string_view text, std::size_t from) {
  bool quoted = false;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == '\n' && !quoted) return i + 1;
  }
  return text.size();
}

bool CsvQuotesBalanced(std::string_view record) {
  std::size_t quotes = 0;
  for (char c : record) quotes += c == '"' ? 1 : 0;
  return quotes % 2 == 0;
}

std::string CsvField(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace optin::server
