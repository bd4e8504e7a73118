# Package config for the VocalBridge plugin SDK (headers only).
# Provides the target vb::plugin_sdk and the helper vb_sdk_add_plugin():
#
#   find_package(VocalBridgePluginSDK 1.0 REQUIRED)
#   vb_sdk_add_plugin(my_vendor my_vendor.cpp)   # → libmy_vendor.so
include(${CMAKE_CURRENT_LIST_DIR}/VocalBridgePluginSDKTargets.cmake)

# vb_sdk_add_plugin(<target> <sources>...): a MODULE library the host can load
# and unload: hidden visibility (only the VB_PLUGIN_ENTRY symbol is exported)
# and no STB_GNU_UNIQUE symbols (they would make the library unloadable, so a
# hot swap would keep running the old code). Unresolved symbols fail the link
# instead of the load.
function(vb_sdk_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE vb::plugin_sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-gnu-unique>)
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
