#include "test_support.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace capture::testing {

std::filesystem::path SharedVectorsDir() {
  // CI lays shared/ beside the clone; OPTIN_SHARED_DIR overrides for other layouts.
  if (const char* env = std::getenv("OPTIN_SHARED_DIR")) {
    return std::filesystem::path(env) / "vectors";
  }
  return CAPTURE_SHARED_VECTORS_DIR;
}

std::filesystem::path TestVectorsDir() { return CAPTURE_TEST_VECTORS_DIR; }

std::filesystem::path SourceDir() { return CAPTURE_SOURCE_DIR; }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::filesystem::path> FilesUnder(const std::filesystem::path& dir,
                                              const std::string& extension) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace capture::testing
