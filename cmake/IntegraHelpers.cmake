# Small build helpers shared by every layer (modelled on abseil's AbseilHelpers.cmake).

# One warnings list for all project code; generated code does not get it.
# Designated initializers that omit defaulted members are idiomatic C++20: allow them.
set(INTEGRA_WARNINGS -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
  # GCC 12 reports false -Wmaybe-uninitialized positives inside libstdc++'s std::string and
  # Boost.Graph when inlining at -O2/-O3 (GCC bugs 105562, 107138), and false -Wrestrict
  # positives for std::string concatenation with literals (GCC bug 105329); Debug builds keep
  # both checks.
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

# integra_cc_test(NAME <name> SRCS ... DEPS ...): a GoogleTest binary registered with CTest.
function(integra_cc_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${INTEGRA_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} integra_testing GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "INTEGRA_BIN_DIR=${PROJECT_BINARY_DIR}")
endfunction()
