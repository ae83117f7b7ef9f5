# The WebAssembly tree (Emscripten) and the clang sanitizer/fuzzer tree, built from the same
# sources as sub-builds of the native tree.
include(ExternalProject)

set(CAPTURE_EMSCRIPTEN_TOOLCHAIN "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake"
    CACHE FILEPATH "Emscripten's CMake toolchain file")
if(EXISTS "${CAPTURE_EMSCRIPTEN_TOOLCHAIN}")
  # emcc's node tools need Debian's node modules (acorn) on NODE_PATH.
  set(env ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  ExternalProject_Add(wasm_tree
    SOURCE_DIR "${PROJECT_SOURCE_DIR}"
    BINARY_DIR "${CMAKE_BINARY_DIR}/wasm-tree"
    CONFIGURE_COMMAND ${env} ${CMAKE_COMMAND} -S <SOURCE_DIR> -B <BINARY_DIR>
      -DCMAKE_TOOLCHAIN_FILE=${CAPTURE_EMSCRIPTEN_TOOLCHAIN} -DCMAKE_BUILD_TYPE=MinSizeRel
      -DCAPTURE_WERROR=${CAPTURE_WERROR} -DCAPTURE_SUBTREES=OFF
      -DCAPTURE_SODIUM_WASM_PREFIX=${PROJECT_SOURCE_DIR}/build/_deps/sodium-wasm
      -DCAPTURE_WASM_OUT=${CMAKE_BINARY_DIR}/wasm
    BUILD_COMMAND ${env} ${CMAKE_COMMAND} --build <BINARY_DIR>
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD ON)
else()
  message(WARNING "Emscripten not found: the WebAssembly tree is not built (run tools/setup.sh)")
endif()

find_program(CAPTURE_CLANGXX clang++)
if(CAPTURE_CLANGXX)
  ExternalProject_Add(sanitize_tree
    SOURCE_DIR "${PROJECT_SOURCE_DIR}"
    BINARY_DIR "${CMAKE_BINARY_DIR}/sanitize-tree"
    CMAKE_ARGS -DCMAKE_CXX_COMPILER=${CAPTURE_CLANGXX} -DCMAKE_C_COMPILER=clang
      -DCMAKE_BUILD_TYPE=Debug -DCAPTURE_SANITIZE=ON -DCAPTURE_FUZZ=ON -DCAPTURE_SUBTREES=OFF
      -DCAPTURE_WERROR=${CAPTURE_WERROR} -DCAPTURE_SHARED_DIR=${CAPTURE_SHARED_DIR}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD ON)
endif()
