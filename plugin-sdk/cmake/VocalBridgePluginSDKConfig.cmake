# Package config for the VocalBridge plugin SDK (headers only).
# Provides the target vb::plugin_sdk and the helper vb_sdk_add_plugin().
include(${CMAKE_CURRENT_LIST_DIR}/VocalBridgePluginSDKTargets.cmake)

# vb_sdk_add_plugin(<target> <sources>...): a MODULE library with hidden
# visibility (only the VB_PLUGIN_ENTRY symbol exported), as the host expects.
function(vb_sdk_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE vb::plugin_sdk)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-gnu-unique>)
  endif()
endfunction()
