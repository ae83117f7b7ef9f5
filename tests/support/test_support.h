// Helpers shared by the unit tests: reading vector files and matchers for Result values.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "capture/result.h"

namespace capture::testing {

std::filesystem::path SharedVectorsDir();  // ../shared/vectors (public vectors)
std::filesystem::path TestVectorsDir();    // tests/vectors (the project's own)
std::filesystem::path SourceDir();
std::string ReadFile(const std::filesystem::path& path);
// Every regular file under dir with the given extension, sorted.
std::vector<std::filesystem::path> FilesUnder(const std::filesystem::path& dir,
                                              const std::string& extension);

// EXPECT_OK(result) / EXPECT_ERROR_CODE(result, ErrorCode::kX) with the error shown on failure.
template <class R>
::testing::AssertionResult IsOk(const R& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "error " << result.error().wire() << " ("
                                       << result.error().field << "): " << result.error().message;
}
template <class R>
::testing::AssertionResult HasErrorCode(const R& result, ErrorCode code) {
  if (result.ok())
    return ::testing::AssertionFailure() << "expected " << WireName(code) << ", got ok";
  if (result.error().code == code) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected " << WireName(code) << ", got "
                                       << result.error().wire() << ": " << result.error().message;
}

}  // namespace capture::testing

#define EXPECT_OK(expr) EXPECT_TRUE(::capture::testing::IsOk(expr))
#define ASSERT_OK(expr) ASSERT_TRUE(::capture::testing::IsOk(expr))
#define EXPECT_ERROR_CODE(expr, code) EXPECT_TRUE(::capture::testing::HasErrorCode(expr, code))
#define ASSERT_ERROR_CODE(expr, code) ASSERT_TRUE(::capture::testing::HasErrorCode(expr, code))
