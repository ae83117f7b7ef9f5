# Dependencies, all from Debian packages (installed by tools/setup.sh). The WebAssembly build
# gets libsodium from tools/build-wasm-sodium.sh and nlohmann_json from a folder holding only
# nlohmann/ (never -I/usr/include under Emscripten: glibc headers break its sysroot).
if(EMSCRIPTEN)
  # The module's optimisation level, for the core and the boundary alike (see BENCHMARKS.md).
  set(CAPTURE_WASM_OPT "-Oz;-flto" CACHE STRING "Optimisation flags of the WebAssembly build")
  # Two builds of libsodium (tools/build-wasm-sodium.sh): with WebAssembly SIMD for the module
  # engines with SIMD load, without for the fallback module. The core only needs the headers
  # (the same in both); each module links the archive of its variant (wasm/CMakeLists.txt).
  set(CAPTURE_SODIUM_WASM_PREFIX "${PROJECT_SOURCE_DIR}/build/_deps/sodium-wasm" CACHE PATH
      "libsodium built for WebAssembly")
  set(CAPTURE_SODIUM_WASM_SIMD_PREFIX "${CAPTURE_SODIUM_WASM_PREFIX}-simd" CACHE PATH
      "libsodium built for WebAssembly with SIMD")
  foreach(prefix "${CAPTURE_SODIUM_WASM_PREFIX}" "${CAPTURE_SODIUM_WASM_SIMD_PREFIX}")
    if(NOT EXISTS "${prefix}/lib/libsodium.a")
      message(FATAL_ERROR "No WebAssembly libsodium at ${prefix}; run tools/setup.sh")
    endif()
  endforeach()
  add_library(capture_sodium INTERFACE)
  target_include_directories(capture_sodium INTERFACE "${CAPTURE_SODIUM_WASM_PREFIX}/include")
  add_library(capture_sodium_wasm STATIC IMPORTED GLOBAL)
  set_target_properties(capture_sodium_wasm PROPERTIES
    IMPORTED_LOCATION "${CAPTURE_SODIUM_WASM_PREFIX}/lib/libsodium.a")
  add_library(capture_sodium_wasm_simd STATIC IMPORTED GLOBAL)
  set_target_properties(capture_sodium_wasm_simd PROPERTIES
    IMPORTED_LOCATION "${CAPTURE_SODIUM_WASM_SIMD_PREFIX}/lib/libsodium.a")
  set(capture_json_dir "${CMAKE_BINARY_DIR}/json-include")
  file(MAKE_DIRECTORY "${capture_json_dir}")
  if(NOT EXISTS "${capture_json_dir}/nlohmann")
    file(CREATE_LINK /usr/include/nlohmann "${capture_json_dir}/nlohmann" SYMBOLIC)
  endif()
  add_library(capture_json INTERFACE)
  target_include_directories(capture_json SYSTEM INTERFACE "${capture_json_dir}")
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
  add_library(capture_sodium INTERFACE)
  target_link_libraries(capture_sodium INTERFACE PkgConfig::SODIUM)
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(capture_json INTERFACE)
  target_link_libraries(capture_json INTERFACE nlohmann_json::nlohmann_json)
endif()
# nlohmann never throws anywhere in the project (it aborts instead), so the core can be built with
# -fno-exceptions without two meanings of the same inline function.
target_compile_definitions(capture_json INTERFACE JSON_NOEXCEPTION=1)
