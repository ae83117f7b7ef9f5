# The server's connection threads allocate and free many small objects per request (JSON trees,
# strings, the receipt); with glibc's malloc that was about a quarter of their CPU samples
# (BENCHMARKS.md, 2026-12-03 afternoon). Debian's jemalloc (libjemalloc-dev) takes it: per-thread
# caches, no arena consolidation on the request path. The sanitizer tree keeps the sanitizers'
# own allocator, and a machine without jemalloc builds the same program on glibc's.
if(NOT EMSCRIPTEN AND NOT CAPTURE_SANITIZE)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(JEMALLOC IMPORTED_TARGET jemalloc)
endif()

function(capture_link_fast_allocator target)
  if(JEMALLOC_FOUND AND NOT CAPTURE_SANITIZE AND NOT EMSCRIPTEN)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()
