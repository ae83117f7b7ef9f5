// Errors as values: the core never throws (it is built with -fno-exceptions for WebAssembly and in
// one native build), so every fallible call returns a Result<T> that must be looked at.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "capture/error_codes.h"

namespace capture {

struct Error {
  ErrorCode code;
  std::string field;    // the form field or JSON member concerned; empty if none
  std::string message;  // precise English message for logs, CLIs and developers

  [[nodiscard]] std::string_view wire() const { return WireName(code); }
};

// The message defaults to the table's English hint.
[[nodiscard]] Error MakeError(ErrorCode code, std::string message = {}, std::string field = {});

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Calling value() on an error or error() on a value is a programming error (checked by
  // std::get_if returning null, which UBSan and the tests catch); always test ok() first.
  const T& value() const& { return *std::get_if<0>(&v_); }
  T& value() & { return *std::get_if<0>(&v_); }
  T&& value() && { return std::move(*std::get_if<0>(&v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return *std::get_if<1>(&v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{};
  bool ok_ = true;
};

using Status = Result<void>;
[[nodiscard]] inline Status OkStatus() { return Status(); }

// A form-level check reports every field error, not only the first (R6).
struct ValidationReport {
  std::vector<Error> errors;
  [[nodiscard]] bool ok() const { return errors.empty(); }
};

}  // namespace capture

// Returns the error of a Status-returning expression from the enclosing function.
#define CAPTURE_RETURN_IF_ERROR(expr) \
  do {                                \
    auto capture_status_ = (expr);    \
    if (!capture_status_.ok()) {      \
      return capture_status_.error(); \
    }                                 \
  } while (false)

#define CAPTURE_CONCAT_INNER_(a, b) a##b
#define CAPTURE_CONCAT_(a, b) CAPTURE_CONCAT_INNER_(a, b)
// CAPTURE_ASSIGN_OR_RETURN(auto x, Foo()); declares x from the value or returns the error.
#define CAPTURE_ASSIGN_OR_RETURN(lhs, expr) \
  CAPTURE_ASSIGN_OR_RETURN_IMPL_(CAPTURE_CONCAT_(capture_result_, __LINE__), lhs, expr)
#define CAPTURE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.error();                   \
  lhs = std::move(tmp).value()
