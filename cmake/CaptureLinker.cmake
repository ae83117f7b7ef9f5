# The native trees link a few dozen executables against the server library (tests, fuzzers,
# benches, CLI); GNU ld spends about 2 s on each, LLVM's lld (installed with Emscripten) about
# 0.3 s, gold in between. The fastest one present is used; the output is the same program.
include(CheckLinkerFlag)
if(NOT EMSCRIPTEN)
  foreach(linker lld gold)
    check_linker_flag(CXX "-fuse-ld=${linker}" CAPTURE_HAS_LD_${linker})
    if(CAPTURE_HAS_LD_${linker})
      add_link_options("-fuse-ld=${linker}")
      break()
    endif()
  endforeach()
endif()
