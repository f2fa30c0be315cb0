# Small build helpers shared by every layer (modelled on abseil's AbseilHelpers.cmake).

# One warnings list for all project code; generated code does not get it.
# Designated initializers that omit defaulted members are idiomatic C++20: allow them.
# -Werror holds in Debug builds (the dev and asan presets, which CI and deploy/test.sh use).
# Optimised builds keep every warning visible but do not fail on them: GCC 12 reports false
# positives inside libstdc++'s std::string and Boost.Graph when inlining at -O2/-O3
# (-Wmaybe-uninitialized, -Wstringop-overflow; GCC bugs 105562, 107138) and false -Wrestrict
# on string concatenation (GCC bug 105329), and a user's `deploy/demo.sh` must not break on,
# or drown in, a compiler's false alarms.
set(INTEGRA_WARNINGS -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
  $<$<CONFIG:Debug>:-Werror>
  $<$<NOT:$<CONFIG:Debug>>:-Wno-maybe-uninitialized> $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)

# integra_cc_library(NAME <name> SRCS ... DEPS ... [PUBLIC_DEPS ...])
function(integra_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${INTEGRA_WARNINGS})
  target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
endfunction()

# integra_cc_binary(NAME <name> SRCS ... DEPS ...)
function(integra_cc_binary)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${INTEGRA_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
endfunction()

# integra_cc_test(NAME <name> SRCS ... DEPS ... [LABELS ...] [TIMEOUT <seconds>]): a GoogleTest
# binary registered with CTest; LABELS (e.g. http) lets `ctest -L http` run one area; TIMEOUT
# overrides the preset's per-test timeout for tests that are slow by design (validation runs).
function(integra_cc_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${INTEGRA_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} integra_testing GTest::gmock GTest::gtest_main)
  set(properties ENVIRONMENT "INTEGRA_BIN_DIR=${PROJECT_BINARY_DIR}")
  if(ARG_LABELS)
    list(APPEND properties LABELS "${ARG_LABELS}")
  endif()
  if(ARG_TIMEOUT)
    list(APPEND properties TIMEOUT ${ARG_TIMEOUT})
  endif()
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
endfunction()
